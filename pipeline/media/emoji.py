"""Colour emoji on cards: the bundled Twemoji COLR font, drawn by Pillow next to the text font.

Text is split into emoji and text runs; each emoji is drawn in a square one font-size wide, sitting on the
text's baseline like a CJK ideograph. libass (captions) cannot draw colour glyphs, so captions leave emoji out."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, features

from pipeline.resources import assets_dir

EMOJI_FONT = "Twemoji-COLR.ttf"
EMOJI_SCALE = 0.92        # Twemoji fills its em; a little smaller matches the weight of the Han glyphs
GAP = 0.05                # space each side of an emoji, x its size

_CP = ("\U0001F1E6-\U0001F1FF\U0001F300-\U0001F5FF\U0001F600-\U0001F64F\U0001F680-\U0001F6FF"
       "\U0001F700-\U0001F7FF\U0001F780-\U0001F7FF\U0001F800-\U0001F8FF\U0001F900-\U0001F9FF"
       "\U0001FA00-\U0001FAFF\u2600-\u27BF\u2300-\u23FF\u2B00-\u2BFF\U0001F000-\U0001F1FF"
       "\u2934\u2935\u3030\u303D\u3297\u3299\u203C\u2049")
EMOJI_RE = re.compile(
    "(?:[\U0001F1E6-\U0001F1FF]{2}"                                   # flags
    "|[0-9#*]\uFE0F?\u20E3"                                           # keycaps
    f"|[{_CP}][\uFE0F\U0001F3FB-\U0001F3FF]*"                         # with VS16 / skin tone
    f"(?:\u200D[{_CP}][\uFE0F\U0001F3FB-\U0001F3FF]*)*"               # ZWJ sequences
    "|\U0001F3F4[\U000E0020-\U000E007F]+)")                           # subdivision flags
_IGNORABLE = {0xFE0F, 0xFE0E, 0x200D, 0x20E3}


def emoji_font_path() -> Path:
    return assets_dir() / "fonts" / EMOJI_FONT


def segments(text: str) -> list[tuple[bool, str]]:
    """(is_emoji, run) pairs covering text."""
    out, pos = [], 0
    for m in EMOJI_RE.finditer(text):
        if m.start() > pos:
            out.append((False, text[pos:m.start()]))
        out.append((True, m.group()))
        pos = m.end()
    if pos < len(text):
        out.append((False, text[pos:]))
    return out


def has_emoji(text: str) -> bool:
    return bool(EMOJI_RE.search(text))


def strip_emoji(text: str) -> str:
    """Text without its emoji (and without the double spaces they leave)."""
    return re.sub(r"  +", " ", EMOJI_RE.sub("", text)).strip() if has_emoji(text) else text


@lru_cache(maxsize=1)
def _cmap() -> frozenset[int]:
    from fontTools.ttLib import TTFont

    return frozenset(TTFont(str(emoji_font_path()), lazy=True).getBestCmap())


@lru_cache(maxsize=32)
def _font(px: int) -> ImageFont.FreeTypeFont:
    layout = ImageFont.Layout.RAQM if features.check("raqm") else ImageFont.Layout.BASIC
    return ImageFont.truetype(str(emoji_font_path()), px, layout_engine=layout)


@lru_cache(maxsize=1024)
def resolve(seq: str) -> str | None:
    """What to draw for an emoji sequence: itself if the font shapes it to one glyph, else its first emoji
    (a skin tone or ZWJ tail dropped), else None (a flag the font lacks)."""
    cmap = _cmap()
    flag = 0x1F1E6 <= ord(seq[0]) <= 0x1F1FF
    if not all(ord(c) in cmap or ord(c) in _IGNORABLE for c in seq):
        return seq[0] if ord(seq[0]) in cmap and not flag else None
    font = _font(64)
    if font.getlength(seq) <= font.getlength("\U0001F600") * 1.2:
        return seq
    return None if flag else seq[0]


def drawable(seq: str) -> bool:
    return resolve(seq) is not None


@lru_cache(maxsize=512)
def emoji_image(seq: str, px: int) -> Image.Image:
    """One emoji as an RGBA px x px image (transparent where the font has nothing)."""
    out = Image.new("RGBA", (px, px), (0, 0, 0, 0))
    shown = resolve(seq)
    if shown is None or px < 2:
        return out
    font = _font(px)
    left, top, right, bottom = font.getbbox("\U0001F600", anchor="ls")   # the em box, not this glyph's ink
    w, h = max(right - left, 1), max(bottom - top, 1)
    canvas = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    ImageDraw.Draw(canvas).text((-left, -top), shown, font=font, embedded_color=True, anchor="ls")
    k = px / max(w, h)
    nw, nh = max(1, round(w * k)), max(1, round(h * k))
    if (nw, nh) != (w, h):
        canvas = canvas.resize((nw, nh), Image.Resampling.LANCZOS)
    out.paste(canvas, ((px - nw) // 2, (px - nh) // 2))
    return out


def emoji_advance(px: int) -> float:
    """Horizontal space one emoji takes in a line of px text."""
    return round(px * EMOJI_SCALE) * (1 + 2 * GAP)


def draw_line(canvas: Image.Image, x: float, baseline: float, text: str, font: ImageFont.FreeTypeFont,
              fill, stroke_width: int = 0, stroke_fill=None) -> float:
    """Draw text (emoji in colour) on a baseline starting at x; returns the x after it."""
    d = ImageDraw.Draw(canvas)
    px = round(font.size * EMOJI_SCALE)
    for is_emoji, run in segments(text):
        if is_emoji:
            if not drawable(run):
                continue
            glyph = emoji_image(run, px)
            canvas.alpha_composite(glyph, (round(x + GAP * px), round(baseline - 0.88 * px)))
            x += emoji_advance(font.size)
        else:
            d.text((x, baseline), run, font=font, fill=fill, anchor="ls", stroke_width=stroke_width,
                   stroke_fill=stroke_fill)
            x += font.getlength(run)
    return x
