"""Speech rates: how fast each shipped voice speaks, measured on the voice corpus, for the writer's time estimates.

    python bench/voice_rates.py --lang zh                 # every Mandarin voice of the catalogue
    python bench/voice_rates.py --lang en --limit 12 --write   # ... and store the rates in templates/voices.yaml

The writer fits the words to the ad's length with an estimate: speech units (characters for zh and ja, words for
en, of the spoken form) divided by a rate. `genvideo script` (and `make`'s first take) use the rate of the voice
the brief will be spoken by, from the catalogue; a voice without one uses the language's default. Per voice this
prints the rate (units per second at speed 1.0, summed over the sentences, edge silence trimmed as narration trims
it) and how far the per-sentence estimate is off with that rate and with the language default (median and worst
absolute error, %): the figure that says whether one rate per voice is enough.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.backends.registry import backend_for_voice, get_tts  # noqa: E402
from pipeline.backends.tts.voices import catalogue  # noqa: E402
from pipeline.stages.narration import DEFAULT_RATES, RATE, SentenceCache, speech_units, synthesize_sentence  # noqa: E402
from pipeline.text.spoken import to_spoken  # noqa: E402


def measure(lang: str, voice: str, corpus: list[str], cache: SentenceCache) -> dict:
    tts = get_tts(backend_for_voice(voice, lang) or "kokoro")
    units, secs = [], []
    t = time.perf_counter()
    for text in corpus:
        audio, _ = synthesize_sentence(tts, to_spoken(text, lang), lang, voice, 1.0, cache)
        units.append(speech_units(to_spoken(text, lang), lang))
        secs.append(audio.size / RATE)
    rate = sum(units) / sum(secs)

    def errors(r: float) -> list[float]:
        return [abs(u / r - s) / s * 100 for u, s in zip(units, secs)]
    own, default = errors(rate), errors(DEFAULT_RATES[lang])
    return {"voice": voice, "lang": lang, "rate": round(rate, 2), "sentences": len(corpus),
            "err_median_pct": round(statistics.median(own), 1), "err_max_pct": round(max(own), 1),
            "default_err_median_pct": round(statistics.median(default), 1), "wall_s": round(time.perf_counter() - t, 1)}


def write_rates(rows: list[dict]) -> None:
    """Set `rate:` on each measured voice's line of templates/voices.yaml (comments and order kept)."""
    path = ROOT / "templates" / "voices.yaml"
    text = path.read_text(encoding="utf-8")
    for r in rows:
        line = re.search(r"^  - \{name: " + re.escape(r["voice"]) + r",.*\}$", text, re.M)
        if not line:
            continue
        body = re.sub(r", rate: [0-9.]+", "", line.group(0))
        body = re.sub(r"(backend: [\w-]+)", rf"\1, rate: {r['rate']}", body, count=1)
        text = text[:line.start()] + body + text[line.end():]
    path.write_text(text, encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lang", action="append", choices=sorted(DEFAULT_RATES), help="repeatable; default: all")
    ap.add_argument("--voices", help="comma-separated voice names (default: the catalogue's voices of the language)")
    ap.add_argument("--limit", type=int, default=16, help="corpus sentences per voice")
    ap.add_argument("--write", action="store_true", help="store the rates in templates/voices.yaml")
    ap.add_argument("--out", type=Path, help="write the rows as JSON")
    a = ap.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        cache = SentenceCache(Path(tmp))
        for lang in a.lang or sorted(DEFAULT_RATES):
            corpus = [x["written"] for x in json.loads(
                (ROOT / "bench" / "voice_corpus" / f"{lang}.json").read_text(encoding="utf-8"))][:a.limit]
            voices = a.voices.split(",") if a.voices else [v.name for v in catalogue() if v.lang == lang]
            for voice in voices:
                try:
                    row = measure(lang, voice, corpus, cache)
                except Exception as e:           # a voice whose backend is not installed is reported, not fatal
                    print(f"{lang} {voice:<20} not measured: {e}", flush=True)
                    continue
                rows.append(row)
                print(f"{lang} {voice:<20} rate {row['rate']:5.2f}/s  estimate off: median {row['err_median_pct']:4.1f}%"
                      f" max {row['err_max_pct']:5.1f}%  (language default {DEFAULT_RATES[lang]}: median "
                      f"{row['default_err_median_pct']:4.1f}%)  {row['wall_s']} s", flush=True)
    if a.write:
        write_rates(rows)
    if a.out:
        a.out.write_text(json.dumps(rows, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
