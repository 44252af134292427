"""What one shot shows. Pure; planning calls compose() once per shot.

With media (photos or clips) every shot shows the product, offer, call-to-action and end card included: the
product is placed as large as its pixels allow, and the shot's text sits in zones around it, never on the
product's salient region or the text printed on it (Scene.keep_out records where that region stands). Portrait
and square frames stack text above and below the product; 16:9 puts it in a panel left of the product, or
centres the product when the shot has no text. Without media a shot is a typographic card in brand colours.

Text is never smaller than MIN_TEXT of the short side, one idea per chip. The price stays on screen from the
word that says it to the end of the ad; an offer that ends gets a countdown that drains from when it is said
to the end (never in under MIN_COUNTDOWN_S).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field, replace

from pipeline.media.clips import ClipInfo
from pipeline.media.regions import union
from pipeline.model.brief import Brief
from pipeline.model.narration import SentenceTiming
from pipeline.model.plan import (Box, ClipLayer, Entrance, GradientLayer, ImageLayer, KenBurns, Layer, ProgressBar,
                                 ShapeLayer, TextLayer, frames)
from pipeline.model.platform import Profile
from pipeline.model.script import ScriptScene
from pipeline.model.style import Style
from pipeline.stages import footage, layout, motion
from pipeline.stages.colour import _backgrounds, _ink_on, _luminance, _mix, _plate_box, contrast, make_legible
from pipeline.stages.scripting import LEAD_IN_S
from pipeline.stages.typeset import split_ideas, text_block

MIN_TEXT = 0.045                # no text under this share of the frame's short side
MIN_COUNTDOWN_S = 2.0
STICKER = ("#FFD400", "#E62117")     # promo yellow, else red where yellow would not stand out from the card


@dataclass(frozen=True)
class Cut:
    """What every shot of one cut shares."""

    brief: Brief
    profile: Profile
    style: Style
    lang: str
    safe: Box
    content: Box                   # where text may go, below the AI label
    content_after_label: Box       # the same once the label is gone
    label_frames: int
    label_px: int
    primary: str
    accent: str
    dark: str
    fps: int
    beats: tuple[float, ...]
    countdown: bool                # the offer ends: a countdown strip is reserved from the offer on
    total_frames: int
    notice_from: int | None = None             # fine print shows from this frame to the end ...
    content_under_notice: Box | None = None    # ... and text and product stay below it

    @property
    def s(self) -> float:
        return self.profile.short_side / 1080

    @property
    def landscape(self) -> bool:
        return self.profile.width >= self.profile.height * 1.3

    @property
    def min_px(self) -> int:
        return math.ceil(MIN_TEXT * self.profile.short_side)

    @property
    def margin(self) -> int:
        return round(self.profile.short_side * 0.06)


@dataclass(frozen=True)
class Shot:
    """Where a shot sits and what it is for."""

    index: int
    kind: str                      # the script scene's kind, or "end" (the end card)
    scene: ScriptScene
    start_frame: int
    frames: int
    d_in: int
    d_out: int
    sentence: SentenceTiming | None
    fps: int
    energy: str = "medium"
    price_said: bool = False       # the price was said in an earlier shot: it stays on screen
    strip: bool = False            # the countdown's strip is kept clear in this shot
    sub: int = 0

    def at(self, narration_s: float | None, fallback: int) -> int:
        """Shot-relative frame of a narration time (None: the fallback frame)."""
        if narration_s is None:
            return fallback
        return frames(LEAD_IN_S + narration_s, self.fps) - self.start_frame

    @property
    def first(self) -> int:
        return self.d_in // 2 + 2

    def shows_label(self, label_frames: int) -> bool:
        return self.start_frame < label_frames


@dataclass(frozen=True)
class View:
    """The product view a shot shows: a photo (whole or a crop) or a clip."""

    index: int                     # which of the brief's media
    source: str
    size: tuple[int, int]          # upright pixels of the whole source
    crop: tuple[float, float, float, float] | None = None
    keep: tuple[float, float, float, float] = (0.0, 0.0, 1.0, 1.0)   # photo: keep-out, fractions of the photo
    clip: ClipInfo | None = None


@dataclass
class Composed:
    layers: list[Layer]
    overlay: list[Layer]
    motion: KenBurns
    entrances: list[Entrance]
    progress: ProgressBar | None = None
    keep_out: list[Box] = field(default_factory=list)
    segment: footage.Segment | None = None
    scale: float | None = None     # photo: display pixels per source pixel
    view: View | None = None
    product: Layer | None = None
    named: bool = False            # 16:9: the product's name stands in the panel


@dataclass
class _Block:
    """Text elements that stack together, with their roles (see _entrances) and a priority (lower = dropped
    first when there is no room)."""

    layers: list[Layer]
    roles: list[tuple[str, float | None]]
    zone: str = "top"              # top | bottom (portrait); all blocks share the panel in 16:9
    priority: int = 1

    @property
    def height(self) -> int:
        return max(_room(l)[3] for l in self.layers) - min(_room(l)[1] for l in self.layers)


def _room(layer: Layer) -> Box:
    """The box a layer may take once laid out: a text's with the plate legibility may give it."""
    return _plate_box(layer) if isinstance(layer, TextLayer) else layer.box  # type: ignore[union-attr]


