"""What the host said and when: Whisper-base (faster-whisper, offline) with word timestamps, cached per source.

The sound is decoded and resampled a chunk at a time (PyAV) and each chunk is transcribed before the next is
decoded, so a 4-hour recording never has its decoded audio in memory (a chunk is four minutes: 15 MB). Chunks
are cut at the quietest tenth of a second near their end, so no word is split between two. While decoding, the
level of every tenth of a second is kept (36,000 numbers an hour) for the delivery score.

Sentences are built from the words: they end at a full stop, question or exclamation mark, at a pause of
SENTENCE_GAP_S, or at the end of a Whisper segment followed by a shorter pause; never inside a word or a number.
Chinese comes out in simplified characters with Chinese punctuation (Whisper mixes in traditional characters
and ASCII commas)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from pipeline.errors import InputError

RATE = 16000
FRAME = RATE // 10               # level frames: a tenth of a second
CHUNK_S = 240.0                  # decoded and transcribed at a time (15 MB of samples)
BATCH = 8                        # 30 s windows Whisper decodes at once
CUT_SEARCH_S = 8.0               # a chunk ends at the quietest frame of its last CUT_SEARCH_S
SENTENCE_GAP_S = 0.6             # a pause this long ends a sentence
SEGMENT_GAP_S = 0.3              # ... or this long after a Whisper segment
MAX_SENTENCE_S = 15.0            # longer runs are split at their longest pause
TRANSCRIPT_VERSION = 7
MODEL_ID = "whisper-base-int8"
PROMPT = {"zh": "以下是普通话的句子。", "en": "", "ja": "以下は日本語の文です。"}
LANGS = ("zh", "en")
TERMINAL = "。！？!?…"
# what Whisper writes over music or silence when it hears no words (it learnt them from subtitles)
HALLUCINATIONS = re.compile(r"字幕|订阅|點贊|点赞|打赏|明镜|谢谢观看|謝謝觀看|Amara|thank(s| you) for watching|"
                            r"subscribe|^\W*$", re.I)


@dataclass(frozen=True)
class Word:
    text: str
    start: float
    end: float
    p: float = 1.0


@dataclass(frozen=True)
class Sentence:
    index: int
    text: str
    start: float
    end: float
    first: int           # index of its first word in Transcript.words
    last: int            # index of its last word (inclusive)


@dataclass
class Transcript:
    lang: str
    duration_s: float
    words: list[Word]
    sentences: list[Sentence]
    levels_db: list[float]              # level of each tenth of a second, dBFS
    model: str = MODEL_ID
    prompt: str = ""
    notes: list[str] = field(default_factory=list)
    picture_s: float | None = None      # where the picture ends, when that is before the sound does

    @property
    def speech_s(self) -> float:
        return sum(w.end - w.start for w in self.words)

    def to_json(self) -> dict:
        return {"version": TRANSCRIPT_VERSION, "lang": self.lang, "duration_s": round(self.duration_s, 3),
                "picture_s": self.picture_s,
                "model": self.model, "prompt": self.prompt, "notes": self.notes,
                "speech_s": round(self.speech_s, 2),
                "sentences": [asdict(s) for s in self.sentences],
                "words": [[w.text, round(w.start, 3), round(w.end, 3), round(w.p, 3)] for w in self.words],
                "levels_db": [round(x, 1) for x in self.levels_db]}

    @classmethod
    def from_json(cls, d: dict) -> Transcript:
        return cls(lang=d["lang"], duration_s=d["duration_s"], model=d["model"], prompt=d["prompt"],
                   picture_s=d.get("picture_s"),
                   notes=list(d.get("notes", [])), words=[Word(*w) for w in d["words"]],
                   sentences=[Sentence(**s) for s in d["sentences"]], levels_db=list(d["levels_db"]))

    def level(self, start: float, end: float) -> float:
        """Mean level (dB) of a span."""
        a, b = int(start * 10), max(int(start * 10) + 1, int(end * 10))
        part = self.levels_db[a:b]
        return float(np.mean(part)) if part else -90.0


def join_words(texts: list[str], lang: str) -> str:
    if lang == "en":
        return re.sub(r"\s+(?=[.,!?%;:)])", "", re.sub(r"\s+", " ", " ".join(texts))).strip()
    out = ""
    for t in texts:     # Latin words inside Chinese keep a space between them
        out += (" " if out and re.match(r"[A-Za-z0-9]", t) and re.search(r"[A-Za-z0-9]$", out) else "") + t
    return out


# ---------- decoding, a chunk at a time ----------

def _frames(container, audio, video, seen: dict, base: float):
    """The sound's decoded frames; on the way, how far the picture's packets reach (seen["picture_s"]): a file cut
    short can have more sound than picture."""
    streams = [audio] + ([video] if video is not None else [])
    tb = float(video.time_base) if video is not None and video.time_base else 0.0
    for packet in container.demux(*streams):
        if packet.stream.type == "video":
            if packet.pts is not None and tb:
                seen["picture_s"] = max(seen.get("picture_s", 0.0), (packet.pts + (packet.duration or 0)) * tb - base)
            continue
        yield from packet.decode()


def audio_chunks(path: Path, chunk_s: float = CHUNK_S, notes: list[str] | None = None,
                 seen: dict | None = None) -> Iterator[tuple[float, np.ndarray]]:
    """(offset s, mono float32 at 16 kHz) pieces of a file's sound, in order, each ending at a quiet moment.
    Gaps in the sound's timestamps are filled with silence so times stay those of the recording. `seen` gets
    "picture_s": where the picture's last packet ends."""
    import av

    chunk_n = int(chunk_s * RATE)
    search_n = int(CUT_SEARCH_S * RATE)
    buf: list[np.ndarray] = []
    buffered = 0
    offset_n = 0             # samples handed out so far
    written_n = 0            # samples decoded so far (including filled gaps)
    try:
        container = av.open(str(path))
    except Exception as e:  # noqa: BLE001
        raise InputError(f"{path}: cannot be read ({type(e).__name__}); export the recording again") from None
    with container:
        stream = container.streams.audio[0]
        base = float(container.start_time / 1e6) if container.start_time else 0.0
        resampler = av.AudioResampler(format="flt", layout="mono", rate=RATE)
        frames = _frames(container, stream, container.streams.video[0] if container.streams.video else None,
                         seen if seen is not None else {}, base)
        while True:
            try:
                frame = next(frames)
            except StopIteration:
                break
            except Exception as e:  # noqa: BLE001 - a damaged file: keep what decoded
                if notes is not None:
                    notes.append(f"the sound stops decoding at {written_n / RATE:.1f} s ({type(e).__name__}); only "
                                 "what came before is used")
                break
            if frame.time is not None:
                at = int(round((frame.time - base) * RATE))
                if at - written_n > RATE // 20:          # a gap in the sound: silence in its place
                    pad = np.zeros(at - written_n, np.float32)
                    buf.append(pad)
                    buffered += pad.size
                    written_n += pad.size
            for f in resampler.resample(frame):
                arr = f.to_ndarray().reshape(-1).astype(np.float32)
                buf.append(arr)
                buffered += arr.size
                written_n += arr.size
            if buffered >= chunk_n + search_n:
                audio = np.concatenate(buf)
                cut = _quiet_cut(audio, chunk_n - search_n, chunk_n)
                yield offset_n / RATE, audio[:cut]
                offset_n += cut
                rest = audio[cut:]
                buf, buffered = [rest], rest.size
        for f in resampler.resample(None):
            arr = f.to_ndarray().reshape(-1).astype(np.float32)
            buf.append(arr)
            buffered += arr.size
    if buffered:
        yield offset_n / RATE, np.concatenate(buf)


