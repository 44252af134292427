"""Finding the highlights: candidate clips made of whole sentences, scored by what sells, by delivery and by
whether they make sense alone, each score with its reasons; then the silences and fillers inside a clip cut out.

What sells (with the brief: its product's name, price, offer and selling points; without one, what any pitch
says): the product named (Chinese: matched by toneless pinyin, so Whisper's 成光 still names 晨光), a price, an
offer, a selling point, a viewer's question answered inside the clip, a demonstration, a call to action. Delivery:
faster and louder than the host's own median. Completeness: a clip does not open on a connective ("所以", "and
so"), does not end on an open question, and is as long as asked. Optional viewer comments (CSV) raise the score
where viewers reacted. Laughter is not detected (no offline model for it here): clips.json says so.

A sentence with a blocking claim finding (an absolute term said live, a cure claim...) is left out of the clip
unless allowed; its finding is recorded."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from pipeline.claims import lint_text
from pipeline.clips.transcript import Sentence, Transcript, Word, join_words
from pipeline.errors import InputError
from pipeline.model.brief import Brief
from pipeline.text.sentences import CJK, is_question, units
from pipeline.text.similarity import overlap

FPS = 30
# cutting silence and fillers inside a clip (auto-editor style)
MAX_PAUSE_S = 0.35        # a pause up to this long inside a clip stays as it is
HOLD_AFTER_S = 0.15       # a longer one is cut, keeping this much after the last word
HOLD_BEFORE_S = 0.12      # ... and this much before the next
LEAD_S = 0.12             # the clip opens this long before its first word
TAIL_S = 0.3              # ... and closes this long after its last
WEIGHTS = {"price": 3.0, "name": 2.0, "offer": 2.0, "feature": 1.0, "answer": 1.5, "demo": 1.0, "cta": 0.5,
           "brand": 1.0, "loud": 1.0, "fast": 0.5, "comments": 2.0, "connective": -1.0, "open_question": -1.0,
           "flagged": -0.5, "chatter": -0.3}

CUES = {
    "zh": {
        "price": r"(?:\d+(?:\.\d+)?|[零一二两三四五六七八九十百千万点]+)\s*(?:块钱|块|元|圆|毛)|[¥￥]\s*\d|\d+(?:\.\d+)?\s*(?:折)",
        "offer": r"立减|优惠|打折|\d+折|[一二三四五六七八九]折|限时|仅限|秒杀|福利|赠送|送[一两二三\d]|包邮|券|半价|买一送一|第二件|"
                 r"满减|特价|库存|名额|前\d+名|原价|到手价|直播间价|抢购",
        "demo": r"给(?:大家|你们)看|大家看|看这个|试一下|试给|演示|上手|倒进|冲一杯|打开给|展示|细节|摸一下|上身|实测",
        "cta": r"小黄车|下单|链接|购物车|点击|拍下|关注|加购|去拍|快抢|赶紧",
        "ask": r"有(?:朋友|人|宝宝|姐妹|家人|粉丝)(?:在)?问|弹幕|问一下|怎么样|多少钱|能不能|可不可以|(.)不\1",
        "connective": r"^(?:所以|然后|而且|但是|不过|还有|另外|因为|那么|那|并且|同时|就是说|再说)",
        "filler": r"^(?:嗯+|呃+|额+|啊+|哦+|唔+|那个|然后呢)[，。！？、]*$",
    },
    "en": {
        "price": r"[$€£]\s?\d[\d,]*(?:\.\d+)?|\b\d+(?:\.\d+)?\s*(?:dollars?|bucks|usd|euros?|pounds?)\b",
        "offer": r"\d+\s*%\s*off\b|\b(?:off|discount|deal|coupon|code|free shipping|today only|limited|bonus|save|buy one|half price|"
                 r"sale|special price|while stocks?)\b",
        "demo": r"\b(?:look at|let me show|watch (?:this|how)|see how|check (?:this|it) out|try it|here'?s how|"
                r"show you|demo|in my hand|up close)\b",
        "cta": r"\b(?:tap|click|link|add to cart|buy now|order now|grab (?:it|yours)|follow|shop now)\b",
        "ask": r"\b(?:someone|somebody|people|viewers?|you guys?) (?:asked|ask|wants to know)\b|\bquestion\b",
        "connective": r"^(?:and|but|so|also|because|which|then|plus|anyway|or)\b",
        "filler": r"^(?:um+|uh+|er+|ah+|hmm+|mm+|erm)[,.!?]*$",
    },
}


@lru_cache(maxsize=None)
def _rx(lang: str, kind: str) -> re.Pattern:
    return re.compile(CUES[lang if lang in CUES else "en"][kind], re.I)


# ---------- the product, as the brief gives it ----------

def _pinyin(text: str) -> list[str]:
    """Toneless pinyin of each CJK character; other runs (digits, Latin words) as lower-case tokens."""
    from pypinyin import lazy_pinyin

    out = []
    for run in re.findall(rf"[{CJK}]+|[A-Za-z0-9]+", text):
        out += lazy_pinyin(run) if re.match(rf"[{CJK}]", run) else [run.lower()]
    return out


def _near(a: str, b: str) -> float:
    """1 for the same syllable, 0.8 one letter apart (chen/cheng, cui/chui), else 0."""
    if a == b:
        return 1.0
    if abs(len(a) - len(b)) > 1:
        return 0.0
    if len(a) == len(b):
        return 0.8 if sum(x != y for x, y in zip(a, b)) == 1 else 0.0
    s, t = (a, b) if len(a) < len(b) else (b, a)
    return 0.8 if any(t[:i] + t[i + 1:] == s for i in range(len(t))) else 0.0


@dataclass(frozen=True)
class Product:
    """What the host sells, from the brief (all empty without one)."""

    lang: str
    name: str = ""
    price: str = ""
    offer: str = ""
    features: tuple[str, ...] = ()

    @property
    def price_numbers(self) -> set[str]:
        nums = set(re.findall(r"\d+(?:\.\d+)?", self.price.replace(",", "")))
        return nums | {n.split(".")[0] for n in nums if "." in n and len(n.split(".")[0]) >= 2}

    def name_match(self, text: str) -> tuple[float, tuple[int, int] | None]:
        """How well the text says the product's name (0-1) and where (character span), best window."""
        if not self.name:
            return 0.0, None
        if self.lang == "en":
            norm = lambda s: re.sub(r"[^a-z0-9]+", " ", s.lower()).strip()  # noqa: E731
            n = norm(self.name)
            m = re.search(rf"\b{re.escape(n)}\b", norm(text)) if n else None
            return (1.0, None) if m else (0.0, None)
        name = [p for p in _pinyin(self.name)]
        chars = [(m.start(), m.group()) for m in re.finditer(rf"[{CJK}]|[A-Za-z0-9]+", text)]
        said = _pinyin("".join(c for _, c in chars)) if chars else []
        if not name or len(said) < len(name) or len(said) != len(chars):
            return 0.0, None
        best, where = 0.0, None
        for i in range(len(said) - len(name) + 1):
            s = sum(_near(a, b) for a, b in zip(name, said[i:i + len(name)])) / len(name)
            if s > best:
                best, where = s, (chars[i][0], chars[i + len(name) - 1][0] + len(chars[i + len(name) - 1][1]))
        return best, where

    def brand_said(self, text: str) -> bool:
        """The name's first part (a brand: its first two syllables, or first word in English) is said."""
        if not self.name:
            return False
        if self.lang == "en":
            first = re.findall(r"[A-Za-z0-9]{4,}", self.name)[:1]
            return bool(first) and re.search(rf"\b{re.escape(first[0])}\b", text, re.I) is not None
        head = _pinyin(self.name)[:2]
        said = _pinyin(text)
        return len(head) == 2 and any(_near(head[0], a) >= 0.8 and _near(head[1], b) >= 0.8
                                      for a, b in zip(said, said[1:]))


