"""Planning: script + measured narration + profile -> a Plan in integer frames. Pure: no I/O, no clock.

Layout for every aspect ratio is decided here; the renderer only draws what the plan says.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from pipeline.media.fonts import text_width
from pipeline.media.linebreak import break_lines, join
from pipeline.model.brief import Brief
from pipeline.model.narration import Narration
from pipeline.model.plan import (AudioMix, Box, CaptionStyle, Entrance, GradientLayer, ImageLayer, KenBurns,
                                 LabelEvent, Layer, Plan, ProgressBar, Scene, ShapeLayer, TextLayer, Transition,
                                 frames)
from pipeline.model.platform import Profile, loudness_spec
from pipeline.model.narration import SentenceTiming
from pipeline.model.script import Script, ScriptScene
from pipeline.model.style import Style, choose_style
from pipeline.stages import motion, photos
from pipeline.stages.captions import LINES_PER_PAGE, layout_captions
from pipeline.stages.narration import split_words
from pipeline.stages.scripting import LEAD_IN_S, MAX_TAIL_S, TAIL_S

DEFAULT_PRIMARY = "#1F2A44"
DEFAULT_ACCENT = "#F2C14E"
LABEL_S = 3.0                  # explicit AI label on the opening frames (>= 2 s required)
LABEL_TEXT_RATIO = 0.075       # font size / shorter side; glyphs then stand >= 5% tall
TRANSITIONS = {
    "high": ["smoothleft", "smoothup", "slideleft", "circleopen", "wipeleft"],
    "medium": ["fade", "smoothleft", "dissolve", "wipeup"],
    "calm": ["fade", "dissolve", "fadeblack"],
}
MUSIC = {"high": ("upbeat", 118), "medium": ("bright", 100), "calm": ("warm", 80)}


@dataclass(frozen=True)
class PlanInputs:
    """What planning needs beyond script and narration: resolved image paths and labels."""

    images: tuple[str, ...]
    logo: str | None
    ai_label: str
    image_sizes: tuple[tuple[int, int], ...] = ()
    salient: tuple[tuple[tuple[float, float], ...], ...] = ()   # per image: centres of its detailed regions
    roles: tuple[str, ...] = ()   # per image: hero | detail | in-use (given in the brief or guessed from it)


# ---------- colour helpers ----------

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


# ---------- text fitting ----------

def wrap_to_width(text: str, lang: str, px: int, max_w: float) -> list[str]:
    """Break text into balanced lines no wider than max_w, at word (zh: jieba word) boundaries."""
    lines: list[str] = []
    for para in text.split("\n"):
        words = split_words(para, lang) if lang != "en" else para.split()
        lines += [join([words[i] for i in idx], lang) for idx in break_lines(words, lang, px, max_w)]
    return lines or [""]


def fit_text(text: str, lang: str, box_w: float, box_h: float, px_max: int, px_min: int,
             max_lines: int = 3) -> tuple[str, int]:
    """Largest font size (and wrapped text) at which text fits the box in at most max_lines."""
    px = px_max
    while True:
        lines = wrap_to_width(text, lang, px, box_w)
        height = len(lines) * px * 1.25
        widest = max(text_width(line, px) for line in lines)
        if (len(lines) <= max_lines and height <= box_h and widest <= box_w) or px <= px_min:
            return "\n".join(lines), px
        px = max(px_min, int(px * 0.9))


def _text_block(text: str, lang: str, box: Box, px_max: int, px_min: int, color: str, *, max_lines: int = 3,
                background: str | None = None, align: str = "center") -> TextLayer:
    x0, y0, x1, y1 = box
    pad = int(px_max * 0.35) if background else 0
    wrapped, px = fit_text(text, lang, (x1 - x0) - 2 * pad, (y1 - y0) - 2 * pad, px_max, px_min, max_lines)
    n = wrapped.count("\n") + 1
    h = int(n * px * 1.25) + 2 * pad
    w = int(max(text_width(line, px) for line in wrapped.split("\n"))) + 2 * pad
    cx = (x0 + x1) // 2
    bx0 = cx - w // 2 if align == "center" else x0
    tight = (bx0, y0, bx0 + w, y0 + h)
    return TextLayer(text=wrapped, box=tight, font_px=px, color=color, align=align, background=background)


# ---------- the planner ----------

def label_event(profile: Profile, text: str, fps: int, total_frames: int) -> LabelEvent:
    """The explicit AI label: top-left of the safe box, opening LABEL_S seconds, >= 5% of the short side."""
    sx0, sy0, _, _ = profile.safe_box
    px = math.ceil(LABEL_TEXT_RATIO * profile.short_side)
    w = int(text_width(text, px)) + px
    h = int(px * 1.45)
    return LabelEvent(text=text, start_frame=0, end_frame=min(frames(LABEL_S, fps), total_frames),
                      box=(sx0, sy0, sx0 + w, sy0 + h), font_px=px)


def plan_video(script: Script, narration: Narration, brief: Brief, profile: Profile, inputs: PlanInputs,
               fps: int = 30) -> Plan:
    """Lay out one cut: shots, motion, transitions, captions, labels and the audio mix."""
    lang = script.language
    pacing = script.pacing
    style = choose_style(brief.style, brief.persona.age_range, brief.persona.tone, pacing.energy)
    rng = random.Random(f"{brief.seed}:{profile.id}")
    W, H = profile.width, profile.height
    s = profile.short_side / 1080
    safe = profile.safe_box
    sx0, sy0, sx1, sy1 = safe

    colors = brief.product.brand_colors
    primary = colors[0] if colors else DEFAULT_PRIMARY
    accent = colors[1] if len(colors) > 1 else DEFAULT_ACCENT
    dark = _mix(primary, "#000000", 0.55)

    # Timeline in seconds, then frames
    speech_end = LEAD_IN_S + narration.duration_s
    # the end card holds TAIL_S..MAX_TAIL_S after the last word: a short script makes a shorter video,
    # never a long silent end card
    total_s = speech_end + min(max(script.target_s - speech_end, TAIL_S), MAX_TAIL_S)
    total_f = frames(total_s, fps)
    mood, bpm = MUSIC[pacing.energy]
    if brief.music_mood:
        mood, bpm = brief.music_mood, next(b for m, b in MUSIC.values() if m == brief.music_mood)
    beats = motion.beat_times(bpm, total_s)

    # Caption style and the region it reserves at the bottom of the safe box
    cap_px = round(style.caption_ratio * (0.94 if lang == "en" else 1.0) * profile.short_side)
    highlight = accent if _luminance(accent) > 0.3 else "#FFD400"
    emphasis = None if style.emphasis == "none" else ("#4DE3FF" if contrast(highlight, "#FFD400") < 1.3
                                                      else "#FFD400")
    style_c = CaptionStyle(font_px=cap_px, color="#FFFFFF", highlight=highlight, outline="#000000",
                           outline_px=max(2, round(4 * s)), line_gap_px=round(cap_px * 0.25),
                           plate="#000000A6" if style.caption_plate else None, emphasis=emphasis,
                           emphasis_scale=115 if style.emphasis == "colour+scale" else 100)
    cap_lines = LINES_PER_PAGE[lang]
    plate_pad = round(cap_px * 0.3) if style.caption_plate else 0
    caption_top = sy1 - cap_lines * (cap_px + style_c.line_gap_px) - 2 * style_c.outline_px - 2 * plate_pad

    labels = [label_event(profile, inputs.ai_label, fps, total_f)]
    label_h = labels[0].box[3] - labels[0].box[1]

    gap = round(24 * s)
    content = (sx0, sy0 + label_h + gap, sx1, caption_top - gap)   # where card text may go
    picture = _picture_box(profile, content)

    # Shot boundaries: each script scene from (its sentence start - lead) to the next one's; long scenes are
    # split; then cuts move onto the music's beats where one is near
    lead = 0.1
    scene_starts = [0.0] + [LEAD_IN_S + st.start_s - lead for st in narration.sentences[1:]]
    scene_ends = scene_starts[1:] + [total_s]
    max_shot = pacing.max_shot_s * style.shot_factor
    shots: list[tuple[int, ScriptScene, float, float, int]] = []  # (script idx, scene, start, end, sub)
    for i, (sc, a, b) in enumerate(zip(script.scenes, scene_starts, scene_ends)):
        if sc.kind == "disclosure" and shots:
            # the spoken AI disclosure plays over the end card: the previous shot runs on
            prev = shots[-1]
            shots[-1] = (prev[0], prev[1], prev[2], b, prev[4])
            continue
        fixed_card = sc.kind in ("offer", "cta")
        n = 1 if fixed_card else max(1, round((b - a) / max_shot))
        for k in range(n):
            shots.append((i, sc, a + (b - a) * k / n, a + (b - a) * (k + 1) / n, k))
    if style.beat_cuts:
        cut_s = motion.snap_to_beats([a for _, _, a, _, _ in shots], beats, [sub > 0 for *_, sub in shots])
        shots = [(i, sc, a, b, sub) for (i, sc, _, b, sub), a in zip(shots, cut_s)]

    trans_f = frames(pacing.transition_s, fps)
    bounds = [frames(a, fps) for _, _, a, _, _ in shots] + [total_f]
    n = len(shots)
    # Transition j is centred on boundary j and lasts d[j] frames; xfade needs the overlap exactly d[j].
    d = [0] + [min(trans_f, (bounds[j + 1] - bounds[j]) // 2, (bounds[j] - bounds[j - 1]) // 2) for j in range(1, n)]
    d = [x if x >= 2 else 0 for x in d]
    starts = [bounds[j] - d[j] // 2 for j in range(n)]
    ends = [starts[j + 1] + d[j + 1] for j in range(n - 1)] + [total_f]
    sentences = {st.scene_index: st for st in narration.sentences}
    scenes: list[Scene] = []
    n_img = len(inputs.images)
    # which photo (and which close-up of it) each photo shot shows, by the photos' roles and the lines' kinds
    photo_shots = [j for j, (_, sc, *_) in enumerate(shots)
                   if sc.image_index is not None and n_img and sc.kind not in ("offer", "cta")]
    crops = [_crops(inputs, k, picture) if style.detail_crops else [] for k in range(n_img)]
    views = dict(zip(photo_shots, photos.pick_views([shots[j][1].kind for j in photo_shots],
                                                    photos.resolve_roles(inputs.roles, n_img), crops)))
    for j, (i, sc, a, b, sub) in enumerate(shots):
        view = views.get(j)
        image_index = view.image if view else None
        # Long typographic beats alternate between the primary and the accent palette on each cut.
        pal = (primary, accent, dark) if sub % 2 == 0 else (accent, primary, _mix(accent, "#000000", 0.45))
        shot = _Shot(start_frame=starts[j], frames=ends[j] - starts[j], d_in=d[j],
                     d_out=d[j + 1] if j + 1 < n else 0, sentence=sentences.get(i), fps=fps,
                     energy=pacing.energy)
        crop = view.crop if view else None
        layers, overlay, kb, entrances, progress = _shot_layers(sc, image_index, crop, brief, inputs, profile,
                                                                content, picture, *pal, lang, s, rng, style, shot)
        if style.punch_in and any(isinstance(l, ImageLayer) for l in layers) and sc.kind not in ("offer", "cta"):
            kb = motion.with_punches(kb, motion.punch_frames(starts[j] / fps, ends[j] / fps - d[j + 1 if j + 1 < n
                                                                                                 else 0] / fps,
                                                             beats, fps))
        tr = style.transitions.get(pacing.energy) or TRANSITIONS[pacing.energy]
        transition = Transition(kind=rng.choice(tr), duration_frames=d[j]) if d[j] else None
        scenes.append(Scene(index=j, script_scene=i, start_frame=starts[j], duration_frames=ends[j] - starts[j],
                            motion=kb, layers=layers, overlay=overlay, entrances=entrances, progress=progress,
                            transition_in=transition))

    captions = layout_captions(narration, lang, style_c, safe, LEAD_IN_S, fps, total_f)
    if style_c.emphasis:
        captions = motion.mark_emphasis(captions, brief.product.name, lang)
    ld = loudness_spec()
    audio = AudioMix(narration_offset_frames=frames(LEAD_IN_S, fps), music_mood=mood, music_bpm=bpm,
                     music_seed=brief.seed, duck_db=ld.music_duck_db, target_lufs=ld.integrated_lufs,
                     true_peak_dbtp=ld.true_peak_dbtp)
    from pipeline.media.fonts import font_path
    return Plan(cut=profile.id, width=W, height=H, fps=fps, total_frames=total_f, seed=brief.seed, language=lang,
                style=style.name + (f" ({style.audience})" if style.audience else ""), font_file=font_path().name,
                safe_box=safe, scenes=scenes, captions=captions, caption_style=style_c, labels=labels, audio=audio)


@dataclass(frozen=True)
class _Shot:
    """Where a shot sits: for timing its text to the words."""

    start_frame: int
    frames: int
    d_in: int
    d_out: int
    sentence: SentenceTiming | None
    fps: int
    energy: str = "medium"

    def at(self, narration_s: float | None, fallback: int) -> int:
        """Shot-relative frame of a narration time (None: the fallback frame)."""
        if narration_s is None:
            return fallback
        return frames(LEAD_IN_S + narration_s, self.fps) - self.start_frame

    @property
    def first(self) -> int:
        return self.d_in // 2 + 2


def _crops(inputs: PlanInputs, k: int, picture: Box) -> list[tuple[float, float, float, float]]:
    """Close-ups photo k allows in the picture box: one around each of its salient regions that has the pixels
    for it."""
    if k >= len(inputs.salient) or k >= len(inputs.image_sizes):
        return []
    bw, bh = picture[2] - picture[0], picture[3] - picture[1]
    out = [motion.detail_crop(inputs.image_sizes[k], pt, bw, bh) for pt in inputs.salient[k]]
    return [c for c in out if c is not None]


def _decorations(W: int, H: int, accent: str, rng: random.Random) -> list[Layer]:
    """Two soft accent circles, one bleeding off a top corner and one off the opposite bottom corner."""
    r1, r2 = int(min(W, H) * rng.uniform(0.35, 0.5)), int(min(W, H) * rng.uniform(0.18, 0.26))
    left = rng.random() < 0.5
    cx1 = int(W * (0.08 if left else 0.92))
    cx2 = int(W * (0.9 if left else 0.1))
    cy1, cy2 = int(H * 0.1), int(H * 0.88)
    return [ShapeLayer(box=(cx1 - r1, cy1 - r1, cx1 + r1, cy1 + r1), color=accent + "2E", radius_px=r1),
            ShapeLayer(box=(cx2 - r2, cy2 - r2, cx2 + r2, cy2 + r2), color=accent + "24", radius_px=r2)]


def _shift(layer: Layer, dy: int) -> Layer:
    x0, y0, x1, y1 = layer.box  # type: ignore[union-attr]
    return layer.model_copy(update={"box": (x0, y0 + dy, x1, y1 + dy)})


def _center_block(layers: list[Layer], content: Box) -> list[Layer]:
    """Move a card's text block so it sits a little above the middle of the content area."""
    if not layers:
        return layers
    top = min(l.box[1] for l in layers)  # type: ignore[union-attr]
    bottom = max(l.box[3] for l in layers)  # type: ignore[union-attr]
    room = (content[3] - content[1]) - (bottom - top)
    dy = content[1] + int(room * 0.42) - top
    return [_shift(l, dy) for l in layers] if dy > 0 else layers


