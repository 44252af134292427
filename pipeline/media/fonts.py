"""The bundled caption/title font and text measurement with it."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from PIL import ImageFont

from pipeline.resources import assets_dir

BUNDLED_FONT = "NotoSansSC-Bold-GB2312-JIS0208.otf"
FONT_FAMILY = "Noto Sans CJK SC"


def font_path() -> Path:
    """GENVIDEO_FONT (a full CJK font file) if set, else the bundled GB2312 subset of Noto Sans CJK SC Bold."""
    env = os.environ.get("GENVIDEO_FONT")
    return Path(env) if env else assets_dir() / "fonts" / BUNDLED_FONT


def link_fonts_dir(folder: Path) -> Path:
    """folder/fonts holding the caption font, for libass's fontsdir (a symlink where possible)."""
    import shutil

    fonts = folder / "fonts"
    fonts.mkdir(parents=True, exist_ok=True)
    target = fonts / font_path().name
    if not target.exists():
        try:
            os.symlink(font_path(), target)
        except OSError:
            shutil.copyfile(font_path(), target)
    return fonts


@lru_cache(maxsize=64)
def pil_font(px: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_path()), px)


def text_width(text: str, px: int) -> float:
    """Advance width of text in pixels at font size px (emoji as the colour emoji font draws them)."""
    from pipeline.media.emoji import emoji_advance, has_emoji, segments

    if not has_emoji(text):
        return pil_font(px).getlength(text)
    return sum(emoji_advance(px) if e else pil_font(px).getlength(run) for e, run in segments(text))


@lru_cache(maxsize=1)
def family_name() -> str:
    """Family name libass must ask for to get the font at font_path()."""
    from fontTools.ttLib import TTFont

    f = TTFont(str(font_path()), lazy=True, fontNumber=0)
    return f["name"].getDebugName(1) or FONT_FAMILY


@lru_cache(maxsize=1)
def _cmap() -> frozenset[int]:
    from fontTools.ttLib import TTFont

    f = TTFont(str(font_path()), lazy=True, fontNumber=0)
    return frozenset(f.getBestCmap())


def missing_glyphs(text: str) -> list[str]:
    """Characters (or emoji) of text that neither the font nor the colour emoji font can draw."""
    from pipeline.media.emoji import drawable, segments

    cmap = _cmap()
    out = set()
    for is_emoji, run in segments(text):
        if is_emoji:
            if not drawable(run):
                out.add(run)
        else:
            out |= {ch for ch in run if not ch.isspace() and ord(ch) not in cmap}
    return sorted(out)