def product_of(brief: Brief | None, lang: str) -> Product:
    if brief is None:
        return Product(lang)
    from pipeline.copy.names import spoken_name

    p = brief.product
    return Product(lang, spoken_name(p.name), p.price or "", p.offer or "", tuple(p.features))


NAME_MATCH = 0.75


def correct_names(t: Transcript, product: Product) -> tuple[Transcript, list[dict]]:
    """Where Whisper heard the product's name as something that sounds like it (成光冷脆咖啡 for 晨光冷萃咖啡,
    "pulse many earbuds" for Pulse Mini Earbuds), the words that say it become the name as the brief writes it.
    Only whole words are replaced, inside one sentence; their times stay."""
    if not product.name:
        return t, []
    fix = _correct_zh if t.lang == "zh" else _correct_en
    words, spans, fixes = fix(t, product)
    if not fixes:
        return t, []
    sentences = [Sentence(i, join_words([w.text for w in words[a:b + 1]], t.lang), words[a].start, words[b].end, a, b)
                 for i, (a, b) in enumerate(spans)]
    return Transcript(lang=t.lang, duration_s=t.duration_s, words=words, sentences=sentences, levels_db=t.levels_db,
                      model=t.model, prompt=t.prompt, notes=t.notes), fixes


def _letters(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.lower())


