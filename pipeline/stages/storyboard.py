"""Storyboards: one frame per script scene from a rendered cut, labelled with time, narration and on-screen text."""

from __future__ import annotations

import math
from pathlib import Path

from PIL import Image, ImageDraw

from pipeline.media.fonts import pil_font
from pipeline.media.probe import grab_frames, probe
from pipeline.model.plan import Plan
from pipeline.model.script import Script
from pipeline.stages.planning import wrap_to_width


def scene_times(plan: Plan) -> list[tuple[int, float]]:
    """(script scene index, time in s) at the middle of each script scene's first shot."""
    seen: dict[int, float] = {}
    for sc in plan.scenes:
        if sc.script_scene not in seen:
            seen[sc.script_scene] = (sc.start_frame + sc.duration_frames * 0.6) / plan.fps
    return sorted(seen.items())


def storyboard_columns(cells: int, portrait: bool) -> int:
    """Balanced grid: at most 6 (portrait) or 4 (landscape) per row, rows as even as possible."""
    most = 6 if portrait else 4
    rows = math.ceil(cells / most)
    return math.ceil(cells / rows)


def make_storyboard(video: Path, plan: Plan, script: Script, out_png: Path, thumb_w: int = 270,
                    columns: int | None = None) -> Path:
    """Write a grid PNG: each cell a frame of the video with the scene's time, narration and on-screen text."""
    pr = probe(video)
    times = scene_times(plan)
    thumb_h = round(thumb_w * pr.height / pr.width)
    cols = columns or storyboard_columns(len(times), pr.width < pr.height)
    rows = math.ceil(len(times) / cols)
    text_px = max(12, thumb_w // 18)
    text_h = text_px * 6
    pad = 12
    sheet = Image.new("RGB", (cols * (thumb_w + pad) + pad, rows * (thumb_h + text_h + pad) + pad), (24, 24, 28))
    draw = ImageDraw.Draw(sheet)
    font = pil_font(text_px)
    bold = pil_font(round(text_px * 1.1))
    grabbed = grab_frames(video, [t for _, t in times], (pr.width, pr.height), plan.fps)
    for k, ((idx, t), arr) in enumerate(zip(times, grabbed)):
        frame = Image.fromarray(arr).resize((thumb_w, thumb_h), Image.Resampling.LANCZOS)
        x = pad + (k % cols) * (thumb_w + pad)
        y = pad + (k // cols) * (thumb_h + text_h + pad)
        sheet.paste(frame, (x, y))
        scene = script.scenes[idx]
        draw.text((x, y + thumb_h + 4), f"{t:5.1f}s  {scene.kind}", font=bold, fill=(242, 193, 78))
        lines = wrap_to_width(scene.narration, script.language, text_px, thumb_w)[:3]
        if scene.on_screen:
            lines = lines[:2] + wrap_to_width(f"» {scene.on_screen}", script.language, text_px, thumb_w)[:1]
        for i, line in enumerate(lines):
            draw.text((x, y + thumb_h + 6 + (i + 1) * text_px * 1.3), line, font=font, fill=(230, 230, 230))
    tmp = out_png.with_name(f".{out_png.name}.tmp.png")
    sheet.save(tmp)
    tmp.replace(out_png)
    return out_png