# ---------- the text of a shot ----------

def _chip(cut: Cut, text: str, x0: int, x1: int, px: int, lo: int | None = None, lines: int = 2) -> TextLayer:
    return text_block(text, cut.lang, (x0, 0, x1, px * 4), px, max(cut.min_px, lo or 0), _ink_on(cut.accent),
                      max_lines=lines, background=cut.accent + "E6")


def _title(cut: Cut, text: str, x0: int, x1: int, px: int, ink: str, lines: int = 2) -> TextLayer:
    return text_block(text, cut.lang, (x0, 0, x1, round(px * 1.25 * lines + 4)), px, cut.min_px, ink,
                      max_lines=lines)


def _price_block(cut: Cut, shot: Shot, x0: int, x1: int, px: int, ink: str, bg: list[str], role: str,
                 when: float | None) -> _Block:
    """The price, on a burst sticker when the style has one and it fits."""
    price = cut.brief.product.price or ""
    s = cut.s
    inset = int(((x1 - x0) - ((x1 - x0) - 24 * s) / 1.64) / 2) if cut.style.sticker else 0
    p = text_block(price, cut.lang, (x0 + inset, 0, x1 - inset, int(px * 1.4)), px, cut.min_px, ink, max_lines=1)
    st = _sticker(p, bg, (x0, 0, x1, 10 ** 6), s) if cut.style.sticker and "\n" not in p.text else None
    if st is None:
        if inset:
            p = text_block(price, cut.lang, (x0, 0, x1, int(px * 1.4)), px, cut.min_px, ink, max_lines=1)
        return _Block([p], [(role, when)], "bottom", priority=3)
    return _Block([st[0], st[1]], [("sticker" if role == "price" else role, when), (role, when)], "bottom", priority=3)


