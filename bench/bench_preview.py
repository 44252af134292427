"""Benchmark: draft preview of the bundled 30 s sample (3 cuts) against the full render, in one run.

Both runs start from the same warm script/voice cache, so the comparison is drafting against
rendering. Target: the draft is ready in under a quarter of the full render's time.

    python bench/bench_preview.py
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "assets" / "samples" / "coffee" / "product.json"
EXE = Path(sys.executable).with_name("genvideo")


def timed(*args: str) -> tuple[float, dict]:
    t = time.perf_counter()
    res = subprocess.run([str(EXE), *args, "--json"], capture_output=True, text=True, check=True)
    return time.perf_counter() - t, json.loads(res.stdout)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = str(Path(tmp) / "out")
        timed("make", str(SAMPLE), "--out", out, "--scale", "0.1", "--quality", "draft")   # warm the cache
        full, rep_full = timed("make", str(SAMPLE), "--out", out)
        draft, rep_draft = timed("preview", str(SAMPLE), "--out", out)
    sizes = lambda r: ", ".join(f"{o['width']}x{o['height']}" for o in r["outputs"])  # noqa: E731
    print(f"full render  ({sizes(rep_full)}): {full:7.1f} s")
    print(f"draft preview ({sizes(rep_draft)}) + storyboards + page: {draft:7.1f} s")
    print(f"draft / full = {draft / full:.3f}   (target < 0.25)")


if __name__ == "__main__":
    main()