def _correct_en(t: Transcript, product: Product):
    """Windows of as many words as the name whose letters are at least 80% the name's (difflib ratio; names of
    six letters or more): each word takes the name's word, keeping its punctuation."""
    from difflib import SequenceMatcher

    words, fixes = list(t.words), []
    name = product.name.split()
    target = _letters(product.name)
    n = len(name)
    if len(target) < 6:
        return words, [[s.first, s.last] for s in t.sentences], []
    for s in t.sentences:
        i = s.first
        while i + n - 1 <= s.last:
            window = words[i:i + n]
            heard = _letters("".join(w.text for w in window))
            said = [re.sub(r"[^\w]+$", "", w.text) for w in window]
            if said != name and heard and SequenceMatcher(None, heard, target).ratio() >= 0.8 and \
                    heard[:1] == target[:1]:
                new = [Word(tok + re.search(r"[^\w]*$", w.text).group(0), w.start, w.end, w.p)
                       for tok, w in zip(name, window)]
                fixes.append({"heard": " ".join(w.text for w in window), "written": " ".join(w.text for w in new),
                              "at_s": round(window[0].start, 2)})
                words[i:i + n] = new
                i += n
                continue
            i += 1
    return words, [[s.first, s.last] for s in t.sentences], fixes


def _correct_zh(t: Transcript, product: Product):
    """By toneless pinyin (Product.name_match): the words covering the match become one word, the name."""
    words, fixes = list(t.words), []
    spans = [[s.first, s.last] for s in t.sentences]
    for si in range(len(t.sentences) - 1, -1, -1):
        s = t.sentences[si]
        score, span = product.name_match(s.text)
        if score < NAME_MATCH or span is None:
            continue
        # which words cover the span, and whether it starts on a word's edge
        pos, idx = 0, []
        for k in range(s.first, s.last + 1):
            a, b = pos, pos + len(words[k].text)
            if b > span[0] and a < span[1]:
                idx.append((k, a, b))
            pos = b
        if not idx or idx[0][1] != span[0] or "".join(w.text for w in words[s.first:s.last + 1]) != s.text:
            continue
        k0, k1, tail_end = idx[0][0], idx[-1][0], idx[-1][2]
        tail = s.text[span[1]:tail_end]
        if re.search(rf"[{CJK}A-Za-z0-9]", tail):
            continue            # the last word runs on past the name: leave it
        heard = "".join(words[k].text for k in range(k0, k1 + 1))
        fixed = product.name + tail
        if heard == fixed:
            continue
        words[k0:k1 + 1] = [Word(fixed, words[k0].start, words[k1].end, min(w.p for w in words[k0:k1 + 1]))]
        fixes.append({"heard": heard, "written": fixed, "at_s": round(words[k0].start, 2)})
        gone = k1 - k0
        spans[si][1] -= gone
        for later in spans[si + 1:]:
            later[0] -= gone
            later[1] -= gone
    return words, spans, list(reversed(fixes))


