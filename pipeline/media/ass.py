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


def build_ass(plan: Plan, captions: bool = True, labels: bool = True) -> str:
    """The ASS document for one plan (coordinates in the plan's full-size pixels)."""
    st = plan.caption_style
    k = em_per_ass_size()
    fam = family_name()
    lines = _header(plan.width, plan.height) + [
        # Karaoke: SecondaryColour = not yet spoken, PrimaryColour = spoken (\kf sweeps between them)
        f"Style: Caption,{fam},{st.font_px * k:.1f},{ass_color(st.highlight)},{ass_color(st.color)},"
        f"{ass_color(st.outline)},{ass_color('#000000', 0x60)},0,0,0,0,100,100,0,0,1,{st.outline_px},"
        f"{max(1, st.outline_px // 2)},2,0,0,0,1",
        label_style(plan.labels[0].font_px if plan.labels else 40),
    ] + EVENTS
    fps = plan.fps
    if labels:
        lines += label_lines(plan.labels, fps)
    if captions:
        for ev in plan.captions:
            x = (ev.box[0] + ev.box[2]) // 2
            y = ev.box[3] - st.outline_px
            parts = [f"{{\\an2\\pos({x},{y})}}"]
            cursor_cs = 0  # karaoke durations are centiseconds counted from the event start
            line = 0
            sep = "" if plan.language == "zh" else " "
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
                parts.append(f"{{\\kf{dur}}}{escape_text(w.text)}")
                cursor_cs += dur
            lines.append(f"Dialogue: 0,{_t(ev.start_frame, fps)},{_t(ev.end_frame, fps)},Caption,,0,0,0,,"
                         + "".join(parts))
    return "\n".join(lines) + "\n"
