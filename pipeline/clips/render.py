"""Rendering one clip for one output shape: the played spans of the recording on the 30 fps grid, the crop moved
frame by frame (sendcmd), scaled to the platform's size, with burned captions, the hook title, the call to
action and the AI label (one libass document built by pipeline.media.ass), the sound at -14 LUFS, and the AIGC
metadata. One ffmpeg process per file; the sound is made once per clip and copied into each shape."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from pipeline.clips.highlights import TimeMap
from pipeline.clips.reframe import CropPath, sendcmd_script
from pipeline.media.ass import ass_color, build_ass, em_per_ass_size, escape_text
from pipeline.media.audio import Loudness, normalize_loudness
from pipeline.media.ffmpeg import run_ffmpeg
from pipeline.media.fonts import font_path, link_fonts_dir, text_width
from pipeline.media.linebreak import break_lines, join
from pipeline.model.brief import Brief
from pipeline.model.narration import Narration, SentenceTiming, WordTiming
from pipeline.model.plan import AudioMix, CaptionStyle, Plan
from pipeline.model.platform import Profile, encode_spec, loudness_spec
from pipeline.model.style import choose_style
from pipeline.stages.captions import LINES_PER_PAGE, layout_captions
from pipeline.stages.motion import mark_emphasis
from pipeline.stages.narration import split_words
from pipeline.stages.planning import DEFAULT_ACCENT, DEFAULT_PRIMARY, contrast, label_event
from pipeline.stages.rendering import QUALITY, encode_audio, output_size

FPS = 30
HOOK_S = 2.0              # the hook title opens the clip for this long
CTA_S = 2.0               # the call to action closes it for at most this long
CARD_RATIO = 0.062        # hook and call-to-action text: this share of the frame's short side
CARD_LINES = 3
TRUE_PEAK_LIMIT = -1.0


@dataclass(frozen=True)
class Look:
    """The clip's captions and cards, in the style of the product's ads."""

    caption: CaptionStyle
    primary: str
    accent: str
    style: str


def look_for(brief: Brief | None, profile: Profile, lang: str) -> Look:
    """Caption style and card colours as `make` chooses them for the brief (stages.planning.plan_video: the style
    the audience gets, its caption size and plate, the brand's accent as the spoken-word colour)."""
    persona = brief.persona if brief else None
    style = choose_style(brief.style if brief else None, persona.age_range if persona else None,
                         persona.tone if persona else None, "high")
    colors = brief.product.brand_colors if brief else []
    primary = colors[0] if colors else DEFAULT_PRIMARY
    accent = colors[1] if len(colors) > 1 else DEFAULT_ACCENT
    s = profile.short_side / 1080
    px = round(style.caption_ratio * (0.94 if lang == "en" else 1.0) * profile.short_side)
    highlight = accent if contrast(accent, "#000000") > 7.0 else "#FFD400"
    emphasis = None if style.emphasis == "none" else ("#4DE3FF" if contrast(highlight, "#FFD400") < 1.3 else "#FFD400")
    cap = CaptionStyle(font_px=px, color="#FFFFFF", highlight=highlight, outline="#000000",
                       outline_px=max(2, round(4 * s)), line_gap_px=round(px * 0.25),
                       plate="#000000A6" if style.caption_plate else None, emphasis=emphasis,
                       emphasis_scale=115 if style.emphasis == "colour+scale" else 100)
    return Look(cap, primary, accent, style.name)


def clip_narration(words: list[tuple[str, float, float]], sentences: list[list[int]], duration: float,
                   lang: str) -> Narration:
    """The host's kept words on the clip's timeline, shaped as a narration so the project's caption layout
    reads it."""
    out = []
    for i, idx in enumerate(sentences):
        ws = [WordTiming(text=words[k][0], start_s=round(words[k][1], 3), end_s=round(words[k][2], 3)) for k in idx]
        if ws:
            out.append(SentenceTiming(scene_index=i, text=join([w.text for w in ws], lang), start_s=ws[0].start_s,
                                      end_s=ws[-1].end_s, words=ws, word_timing="whisper"))
    return Narration(audio_file="clip.m4a", duration_s=duration, sentences=out, backend="recording", voice="host",
                     speed=1.0, word_timing="whisper")


def clip_plan(narration: Narration, profile: Profile, lang: str, look: Look, label: str, name: str,
              duration: float) -> Plan:
    """The clip's plan: captions and the AI label laid out in the safe box (no shots: the picture is the
    recording)."""
    total = max(1, int(round(duration * FPS)))
    captions = layout_captions(narration, lang, look.caption, profile.safe_box, 0.0, FPS, total)
    if look.caption.emphasis:
        captions = mark_emphasis(captions, name, lang)
    ld = loudness_spec()
    return Plan(cut=profile.id, width=profile.width, height=profile.height, fps=FPS, total_frames=total, seed=0,
                language=lang if lang in ("zh", "en", "ja") else "en", style=look.style, font_file=font_path().name,
                safe_box=profile.safe_box, scenes=[], captions=captions, caption_style=look.caption,
                labels=[label_event(profile, label, FPS, total)],
                audio=AudioMix(narration_offset_frames=0, music_mood="none", music_bpm=0, music_seed=0, duck_db=0.0,
                               target_lufs=ld.integrated_lufs, true_peak_dbtp=ld.true_peak_dbtp))


def _ink(bg: str) -> str:
    return "#111111" if contrast("#111111", bg) >= contrast("#FFFFFF", bg) else "#FFFFFF"


def _card_lines(text: str, lang: str, px: int, max_w: float) -> list[str]:
    words = split_words(text, lang)
    idx = break_lines(words, lang, px, max_w, 26 if lang == "en" else 12)
    lines = [join([words[i] for i in line], lang) for line in idx]
    if len(lines) > CARD_LINES:
        lines = lines[:CARD_LINES]
        lines[-1] = lines[-1].rstrip("，,、 ") + "…"
    return lines


def card_event(text: str, lang: str, plan: Plan, y_top: int, start_s: float, end_s: float, plate: str) -> tuple[str, tuple]:
    """A centred title on a plate in the brand's colour (libass BorderStyle 3 of the Label style), at most
    CARD_LINES lines, inside the safe box. Returns the Dialogue line and its box."""
    x0, _, x1, _ = plan.safe_box
    px, pad = _card_px(plan)
    lines = _card_lines(text, lang, px, (x1 - x0) - 2 * pad)
    k = em_per_ass_size()
    cx = (x0 + x1) // 2
    tags = (f"{{\\an8\\pos({cx},{y_top + pad})\\fs{px * k:.1f}\\bord{pad}\\shad0\\1c{ass_color(_ink(plate))}"
            f"\\3c{ass_color(plate)}\\3a&H10&\\fad(120,120)}}")
    body = "\\N".join(escape_text(ln) for ln in lines)
    w = max(text_width(ln, px) for ln in lines) + 2 * pad
    box = (int(cx - w / 2), y_top, int(cx + w / 2), int(y_top + _card_h(len(lines), px, pad)))
    return f"Dialogue: 4,{_ts(start_s)},{_ts(end_s)},Label,,0,0,0,,{tags}{body}", box


def _card_px(plan: Plan) -> tuple[int, int]:
    px = math.ceil(CARD_RATIO * min(plan.width, plan.height))
    return px, max(6, px // 4)


def _card_h(lines: int, px: int, pad: int) -> float:
    """The plate's height: libass lines are the font's ascender-to-descender tall, plus the padding."""
    return lines * px * em_per_ass_size() + 2 * pad


def _ts(s: float) -> str:
    cs = max(0, round(s * 100))
    h, cs = divmod(cs, 360000)
    m, cs = divmod(cs, 6000)
    sec, cs = divmod(cs, 100)
    return f"{h}:{m:02d}:{sec:02d}.{cs:02d}"


def _overlaps(a: tuple, b: tuple | None, margin: int = 0) -> bool:
    return b is not None and not (a[3] + margin <= b[1] or b[3] + margin <= a[1] or a[2] + margin <= b[0]
                                  or b[2] + margin <= a[0])


def clip_ass(plan: Plan, hook: str, cta: str, look: Look, lang: str,
             faces: dict[str, tuple | None] | None = None) -> tuple[str, dict]:
    """The libass document: captions and label from the plan (pipeline.media.ass.build_ass), the hook title on
    the opening HOOK_S, the call to action on the closing CTA_S. Each card goes under the label or just above
    the captions, whichever keeps it off the host's face (faces: where it is while each card shows)."""
    faces = faces or {}
    doc = build_ass(plan)
    duration = plan.total_frames / plan.fps
    label = plan.labels[0].box
    gap = round(24 * min(plan.width, plan.height) / 1080)
    sx0, sy0, sx1, sy1 = plan.safe_box
    st = plan.caption_style
    # libass draws a caption line the font's ascender-to-descender tall (more than font_px + line_gap)
    lines = LINES_PER_PAGE.get(lang, 1)
    caption_top = sy1 - lines * st.font_px * em_per_ass_size() - (lines - 1) * st.line_gap_px - 2 * st.outline_px - gap
    px, pad = _card_px(plan)
    extra, boxes = [], {}
    for kind, text, start, end, plate, order in (
            ("hook", hook, 0.0, min(HOOK_S, duration), look.primary, ("top", "bottom")),
            ("cta", cta, max(0.0, duration - CTA_S), duration, look.accent, ("bottom", "top"))):
        if not text:
            continue
        h = _card_h(len(_card_lines(text, lang, px, (sx1 - sx0) - 2 * pad)), px, pad)
        spots = {"top": label[3] + gap, "bottom": int(caption_top - h)}    # under the label, over the captions
        best = None
        for where in order:
            line, box = card_event(text, lang, plan, spots[where], start, end, plate)
            if best is None:
                best = (line, box)
            if not _overlaps(box, faces.get(kind), gap):
                best = (line, box)
                break
        extra.append(best[0])
        boxes[kind] = best[1]
    return doc + "\n".join(extra) + ("\n" if extra else ""), boxes


def clip_audio(source: Path, segments: list[tuple[float, float]], work: Path) -> tuple[Path, Loudness, list[str]]:
    """The clip's sound: the played spans joined (5 ms fades at each join), at -14 LUFS with true peaks under the
    limit, encoded once to AAC."""
    ld = loudness_spec()
    s0 = segments[0][0]
    total = segments[-1][1] - s0
    parts, labels = [], []
    for i, (a, b) in enumerate(segments):
        d = b - a
        parts.append(f"[a{i}]atrim=start={a - s0:.4f}:end={b - s0:.4f},asetpts=PTS-STARTPTS,"
                     f"afade=t=in:d=0.005,afade=t=out:st={max(0.0, d - 0.005):.4f}:d=0.005[p{i}]")
        labels.append(f"[p{i}]")
    n = len(segments)
    graph = (f"[0:a]aformat=sample_rates=48000:channel_layouts=stereo,asplit={n}" + "".join(f"[a{i}]" for i in range(n))
             + ";" + ";".join(parts) + ";" + "".join(labels) + f"concat=n={n}:v=0:a=1[aout]")
    raw, norm = work / "clip_raw.wav", work / "clip.wav"
    run_ffmpeg(["-ss", f"{s0:.4f}", "-t", f"{total + 0.1:.4f}", "-i", str(source), "-vn", "-filter_complex", graph,
                "-map", "[aout]", "-c:a", "pcm_s16le", str(raw)], what="clip sound")
    normalize_loudness(raw, norm, ld.integrated_lufs, ld.true_peak_dbtp)
    m4a, loud, warnings = encode_audio(norm, work / "clip.m4a", TRUE_PEAK_LIMIT)
    raw.unlink(missing_ok=True)
    return m4a, loud, warnings


def video_filter(timemap: TimeMap, crop: CropPath, out_size: tuple[int, int], ass_name: str | None,
                 cmd_name: str | None) -> str:
    """The picture's filter chain: the 30 fps grid from the clip's start, the played frames, the moving crop,
    the platform's size, the captions."""
    s0 = timemap.segments[0][0]
    half = 0.5 / FPS
    pick = "+".join(f"between(t,{a - s0 - half:.4f},{b - s0 - half:.4f})" for a, b in timemap.segments)
    chain = [f"fps={FPS}:start_time=0", f"select='{pick}'", f"setpts=N/{FPS}/TB"]
    if cmd_name and not crop.static:
        chain.append(f"sendcmd=f={cmd_name}")
    chain.append(f"crop=w={crop.width}:h={crop.height}:x={crop.x[0] if crop.x else 0}:y={crop.y[0] if crop.y else 0}")
    w, h = out_size
    chain += [f"scale={w}:{h}:flags=bicubic:out_color_matrix=bt709:out_range=tv", "setsar=1"]
    if ass_name:
        chain.append(f"subtitles=filename={ass_name}:fontsdir=fonts")
    chain.append("format=yuv420p")
    return ",".join(chain)


def render_clip(source: Path, timemap: TimeMap, crop: CropPath, plan: Plan, ass_text: str, audio: Path, out: Path,
                work: Path, scale: float = 1.0, quality: str = "final", metadata: dict[str, str] | None = None) -> None:
    """Render one clip for one shape to out (a temporary file renamed when complete)."""
    work.mkdir(parents=True, exist_ok=True)
    enc = encode_spec()
    (work / "clip.ass").write_text(ass_text, encoding="utf-8")
    (work / "crop.cmd").write_text(sendcmd_script(crop, FPS), encoding="utf-8")
    link_fonts_dir(work)
    s0 = timemap.segments[0][0]
    span = timemap.segments[-1][1] - s0
    size = output_size(plan, scale)
    preset, crf = QUALITY[quality]
    tmp = out.with_name(f".{out.name}.part")
    args = ["-ss", f"{s0:.4f}", "-t", f"{span + 0.2:.4f}", "-i", str(source), "-i", str(audio.resolve()),
            "-filter_complex", f"[0:v]{video_filter(timemap, crop, size, 'clip.ass', 'crop.cmd')}[vout]",
            "-map", "[vout]", "-map", "1:a", "-c:v", enc.video_codec, "-profile:v", enc.profile, "-preset", preset,
            "-crf", str(crf), "-pix_fmt", enc.pix_fmt, "-r", str(FPS), "-fps_mode", "cfr", "-g", str(FPS * 2),
            "-colorspace", "bt709", "-color_primaries", "bt709", "-color_trc", "bt709", "-color_range", "tv",
            "-c:a", "copy", "-frames:v", str(plan.total_frames), "-t", f"{plan.total_frames / FPS:.4f}",
            "-movflags", "+faststart+use_metadata_tags"]
    for k, v in (metadata or {}).items():
        args += ["-metadata", f"{k}={v}"]
    args += ["-f", "mp4", str(tmp.resolve())]
    try:
        run_ffmpeg(args, cwd=str(work), what=f"render of {out.parent.name}/{out.name}")
        tmp.replace(out)
    finally:
        tmp.unlink(missing_ok=True)
