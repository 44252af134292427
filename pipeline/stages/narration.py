"""Narration stage: speak each script scene, measure it, place words on the timeline."""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Callable
from pathlib import Path

import numpy as np

from pipeline.backends.tts.base import TTSBackend, trim_silence
from pipeline.copy.spoken import to_spoken
from pipeline.errors import TTSError
from pipeline.media.audio import read_wav, resample, write_wav
from pipeline.model.narration import Narration, SentenceTiming, WordTiming
from pipeline.model.script import Script

RATE = 48000
PUNCT = re.compile(r"^[\W_]+$")
# Typical measured rates (units/s) of the bundled voices, for estimates made without speaking.
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
    """Per-sentence speech on disk, keyed by everything that changes the audio."""

    def __init__(self, root: Path | None):
        self.root = root
        if root:
            root.mkdir(parents=True, exist_ok=True)

    def key(self, *parts: object) -> str:
        return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode()).hexdigest()[:24]

    def get(self, key: str) -> np.ndarray | None:
        if not self.root or not (self.root / f"{key}.wav").exists():
            return None
        return read_wav(self.root / f"{key}.wav")[0]

    def put(self, key: str, audio: np.ndarray) -> np.ndarray:
        """Store audio unless another process stored this key first; returns the stored audio.

        First writer wins (an atomic link), so parallel workers that spoke the same sentence
        all continue with one recording: speech sampling is random, and timings must agree.
        """
        if not self.root:
            return audio
        import os

        tmp = self.root / f"{key}.{os.getpid()}.tmp.wav"
        write_wav(tmp, audio, RATE)
        try:
            os.link(tmp, self.root / f"{key}.wav")
        except FileExistsError:
            pass
        finally:
            tmp.unlink(missing_ok=True)
        return read_wav(self.root / f"{key}.wav")[0]


def synthesize_sentence(tts: TTSBackend, text: str, lang: str, voice: str, speed: float,
                        cache: SentenceCache) -> np.ndarray:
    """One sentence at 48 kHz, trimmed of edge silence; from cache when already spoken."""
    key = cache.key(tts.name, voice, round(speed, 3), lang, text)
    hit = cache.get(key)
    if hit is not None:
        return hit
    audio, sr = tts.synthesize(text, lang, voice, speed)
    audio = trim_silence(resample(audio, sr, RATE), RATE)
    if audio.size < RATE * 0.1:
        raise TTSError(f"{tts.name} produced no speech for {text!r}")
    peak = float(np.max(np.abs(audio)))
    if peak > 0:
        audio = audio * (0.9 / peak)  # even level across sentences; loudness is set in the mix
    return cache.put(key, audio)


def measure_rate(tts: TTSBackend, lang: str, voice: str, cache: SentenceCache) -> float:
    """Speech units per second of this voice at speed 1.0, measured by speaking a calibration sentence."""
    text = CALIBRATION[lang]
    audio = synthesize_sentence(tts, text, lang, voice, 1.0, cache)
    return speech_units(text, lang) / (audio.size / RATE)


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
        audio = synthesize_sentence(tts, said, lang, voice, speed, cache)
        if pieces:
            pieces.append(pause)
            cursor += pause.size
        start, end = cursor / RATE, (cursor + audio.size) / RATE
        sentences.append(SentenceTiming(scene_index=i, text=scene.narration, start_s=start, end_s=end,
                                        words=allocate_words(scene.narration, lang, start, end)))
        pieces.append(audio)
        cursor += audio.size
    full = np.concatenate(pieces) if pieces else np.zeros(0, np.float32)
    tmp = out_wav.with_suffix(".tmp.wav")
    write_wav(tmp, full, RATE)
    tmp.replace(out_wav)
    return Narration(audio_file=out_wav.name, duration_s=full.size / RATE, sentences=sentences,
                     backend=tts.name, voice=voice, speed=speed, word_timing="proportional")


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
