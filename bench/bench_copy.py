"""Copy quality over the brief corpus: share of scripts passing each shared check, speech coverage, longest
pause and end-card hold.

    python bench/bench_copy.py                         # the built-in writer, timing estimated from the voices' rates
    python bench/bench_copy.py --narrate 8             # also speak the first 8 briefs and measure for real
    python bench/bench_copy.py --scripts DIR --fit stretch   # judge scripts written elsewhere (one JSON per brief,
                                                        # named like the brief), timed the way a runner that
                                                        # stretched pauses to fill the target would time them

Estimated timing uses each language's typical measured speaking rate; --narrate runs the real voice (the
default voice of the language) and reads the timing off the narration.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.copy.writer import Copywriter  # noqa: E402
from pipeline.copy.checks import MAX_END_HOLD_S, MAX_PAUSE_S, MIN_COVERAGE, text_checks  # noqa: E402
from pipeline.text.spoken import spoken_residue, to_spoken  # noqa: E402
from pipeline.model.brief import read_brief_file  # noqa: E402
from pipeline.model.script import Script  # noqa: E402
from pipeline.stages.narration import DEFAULT_RATES, estimator  # noqa: E402
from pipeline.stages.scripting import LEAD_IN_S, MAX_TAIL_S, TAIL_S, choose_pacing, write_script  # noqa: E402


def estimated_timing(script: Script, target_s: float, fit: str) -> dict:
    """Coverage, longest pause and end-card hold as a runner would lay the script out."""
    est = estimator(DEFAULT_RATES[script.language], script.language, script.pacing.speech_speed)
    speech = [est(s.narration) for s in script.scenes]
    gaps = len(speech) - 1
    pause = script.pacing.sentence_pause_s
    total = LEAD_IN_S + sum(speech) + pause * gaps + TAIL_S
    if fit == "stretch" and total < target_s * 0.95 and gaps > 0:
        pause += min((target_s * 0.97 - total) / gaps, 1.0)       # the old runner opened up the pauses
    span = sum(speech) + pause * gaps
    speech_end = LEAD_IN_S + span
    if fit == "stretch":
        video = max(speech_end + TAIL_S, target_s)
    else:
        video = speech_end + min(max(target_s - speech_end, TAIL_S), MAX_TAIL_S)
    return {"coverage": sum(speech) / span if span else 0.0, "longest_pause_s": pause if gaps else 0.0,
            "end_hold_s": video - speech_end, "video_s": video}


def measured_timing(brief_path: Path) -> dict:
    from pipeline.copy.checks import timing_checks
    from pipeline.copy.names import spoken_name
    from pipeline.model.platform import platforms
    from pipeline.runner import MakeSettings, Pipeline, StageTimer
    from pipeline.stages.assets import resolve_assets
    from pipeline.stages.planning import plan_video

    brief, base = read_brief_file(brief_path)
    with tempfile.TemporaryDirectory() as tmp:
        p = Pipeline(MakeSettings(out_root=ROOT / "outputs"))
        script, narration, _ = p.script_and_narration(brief, Path(tmp), StageTimer())
        profile = platforms()[brief.platforms[0]].profile
        plan = plan_video(script, narration, brief, profile, resolve_assets(brief, base))
    t = timing_checks(narration, script.pacing.energy, LEAD_IN_S, plan.duration_s, spoken_name(brief.product.name))
    return {**t, "video_s": plan.duration_s, "target_s": brief.effective_duration_s()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=ROOT / "tests" / "data" / "copy")
    ap.add_argument("--scripts", type=Path, default=None, help="folder of script JSONs to judge instead of writing")
    ap.add_argument("--fit", choices=["shorten", "stretch"], default="shorten")
    ap.add_argument("--narrate", type=int, default=0, help="speak the first N briefs and measure")
    ap.add_argument("--json", type=Path, default=None)
    a = ap.parse_args()
    rows = []
    for path in sorted(a.corpus.glob("*.json")):
        brief, _ = read_brief_file(path)
        if a.scripts:
            f = a.scripts / path.name
            if not f.exists():
                rows.append({"brief": path.stem, "error": "no script"})
                continue
            script = Script.model_validate_json(f.read_text(encoding="utf-8"))
        else:
            pacing = choose_pacing(brief.persona)
            try:
                script = write_script(brief, Copywriter(),
                                      estimator(DEFAULT_RATES[brief.lang], brief.lang, pacing.speech_speed), pacing)
            except Exception as e:  # noqa: BLE001 - a failed script is a result
                rows.append({"brief": path.stem, "error": str(e)[:200]})
                continue
        checks = {k: not v for k, v in text_checks(script, brief).items()}
        checks["spoken_clean"] = not any(spoken_residue(sc.spoken or to_spoken(sc.narration, script.language),
                                                        script.language) for sc in script.scenes)
        timing = estimated_timing(script, brief.effective_duration_s(), a.fit)
        timing["coverage_ok"] = timing["coverage"] >= MIN_COVERAGE[script.pacing.energy]
        timing["pause_ok"] = timing["longest_pause_s"] <= MAX_PAUSE_S + 1e-6
        timing["hold_ok"] = timing["end_hold_s"] <= MAX_END_HOLD_S + 0.05
        rows.append({"brief": path.stem, "checks": checks, "timing": timing})
    ok = [r for r in rows if "checks" in r]
    names = list(ok[0]["checks"]) if ok else []
    print(f"briefs: {len(rows)}, scripts written: {len(ok)}")
    for n in names:
        print(f"  {n:<16} {sum(r['checks'][n] for r in ok) / len(rows):6.0%}")
    for n in ("coverage_ok", "pause_ok", "hold_ok"):
        print(f"  {n:<16} {sum(r['timing'][n] for r in ok) / len(rows):6.0%}")
    allpass = sum(all(r["checks"].values()) and r["timing"]["coverage_ok"] and r["timing"]["pause_ok"]
                  and r["timing"]["hold_ok"] for r in ok)
    print(f"  {'all checks':<16} {allpass / len(rows):6.0%}")
    if ok:
        print(f"  mean coverage {statistics.mean(r['timing']['coverage'] for r in ok):.2f}, "
              f"longest pause {max(r['timing']['longest_pause_s'] for r in ok):.2f} s, "
              f"end-card hold mean {statistics.mean(r['timing']['end_hold_s'] for r in ok):.1f} s "
              f"max {max(r['timing']['end_hold_s'] for r in ok):.1f} s (estimated)")
    measured = []
    for path in sorted(a.corpus.glob("*.json"))[:a.narrate]:
        m = measured_timing(path)
        measured.append({"brief": path.stem, **m})
        print(f"  measured {path.stem:<36} coverage {m['coverage']:.2f}  pause {m['longest_pause_s']:.2f} s  "
              f"hold {m['end_hold_s']:.1f} s  name at {m['name_at_s']} s  video {m['video_s']:.1f}/{m['target_s']:.0f} s"
              + (f"  ! {'; '.join(m['problems'])}" if m["problems"] else ""), flush=True)
    if a.json:
        a.json.write_text(json.dumps({"rows": rows, "measured": measured}, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
