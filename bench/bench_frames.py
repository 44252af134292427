"""Benchmark: what the finished ads show, measured on sampled frames of real renders.

Eight briefs (one photo, clips, photo + clip, no media; Chinese and English), each cut for 9:16 and 16:9. For each
cut, on frames sampled every 0.25 s (the plan says what should be where; the pixels say whether it is):

- product visible: share of the time the product (photo or clip) is on screen, its box correlating with the
  user's own pixels (text over it left out); during a transition, when both shots show it;
- end card: length of the last shot (the end card), and how long of it ffmpeg's freezedetect (-60 dB, 0.5 s)
  calls frozen;
- price: seconds the price is on screen (its ink found in its box);
- overlaps: text boxes (chips, stickers, cards, the AI label) lying on the product's salient region, measured
  on the product's pixels in the frame;
- split pages: caption pages that split a word, a name or a number with its unit;
- scene changes per 10 s (ffmpeg's scene score > 0.15); smallest text, % of the short side.

Targets: product visible >= 85% when media is given; end card <= 2.5 s and never frozen; price >= 2.5 s; zero
overlaps; zero split pages. Contact sheets (one frame a second, both cuts of a brief in one picture) go to
docs/frames/<brief>.jpg.

    python bench/bench_frames.py [--scale 0.5] [--only photo-zh,clips-en] [--sheets docs/frames]
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from PIL import Image, ImageDraw  # noqa: E402

from pipeline.media.ffmpeg import ffmpeg_exe  # noqa: E402
from pipeline.media.fonts import pil_font  # noqa: E402
from pipeline.media.probe import grab_frames, probe  # noqa: E402
from pipeline.media.regions import saliency  # noqa: E402
from pipeline.model.brief import parse_brief  # noqa: E402
from pipeline.model.plan import Plan, ShapeLayer, TextLayer  # noqa: E402
from pipeline.model.script import Script  # noqa: E402
from pipeline.runner import MakeSettings, Pipeline  # noqa: E402
from pipeline.stages.captions import keep_phrases  # noqa: E402
from tests.footage import make_bottle_photo, make_clip, make_product_clip  # noqa: E402
from tests.measures import page_splits  # noqa: E402
from tests.product_frames import box_px, expected, product_layer, product_match, scene_at  # noqa: E402

COFFEE = ROOT / "assets" / "samples" / "coffee" / "images" / "coffee.png"
SAMPLE = json.loads((ROOT / "assets" / "samples" / "coffee" / "product.json").read_text(encoding="utf-8"))
EARBUDS = json.loads((ROOT / "tests" / "data" / "earbuds-en.json").read_text(encoding="utf-8"))
BOTTLE = {"name": "Hydra Steel Bottle", "description": "A double-wall steel bottle that keeps drinks ice-cold for 32 "
          "hours and hot for 12. Leak-proof lid, fits every cup holder, 750 ml.",
          "features": ["Ice-cold for 32 hours", "Double-wall steel", "Leak-proof lid"], "price": "$24.99",
          "offer": "Free engraving until Sunday", "brand_colors": ["#0E2A47", "#5FD3F3"]}
TOP = {"name": "Spin Top", "description": "A light-up spinning top: one pull and it spins for three minutes, glowing "
       "in the dark. Safe, quiet and unbreakable.", "features": ["Spins for 3 minutes", "Glows in the dark"],
       "price": "$12.99", "offer": "15% off this weekend", "brand_colors": ["#0B3D91", "#FFC300"]}
SODA = {"name": "青柠气泡水", "description": "青柠气泡水，真果汁加气泡，0糖0脂，330毫升一罐，冰镇后更爽口。",
        "features": ["真果汁", "0糖0脂", "冰镇更爽口"], "price": "¥4.5", "offer": "夏日限时第二罐半价",
        "brand_colors": ["#1E7F4F", "#E8FFD6"]}


def briefs(media: Path) -> dict[str, dict]:
    """The benchmark's briefs (media files are made in `media`)."""
    zh_cuts, en_cuts = ["douyin", "bilibili"], ["tiktok", "youtube"]
    sample = {**SAMPLE, "product": {**SAMPLE["product"], "images": [str(COFFEE)]}, "platforms": zh_cuts}
    return {
        "photo-zh": sample,
        "photo-en": {"product": {**BOTTLE, "images": [str(media / "bottle.png")]}, "persona": {"name": "hikers",
                     "pain_points": ["warm water by noon"]}, "language": "en", "duration_s": 15,
                     "platforms": en_cuts, "seed": 4},
        "clips-zh": {**sample, "product": {**SAMPLE["product"], "images": [str(media / "coffee-pan.mp4"),
                                                                          str(media / "coffee-phone.mp4")]},
                     "duration_s": 15},
        "clips-en": {"product": {**TOP, "images": [str(media / "top.mp4"), str(media / "top-vfr.mp4")]},
                     "persona": {"name": "parents", "pain_points": ["kids glued to screens"]}, "language": "en",
                     "duration_s": 12, "platforms": en_cuts, "seed": 2},
        "mixed-zh": {**sample, "product": {**SAMPLE["product"], "images": [str(COFFEE), str(media / "coffee-pan.mp4")]},
                     "duration_s": 20},
        "mixed-en": {"product": {**BOTTLE, "images": [str(media / "bottle.png"), str(media / "bottle-phone.mp4")]},
                     "persona": {"name": "hikers"}, "language": "en", "duration_s": 15, "platforms": en_cuts,
                     "seed": 5},
        "none-zh": {"product": SODA, "persona": {"name": "上班族", "pain_points": ["下午犯困"]}, "language": "zh",
                    "duration_s": 15, "platforms": zh_cuts, "seed": 3},
        "none-en": {**EARBUDS, "platforms": en_cuts},
    }


