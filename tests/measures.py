"""Measures of a finished cut shared by the tests and bench/bench_frames.py."""

from __future__ import annotations

import re
import unicodedata

from pipeline.model.plan import CaptionEvent

LEANING = set("的地得了着过们吗呢吧啊呀嘛么")
LEAD_WORDS = {"a", "an", "the", "of", "to", "for", "with", "and", "or", "in", "on", "at", "by", "your", "our", "my",
              "its", "their", "from", "into"}
UNIT_SPANS = {
    "zh": r"[¥￥$]?\d+(?:\.\d+)?\s*(?:%|元|块|秒|分钟|小时|天|周|个月|年|岁|倍|次|杯|盒|包|瓶|支|件|个|克|毫升|升|"
          r"ml|g|kg|mAh|W|cm|mm|米|折|人|款|度)?",
    "en": r"[$€£¥]?\d+(?:[.,]\d+)*(?:\s?(?:%|percent|hours?|minutes?|mins?|seconds?|days?|weeks?|months?|years?|"
          r"grams?|g|kg|ml|oz|lbs?|mAh|W|x))?\b",
}


def _kept(c: str) -> bool:
    return not (c.isspace() or unicodedata.category(c).startswith("P"))


def _stripped(text: str) -> tuple[str, list[int]]:
    """Text without spaces and punctuation, and for each original index its offset in that text."""
    out, where = [], []
    for c in text:
        where.append(len(out))
        if _kept(c):
            out.append(c)
    return "".join(out), where


def page_splits(events: list[CaptionEvent], sentences: list[str], lang: str, keep: tuple[str, ...] = ()
                ) -> list[str]:
    """Caption page breaks that split something: inside a word (jieba's, for Chinese), inside one of the brief's
    names or terms or a number with its unit, or a phrase torn at a particle (Chinese: a page starting with 的,
    了...) or after an article or preposition (English: a page ending with "a", "the", "of"...). Each as
    'left | right'."""
    pages = ["".join(c for c in "".join(ev.lines) if _kept(c)) for ev in events]
    found = []
    k = 0
    for sent in sentences:
        flat, where = _stripped(sent)
        # page ends inside this sentence, as offsets in the stripped sentence
        pos, ends = 0, []
        while k < len(pages) and pos < len(flat):
            page = pages[k]
            if not flat.startswith(page, pos):
                break
            pos += len(page)
            k += 1
            if pos < len(flat):
                ends.append(pos)
        if not ends:
            continue
        if lang == "zh":
            import jieba

            words, at = [], 0
            for w in jieba.lcut(sent):
                at += len(w)
                words.append(at)
            bounds = {where[i] if i < len(where) else len(flat) for i in words}
        else:
            bounds = {where[m.start()] for m in re.finditer(r"\S+", sent)} | {len(flat)}
        spans = []
        for phrase in keep:
            for m in re.finditer(re.escape(phrase), sent, re.I if lang == "en" else 0):
                spans.append((where[m.start()], where[m.end() - 1] + 1))
        for m in re.finditer(UNIT_SPANS.get(lang, UNIT_SPANS["en"]), sent):
            if m.end() > m.start():
                spans.append((where[m.start()], where[m.end() - 1] + 1))
        words_en = [(where[m.start()], m.group()) for m in re.finditer(r"\S+", sent)]
        for o in ends:
            bad = o not in bounds or any(a < o < b for a, b in spans)
            if lang == "zh" and flat[o] in LEANING:
                bad = True
            if lang == "en":
                before = [w for start, w in words_en if start < o]
                last = re.sub(r"\W", "", before[-1]).lower() if before else ""
                bad = bad or last in LEAD_WORDS
            if bad:
                found.append(f"{flat[max(0, o - 6):o]} | {flat[o:o + 6]}")
    return found
