"""Narration stage: speak each script scene, measure it, place words on the timeline.

Word times come from the speech model's own phoneme durations where the backend reports them (Kokoro:
zh, en): the units it spoke (syllables, words of the spoken form) are matched to the caption's written
words character by character. Otherwise, or when the match is poor, a sentence's measured span is split
over its words by the length of their spoken form (proportional).
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Callable
from pathlib import Path

import numpy as np

from pipeline.backends.tts.voices import speech_rate
from pipeline.backends.tts.base import SOUND_LEVEL, SpokenSpan, TimedTTS, TTSBackend, speech_bounds
from pipeline.text.spoken import to_spoken
from pipeline.errors import TTSError
from pipeline.media.audio import read_wav, resample, write_wav
from pipeline.store import Store, write_json
from pipeline.store import key as store_key
from pipeline.model.narration import Narration, SentenceTiming, WordTiming
from pipeline.model.script import Script

RATE = 48000
TIMING_VERSION = 3          # part of the speech cache key of timed speech
MIN_MATCHED = 0.6           # share of a caption's letters that must find a spoken unit to use the model's times
PUNCT = re.compile(r"^[\W_]+$")
# Rates (units/s) for a voice the catalogue has not measured (templates/voices.yaml has each shipped voice's own).
DEFAULT_RATES = {"zh": 4.5, "en": 2.6, "ja": 6.5}
CALIBRATION = {
    "zh": "这是一段用来测量语速的中文句子，我们每天都会用到它。",
    "en": "This short sentence measures how fast the voice speaks, so scripts fit their time.",
    "ja": "これは話す速さを測るための短い文です。毎日使います。",
}


def speech_units(text: str, lang: str) -> float:
    """Length of text in the unit speech rate is measured in: characters (zh, ja) or words (en)."""
    if lang == "ja":
        chars = len(re.findall(r"[\u3040-\u30ff\u3400-\u9fff]", text))
        other = len(re.findall(r"[A-Za-z]+|\d", text))   # latin words and digits read as ~3 morae
        return chars + 3.0 * other
    if lang == "zh":
        han = len(re.findall(r"[\u3400-\u9fff]", text))
        other = len(re.findall(r"[A-Za-z]+|\d", text))  # latin words and digits read as ~1.5 chars
        return han + 1.5 * other
    words = len(re.findall(r"[A-Za-z']+", text))
    # numbers are read out long: "$49.99" = "forty-nine dollars and ninety-nine cents"
    numbers = sum(1 + 1.2 * len(re.findall(r"\d+", n)) for n in re.findall(r"[$€£¥]?\d[\d.,:/-]*%?", text))
    return float(words + numbers)


def split_words(text: str, lang: str) -> list[str]:
    """Caption/karaoke tokens: jieba words for zh, script runs for ja (kanji+okurigana, katakana words, Latin
    words; punctuation kept with the token before), spaces for en."""
    if lang == "ja":
        tokens = []
        for tok in re.findall(r"[\u3400-\u9fff々]+[\u3040-\u309f]{0,4}|[\u30a0-\u30ffー]+|[\u3040-\u309f]{1,6}|"
                              r"[A-Za-z0-9][A-Za-z0-9.,%'+-]*(?:[\u3400-\u9fff]|円)?|[^\s\w]|\s+", text):
            if not tok.strip() or (PUNCT.match(tok) and tokens):
                if tokens:
                    tokens[-1] += tok if tok.strip() else ""
                continue
            tokens.append(tok)
        return tokens
    if lang == "zh":
        import jieba

        jieba.setLogLevel(logging.WARNING)
        tokens: list[str] = []
        for tok in jieba.lcut(text):
            if not tok.strip():
                if tokens and tok:
                    tokens[-1] += tok
                continue
            if PUNCT.match(tok) and tokens:
                tokens[-1] += tok
            else:
                tokens.append(tok)
        return tokens
    return text.split()


def _weight(token: str, lang: str) -> float:
    """How long a caption token takes to say: the length of its spoken form (¥59.9 = 五十九块九)."""
    core = re.sub(r"[\W_]+", "", to_spoken(token, lang) if re.search(r"[\d%$¥€£A-Z]", token) else token)
    return max(len(core), 1) + (0.6 if PUNCT.search(token[-1:]) else 0)


class SentenceCache:
    """Per-sentence speech on disk, keyed by everything that changes the audio; timed speech keeps its units'
    times beside the WAV, in a file named by the WAV's own hash, so the times always belong to that audio."""

    def __init__(self, root: Path | None):
        self.root = root
        if root:
            root.mkdir(parents=True, exist_ok=True)

    def key(self, *parts: object) -> str:
        return store_key("speech", *parts)

    def _spans_file(self, key: str, wav: Path) -> Path:
        return self.root / f"{key}.{hashlib.sha256(wav.read_bytes()).hexdigest()[:16]}.spans.json"

    def _read(self, key: str) -> tuple[np.ndarray, list[SpokenSpan] | None]:
        wav = self.root / f"{key}.wav"
        spans_file = self._spans_file(key, wav)
        spans = None
        if spans_file.exists():
            spans = [SpokenSpan(*s) for s in json.loads(spans_file.read_text(encoding="utf-8"))]
        return read_wav(wav)[0], spans

    def get(self, key: str) -> tuple[np.ndarray, list[SpokenSpan] | None] | None:
        if not self.root or not (self.root / f"{key}.wav").exists():
            return None
        return self._read(key)

    def put(self, key: str, audio: np.ndarray,
            spans: list[SpokenSpan] | None = None) -> tuple[np.ndarray, list[SpokenSpan] | None]:
        """Store audio (and its units' times) unless another process stored this key first; returns what is
        stored.

        First writer wins (the store's atomic link), so parallel workers that spoke the same sentence
        all continue with one recording: speech sampling is random, and timings must agree.
        The times are written before the WAV is linked, so a stored WAV always finds its own.
        """
        if not self.root:
            return audio, spans

        def write(tmp: Path) -> None:
            write_wav(tmp, audio, RATE)
            if spans is not None:             # the times first, named by the audio they belong to
                write_json(self._spans_file(key, tmp), [[s.text, s.start_s, s.end_s] for s in spans])
        Store(self.root.parent).put_file(self.root.name, f"{key}.wav", write)
        return self._read(key)


