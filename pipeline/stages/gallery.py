"""preview.html: every cut side by side in its real shape, playable, with the platforms' UI zones on a toggle.

The page is one self-contained file next to the videos: plain HTML/CSS/JS, local relative paths only. Each video
has its own control row under the picture (play/pause, a scrubber, the time, sound, full screen), so nothing covers
the captions burned into the bottom of the frame; the picture itself plays and pauses on a click.
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
.frame video{cursor:pointer}
.controls{display:flex;align-items:center;gap:6px;margin-top:6px;min-width:0}
.controls button{flex:none;width:26px;height:26px;padding:0;border:0;border-radius:5px;background:#2c2d34;color:#e8e8ea;
cursor:pointer;display:flex;align-items:center;justify-content:center}
.controls button:hover,.controls button:focus-visible{background:#3a3b44}
.controls svg{width:14px;height:14px;fill:currentColor}
.controls .seek{flex:1;width:0;min-width:40px;margin:0;accent-color:#8ab4ff;cursor:pointer}
.controls .time{flex:none;font:12px ui-monospace,monospace;color:#c4c5cc;white-space:nowrap}
.player .i-pause,.player.playing .i-play,.player .i-sound,.player.sound .i-mute{display:none}
.player.playing .i-pause,.player.sound .i-sound{display:block}
.player:fullscreen{display:flex;flex-direction:column;background:#000;padding:12px}
.player:fullscreen .frame{flex:1;width:auto!important;height:auto!important;aspect-ratio:auto!important}
.player:fullscreen video{object-fit:contain}
.state{margin:6px 0 2px;font-size:13px}
.state b{display:inline;font-weight:600}
.state.done b{color:#38e08c}
.state.failed b{color:#ff6b81}
.state.skipped b{color:#8ab4ff}
.reason{margin:4px 0 0;white-space:pre-wrap;overflow-wrap:anywhere;color:#e8e8ea}
details.more{margin-top:4px;color:#9a9ba3;font-size:12px}
details.more pre{white-space:pre-wrap;overflow-wrap:anywhere;font:11px ui-monospace,monospace}
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
// what each video did, for programs reading the page (it is hidden); people read each video's own line
const results = {};
const report = () => { document.getElementById('status').textContent = JSON.stringify(results); };
const clock = (s) => {
  s = Math.max(0, Math.floor(isFinite(s) ? s : 0));
  return Math.floor(s / 60) + ':' + String(s % 60).padStart(2, '0');
};
document.querySelectorAll('.player').forEach(p => {
  const v = p.querySelector('video'), play = p.querySelector('.play'), seek = p.querySelector('.seek'),
        time = p.querySelector('.time'), line = p.closest('figure').querySelector('.status'), id = v.dataset.cut;
  let fresh = true, dragging = false;       // fresh: still on the still frame the page opened on (#t=1)
  results[id] = {state: 'loading'};
  const show = () => {
    p.classList.toggle('playing', !v.paused && !v.ended);
    p.classList.toggle('sound', !v.muted);
    play.setAttribute('aria-label', v.paused ? 'Play' : 'Pause');
    if (!dragging) seek.value = v.currentTime;
    time.textContent = clock(v.currentTime) + ' / ' + clock(v.duration);
  };
  const toggle = () => {
    if (!v.paused && !v.ended) { v.pause(); return; }
    if (fresh || v.ended) { v.currentTime = 0; }
    fresh = false;
    v.play().catch(() => {});
  };
  play.addEventListener('click', toggle);
  v.addEventListener('click', toggle);
  seek.addEventListener('input', () => { dragging = true; fresh = false; v.currentTime = Number(seek.value); show(); });
  seek.addEventListener('change', () => { dragging = false; show(); });
  p.querySelector('.mute').addEventListener('click', () => { v.muted = !v.muted; });
  p.querySelector('.full').addEventListener('click', () => {
    if (document.fullscreenElement) { document.exitFullscreen(); } else if (p.requestFullscreen) { p.requestFullscreen(); }
  });
  ['play', 'pause', 'ended', 'timeupdate', 'seeked', 'volumechange', 'durationchange'].forEach(e => v.addEventListener(e, show));
  const loaded = () => {
    results[id] = {state: 'loaded', duration: v.duration, width: v.videoWidth, height: v.videoHeight};
    seek.max = v.duration;
    line.textContent = v.videoWidth + 'x' + v.videoHeight + ' · ' + v.duration.toFixed(2) + ' s';
    show(); report();
  };
  v.addEventListener('loadedmetadata', loaded);
  if (v.readyState >= 1) { loaded(); }      // read before this script ran
  v.addEventListener('error', () => {
    results[id] = {state: 'error', code: v.error && v.error.code};
    line.textContent = 'this browser cannot play ' + v.getAttribute('src').split('#')[0] +
      (v.error && v.error.code ? ' (media error ' + v.error.code + ')' : '');
    report();
  });
  show();
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


ICONS = {
    "play": '<path d="M4 2.5v11l9.5-5.5z"/>',
    "pause": '<path d="M3.5 2.5h3.2v11H3.5zm5.8 0h3.2v11H9.3z"/>',
    "mute": '<path d="M1.5 5.5h3l4-3v11l-4-3h-3z"/><path d="M10.5 5.5l4 5m0-5l-4 5" stroke="currentColor" '
            'stroke-width="1.5" fill="none"/>',
    "sound": '<path d="M1.5 5.5h3l4-3v11l-4-3h-3z"/><path d="M11 5.5a3.5 3.5 0 0 1 0 5M12.8 3.3a6.3 6.3 0 0 1 0 '
             '9.4" stroke="currentColor" stroke-width="1.4" fill="none"/>',
    "full": '<path d="M2 6V2h4M10 2h4v4M14 10v4h-4M6 14H2v-4" stroke="currentColor" stroke-width="1.7" fill="none"/>',
}


def _icon(name: str) -> str:
    return f'<svg class="i-{name}" viewBox="0 0 16 16" aria-hidden="true">{ICONS[name]}</svg>'


def _player(cut_id: str, src: str, width: int, height: int, box: int, zones: str) -> str:
    """A video shown at most box px on its long side, with its controls in a row below the picture, exactly as wide
    (no native controls drawn over the captions)."""
    w, h = (round(box * width / height), box) if height >= width else (box, round(box * height / width))
    return (f'<div class="player" style="width:{w}px"><div class="frame" style="width:{w}px;height:{h}px">'
            f'<video data-cut="{html.escape(cut_id)}" src="{html.escape(src)}#t=1" muted playsinline '
            f'preload="metadata"></video><div class="zones">{zones}</div></div>'
            f'<div class="controls"><button type="button" class="play" aria-label="Play" title="Play / pause">'
            f'{_icon("play")}{_icon("pause")}</button>'
            f'<input type="range" class="seek" min="0" max="0" step="0.01" value="0" aria-label="Position">'
            f'<span class="time">0:00 / 0:00</span>'
            f'<button type="button" class="mute" aria-label="Sound on / off" title="Sound on / off">'
            f'{_icon("mute")}{_icon("sound")}</button>'
            f'<button type="button" class="full" aria-label="Full screen" title="Full screen">{_icon("full")}</button>'
            f'</div></div>')


def _page(title: str, lang: str, meta_html: str, body_html: str, extra_css: str = "") -> str:
    """The page shell both galleries share: header with the UI-zone toggle, body, status, script."""
    return f"""<!doctype html>