# ---------- per sentence ----------

@dataclass
class Cues:
    name: float = 0.0
    brand: bool = False
    price: str | None = None
    price_doubt: bool = False       # a price heard that is not the brief's: Whisper may have misheard it
    offer: str | None = None
    features: list[str] = field(default_factory=list)
    question: bool = False
    demo: bool = False
    cta: bool = False
    connective: bool = False
    filler: bool = False
    units: int = 0
    level_db: float = -90.0
    findings: list[dict] = field(default_factory=list)
    blocked: bool = False


def selling_cues(text: str, lang: str, product: Product) -> Cues:
    """What a piece of speech says that sells (no claim check, no delivery)."""
    c = Cues()
    c.name, _ = product.name_match(text)
    c.brand = c.name < NAME_MATCH and product.brand_said(text)
    m = _rx(lang, "price").search(text)
    nums = set(re.findall(r"\d+(?:\.\d+)?", text.replace(",", "")))
    if m:
        c.price = m.group(0)
        c.price_doubt = bool(product.price_numbers) and not product.price_numbers & nums
    elif product.price_numbers & nums:
        c.price = sorted(product.price_numbers & nums, key=len)[-1]
    m = _rx(lang, "offer").search(text)
    if m:
        c.offer = m.group(0)
    elif product.offer and overlap(text, product.offer, lang) >= 0.5:
        c.offer = product.offer
    c.features = [f for f in product.features if overlap(text, f, lang) >= 0.5]
    c.question = is_question(text) or _rx(lang, "ask").search(text) is not None
    c.demo = _rx(lang, "demo").search(text) is not None
    c.cta = _rx(lang, "cta").search(text) is not None
    c.connective = _rx(lang, "connective").search(text) is not None
    c.filler = _rx(lang, "filler").search(text.strip()) is not None
    c.units = units(text, lang)
    return c


def sentence_cues(s: Sentence, t: Transcript, product: Product, brief: Brief | None, allow_claims: bool) -> Cues:
    """A sentence's selling cues, its level, and its claim findings (blocked: left out of every clip)."""
    c = selling_cues(s.text, t.lang, product)
    c.level_db = t.level(s.start, s.end)
    if brief is not None:
        found = lint_text(s.text, f"transcript.sentences[{s.index}]", brief)
        c.findings = [{"rule": f.rule, "family": f.family, "severity": f.severity, "text": f.text,
                       "sentence": s.index, "said": s.text, "at_s": round(s.start, 2), "basis": f.basis,
                       "fix": f.suggestion} for f in found]
        c.blocked = any(f.severity == "block" for f in found) and not allow_claims
    return c


# ---------- candidates ----------

@dataclass
class Candidate:
    first: int                      # sentence indexes, inclusive
    last: int
    kept: list[int]                 # sentences kept (flagged ones left out)
    segments: list[tuple[float, float]]     # source spans played, in order
    duration_s: float
    score: float = 0.0
    parts: dict[str, float] = field(default_factory=dict)
    reasons: list[str] = field(default_factory=list)


def snap(t: float) -> float:
    return round(t * FPS) / FPS


