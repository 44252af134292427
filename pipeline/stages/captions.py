"""Caption layout: break narration into pages and lines that fit the safe zone, and SRT/VTT export.

Pages and lines break only between words (jieba words in Chinese) and never inside what must stay whole: the
brief's names and terms (product, audience, features, price, offer, glossary) and a number with its unit
("18小时", "¥59.9", "32 hours"). Punctuation stays where it reads (commas inside a line, ? and ! at its end); a
comma or full stop ending a line is dropped, as platform captions do."""

from __future__ import annotations

import re
from collections.abc import Callable

from pipeline.media.emoji import strip_emoji
from pipeline.media.fonts import text_width
from pipeline.media.linebreak import break_lines, join
from pipeline.model.narration import Narration, WordTiming
from pipeline.model.plan import Box, CaptionEvent, CaptionStyle, CaptionWord, frames

MIN_EVENT_S = 5 / 6     # Netflix minimum event duration
MAX_CHARS = {"zh": 12, "en": 26, "ja": 14}  # short-video practice (SPECS 3)
LINES_PER_PAGE = {"zh": 1, "en": 2, "ja": 1}


def join_words(words: list[str], lang: str) -> str:
    return join(words, lang)


LINE_END_DROP = {"zh": "，、；：。,;:.", "ja": "，、；：。,;:.", "en": ",;:."}
# the brief's terms and numbers with their units stay on one line
UNITS = {
    "zh": r"%|％|元|块|毛|角|秒|分钟|小时|天|周|个月|月|年|岁|倍|次|杯|盒|包|袋|瓶|支|件|个|克|千克|公斤|斤|毫升|升|"
          r"ml|mL|L|g|kg|mg|mAh|W|cm|mm|米|厘米|毫米|寸|英寸|折|人|款|种|层|度|℃|°",
    "en": r"%|percent|hours?|hrs?|minutes?|mins?|seconds?|secs?|days?|weeks?|months?|years?|grams?|g|kg|ml|oz|"
          r"lbs?|mAh|W|x|inch(?:es)?|cm|mm|ft|GB|TB|calories|cups?|bottles?|pack",
}
UNITS["ja"] = UNITS["zh"] + r"|円|時間|日間|分"


def number_spans(text: str, lang: str) -> list[tuple[int, int]]:
    """(start, end) of every number with its currency sign and unit in text."""
    unit = UNITS.get(lang, UNITS["en"])
    sep = r"\s?" if lang == "en" else r"\s*"
    pat = rf"[¥￥$€£]?\d+(?:[.,:]\d+)*(?:{sep}(?:{unit})(?![A-Za-z]))?"
    return [(m.start(), m.end()) for m in re.finditer(pat, text)]


def keep_phrases(brief) -> tuple[str, ...]:
    """The brief's names and terms that a caption line must not split: product and audience names, features,
    price, offer, url, glossary and protected terms (at least two characters each)."""
    p = brief.product
    found = [p.name, brief.persona.name, p.price, p.offer, p.url, *p.features, *brief.glossary.keys(),
             *brief.glossary.values(), *brief.protected]
    return tuple(dict.fromkeys(t.strip() for t in found if t and len(t.strip()) >= 2))


def protected_spans(text: str, lang: str, keep: tuple[str, ...]) -> list[tuple[int, int]]:
    """Character spans of text that must stay whole: the keep phrases (and, for long ones, their words never
    split at a page) and numbers with their units."""
    spans = number_spans(text, lang)
    flags = re.I if lang == "en" else 0
    for phrase in keep:
        spans += [(m.start(), m.end()) for m in re.finditer(re.escape(phrase), text, flags)]
    return spans


def whole_words(words: list[WordTiming], lang: str, keep: tuple[str, ...],
                fits: Callable[[str], bool] = lambda text: True) -> tuple[list[WordTiming], frozenset[int]]:
    """Tokens joined where a boundary between them falls inside a protected span (one timing for the whole), as
    long as the whole still fits on a line; and the indices (in the result) of the words whose boundary before
    them is still inside a span (a phrase longer than a line: breaks there only when nothing else fits)."""
    sep = " " if lang == "en" else ""
    text, ranges = "", []
    for i, w in enumerate(words):
        if i:
            text += sep
        ranges.append((len(text), len(text) + len(w.text)))
        text += w.text
    spans = protected_spans(text, lang, keep)
    out: list[WordTiming] = []
    inside: set[int] = set()
    for i, w in enumerate(words):
        within = bool(out) and any(a < ranges[i][0] and b > ranges[i - 1][1] for a, b in spans)
        joined = out[-1].text + sep + w.text if out else ""
        if within and fits(joined):
            out[-1] = WordTiming(text=joined, start_s=out[-1].start_s, end_s=w.end_s)
            continue
        if within:
            inside.add(len(out))
        out.append(w)
    return out, frozenset(inside)


