"""Words: whether a word is common English (misaki's US lexicon ships with the speech packages); Chinese words and
their parts of speech (jieba)."""

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


@lru_cache(maxsize=4096)
def zh_words(text: str) -> tuple[tuple[str, str], ...]:
    """Chinese text as jieba's words with their part-of-speech flags ("n" noun, "v" verb...)."""
    import logging

    import jieba
    import jieba.posseg as pseg

    jieba.setLogLevel(logging.WARNING)
    return tuple((w.word, w.flag) for w in pseg.cut(text))


def zh_inside_word(text: str, pos: int) -> bool:
    """Whether offset pos of a Chinese text falls inside a word of jieba's dictionary ("笔|试" in 教师资格证笔试,
    "水|涂" in 防水涂料), whatever way the text is segmented."""
    import jieba

    jieba.setLogLevel(40)
    jieba.initialize()
    freq = jieba.dt.FREQ
    return any(freq.get(text[s:e]) for s in range(max(0, pos - 4), pos) for e in range(pos + 1, min(len(text), s + 6) + 1))


def zh_noun_lead(text: str) -> str:
    """The nouns a Chinese phrase opens with ("狗狗胸背带防爆冲" -> 狗狗胸背带): empty when it opens otherwise."""
    out = ""
    for w, flag in zh_words(text):
        if not flag.startswith("n"):
            break
        out += w
    return out
