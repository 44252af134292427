"""A marketer's text as whole sentences: where sentences end, what is a list marker, what a voice cannot say.

The writer says a brief's sentence whole or not at all, so everything here finds boundaries and never cuts
inside one: a sentence ends at 。！？!?；; or at a full stop before the next capital, at a line break, at a
bullet or a " | " between items, and at an emoji between words. Brackets and quotes are never cut inside,
a decimal (3.5), an abbreviation (e.g., Dr., No. 1) or a domain (shop.example.com) is not a full stop.
"""

from __future__ import annotations

import re
import unicodedata

CJK = r"\u3040-\u30ff\u3400-\u9fff"
EMOJI = r"\U0001F000-\U0001FFFF\u2600-\u27BF\u2B00-\u2BFF"
# a list marker a line was pasted with: "• 可拆洗", "✅高弹中底", "1、轻", "- Fast", "①"
MARKER = re.compile(rf"^(?:[\s•·●▪■◆◇★☆✔✓☑➤▶►*>{EMOJI}\ufe0f]+|[\-–—]+(?!\d)|"
                    rf"#(?!\d)\s*|\d{{1,2}}[、)）]\s*|\d{{1,2}}\.(?!\d)\s+|[①-⑳]\s*)+")
ABBREVIATIONS = {"e.g", "i.e", "etc", "vs", "dr", "mr", "mrs", "ms", "st", "no", "approx", "incl", "est", "inc",
                 "co", "ltd", "jr", "sr", "mt", "ft", "oz", "lb", "lbs", "min", "mins", "hr", "hrs", "jan", "feb",
                 "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "a.m", "p.m", "reg"}
OPEN, CLOSE = "（(【[「『“\"《", "）)】]」』”\"》"
END_PUNCT = "。.!！?？;；…"


def strip_end(text: str) -> str:
    """Without surrounding space and closing punctuation (a closing bracket or quote stays)."""
    return text.strip().rstrip("。.!！;；,，、:： ")


def strip_marker(text: str) -> str:
    """A pasted line without its list marker."""
    return MARKER.sub("", text).strip() or text.strip()


def is_cjk(text: str) -> bool:
    return re.search(rf"[{CJK}]", text) is not None


def speakable(text: str) -> str:
    """Without emoji, pictographs and other symbols a voice cannot read (units like ° ℃ ㎡ stay), with
    whitespace collapsed. Nothing else changes: the words are the brief's."""
    out = "".join(ch for ch in text
                  if (unicodedata.category(ch) not in ("So", "Cs", "Co") or ch in "°℃℉" or "\u3380" <= ch <= "\u33df")
                  and ord(ch) < 0x1F000 and ch not in "\ufe0f\ufe0e\u200d")
    out = re.sub(rf"(?<=[{CJK}])\s+(?=[{CJK}])", "，", out.strip())     # a pasted list: "刻字免费 顺丰包邮"
    out = re.sub(r"\s+([,.!?;:，。！？；：、])", r"\1", out)
    out = re.sub(r"([,，、])\s*(?=[。！？.!?])", "", out)
    return re.sub(r"\s+", " ", out).strip()


def _is_abbreviation(before: str) -> bool:
    word = re.search(r"([A-Za-z.]+)$", before)
    if not word:
        return False
    w = word.group(1).lower().rstrip(".")
    return w in ABBREVIATIONS or (len(w) == 1 and w.isalpha())        # "J. Crew", "A. Smith"


def split_sentences(text: str) -> list[str]:
    """The sentences of a text, each with its closing punctuation, in order (see the module docstring)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # items pasted on one line: " | ", " · ", " • " between them, and an emoji between words
    text = re.sub(r"\s+[|｜]\s+|\s+[·•●▪]\s+", "\n", text)
    text = re.sub(rf"(?<=[\w{CJK}，。！？.!?%)）])\s*[{EMOJI}]+\ufe0f?\s*(?=[\w{CJK}])", "\n", text)
    out: list[str] = []
    for line in text.split("\n"):
        line = strip_marker(line) if line.strip() else ""
        if not line:
            continue
        out.extend(_split_line(line))
    return [s for s in (x.strip() for x in out) if s and re.search(rf"[\w{CJK}]", s)]


def _split_line(line: str) -> list[str]:
    parts, depth, start, i = [], 0, 0, 0
    n = len(line)
    while i < n:
        ch = line[i]
        if ch in OPEN and not (ch == '"' and depth > 0 and line[start:i].count('"') % 2 == 1):
            depth += 1
        elif ch in CLOSE and depth > 0:
            depth -= 1
        elif depth == 0 and ch == "…" and re.match(rf"…*\s*[{CJK}a-z]", line[i:]):
            # an ellipsis that trails a list and goes on ("薯条、鸡翅、蛋挞……按一下就行") is "and so on"
            i += len(re.match(r"…*", line[i:]).group())
            continue
        elif depth == 0 and ch in "。！？!?；;…":
            j = i + 1
            while j < n and line[j] in "。！？!?…" + CLOSE:      # "好吃！！", "?!", a closing quote
                j += 1
            parts.append(line[start:j])
            start = i = j
            continue
        elif depth == 0 and ch == "." and i + 1 < n and line[i + 1] == " ":
            nxt = line[i + 2:i + 3]
            if nxt and not nxt.islower() and not nxt.isspace() and nxt not in ",;:)" \
                    and not _is_abbreviation(line[start:i]):
                parts.append(line[start:i + 1])
                start = i + 1
        i += 1
    if start < n:
        parts.append(line[start:])
    return parts


def ends_sentence(text: str, lang: str) -> str:
    """The text with closing punctuation: as written when it has some, else a full stop of its language."""
    t = text.strip().rstrip(",，、:：;； ")
    if not t:
        return t
    if t[-1] in "。.!！?？…" or (t[-1] in CLOSE and len(t) > 1 and t[-2] in "。.!！?？…"):
        return t
    return t + ("." if lang == "en" else "。")


def is_question(text: str) -> bool:
    t = strip_end(text.rstrip("?？")) and text.strip()
    return bool(t) and (t.rstrip(CLOSE)[-1:] in "?？" or re.search(r"[吗呢]$|^(?:为什么|为啥|怎么办|怎么)", strip_end(t)) is not None)


FIRST_PERSON_EN = re.compile(r"^(?:i|i'm|i've|i'll|i'd|my|me|we|we're|we've|our)\b", re.I)
FIRST_PERSON_ZH = re.compile(r"^(?:我|我们|俺|咱)")
FIRST_PERSON_JA = re.compile(r"^(?:私|わたし|僕|ぼく|俺)")


SPEAKER_EN = re.compile(r"\b(?:i|i'm|i've|i'll|i'd|my|me|mine|myself)\b", re.I)
SPEAKER_ZH = re.compile(r"我|俺")


def speaks_as_self(text: str, lang: str) -> bool:
    """Whether the speaker talks about themselves anywhere in the text ("...that wasn't my fault?", "狗子一暴冲，
    我手都被勒红了"): said back to the viewer as a question it would change person, so it can only be quoted."""
    rx = SPEAKER_ZH if lang in ("zh", "ja") else SPEAKER_EN
    return bool(rx.search(text.strip().strip("\"“”「」'")))


def is_first_person(text: str, lang: str) -> bool:
    t = text.strip().strip("\"“”「」'")
    pattern = {"en": FIRST_PERSON_EN, "zh": FIRST_PERSON_ZH, "ja": FIRST_PERSON_JA}.get(lang, FIRST_PERSON_EN)
    return pattern.match(t) is not None


def units(text: str, lang: str) -> int:
    """Length as the ear counts it: words in English; CJK characters plus Latin words and numbers otherwise."""
    if lang == "en":
        return len(re.findall(r"[A-Za-z0-9$€£¥%]+(?:['’.-][A-Za-z0-9]+)*", text))
    return len(re.findall(rf"[{CJK}]", text)) + len(re.findall(r"[A-Za-z]+|\d+(?:\.\d+)?", text))


def cap_first(text: str) -> str:
    """English: the first letter upper-cased (a quote or bracket before it kept)."""
    m = re.search(r"[A-Za-z]", text)
    if not m or not re.fullmatch(r"[\s\"“'(]*", text[:m.start()]):
        return text
    return text[:m.start()] + text[m.start()].upper() + text[m.start() + 1:]
