"""Planning: script + measured narration + profile -> a Plan in integer frames. Pure: no I/O, no clock.

Layout for every aspect ratio is decided here; the renderer only draws what the plan says. This module lays out
the timeline (shots on the sentences, cut on the music's beats, a short moving end card), picks which product
view each shot shows, and leaves each shot's composition to shots.compose.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, replace

from pipeline.media.clips import ClipInfo
from pipeline.media.fonts import text_width
from pipeline.model.brief import Brief
from pipeline.model.narration import Narration
from pipeline.model.plan import AudioMix, CaptionStyle, LabelEvent, Plan, Scene, Transition, frames
from pipeline.model.platform import Profile, loudness_spec
from pipeline.model.script import Script, ScriptScene
from pipeline.model.style import choose_style
from pipeline.stages import motion, photos, shots
from pipeline.stages.captions import LINES_PER_PAGE, keep_phrases, layout_captions
# colour and text fitting live in their own modules; these names stay importable from planning
from pipeline.stages.colour import (LARGE_TEXT_PX, _luminance, _mix, contrast, make_legible,  # noqa: F401
                                    needed_contrast)
from pipeline.stages.scripting import LEAD_IN_S, MAX_TAIL_S, TAIL_S
from pipeline.stages.typeset import wrap_to_width  # noqa: F401

DEFAULT_PRIMARY = "#1F2A44"
DEFAULT_ACCENT = "#F2C14E"
LABEL_S = 3.0                  # explicit AI label on the opening frames (>= 2 s required)
LABEL_TEXT_RATIO = 0.075       # font size / shorter side; glyphs then stand >= 5% tall
NOTICE_RATIO = (0.034, 0.026)  # fine print: font size / shorter side, largest and smallest
NOTICE_LINES = 5
NOTICE_READ = {"en": 3.0, "zh": 7.0, "ja": 7.0}    # words (en) or characters a second a viewer reads
END_CARD_S = 2.2               # the end card: name, price and call to action over the product, moving
MIN_SHOT_S = 0.8
TRANSITIONS = {
    "high": ["smoothleft", "smoothup", "slideleft", "circleopen", "wipeleft"],
    "medium": ["fade", "smoothleft", "dissolve", "wipeup"],
    "calm": ["fade", "dissolve", "fadeblack"],
}
MUSIC = {"high": ("upbeat", 118), "medium": ("bright", 100), "calm": ("warm", 80)}


@dataclass(frozen=True)
class PlanInputs:
    """What planning needs beyond script and narration: the resolved media (photos and clips) and labels."""

    images: tuple[str, ...]                        # every media path, photos and clips, in the brief's order
    logo: str | None
    ai_label: str
    image_sizes: tuple[tuple[int, int], ...] = ()  # upright pixels
    salient: tuple[tuple[tuple[float, float], ...], ...] = ()   # per photo: centres of its detailed regions
    roles: tuple[str, ...] = ()   # per item: hero | detail | in-use (given in the brief or guessed from it)
    keep_out: tuple[tuple[tuple[float, float, float, float], ...], ...] = ()   # per photo: product + text boxes
    clips: tuple[ClipInfo | None, ...] = ()        # per item: a clip's analysis, None for a photo

    def clip(self, k: int) -> ClipInfo | None:
        return self.clips[k] if k < len(self.clips) else None


@dataclass(frozen=True)
class _Beat:
    """A stretch of the timeline shown as one shot (seconds)."""

    index: int             # script scene
    scene: ScriptScene
    start_s: float
    end_s: float
    sub: int = 0           # the n-th shot of a long scene
    end_card: bool = False


def label_event(profile: Profile, text: str, fps: int, total_frames: int) -> LabelEvent:
    """The explicit AI label: top-left of the safe box, opening LABEL_S seconds, >= 5% of the short side."""
    sx0, sy0, _, _ = profile.safe_box
    px = math.ceil(LABEL_TEXT_RATIO * profile.short_side)
    w = int(text_width(text, px)) + px
    h = int(px * 1.45)
    return LabelEvent(text=text, start_frame=0, end_frame=min(frames(LABEL_S, fps), total_frames),
                      box=(sx0, sy0, sx0 + w, sy0 + h), font_px=px)


def notice_event(profile: Profile, text: str, lang: str, from_frame: int, fps: int, total_frames: int,
                 not_before: int) -> LabelEvent:
    """Fine print at the top of the safe area, as wide as it needs up to the safe width, from from_frame (earlier
    when the end leaves less time than the text takes to read, never over the AI label) to the end."""
    from pipeline.stages.typeset import fit_text

    sx0, sy0, sx1, _ = profile.safe_box
    hi, lo = (math.ceil(r * profile.short_side) for r in NOTICE_RATIO)
    pad = max(4, hi // 4)
    wrapped, px = fit_text(text, lang, sx1 - sx0 - 2 * pad, profile.height, hi, lo, max_lines=NOTICE_LINES)
    lines = wrapped.split("\n")
    pad = max(4, px // 4)
    w = int(max(text_width(line, px) for line in lines)) + 2 * pad
    h = int(len(lines) * px * 1.3) + 2 * pad
    amount = len(text.split()) if lang == "en" else len(text)
    need = frames(amount / NOTICE_READ.get(lang, 3.0) + 1.0, fps)
    start = max(not_before, min(from_frame, total_frames - need))
    return LabelEvent(text="\n".join(lines), start_frame=start, end_frame=total_frames,
                      box=(sx0, sy0, min(sx1, sx0 + w), sy0 + h), font_px=px)


def _beats(script: Script, narration: Narration, total_s: float, max_shot: float, beat_cuts: bool,
           beats: list[float]) -> list[_Beat]:
    """Each script scene from (its sentence start - lead) to the next one's; long scenes split; cuts moved onto
    the music's beats where one is near; the last END_CARD_S seconds are the end card."""
    lead = 0.1
    starts = [0.0] + [LEAD_IN_S + st.start_s - lead for st in narration.sentences[1:]]
    ends = starts[1:] + [total_s]
    out: list[_Beat] = []
    for i, (sc, a, b) in enumerate(zip(script.scenes, starts, ends)):
        if sc.kind == "disclosure" and out:
            # the spoken AI disclosure plays over the shots before the end card: the previous shot runs on
            out[-1] = replace(out[-1], end_s=b)
            continue
        n = 1 if sc.kind in ("offer", "cta") else max(1, round((b - a) / max_shot))
        out += [_Beat(i, sc, a + (b - a) * k / n, a + (b - a) * (k + 1) / n, k) for k in range(n)]
    if beat_cuts:
        cut_s = motion.snap_to_beats([b.start_s for b in out], beats, [b.sub > 0 for b in out])
        out = [replace(b, start_s=a) for b, a in zip(out, cut_s)]
        out = [replace(b, end_s=nxt.start_s) for b, nxt in zip(out, out[1:])] + [out[-1]]
    # the end card: the last END_CARD_S seconds; a shot left shorter than MIN_SHOT_S before it is folded into
    # the shot before that (its words are on the end card too)
    card_s = max(out[0].start_s + MIN_SHOT_S, total_s - END_CARD_S)
    if beat_cuts and beats:       # onto a beat when one is near (the card stays well under 2.5 s)
        near = min(beats, key=lambda t: abs(t - card_s))
        card_s = near if abs(near - card_s) <= motion.SNAP_S and near > out[0].start_s + MIN_SHOT_S else card_s
    kept = [b for b in out if b.start_s <= card_s - MIN_SHOT_S] or out[:1]
    last = next((b for b in reversed(out) if b.scene.kind != "disclosure"), out[-1])
    kept[-1] = replace(kept[-1], end_s=card_s)
    return kept + [_Beat(last.index, last.scene, card_s, total_s, 0, end_card=True)]


