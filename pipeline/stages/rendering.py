"""Rendering a plan to MP4 with one ffmpeg filter graph: stills -> motion -> overlays -> transitions -> captions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from pipeline.errors import RenderError
from pipeline.media.ass import build_ass
from pipeline.media.audio import Loudness, measure_loudness
from pipeline.media.ffmpeg import run_ffmpeg
from pipeline.media.fonts import link_fonts_dir
from pipeline.media.graph import Graph
from pipeline.model.plan import Plan
from pipeline.model.platform import encode_spec
from pipeline.stages.footage import MIN_SPEED
from pipeline.stages.visuals import POP_FROM, Element, Moving, Rasterizer, scaled_size

PULSE = 0.07            # a pulsing element swells by this much
QUALITY = {
    # name: (x264 preset, crf)
    "final": ("veryfast", 20),
    "draft": ("ultrafast", 30),
}


@dataclass(frozen=True)
class RenderOptions:
    scale: float = 1.0          # draw and encode at this fraction of the plan's size
    quality: str = "final"
    captions: bool = True
    labels: bool = True
    metadata: dict[str, str] | None = None   # container tags, e.g. {"AIGC": "{...}"}


def output_size(plan: Plan, scale: float) -> tuple[int, int]:
    return scaled_size(plan.width, plan.height, scale)


def _still(m) -> bool:
    return m.zoom_from == m.zoom_to == 1.0 and not m.punch_frames


def _zoompan(g: Graph, src: str, m, n: int, fps: int, w: int, h: int) -> str:
    """n frames of a still, zoomed and panned as KenBurns m says (the same formula as layout.zoom_window)."""
    span = max(n - 1, 1)
    z = f"{m.zoom_from}+({m.zoom_to}-{m.zoom_from})*on/{span}"
    for f in m.punch_frames:     # a quick step in on a beat (3 frames)
        z += f"+{m.punch_zoom}*min(1,max(0,(on-{f})/3))"
    cx = f"({m.center_from[0]}+({m.center_to[0]}-{m.center_from[0]})*on/{span})"
    cy = f"({m.center_from[1]}+({m.center_to[1]}-{m.center_from[1]})*on/{span})"
    x = f"max(0,min(iw-iw/zoom,iw*{cx}-iw/zoom/2))"
    y = f"max(0,min(ih-ih/zoom,ih*{cy}-ih/zoom/2))"
    return g.add("zoompan", src, z=z, x=x, y=y, d=n, s=f"{w}x{h}", fps=fps)


def _moving(g: Graph, args: list[str], idx: int, v: str, mv: Moving, n: int, fps: int) -> str:
    """Overlay a picture that moves in its box: a photo zooming inside it, or a stretch of a clip played at one
    speed (then sampled at a constant fps, whatever the clip's own rate), its window panning, tone-mapped from
    HDR when the plan says so."""
    layer = mv.layer
    if mv.path is not None:
        args += ["-framerate", str(fps), "-i", str(mv.path)]
        s = g.add("format", f"{idx}:v", pix_fmts="yuva420p" if mv.alpha else "yuv420p")
        s = _zoompan(g, s, layer.motion, n, fps, mv.w, mv.h)
        return g.add("overlay", [v, s], x=mv.x, y=mv.y, format="yuv420")
    shot_s = n / fps
    span = layer.src_end_s - layer.src_start_s
    speed = max(span / shot_s, MIN_SPEED)
    args += ["-ss", f"{layer.src_start_s:.4f}", "-t", f"{span + 0.1:.4f}", "-i", layer.source]
    s = g.add("setpts", f"{idx}:v", expr=f"(PTS-STARTPTS)/{speed:.6f}")
    s = g.add("fps", s, fps=fps)
    a, b = layer.crop_from, layer.crop_to
    u = f"min(1,t/{max(shot_s - 1 / fps, 1e-3):.4f})"
    s = g.add("crop", s, w=f"iw*{a[2] - a[0]:.5f}", h=f"ih*{a[3] - a[1]:.5f}",
              x=f"iw*({a[0]:.5f}+({b[0] - a[0]:.5f})*{u})", y=f"ih*({a[1]:.5f}+({b[1] - a[1]:.5f})*{u})")
    s = g.add("scale", s, w=mv.w, h=mv.h, flags="bicubic")
    if layer.tonemap:
        s = g.add("zscale", s, t="linear", npl=100)
        s = g.add("format", s, pix_fmts="gbrpf32le")
        s = g.add("zscale", s, p="bt709")
        s = g.add("tonemap", s, tonemap="hable", desat=0)
        s = g.add("zscale", s, t="bt709", m="bt709", r="tv")
    else:
        s = g.add("scale", s, out_color_matrix="bt709", out_range="tv")
    s = g.add("format", s, pix_fmts="yuv420p")
    s = g.add("trim", s, end_frame=n)
    return g.add("overlay", [v, s], x=mv.x, y=mv.y, format="yuv420", eof_action="repeat")


def _element(g: Graph, args: list[str], idx: int, v: str, el: Element, n: int, fps: int, scale: float) -> str:
    """Overlay one entering element on the shot stream v (input index idx): pop, slide, fade or type."""
    e = el.entrance
    T, D = e.start_frame / fps, max(e.duration_frames, 1) / fps
    on = f"gte(t,{T:.4f})"
    # animated inputs stop when the entrance is over: overlay then holds their last (settled) frame
    done = min(n, e.start_frame + e.duration_frames + 2)
    if e.kind == "type":
        # one PNG per frame of the typing, shifted to its start; overlay shows nothing before the first and
        # holds the last (all the text) after it
        args += ["-framerate", str(fps), "-start_number", "0", "-i", str(el.path)]
        s = g.add("setpts", f"{idx}:v", expr=f"PTS+{T:.4f}/TB")
        return g.add("overlay", [v, s], x=el.x, y=el.y, format="yuv420", eof_action="repeat")
    if e.kind == "fade":
        args += ["-loop", "1", "-framerate", str(fps), "-t", f"{done / fps:.6f}", "-i", str(el.path)]
        s = g.add("fade", f"{idx}:v", t="in", st=f"{T:.4f}", d=f"{D:.4f}", alpha=1)
        return g.add("overlay", [v, s], x=el.x, y=el.y, format="yuv420", enable=on)
    args += ["-i", str(el.path)]
    if e.kind == "slide":
        ease = f"pow(max(0,1-(t-{T:.4f})/{D:.4f}),3)"
        return g.add("overlay", [v, f"{idx}:v"], x=f"{el.x}+{round(e.dx * scale)}*{ease}",
                     y=f"{el.y}+{round(e.dy * scale)}*{ease}", eval="frame", format="yuv420", enable=on)
    # pop: the padded PNG is zoomed from POP_FROM down to 1 (the element stamps into place); pulse: then swells
    # by PULSE and back once a second to the end of the shot
    f0, df = e.start_frame, max(e.duration_frames, 1)
    z = f"max(1,{POP_FROM}-({POP_FROM}-1)*(on-{f0})/{df})"
    if e.kind == "pulse":
        z = f"if(lt(on,{f0 + df}),{z},1+{PULSE}*(1-cos(2*PI*(on-{f0 + df})/{fps}))/2)"
        done = n
    z = f"if(lt(on,{f0}),{POP_FROM},{z})"
    s = g.add("format", f"{idx}:v", pix_fmts="yuva420p")
    s = g.add("zoompan", s, z=z, x="iw/2-iw/zoom/2", y="ih/2-ih/zoom/2", d=done, s=f"{el.w}x{el.h}", fps=fps)
    return g.add("overlay", [v, s], x=el.x, y=el.y, format="yuv420", enable=on)


def build_command(plan: Plan, pictures: list[Path], overlays: list[Path | None], audio: Path, ass_name: str | None,
                  out: Path, opts: RenderOptions, elements: list[list[Element]] | None = None,
                  moving: list[list[Moving]] | None = None) -> list[str]:
    """ffmpeg arguments (without the binary) that render plan to out."""
    enc = encode_spec()
    w, h = output_size(plan, opts.scale)
    fps = plan.fps
    args: list[str] = []
    g = Graph()
    streams: list[str] = []
    idx = 0
    elements = elements or [[] for _ in plan.scenes]
    moving = moving or [[] for _ in plan.scenes]
    for scene, pic, ov, els, mvs in zip(plan.scenes, pictures, overlays, elements, moving):
        args += ["-framerate", str(fps), "-i", str(pic)]
        pic_idx = idx
        idx += 1
        n = scene.duration_frames
        # Convert the still to BT.709 yuv420p once, so every per-frame filter after it moves half the bytes.
        v = g.add("scale", f"{pic_idx}:v", out_color_matrix="bt709", out_range="tv")
        v = g.add("format", v, pix_fmts=enc.pix_fmt)
        if _still(scene.motion):     # a background that holds: the one decoded frame, repeated
            v = g.add("loop", v, loop=n - 1, size=1)
            v = g.add("setpts", v, expr=f"N/{fps}/TB")
        else:
            v = _zoompan(g, v, scene.motion, n, fps, w, h)
        for mv in mvs:
            v = _moving(g, args, idx, v, mv, n, fps)
            idx += 1
        if ov is not None:
            args += ["-i", str(ov)]
            v = g.add("overlay", [v, f"{idx}:v"], x=0, y=0, format="yuv420")
            idx += 1
        for el in els:
            v = _element(g, args, idx, v, el, scene.duration_frames, fps, opts.scale)
            idx += 1
        v = g.add("setsar", v, r=1)
        streams.append(v)
    audio_idx = idx
    args += ["-i", str(audio)]

    acc = streams[0]
    acc_frames = plan.scenes[0].duration_frames
    for scene, s in zip(plan.scenes[1:], streams[1:]):
        t = scene.transition_in
        if t is not None:
            offset = scene.start_frame / fps
            acc = g.add("xfade", [acc, s], transition=t.kind, duration=f"{t.duration_frames / fps:.6f}",
                        offset=f"{offset:.6f}")
            acc_frames = scene.start_frame + scene.duration_frames
        else:
            acc = g.add("concat", [acc, s], n=2, v=1, a=0)
            acc_frames += scene.duration_frames
    if acc_frames != plan.total_frames:
        raise RenderError(f"plan {plan.cut}: shots add up to {acc_frames} frames, expected {plan.total_frames}")
    if ass_name:
        acc = g.add("subtitles", acc, filename=ass_name, fontsdir="fonts")
    acc = g.add("format", acc, pix_fmts=enc.pix_fmt)
    # the frames carry their colour description to the encoder (its own -color_* options alone leave
    # primaries and transfer "unknown" in the stream)
    g.add("setparams", acc, out="vout", color_primaries="bt709", color_trc="bt709", colorspace="bt709", range="tv")
    preset, crf = QUALITY[opts.quality]
    seconds = plan.total_frames / fps
    # an AAC track made once for the run (encode_audio) is copied into every cut; anything else is encoded here
    audio_args = (["-c:a", "copy"] if audio.suffix == ".m4a" else
                  ["-c:a", enc.audio_codec, "-b:a", enc.audio_bitrate, "-ar", str(enc.audio_rate), "-ac",
                   str(enc.audio_channels)])
    args += [
        "-filter_complex", g.render(),
        "-map", "[vout]", "-map", f"{audio_idx}:a",
        "-c:v", enc.video_codec, "-profile:v", enc.profile, "-preset", preset, "-crf", str(crf),
        "-pix_fmt", enc.pix_fmt, "-r", str(fps), "-fps_mode", "cfr", "-g", str(fps * 2),
        "-colorspace", "bt709", "-color_primaries", "bt709", "-color_trc", "bt709", "-color_range", "tv",
        *audio_args,
        "-frames:v", str(plan.total_frames), "-t", f"{seconds:.6f}",
        "-movflags", "+faststart+use_metadata_tags",
    ]
    for k, v in (opts.metadata or {}).items():
        args += ["-metadata", f"{k}={v}"]
    args += ["-f", "mp4", str(out)]
    return args


def render(plan: Plan, audio: Path, out: Path, work: Path, opts: RenderOptions = RenderOptions(),
           image_cache: Path | None = None, progress: Callable[[float], None] | None = None) -> list[str]:
    """Render plan to out (written as a temporary file, renamed when complete). Returns raster warnings."""
    work.mkdir(parents=True, exist_ok=True)
    raster = Rasterizer(plan.width, plan.height, opts.scale, image_cache)
    pictures, overlays, elements, moving = [], [], [], []
    for scene in plan.scenes:
        pic, ov, els, mvs = raster.render_scene(scene, work)
        pictures.append(pic)
        overlays.append(ov)
        elements.append([replace(e, path=e.path.resolve()) for e in els])
        moving.append([replace(m, path=m.path.resolve()) if m.path else m for m in mvs])
    ass_name = None
    if opts.captions or opts.labels:
        ass_name = "captions.ass"
        (work / ass_name).write_text(build_ass(plan, opts.captions, opts.labels), encoding="utf-8")
        link_fonts_dir(work)
    tmp = out.with_name(f".{out.name}.part")
    args = build_command(plan, [p.resolve() for p in pictures], [o.resolve() if o else None for o in overlays],
                         audio.resolve(), ass_name, tmp.resolve(), opts, elements, moving)
    try:
        run_ffmpeg(args, cwd=str(work), what=f"render of cut {plan.cut}", progress=progress,
                   duration_s=plan.total_frames / plan.fps)
        tmp.replace(out)
    finally:
        tmp.unlink(missing_ok=True)
    return raster.warnings


def encode_audio(mix_wav: Path, out: Path, ceiling_dbtp: float) -> tuple[Path, Loudness, list[str]]:
    """The run's audio encoded once (AAC per the encode spec) for every cut to copy, measured once, and made
    quieter by the overshoot when the AAC encode pushed true peaks over the ceiling. Returns the file, its
    loudness and warnings."""
    enc = encode_spec()
    tmp = out.with_name(f".{out.name}.part")
    warnings = []
    try:
        run_ffmpeg(["-i", str(mix_wav), "-vn", "-c:a", enc.audio_codec, "-b:a", enc.audio_bitrate, "-ar",
                    str(enc.audio_rate), "-ac", str(enc.audio_channels), "-f", "mp4", str(tmp)], what="audio encode")
        loud = measure_loudness(tmp)
        if loud.true_peak_dbtp > ceiling_dbtp:
            cut_db = ceiling_dbtp - loud.true_peak_dbtp - 0.3
            run_ffmpeg(["-i", str(mix_wav), "-vn", "-af", f"volume={cut_db:.2f}dB", "-c:a", enc.audio_codec, "-b:a",
                        enc.audio_bitrate, "-ar", str(enc.audio_rate), "-ac", str(enc.audio_channels), "-f", "mp4",
                        str(tmp)], what="audio encode (true-peak fix)")
            warnings.append(f"AAC encode peaked at {loud.true_peak_dbtp:.2f} dBTP; audio encoded {-cut_db:.2f} dB lower")
            loud = measure_loudness(tmp)
        tmp.replace(out)
    finally:
        tmp.unlink(missing_ok=True)
    return out, loud, warnings