def keep_segments(words: list[Word], sentences: list[Sentence], kept: list[int], fillers: set[int],
                  end_s: float = float("inf")) -> list[tuple[float, float]]:
    """Source spans to play: the kept sentences' words (fillers left out), pauses over MAX_PAUSE_S cut down,
    boundaries on the 30 fps frame grid. The clip opens LEAD_S before its first word and closes TAIL_S after its
    last, never reaching into a word that is not in it."""
    idx = [k for i in kept for k in range(sentences[i].first, sentences[i].last + 1) if k not in fillers]
    if not idx:
        return []
    first, last = idx[0], idx[-1]
    lo = max(words[first].start - LEAD_S, words[first - 1].end + 0.02 if first > 0 else 0.0, 0.0)
    hi = min(words[last].end + TAIL_S, words[last + 1].start - 0.02 if last + 1 < len(words) else 1e12,
             end_s - 1 / FPS)
    segs: list[list[float]] = [[lo, words[first].end]]
    for a, b in zip(idx, idx[1:]):
        w, nxt = words[a], words[b]
        gap = nxt.start - w.end
        if b == a + 1 and gap <= MAX_PAUSE_S:
            segs[-1][1] = nxt.end
            continue
        end = min(w.end + HOLD_AFTER_S, nxt.start)
        start = max(nxt.start - HOLD_BEFORE_S, end)
        # a word left out between them (a filler, a flagged sentence) is never reached into
        if b != a + 1:
            end = min(end, words[a + 1].start)
            start = max(start, words[b - 1].end)
        if start - end <= 0.04:
            segs[-1][1] = nxt.end
        else:
            segs[-1][1] = end
            segs.append([start, nxt.end])
    segs[-1][1] = hi
    out: list[tuple[float, float]] = []
    for a, b in segs:
        a, b = snap(a), snap(b)
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        elif b - a >= 1 / FPS:
            out.append((a, b))
    return out


def span_length(segments: list[tuple[float, float]]) -> float:
    return sum(b - a for a, b in segments)


class TimeMap:
    """Source time <-> clip time through the played segments."""

    def __init__(self, segments: list[tuple[float, float]]):
        self.segments = segments
        self.offsets = np.concatenate([[0.0], np.cumsum([b - a for a, b in segments])])

    @property
    def duration(self) -> float:
        return float(self.offsets[-1])

    def to_clip(self, t: float) -> float:
        for (a, b), off in zip(self.segments, self.offsets):
            if t < a:
                return float(off)
            if t <= b:
                return float(off + t - a)
        return self.duration

    def to_source(self, t: float) -> float:
        i = int(np.searchsorted(self.offsets, t, side="right") - 1)
        i = min(max(i, 0), len(self.segments) - 1)
        return self.segments[i][0] + (t - float(self.offsets[i]))


