"""Caption layout: break narration into pages and lines that fit the safe zone, and SRT/VTT export."""

from __future__ import annotations

import re

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


def display_line(tokens: list[str], lang: str) -> str:
    """Caption text of one line: no punctuation at its end; Chinese commas inside become spaces; no emoji
    (libass draws no colour glyphs)."""
    tokens = [strip_emoji(t) for t in tokens]
    if lang != "en":
        shown = [re.sub(r"[，、；：。]+$", " ", t) for t in tokens]
        return "".join(shown).rstrip("，。、,. ").strip()
    return " ".join(tokens).rstrip(",;:")


def _display_word(token: str, lang: str, last_in_line: bool) -> str:
    token = strip_emoji(token)
    if lang != "en":
        return token.rstrip("，、；：。") if last_in_line else re.sub(r"[，、；：。]+$", " ", token)
    return token.rstrip(",;:") if last_in_line else token


def layout_captions(narration: Narration, lang: str, style: CaptionStyle, safe_box: Box, offset_s: float,
                    fps: int, end_frame: int) -> list[CaptionEvent]:
    """Caption pages for the whole narration, bottom-centred in the safe box, never overlapping."""
    x0, y0, x1, y1 = safe_box
    max_w = (x1 - x0) * 0.96
    line_h = style.font_px + style.line_gap_px
    pages: list[tuple[list[list[WordTiming]], float, float]] = []
    for sent in narration.sentences:
        words = [w for w in sent.words if w.text.strip()]
        if not words:
            continue
        lines = break_lines([w.text for w in words], lang, style.font_px, max_w, MAX_CHARS[lang])
        per_page = LINES_PER_PAGE[lang]
        for p in range(0, len(lines), per_page):
            group = [[words[i] for i in line] for line in lines[p:p + per_page]]
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
