"""The run's preview page (the project's gallery page, one video per clip and platform, with each clip's rank,
score and reasons) and a contact sheet per clip (a frame every CONTACT_EVERY_S seconds)."""

from __future__ import annotations

import html
from pathlib import Path

from pipeline.media.ffmpeg import run_ffmpeg
from pipeline.stages.gallery import write_gallery

CONTACT_EVERY_S = 2.0
CONTACT_W = 180


def contact_sheet(video: Path, out: Path, duration_s: float, width: int = CONTACT_W, columns: int | None = None) -> Path:
    """Frames one every CONTACT_EVERY_S (the first at 0.5 s), each `width` pixels wide, in rows of `columns`
    (default: one row)."""
    n = max(1, int(duration_s // CONTACT_EVERY_S))
    cols = min(columns or n, n)
    rows = -(-n // cols)
    run_ffmpeg(["-ss", "0.5", "-i", str(video), "-vf",
                f"fps=1/{CONTACT_EVERY_S},scale={width}:-2,tile={cols}x{rows}:padding=4:color=white", "-frames:v", "1",
                "-q:v", "3", str(out)], what="contact sheet")
    return out


def write_preview(run_dir: Path, report: dict) -> Path:
    outputs, boards = [], {}
    for c in report["clips"]:
        why = "; ".join(c["reasons"]) or "no selling cue"
        for f in c["files"]:
            outputs.append({**f, "id": f"{c['id']}-{f['platform']}", "title": f"#{c['rank']} {f['platform']}",
                            "note": f"score {c['score']:.1f} · {c['start_s']:.1f}-{c['end_s']:.1f} s of the "
                                    f"recording · {why}"})
        first = c["files"][0]
        sheet = run_dir / c["id"] / "contact.jpg"
        contact_sheet(run_dir / first["file"], sheet, first["duration_s"])
        boards[f"#{c['rank']} {c['id']}"] = f"{c['id']}/contact.jpg"
    src = Path(report["source"]["file"]).name
    meta = (f"{len(report['clips'])} clip(s) of {src} · {report['length_s'][0]:.0f}-{report['length_s'][1]:.0f} s · "
            f"label “{report['ai_label']}” · {report['compliance']['left_out']} flagged claim(s) left out")
    page = {"product": report["product"] or src, "language": report["language"], "outputs": outputs,
            "title": f"{report['product'] or src} — highlights", "meta": html.escape(meta), "mode": report["mode"]}
    return write_gallery(run_dir, page, boards)
