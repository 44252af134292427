"""Google Translate TTS (needs a network; selectable with --tts gtts)."""

from __future__ import annotations

import io

import numpy as np

from pipeline.errors import TTSError


class GoogleTTS:
    name = "gtts"
    offline = False

    def languages(self) -> tuple[str, ...]:
        return ("zh", "en")

    def default_voice(self, lang: str) -> str:
        return {"zh": "zh-CN", "en": "en"}[lang]

    def synthesize(self, text: str, lang: str, voice: str, speed: float) -> tuple[np.ndarray, int]:
        try:
            from gtts import gTTS
            from gtts.tts import gTTSError
        except ImportError:
            raise TTSError("the gtts backend needs the gTTS package: pip install 'genvideo[gtts]'") from None
        buf = io.BytesIO()
        try:
            gTTS(text=text, lang=voice, slow=speed < 0.85).write_to_fp(buf)
        except gTTSError as e:
            raise TTSError(f"gtts could not reach Google's TTS service ({e}); check the network, "
                           "or use an offline backend: --tts piper (en) / --tts kokoro (zh, en)") from None
        except Exception as e:  # requests' connection errors and the like
            raise TTSError(f"gtts failed: {e}; use an offline backend: --tts piper or --tts kokoro") from None
        from pipeline.media.audio import decode_audio

        return decode_audio(buf.getvalue())