<html lang="{html.escape(lang)}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>{html.escape(title)}</title><style>{CSS}{extra_css}</style></head>
<body><header><h1>{html.escape(title)}</h1><span class="meta">{meta_html}</span>
<label class="toggle"><input type="checkbox" id="zones-toggle"> Show platform UI zones</label></header>
{body_html}
<pre id="status" class="status" hidden></pre>
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
        note = f'<div class="meta">{html.escape(out["note"])}</div>' if out.get("note") else ""
        zones = _zones_html(out["platform"], plan["width"], plan["height"], tuple(plan["safe_box"]))
        player = _player(out.get("id", out["platform"]), out["file"], plan["width"], plan["height"],
                         480 if plan["height"] >= plan["width"] else 640, zones)
        figures.append(
            f'<figure data-platform="{html.escape(out["platform"])}">{player}'
            f'<figcaption><b>{html.escape(out.get("title") or (pf.label if pf else out["platform"]))} · '
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


def _variant_state(v: dict) -> str:
    """A variant's outcome in words: done, skipped (made by an earlier run), or failed with its reason."""
    if v["status"] == "done" and v.get("skipped"):
        return ('<div class="state skipped"><b>skipped</b> · already made by an earlier run of this campaign; its '
                'videos are reused as they were</div>')
    if v["status"] == "done":
        return '<div class="state done"><b>done</b></div>'
    error = (v.get("error") or "no reason was recorded").strip()
    first, _, rest = error.partition("\n")
    more = (f'<details class="more"><summary>the whole message</summary><pre>{html.escape(error)}</pre></details>'
            if rest.strip() else "")
    return (f'<div class="state failed"><b>{html.escape(v["status"])}</b>'
            f'<p class="reason">{html.escape(first)}</p>{more}</div>')


def write_campaign_gallery(root: Path, manifest: dict) -> Path:
    """root/preview.html: every variant's video in a grid, with its outcome in words, its axis values and its
    closest script."""
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
        sim_html = (f"<tr><th>closest</th><td>{html.escape(sim[1])} · script {sim[0]:.2f}</td></tr>" if sim else "")
        media, other = "", ""
        if rows:
            r = rows[0]
            plan = json.loads((root / Path(r["path"]).parent / f"plan.{platforms()[r['platform']].profile.id}.json")
                              .read_text(encoding="utf-8"))
            media = _player(v["id"], r["path"], plan["width"], plan["height"],
                            400 if plan["height"] >= plan["width"] else 480,
                            _zones_html(r["platform"], plan["width"], plan["height"], tuple(plan["safe_box"])))
            other = " · ".join(f'<a href="{html.escape(x["path"])}">{html.escape(x["platform"])}</a>' for x in rows)
        cards.append(f'<figure data-variant="{html.escape(v["id"])}" data-status="{html.escape(v["status"])}">{media}'
                     f'<figcaption><b>{html.escape(v["id"])}</b>{_variant_state(v)}'
                     f'<span class="meta">{html.escape(v.get("hook_line") or "")}</span>'
                     f'<table>{axes}{sim_html}</table><div class="status"></div>{other}</figcaption></figure>')
    sim = manifest["similarity"]
    skipped = sum(1 for v in manifest["variants"] if v["status"] == "done" and v.get("skipped"))
    title = f"{manifest['campaign']} — {len(manifest['variants'])} variants"
    meta = (f"max script similarity between copy variants {sim['max_script_between_copy_variants']:.2f} "
            f"(near-duplicates above {sim['threshold']}: {len(sim['near_duplicates'])}) · {manifest['succeeded']} done"
            f"{f' ({skipped} from an earlier run)' if skipped else ''}, {len(manifest['failed'])} failed")
    css = ("figcaption table{margin:6px 0 0;font-size:12px} figcaption th{color:#9a9ba3;font-weight:normal;"
           "padding:2px 8px 2px 0} figcaption td{padding:2px 0} figure[data-status=failed]{width:240px;max-width:240px}")
    doc = _page(title, "zh", meta, f"<main>{''.join(cards)}</main>", css)
    return _write(root / "preview.html", doc)
