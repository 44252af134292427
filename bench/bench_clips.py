"""`genvideo clips` on a long recording: wall time and real-time factor of transcription and of the whole job,
and peak memory.

    pip install -e '.[clips,test]'            # faster-whisper + Whisper-base, OpenCV; scikit-image for the host
    python bench/bench_clips.py                            # 60 minutes, Chinese, the coffee sample's brief
    python bench/bench_clips.py --minutes 10 --platform douyin

The recording is the tests' synthetic live session (tests/clips/recording.py: the project's own voice saying a
pitch, scikit-image's astronaut as the host, the product photo cut in), made in VARIANTS variations (the small
talk in another order, other pauses, the host gliding at another pace) and looped to the length asked by
stream copy. The job runs in a child process with a fresh output folder (the transcript is not cached), as
`genvideo clips REC --brief BRIEF` would; its own stage timings come from clips.json. Peak RSS is the child's
(ru_maxrss; the ffmpeg processes it starts are not counted: ru_maxrss of children would count the Python
process's own pages copied at each fork).

Targets (issue 25, on 2 cores): the whole job <= 0.25x the recording's length, peak RSS <= 2 GB; the decoded
sound is never all in memory (a 60-minute recording's at 16 kHz would be 230 MB).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BRIEFS = {"zh": ROOT / "assets" / "samples" / "coffee" / "product.json", "en": ROOT / "tests" / "data" / "earbuds-en.json"}
VARIANTS = 4
TARGET_RTF = 0.25
TARGET_RSS_MB = 2048


def variant_lines(lang: str, k: int) -> tuple[list[tuple[str, float]], tuple[int, ...]]:
    """Variation k of the pitch: the small talk around the pitch shuffled, other pauses; the pitch itself in
    order (the product lines keep their place in it)."""
    from tests.clips import recording as R

    lines = R.ZH_PITCH if lang == "zh" else R.EN_PITCH
    product = R.ZH_PRODUCT_LINES if lang == "zh" else R.EN_PRODUCT_LINES
    rng = random.Random(f"variant:{k}")
    head, pitch, tail = lines[:3], lines[3:11], lines[11:]
    rng.shuffle(head)
    rng.shuffle(tail)
    out = [(text, round(pause * rng.uniform(0.7, 1.4), 2)) for text, pause in head + pitch + tail]
    return out, tuple(i for i in product)


def build(lang: str, minutes: float, cache: Path) -> tuple[Path, float]:
    """The looped recording (cached by its recipe) and its length in seconds."""
    from pipeline.media.ffmpeg import ffmpeg_exe
    from pipeline.media.probe import probe
    from tests.clips.recording import make_recording

    cache.mkdir(parents=True, exist_ok=True)
    parts = []
    for k in range(VARIANTS):
        lines, product = variant_lines(lang, k)
        key = hashlib.sha256(json.dumps([lang, k, lines, product, 2]).encode()).hexdigest()[:12]
        f = cache / f"{lang}-v{k}-{key}.mp4"
        if not f.exists():
            t = time.perf_counter()
            make_recording(f, lines, lang, product, period_s=14.0 + 3 * k, seed=k, cache=cache / "speech")
            print(f"made variant {k}: {probe(f).duration_s:.1f} s in {time.perf_counter() - t:.0f} s", flush=True)
        parts.append((f, probe(f).duration_s))
    total, listing = 0.0, []
    while total < minutes * 60:
        f, d = parts[len(listing) % len(parts)]
        listing.append(f)
        total += d
    out = cache / f"{lang}-{minutes:g}min.mp4"
    if not out.exists():
        lst = cache / f"{lang}-{minutes:g}min.txt"
        lst.write_text("".join(f"file '{p}'\n" for p in listing), encoding="utf-8")
        tmp = out.with_name(f".{out.name}.tmp.mp4")
        subprocess.run([ffmpeg_exe(), "-v", "error", "-y", "-f", "concat", "-safe", "0", "-i", str(lst), "-c", "copy",
                        "-movflags", "+faststart", str(tmp)], check=True)
        tmp.replace(out)
    return out, probe(out).duration_s


CHILD = r"""
import json, resource, sys, time
from pathlib import Path
from pipeline.clips import ClipSettings, make_clips
a = json.loads(sys.argv[1])
t = time.perf_counter()
r = make_clips(Path(a["rec"]), ClipSettings(out_root=Path(a["out"]), brief=Path(a["brief"]), count=a["count"],
                                            platforms=a["platforms"] or None, scale=a["scale"]))