def synthesize_sentence(tts: TTSBackend, text: str, lang: str, voice: str, speed: float,
                        cache: SentenceCache) -> tuple[np.ndarray, list[SpokenSpan] | None]:
    """One sentence at 48 kHz, trimmed of edge silence, with its spoken units' times (seconds from the start of
    the trimmed audio) when the backend reports them; from cache when already spoken."""
    timed = isinstance(tts, TimedTTS)
    key = cache.key(tts.name, voice, round(speed, 3), lang, text, *(["timed", TIMING_VERSION] if timed else []),
                    *([tts.cache_version] if getattr(tts, "cache_version", None) else []))
    hit = cache.get(key)
    if hit is not None:
        return hit
    if timed:
        audio, sr, spans = tts.synthesize_timed(text, lang, voice, speed)
    else:
        (audio, sr), spans = tts.synthesize(text, lang, voice, speed), None
    audio = resample(audio, sr, RATE)
    start, end = speech_bounds(audio, RATE)
    audio = audio[start:end]
    if audio.size < RATE * 0.1:
        raise TTSError(f"{tts.name} produced no speech for {text!r}")
    if spans:
        shift, dur = start / RATE, audio.size / RATE
        spans = [SpokenSpan(s.text, round(min(max(s.start_s - shift, 0.0), dur), 4),
                            round(min(max(s.end_s - shift, 0.0), dur), 4)) for s in spans]
        # the first word has no gap before it to take its start from: it starts where the sound does
        onset = float(np.argmax(np.abs(audio) > SOUND_LEVEL)) / RATE
        spans[0] = SpokenSpan(spans[0].text, round(min(spans[0].start_s, onset), 4), spans[0].end_s)
    peak = float(np.max(np.abs(audio)))
    if peak > 0:
        audio = audio * (0.9 / peak)  # even level across sentences; loudness is set in the mix
    return cache.put(key, audio, spans)


def measure_rate(tts: TTSBackend, lang: str, voice: str, cache: SentenceCache) -> float:
    """Speech units per second of this voice at speed 1.0, measured by speaking a calibration sentence."""
    text = CALIBRATION[lang]
    audio, _ = synthesize_sentence(tts, text, lang, voice, 1.0, cache)
    return speech_units(text, lang) / (audio.size / RATE)


def voice_rate(lang: str, voice: str | None = None, gender: str | None = None) -> float:
    """Speech units per second a voice speaks at speed 1.0: the catalogue's measured rate of the named voice (else
    of the language's default voice for the gender), else the language's default rate."""
    return speech_rate(lang, voice, gender) or DEFAULT_RATES[lang]


def estimator(rate_units_per_s: float, lang: str, speed: float) -> Callable[[str], float]:
    """Estimated seconds to speak a (written) text at `speed`: its spoken form is what takes time."""
    return lambda text: speech_units(to_spoken(text, lang), lang) / (rate_units_per_s * speed)