def read_comments(path: Path) -> list[float]:
    """Times (s from the recording's start) of viewer comments: a CSV with a time column (seconds, mm:ss or
    hh:mm:ss; header time/timestamp/offset/时间), one row per comment or danmaku."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(f"--comments {path}: cannot read it as UTF-8 CSV ({e}); export the comments as CSV") from None
    rows = list(csv.reader(text.splitlines()))
    if not rows:
        raise InputError(f"--comments {path}: the file is empty; pass a CSV with a time column")
    head = [h.strip().lower() for h in rows[0]]
    col = next((i for i, h in enumerate(head) if h in ("time", "timestamp", "offset", "t", "seconds", "时间",
                                                         "时间戳")), None)
    if col is None:
        raise InputError(f"--comments {path}: no time column (looked for time, timestamp, offset, seconds, 时间 in "
                         f"the header {rows[0]}); name the column with each comment's time 'time'")
    out = []
    for n, row in enumerate(rows[1:], start=2):
        if len(row) <= col or not row[col].strip():
            continue
        v = row[col].strip()
        try:
            parts = [float(x) for x in v.split(":")]
        except ValueError:
            raise InputError(f"--comments {path}: row {n}: time {v!r} is not seconds or hh:mm:ss; fix that "
                             "row") from None
        sec = 0.0
        for p in parts:
            sec = sec * 60 + p
        out.append(sec)
    return sorted(out)


def _sells(q: Cues) -> bool:
    return bool(q.name >= NAME_MATCH or q.brand or q.price or q.offer or q.features or q.question or q.demo or q.cta)


def score_candidate(c: Candidate, cues: list[Cues], t: Transcript, base: dict, comments: np.ndarray | None) -> None:
    """Fill in the candidate's score, its parts and the reasons in words."""
    kept = [cues[i] for i in c.kept]
    parts: dict[str, float] = {}
    reasons: list[str] = []
    sents = t.sentences
    name = max((q.name for q in kept), default=0.0)
    if name >= NAME_MATCH:
        parts["name"] = WEIGHTS["name"]
        reasons.append("names the product")
    elif any(q.brand for q in kept):
        parts["brand"] = WEIGHTS["brand"]
        reasons.append("names the brand")
    said = [q for q in kept if q.price]
    if said:
        q = next((q for q in said if not q.price_doubt), said[0])
        parts["price"] = WEIGHTS["price"]
        reasons.append(f"says the price ({q.price})" if not q.price_doubt else
                       f"says a price ({q.price}), not the brief's: check the words, it may be misheard")
    offer = next((q.offer for q in kept if q.offer), None)
    if offer:
        parts["offer"] = WEIGHTS["offer"]
        reasons.append(f"says the offer ({offer})")
    feats = sorted({f for q in kept for f in q.features})[:3]
    if feats:
        parts["feature"] = WEIGHTS["feature"] * len(feats)
        reasons.append("selling point" + ("s" if len(feats) > 1 else "") + ": " + "; ".join(feats))
    answered = [i for k, i in enumerate(c.kept[:-1]) if cues[i].question and not cues[c.kept[k + 1]].question]
    if answered:
        parts["answer"] = WEIGHTS["answer"]
        reasons.append(f"answers a question (“{sents[answered[0]].text}”)")
    if any(q.demo for q in kept):
        parts["demo"] = WEIGHTS["demo"]
        reasons.append("shows the product (demonstration words)")
    if any(q.cta for q in kept):
        parts["cta"] = WEIGHTS["cta"]
        reasons.append("asks viewers to act")
    # delivery: against the host's own median
    spoken = sum(sents[i].end - sents[i].start for i in c.kept)
    rate = sum(q.units for q in kept) / spoken if spoken > 0 else 0.0
    level = float(np.mean([q.level_db for q in kept])) if kept else -90.0
    rise = level - base["level_db"]
    if rise >= 1.0:
        parts["loud"] = round(min(WEIGHTS["loud"], WEIGHTS["loud"] * rise / 4.0), 2)
        reasons.append(f"louder than the host's usual (+{rise:.1f} dB)")
    if base["rate"] and rate >= base["rate"] * 1.1:
        parts["fast"] = WEIGHTS["fast"]
        reasons.append(f"lively delivery ({rate / base['rate']:.2f}x the host's usual speech rate)")
    if comments is not None and comments.size and base.get("comment_rate"):
        a, b = sents[c.first].start, sents[c.last].end
        n = int(((comments >= a) & (comments <= b)).sum())
        ratio = n / max(b - a, 1e-6) / base["comment_rate"]
        if ratio > 1.2:
            parts["comments"] = round(min(WEIGHTS["comments"], (ratio - 1.0)), 2)
            reasons.append(f"viewers reacted ({n} comments, {ratio:.1f}x the usual rate)")
    # completeness
    if cues[c.kept[0]].connective:
        parts["connective"] = WEIGHTS["connective"]
        reasons.append(f"opens mid-thought (“{sents[c.kept[0]].text[:12]}…”)")
    if cues[c.kept[-1]].question:
        parts["open_question"] = WEIGHTS["open_question"]
        reasons.append("ends on a question it does not answer")
    idle = [i for i in (c.kept[0], c.kept[-1]) if not _sells(cues[i])]
    if idle and len(c.kept) > 1:
        parts["chatter"] = WEIGHTS["chatter"] * len(set(idle))
        reasons.append("opens or closes on small talk")
    left_out = [i for i in range(c.first, c.last + 1) if i not in c.kept and cues[i].blocked]
    if left_out:
        parts["flagged"] = WEIGHTS["flagged"] * len(left_out)
        reasons.append(f"{len(left_out)} flagged sentence(s) left out")
    c.parts = parts
    c.score = round(sum(parts.values()), 2)
    c.reasons = reasons