wall = time.perf_counter() - t
print("RESULT", json.dumps({"wall_s": wall, "timings": r["timings_s"], "clips": len(r["clips"]),
      "renders": sum(len(c["files"]) for c in r["clips"]), "run_dir": r["run_dir"],
      "rss_self_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
      "top": [[c["start_s"], c["end_s"], c["score"], c["reasons"][:3]] for c in r["clips"]]}, ensure_ascii=False))
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--minutes", type=float, default=60.0)
    ap.add_argument("--lang", choices=["zh", "en"], default="zh")
    ap.add_argument("--count", type=int, default=5)
    ap.add_argument("--platform", action="append", default=None, help="default: the brief's platforms")
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--cache", type=Path, default=ROOT / "outputs" / ".cache" / "bench-clips")
    ap.add_argument("--out", type=Path, default=None, help="write the results as JSON")
    a = ap.parse_args()
    rec, seconds = build(a.lang, a.minutes, a.cache)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"recording: {rec} ({seconds / 60:.1f} min, {rec.stat().st_size / 1e6:.0f} MB); {cores} cores; load "
          f"average {os.getloadavg()[0]:.1f} before", flush=True)
    with tempfile.TemporaryDirectory() as out:
        arg = json.dumps({"rec": str(rec), "out": out, "brief": str(BRIEFS[a.lang]), "count": a.count,
                          "platforms": a.platform, "scale": a.scale})
        t = time.perf_counter()
        res = subprocess.run([sys.executable, "-c", CHILD, arg], capture_output=True, text=True, cwd=ROOT)
        wall = time.perf_counter() - t
        line = next((x for x in res.stdout.splitlines() if x.startswith("RESULT ")), None)
        if res.returncode or not line:
            sys.exit(f"the job failed ({res.returncode}):\n{res.stderr[-3000:]}")
        r = json.loads(line[7:])
    tr = r["timings"].get("transcribe", 0.0)
    out = {"recording_min": round(seconds / 60, 2), "cores": cores, "lang": a.lang,
           "transcribe_s": round(tr, 1), "transcribe_rtf": round(tr / seconds, 4),
           "job_s": round(r["wall_s"], 1), "job_rtf": round(r["wall_s"] / seconds, 4),
           "process_s": round(wall, 1), "stages_s": r["timings"], "clips": r["clips"], "renders": r["renders"],
           "peak_rss_mb": round(r["rss_self_mb"]),
           "decoded_sound_if_held_mb": round(seconds * 16000 * 4 / 1e6), "load_average_after": round(os.getloadavg()[0], 1),
           "top": r["top"]}
    print(json.dumps(out, ensure_ascii=False, indent=2))
    print(f"transcription: {tr:.0f} s for {seconds / 60:.1f} min = {out['transcribe_rtf']:.3f}x real time")
    print(f"whole job:     {r['wall_s']:.0f} s = {out['job_rtf']:.3f}x real time (target <= {TARGET_RTF}x): "
          f"{'met' if out['job_rtf'] <= TARGET_RTF else 'NOT met'}")
    print(f"peak RSS:      {out['peak_rss_mb']} MB (target <= {TARGET_RSS_MB} MB): "
          f"{'met' if out['peak_rss_mb'] <= TARGET_RSS_MB else 'NOT met'}")
    if a.out:
        a.out.write_text(json.dumps(out, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
