"""How much two texts say the same: for scripts (character 3-grams) and for single lines (content keys).

`similarity` compares whole scripts (campaign variants). `keys` / `overlap` compare what two lines are
about: Chinese and Japanese by character bigrams without function characters, English by content words
with a crude stem, numbers as numbers; so "挑食的猫咪也爱吃" answers "猫咪挑食怎么办" and "sleep cool"
answers "I sleep hot every night".
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.text.sentences import CJK

# characters that carry no topic on their own
ZH_FUNCTION = set("的了是在也都就还和与及或而且并但又很太更最不没有着过吗呢吧啊呀哦么这那个一些把被让给对从到为以于之其"
                  "你我他她它您们咱自己每各该此等")
JA_FUNCTION = set("のはがをにでとへもやかなねよですますだったしてるいうこれそれあこそどまでからより")
EN_STOP = set("""a an the and or but so of to in on at by for with from as is are was were be been being am do does did
not no nor this that these those it its it's you your you're we our they their he she his her i my me us them
there here than then too very just only also more most less can could will would should may might must have has
had get gets got make makes made one ones all any some every each up out about into over after before again
what which who whom whose when where why how if while because than per via""".split())


EN_NUMBERS = {w: str(i) for i, w in enumerate("zero _ two three four five six seven eight nine ten eleven twelve "
                                                "thirteen fourteen fifteen sixteen seventeen eighteen nineteen "
                                                "twenty".split())}
ZH_DIGITS = {c: str(i) for i, c in enumerate("零一二三四五六七八九十")} | {"两": "2"}
LONE_ZH_NUMERAL = re.compile(r"(?<![零一二三四五六七八九十两百千万])([一二三四五六七八九十两])(?![零一二三四五六七八九十百千万])")


def _stem(word: str) -> str:
    w = word.lower().strip("'’")
    for suffix in ("ing", "ed", "es", "s", "ly"):
        if len(w) > len(suffix) + 2 and w.endswith(suffix):
            w = w[: -len(suffix)]
            # "programming" and "shipped" meet "program" and "ship"
            if suffix in ("ing", "ed") and len(w) > 3 and w[-1] == w[-2] and w[-1] not in "aeiouls":
                w = w[:-1]
            return w
    return w


@lru_cache(maxsize=4096)
def keys(text: str, lang: str) -> frozenset[str]:
    """What a line is about, as comparable keys."""
    low = text.lower()
    out = set(re.findall(r"\d+(?:\.\d+)?", low.replace(",", "")))
    out |= {EN_NUMBERS[w] for w in re.findall(r"[a-z]+", low) if w in EN_NUMBERS}
    # a lone Chinese numeral before a measure (两小时, 三秒) is the same number as its digits
    out |= {ZH_DIGITS[c] for c in LONE_ZH_NUMERAL.findall(low)}
    if lang in ("zh", "ja"):
        function = ZH_FUNCTION if lang == "zh" else JA_FUNCTION | ZH_FUNCTION
        for run in re.findall(rf"[{CJK}]+", low):
            chars = [c for c in run if c not in function]
            out |= {a + b for a, b in zip(chars, chars[1:])}
            if len(chars) == 1:
                out.add(chars[0])
        out |= {_stem(w) for w in re.findall(r"[a-z]{2,}", low) if w not in EN_STOP}
    else:
        # a hyphenated word says each of its words ("pair-program" = "pair programming", "melatonin-free")
        out |= {_stem(w) for w in re.findall(r"[a-z][a-z'’]*", low)
                if w not in EN_STOP and w not in EN_NUMBERS and len(w) > 1}
    return frozenset(out)


def overlap(a: str, b: str, lang: str) -> float:
    """Share of the smaller line's keys the other line has too (0 = unrelated, 1 = one says all of the other)."""
    ka, kb = keys(a, lang), keys(b, lang)
    if not ka or not kb:
        return 0.0
    return len(ka & kb) / min(len(ka), len(kb))


def covers(a: str, b: str, lang: str) -> float:
    """Share of line a's keys that line b says too (1 = b says all of a; b may say much more)."""
    ka, kb = keys(a, lang), keys(b, lang)
    return len(ka & kb) / len(ka) if ka else 0.0


def _ngrams(text: str, n: int = 3) -> set[str]:
    t = re.sub(r"[\s\W_]+", "", text.lower())
    return {t[i:i + n] for i in range(max(1, len(t) - n + 1))}


def similarity(a: str, b: str) -> float:
    """Character 3-gram Jaccard similarity of two scripts (0 = nothing shared, 1 = same)."""
    ga, gb = _ngrams(a), _ngrams(b)
    return len(ga & gb) / len(ga | gb) if ga | gb else 1.0
