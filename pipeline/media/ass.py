"""Writing Advanced SubStation Alpha (libass) files: karaoke captions and the AI label."""

from __future__ import annotations

from functools import lru_cache

from pipeline.media.fonts import family_name, font_path
from pipeline.model.plan import LabelEvent, Plan


@lru_cache(maxsize=1)
def em_per_ass_size() -> float:
    """libass sizes a font by ascender-descender, not the em: ASS Fontsize = px * this factor."""
    from fontTools.ttLib import TTFont

    f = TTFont(str(font_path()), lazy=True, fontNumber=0)
    hhea, upm = f["hhea"], f["head"].unitsPerEm
    return (hhea.ascent - hhea.descent) / upm


def ass_color(hex_color: str, alpha: int = 0) -> str:
    """'#RRGGBB' -> '&HAABBGGRR' (alpha 0 = opaque)."""
    h = hex_color.lstrip("#")
    return f"&H{alpha:02X}{h[4:6]}{h[2:4]}{h[0:2]}".upper()


def escape_text(text: str) -> str:
    """Make user text literal in an ASS event: braces start override blocks, backslash starts escapes."""
    text = text.replace("\\", "\\\u2060")           # a word joiner after "\" stops \N, \n, \h being read
    text = text.replace("{", "\\{").replace("}", "\\}")
    return text.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")


def _t(frame: int, fps: int) -> str:
    cs = round(frame * 100 / fps)
    h, cs = divmod(cs, 360000)
    m, cs = divmod(cs, 6000)
    s, cs = divmod(cs, 100)
    return f"{h}:{m:02d}:{s:02d}.{cs:02d}"


