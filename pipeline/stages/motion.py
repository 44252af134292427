"""Motion decided at plan time: when card text enters (on the word that says it), cuts and punch-ins on the
music's beats, emphasis words in the captions, detail crops of a photo. Pure functions, no I/O."""

from __future__ import annotations

import re

from pipeline.model.narration import SentenceTiming
from pipeline.model.plan import CaptionEvent, Entrance, KenBurns
from pipeline.model.style import Style

ENTRANCE_FRAMES = {"pop": 8, "slide": 9, "fade": 10, "type": 12, "pulse": 8}
SNAP_S = 0.12            # a cut moves onto a beat this close
PUNCH_ZOOM = 0.06
_PUNCT = "，。、；：！？,.;:!?\"'“”‘’()（）"


def beat_times(bpm: int, total_s: float) -> list[float]:
    """Beat times of the generated music (it starts on the first frame, one beat every 60/bpm s)."""
    beat = 60.0 / bpm
    return [k * beat for k in range(1, int(total_s / beat) + 1)]


def snap_to_beats(times: list[float], beats: list[float], free: list[bool], min_gap_s: float = 0.5) -> list[float]:
    """Cut times moved onto the nearest beat: within SNAP_S for cuts tied to a sentence, within half a beat for
    cuts that only split a long shot (free). Order and a minimum shot length are kept."""
    if not beats:
        return times
    half = (beats[1] - beats[0]) / 2 if len(beats) > 1 else beats[0] / 2
    out = list(times)
    for i in range(1, len(out)):
        b = min(beats, key=lambda x: abs(x - out[i]))
        if abs(b - out[i]) <= (half if free[i] else SNAP_S):
            lo = out[i - 1] + min_gap_s
            hi = out[i + 1] - min_gap_s if i + 1 < len(out) else float("inf")
            if lo <= b <= hi:
                out[i] = b
    return out


def punch_frames(shot_start_s: float, shot_end_s: float, beats: list[float], fps: int, every: int = 2,
                 limit: int = 2) -> list[int]:
    """Shot-relative frames of zoom punches: every `every`-th beat inside the shot, away from its edges."""
    inside = [b for b in beats if shot_start_s + 0.6 <= b <= shot_end_s - 0.4]
    picked = [b for i, b in enumerate(inside) if i % every == every - 1 or len(inside) == 1][:limit]
    return [round((b - shot_start_s) * fps) for b in picked]


def with_punches(motion: KenBurns, frames_: list[int]) -> KenBurns:
    return motion.model_copy(update={"punch_frames": frames_, "punch_zoom": PUNCH_ZOOM if frames_ else 0.0})


def _key_tokens(text: str) -> list[str]:
    """What identifies a piece of card text in the narration: its numbers, else its first word(s)."""
    nums = re.findall(r"\d+(?:[.,]\d+)?", text)
    if nums:
        return nums
    text = text.strip().strip(_PUNCT)
    if re.search(r"[\u4e00-\u9fff]", text):
        return [text[:2]] if len(text) >= 2 else [text]
    words = [w.strip(_PUNCT).lower() for w in text.split() if len(w.strip(_PUNCT)) >= 3]
    return words[:1]


def word_time(sentence: SentenceTiming | None, text: str) -> float | None:
    """Narration time (s) of the first word of `sentence` that says `text` (its number or first word)."""
    if sentence is None:
        return None
    keys = _key_tokens(text)
    if not keys:
        return None
    for w in sentence.words:
        wt = w.text.lower()
        if any(k in wt or (len(wt.strip(_PUNCT)) >= 2 and wt.strip(_PUNCT) in k) for k in keys):
            return w.start_s
    return None


TYPE_CPS = {"zh": 12.0, "ja": 12.0, "en": 30.0}   # characters typed per second (x1.3 at high energy)
TYPE_FRAMES = (6, 36)                              # a typed entrance lasts 0.2-1.2 s whatever its length


def typing_frames(text: str, lang: str, energy: str, fps: int) -> int:
    """How long typing `text` takes: a steady pace per character, faster for energetic ads, clamped."""
    n = len(typed_chars(text))
    cps = TYPE_CPS.get(lang, TYPE_CPS["en"]) * (1.3 if energy == "high" else 1.0)
    return max(TYPE_FRAMES[0], min(TYPE_FRAMES[1], round(n / cps * fps)))


def typed_chars(text: str) -> list[int]:
    """Indices of the characters that appear one by one: spaces and line breaks come with the next one, and
    joiners, variation selectors and skin-tone modifiers with the emoji they belong to."""
    import unicodedata

    return [i for i, c in enumerate(text)
            if not c.isspace() and unicodedata.category(c) not in ("Mn", "Me", "Cf", "Sk")]