def find_highlights(t: Transcript, cues: list[Cues], count: int, min_s: float, max_s: float,
                    comments: list[float] | None = None) -> tuple[list[Candidate], int]:
    """The best `count` clips that do not overlap, best first, and how many candidates were weighed."""
    sents, words = t.sentences, t.words
    fillers = {k for s in sents for k in range(s.first, s.last + 1)
               if _rx(t.lang, "filler").search(words[k].text.strip())}
    rates = [cues[i].units / (s.end - s.start) for i, s in enumerate(sents) if s.end - s.start > 0.3]
    base = {"rate": float(np.median(rates)) if rates else 0.0,
            "level_db": float(np.median([q.level_db for q in cues])) if cues else -90.0}
    arr = np.asarray(comments or [], float)
    if arr.size and t.duration_s > 0:
        base["comment_rate"] = arr.size / t.duration_s
    end_s = min(t.duration_s, t.picture_s or t.duration_s)       # the clip never runs past what decodes

    def candidate(i: int, j: int) -> Candidate:
        kept = [k for k in range(i, j + 1) if not (cues[k].blocked or cues[k].filler)]
        segs = keep_segments(words, sents, kept, fillers, end_s)
        return Candidate(i, j, kept, segs, round(span_length(segs), 3))
    scored: list[tuple[float, int, int]] = []       # (score, first, last): a 4-hour recording has 10^5 of them
    for i in range(len(sents)):
        if cues[i].blocked or cues[i].filler:
            continue
        for j in range(i, len(sents)):
            if sents[j].end - sents[i].start > max_s * 2.5:
                break               # silences are trimmed, but not that much
            if cues[j].blocked or cues[j].filler:
                continue
            c = candidate(i, j)
            if c.duration_s > max_s:
                break
            if c.duration_s >= min_s:
                score_candidate(c, cues, t, base, arr)
                scored.append((c.score, i, j))
    scored.sort(key=lambda x: (-x[0], x[1]))
    chosen: list[Candidate] = []
    for score, i, j in scored:
        if len(chosen) >= count or score <= 0:       # a stretch with nothing that sells is no highlight
            break
        if not any(not (j < o.first or o.last < i) for o in chosen):
            c = candidate(i, j)
            score_candidate(c, cues, t, base, arr)
            chosen.append(c)
    return chosen, len(scored)


# ---------- the hook title ----------

HOOK_CHARS = {"zh": 16, "en": 40}


def hook_title(c: Candidate, cues: list[Cues], t: Transcript, product: Product) -> str:
    """The clip's strongest sentence or clause (most of what sells, a price that may be misheard counting
    against it), as short as it can be while saying it; without the closing punctuation."""
    lang = t.lang
    limit = HOOK_CHARS.get(lang, 40)

    def strength(text: str, q: Cues) -> float:
        sells = (WEIGHTS["price"] * (bool(q.price) - 2 * q.price_doubt) + WEIGHTS["name"] * (q.name >= NAME_MATCH)
                 + WEIGHTS["offer"] * bool(q.offer) + WEIGHTS["feature"] * len(q.features) + 0.5 * q.question
                 - 0.5 * q.connective)
        return sells - 3.0 * max(0, len(text) - limit) / limit
    pieces = []
    for i in c.kept:
        text = t.sentences[i].text.strip()
        pieces.append((strength(text, cues[i]), -len(pieces), text))
        clauses = [x.strip() for x in re.split(r"(?<=[，,、；;：:])\s*", text) if x.strip()]
        if len(clauses) > 1:
            for x in clauses:
                pieces.append((strength(x, selling_cues(x, lang, product)), -len(pieces), x))
    return max(pieces)[2].rstrip("。.!！,，、;；:： ")