def _picture_box(profile: Profile, content: Box) -> Box:
    """Where a product photo sits: the upper part of the frame above captions, inside side margins."""
    W, H = profile.width, profile.height
    x0, y0, x1, y1 = content
    if W >= H * 1.3:   # landscape: photo on the right 55%, text may use the left
        return (int(W * 0.42), y0, x1, y1)
    m = int(profile.short_side * 0.06)
    return (m, y0, W - m, y1)


def _motion(rng: random.Random, strength: float) -> KenBurns:
    zin = rng.random() < 0.6
    z0, z1 = (1.0, 1.0 + strength) if zin else (1.0 + strength, 1.0)
    dx, dy = rng.uniform(-0.03, 0.03), rng.uniform(-0.03, 0.03)
    return KenBurns(zoom_from=z0, zoom_to=z1, center_from=(0.5 - dx, 0.5 - dy), center_to=(0.5 + dx, 0.5 + dy))


STICKER = ("#FFD400", "#E62117")     # promo yellow, else red where yellow would not stand out from the card


def _sticker(price: TextLayer, bg: list[str], content: Box, s: float) -> tuple[ShapeLayer, TextLayer] | None:
    """A burst behind the price: its inner ellipse holds the price's box. None if it would not fit."""
    x0, y0, x1, y1 = price.box
    w, h = x1 - x0, y1 - y0
    bw, bh = int(w * 1.64) + round(24 * s), int(h * 1.64) + round(24 * s)
    if bw > content[2] - content[0]:
        return None
    color = STICKER[0] if min(contrast(STICKER[0], c) for c in bg) >= 1.4 else STICKER[1]
    dy = (bh - h) // 2
    cx, cy = (x0 + x1) // 2, (y0 + y1) // 2 + dy
    burst = ShapeLayer(box=(cx - bw // 2, cy - bh // 2, cx - bw // 2 + bw, cy - bh // 2 + bh), color=color,
                       shape="burst")
    return burst, price.model_copy(update={"box": (x0, y0 + dy, x1, y1 + dy)})


def _shot_layers(sc: ScriptScene, image_index: int | None, crop, brief: Brief, inputs: PlanInputs,
                 profile: Profile, content: Box, picture: Box, primary: str, accent: str, dark: str, lang: str,
                 s: float, rng: random.Random, style: Style, shot: _Shot
                 ) -> tuple[list[Layer], list[Layer], KenBurns, list[Entrance], ProgressBar | None]:
    W, H = profile.width, profile.height
    cx0, cy0, cx1, cy1 = content
    product = brief.product
    ink = _ink_on(primary)
    landscape = W >= H * 1.3
    title_px = round((110 if lang == "en" else 120) * s)
    body_px = round(72 * s)
    chip_bg = accent + "E6"
    chip_ink = _ink_on(accent)
    normal = style.min_contrast
    slide_d = round(60 * s)
    # each overlay element: (role, when it enters in narration seconds or None = with the shot)
    roles: list[tuple[str, float | None]] = []

    if sc.kind in ("offer", "cta") or image_index is None or not inputs.images:
        layers: list[Layer] = [GradientLayer(colors=(_mix(primary, accent, 0.18), dark),
                                             angle_deg=rng.choice([60.0, 90.0, 120.0]))]
        if style.decorations:
            layers += _decorations(W, H, accent, rng)
        overlay: list[Layer] = []
        if sc.kind == "offer":
            price = product.price or ""
            offer = product.offer or ""
            y = cy0 + int((cy1 - cy0) * 0.12)
            overlay.append(_text_block(product.name, lang, (cx0, y, cx1, y + int(body_px * 2.6)), body_px,
                                       round(40 * s), ink, max_lines=2))
            roles.append(("title", None))
            y = overlay[-1].box[3] + round(30 * s)
            if price:
                # on a sticker the price must leave room for the burst around it (its inner ellipse holds it)
                inset = int(((cx1 - cx0) - ((cx1 - cx0) - 24 * s) / 1.64) / 2) if style.sticker else 0
                p = _text_block(price, lang, (cx0 + inset, y, cx1 - inset, y + int(title_px * 2.2)),
                                int(title_px * 1.6), round(60 * s), accent if _luminance(primary) < 0.35 else dark,
                                max_lines=1)
                t_price = motion.word_time(shot.sentence, price)
                st = _sticker(p, _backgrounds(p.box, layers, W, H), content, s) if style.sticker else None
                if st and offer and st[0].box[3] + round(30 * s) + body_px * 2.4 > cy1:
                    st = None      # no room left for the offer under a sticker: the plain price
                if st and "\n" in p.text:
                    st = None      # a sticker holds a short price on one line, not a sentence
                if st is None and inset:
                    p = _text_block(price, lang, (cx0, y, cx1, y + int(title_px * 2.2)), int(title_px * 1.6),
                                    round(60 * s), p.color, max_lines=1)
                if st:
                    overlay += [st[0], st[1]]
                    roles += [("sticker", t_price), ("price", t_price)]
                else:
                    overlay.append(p)
                    roles.append(("price", t_price))
                y = overlay[-1].box[3] + round(30 * s) + (st[0].box[3] - st[1].box[3] if st else 0)
            if offer:
                overlay.append(_text_block(offer, lang, (cx0, y, cx1, min(cy1, y + int(body_px * 3.5))), body_px,
                                           round(36 * s), chip_ink, max_lines=2, background=chip_bg))
                roles.append(("chip", motion.word_time(shot.sentence, offer)))
        elif sc.kind == "cta":
            if inputs.logo:
                lh = int((cy1 - cy0) * 0.16)
                layers.append(ImageLayer(source=inputs.logo, box=(cx0, cy0, cx1, cy0 + lh), fit="contain",
                                         blur_fill=False, shadow=False))
                cy0 += lh + round(20 * s)
            y = cy0 + int((cy1 - cy0) * 0.1)
            overlay.append(_text_block(product.name, lang, (cx0, y, cx1, y + int(title_px * 3)), title_px,
                                       round(48 * s), ink, max_lines=2))
            roles.append(("title", None))
            y = overlay[-1].box[3] + round(40 * s)
            cta = sc.on_screen or sc.narration
            overlay.append(_text_block(cta, lang, (cx0, y, cx1, y + int(body_px * 4)), body_px, round(36 * s),
                                       chip_ink, max_lines=3, background=chip_bg))
            roles.append(("chip", motion.word_time(shot.sentence, cta)))
            y = overlay[-1].box[3] + round(30 * s)
            if product.url and y + body_px < cy1:
                overlay.append(_text_block(product.url, "en", (cx0, y, cx1, min(cy1, y + int(body_px * 1.6))),
                                           round(44 * s), round(28 * s), ink, max_lines=1))
                roles.append(("url", motion.word_time(shot.sentence, product.url)))
        elif sc.kind == "feature":
            y = cy0 + int((cy1 - cy0) * 0.2)
            overlay.append(ShapeLayer(box=((cx0 + cx1) // 2 - round(60 * s), y, (cx0 + cx1) // 2 + round(60 * s),
                                           y + round(12 * s)), color=accent, radius_px=round(6 * s)))
            roles.append(("bar", None))
            y += round(60 * s)
            overlay.append(_text_block(sc.on_screen or sc.narration, lang, (cx0, y, cx1, cy1), title_px,
                                       round(44 * s), ink, max_lines=4))
            roles.append(("title", None))
        else:  # hook / pain / proof without a photo: the product's title card
            y = cy0 + int((cy1 - cy0) * 0.25)
            overlay.append(_text_block(product.name, lang, (cx0, y, cx1, cy1), int(title_px * 1.15),
                                       round(48 * s), ink, max_lines=3))
            roles.append(("title", None))
            if brief.persona.name and sc.kind == "hook":
                y = overlay[-1].box[3] + round(40 * s)
                if y + body_px < cy1:
                    overlay.append(_text_block(brief.persona.name, lang, (cx0, y, cx1, cy1), round(56 * s),
                                               round(32 * s), chip_ink, max_lines=2, background=chip_bg))
                    roles.append(("chip", None))
        placed = _center_block(overlay, content)
        out: list[Layer] = []
        for k, layer in enumerate(placed):
            if isinstance(layer, TextLayer):
                if roles[k][0] == "price" and k and roles[k - 1][0] == "sticker":
                    behind = [out[k - 1].color]           # the price sits on its sticker
                else:
                    behind = _backgrounds(layer.box, layers, W, H)
                layer = make_legible(layer, behind, profile.short_side, normal)
            out.append(layer)
        out, entrances = _entrances(out, roles, style, shot, slide_d, lang)
        progress = None
        if sc.kind == "offer" and motion.has_deadline(product.offer, lang):
            progress = _countdown(out, entrances, content, layers, W, H, s, shot)
        return layers, out, _motion(rng, min(0.04, style.ken_burns)), entrances, progress

    src = inputs.images[image_index]
    if crop is not None:    # a close-up: the detail fills the picture box
        layers = [ImageLayer(source=src, box=picture, fit="cover", blur_fill=True, shadow=True, crop=crop)]
    else:
        layers = [ImageLayer(source=src, box=picture, fit="contain", blur_fill=True, shadow=True)]
    overlay = []
    if sc.on_screen and sc.kind in ("feature", "proof", "hook"):
        if landscape:
            box = (cx0, cy0 + int((cy1 - cy0) * 0.2), picture[0] - round(40 * s), cy1)
            overlay.append(_text_block(sc.on_screen, lang, box, round(76 * s), round(36 * s), chip_ink,
                                       max_lines=4, background=chip_bg, align="left"))
        else:
            box = (cx0, cy0, cx1, cy0 + int(body_px * 3.2))
            overlay.append(_text_block(sc.on_screen, lang, box, round(64 * s), round(32 * s), chip_ink,
                                       max_lines=2, background=chip_bg))
        roles.append(("chip", None))
    # over a photo planning cannot know the pixels: the text must hold on black and on white alike
    overlay = [make_legible(t, ["#000000", "#FFFFFF"], profile.short_side, normal) if isinstance(t, TextLayer)
               else t for t in overlay]
    overlay, entrances = _entrances(overlay, roles, style, shot, slide_d, lang)
    return layers, overlay, _motion(rng, style.ken_burns), entrances, None


def _entrances(layers: list[Layer], roles: list[tuple[str, float | None]], style: Style, shot: _Shot,
               slide_d: int, lang: str) -> tuple[list[Layer], list[Entrance]]:
    """Give every overlay element an entrance group, timed to the word that says it. A title's accent bar
    enters with it, a price with its sticker; elements never enter before the ones above them. A typed
    entrance lasts as long as typing its text takes."""
    out: list[Layer] = []
    entrances: list[Entrance] = []
    group = -1
    last = shot.first
    for k, (layer, (role, when)) in enumerate(zip(layers, roles)):
        joins = k and ((roles[k - 1][0] == "bar" and role == "title") or
                       (roles[k - 1][0] == "sticker" and role == "price"))
        if joins and entrances[-1].kind == "type" and isinstance(layer, TextLayer):
            entrances[-1] = motion.entrance(group, "type", entrances[-1].start_frame, shot.frames - shot.d_out,
                                            duration=motion.typing_frames(layer.text, lang, shot.energy, shot.fps))
        if not joins:
            group += 1
            fallback = shot.first if role in ("title", "bar") else last + 12
            at = max(shot.at(when, fallback), last if role not in ("title", "bar") else shot.first)
            kind = motion.entrance_kind(style, role)
            typed = motion.typing_frames(layer.text, lang, shot.energy, shot.fps) if isinstance(layer, TextLayer) else None
            entrances.append(motion.entrance(group, kind, at, shot.frames - shot.d_out, dy=slide_d, duration=typed))
            last = entrances[-1].start_frame + 6
        out.append(layer.model_copy(update={"group": group}))
    return out, entrances


def _countdown(overlay: list[Layer], entrances: list[Entrance], content: Box, layers: list[Layer], W: int, H: int,
               s: float, shot: _Shot) -> ProgressBar | None:
    """A bar draining over the offer shot, under its text, from when the offer is said."""
    bottom = max(l.box[3] for l in overlay) + round(36 * s)  # type: ignore[union-attr]
    h = max(6, round(16 * s))
    if bottom + h > content[3]:
        return None
    x0 = content[0] + (content[2] - content[0]) // 6
    x1 = content[2] - (content[2] - content[0]) // 6
    box = (x0, bottom, x1, bottom + h)
    fill = max(("#FFFFFF", "#111111"), key=lambda c: min(contrast(c, b) for b in _backgrounds(box, layers, W, H)))
    start = entrances[-1].start_frame if entrances else shot.first
    end = shot.frames - shot.d_out - 2
    if end - start < 15:
        return None
    return ProgressBar(box=box, fill=fill, track=fill + "40", start_frame=start, end_frame=end)