def _pages(lines: list[list[int]], per_page: int, words: list[str], lang: str, inside: frozenset[int]
           ) -> list[list[list[int]]]:
    """Lines grouped into pages of up to per_page lines; a page ends one line early when ending it after the
    full count would tear a phrase or a name (its lines then read together on the next page)."""
    from pipeline.media.linebreak import torn

    out, i = [], 0
    while i < len(lines):
        take = min(per_page, len(lines) - i)
        while take > 1 and i + take < len(lines):
            j = lines[i + take][0]
            if not (torn(words, j, lang) or j in inside):
                break
            take -= 1
        out.append(lines[i:i + take])
        i += take
    return out


def display_line(tokens: list[str], lang: str) -> str:
    """Caption text of one line: punctuation kept inside it and ? ! at its end, a comma or stop ending it
    dropped; no emoji (libass draws no colour glyphs)."""
    tokens = [strip_emoji(t) for t in tokens]
    line = join_words(tokens, lang).strip()
    return line.rstrip(LINE_END_DROP.get(lang, ",;:.") + " ")


def _display_word(token: str, lang: str, last_in_line: bool) -> str:
    token = strip_emoji(token)
    return token.rstrip(LINE_END_DROP.get(lang, ",;:.") + " ") if last_in_line else token


def layout_captions(narration: Narration, lang: str, style: CaptionStyle, safe_box: Box, offset_s: float,
                    fps: int, end_frame: int, keep: tuple[str, ...] = ()) -> list[CaptionEvent]:
    """Caption pages for the whole narration, bottom-centred in the safe box, never overlapping; never broken
    inside a word, a keep phrase or a number with its unit."""
    x0, y0, x1, y1 = safe_box
    max_w = (x1 - x0) * 0.96
    line_h = style.font_px + style.line_gap_px
    pages: list[tuple[list[list[WordTiming]], float, float]] = []
    for sent in narration.sentences:
        words, inside = whole_words([w for w in sent.words if w.text.strip()], lang, keep,
                                    lambda text: text_width(text.rstrip("，。、,. "), style.font_px) <= max_w)
        if not words:
            continue
        lines = break_lines([w.text for w in words], lang, style.font_px, max_w, MAX_CHARS[lang], inside)
        for group_lines in _pages(lines, LINES_PER_PAGE[lang], [w.text for w in words], lang, inside):
            group = [[words[i] for i in line] for line in group_lines]
            pages.append((group, group[0][0].start_s, group[-1][-1].end_s))
    events: list[CaptionEvent] = []
    for k, (group, start_s, end_s) in enumerate(pages):
        next_start = pages[k + 1][1] if k + 1 < len(pages) else None
        hold = max(end_s, start_s + MIN_EVENT_S)
        if next_start is not None:
            # Stay up through short pauses; never overlap the next page.
            hold = next_start if next_start - end_s < 0.6 else min(hold + 0.3, next_start)
        else:
            hold = hold + 0.5
        start_f = frames(start_s + offset_s, fps)
        end_f = min(frames(hold + offset_s, fps), end_frame)
        if events and start_f < events[-1].end_frame:
            start_f = events[-1].end_frame
        if end_f <= start_f:
            continue
        texts = [display_line([w.text for w in line], lang) for line in group]
        widths = [text_width(t, style.font_px) for t in texts]
        bw = int(max(widths)) + 2 * style.outline_px
        bh = len(texts) * line_h + 2 * style.outline_px
        cx = (x0 + x1) // 2
        bottom = y1 - style.outline_px
        box = (cx - bw // 2, bottom - bh, cx - bw // 2 + bw, bottom)
        cwords = []
        for li, line in enumerate(group):
            for wi, w in enumerate(line):
                ws = max(frames(w.start_s + offset_s, fps), start_f)
                we = min(max(frames(w.end_s + offset_s, fps), ws + 1), end_f)
                cwords.append(CaptionWord(text=_display_word(w.text, lang, wi == len(line) - 1), line=li, start_frame=ws, end_frame=we))
        events.append(CaptionEvent(start_frame=start_f, end_frame=end_f, lines=texts, words=cwords, box=box))
    return events


def _ts(frame: int, fps: int, sep: str) -> str:
    ms = round(frame * 1000 / fps)
    h, ms = divmod(ms, 3_600_000)
    m, ms = divmod(ms, 60_000)
    s, ms = divmod(ms, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}"


def to_srt(events: list[CaptionEvent], fps: int) -> str:
    """SubRip captions (one cue per page)."""
    out = []
    for i, e in enumerate(events, 1):
        out.append(f"{i}\n{_ts(e.start_frame, fps, ',')} --> {_ts(e.end_frame, fps, ',')}\n" + "\n".join(e.lines) + "\n")
    return "\n".join(out)


def to_vtt(events: list[CaptionEvent], fps: int) -> str:
    """WebVTT captions (one cue per page)."""
    out = ["WEBVTT\n"]
    for e in events:
        text = "\n".join(line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") for line in e.lines)
        out.append(f"{_ts(e.start_frame, fps, '.')} --> {_ts(e.end_frame, fps, '.')}\n{text}\n")
    return "\n".join(out)
