"""Benchmark: the sample campaign (12 variants x 2 cuts) with local workers 1 and 2 and with Ray,
plus the time the stage cache saves. Every figure comes from this one run on this machine.

    python bench/bench_batch.py [--scale 0.5]

Order: a cold run (empty cache, 2 local workers), then warm runs into fresh campaign folders that
share the cache: local x1, local x2, Ray x2. cache saving = cold - warm (both 2 local workers).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
CAMPAIGN = ROOT / "assets" / "samples" / "coffee" / "campaign.yaml"
EXE = Path(sys.executable).with_name("genvideo")


def run(campaign: Path, out: str, scale: float, *extra: str) -> tuple[float, dict]:
    t = time.perf_counter()
    res = subprocess.run([str(EXE), "batch", str(campaign), "--out", out, "--scale", str(scale), "--json", *extra],
                         capture_output=True, text=True)
    if res.returncode != 0:
        raise SystemExit(f"batch failed: {res.stderr[-2000:]}")
    return time.perf_counter() - t, json.loads(res.stdout)


def renamed(tmp: Path, name: str) -> Path:
    data = yaml.safe_load(CAMPAIGN.read_text(encoding="utf-8"))
    data["name"] = name
    data["brief"] = str(CAMPAIGN.parent / data["brief"])
    p = tmp / f"{name}.yaml"
    p.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return p


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", type=float, default=0.5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp_s:
        tmp = Path(tmp_s)
        out = str(tmp / "out")
        cold, m = run(renamed(tmp, "cold"), out, args.scale, "--workers", "2")
        n = len(m["variants"])
        cuts = len(m["rows"])
        w1, _ = run(renamed(tmp, "warm-1"), out, args.scale, "--workers", "1")
        w2, _ = run(renamed(tmp, "warm-2"), out, args.scale, "--workers", "2")
        ray, _ = run(renamed(tmp, "warm-ray"), out, args.scale, "--workers", "2", "--executor", "ray")
    print(f"campaign: {n} variants, {cuts} videos, scale {args.scale}")
    for label, t in (("cold cache, local x2", cold), ("warm cache, local x1", w1), ("warm cache, local x2", w2),
                     ("warm cache, ray x2 (local instance, start-up included)", ray)):
        print(f"{label:<55} {t:7.1f} s  {n / t * 60:6.1f} variants/min")
    print(f"time saved by the cache (cold - warm, local x2): {cold - w2:.1f} s ({(cold - w2) / cold * 100:.0f}%)")
    print(f"max script similarity between copy variants: {m['similarity']['max_script_between_copy_variants']}")


if __name__ == "__main__":
    main()
