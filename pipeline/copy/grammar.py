"""The copy grammar (templates/copy/<lang>.yaml) and what it says about categories and calls to action."""

from __future__ import annotations

import re
from functools import lru_cache

import yaml

from pipeline.errors import TemplateError
from pipeline.resources import templates_dir

CATEGORIES = ("goods", "food", "beauty", "health-food", "restaurant", "local-service", "course", "app", "saas", "event")
# categories that sell like goods: the call to action is to order
GOODS_LIKE = {"goods", "food", "beauty", "health-food", "medical", "drug", "medical-device", "保健食品", "药品", "医疗器械"}
LONG_VIDEO_PLATFORMS = {"youtube", "bilibili"}


@lru_cache(maxsize=None)
def grammar(lang: str) -> dict:
    """The copy grammar of one language."""
    path = templates_dir() / "copy" / f"{lang}.yaml"
    try:
        with open(path, encoding="utf-8") as f:
            return yaml.safe_load(f)
    except (OSError, yaml.YAMLError) as e:
        raise TemplateError(f"{path}: cannot read the copy grammar ({e})") from None


def cta_category(brief) -> str:
    """Which call-to-action family fits the product: the brief's category, else guessed from its words."""
    given = (brief.product.category or "").strip().lower()
    if given in GOODS_LIKE:
        return "goods"
    if given in CATEGORIES:
        return given
    text = " ".join([brief.product.name, brief.product.description, *brief.product.features,
                     brief.product.price or "", brief.product.offer or ""]).lower()
    scores = {}
    for cat, words in grammar(brief.lang).get("category_words", {}).items():
        scores[cat] = sum(1 for w in words if w.lower() in text)
    best = max(scores.items(), key=lambda kv: kv[1], default=("goods", 0))
    return best[0] if best[1] >= 1 else "goods"


def where(brief) -> str:
    """Where the viewer finds the link: below the video, or in the description of a long-video platform."""
    g = grammar(brief.lang)["where"]
    plats = brief.platforms or []
    return g["long_video"] if plats and all(p in LONG_VIDEO_PLATFORMS for p in plats) else g["default"]


def cta_fits(text: str, category: str, lang: str) -> bool:
    """Whether a call to action uses the words that fit the category (order goods, book a table...)."""
    words = grammar(lang)["cta_words"].get(category, [])
    low = text.lower()
    return any((w.lower() in low) if lang != "en" or " " in w else re.search(rf"\b{re.escape(w.lower())}", low)
               for w in words)


def opener(sentence: str, lang: str) -> str | None:
    """The connector a sentence opens with, if it is one of the grammar's connectors."""
    s = sentence.strip().lower().lstrip("\"“")
    for c in sorted(grammar(lang)["connectors"], key=len, reverse=True):
        c = c.lower()
        if s.startswith(c) and (lang != "en" or len(s) == len(c) or not s[len(c)].isalnum()):
            return c
    return None