def narrate(script: Script, tts: TTSBackend, voice: str, out_wav: Path, cache: SentenceCache,
            speed: float | None = None) -> Narration:
    """Speak every scene, join with the pacing's pauses, write a 48 kHz mono WAV."""
    lang = script.language
    speed = speed or script.pacing.speech_speed
    pause = np.zeros(int(script.pacing.sentence_pause_s * RATE), np.float32)
    pieces: list[np.ndarray] = []
    sentences: list[SentenceTiming] = []
    cursor = 0
    for i, scene in enumerate(script.scenes):
        said = scene.spoken or to_spoken(scene.narration, lang)
        audio, spans = synthesize_sentence(tts, said, lang, voice, speed, cache)
        if pieces:
            pieces.append(pause)
            cursor += pause.size
        start, end = cursor / RATE, (cursor + audio.size) / RATE
        words = timed_words(scene.narration, lang, spans, start, end) if spans else None
        method = "phoneme-durations" if words else "proportional"
        sentences.append(SentenceTiming(scene_index=i, text=scene.narration, start_s=start, end_s=end,
                                        words=words or allocate_words(scene.narration, lang, start, end),
                                        word_timing=method))
        pieces.append(audio)
        cursor += audio.size
    full = np.concatenate(pieces) if pieces else np.zeros(0, np.float32)
    tmp = out_wav.with_suffix(".tmp.wav")
    write_wav(tmp, full, RATE)
    tmp.replace(out_wav)
    methods = {s.word_timing for s in sentences}
    return Narration(audio_file=out_wav.name, duration_s=full.size / RATE, sentences=sentences,
                     backend=tts.name, voice=voice, speed=speed,
                     word_timing=methods.pop() if len(methods) == 1 else "mixed")


def _letters(text: str) -> str:
    return re.sub(r"[\W_]+", "", text).lower()


def _align(a: str, b: str) -> list[tuple[int, int]]:
    """Index pairs of a Levenshtein alignment of two strings (matches and substitutions)."""
    n, m = len(a), len(b)
    d = np.zeros((n + 1, m + 1), np.int32)
    d[:, 0] = np.arange(n + 1)
    d[0, :] = np.arange(m + 1)
    for i in range(1, n + 1):
        ai = a[i - 1]
        row, prev = d[i], d[i - 1]
        for j in range(1, m + 1):
            row[j] = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (ai != b[j - 1]))
    pairs, i, j = [], n, m
    while i and j:
        if d[i, j] == d[i - 1, j - 1] + (a[i - 1] != b[j - 1]):
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif d[i, j] == d[i - 1, j] + 1:
            i -= 1
        else:
            j -= 1
    return pairs[::-1]


def timed_words(text: str, lang: str, spans: list[SpokenSpan], start_s: float, end_s: float) -> list[WordTiming] | None:
    """Caption words' times from the spoken units' times (seconds from the sentence's start): the written words'
    spoken letters are aligned with the letters of the units the voice said, a word runs from its first
    aligned letter to its last; words with no aligned letter share the gap between their neighbours.
    None when too little of the caption lines up (then the caller splits proportionally)."""
    words = split_words(text, lang)
    written, owner = "", []
    for i, w in enumerate(words):
        said = _letters(to_spoken(w, lang) if re.search(r"[\d%$¥€£A-Z]", w) else w)
        written += said
        owner += [i] * len(said)
    spoken, times = "", []
    for s in spans:
        letters = _letters(s.text)
        step = (s.end_s - s.start_s) / max(len(letters), 1)
        spoken += letters
        times += [(s.start_s + k * step, s.start_s + (k + 1) * step) for k in range(len(letters))]
    pairs = _align(written, spoken)
    matched = sum(written[i] == spoken[j] for i, j in pairs)
    if not written or matched < MIN_MATCHED * len(written):
        return None
    span = end_s - start_s
    first: dict[int, float] = {}
    last: dict[int, float] = {}
    for i, j in pairs:
        first.setdefault(owner[i], times[j][0])
        last[owner[i]] = times[j][1]
    starts = [first.get(i) for i in range(len(words))]
    ends = [last.get(i) for i in range(len(words))]
    i = 0
    while i < len(words):                   # words the voice said differently: share the gap they sit in
        if starts[i] is not None:
            i += 1
            continue
        k = i
        while k < len(words) and starts[k] is None:
            k += 1
        lo = ends[i - 1] if i else 0.0
        hi = starts[k] if k < len(words) else span
        weights = [_weight(w, lang) for w in words[i:k]]
        t = lo
        for n, wt in zip(range(i, k), weights):
            starts[n] = t
            t += max(hi - lo, 0.0) * wt / sum(weights)
            ends[n] = t
        i = k
    out, prev = [], 0.0
    for n, w in enumerate(words):
        s = min(max(starts[n], prev), span)
        e = min(max(ends[n], s), span)
        if n + 1 < len(words) and starts[n + 1] is not None:
            e = max(min(e, starts[n + 1]), s)
        out.append(WordTiming(text=w, start_s=round(start_s + s, 4), end_s=round(start_s + e, 4)))
        prev = s
    return out


def allocate_words(text: str, lang: str, start_s: float, end_s: float) -> list[WordTiming]:
    """Spread a sentence's measured span over its words by their spoken length."""
    words = split_words(text, lang)
    weights = [_weight(w, lang) for w in words]
    total = sum(weights) or 1.0
    span = end_s - start_s
    out, t = [], start_s
    for w, wt in zip(words, weights):
        d = span * wt / total
        out.append(WordTiming(text=w, start_s=round(t, 4), end_s=round(t + d, 4)))
        t += d
    return out
