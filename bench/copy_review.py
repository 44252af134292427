"""The copy review protocol's tools (docs/copy-review.md): write the scripts of a round's briefs for graders, and
sum up their grades.

    python bench/copy_review.py scripts ROUND [--writer builtin|local]   # ROUND/scripts-<writer>.md and .json
    python bench/copy_review.py summary ROUND [--writer builtin|local]   # rates, defect classes, worst lines

A round is a folder under bench/copy_review/ holding briefs/*.json (written before anyone read the writer's
output) and, once graded, grades-<writer>.json: [{"brief", "lang", "grade": publish|minor|serious,
"defects": [{"class", "line", "why"}]}]. Measure only on rounds the writer was not tuned on (see the README of
each round for whether it was).
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.backends.registry import get_llm  # noqa: E402
from pipeline.claims import blocking, check  # noqa: E402
from pipeline.errors import GenVideoError  # noqa: E402
from pipeline.model.brief import read_brief_file  # noqa: E402
from pipeline.stages.scripting import draft_script  # noqa: E402

ROUNDS = ROOT / "bench" / "copy_review"
GRADES = ("publish", "minor", "serious")


def round_dir(name: str) -> Path:
    path = Path(name) if Path(name).is_dir() else ROUNDS / name
    if not (path / "briefs").is_dir():
        sys.exit(f"{path}: no briefs/ folder; a round is bench/copy_review/<round>/briefs/*.json")
    return path


def write_scripts(rnd: Path, writer_name: str) -> None:
    writer = get_llm(writer_name)
    rows, md = [], [f"# Scripts of round {rnd.name}, writer {writer_name}\n"]
    for path in sorted((rnd / "briefs").glob("*.json")):
        brief, _ = read_brief_file(path)
        t = time.perf_counter()
        try:
            script = draft_script(brief, writer)
        except GenVideoError as e:
            rows.append({"brief": path.stem, "lang": brief.lang, "error": str(e)})
            md.append(f"## {path.stem}\n\nERROR: {e}\n")
            continue
        seconds = time.perf_counter() - t
        findings = check(brief, script)
        rows.append({"brief": path.stem, "lang": brief.lang, "seconds": round(seconds, 2),
                     "scenes": [s.model_dump(exclude_none=True) for s in script.scenes], "notes": script.notes,
                     "blocking": len(blocking(findings))})
        md.append(f"## {path.stem} ({brief.lang}, {brief.effective_duration_s():.0f} s)\n")
        for s in script.scenes:
            md.append(f"- **{s.kind}** {s.narration}" + (f"  \n  said: {s.spoken}" if s.spoken != s.narration else "")
                      + (f"  \n  screen: {s.on_screen}" if s.on_screen and s.on_screen != s.narration else ""))
        md += [f"- note: {n}" for n in script.notes] + [""]
    (rnd / f"scripts-{writer_name}.json").write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    (rnd / f"scripts-{writer_name}.md").write_text("\n".join(md), encoding="utf-8")
    secs = sorted(r["seconds"] for r in rows if "seconds" in r)
    print(f"{len(rows)} scripts -> {rnd / f'scripts-{writer_name}.md'}; median {secs[len(secs) // 2]:.2f} s, "
          f"max {secs[-1]:.2f} s per script" if secs else "no scripts")


def summary(rnd: Path, writer_name: str) -> None:
    path = rnd / f"grades-{writer_name}.json"
    if not path.exists():
        sys.exit(f"{path}: not graded yet")
    grades = json.loads(path.read_text(encoding="utf-8"))
    by_lang: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    classes: collections.Counter = collections.Counter()
    worst = []
    for g in grades:
        by_lang[g["lang"]][g["grade"]] += 1
        by_lang["all"][g["grade"]] += 1
        for c in {d["class"] for d in g.get("defects", [])}:
            classes[c] += 1
        if g["grade"] == "serious":
            worst += [(g["brief"], d["class"], d["line"]) for d in g.get("defects", [])]
    print(f"round {rnd.name}, writer {writer_name}: {len(grades)} scripts")
    for lang in sorted(by_lang, key=lambda x: (x == "all", x)):
        c = by_lang[lang]
        n = sum(c.values())
        print(f"  {lang:4} " + "  ".join(f"{k} {c[k]:2d} ({c[k] / n:.0%})" for k in GRADES))
    print("  defect classes (scripts hurt): " + ", ".join(f"{k} {v}" for k, v in classes.most_common()))
    print("  worst lines:")
    for b, c, line in worst[:10]:
        print(f"    {b}: [{c}] {line}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("command", choices=["scripts", "summary"])
    ap.add_argument("round")
    ap.add_argument("--writer", default="builtin", choices=["builtin", "local"])
    a = ap.parse_args()
    rnd = round_dir(a.round)
    (write_scripts if a.command == "scripts" else summary)(rnd, a.writer)


if __name__ == "__main__":
    main()
