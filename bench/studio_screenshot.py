"""Screenshots of the studio in headless Chromium: starts the studio on a free port and fills the form with the
bundled sample (uploading its photo), then

    job        makes a draft of three cuts and waits for the videos (docs/studio.png)
    campaign   uploads the sample campaign.yaml, samples 4 of its variants, starts drafts and waits for the grid
               to fill in (docs/studio-campaign.png)
    findings   puts a claim in the offer and a superlative in the script step, and shows the blocked make button
               with each finding beside the words it concerns

    python bench/studio_screenshot.py job --out docs/studio.png
    python bench/studio_screenshot.py campaign --lang en --out docs/studio-campaign.png --max-kb 300
"""

from __future__ import annotations

import argparse
import io
import json
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.studio.cdp import Browser, free_port  # noqa: E402
from tests.studio.test_studio import PHOTO, kill, start_server  # noqa: E402

SAMPLE = ROOT / "assets" / "samples" / "coffee"
ALL_LOADED = ("(() => {{ const s = JSON.parse(document.getElementById('status').textContent || '{{}}');"
              " return Object.keys(s).length === {n} && Object.values(s).every(x => x.state === 'loaded') }})()")


def fill_sample(b: Browser, duration_s: int, plats: tuple[str, ...], offer: str | None = None) -> None:
    sample = json.loads((SAMPLE / "product.json").read_text(encoding="utf-8"))
    p, per = sample["product"], sample["persona"]
    values = {"product-name": p["name"], "product-description": p["description"],
              "product-features": "\n".join(p["features"]), "product-price": p["price"],
              "product-offer": offer or p["offer"], "persona-name": per["name"],
              "persona-pain_points": "\n".join(per["pain_points"]), "duration_s": str(duration_s)}
    for el, v in values.items():
        b.js(f"document.getElementById('f-{el}').value = {json.dumps(v, ensure_ascii=False)}")
    for plat in plats:
        b.js(f"document.querySelector('input[name=platforms][value={plat}]').checked = true")
    b.js("document.getElementById('form').dispatchEvent(new Event('input'))")
    b.set_files("#photos", [PHOTO])


def shoot_job(b: Browser) -> None:
    fill_sample(b, 15, ("douyin", "xiaohongshu", "bilibili"))
    b.js("document.getElementById('make-draft').click()")
    b.wait(ALL_LOADED.format(n=3), timeout=600)
    b.js("document.querySelectorAll('video').forEach(v => { v.currentTime = 6; })")
    b.js("new Promise(r => setTimeout(r, 1500))")
    b.js("document.getElementById('zones').click()")


def shoot_campaign(b: Browser, variants: int) -> None:
    fill_sample(b, 15, ("douyin",))
    b.set_files("#camp-file", [SAMPLE / "campaign.yaml"])
    b.wait("document.querySelectorAll('#ax-persona .persona').length === 3")
    b.js(f"document.getElementById('camp-max').value = {variants}; document.getElementById('camp-max')"
         ".dispatchEvent(new Event('input', {bubbles: true}))")
    b.js("document.getElementById('camp-draft').click()")
    b.wait(ALL_LOADED.format(n=variants), timeout=900)
    b.js("document.querySelectorAll('video').forEach(v => { v.currentTime = 3; })")
    b.js("new Promise(r => setTimeout(r, 1500))")
    b.js("document.getElementById('campaign').scrollIntoView()")      # the composer beside the finished grid


def shoot_findings(b: Browser) -> None:
    fill_sample(b, 15, ("douyin",), offer="全网销量第一，限时立减10元")
    b.js("document.getElementById('make-draft').click()")
    b.wait("document.querySelectorAll('#script textarea[data-scene]').length > 0 && "
           "!!document.querySelector('#script mark.block')")
    b.js("(() => { const ta = document.querySelector('#script textarea[data-scene=\"2\"]');"
         " ta.value = ta.value.replace(/。?$/, '，口感最顺滑。'); ta.dispatchEvent(new Event('input')); })()")
    b.wait("[...document.querySelectorAll('#script .line[data-line=\"2\"] .hl:first-child mark.block')]"
           ".some(m => m.textContent.startsWith('最'))")
    b.js("window.scrollTo(0, 0)")


def save(png: bytes, out: Path, max_kb: int | None) -> None:
    """The screenshot as PNG; over max_kb it is reduced to a 256-colour palette (still sharp for a UI)."""
    if max_kb and len(png) > max_kb * 1024:
        from PIL import Image

        img = Image.open(io.BytesIO(png)).convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
        buf = io.BytesIO()
        img.save(buf, "PNG", optimize=True)
        png = buf.getvalue()
    out.write_bytes(png)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("what", choices=["job", "campaign", "findings"], nargs="?", default="job")
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--lang", choices=["zh", "en"], default="zh")
    ap.add_argument("--variants", type=int, default=4, help="campaign: variants sampled from the sample campaign")
    ap.add_argument("--max-kb", type=int, default=None, help="reduce the PNG's colours when it is larger")
    ap.add_argument("--studio-out", type=Path, default=None, help="the studio's output folder (default: a temporary one)")
    ap.add_argument("--size", default="1500x1100")
    args = ap.parse_args()
    out = args.out or ROOT / "docs" / {"job": "studio.png", "campaign": "studio-campaign.png",
                                       "findings": "studio-findings.png"}[args.what]
    width, height = (int(x) for x in args.size.split("x"))
    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        proc = start_server(args.studio_out or Path(tmp), port)
        b = Browser(shutil.which("chromium") or "chromium", Path(tmp) / "profile", width=width, height=height)
        try:
            b.go(f"http://127.0.0.1:{port}/")
            b.wait("document.body.dataset.ready === '1'")
            b.js(f"document.getElementById('lang-{args.lang}').click()")
            {"job": shoot_job, "campaign": lambda br: shoot_campaign(br, args.variants),
             "findings": shoot_findings}[args.what](b)
            b.screenshot(Path(tmp) / "shot.png")
            save((Path(tmp) / "shot.png").read_bytes(), out, args.max_kb)
            print(out, f"{out.stat().st_size // 1024} KB")
        finally:
            b.close()
            kill(proc)


if __name__ == "__main__":
    main()