def _quiet_cut(audio: np.ndarray, lo: int, hi: int) -> int:
    """The start of the quietest level frame in [lo, hi) (a multiple of FRAME, so levels line up)."""
    lo, hi = (lo // FRAME) * FRAME, (hi // FRAME) * FRAME
    seg = audio[lo:hi]
    n = seg.size // FRAME
    if n == 0:
        return hi
    energy = (seg[:n * FRAME].reshape(n, FRAME) ** 2).mean(1)
    return lo + int(np.argmin(energy)) * FRAME


def levels(audio: np.ndarray) -> list[float]:
    n = int(np.ceil(audio.size / FRAME))
    if n == 0:
        return []
    padded = np.zeros(n * FRAME, np.float32)
    padded[:audio.size] = audio
    rms = np.sqrt((padded.reshape(n, FRAME) ** 2).mean(1))
    return [float(x) for x in 20 * np.log10(rms + 1e-5)]


# ---------- recognition ----------

def _simplified():
    """Traditional -> simplified Chinese (OpenCC, from the clips extra); None where it is not installed."""
    try:
        import opencc
    except ImportError:
        return None
    return opencc.OpenCC("t2s").convert


def clean_word(text: str, lang: str, t2s=None) -> str:
    t = text.strip()
    if lang == "zh":
        if t2s:
            t = t2s(t)
        t = re.sub(r",", "，", t)
        t = re.sub(r"\?", "？", t)
        t = re.sub(r"!", "！", t)
        t = re.sub(r":", "：", t)
        t = re.sub(r"(?<!\d)\.$|(?<=[\u4e00-\u9fff])\.", "。", t)
    return t


def _keep_segment(seg) -> bool:
    if seg.no_speech_prob > 0.6 and seg.avg_logprob < -1.0:
        return False
    if seg.compression_ratio > 2.4:          # "好的好的好的好的...": a decoding loop
        return False
    return not HALLUCINATIONS.search(seg.text.strip())


def recognise(chunks: Iterator[tuple[float, np.ndarray]], lang: str | None, prompt_extra: str = "",
              model=None) -> tuple[str, list[Word], list[int], list[float], float]:
    """Words of every chunk on the recording's timeline. Returns (language, words, indexes of words that end a
    Whisper segment, levels, seconds decoded). Language None: Whisper tells it from the first chunk with speech."""
    from pipeline.backends.whisper import batched_whisper

    model = model or batched_whisper()
    t2s = None
    words: list[Word] = []
    seg_ends: list[int] = []
    lv: list[float] = []
    total = 0.0
    for offset, audio in chunks:
        lv += levels(audio)
        total = offset + audio.size / RATE
        if audio.size < RATE // 4 or float(np.abs(audio).max(initial=0.0)) < 1e-3:
            continue
        prompt = (PROMPT.get(lang or "", "") + prompt_extra).strip() or None
        segs, info = model.transcribe(audio, language=lang, beam_size=1, word_timestamps=True, batch_size=BATCH,
                                      vad_parameters={"min_silence_duration_ms": 400}, initial_prompt=prompt)
        segs = list(segs)
        edges = _edge_finder(audio)
        if lang is None:
            if not any(s.words for s in segs):
                continue
            lang = info.language
            if lang not in LANGS:
                raise InputError(f"the host speaks {lang!r} (Whisper's guess, {info.language_probability:.0%} sure); "
                                 f"genvideo clips understands {', '.join(LANGS)}: pass --lang if the guess is wrong")
        if lang == "zh" and t2s is None:
            t2s = _simplified() or (lambda s: s)
        for seg in segs:
            if not _keep_segment(seg):
                continue
            first = len(words)
            for w in seg.words or []:
                text = clean_word(w.word, lang, t2s)
                a, b, before = edges(float(w.start), float(w.end))
                start, end = offset + a, offset + b
                if before is not None and words and words[-1].end < offset + before <= start:
                    words[-1] = Word(words[-1].text, words[-1].start, round(offset + before, 3), words[-1].p)
                prev = words[-1] if len(words) > first else None
                # punctuation on its own, the rest of a word ("$9" + ".99", "it" + "'s") or of a number ("59" +
                # ".9") belongs to the word before
                if prev is not None and (not re.search(r"[\w\u3400-\u9fff]", text) or
                                         (lang == "en" and not w.word[:1].isspace()) or
                                         re.search(r"\d$", prev.text) and re.match(r"[.,]?\d", text)):
                    words[-1] = Word(prev.text + text, prev.start, max(prev.end, round(end, 3)), min(prev.p, float(w.probability)))
                    continue
                if not re.search(r"[\w\u3400-\u9fff]", text):
                    continue
                if words and start < words[-1].end:
                    start = words[-1].end
                words.append(Word(text, round(start, 3), round(max(end, start + 0.02), 3), float(w.probability)))
            if words:
                seg_ends.append(len(words) - 1)
    if lang == "zh":
        words = fix_price_digits(words)
    return lang or "", words, seg_ends, lv, total


EDGE_HOP = RATE // 100            # 10 ms
PAUSE_IN_WORD_S = 0.15
EDGE_REACH_S = 0.25              # how far a word's edge may move out onto sound next to it


def _edge_finder(audio: np.ndarray):
    """A function moving a word's edges onto its sound. Whisper often gives a sentence's first word the pause
    before it (and the tail of the word before): a word that holds a pause of PAUSE_IN_WORD_S or more starts after
    it, and the sound before the pause is the previous word's (returned as its new end); an edge on silence moves
    to the sound; an edge inside sound moves out to where it starts or stops, within EDGE_REACH_S (so that a cut
    before or after the word falls in silence). 10 ms frames; quiet: under both 40 dB below the chunk's loud
    frames and 10 dB over its floor."""
    n = audio.size // EDGE_HOP
    if n < 4:
        return lambda a, b: (a, b, None)
    db = 20 * np.log10(np.sqrt((audio[:n * EDGE_HOP].reshape(n, EDGE_HOP) ** 2).mean(1)) + 1e-6)
    thr = max(float(np.percentile(db, 10)) + 10.0, float(np.percentile(db, 99)) - 40.0)
    loud = db >= thr
    run = int(PAUSE_IN_WORD_S * 100)
    reach = int(EDGE_REACH_S * 100)

    def edges(a: float, b: float) -> tuple[float, float, float | None]:
        i, j = int(a * 100), min(n, int(np.ceil(b * 100)))
        seg = loud[i:j]
        if j - i < 3 or not seg.any():
            return a, b, None
        # sound already before the start (or still after the end) that begins (ends) within reach: the word's
        if i > 0 and seg[0] and loud[i - 1]:
            quiet = np.flatnonzero(~loud[max(0, i - reach):i])
            if quiet.size:
                a = (max(0, i - reach) + int(quiet[-1]) + 1) / 100 - 0.02
        if j < n and seg[-1] and loud[j]:
            quiet = np.flatnonzero(~loud[j:j + reach])
            if quiet.size:
                b = (j + int(quiet[0])) / 100 + 0.03
        before = None
        # the last pause of `run` frames or more that has sound after it
        quiet_end, k = None, 0
        while k < seg.size:
            if not seg[k]:
                q0 = k
                while k < seg.size and not seg[k]:
                    k += 1
                if k - q0 >= run and k < seg.size:
                    quiet_end = k
                    before = (i + q0) / 100 + 0.03 if seg[:q0].any() else None
            k += 1
        if quiet_end is not None:
            a = max(a, (i + quiet_end) / 100 - 0.02)
        elif not seg[0]:
            a = max(a, min((i + int(np.argmax(seg))) / 100 - 0.02, b - 0.05))
        if not seg[-1]:
            b = min(b, max((i + int(np.flatnonzero(seg)[-1]) + 1) / 100 + 0.03, a + 0.05))
        return a, b, before
    return edges


# a digit after 块/元 said alone is often heard as a homophone (五十九块九 -> 59块酒): written as the digit
PRICE_DIGIT = re.compile(r"(?<=[\d零一二两三四五六七八九十百]块)([酒久就舅旧]|[舞午武捂]|[吧把爸]|[溜柳留]|[伞散]|[寺似])"
                         r"(?=[，。！？、,.!?\s]|$)")
DIGIT_OF = {**dict.fromkeys("酒久就舅旧", "九"), **dict.fromkeys("舞午武捂", "五"), **dict.fromkeys("吧把爸", "八"),
            **dict.fromkeys("溜柳留", "六"), **dict.fromkeys("伞散", "三"), **dict.fromkeys("寺似", "四")}


def fix_price_digits(words: list[Word]) -> list[Word]:
    """59块酒 -> 59块九, whether the homophone is inside the word with 块 or in a word after it."""
    out = list(words)
    for k, w in enumerate(out):
        before = "".join(x.text for x in out[max(0, k - 2):k])
        joined = before + w.text
        fixed = PRICE_DIGIT.sub(lambda m: DIGIT_OF[m.group(1)], joined)
        if fixed != joined:
            out[k] = Word(fixed[len(before):], w.start, w.end, w.p)
    return out


def _joins_number(a: str, b: str) -> bool:
    """Whether a break between two words would split a number ("59." + "9", "1," + "000")."""
    return bool(re.search(r"\d[.,]?$", a) and re.match(r"^[.,]?\d", b))


def build_sentences(words: list[Word], lang: str, seg_ends: set[int] | None = None) -> list[Sentence]:
    """Sentences from timed words (see the module docstring)."""
    seg_ends = seg_ends or set()
    spans: list[tuple[int, int]] = []
    start = 0
    for i, w in enumerate(words):
        last = i == len(words) - 1
        if last:
            spans.append((start, i))
            break
        nxt = words[i + 1]
        gap = nxt.start - w.end
        if _joins_number(w.text, nxt.text):
            continue
        if (w.text[-1:] in TERMINAL or (w.text.endswith(".") and lang == "en") or gap >= SENTENCE_GAP_S
                or (i in seg_ends and gap >= SEGMENT_GAP_S)):
            spans.append((start, i))
            start = i + 1
    out: list[tuple[int, int]] = []
    for a, b in spans:
        out += _split_long(words, a, b)
    return [Sentence(k, join_words([w.text for w in words[a:b + 1]], lang), words[a].start, words[b].end, a, b)
            for k, (a, b) in enumerate(out)]


def _split_long(words: list[Word], a: int, b: int) -> list[tuple[int, int]]:
    if words[b].end - words[a].start <= MAX_SENTENCE_S or b == a:
        return [(a, b)]
    # the longest pause, preferring one after a comma
    best, where = -1.0, None
    for i in range(a, b):
        if _joins_number(words[i].text, words[i + 1].text):
            continue
        gap = words[i + 1].start - words[i].end + (0.3 if words[i].text[-1:] in "，,、；;" else 0.0)
        if gap > best:
            best, where = gap, i
    if where is None:
        return [(a, b)]
    return _split_long(words, a, where) + _split_long(words, where + 1, b)


# ---------- the whole recording, cached ----------

def transcribe(path: Path, fingerprint: str, lang: str | None, cache_dir: Path | None, prompt_extra: str = "",
               progress=None) -> tuple[Transcript, bool]:
    """The recording's transcript and whether it came from the cache (cache_dir/transcripts/<key>.json)."""
    import hashlib

    def entry(language: str | None) -> Path | None:
        key = hashlib.sha256(json.dumps([fingerprint, language or "auto", prompt_extra, MODEL_ID, TRANSCRIPT_VERSION,
                                         CHUNK_S]).encode()).hexdigest()[:24]
        return cache_dir / "transcripts" / f"{key}.json" if cache_dir else None
    # language unknown: a transcript of this recording in any language (with the same prompt) is the answer
    for tried in ([lang] if lang else [None, *LANGS]):
        found = entry(tried)
        if found and found.exists():
            try:
                return Transcript.from_json(json.loads(found.read_text(encoding="utf-8"))), True
            except (ValueError, KeyError, TypeError):
                found.unlink(missing_ok=True)          # a damaged entry is made again
    cached = entry(lang)
    notes: list[str] = []

    def reported(chunks):
        for offset, audio in chunks:
            if progress:
                progress(offset)
            yield offset, audio
    seen: dict = {}
    got_lang, words, seg_ends, lv, total = recognise(reported(audio_chunks(path, notes=notes, seen=seen)), lang,
                                                     prompt_extra)
    sentences = build_sentences(words, got_lang or lang or "en", set(seg_ends))
    t = Transcript(lang=got_lang or lang or "", duration_s=total, words=words, sentences=sentences, levels_db=lv,
                   prompt=(PROMPT.get(got_lang or "", "") + prompt_extra).strip(), notes=notes,
                   picture_s=round(seen["picture_s"], 3) if seen.get("picture_s", total) < total - 0.5 else None)
    if cached:
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_name(f".{cached.name}.tmp")
        tmp.write_text(json.dumps(t.to_json(), ensure_ascii=False), encoding="utf-8")
        tmp.replace(cached)
    return t, False
