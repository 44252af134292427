"""The copy review protocol's tools (docs/copy-review.md): write the scripts of a round's briefs for graders, and
sum up their grades.

    python bench/copy_review.py scripts ROUND [--writer builtin|local]   # ROUND/scripts-<writer>.md and .json
    python bench/copy_review.py summary ROUND [--writer builtin|local]   # rates, defect classes, worst lines
    python bench/copy_review.py blind ROUND     # ROUND/blind.md: both writers' scripts, per brief in a hidden order
    python bench/copy_review.py unblind ROUND   # ROUND/grades-blind.json -> grades-builtin.json, grades-local.json

A round is a folder under bench/copy_review/ holding briefs/*.json (written before anyone read the writer's
output) and, once graded, grades-<writer>.json: [{"brief", "lang", "grade": publish|minor|serious,
"defects": [{"class", "line", "why"}]}]. Measure only on rounds the writer was not tuned on (see the README of
each round for whether it was).
"""

from __future__ import annotations

import argparse
import collections
import json
import random
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


def script_lines(row: dict) -> list[str]:
    """A script as graders read it: each scene's words, what the voice says where it differs, what the screen
    shows, then the writer's notes."""
    if "error" in row:
        return [f"ERROR: {row['error']}"]
    lines = [f"- **{s['kind']}** {s['narration']}"
             + (f"  \n  said: {s['spoken']}" if s.get("spoken", s["narration"]) != s["narration"] else "")
             + (f"  \n  screen: {s['on_screen']}" if s.get("on_screen") and s["on_screen"] != s["narration"] else "")
             for s in row["scenes"]]
    return lines + [f"- note: {n}" for n in row["notes"]]


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
        md += [f"## {path.stem} ({brief.lang}, {brief.effective_duration_s():.0f} s)\n", *script_lines(rows[-1]), ""]
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


def blind(rnd: Path, _writer: str) -> None:
    """Both writers' scripts of every brief, as version 1 and version 2 in an order drawn per brief; the key stays
    in blind-key.json, which graders must not open."""
    scripts = {}
    for w in ("builtin", "local"):
        path = rnd / f"scripts-{w}.json"
        if not path.exists():
            sys.exit(f"{path}: missing; write it first: python bench/copy_review.py scripts {rnd.name} --writer {w}")
        scripts[w] = {r["brief"]: r for r in json.loads(path.read_text(encoding="utf-8"))}
    rng = random.SystemRandom()
    key, md = {}, [f"# Round {rnd.name}: two versions of every script\n"]
    for name in sorted(scripts["builtin"]):
        brief, _ = read_brief_file(rnd / "briefs" / f"{name}.json")
        order = ["builtin", "local"]
        rng.shuffle(order)
        key[name] = {"1": order[0], "2": order[1]}
        md.append(f"## {name} ({brief.lang}, {brief.effective_duration_s():.0f} s)\n")
        for v, w in zip("12", order):
            md += [f"### version {v}\n", *script_lines(scripts[w][name]), ""]
    (rnd / "blind.md").write_text("\n".join(md), encoding="utf-8")
    (rnd / "blind-key.json").write_text(json.dumps(key, indent=1), encoding="utf-8")
    print(f"{len(key)} briefs x 2 versions -> {rnd / 'blind.md'} (key: {rnd / 'blind-key.json'})")


def unblind(rnd: Path, _writer: str) -> None:
    """grades-blind.json ([{"brief", "lang", "version": "1"|"2", "grade", "defects"}]) split by the key into each
    writer's grades file."""
    key = json.loads((rnd / "blind-key.json").read_text(encoding="utf-8"))
    out: dict[str, list] = {"builtin": [], "local": []}
    for g in json.loads((rnd / "grades-blind.json").read_text(encoding="utf-8")):
        writer = key[g["brief"]][str(g.pop("version"))]
        out[writer].append(g)
    for w, grades in out.items():
        (rnd / f"grades-{w}.json").write_text(json.dumps(grades, ensure_ascii=False, indent=1), encoding="utf-8")
        print(f"{len(grades)} grades -> {rnd / f'grades-{w}.json'}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("command", choices=["scripts", "summary", "blind", "unblind"])
    ap.add_argument("round")
    ap.add_argument("--writer", default="builtin", choices=["builtin", "local"])
    a = ap.parse_args()
    rnd = round_dir(a.round)
    {"scripts": write_scripts, "summary": summary, "blind": blind, "unblind": unblind}[a.command](rnd, a.writer)


if __name__ == "__main__":
    main()