def make_media(media: Path) -> None:
    media.mkdir(parents=True, exist_ok=True)
    make_bottle_photo(media / "bottle.png")
    make_product_clip(media / "coffee-pan.mp4", COFFEE)
    make_product_clip(media / "coffee-phone.mp4", COFFEE, size=(1080, 1920), rotate=90, seconds=4.0)
    make_product_clip(media / "bottle-phone.mp4", media / "bottle.png", size=(1080, 1920), rotate=90)
    make_clip(media / "top.mp4", seconds=5.0)
    make_clip(media / "top-vfr.mp4", seconds=4.0, vfr=True, sound=False)


# ---------- measures ----------

def _visible_text(plan: Plan, frame: int) -> list[tuple[TextLayer | ShapeLayer, tuple[int, int, int, int]]]:
    """Text elements on screen at a frame (entered), with their boxes; the AI label included."""
    sc, _ = scene_at(plan, frame)
    out = []
    if sc is not None:
        f = frame - sc.start_frame
        ent = {e.group: e for e in sc.entrances}
        for layer in sc.overlay:
            e = ent.get(layer.group)
            if e is None or f >= e.start_frame:
                out.append((layer, layer.box))
    out += [(lab, lab.box) for lab in plan.labels if lab.start_frame <= frame < lab.end_frame]
    return out