def plan_video(script: Script, narration: Narration, brief: Brief, profile: Profile, inputs: PlanInputs,
               fps: int = 30) -> Plan:
    """Lay out one cut: shots, product views, motion, transitions, captions, labels and the audio mix."""
    lang = script.language
    pacing = script.pacing
    style = choose_style(brief.style, brief.persona.age_range, brief.persona.tone, pacing.energy)
    rng = random.Random(f"{brief.seed}:{profile.id}")
    W, H = profile.width, profile.height
    s = profile.short_side / 1080
    safe = profile.safe_box
    sx0, sy0, sx1, sy1 = safe

    colors = brief.product.brand_colors
    primary = colors[0] if colors else DEFAULT_PRIMARY
    accent = colors[1] if len(colors) > 1 else DEFAULT_ACCENT
    dark = _mix(primary, "#000000", 0.55)

    # Timeline in seconds, then frames
    speech_end = LEAD_IN_S + narration.duration_s
    # the ad ends TAIL_S..MAX_TAIL_S after the last word: a short script makes a shorter video, never a long
    # silent end card
    total_s = speech_end + min(max(script.target_s - speech_end, TAIL_S), MAX_TAIL_S)
    total_f = frames(total_s, fps)
    mood, bpm = MUSIC[pacing.energy]
    if brief.music_mood:
        mood, bpm = brief.music_mood, next(b for m, b in MUSIC.values() if m == brief.music_mood)
    beat_s = motion.beat_times(bpm, total_s)

    # Captions: sized the way the platform's own captions are (the larger of the style's and the profile's
    # habit), two colours: white, and the highlight for what is being said and for names and numbers
    cap_px = round(max(style.caption_ratio, profile.caption_ratio) * (0.94 if lang == "en" else 1.0) * profile.short_side)
    highlight = accent if _luminance(accent) > 0.3 else "#FFD400"
    style_c = CaptionStyle(font_px=cap_px, color="#FFFFFF", highlight=highlight, outline="#000000",
                           outline_px=max(2, round(4 * s)), line_gap_px=round(cap_px * 0.25),
                           plate="#000000A6" if style.caption_plate else None,
                           emphasis=None if style.emphasis == "none" else highlight,
                           emphasis_scale=115 if style.emphasis == "colour+scale" else 100)
    cap_lines = LINES_PER_PAGE[lang]
    plate_pad = round(cap_px * 0.3) if style.caption_plate else 0
    caption_top = sy1 - cap_lines * (cap_px + style_c.line_gap_px) - 2 * style_c.outline_px - 2 * plate_pad

    labels = [label_event(profile, inputs.ai_label, fps, total_f)]
    label_h = labels[0].box[3] - labels[0].box[1]
    gap = round(24 * s)

    has_offer = any(sc.kind == "offer" for sc in script.scenes)
    cut = shots.Cut(brief=brief, profile=profile, style=style, lang=lang, safe=safe,
                    content=(sx0, sy0 + label_h + gap, sx1, caption_top - gap),
                    content_after_label=(sx0, sy0, sx1, caption_top - gap), label_frames=labels[0].end_frame,
                    label_px=labels[0].font_px, primary=primary, accent=accent, dark=dark, fps=fps,
                    beats=tuple(beat_s), countdown=has_offer and motion.ends_in_time(brief.product.offer, lang),
                    total_frames=total_f)

    beats = _beats(script, narration, total_s, pacing.max_shot_s * style.shot_factor, style.beat_cuts, beat_s)
    trans_f = frames(pacing.transition_s, fps)
    bounds = [frames(b.start_s, fps) for b in beats] + [total_f]
    n = len(beats)
    # Transition j is centred on boundary j and lasts d[j] frames; xfade needs the overlap exactly d[j].
    d = [0] + [min(trans_f, (bounds[j + 1] - bounds[j]) // 2, (bounds[j] - bounds[j - 1]) // 2) for j in range(1, n)]
    d = [x if x >= 2 else 0 for x in d]
    starts = [bounds[j] - d[j] // 2 for j in range(n)]
    ends = [starts[j + 1] + d[j + 1] for j in range(n - 1)] + [total_f]
    sentences = {st.scene_index: st for st in narration.sentences}
    kinds = ["end" if b.end_card else b.scene.kind for b in beats]
    # the price stays on screen once said: from the shot after the offer's first (or, with no offer line, from
    # the call to action)
    first_offer = next((j for j, k in enumerate(kinds) if k == "offer"), None)
    price_from = first_offer + 1 if first_offer is not None else next((j for j, k in enumerate(kinds) if k == "cta"), n)

    # fine print (the brief's long disclosures): from the offer (else the call to action) to the end, at the top
    # of the safe area; the shots it runs over keep their text and product below it
    notices = []
    if script.fine_print:
        at = next((j for j, k in enumerate(kinds) if k in ("offer", "cta", "end")), n - 1)
        sep = " " if lang == "en" else ""
        notices = [notice_event(profile, sep.join(script.fine_print), lang, bounds[at], fps, total_f,
                                labels[0].end_frame)]
        box = notices[0].box
        cut = replace(cut, notice_from=notices[0].start_frame,
                      content_under_notice=(sx0, box[3] + gap, sx1, caption_top - gap))

    views = _views(inputs, kinds, cut, style.detail_crops)
    scenes: list[Scene] = []
    used: dict[int, list[tuple[float, float]]] = {}
    shown: dict[int, list] = {}
    prev = None
    for j, b in enumerate(beats):
        pal = (primary, accent, dark) if b.sub % 2 == 0 else (accent, primary, _mix(accent, "#000000", 0.45))
        shot = shots.Shot(index=j, kind=kinds[j], scene=b.scene, start_frame=starts[j], frames=ends[j] - starts[j],
                          d_in=d[j], d_out=d[j + 1] if j + 1 < n else 0, sentence=sentences.get(b.index), fps=fps,
                          energy=pacing.energy, price_said=j >= price_from,
                          strip=cut.countdown and first_offer is not None and j >= first_offer, sub=b.sub)
        view = views[j] if views else None
        c = shots.compose(cut, shot, view, pal, rng, used.setdefault(view.index, []) if view else [], inputs.logo,
                          prev)
        prev = c
        if c.segment is not None:
            used[view.index].append((c.segment.start_s, c.segment.end_s))
        if view is not None:
            shown.setdefault(view.index, []).append(c)
        tr = style.transitions.get(pacing.energy) or TRANSITIONS[pacing.energy]
        transition = Transition(kind=rng.choice(tr), duration_frames=d[j]) if d[j] else None
        scenes.append(Scene(index=j, script_scene=b.index, start_frame=starts[j], duration_frames=ends[j] - starts[j],
                            motion=c.motion, layers=c.layers, overlay=c.overlay, entrances=c.entrances,
                            progress=c.progress, transition_in=transition, keep_out=c.keep_out))
    notes = _media_notes(inputs, shown)

    captions = layout_captions(narration, lang, style_c, safe, LEAD_IN_S, fps, total_f, keep_phrases(brief))
    if style_c.emphasis:
        captions = motion.mark_emphasis(captions, brief.product.name, lang)
    ld = loudness_spec()
    audio = AudioMix(narration_offset_frames=frames(LEAD_IN_S, fps), music_mood=mood, music_bpm=bpm,
                     music_seed=brief.seed, duck_db=ld.music_duck_db, target_lufs=ld.integrated_lufs,
                     true_peak_dbtp=ld.true_peak_dbtp)
    from pipeline.media.fonts import font_path
    return Plan(cut=profile.id, width=W, height=H, fps=fps, total_frames=total_f, seed=brief.seed, language=lang,
                style=style.name + (f" ({style.audience})" if style.audience else ""), font_file=font_path().name,
                safe_box=safe, scenes=scenes, captions=captions, caption_style=style_c, labels=labels, notices=notices,
                audio=audio,
                notes=notes)


def _views(inputs: PlanInputs, kinds: list[str], cut: shots.Cut, detail_crops: bool) -> list[shots.View]:
    """The product view of every shot (none without media): each photo by its role, close-ups of a photo only
    where its pixels allow them at no more than MAX_UPSCALE, clips by their role, a stretch each time."""
    n = len(inputs.images)
    if not n:
        return []
    cx0, cy0, cx1, cy1 = cut.content_after_label
    m = cut.margin
    stage = (cut.profile.width - 2 * m, cy1 - cy0)
    crops = []
    for k in range(n):
        if not detail_crops or inputs.clip(k) is not None or k >= len(inputs.salient):
            crops.append([])
            continue
        found = [motion.detail_crop(inputs.image_sizes[k], pt, *stage, max_upscale=1.5 / 1.1)
                 for pt in inputs.salient[k]]
        crops.append([c for c in found if c is not None])
    moving = tuple(inputs.clip(k) is not None for k in range(n))
    picked = photos.pick_views(kinds, photos.resolve_roles(inputs.roles, n), crops, moving)
    out = []
    for v in picked:
        keep = shots.view_keep(inputs.keep_out[v.image]) if v.image < len(inputs.keep_out) else (0.0, 0.0, 1.0, 1.0)
        out.append(shots.View(index=v.image, source=inputs.images[v.image], size=inputs.image_sizes[v.image],
                              crop=v.crop, keep=keep, clip=inputs.clip(v.image)))
    return out


def _media_notes(inputs: PlanInputs, shown: dict[int, list]) -> list[str]:
    """What the report says about each item of media: a clip's facts (rotation, frame rate, HDR, its sound) and
    how it was retimed; a small photo kept small rather than upscaled past MAX_UPSCALE."""
    from pipeline.stages.layout import MAX_UPSCALE

    out = []
    for k, composed in sorted(shown.items()):
        name = f"product.images[{k}]"
        clip = inputs.clip(k)
        if clip is not None:
            out += list(clip.notes)
            speeds = [c.segment.speed for c in composed if c.segment]
            held = [c.segment.held_s for c in composed if c.segment and c.segment.held_s > 0.05]
            line = (f"{name}: clip shown in {len(speeds)} shot(s), its best parts played at "
                    f"{min(speeds):.2f}-{max(speeds):.2f}x to fit the lines")
            if held:
                line += f"; too short for {len(held)} of them, its last frame holds up to {max(held):.1f} s"
            out.append(line)
            continue
        scales = [c.scale for c in composed if c.scale]
        if scales and max(scales) * 1.1 >= MAX_UPSCALE * 0.98:
            w, h = inputs.image_sizes[k]
            out.append(f"{name}: the {w}x{h} photo is shown at most {MAX_UPSCALE:.1f}x its pixels (smaller rather "
                       "than soft); a larger photo fills more of the frame")
    return out
