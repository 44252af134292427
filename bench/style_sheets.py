"""Contact sheets of every visual style (docs/styles/<style>.jpg): the bundled sample (with its photo) and a
photo-less English brief, 9:16, one frame per shot taken after its text has entered.

    python bench/style_sheets.py [--scale 0.5] [--out docs/styles]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PIL import Image, ImageDraw  # noqa: E402

from pipeline.media.fonts import pil_font  # noqa: E402
from pipeline.media.probe import grab_frames, probe  # noqa: E402
from pipeline.model.plan import Plan  # noqa: E402
from pipeline.runner import MakeSettings, Pipeline  # noqa: E402

SAMPLE = ROOT / "assets" / "samples" / "coffee" / "product.json"
NO_PHOTO = {"product": {"name": "Sunny Juice Bar", "description": "Cold-pressed juice, made fresh every morning. 🍊",
                        "features": ["Cold-pressed", "No added sugar", "Made every morning"], "price": "$6.50",
                        "offer": "Second bottle half price 🔥 this weekend only", "category": "food",
                        "brand_colors": ["#FF7A00", "#FFF4E6"]},
            "persona": {"name": "commuters", "pain_points": ["no time for breakfast"]},
            "language": "en", "duration_s": 15, "platforms": ["tiktok"]}
STYLES = {"clean": {}, "bold": {}, "lifestyle": {}, "clean-45plus": {"persona": {"age_range": [55, 70]}}}
MATURE_NAME = {"zh": "爱喝咖啡的退休人士", "en": "retirees"}


def frames_of(report: dict, thumb_w: int) -> list[Image.Image]:
    run = Path(report["run_dir"])
    out = report["outputs"][0]
    plan = Plan.model_validate_json((run / f"plan.{out['cut']}.json").read_text())
    pr = probe(Path(out["path"]))
    times = []
    for sc in plan.scenes:
        last = max([e.start_frame + e.duration_frames for e in sc.entrances] + [sc.duration_frames // 2])
        times.append((sc.start_frame + min(last + 4, sc.duration_frames - 3)) / plan.fps)
    imgs = grab_frames(Path(out["path"]), times, (pr.width, pr.height), plan.fps)
    th = round(thumb_w * pr.height / pr.width)
    return [Image.fromarray(a).resize((thumb_w, th), Image.Resampling.LANCZOS) for a in imgs]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", type=float, default=0.5)
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "styles")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    sample = json.loads(SAMPLE.read_text(encoding="utf-8"))
    sample["product"]["images"] = [str((SAMPLE.parent / p).resolve()) for p in sample["product"]["images"]]
    sample["platforms"] = ["douyin"]
    with tempfile.TemporaryDirectory() as tmp:
        pipe = Pipeline(MakeSettings(out_root=Path(tmp) / "out", scale=args.scale))
        for name, extra in STYLES.items():
            rows = []
            for base in (sample, NO_PHOTO):
                data = {**base, "style": name.split("-")[0], **extra}
                if "persona" in extra:
                    data["persona"] = {**base.get("persona", {}), **extra["persona"],
                                       "name": MATURE_NAME["zh" if base is sample else "en"], "tone": None}
                path = Path(tmp) / f"{name}.json"
                path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
                rows.append(frames_of(pipe.make(path), 200))
            cols = max(len(r) for r in rows)
            w, h = rows[0][0].size
            sheet = Image.new("RGB", (cols * (w + 6) + 6, len(rows) * (h + 6) + 46), "#202020")
            ImageDraw.Draw(sheet).text((8, 8), f"style: {name}", font=pil_font(26), fill="#FFFFFF")
            for r, row in enumerate(rows):
                for c, img in enumerate(row):
                    sheet.paste(img, (6 + c * (w + 6), 46 + r * (h + 6)))
            dest = args.out / f"{name}.jpg"
            sheet.save(dest, quality=82)
            print(dest, sheet.size)


if __name__ == "__main__":
    main()