def measure(plan: Plan, video: Path, brief, script: Script, media_given: bool) -> dict:
    pr = probe(video)
    k = pr.width / plan.width
    step = max(1, round(plan.fps * 0.25))
    marks = list(range(2, plan.total_frames - 1, step))
    frames_ = grab_frames(video, [f / plan.fps for f in marks], (pr.width, pr.height), plan.fps)
    visible, overlaps, price_frames = 0, set(), 0
    price = brief.product.price
    for f, img in zip(marks, frames_):
        sc, mixing = scene_at(plan, f)
        texts = _visible_text(plan, f)
        layer = product_layer(sc) if sc is not None else None
        if mixing:
            nxt = next((s for s in plan.scenes if s.start_frame <= f < s.start_frame + s.duration_frames and s is not sc),
                       None)
            visible += bool(layer is not None and nxt is not None and product_layer(nxt) is not None)
        elif layer is not None:
            hide = [b for _, b in texts] + [e.box for e in plan.captions if e.start_frame <= f < e.end_frame]
            m = product_match(plan, img, f, k, hide)
            area = (layer.box[2] - layer.box[0]) * (layer.box[3] - layer.box[1]) / (plan.width * plan.height)
            visible += bool(m is not None and m >= 0.5 and area >= 0.05)
            # the product's salient region, from its own pixels where it stands in this frame
            x0, y0, x1, y1 = box_px(layer.box, k, (pr.width, pr.height))
            if x1 - x0 >= 8 and y1 - y0 >= 8:
                want = expected(plan, sc, layer, f - sc.start_frame, (x1 - x0, y1 - y0))
                sal = saliency(want.astype(np.float32) / 255.0) > 0.5
                for el, b in texts:
                    bx0, by0, bx1, by1 = box_px(b, k, (pr.width, pr.height))
                    ix0, iy0, ix1, iy1 = max(bx0, x0), max(by0, y0), min(bx1, x1), min(by1, y1)
                    if ix1 <= ix0 or iy1 <= iy0:
                        continue
                    hit = sal[iy0 - y0:iy1 - y0, ix0 - x0:ix1 - x0].sum()
                    if hit > 0.02 * max(1, (bx1 - bx0) * (by1 - by0)):
                        overlaps.add((sc.index, getattr(el, "text", None) or type(el).__name__))
        if price and _price_shown(img, texts, price, k, (pr.width, pr.height)):
            price_frames += 1
    last = plan.scenes[-1]
    card_f = last.duration_frames - (last.transition_in.duration_frames // 2 if last.transition_in else 0)
    card = grab_frames(video, [(plan.total_frames - card_f + i) / plan.fps for i in range(4, card_f - 2, 8)],
                       (pr.width, pr.height), plan.fps)
    motion = float(np.mean([np.abs(a.astype(int) - b.astype(int)).mean() for a, b in zip(card, card[1:])]))
    frozen = _frozen_s(video, (plan.total_frames - card_f) / plan.fps)
    sentences = [st.narration for st in script.scenes]
    splits = page_splits(plan.captions, sentences, plan.language, keep_phrases(brief))
    texts = [l for sc in plan.scenes for l in sc.overlay if isinstance(l, TextLayer)]
    return {
        "product_visible": visible / len(marks) if media_given else None,
        "end_card_s": card_f / plan.fps, "end_card_motion": motion, "end_card_frozen_s": frozen,
        "price_s": price_frames * step / plan.fps if price else None,
        "overlaps": sorted(overlaps), "splits": splits,
        "scene_changes_per_10s": _scene_changes(video) / (plan.total_frames / plan.fps) * 10,
        "min_text_pct": min([l.font_px for l in texts] + [lab.font_px for lab in plan.labels]) / min(plan.width,
                                                                                                      plan.height) * 100,
        "duration_s": plan.total_frames / plan.fps,
    }


def _price_shown(img: np.ndarray, texts, price: str, k: float, size: tuple[int, int]) -> bool:
    """The price is on screen when a text element holding it is up and its ink is in its box."""
    for el, b in texts:
        if not isinstance(el, TextLayer) or price not in el.text.replace("\n", ""):
            continue
        x0, y0, x1, y1 = box_px(b, k, size)
        region = img[y0:y1, x0:x1].reshape(-1, 3).astype(int)
        ink = np.array([int(el.color[i:i + 2], 16) for i in (1, 3, 5)])
        if region.size and float((np.abs(region - ink).sum(axis=1) < 90).mean()) > 0.03:
            return True
    return False


def _frozen_s(video: Path, start_s: float) -> float:
    """Seconds of the video after start_s that ffmpeg's freezedetect calls frozen (-60 dB, 0.5 s or longer)."""
    res = subprocess.run([ffmpeg_exe(), "-hide_banner", "-ss", f"{start_s:.3f}", "-i", str(video), "-an", "-vf",
                          "freezedetect=n=-60dB:d=0.5", "-f", "null", "-"], capture_output=True, text=True)
    return sum(float(x) for x in re.findall(r"freeze_duration: ([\d.]+)", res.stderr)) + \
        (0.5 if re.search(r"freeze_start", res.stderr) and not re.search(r"freeze_duration", res.stderr) else 0.0)


def _scene_changes(video: Path) -> int:
    res = subprocess.run([ffmpeg_exe(), "-hide_banner", "-i", str(video), "-an", "-vf",
                          "scale=320:-2,select='gt(scene,0.15)',showinfo", "-f", "null", "-"],
                         capture_output=True, text=True)
    return len(re.findall(r"Parsed_showinfo.*pts_time", res.stderr))


def stack(sheets: list[Image.Image]) -> Image.Image:
    """Sheets one under the other."""
    w = max(s.width for s in sheets)
    out = Image.new("RGB", (w, sum(s.height for s in sheets)), "#1E1E22")
    y = 0
    for s in sheets:
        out.paste(s, (0, y))
        y += s.height
    return out


def contact_sheet(video: Path, plan: Plan, title: str, thumb_w: int = 150) -> Image.Image:
    """One frame a second, ten a row (six for 16:9), titled."""
    pr = probe(video)
    times = [t + 0.5 for t in range(int(plan.total_frames / plan.fps))]
    imgs = grab_frames(video, times, (pr.width, pr.height), plan.fps)
    th = round(thumb_w * pr.height / pr.width)
    if pr.width > pr.height:
        thumb_w, th = thumb_w * 3 // 2, th * 3 // 2
    cols = min(len(imgs), 10 if pr.height > pr.width else 6)
    rows = -(-len(imgs) // cols)
    sheet = Image.new("RGB", (cols * (thumb_w + 4) + 4, rows * (th + 22) + 34), "#1E1E22")
    d = ImageDraw.Draw(sheet)
    d.text((6, 6), title, font=pil_font(18), fill="#FFFFFF")
    for i, (t, a) in enumerate(zip(times, imgs)):
        x, y = 4 + (i % cols) * (thumb_w + 4), 30 + (i // cols) * (th + 22)
        sheet.paste(Image.fromarray(a).resize((thumb_w, th), Image.Resampling.LANCZOS), (x, y))
        d.text((x + 2, y + th + 2), f"{t:.1f}s", font=pil_font(13), fill="#BBBBBB")
    return sheet


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", type=float, default=0.5)
    ap.add_argument("--only", default="", help="comma-separated brief names")
    ap.add_argument("--sheets", type=Path, default=ROOT / "docs" / "frames")
    ap.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = ap.parse_args()
    rows = []
    args.sheets.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        make_media(tmp / "media")
        pipe = Pipeline(MakeSettings(out_root=tmp / "out", scale=args.scale))
        wanted = {n for n in args.only.split(",") if n}
        for name, data in briefs(tmp / "media").items():
            if wanted and name not in wanted:
                continue
            path = tmp / f"{name}.json"
            path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
            t = time.perf_counter()
            report = pipe.make(path)
            run = Path(report["run_dir"])
            brief = parse_brief(json.loads((run / "brief.json").read_text(encoding="utf-8")))
            script = Script.model_validate_json((run / "script.json").read_text(encoding="utf-8"))
            sheets = []
            for out in report["outputs"]:
                plan = Plan.model_validate_json((run / f"plan.{out['cut']}.json").read_text(encoding="utf-8"))
                m = measure(plan, Path(out["path"]), brief, script, bool(data["product"].get("images")))
                rows.append({"brief": name, "cut": out["cut"], **m})
                sheets.append(contact_sheet(Path(out["path"]), plan, f"{name}  {out['platform']} {out['cut']}  "
                                            f"({plan.style}, one frame a second)"))
            stack(sheets).save(args.sheets / f"{name}.jpg", quality=80)
            print(f"  {name}: made and measured in {time.perf_counter() - t:.0f} s", file=sys.stderr)
        shutil.rmtree(tmp / "out", ignore_errors=True)
    print(f"{'brief':10} {'cut':5} {'visible':>8} {'end card':>9} {'frozen':>6} {'price':>6} {'overlaps':>8} "
          f"{'splits':>6} {'cuts/10s':>8} {'min text':>8}  verdict")
    failed = 0
    for r in rows:
        checks = [r["end_card_s"] <= 2.5, r["end_card_frozen_s"] == 0, not r["overlaps"], not r["splits"]]
        if r["product_visible"] is not None:
            checks.append(r["product_visible"] >= 0.85)
        if r["price_s"] is not None:
            checks.append(r["price_s"] >= 2.5)
        ok = all(checks)
        failed += not ok
        vis = f"{r['product_visible'] * 100:7.1f}%" if r["product_visible"] is not None else "     n/a"
        price = f"{r['price_s']:5.1f}s" if r["price_s"] is not None else "   n/a"
        print(f"{r['brief']:10} {r['cut']:5} {vis:>8} {r['end_card_s']:8.2f}s {r['end_card_frozen_s']:5.1f}s {price:>6} "
              f"{len(r['overlaps']):8d} {len(r['splits']):6d} {r['scene_changes_per_10s']:8.1f} "
              f"{r['min_text_pct']:7.1f}%  {'ok' if ok else 'MISS'}")
        for o in r["overlaps"]:
            print(f"      overlap: shot {o[0]}: {o[1]!r}")
        for s in r["splits"]:
            print(f"      split page: {s}")
    print("targets: visible >= 85% with media, end card <= 2.5 s and never frozen (ffmpeg freezedetect, -60 dB, "
          ">= 0.5 s), price >= 2.5 s, 0 overlaps, 0 split pages")
    print(f"{len(rows) - failed} of {len(rows)} cuts meet every target")
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
