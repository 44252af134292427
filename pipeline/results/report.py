"""results.json, results.csv and a self-contained results.html (inline SVG charts, no scripts)."""

from __future__ import annotations

import csv
import html
import io
import json
from pathlib import Path

from pipeline.guards import csv_cell
from pipeline.results.common import AXES, FIELDS, METRICS


def _axes_text(axes: dict) -> str:
    return "; ".join(f"{k}={v}" for k, v in axes.items())


def csv_rows(result: dict) -> list[dict]:
    """One flat row per variant for results.csv."""
    out = []
    for e in result["variants"]:
        t = e["totals"]
        row = {"id": e["id"], "product": e.get("product") or "", "axes": _axes_text(e["axes"]),
               **{a: e["axes"].get(a, "") for a in AXES}, "has_data": e["has_data"], "rows": t.get("rows", 0),
               **{f: t[f] for f in FIELDS}}
        for m in METRICS:
            s = e["metrics"].get(m)
            row.update({m: _r(s and s["rate"]), f"{m}_lo": _r(s and s["lo"]), f"{m}_hi": _r(s and s["hi"]),
                        f"{m}_p_best": _r(s and s["p_best"])})
        row["p_best"] = row[f"{result['metric']}_p_best"]
        row.update(cost_per_click=e["cost_per_click"], cost_per_result=e["cost_per_result"])
        out.append(row)
    return out


def _r(x: float | None, nd: int = 6) -> float | str:
    return "" if x is None else round(float(x), nd)


