"""Benchmark: `genvideo make` on the bundled 30 s sample (3 cuts) against the encode-only floor.

The floor re-encodes the three finished MP4s with the same encoder settings: the time any renderer
must spend just compressing those pixels. Both are measured in this one run, on this machine.

With --against, another checkout's `genvideo` (e.g. main's, in its own venv) runs the same sample side by side,
alternating with this one (cold, cold, then warm runs in turn), and the render time of every cut is compared.

    python bench/bench_make.py [--scale 1.0]
    python bench/bench_make.py --against /tmp/genvideo-main/.venv/bin/genvideo [--warm-runs 2]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.media.ffmpeg import ffmpeg_exe  # noqa: E402
from pipeline.model.platform import encode_spec  # noqa: E402
from pipeline.stages.rendering import QUALITY  # noqa: E402

SAMPLE = ROOT / "assets" / "samples" / "coffee" / "product.json"


def make(out: Path, scale: float, exe: Path | None = None) -> tuple[float, dict]:
    exe = exe or Path(sys.executable).with_name("genvideo")
    t = time.perf_counter()
    res = subprocess.run([str(exe), "make", str(SAMPLE), "--out", str(out), "--scale", str(scale), "--json"],
                         capture_output=True, text=True, check=True)
    return time.perf_counter() - t, json.loads(res.stdout)


def encode_floor(files: list[Path], work: Path) -> float:
    enc = encode_spec()
    preset, crf = QUALITY["final"]
    t = time.perf_counter()
    for f in files:
        subprocess.run([ffmpeg_exe(), "-v", "error", "-y", "-i", str(f), "-c:v", enc.video_codec, "-profile:v",
                        enc.profile, "-preset", preset, "-crf", str(crf), "-pix_fmt", enc.pix_fmt, "-r", str(enc.fps),
                        "-c:a", enc.audio_codec, "-b:a", enc.audio_bitrate, "-ar", str(enc.audio_rate),
                        "-movflags", "+faststart", str(work / f.name)], check=True)
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--against", type=Path, default=None, help="another checkout's genvideo executable ('before')")
    ap.add_argument("--warm-runs", type=int, default=1, help="warm runs per side, alternating")
    args = ap.parse_args()
    if args.against:
        compare(args)
        return
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        cold, report = make(out, args.scale)          # empty cache: calibration, script, TTS, mix, 3 renders
        warm, report2 = make(out, args.scale)         # cached script and narration
        files = [Path(o["path"]) for o in report2["outputs"]]
        floor_dir = Path(tmp) / "floor"
        floor_dir.mkdir()
        floor = encode_floor(files, floor_dir)
        render_only = report2["timings_s"]["render"]      # wall time; cuts may render side by side
        shutil.rmtree(out, ignore_errors=True)
    sizes = ", ".join(f"{o['platform']} {o['width']}x{o['height']} {o['duration_s']:.1f}s" for o in report["outputs"])
    print(f"sample: {SAMPLE.name} -> {sizes}")
    print(f"make, cold cache (TTS included): {cold:7.1f} s   ratio to floor {cold / floor:5.2f}")
    print(f"make, warm cache (script+voice cached): {warm:7.1f} s   ratio to floor {warm / floor:5.2f}")
    print(f"render stage only (3 cuts, wall): {render_only:7.1f} s   ratio to floor {render_only / floor:5.2f}")
    print(f"encode-only floor (3 re-encodes): {floor:7.1f} s")
    print("stage timings (cold):", json.dumps(report["timings_s"]))


def compare(args) -> None:
    """Before (another checkout) and after (this one), alternating on this machine; per-cut render times."""
    sides = {"before": args.against, "after": Path(sys.executable).with_name("genvideo")}
    runs: dict[str, dict[str, list]] = {k: {"cold": [], "warm": [], "render": [], "cuts": []} for k in sides}
    with tempfile.TemporaryDirectory() as tmp:
        outs = {k: Path(tmp) / k for k in sides}
        for phase in ["cold"] + ["warm"] * args.warm_runs:
            for side, exe in sides.items():
                t, rep = make(outs[side], args.scale, exe)
                runs[side][phase].append(t)
                if phase == "warm":
                    runs[side]["render"].append(rep["timings_s"]["render"])
                    runs[side]["cuts"].append({k[7:]: v for k, v in rep["timings_s"].items() if k.startswith("render.")})
                    runs[side]["report"] = rep
        floors = {}
        for side in sides:
            files = [Path(o["path"]) for o in runs[side]["report"]["outputs"]]
            (Path(tmp) / f"floor-{side}").mkdir()
            floors[side] = encode_floor(files, Path(tmp) / f"floor-{side}")
    best = lambda xs: min(xs)  # noqa: E731 - the least disturbed run of each side
    print(f"sample: {SAMPLE.name}, scale {args.scale}, {args.warm_runs} warm run(s) per side, alternating")
    print(f"{'':34} {'before':>9} {'after':>9} {'after/before':>13}")
    for label, key in (("make, cold (TTS included)", "cold"), ("make, warm (script+voice cached)", "warm"),
                       ("render stage, 3 cuts (wall)", "render")):
        b, a = best(runs["before"][key]), best(runs["after"][key])
        print(f"{label:34} {b:8.1f}s {a:8.1f}s {a / b:12.2f}x")
    for cut in runs["after"]["cuts"][0]:
        b = min(c.get(cut, float("nan")) for c in runs["before"]["cuts"])
        a = min(c[cut] for c in runs["after"]["cuts"])
        print(f"{'render ' + cut:34} {b:8.1f}s {a:8.1f}s {a / b:12.2f}x")
    for side in sides:
        r = runs[side]
        print(f"{side}: encode-only floor {floors[side]:.1f} s; warm/floor {best(r['warm']) / floors[side]:.2f}, "
              f"render/floor {best(r['render']) / floors[side]:.2f}")


if __name__ == "__main__":
    main()
