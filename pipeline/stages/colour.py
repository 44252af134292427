"""Colour and legibility: WCAG contrast, the gradient the rasteriser paints, and text made legible on what is
behind it (ink chosen, a plate added when no ink works). Pure."""

from __future__ import annotations

import math

from pipeline.model.plan import Box, GradientLayer, Layer, ShapeLayer, TextLayer

def _rgb(hex_color: str) -> tuple[int, int, int]:
    h = hex_color.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{max(0, min(255, round(c))):02X}" for c in rgb)


def _luminance(hex_color: str) -> float:
    def lin(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (lin(c) for c in _rgb(hex_color))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _mix(a: str, b: str, t: float) -> str:
    ra, rb = _rgb(a), _rgb(b)
    return _hex(tuple(x + (y - x) * t for x, y in zip(ra, rb)))


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two colours (1 to 21)."""
    la, lb = sorted((_luminance(a[:7]), _luminance(b[:7])), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _ink_on(bg: str) -> str:
    """Near-black or white text, whichever contrasts more with bg (WCAG, not a luminance threshold)."""
    return "#111111" if contrast("#111111", bg) >= contrast("#FFFFFF", bg) else "#FFFFFF"


def _blend(top: str, under: str, alpha: float) -> str:
    return _mix(under, top[:7], alpha)


def gradient_color(layer: GradientLayer, x: float, y: float) -> str:
    """The colour the rasteriser paints at (x, y) in 0..1 frame coordinates (same formula, spot included)."""
    ang = math.radians(layer.angle_deg)
    ts = [(cx - 0.5) * math.cos(ang) + (cy - 0.5) * math.sin(ang) for cx in (0, 1) for cy in (0, 1)]
    t = ((x - 0.5) * math.cos(ang) + (y - 0.5) * math.sin(ang) - min(ts)) / max(max(ts) - min(ts), 1e-6)
    base = _mix(layer.colors[0], layer.colors[1], t)
    spot = math.exp(-(((x - 0.3) ** 2) + ((y - 0.25) ** 2)) / 0.08) * 28
    return _hex(tuple(c + spot for c in _rgb(base)))


LARGE_TEXT_PX = 48     # per 1080 px of the short side: WCAG's large text, 3:1 is enough


def _backgrounds(box: Box, layers: list[Layer], W: int, H: int) -> list[str]:
    """Colours behind a box on a typographic card: the gradient at 9 points, with translucent shapes over it."""
    grad = next((l for l in layers if isinstance(l, GradientLayer)), None)
    out = []
    x0, y0, x1, y1 = box
    for fx in (0.0, 0.5, 1.0):
        for fy in (0.0, 0.5, 1.0):
            x, y = x0 + (x1 - x0) * fx, y0 + (y1 - y0) * fy
            c = gradient_color(grad, x / W, y / H) if grad else "#000000"
            for sh in (l for l in layers if isinstance(l, ShapeLayer)):
                bx0, by0, bx1, by1 = sh.box
                if bx0 <= x <= bx1 and by0 <= y <= by1:
                    alpha = int(sh.color[7:9], 16) / 255 if len(sh.color) > 7 else 1.0
                    c = _blend(sh.color, c, alpha)
            out.append(c)
    return out


def needed_contrast(font_px: int, short_side: int, normal: float = 4.5) -> float:
    """WCAG: 4.5:1 (AAA 7:1) for text, 3:1 (AAA 4.5:1) for large text (>= 48 px per 1080 px here)."""
    if font_px >= LARGE_TEXT_PX * short_side / 1080:
        return 3.0 if normal <= 4.5 else 4.5
    return normal


def make_legible(text: TextLayer, behind: list[str], short_side: int, normal: float = 4.5) -> TextLayer:
    """Text colour, and a plate if needed, so the text reaches WCAG 4.5:1 (3:1 when large; higher when the
    style asks) on every colour behind it. Unknown backgrounds (a photo) are passed as black and white: then
    only a plate can do it."""
    need = needed_contrast(text.font_px, short_side, normal)
    if text.background:                      # a plate: what shows is the plate over whatever is behind
        alpha = int(text.background[7:9], 16) / 255 if len(text.background) > 7 else 1.0
        behind = [_blend(text.background, b, alpha) for b in behind]
    worst = lambda ink: min(contrast(ink, b) for b in behind)  # noqa: E731
    ink = max((text.color, "#111111", "#FFFFFF"), key=worst)
    if worst(ink) >= need:
        return text.model_copy(update={"color": ink, "min_contrast": round(worst(ink), 2)})
    # no ink works on every colour: a plate (dark under white ink, light under dark ink), as opaque as needed
    for ink, plate in (("#FFFFFF", "#000000"), ("#111111", "#FFFFFF")):
        for alpha in (0xB3, 0xD9, 0xF2):
            shown = [_blend(plate, b, alpha / 255) for b in behind]
            c = min(contrast(ink, b) for b in shown)
            if c >= need:
                return text.model_copy(update={"color": ink, "background": f"{plate}{alpha:02X}",
                                               "min_contrast": round(c, 2), "box": _plate_box(text)})
    return text.model_copy(update={"color": "#FFFFFF", "background": "#000000F2", "box": _plate_box(text),
                                   "min_contrast": round(min(contrast("#FFFFFF", _blend("#000000F2", b, 0.95))
                                                             for b in behind), 2)})


def _plate_box(text: TextLayer) -> Box:
    """A plate added to text laid out without one grows the box by the plate's padding on every side, so the
    text stays where it was and stays inside its box."""
    if text.background:
        return text.box
    pad = int(text.font_px * 0.35)
    x0, y0, x1, y1 = text.box
    return (x0 - pad, y0 - pad, x1 + pad, y1 + pad)
