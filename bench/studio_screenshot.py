"""Screenshot of the studio with finished cuts (docs/studio.png): starts the studio on a free port, fills the
form with the bundled sample in headless Chromium, uploads its photo, makes a draft and waits for the videos.

    python bench/studio_screenshot.py [--out docs/studio.png]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.studio.cdp import Browser, free_port  # noqa: E402
from tests.studio.test_studio import PHOTO, kill, start_server  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "studio.png")
    args = ap.parse_args()
    sample = json.loads((ROOT / "assets" / "samples" / "coffee" / "product.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        proc = start_server(Path(tmp), port)
        b = Browser(shutil.which("chromium") or "chromium", Path(tmp) / "profile", width=1500, height=1100)
        try:
            b.go(f"http://127.0.0.1:{port}/")
            b.wait("document.body.dataset.ready === '1'")
            b.js("document.getElementById('lang-zh').click()")
            p, per = sample["product"], sample["persona"]
            values = {"product-name": p["name"], "product-description": p["description"],
                      "product-features": "\n".join(p["features"]), "product-price": p["price"],
                      "product-offer": p["offer"], "persona-name": per["name"],
                      "persona-pain_points": "\n".join(per["pain_points"]), "duration_s": "15"}
            for el, v in values.items():
                b.js(f"document.getElementById('f-{el}').value = {json.dumps(v, ensure_ascii=False)}")
            for plat in ("douyin", "xiaohongshu", "bilibili"):
                b.js(f"document.querySelector('input[name=platforms][value={plat}]').checked = true")
            b.set_files("#photos", [PHOTO])
            b.js("document.getElementById('make-draft').click()")
            b.wait("(() => { const s = JSON.parse(document.getElementById('status').textContent || '{}');"
                   " return Object.keys(s).length === 3 && Object.values(s).every(x => x.state === 'loaded') })()",
                   timeout=600)
            b.js("document.querySelectorAll('video').forEach(v => { v.currentTime = 6; })")
            b.js("new Promise(r => setTimeout(r, 1500))")
            b.js("document.getElementById('zones').click()")
            b.screenshot(args.out)
            print(args.out)
        finally:
            b.close()
            kill(proc)


if __name__ == "__main__":
    main()
