"""Terms a translation must not touch: glossary entries, brand names, model codes, URLs, prices.

Each is replaced by a numbered token before translation and put back after (a glossary term as its given
translation); the result is checked: every token back exactly once, every number of the source present."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

TOKEN = "[{}]"                      # e.g. [1]; small models copy bracketed numbers faithfully
_TOKEN_RE = re.compile(r"\[(\d+)\]")
_AUTO = [
    r"(?:https?://|www\.)[A-Za-z0-9./?=&%_~#:+-]*[A-Za-z0-9/]|\b[A-Za-z0-9.-]+\.(?:com|cn|net|org|io|shop|store|co)"
    r"(?:/[A-Za-z0-9./?=&%_~#+-]*)?\b",                                                        # URLs, domains
    r"[\w.+-]+@[\w-]+\.[\w.]+",                                                              # e-mail
    r"[¥$€£￥]\s?\d[\d,]*(?:\.\d+)?(?:\s?(?:/|per )\s?[A-Za-z]+)?|\d[\d,]*(?:\.\d+)?\s?(?:元|块|RMB|CNY|USD|EUR|GBP|JPY|円)",  # prices
    r"\b(?=[A-Za-z0-9-]*\d)(?=[A-Za-z0-9-]*[A-Za-z])[A-Za-z0-9][A-Za-z0-9-]{1,}\b",        # model codes: X9, AB-200
    r"@[\w.]+|#[\w\u4e00-\u9fff]+",                                                          # handles, hashtags
]


@dataclass
class Masked:
    text: str
    values: dict[int, str] = field(default_factory=dict)     # token number -> what goes back


def _numbers(text: str) -> list[str]:
    return [n.replace(",", "") for n in re.findall(r"\d[\d,]*(?:\.\d+)?", text)]


def _price_for(value: str, target: str) -> str:
    """A price as written for the target language, same currency and amount: 10元 -> ¥10 in English; a
    yuan price stays in 元 for Japanese readers (to whom ¥ means yen)."""
    m = re.fullmatch(r"(\d[\d,]*(?:\.\d+)?)\s?(元|块)", value)
    if m and target == "en":
        return f"¥{m.group(1)}"
    m = re.fullmatch(r"[¥￥]\s?(\d[\d,]*(?:\.\d+)?)", value)
    if m and target == "ja":
        return f"{m.group(1)}元"
    return value


def mask(text: str, glossary: dict[str, str], protected: list[str], start: int = 1, target: str = "en") -> Masked:
    """text with glossary terms, protected terms and auto-detected codes/prices/URLs replaced by tokens."""
    values: dict[int, str] = {}
    n = start
    spans: list[tuple[int, int, str]] = []
    literal = sorted({**{k: v for k, v in glossary.items()}, **{p: p for p in protected}}.items(),
                     key=lambda kv: -len(kv[0]))
    taken = [False] * len(text)

    def claim(a: int, b: int, value: str) -> None:
        if not any(taken[a:b]):
            spans.append((a, b, value))
            for i in range(a, b):
                taken[i] = True

    for term, value in literal:
        if term:
            for m in re.finditer(re.escape(term), text):
                claim(m.start(), m.end(), value)
    for pat in _AUTO:
        for m in re.finditer(pat, text):
            claim(m.start(), m.end(), _price_for(m.group(0), target))
    out, pos = [], 0
    for a, b, value in sorted(spans):
        out.append(text[pos:a])
        out.append(TOKEN.format(n))
        values[n] = value
        n += 1
        pos = b
    out.append(text[pos:])
    return Masked("".join(out), values)


def unmask(text: str, masked: Masked) -> str:
    return _TOKEN_RE.sub(lambda m: masked.values.get(int(m.group(1)), m.group(0)), text)


def _in_jis(ch: str) -> bool:
    """Whether a Han character is in JIS X 0208 (Japanese text); simplified-only forms like 减 仅 单 are not."""
    try:
        ch.encode("euc_jp")
        return True
    except UnicodeEncodeError:
        return False


def problems(source: str, masked: Masked, translated: str, target_lang: str) -> list[str]:
    """What is wrong with a translation of `source` (its masked form) into `translated` (still masked)."""
    out = []
    got = [int(t) for t in _TOKEN_RE.findall(translated)]
    for k, v in masked.values.items():
        if got.count(k) != 1:
            out.append(f"{v!r} {'missing' if not got.count(k) else 'repeated'}")
    final = unmask(translated, masked)
    have = _numbers(final)
    zero = {"en": r"\b(?:no|zero|free|without)\b", "zh": r"[零无不免]", "ja": r"ゼロ|無|不使用|なし|フリー"}.get(
        target_lang)
    for num in _numbers(source):
        if num in have:
            have.remove(num)
        elif num == "0" and zero and re.search(zero, final, re.I):
            continue            # "0添加" is "no added ...": zero said in words is the same number
        else:
            out.append(f"number {num} missing")
    if target_lang == "ja":
        kept = "".join(masked.values.values())
        chinese = [c for c in final if "\u4e00" <= c <= "\u9fff" and c not in kept and not _in_jis(c)]
        if chinese:
            out.append(f"Chinese characters {''.join(dict.fromkeys(chinese))!r}: not translated into Japanese")
        elif not re.search(r"[\u3040-\u30ff]", final) and re.search(r"[\u4e00-\u9fff]{4,}", final):
            out.append("no kana: not translated into Japanese")
    if target_lang == "en":
        kept = set(masked.values.values())
        han = re.findall(r"[\u4e00-\u9fff]+", final)
        leftover = [h for h in han if not any(h in k for k in kept)]
        if leftover and target_lang == "en":
            out.append(f"untranslated {''.join(leftover)!r}")
    elif not re.search(r"[\u4e00-\u9fff]", final) and re.search(r"[A-Za-z]{3,}", unmask(masked.text, masked)):
        out.append("not translated into Chinese")
    return out
