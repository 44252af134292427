"""preview.html: every cut side by side in its real shape, playable, with the platforms' UI zones on a toggle.

The page is one self-contained file next to the videos: plain HTML/CSS/JS, local relative paths only.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

from pipeline.model.platform import SafeZone, platforms, ui_zone

CSS = """
body{margin:0;font:14px/1.4 system-ui,-apple-system,"Noto Sans CJK SC",sans-serif;background:#15161a;color:#e8e8ea}
header{padding:16px 24px;border-bottom:1px solid #2a2b31;display:flex;gap:24px;align-items:center;flex-wrap:wrap}
h1{font-size:18px;margin:0}
.meta{color:#9a9ba3}
label.toggle{margin-left:auto;cursor:pointer;user-select:none}
main{display:flex;flex-wrap:wrap;gap:24px;padding:24px;align-items:flex-start}
figure{margin:0;background:#1d1e23;border-radius:10px;padding:12px}
figcaption{margin-top:8px}
figcaption b{display:block}
.frame{position:relative;background:#000;border-radius:6px;overflow:hidden}
.frame video{width:100%;height:100%;display:block}
.zones{position:absolute;inset:0;pointer-events:none;display:none}
body.show-zones .zones{display:block}
.zone{position:absolute;background:rgba(255,45,85,.38);outline:1px solid rgba(255,45,85,.9)}
.safe{position:absolute;outline:2px dashed #38e08c}
.zone span{position:absolute;left:4px;top:2px;font-size:11px;color:#fff;text-shadow:0 0 2px #000}
.status{font:12px ui-monospace,monospace;color:#9a9ba3}
section.boards{padding:0 24px 24px}
section.boards h2{font-size:15px;margin:8px 0}
img.board{display:block;max-width:100%;border-radius:4px}
figure{max-width:min-content}
a{color:#8ab4ff}
table{border-collapse:collapse;margin:0 24px 24px}
td,th{padding:4px 10px;border-bottom:1px solid #2a2b31;text-align:left}
"""

JS = """
const page = document.body;
const box = document.getElementById('zones-toggle');
function apply(){ page.classList.toggle('show-zones', box.checked); }
box.addEventListener('change', () => { apply(); history.replaceState(null, '', box.checked ? '#zones' : '#'); });
if (location.hash === '#zones') { box.checked = true; }
apply();
const results = {};
const report = () => { document.getElementById('status').textContent = JSON.stringify(results); };
document.querySelectorAll('video').forEach(v => {
  const id = v.dataset.cut;
  results[id] = {state: 'loading'};
  v.addEventListener('loadedmetadata', () => {
    results[id] = {state: 'loaded', duration: v.duration, width: v.videoWidth, height: v.videoHeight};
    v.closest('figure').querySelector('.status').textContent =
      v.videoWidth + 'x' + v.videoHeight + ' · ' + v.duration.toFixed(2) + ' s';
    report();
  });
  v.addEventListener('error', () => { results[id] = {state: 'error', code: v.error && v.error.code}; report(); });
});
report();
"""


def _pct(v: float, total: int) -> str:
    return f"{100 * v / total:.3f}%"


def _zones_html(platform_id: str, width: int, height: int, safe_box: tuple[int, int, int, int]) -> str:
    x0, y0, x1, y1 = safe_box
    # a shape with no platform (genvideo clips --platform 1x1): its own safe box
    z = ui_zone(platform_id) if platform_id in platforms() else SafeZone(y0, height - y1, x0, width - x1)
    rects = []
    if z.top:
        rects.append(("top UI", 0, 0, width, z.top))
    if z.bottom:
        rects.append(("bottom UI", 0, height - z.bottom, width, z.bottom))
    if z.left:
        rects.append(("", 0, z.top, z.left, height - z.top - z.bottom))
    if z.right:
        rects.append(("side UI", width - z.right, z.top, z.right, height - z.top - z.bottom))
    parts = [f'<div class="zone" style="left:{_pct(x, width)};top:{_pct(y, height)};width:{_pct(w, width)};'
             f'height:{_pct(h, height)}"><span>{html.escape(name)}</span></div>' for name, x, y, w, h in rects]
    x0, y0, x1, y1 = safe_box
    parts.append(f'<div class="safe" title="genvideo text area" style="left:{_pct(x0, width)};top:{_pct(y0, height)};'
                 f'width:{_pct(x1 - x0, width)};height:{_pct(y1 - y0, height)}"></div>')
    return "".join(parts)


def _page(title: str, lang: str, meta_html: str, body_html: str, extra_css: str = "") -> str:
    """The page shell both galleries share: header with the UI-zone toggle, body, status, script."""
    return f"""<!doctype html>
<html lang="{html.escape(lang)}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>{html.escape(title)}</title><style>{CSS}{extra_css}</style></head>
<body><header><h1>{html.escape(title)}</h1><span class="meta">{meta_html}</span>
<label class="toggle"><input type="checkbox" id="zones-toggle"> Show platform UI zones</label></header>
{body_html}
<pre id="status" class="status" style="padding:0 24px 24px"></pre>
<script>{JS}</script></body></html>
"""


def _write(path: Path, doc: str) -> Path:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(doc, encoding="utf-8")
    tmp.replace(path)
    return path


def write_gallery(run_dir: Path, report: dict, storyboards: dict[str, str]) -> Path:
    """Write run_dir/preview.html for the videos in report['outputs'] (paths relative to run_dir)."""
    figures = []
    for out in report["outputs"]:
        # an output may name its own plan file and carry an id and a note (genvideo clips: several per platform)
        plan = json.loads((run_dir / out.get("plan", f"plan.{out['cut']}.json")).read_text(encoding="utf-8"))
        pf = platforms().get(out["platform"])
        key = out.get("id", out["platform"])
        ratio = f"{plan['width']} / {plan['height']}"
        size = "height:480px" if plan["height"] >= plan["width"] else "width:640px"
        note = f'<div class="meta">{html.escape(out["note"])}</div>' if out.get("note") else ""
        figures.append(
            f'<figure data-platform="{html.escape(out["platform"])}">'
            f'<div class="frame" style="aspect-ratio:{ratio};{size}">'
            f'<video data-cut="{html.escape(key)}" src="{html.escape(out["file"])}#t=1" controls muted '
            f'playsinline preload="metadata"></video>'
            f'<div class="zones">{_zones_html(out["platform"], plan["width"], plan["height"], tuple(plan["safe_box"]))}</div>'
            f'</div><figcaption><b>{html.escape(out.get("title") or (pf.label if pf else out["platform"]))} · '
            f'{out["cut"].replace("x", ":")}</b>'
            f'<span class="meta">{plan["width"]}x{plan["height"]} planned · {out["duration_s"]:.1f} s · '
            f'{out["integrated_lufs"]:.1f} LUFS</span>{note}<div class="status">loading…</div></figcaption>'
            f'</figure>')
    boards_html = "".join(
        f'<section class="boards"><h2>Storyboard · {html.escape(cut.replace("x", ":"))}</h2>'
        f'<a href="{html.escape(b)}"><img class="board" src="{html.escape(b)}" alt="storyboard {html.escape(cut)}"></a>'
        f'</section>' for cut, b in storyboards.items())
    mode = report.get("mode", "final")
    title = report.get("title") or f"{report['product']} — {mode} cuts"
    meta = report.get("meta") or (f"{len(report['outputs'])} cut(s) · target {report['target_duration_s']:.0f} s · "
                                  f"label “{html.escape(report.get('ai_label', ''))}”")
    doc = _page(title, report.get("language", "en"), meta, f"<main>{''.join(figures)}</main>\n{boards_html}")
    return _write(run_dir / "preview.html", doc)


def write_campaign_gallery(root: Path, manifest: dict) -> Path:
    """root/preview.html: every variant's video in a grid, with its axis values and similarity scores."""
    closest: dict[str, tuple[float, str]] = {}
    for p in manifest["similarity"]["pairs"]:
        for a, b in ((p["a"], p["b"]), (p["b"], p["a"])):
            if p["script"] > closest.get(a, (-1.0, ""))[0]:
                closest[a] = (p["script"], b)
    cards = []
    rows_by_variant: dict[str, list[dict]] = {}
    for r in manifest["rows"]:
        rows_by_variant.setdefault(r["variant_id"], []).append(r)
    for v in manifest["variants"]:
        rows = [r for r in rows_by_variant.get(v["id"], []) if r["path"]]
        axes = "".join(f"<tr><th>{html.escape(k)}</th><td>{html.escape(str(val))}</td></tr>"
                       for k, val in v["axes"].items())
        sim = closest.get(v["id"])
        sim_html = (f"<tr><th>closest</th><td>{sim[1]} · script {sim[0]:.2f}</td></tr>" if sim else "")
        if rows:
            r = rows[0]
            plan = json.loads((root / Path(r["path"]).parent / f"plan.{platforms()[r['platform']].profile.id}.json")
                              .read_text(encoding="utf-8"))
            size = "height:360px" if plan["height"] >= plan["width"] else "width:480px"
            media = (f'<div class="frame" style="aspect-ratio:{plan["width"]} / {plan["height"]};{size}">'
                     f'<video data-cut="{html.escape(v["id"])}" src="{html.escape(r["path"])}#t=1" controls muted '
                     f'playsinline preload="metadata"></video><div class="zones">'
                     f'{_zones_html(r["platform"], plan["width"], plan["height"], tuple(plan["safe_box"]))}</div></div>')
            other = " · ".join(f'<a href="{html.escape(x["path"])}">{html.escape(x["platform"])}</a>' for x in rows)
        else:
            media = f'<div class="status">failed: {html.escape((v.get("error") or "")[:200])}</div>'
            other = ""
        cards.append(f'<figure data-variant="{html.escape(v["id"])}">{media}<figcaption><b>{html.escape(v["id"])}</b>'
                     f'<span class="meta">{html.escape(v.get("hook_line") or "")}</span>'
                     f'<table>{axes}{sim_html}</table><div class="status"></div>{other}</figcaption></figure>')
    sim = manifest["similarity"]
    title = f"{manifest['campaign']} — {len(manifest['variants'])} variants"
    meta = (f"max script similarity between copy variants {sim['max_script_between_copy_variants']:.2f} "
            f"(near-duplicates above {sim['threshold']}: {len(sim['near_duplicates'])}) · {manifest['succeeded']} done, "
            f"{len(manifest['failed'])} failed")
    css = ("figcaption table{margin:6px 0 0;font-size:12px} figcaption th{color:#9a9ba3;font-weight:normal;"
           "padding:2px 8px 2px 0} figcaption td{padding:2px 0} figure{max-width:300px}")
    doc = _page(title, "zh", meta, f"<main>{''.join(cards)}</main>", css)
    return _write(root / "preview.html", doc)