def write_outputs(result: dict, out_dir: str | Path) -> dict[str, Path]:
    """Write results.json, results.csv (UTF-8 with BOM, opens in Excel) and a self-contained results.html."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = {"json": out / "results.json", "csv": out / "results.csv", "html": out / "results.html"}
    paths["json"].write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    rows = csv_rows(result)
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(rows[0]) if rows else ["id"])
    w.writeheader()
    w.writerows({k: csv_cell(v) for k, v in row.items()} for row in rows)   # no cell a spreadsheet runs
    paths["csv"].write_text(buf.getvalue(), encoding="utf-8-sig")
    paths["html"].write_text(render_html(result), encoding="utf-8")
    return paths


_CSS = """body{font:14px/1.45 system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;margin:24px;color:#222}
h1{font-size:20px}h2{font-size:16px;margin-top:28px}.verdict{padding:12px 16px;border-radius:6px;font-size:16px}
.winner{background:#e3f6e8;border:1px solid #5bb974}.open{background:#fff6dd;border:1px solid #e5b400}
.thin{background:#f1f1f1;border:1px solid #aaa}table{border-collapse:collapse;margin-top:8px}
td,th{border:1px solid #ddd;padding:3px 8px;text-align:right}th{background:#f6f6f6}td.l,th.l{text-align:left}
.muted{color:#777}svg text{font:12px system-ui,sans-serif}"""


def _svg_intervals(items: list[tuple[str, dict]], width: int = 760) -> str:
    """Horizontal 95% interval chart: one line per item (label, summary with lo/mean/hi/p_best)."""
    items = [(lab, s) for lab, s in items if s]
    if not items:
        return '<p class="muted">no data</p>'
    left, right, row_h = 300, 90, 22
    lo_v, hi_v = min(s["lo"] for _, s in items), max(s["hi"] for _, s in items)
    pad = (hi_v - lo_v) * 0.15 or 0.01
    lo, hi = max(0.0, lo_v - pad), min(1.0, hi_v + pad)
    plot = width - left - right
    x = lambda v: left + plot * (v - lo) / ((hi - lo) or 1.0)  # noqa: E731
    h = row_h * len(items) + 30
    best = max(s["p_best"] for _, s in items)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{h}" role="img">']
    for k in range(6):
        v = lo + (hi - lo) * k / 5
        parts.append(f'<line x1="{x(v):.1f}" y1="4" x2="{x(v):.1f}" y2="{h - 22}" stroke="#eee"/>'
                     f'<text x="{x(v):.1f}" y="{h - 8}" text-anchor="middle" fill="#777">{v * 100:.2f}%</text>')
    for i, (lab, s) in enumerate(items):
        y = 14 + i * row_h
        col = "#2e7d32" if s["p_best"] == best else "#1565c0"
        parts.append(f'<text x="{left - 8}" y="{y + 4}" text-anchor="end">{html.escape(lab if len(lab) <= 44 else lab[:43] + "…")}</text>'
                     f'<line x1="{x(s["lo"]):.1f}" y1="{y}" x2="{x(s["hi"]):.1f}" y2="{y}" stroke="{col}" '
                     f'stroke-width="3"/><circle cx="{x(s["mean"]):.1f}" cy="{y}" r="4" fill="{col}"/>'
                     f'<text x="{width - right + 8}" y="{y + 4}">P(best) {s["p_best"]:.2f}</text>')
    parts.append("</svg>")
    return "".join(parts)


def render_html(result: dict) -> str:
    """Self-contained report (inline CSS and SVG, no scripts): verdict and metric first."""
    m = result["metric"]
    v = result["verdict"]
    cls = {"winner": "winner", "no clear difference yet": "open"}.get(v["status"], "thin")
    esc = html.escape
    out = [f'<!doctype html><html><head><meta charset="utf-8"><title>Results {esc(str(result.get("campaign") or ""))}'
           f'</title><style>{_CSS}</style></head><body>',
           f'<h1>Campaign results: {esc(str(result.get("campaign") or ""))}</h1>',
           f'<p><b>Primary metric: {esc(result["metric_label"])}</b> <span class="muted">— {esc(result["metric_note"])}'
           f'</span></p>', f'<div class="verdict {cls}">{esc(v["text"])}</div>',
           f'<h2>{esc(m.upper())} per variant (95% credible interval, posterior mean)</h2>',
           _svg_intervals([(f'{e["id"]} ' + "/".join(str(x) for x in e["axes"].values()), e["metrics"].get(m))
                           for e in result["variants"]])]
    out.append("<h2>Per-axis effects (variants pooled by axis value)</h2>")
    for axis, vals in result["axes"][m].items():
        if len(vals) < 2:
            out.append(f'<h3>{esc(axis)}</h3><p class="muted">one value only ({esc(str(vals[0]["value"]) if vals else "")})'
                       "; nothing to compare</p>")
            continue
        out.append(f"<h3>{esc(axis)}</h3>" + _svg_intervals([(str(x["value"]), x) for x in vals]))
    out.append(_html_table(result))
    if result["missing"]:
        out.append(f'<h2>Variants without data ({len(result["missing"])})</h2><p>{esc(", ".join(result["missing"]))}</p>')
    out.append(f'<h2>Unmatched rows ({len(result["unmatched"])})</h2>')
    if result["unmatched"]:
        out.append('<table><tr><th class="l">file</th><th>row</th><th class="l">name</th><th>impressions</th>'
                   '<th>clicks</th><th class="l">reason</th></tr>')
        for r in result["unmatched"]:
            out.append(f'<tr><td class="l">{esc(str(r.get("file", "")))}</td><td>{r.get("row", "")}</td>'
                       f'<td class="l">{esc(str(r.get("name", "")))}</td><td>{r.get("impressions", "")}</td>'
                       f'<td>{r.get("clicks", "")}</td><td class="l">{esc(str(r.get("reason", "")))}</td></tr>')
        out.append("</table>")
    else:
        out.append('<p class="muted">none</p>')
    if result["notes"]:
        out.append("<h2>Notes</h2><ul>" + "".join(f"<li>{esc(n)}</li>" for n in result["notes"]) + "</ul>")
    out.append(f'<p class="muted">Beta(1,1) prior, {result["draws"]:,} Monte Carlo draws, seed {result["seed"]}.</p>'
               "</body></html>")
    return "\n".join(out)


def _html_table(result: dict) -> str:
    """The per-variant table of the report (axes shown as value/value/...)."""
    esc = html.escape
    head = ("id", "axes", "impressions", "clicks", "conversions", "cost", "CTR", "CVR", "completion",
            f"P(best {result['metric']})", "cost/result")
    out = ["<h2>Variants</h2><table><tr>" + "".join(f"<th>{h}</th>" for h in head) + "</tr>"]
    pct = lambda x: "" if x == "" else f"{x * 100:.2f}%"  # noqa: E731
    for e, r in zip(result["variants"], csv_rows(result)):
        cells = [r["id"], "/".join(str(x) for x in e["axes"].values()), r["impressions"], r["clicks"],
                 r["conversions"], r["cost"], pct(r["ctr"]), pct(r["cvr"]), pct(r["completion"]),
                 "" if r["p_best"] == "" else f'{r["p_best"]:.3f}',
                 "" if r["cost_per_result"] is None else r["cost_per_result"]]
        out.append("<tr>" + "".join(f'<td{" class=l" if i < 2 else ""}>{esc(str(c))}</td>'
                                    for i, c in enumerate(cells)) + "</tr>")
    return "".join(out) + "</table>"