def label_lines(labels: list[LabelEvent], fps: int) -> list[str]:
    """Dialogue lines for AI labels (style 'Label')."""
    out = []
    for lab in labels:
        pad = max(4, lab.font_px // 5)
        pos = f"{{\\an7\\pos({lab.box[0] + pad},{lab.box[1] + pad})}}"
        out.append(f"Dialogue: 1,{_t(lab.start_frame, fps)},{_t(lab.end_frame, fps)},Label,,0,0,0,,"
                   f"{pos}{escape_text(lab.text)}")
    return out


def notice_lines(notices: list[LabelEvent], fps: int) -> list[str]:
    """Dialogue lines for fine print (style 'Notice', sized per event): its lines as laid out, on a plate."""
    k = em_per_ass_size()
    out = []
    for n in notices:
        pad = max(4, n.font_px // 4)
        text = "\\N".join(escape_text(line) for line in n.text.split("\n"))
        out.append(f"Dialogue: 1,{_t(n.start_frame, fps)},{_t(n.end_frame, fps)},Notice,,0,0,0,,"
                   f"{{\\an7\\pos({n.box[0] + pad},{n.box[1] + pad})\\fs{n.font_px * k:.1f}\\bord{pad}}}{text}")
    return out


def notice_style() -> str:
    return (f"Style: Notice,{family_name()},30,{ass_color('#FFFFFF')},{ass_color('#FFFFFF')},"
            f"{ass_color('#000000', 0x60)},{ass_color('#000000', 0x60)},0,0,0,0,100,100,0,0,3,6,0,7,0,0,0,1")


def label_style(font_px: int) -> str:
    k = em_per_ass_size()
    return (f"Style: Label,{family_name()},{font_px * k:.1f},{ass_color('#FFFFFF')},{ass_color('#FFFFFF')},"
            f"{ass_color('#000000', 0x50)},{ass_color('#000000', 0x50)},0,0,0,0,100,100,0,0,3,"
            f"{max(4, font_px // 5)},0,7,0,0,0,1")


def _header(width: int, height: int) -> list[str]:
    return ["[Script Info]", "ScriptType: v4.00+", f"PlayResX: {width}", f"PlayResY: {height}",
            "WrapStyle: 2", "ScaledBorderAndShadow: yes", "YCbCr Matrix: TV.709", "", "[V4+ Styles]", STYLE_FORMAT]


STYLE_FORMAT = ("Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, "
                "Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, "
                "Alignment, MarginL, MarginR, MarginV, Encoding")
EVENTS = ["", "[Events]", "Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text"]


def label_only_ass(width: int, height: int, label: LabelEvent, fps: int) -> str:
    """An ASS document with just the AI label (used to draw reference labels for `verify`)."""
    return "\n".join(_header(width, height) + [label_style(label.font_px)] + EVENTS + label_lines([label], fps)) + "\n"


def _rounded_rect(w: int, h: int) -> str:
    """An ASS drawing of a w x h rectangle with fully rounded ends (bezier quarter circles)."""
    r = h / 2
    c = r * 0.552
    return (f"m {r:.0f} 0 l {w - r:.0f} 0 b {w - r + c:.0f} 0 {w:.0f} {r - c:.0f} {w:.0f} {r:.0f} "
            f"b {w:.0f} {r + c:.0f} {w - r + c:.0f} {h:.0f} {w - r:.0f} {h:.0f} l {r:.0f} {h:.0f} "
            f"b {r - c:.0f} {h:.0f} 0 {r + c:.0f} 0 {r:.0f} b 0 {r - c:.0f} {r - c:.0f} 0 {r:.0f} 0")


def progress_lines(plan: Plan) -> list[str]:
    """Countdown bars: a faint track, and a fill whose clip shrinks from the right as the offer runs out."""
    out = []
    fps = plan.fps
    for sc in plan.scenes:
        pb = sc.progress
        if pb is None:
            continue
        x0, y0, x1, y1 = pb.box
        a, b = sc.start_frame + pb.start_frame, sc.start_frame + pb.end_frame
        shape = _rounded_rect(x1 - x0, y1 - y0)
        track_alpha = 255 - int(pb.track[7:9] or "FF", 16) if len(pb.track) > 7 else 0
        ms = round((b - a) * 1000 / fps)
        out.append(f"Dialogue: 2,{_t(a, fps)},{_t(b, fps)},Shape,,0,0,0,,"
                   f"{{\\an7\\pos({x0},{y0})\\1c{ass_color(pb.track[:7])}\\1a&H{track_alpha:02X}&\\p1}}"
                   f"{shape}{{\\p0}}")
        out.append(f"Dialogue: 3,{_t(a, fps)},{_t(b, fps)},Shape,,0,0,0,,"
                   f"{{\\an7\\pos({x0},{y0})\\1c{ass_color(pb.fill)}\\clip({x0},{y0 - 2},{x1},{y1 + 2})"
                   f"\\t(0,{ms},\\clip({x0},{y0 - 2},{x0},{y1 + 2}))\\p1}}{shape}{{\\p0}}")
    return out


def build_ass(plan: Plan, captions: bool = True, labels: bool = True) -> str:
    """The ASS document for one plan (coordinates in the plan's full-size pixels)."""
    st = plan.caption_style
    k = em_per_ass_size()
    fam = family_name()
    if st.plate:   # BorderStyle 3: each line on a box of the outline colour, padded by the outline width
        plate_alpha = 255 - int(st.plate[7:9] or "FF", 16)
        border = (f"{ass_color(st.plate[:7], plate_alpha)},{ass_color('#000000', 0xFF)},0,0,0,0,100,100,0,0,3,"
                  f"{round(st.font_px * 0.3)},0")
    else:
        border = (f"{ass_color(st.outline)},{ass_color('#000000', 0x60)},0,0,0,0,100,100,0,0,1,{st.outline_px},"
                  f"{max(1, st.outline_px // 2)}")
    lines = _header(plan.width, plan.height) + [
        # Karaoke: SecondaryColour = not yet spoken, PrimaryColour = spoken (\kf sweeps between them)
        f"Style: Caption,{fam},{st.font_px * k:.1f},{ass_color(st.highlight)},{ass_color(st.color)},{border},"
        f"2,0,0,0,1",
        label_style(plan.labels[0].font_px if plan.labels else 40),
        notice_style(),
        "Style: Shape,Arial,20,&H00FFFFFF,&H00FFFFFF,&H00000000,&H00000000,0,0,0,0,100,100,0,0,1,0,0,7,0,0,0,1",
    ] + EVENTS
    fps = plan.fps
    if labels:
        lines += label_lines(plan.labels, fps)
        lines += notice_lines(plan.notices, fps)
    lines += progress_lines(plan)
    if captions:
        for ev in plan.captions:
            x = (ev.box[0] + ev.box[2]) // 2
            y = ev.box[3] - st.outline_px
            parts = [f"{{\\an2\\pos({x},{y})}}"]
            cursor_cs = 0  # karaoke durations are centiseconds counted from the event start
            line = 0
            sep = " " if plan.language == "en" else ""
            for i, w in enumerate(ev.words):
                if w.line != line:
                    parts.append("\\N")
                    line = w.line
                elif i and sep:
                    parts.append(sep)
                start_cs = round((w.start_frame - ev.start_frame) * 100 / fps)
                end_cs = round((w.end_frame - ev.start_frame) * 100 / fps)
                if start_cs > cursor_cs:
                    parts.append(f"{{\\k{start_cs - cursor_cs}}}")
                    cursor_cs = start_cs
                dur = max(1, end_cs - cursor_cs)
                if w.emphasis and st.emphasis:
                    # a name or number is in the emphasis colour before it is said too (the colour it turns
                    # when said), and (bold styles) scaled up while it is said
                    grow = ""
                    if st.emphasis_scale != 100:
                        mid = min(start_cs + 12, end_cs) * 10
                        grow = (f"\\t({start_cs * 10},{mid},\\fscx{st.emphasis_scale}\\fscy{st.emphasis_scale})"
                                f"\\t({end_cs * 10},{end_cs * 10 + 150},\\fscx100\\fscy100)")
                    parts.append(f"{{\\1c{ass_color(st.emphasis)}\\2c{ass_color(st.emphasis)}{grow}\\kf{dur}}}"
                                 f"{escape_text(w.text)}{{\\1c{ass_color(st.highlight)}\\2c{ass_color(st.color)}"
                                 f"\\fscx100\\fscy100}}")
                else:
                    parts.append(f"{{\\kf{dur}}}{escape_text(w.text)}")
                cursor_cs += dur
            lines.append(f"Dialogue: 0,{_t(ev.start_frame, fps)},{_t(ev.end_frame, fps)},Caption,,0,0,0,,"
                         + "".join(parts))
    return "\n".join(lines) + "\n"