def entrance(group: int, kind: str, at_frame: int, shot_frames: int, dx: int = 0, dy: int = 0,
             duration: int | None = None) -> Entrance:
    """An entrance that finishes at least half a second before the shot ends (earlier when the word is late).
    duration: frames of a typed entrance (see typing_frames); the other kinds have a fixed length."""
    d = duration if kind == "type" and duration else ENTRANCE_FRAMES[kind]
    d = min(d, max(1, shot_frames - 15))
    latest = max(0, shot_frames - d - 15)
    return Entrance(group=group, kind=kind, start_frame=max(0, min(at_frame, latest)), duration_frames=d,
                    dx=dx if kind == "slide" else 0, dy=dy if kind == "slide" else 0)


def entrance_kind(style: Style, role: str) -> str:
    """The style's entrance for an element's role: the price (and its sticker), titles (and their accent bar),
    chips (offer, call to action, url); the end card's call to action pulses unless the style only fades."""
    if role == "cta":
        return "fade" if style.entrance["chip"] == "fade" else "pulse"
    if role in ("price", "sticker"):
        return style.entrance["price"]
    if role in ("title", "bar"):
        return style.entrance["title"]
    return style.entrance["chip"]


def mark_emphasis(captions: list[CaptionEvent], name: str, lang: str) -> list[CaptionEvent]:
    """Flag caption words that carry a number, a price or the product's name."""
    if lang != "en":
        name_parts = set()
    else:
        name_parts = {w.strip(_PUNCT).lower() for w in name.split() if len(w.strip(_PUNCT)) >= 3}
    out = []
    for ev in captions:
        words = []
        for w in ev.words:
            core = w.text.strip(_PUNCT + " ")
            hit = bool(re.search(r"\d|[¥$€£%]", core))
            if not hit and core:
                hit = ((len(core) >= 2 and (core in name or name in core)) if lang != "en"
                       else core.lower() in name_parts)
            words.append(w.model_copy(update={"emphasis": hit}) if hit else w)
        out.append(ev.model_copy(update={"words": words}))
    return out


def detail_crop(size: tuple[int, int], centre: tuple[float, float], box_w: int, box_h: int,
                zoom: float = 1.8, min_zoom: float = 1.4, max_upscale: float = 3.0
                ) -> tuple[float, float, float, float] | None:
    """A window of the picture box's shape around a salient point, shown `zoom` x larger than the whole photo
    is (at least min_zoom x, at most max_upscale x its pixels). None when the photo has too few pixels."""
    iw, ih = size
    aspect = box_w / box_h
    hero = min(box_w / iw, box_h / ih)                       # scale of the whole photo, contained
    fit_w = iw if iw / ih <= aspect else ih * aspect           # widest window of the box's shape
    scale = max(min(hero * zoom, max_upscale), box_w / fit_w)
    if scale > max_upscale + 1e-6 or scale < hero * min_zoom:
        return None
    w, h = box_w / scale, box_h / scale
    cx = min(max(centre[0] * iw, w / 2), iw - w / 2)
    cy = min(max(centre[1] * ih, h / 2), ih - h / 2)
    return (round((cx - w / 2) / iw, 4), round((cy - h / 2) / ih, 4), round((cx + w / 2) / iw, 4),
            round((cy + h / 2) / ih, 4))


# An offer that ends at a time (a countdown has something to count down to): today, tonight, this week(end), a
# date, N days/hours, limited time, launch week. Offers limited to some buyers (首单, new customers) or while
# stocks last do not end at a time, so they get no countdown.
ENDS = {
    "zh": r"限时|截止|仅限(?:今|本|周|\d)|今天|今晚|今日|明天|本周|周末|倒计时|最后\s*\d*\s*[天小时]|\d+\s*(?:天|小时)内|"
          r"\d+月\d+[日号]|到\s*\d+[日号]|双(?:11|十一|12|十二)|618|活动期间",
    "ja": r"今だけ|期間限定|本日限り|本日|今日|今週|週末|\d+月\d+日|まで|終了|残り\s*\d+\s*(?:日|時間)",
    "en": r"\b(?:today|tonight|tomorrow|this week(?:end)?|(?:ends?|ending|until|till|through|thru|by)\s+\w+|"
          r"last (?:chance|day)|limited[- ]time|\d+\s*(?:days?|hours?|hrs?)\b|midnight|launch week|"
          r"(?:black friday|cyber monday))\b",
}


def ends_in_time(offer: str | None, lang: str) -> bool:
    """Whether the offer ends at some time (it then gets a countdown bar); offers for some buyers do not."""
    if not offer:
        return False
    return re.search(ENDS.get(lang, ENDS["en"]), offer, re.I) is not None or (
        lang != "en" and re.search(ENDS["en"], offer, re.I) is not None)
