"""Setting text in boxes: balanced lines at word boundaries, the largest size that fits, one idea per chip."""

from __future__ import annotations

import re

from pipeline.media.fonts import text_width
from pipeline.media.linebreak import break_lines, join
from pipeline.model.plan import Box, TextLayer
from pipeline.stages.narration import split_words

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


def text_block(text: str, lang: str, box: Box, px_max: int, px_min: int, color: str, *, max_lines: int = 3,
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




# separators between ideas in one line of on-screen text: commas, slashes, bullets, plus signs, " - "
_IDEAS = re.compile(r"\s*(?:[，、；;·•]|(?<!\d),(?!\d)|\s[/|｜+＋\-–—]\s)\s*")


def split_ideas(text: str | None, most: int = 2) -> list[str]:
    """One idea per chip: on-screen text split where it lists things ("三秒即溶，冷热皆宜" -> two), at most
    `most` (the first ones); a piece of one or two characters stays with the one before it."""
    if not text or not text.strip():
        return []
    out: list[str] = []
    for part in _IDEAS.split(text.strip()):
        part = part.strip(" 。.!！")
        if not part:
            continue
        if out and len(part) <= 2 and not part.isdigit():
            out[-1] = f"{out[-1]} {part}"
        else:
            out.append(part)
    return out[:most]
