"""What the packaged model adds as the built-in writer's judge, and what it costs, side by side in one run.

    python bench/bench_llm.py                          # the copy corpus (tests/data/copy)
    python bench/bench_llm.py --briefs bench/copy_review/dev-3/briefs --limit 12

For every brief: the built-in writer's script and the judged writer's (`--llm local`), timed; how often the judge
changed the words (a frame's option, a hook's answer, a list joined into one sentence) and whether both pass the
shared checks. Whether the changes read better is for graders (docs/copy-review.md), not for this script.
"""

from __future__ import annotations

import argparse
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
from pipeline.stages.scripting import draft_script  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--briefs", type=Path, default=ROOT / "tests" / "data" / "copy")
    ap.add_argument("--limit", type=int, default=0, help="at most this many briefs (0: all)")
    a = ap.parse_args()
    paths = sorted(a.briefs.glob("*.json"))
    paths = paths[:a.limit] if a.limit else paths
    builtin, local = get_llm("builtin"), get_llm("local")
    t = time.perf_counter()
    local.judge.score("warm-up", "en")                     # the model's load, counted apart
    load_s = time.perf_counter() - t
    rows = []
    for path in paths:
        brief, _ = read_brief_file(path)
        t = time.perf_counter()
        a_script = draft_script(brief, builtin)
        a_s = time.perf_counter() - t
        calls = local.judge.calls
        t = time.perf_counter()
        b_script = draft_script(brief, local)
        b_s = time.perf_counter() - t
        a_lines = [s.narration for s in a_script.scenes]
        b_lines = [s.narration for s in b_script.scenes]
        rows.append({"brief": path.stem, "lang": brief.lang, "builtin_s": a_s, "local_s": b_s,
                     "judge_calls": local.judge.calls - calls, "changed": a_lines != b_lines,
                     "lines_changed": len(set(b_lines) - set(a_lines)),
                     "joined": sum("packaged model joined" in n for n in b_script.notes),
                     "ok": (not check_script(a_script, brief), not check_script(b_script, brief))})
        print(f"{path.stem:45} builtin {a_s:5.2f} s  local {b_s:6.2f} s  "
              f"{'changed ' + str(rows[-1]['lines_changed']) + ' line(s)' if rows[-1]['changed'] else 'same words'}",
              flush=True)
    print(f"\nmodel load {load_s:.1f} s (once per process); peak RSS "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    for lang in sorted({r["lang"] for r in rows}):
        rs = [r for r in rows if r["lang"] == lang]
        b = statistics.median(r["builtin_s"] for r in rs)
        lo = statistics.median(r["local_s"] for r in rs)
        print(f"{lang}: {len(rs)} briefs; median builtin {b:.2f} s, judged {lo:.2f} s per script ({lo / b:.0f}x); "
              f"scripts the judge changed {sum(r['changed'] for r in rs)}/{len(rs)}, lines changed "
              f"{sum(r['lines_changed'] for r in rs)}, lists joined {sum(r['joined'] for r in rs)}; checks passed "
              f"builtin {sum(r['ok'][0] for r in rs)}/{len(rs)}, judged {sum(r['ok'][1] for r in rs)}/{len(rs)}")


if __name__ == "__main__":
    main()
