"""Contact sheets of `genvideo clips` for docs/clips.md: the tests' synthetic live session in Chinese (the coffee
sample's brief) and in English (the earbuds brief), the best clip of each, a frame every 2 s, 9:16 and 1:1.

    python bench/clips_sheets.py            # writes docs/clips/<lang>-<shape>.jpg and prints what each clip is
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CASES = {"zh": (ROOT / "assets" / "samples" / "coffee" / "product.json", ["douyin", "1x1"]),
         "en": (ROOT / "tests" / "data" / "earbuds-en.json", ["tiktok", "1x1"])}


def main() -> None:
    from pipeline.clips import ClipSettings, make_clips
    from pipeline.clips.report import contact_sheet
    from tests.clips import recording as R

    docs = ROOT / "docs" / "clips"
    docs.mkdir(parents=True, exist_ok=True)
    cache = ROOT / "outputs" / ".cache" / "bench-clips"
    for lang, (brief, shapes) in CASES.items():
        lines = R.ZH_PITCH if lang == "zh" else R.EN_PITCH
        product = R.ZH_PRODUCT_LINES if lang == "zh" else R.EN_PRODUCT_LINES
        with tempfile.TemporaryDirectory() as tmp:
            rec = R.make_recording(Path(tmp) / "live.mp4", lines, lang, product, cache=cache / "speech")
            report = make_clips(rec.path, ClipSettings(out_root=Path(tmp) / "out", brief=brief, count=1,
                                                       length=(10.0, 20.0), platforms=shapes))
            run = Path(report["run_dir"])
            c = report["clips"][0]
            for f in c["files"]:
                out = docs / f"{lang}-{f['cut']}.jpg"
                contact_sheet(run / f["file"], out, f["duration_s"], 240 if f["height"] > f["width"] else 300, 8)
                print(out.relative_to(ROOT), f["boxes"])
            print(json.dumps({k: c[k] for k in ("start_s", "end_s", "duration_s", "trimmed_s", "score", "reasons",
                                                "hook", "cta", "text")}, ensure_ascii=False, indent=1))
            print("left out:", [f["said"] for f in report["compliance"]["findings"] if f["left_out"]])


if __name__ == "__main__":
    main()
