"""The copy grammar (templates/copy/<lang>.yaml) and what it says about categories and calls to action."""

from __future__ import annotations

import re
from functools import lru_cache

import yaml

from pipeline.errors import TemplateError
from pipeline.resources import templates_dir

CATEGORIES = ("goods", "food", "beauty", "health-food", "restaurant", "cafe", "local-service", "clinic", "fitness",
              "lodging", "finance", "course", "app", "saas", "event")
# categories that sell like goods: the call to action is to order
GOODS_LIKE = {"goods", "food", "beauty", "health-food", "medical", "drug", "medical-device", "保健食品", "药品", "医疗器械"}
# other names a brief may give its category
CATEGORY_ALIASES = {
    "hotel": "lodging", "travel": "lodging", "homestay": "lodging", "hospitality": "lodging", "bnb": "lodging",
    "dental": "clinic", "medical-service": "clinic", "beauty-clinic": "clinic", "medspa": "clinic",
    "insurance": "finance", "bank": "finance", "fintech": "finance", "investment": "finance",
    "gym": "fitness", "sports": "fitness", "yoga": "fitness",
    "bakery": "cafe", "coffee": "cafe", "coffee-shop": "cafe", "tea-shop": "cafe", "dessert": "cafe",
    "service": "local-service", "education": "course", "software": "saas",
}
# where a language's grammar has no calls to action of its own for a category, the family it acts like
CTA_FALLBACK = {"cafe": "restaurant", "clinic": "local-service", "fitness": "local-service",
                "lodging": "local-service", "finance": "saas"}
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


def mentions(word: str, text: str) -> bool:
    """Whether text uses word: Latin words whole (with a plural -s/-es; 'invoic*' is a stem), so 'app' is not
    found in 'appointments' or 'wrapping'; Chinese and Japanese words anywhere."""
    w = word.lower()
    if not re.search(r"[a-z]", w):
        return w in text
    if w.endswith("*"):
        return re.search(rf"(?<![a-z]){re.escape(w[:-1])}", text) is not None
    return re.search(rf"(?<![a-z]){re.escape(w)}(?:s|es)?(?![a-z])", text) is not None


def category_of(brief) -> str:
    """What is sold: the brief's category (or an alias of one), else guessed from its words. A guess needs
    the most distinct category words of any category and beats 'goods' words; ties stay goods."""
    given = (brief.product.category or "").strip().lower()
    given = CATEGORY_ALIASES.get(given, given)
    if given in GOODS_LIKE:
        return "goods"
    if given in CATEGORIES:
        return given
    name = brief.product.name.lower()
    text = " ".join([name, brief.product.description, *brief.product.features, brief.product.price or "",
                     brief.product.offer or ""]).lower()
    # a word in the name counts twice; an English guess needs two points (one simile, "smells like a cabin",
    # does not make candles a hotel), a Chinese or Japanese word is specific enough alone
    scores = {cat: sum(1 + mentions(w, name) for w in words if mentions(w, text))
              for cat, words in grammar(brief.lang).get("category_words", {}).items()}
    goods = scores.pop("goods", 0)
    best = max(scores.items(), key=lambda kv: kv[1], default=("goods", 0))
    return best[0] if best[1] >= (2 if brief.lang == "en" else 1) and best[1] > goods else "goods"


def cta_category(brief) -> str:
    """Which call-to-action family fits the product in the brief's language (the category, or the family it
    acts like where the language's grammar has no calls to action of its own for it)."""
    cat = category_of(brief)
    g = grammar(brief.lang)
    if cat not in g.get("cta", {}) or cat not in g.get("cta_words", {}):
        cat = CTA_FALLBACK.get(cat, "goods")
    return cat


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
