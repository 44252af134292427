"""Benchmark: `genvideo make` on the bundled 30 s sample (3 cuts) against the encode-only floor.

The floor re-encodes the three finished MP4s with the same encoder settings: the time any renderer
must spend just compressing those pixels. Both are measured in this one run, on this machine.

    python bench/bench_make.py [--scale 1.0]
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


def make(out: Path, scale: float) -> tuple[float, dict]:
    exe = Path(sys.executable).with_name("genvideo")
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
    args = ap.parse_args()
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


if __name__ == "__main__":
    main()