def _blocks(cut: Cut, shot: Shot, media: bool, x0: int, x1: int) -> list[_Block]:
    """The shot's text, top to bottom, as it reads."""
    p = cut.brief.product
    s = cut.s
    kind = shot.kind
    ink = _ink_on(cut.primary)
    title_px = round((110 if cut.lang == "en" else 120) * s)
    body_px = round(72 * s)
    chip_px = round(68 * s)
    price_ink = cut.accent if _luminance(cut.primary) < 0.35 else cut.dark
    card_bg = [_mix(cut.primary, cut.accent, 0.18), cut.dark]
    out: list[_Block] = []
    said = lambda text: motion.word_time(shot.sentence, text)  # noqa: E731
    if kind == "offer":
        if not media:
            out.append(_Block([_title(cut, p.name, x0, x1, body_px, ink)], [("title", None)], "top", 2))
        if p.price:
            out.append(_price_block(cut, shot, x0, x1, round(title_px * (1.3 if media else 1.6)), price_ink,
                                    card_bg, "price", said(p.price)))
        for idea in split_ideas(p.offer):
            out.append(_Block([_chip(cut, idea, x0, x1, chip_px)], [("chip", said(idea))], "bottom", 2))
    elif kind == "cta":
        out.append(_Block([_title(cut, p.name, x0, x1, title_px if not media else body_px, ink)],
                          [("title", None)], "top", 1))
        for idea in split_ideas(shot.scene.on_screen or shot.scene.narration):
            out.append(_Block([_chip(cut, idea, x0, x1, chip_px)], [("chip", said(idea))], "bottom", 2))
        if p.price and shot.price_said:
            out.append(_price_block(cut, shot, x0, x1, round(body_px * 1.1), price_ink, card_bg, "static", None))
        if p.url and not media:
            out.append(_Block([text_block(p.url, "en", (x0, 0, x1, round(60 * s)), round(52 * s), cut.min_px, ink,
                                          max_lines=1)], [("url", said(p.url))], "bottom", 0))
    elif kind == "end":
        # with media the product is the end card's picture: its text stays compact
        out.append(_Block([_title(cut, p.name, x0, x1, round(body_px * 1.2) if media else title_px, ink,
                                  1 if media else 2)], [("title", None)], "top", 2))
        if p.price:
            out.append(_price_block(cut, shot, x0, x1, round(title_px * (0.7 if media else 0.9)), price_ink, card_bg,
                                    "static" if shot.price_said else "price", None))
        cta = cut.brief.cta or shot.scene.on_screen or (shot.scene.narration if shot.scene.kind == "cta" else None)
        ideas = split_ideas(cta, most=1) if cta else []
        for idea in ideas:
            out.append(_Block([_chip(cut, idea, x0, x1, chip_px)], [("cta", None)], "bottom", 2))
    elif not media:
        if kind == "feature":
            bar = ShapeLayer(box=((x0 + x1) // 2 - round(60 * s), 0, (x0 + x1) // 2 + round(60 * s), round(12 * s)),
                             color=cut.accent, radius_px=round(6 * s))
            title = text_block("\n".join(split_ideas(shot.scene.on_screen or shot.scene.narration, most=3)),
                               cut.lang, (x0, round(60 * s), x1, round(60 * s) + title_px * 5), title_px,
                               cut.min_px, ink, max_lines=4)
            out.append(_Block([bar, title], [("bar", None), ("title", None)], "top", 2))
        else:   # hook / intro / pain / proof: the product's title card
            out.append(_Block([_title(cut, p.name, x0, x1, int(title_px * 1.15), ink, 3)], [("title", None)],
                              "top", 2))
            if cut.brief.persona.name and kind == "hook":
                out.append(_Block([_chip(cut, cut.brief.persona.name, x0, x1, round(56 * s))], [("chip", None)],
                                  "top", 0))
    elif shot.scene.on_screen and kind in ("feature", "proof", "hook"):
        opening = shot.shows_label(cut.label_frames)
        # the opening's text stands apart from the AI label and is never smaller than it
        px = max(round(0.085 * cut.profile.short_side), cut.label_px + 2) if opening else chip_px
        for k, idea in enumerate(split_ideas(shot.scene.on_screen)):
            out.append(_Block([_chip(cut, idea, x0, x1, px, lo=cut.label_px + 2 if opening else None)],
                              [("chip", said(idea) if k else None)], "bottom" if opening else "top", 1 - k))
    return out


def _stack(blocks: list[_Block], top: int, gap: int) -> list[Layer]:
    """Blocks one under the other from y = top; returns their layers moved into place."""
    out: list[Layer] = []
    y = top
    for b in blocks:
        y0 = min(_room(l)[1] for l in b.layers)
        out += [_shift(l, y - y0) for l in b.layers]
        y += b.height + gap
    return out


def _stack_height(blocks: list[_Block], gap: int) -> int:
    return sum(b.height for b in blocks) + gap * max(0, len(blocks) - 1)


def _shift(layer: Layer, dy: int, dx: int = 0) -> Layer:
    x0, y0, x1, y1 = layer.box  # type: ignore[union-attr]
    return layer.model_copy(update={"box": (x0 + dx, y0 + dy, x1 + dx, y1 + dy)})


# ---------- the product ----------

def _product_motion(cut: Cut, shot: Shot, keep: tuple[float, float, float, float], rng: random.Random) -> KenBurns:
    """A photo's move inside its box: towards (or out from) its product, stronger on the end card; punch-ins
    on beats for styles that have them."""
    strength = _strength(cut, shot)
    cx, cy = (keep[0] + keep[2]) / 2, (keep[1] + keep[3]) / 2
    zin = shot.kind == "end" or rng.random() < 0.6
    z0, z1 = (1.0, 1.0 + strength) if zin else (1.0 + strength, 1.0)
    dx, dy = rng.uniform(-0.03, 0.03), rng.uniform(-0.02, 0.02)
    return _punched(cut, shot, KenBurns(zoom_from=z0, zoom_to=z1, center_from=(round(cx - dx, 4), round(cy - dy, 4)),
                                        center_to=(round(cx + dx, 4), round(cy + dy, 4))))


def _strength(cut: Cut, shot: Shot) -> float:
    """How far a photo zooms in its box over a shot: the style's Ken Burns, more on the end card."""
    return max(cut.style.ken_burns, 0.06) * (1.3 if shot.kind == "end" else 1.0)


def _punched(cut: Cut, shot: Shot, kb: KenBurns) -> KenBurns:
    """Punch-ins on the music's beats inside the shot, for styles that have them (not on the price, the call to
    action or the end card)."""
    if not cut.style.punch_in or shot.kind in ("offer", "cta", "end"):
        return kb
    start_s = shot.start_frame / cut.fps
    end_s = (shot.start_frame + shot.frames - shot.d_out) / cut.fps
    return motion.with_punches(kb, motion.punch_frames(start_s, end_s, list(cut.beats), cut.fps))


def _zoom_max(kb: KenBurns) -> float:
    return max(kb.zoom_from, kb.zoom_to) + (kb.punch_zoom if kb.punch_frames else 0.0)


def _area(box: Box) -> int:
    return max(0, box[2] - box[0]) * max(0, box[3] - box[1])


def _place_photo(cut: Cut, shot: Shot, view: View, crop: tuple[float, float, float, float] | None, stage: Box,
                 outer: Box, rng: random.Random) -> tuple[tuple[float, float, float, float] | None, layout.Placement,
                                                          KenBurns]:
    """A photo (or a crop of it) placed in the stage with its move: (crop, placement, move)."""
    cw = (crop[2] - crop[0]) if crop else 1.0
    ch = (crop[3] - crop[1]) if crop else 1.0
    view_px = (view.size[0] * cw, view.size[1] * ch)
    keep = layout.view_region(view.keep, crop) or (0.2, 0.2, 0.8, 0.8)
    kb = _product_motion(cut, shot, keep, rng)
    keep_box = layout.extent_over_shot(keep, kb, shot.frames)
    placed = layout.place(view_px, keep_box, stage, outer, layout.MAX_UPSCALE / _zoom_max(kb))
    if placed is None:
        placed = layout.Placement(layout.fit(view_px[0] / view_px[1], stage), stage, 1.0)
    return crop, placed, kb


def _tight_crop(view: View, stage: Box, margin: float = 0.1) -> tuple[float, float, float, float] | None:
    """A crop of the photo around its keep-out region (grown by `margin` of its size) in the stage's shape, when
    the product leaves much of the photo around it; None otherwise."""
    k = view.keep
    if (k[2] - k[0]) * (k[3] - k[1]) > 0.6:
        return None
    iw, ih = view.size
    mx, my = (k[2] - k[0]) * margin, (k[3] - k[1]) * margin
    x0, y0, x1, y1 = (max(0.0, k[0] - mx) * iw, max(0.0, k[1] - my) * ih, min(1.0, k[2] + mx) * iw,
                      min(1.0, k[3] + my) * ih)
    aspect = (stage[2] - stage[0]) / max(1, stage[3] - stage[1])
    w, h = x1 - x0, y1 - y0
    w, h = (max(w, h * aspect), max(h, w / aspect))
    w, h = min(w, iw), min(h, ih)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    left = min(max(cx - w / 2, 0.0), iw - w)
    top = min(max(cy - h / 2, 0.0), ih - h)
    crop = (round(left / iw, 4), round(top / ih, 4), round((left + w) / iw, 4), round((top + h) / ih, 4))
    return None if crop == (0.0, 0.0, 1.0, 1.0) else crop


def _place_view(cut: Cut, shot: Shot, view: View, stage: Box, outer: Box, rng: random.Random,
                used: list[tuple[float, float]]) -> tuple[Layer, Box, footage.Segment | None, float | None]:
    """The product layer (an ImageLayer moving in its box, or a ClipLayer), its keep-out box in the frame, the
    clip stretch shown and a photo's display scale."""
    if view.clip is not None:
        info = view.clip
        aspect = (stage[2] - stage[0]) / max(1, stage[3] - stage[1])
        seg = footage.pick_segment(info, shot.frames / cut.fps, used)
        start, end, subject = footage.crop_path(info, seg, aspect)
        crop_w_px = (start[2] - start[0]) * info.width
        box = layout.fit(aspect, stage, max_w=layout.MAX_UPSCALE * crop_w_px)
        layer = ClipLayer(source=view.source, box=box, src_start_s=seg.start_s, src_end_s=seg.end_s, crop_from=start,
                          crop_to=end, tonemap=info.hdr)
        return layer, layout.in_frame(box, subject), seg, None
    state = rng.getstate()
    crop, placed, kb = _place_photo(cut, shot, view, view.crop, stage, outer, rng)
    tight = _tight_crop(view, stage) if view.crop is None else None
    if tight is not None:
        # a packshot with room around the product: framed on the product when that shows it larger
        rng.setstate(state)
        crop2, placed2, kb2 = _place_photo(cut, shot, view, tight, stage, outer, rng)
        if _area(placed2.keep_out) > 1.15 * _area(placed.keep_out):
            crop, placed, kb = crop2, placed2, kb2
    layer = ImageLayer(source=view.source, box=placed.box, fit="cover", blur_fill=False, shadow=True,
                       crop=crop, motion=kb)
    return layer, placed.keep_out, None, placed.scale


def _inside(inner: Box, outer: Box, slack: int = 2) -> bool:
    return (inner[0] >= outer[0] - slack and inner[1] >= outer[1] - slack and inner[2] <= outer[2] + slack
            and inner[3] <= outer[3] + slack)


def _keep_place(cut: Cut, shot: Shot, view: View, prev: Composed, stage: Box, outer: Box,
                used: list[tuple[float, float]]) -> tuple[Layer, Box, footage.Segment | None, float | None] | None:
    """The previous shot's product box again, when it showed the same view and still fits this shot's stage: a
    photo carries on its move (zooming back the other way), a clip shows its next stretch in the same window."""
    old = prev.product
    if prev.view is None or old is None or prev.view.index != view.index or prev.view.crop != view.crop:
        return None
    box = old.box  # type: ignore[union-attr]
    if not _inside(box, outer):
        return None
    if isinstance(old, ClipLayer) and view.clip is not None:
        if not _inside(box, stage):
            return None
        info = view.clip
        aspect = (box[2] - box[0]) / max(1, box[3] - box[1])
        seg = footage.pick_segment(info, shot.frames / cut.fps, used)
        start, end, subject = footage.crop_path(info, seg, aspect)
        ko = layout.in_frame(box, subject)
        layer = old.model_copy(update={"src_start_s": seg.start_s, "src_end_s": seg.end_s, "crop_from": start,
                                       "crop_to": end})
        return layer, ko, seg, None
    if not isinstance(old, ImageLayer) or old.motion is None:
        return None
    m = old.motion
    strength = _strength(cut, shot)
    z1 = 1.0 if m.zoom_to > 1.0 + strength / 2 else 1.0 + strength
    kb = _punched(cut, shot, KenBurns(zoom_from=m.zoom_to, zoom_to=z1, center_from=m.center_to,
                                      center_to=m.center_from))
    if _zoom_max(kb) * prev.scale > layout.MAX_UPSCALE * 1.001:  # type: ignore[operator]
        return None
    keep = layout.view_region(view.keep, view.crop) or (0.2, 0.2, 0.8, 0.8)
    ko = layout.in_frame(box, layout.extent_over_shot(keep, kb, shot.frames))
    if not _inside(ko, stage):
        return None
    return old.model_copy(update={"motion": kb}), ko, None, prev.scale


# ---------- one shot ----------

def compose(cut: Cut, shot: Shot, view: View | None, palette: tuple[str, str, str], rng: random.Random,
            used: list[tuple[float, float]], logo: str | None, prev: Composed | None = None) -> Composed:
    """Layers, text, motion and entrances of one shot (see the module notes). prev: the shot before, whose
    product box is kept when this shot shows the same view and its text leaves room (the product holds its
    place across the cut and its move carries on)."""
    W, H = cut.profile.width, cut.profile.height
    primary, accent, dark = palette
    cut_p = replace(cut, primary=primary, accent=accent, dark=dark)
    s = cut.s
    gap = round(24 * s)
    sx0, sy0, sx1, sy1 = cut.safe
    if cut.notice_from is not None and cut.content_under_notice and shot.start_frame + shot.frames > cut.notice_from:
        cx0, cy0, cx1, cy1 = cut.content_under_notice
    else:
        cx0, cy0, cx1, cy1 = cut.content if shot.shows_label(cut.label_frames) else cut.content_after_label
    bar_h = max(6, round(16 * s))
    strip = bar_h + round(36 * s) if shot.strip else 0
    media = view is not None
    panel = cut.landscape and media
    split = round(W * 0.43)
    zx0, zx1 = (sx0, split) if panel else (sx0, sx1) if media else (cx0, cx1)
    layers: list[Layer] = [GradientLayer(colors=(_mix(primary, accent, 0.18), dark),
                                         angle_deg=rng.choice([60.0, 90.0, 120.0]))]
    if cut.style.decorations:
        layers += _decorations(W, H, accent, rng)
    blocks = _blocks(cut_p, shot, media, zx0, zx1)
    if panel and not blocks:
        # 16:9 keeps the product in one place: a shot without text of its own shows the product's name in the
        # panel (there from the start when the shot before showed it too)
        ink = _ink_on(primary)
        name = _title(cut_p, cut.brief.product.name, zx0, zx1, round((110 if cut.lang == "en" else 120) * s), ink, 3)
        blocks = [_Block([name], [("static" if prev is not None and prev.named else "title", None)], "top", 0)]
    logo_h = 0
    if logo and shot.kind in ("cta", "end") and (shot.kind == "end" or not media):
        logo_h = int((cy1 - cy0) * (0.12 if media else 0.16))
    top = cy0 + (logo_h + round(20 * s) if logo_h else 0)
    bottom = cy1 - strip
    product: Layer | None = None
    keep_out: list[Box] = []
    segment, scale = None, None
    overlay: list[Layer] = []
    roles: list[tuple[str, float | None]] = []
    if media:
        m = cut.margin
        min_stage = 0.36 * (bottom - top) if not cut.landscape else 0.5 * (bottom - top)
        while True:
            # the product's box stays inside its stage: text never stands on the picture, and its keep-out
            # region (the product and its logo) is inside the box
            if panel and blocks:
                stage = (split + gap, cy0, W - m, cy1)
            elif panel or cut.landscape:
                stage = (m, cy0, W - m, cy1)
            else:
                tops = [b for b in blocks if b.zone == "top"]
                bots = [b for b in blocks if b.zone == "bottom"]
                t_h, b_h = _stack_height(tops, gap), _stack_height(bots, gap)
                stage = (m, top + (t_h + gap if tops else 0), W - m, bottom - (b_h + gap if bots else 0))
            outer = stage
            if stage[3] - stage[1] >= min_stage or not blocks:
                break
            blocks.remove(min(blocks, key=lambda b: b.priority))     # no room: the least needed text goes
        kept = _keep_place(cut, shot, view, prev, stage, outer, used) if prev is not None else None
        while panel and blocks and _stack_height(blocks, gap) > bottom - cy0:
            blocks.remove(min(blocks, key=lambda b: b.priority))     # the panel holds what fits
        product, ko, segment, scale = kept or _place_view(cut, shot, view, stage, outer, rng, used)
        keep_out = [ko]
        box = product.box  # type: ignore[union-attr]
        if panel:
            col = [b for b in blocks]
            h = _stack_height(col, gap)
            mid = (ko[1] + ko[3]) // 2
            y = min(max(mid - h // 2, cy0), bottom - h)
            overlay = _stack(col, y, gap)
            roles = [r for b in col for r in b.roles]
        else:
            tops = [b for b in blocks if b.zone == "top"]
            bots = [b for b in blocks if b.zone == "bottom"]
            t_h, b_h = _stack_height(tops, gap), _stack_height(bots, gap)
            t_end = max(stage[1], box[1]) - gap
            b_start = min(stage[3], box[3]) + gap
            overlay = _stack(tops, max(top, t_end - t_h), gap) + _stack(bots, min(b_start, bottom - b_h), gap)
            roles = [r for b in tops + bots for r in b.roles]
        layers.append(product)
    else:
        col = [b for b in blocks if b.zone == "top"] + [b for b in blocks if b.zone == "bottom"]
        while len(col) > 1 and _stack_height(col, round(30 * s)) > bottom - top:
            col.remove(min(col, key=lambda b: b.priority))        # a short frame holds what fits
        h = _stack_height(col, round(30 * s))
        y = top + max(0, int(((bottom - top) - h) * 0.42))
        overlay = _stack(col, y, round(30 * s))
        roles = [r for b in col for r in b.roles]
    if logo_h:
        layers.append(ImageLayer(source=logo, box=(zx0, cy0, zx1, cy0 + logo_h), fit="contain", blur_fill=False,
                                 shadow=False, role="logo"))
    # legible on what is behind each text where it stands: the card's gradient or its sticker (the layout left
    # room for the plate a text may need)
    out: list[Layer] = []
    for k, layer in enumerate(overlay):
        if isinstance(layer, TextLayer):
            on_sticker = k and isinstance(overlay[k - 1], ShapeLayer) and overlay[k - 1].shape == "burst"
            behind = [overlay[k - 1].color] if on_sticker else _backgrounds(layer.box, layers, W, H)
            layer = make_legible(layer, behind, cut.profile.short_side, cut.style.min_contrast)
        out.append(layer)
    out, entrances = _entrances(out, roles, cut.style, shot, round(60 * s), cut.lang)
    progress = None
    if shot.kind == "offer" and cut.countdown:
        progress = _countdown(out, entrances, roles, (zx0, bottom, zx1, bottom + strip), layers, W, H, s, shot, cut)
    if media:
        kb = KenBurns(zoom_from=1.0, zoom_to=1.0)        # the background holds; the product moves in its box
    elif shot.kind == "end":
        kb = KenBurns(zoom_from=1.0, zoom_to=1.08)
    else:
        kb = _motion(rng, min(0.04, cut.style.ken_burns))
    named = panel and any(isinstance(l, TextLayer) and l.text.replace("\n", "") == cut.brief.product.name.replace(
        "\n", "") for l in out)
    return Composed(layers, out, kb, entrances, progress, keep_out, segment, scale, view, product, named)


def _entrances(layers: list[Layer], roles: list[tuple[str, float | None]], style: Style, shot: Shot,
               slide_d: int, lang: str) -> tuple[list[Layer], list[Entrance]]:
    """Give every overlay element an entrance group, timed to the word that says it. A title's accent bar
    enters with it, a price with its sticker; elements never enter before the ones above them. A typed
    entrance lasts as long as typing its text takes. Role "static" (a price already said) is there from the
    start."""
    out: list[Layer] = []
    entrances: list[Entrance] = []
    group = -1
    last = shot.first
    for k, (layer, (role, when)) in enumerate(zip(layers, roles)):
        if role == "static":
            out.append(layer)
            continue
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


def _countdown(overlay: list[Layer], entrances: list[Entrance], roles: list[tuple[str, float | None]], strip: Box,
               layers: list[Layer], W: int, H: int, s: float, shot: Shot, cut: Cut) -> ProgressBar | None:
    """A bar draining from when the offer is said to the end of the ad, in the strip kept for it."""
    h = max(6, round(16 * s))
    x0 = strip[0] + (strip[2] - strip[0]) // 6
    x1 = strip[2] - (strip[2] - strip[0]) // 6
    y0 = strip[1] + round(18 * s)
    box = (x0, y0, x1, y0 + h)
    fill = max(("#FFFFFF", "#111111"), key=lambda c: min(contrast(c, b) for b in _backgrounds(box, layers, W, H)))
    by_group = {e.group: e for e in entrances}
    said = [by_group[l.group] for l, (role, _) in zip(overlay, roles)
            if role in ("chip", "price") and getattr(l, "group", None) in by_group]
    start = said[-1].start_frame if said else shot.first
    end = cut.total_frames - shot.start_frame - 2          # to the end of the ad, over the shots after this one
    if end - start < MIN_COUNTDOWN_S * shot.fps:
        return None
    return ProgressBar(box=box, fill=fill, track=fill + "40", start_frame=start, end_frame=end)


def _decorations(W: int, H: int, accent: str, rng: random.Random) -> list[Layer]:
    """Two soft accent circles, one bleeding off a top corner and one off the opposite bottom corner."""
    r1, r2 = int(min(W, H) * rng.uniform(0.35, 0.5)), int(min(W, H) * rng.uniform(0.18, 0.26))
    left = rng.random() < 0.5
    cx1 = int(W * (0.08 if left else 0.92))
    cx2 = int(W * (0.9 if left else 0.1))
    cy1, cy2 = int(H * 0.1), int(H * 0.88)
    return [ShapeLayer(box=(cx1 - r1, cy1 - r1, cx1 + r1, cy1 + r1), color=accent + "2E", radius_px=r1),
            ShapeLayer(box=(cx2 - r2, cy2 - r2, cx2 + r2, cy2 + r2), color=accent + "24", radius_px=r2)]


def _motion(rng: random.Random, strength: float) -> KenBurns:
    zin = rng.random() < 0.6
    z0, z1 = (1.0, 1.0 + strength) if zin else (1.0 + strength, 1.0)
    dx, dy = rng.uniform(-0.03, 0.03), rng.uniform(-0.03, 0.03)
    return KenBurns(zoom_from=z0, zoom_to=z1, center_from=(0.5 - dx, 0.5 - dy), center_to=(0.5 + dx, 0.5 + dy))


def _sticker(price: TextLayer, bg: list[str], zone: Box, s: float) -> tuple[ShapeLayer, TextLayer] | None:
    """A burst behind the price: its inner ellipse holds the price's box. None if it would not fit."""
    x0, y0, x1, y1 = price.box
    w, h = x1 - x0, y1 - y0
    bw, bh = int(w * 1.64) + round(24 * s), int(h * 1.64) + round(24 * s)
    if bw > zone[2] - zone[0]:
        return None
    color = STICKER[0] if min(contrast(STICKER[0], c) for c in bg) >= 1.4 else STICKER[1]
    dy = (bh - h) // 2
    cx, cy = (x0 + x1) // 2, (y0 + y1) // 2 + dy
    burst = ShapeLayer(box=(cx - bw // 2, cy - bh // 2, cx - bw // 2 + bw, cy - bh // 2 + bh), color=color,
                       shape="burst")
    return burst, price.model_copy(update={"box": (x0, y0 + dy, x1, y1 + dy)})


def view_keep(regions: tuple[tuple[float, float, float, float], ...]) -> tuple[float, float, float, float]:
    """A photo's keep-out region as one box (the product and the text on it)."""
    return union(list(regions)) or (0.0, 0.0, 1.0, 1.0)
