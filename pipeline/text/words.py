"""English words: whether a word is common English (misaki's US lexicon ships with the speech packages)."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib.resources import files


@lru_cache(maxsize=1)
def lexicon() -> frozenset[str]:
    """Common English words (misaki's US lexicon, lower-case entries): a word not in it is taken for a name."""
    try:
        data = json.loads((files("misaki") / "data" / "us_gold.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, ModuleNotFoundError):
        return frozenset()
    return frozenset(w for w in data if w.islower())


_PREFIXES = {"pre", "non", "re", "un", "multi", "anti", "self", "co", "semi", "sub", "over", "under", "e", "x"}


def _known(word: str, lex: frozenset[str]) -> bool:
    """In the lexicon as written or with a common ending taken off (formulated, portioned, cleaning)."""
    if word in lex or word.isdigit():
        return True
    for end, back in (("s", ""), ("es", ""), ("ed", ""), ("ed", "e"), ("d", ""), ("ing", ""), ("ing", "e"),
                      ("ly", ""), ("er", ""), ("ers", "")):
        if word.endswith(end) and len(word) > len(end) + 2 and word[: -len(end)] + back in lex:
            return True
    return False


def is_common_word(word: str) -> bool:
    """Whether a lower-case word is common English (compounds: every part is); True when no lexicon."""
    lex = lexicon()
    if not lex:
        return True
    parts = [x for x in re.split(r"[-']", word) if x and x not in _PREFIXES]
    return all(_known(x, lex) for x in parts) if parts else True
