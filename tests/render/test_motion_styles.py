"""Motion design and styles, measured on real renders: text enters on its word, the price stamps in on a
sticker, a countdown drains, punch-ins and cuts land on beats, one photo becomes several shots, emoji are drawn
in colour; styles per audience change caption size, contrast and motion."""

import shutil
from pathlib import Path

import numpy as np
import pytest

from pipeline.media.probe import grab_frames, probe
from pipeline.model.brief import parse_brief
from pipeline.model.plan import ImageLayer, Plan, ShapeLayer, TextLayer
from pipeline.model.platform import profiles
from pipeline.resources import assets_dir
from pipeline.stages.motion import beat_times
from pipeline.stages.planning import PlanInputs, plan_video
from pipeline.stages.scripting import choose_pacing
from tests.conftest import write_brief
from tests.render.test_legibility import fake_narration

SCALE = 0.5
BRIEF = {"product": {"name": "Sunny Juice Bar", "description": "Cold-pressed juice, made fresh every morning.",
                     "features": ["Cold-pressed", "No added sugar", "Made every morning"], "price": "$6.50",
                     "offer": "Second bottle half price 🔥 this weekend only", "brand_colors": ["#FF7A00", "#FFF4E6"],
                     "category": "food"},
         "persona": {"name": "students", "age_range": [18, 24], "pain_points": ["no time for breakfast"]},
         "language": "en", "duration_s": 15, "platforms": ["tiktok"], "style": "bold"}


@pytest.fixture(scope="module")
def bold_run(out_root, tmp_path_factory):
    from pipeline.runner import MakeSettings, Pipeline

    folder = tmp_path_factory.mktemp("bold")
    shutil.copy(assets_dir() / "samples" / "coffee" / "images" / "coffee.png", folder / "photo.png")
    data = {**BRIEF, "product": {**BRIEF["product"], "images": ["photo.png"]}}
    report = Pipeline(MakeSettings(out_root=out_root, scale=SCALE)).make(write_brief(folder, data))
    run = Path(report["run_dir"])
    plan = Plan.model_validate_json((run / "plan.9x16.json").read_text())
    video = Path(report["outputs"][0]["path"])
    return plan, video


def _frames(video: Path, plan: Plan, frame_numbers: list[int]) -> list[np.ndarray]:
    pr = probe(video)
    return grab_frames(video, [f / plan.fps for f in frame_numbers], (pr.width, pr.height), plan.fps)


def _box(box, pad=0, scale=SCALE):
    return tuple(round(v * scale) + d for v, d in zip(box, (-pad, -pad, pad, pad)))


def _ink_share(frame: np.ndarray, box, ink: str) -> float:
    """Share of the box's pixels close to the ink colour."""
    x0, y0, x1, y1 = _box(box)
    region = frame[y0:y1, x0:x1].reshape(-1, 3).astype(int)
    rgb = np.array([int(ink[i:i + 2], 16) for i in (1, 3, 5)])
    return float((np.abs(region - rgb).sum(axis=1) < 90).mean())


def test_price_stamps_in_on_its_word_on_a_sticker(bold_run):
    plan, video = bold_run
    offer = next(sc for sc in plan.scenes if any(isinstance(l, TextLayer) and "$6.50" in l.text for l in sc.overlay))
    price = next(l for l in offer.overlay if isinstance(l, TextLayer) and "$6.50" in l.text)
    sticker = next(l for l in offer.overlay if isinstance(l, ShapeLayer) and l.shape == "burst")
    assert sticker.group == price.group
    ent = next(e for e in offer.entrances if e.group == price.group)
    assert ent.kind == "pop"
    start = offer.start_frame + ent.start_frame
    # the price's entrance is timed to the word: within 2 frames of the caption word that carries "6.50"
    word = next(w for ev in plan.captions for w in ev.words if "6.50" in w.text)
    assert abs(start - word.start_frame) <= 2 or ent.start_frame == offer.entrances[0].start_frame + 6
    assert word.emphasis
    before, mid, after = _frames(video, plan, [start - 3, start + 3, start + ent.duration_frames + 4])
    sticker_ink = sticker.color
    assert _ink_share(before, sticker.box, sticker_ink) < 0.05            # not there before its word
    assert _ink_share(after, sticker.box, sticker_ink) > 0.35             # there after
    # mid-pop the sticker is drawn larger than at rest: ink reaches beyond its final box
    x0, y0, x1, y1 = _box(sticker.box)
    ring = lambda f: _ink_share(f, (sticker.box[0] - 40, sticker.box[1] - 40, sticker.box[0], sticker.box[3]),  # noqa
                                sticker_ink)
    assert ring(mid) > ring(after) + 0.02


def test_countdown_bar_drains_over_the_offer(bold_run):
    plan, video = bold_run
    offer = next(sc for sc in plan.scenes if sc.progress is not None)
    pb = offer.progress
    a = offer.start_frame + pb.start_frame + 3
    b = offer.start_frame + pb.end_frame - 3
    f1, f2 = _frames(video, plan, [a, b])
    x0, y0, x1, y1 = _box(pb.box)
    row = (y0 + y1) // 2
    rgb = np.array([int(pb.fill[i:i + 2], 16) for i in (1, 3, 5)])
    filled = lambda f: int((np.abs(f[row, x0:x1].astype(int) - rgb).sum(axis=1) < 60).sum())  # noqa: E731
    assert filled(f1) > 0.8 * (x1 - x0)
    assert filled(f2) < 0.25 * (x1 - x0)


def test_cuts_and_punch_ins_land_on_beats(bold_run):
    plan, _ = bold_run
    beats = [round(b * plan.fps) for b in beat_times(plan.audio.music_bpm, plan.duration_s)]
    # the photo punches in inside its box (the box itself stays put)
    moves = [(sc, l.motion) for sc in plan.scenes for l in sc.layers if isinstance(l, ImageLayer) and l.motion]
    punches = [sc.start_frame + p for sc, m in moves for p in m.punch_frames]
    assert punches, "a bold cut with a photo has punch-ins"
    assert all(min(abs(p - b) for b in beats) <= 1 for p in punches)
    cuts = [sc.start_frame + (sc.transition_in.duration_frames // 2 if sc.transition_in else 0)
            for sc in plan.scenes[1:]]
    # the planner's rule, not a share that depends on where the sentences happen to end: every cut that lies
    # within SNAP_S of a beat is on it (a frame either side of the window is left out: the speech's length
    # can move a sentence end by a frame between machines), and some cut is on a beat
    from pipeline.stages.motion import SNAP_S
    gap = lambda c: min(abs(c - b) for b in beats)  # noqa: E731
    near = [c for c in cuts if gap(c) < SNAP_S * plan.fps - 1]
    assert all(gap(c) <= 1 for c in near), (cuts, beats)
    assert any(gap(c) <= 1 for c in cuts), (cuts, beats)


def test_one_small_photo_is_never_shown_soft(bold_run):
    """The 600x400 photo is shown in every shot without a close-up it has no pixels for: never drawn past 1.5x
    its pixels (its zoom included); the shots still move (zooming in, then back out)."""
    plan, video = bold_run
    layers = [(sc, l) for sc in plan.scenes for l in sc.layers if isinstance(l, ImageLayer) and l.role == "product"]
    assert len(layers) == len(plan.scenes)
    for sc, layer in layers:
        assert layer.crop is None
        zoom = max(layer.motion.zoom_from, layer.motion.zoom_to) + layer.motion.punch_zoom
        assert (layer.box[2] - layer.box[0]) / 600 * zoom <= 1.5 + 0.01
    sc, layer = layers[1]
    a, b = _frames(video, plan, [sc.start_frame + sc.transition_in.duration_frames + 1,
                                 sc.start_frame + sc.duration_frames - 12])
    x0, y0, x1, y1 = _box(layer.box)
    assert np.abs(a[y0:y1, x0:x1].astype(int) - b[y0:y1, x0:x1].astype(int)).mean() > 4


def test_a_large_photo_affords_close_ups():
    """Close-ups come from a photo with the pixels for them (here 2400x1600), still at most 1.5x."""
    data = {**BRIEF, "style": "bold", "product": {**BRIEF["product"], "images": ["/p/big.jpg"]}}
    inputs = PlanInputs(("/p/big.jpg",), None, "AI-generated", image_sizes=((2400, 1600),),
                        salient=(((0.45, 0.4), (0.7, 0.6)),), roles=("hero",),
                        keep_out=(((0.2, 0.15, 0.8, 0.9),),))
    plan = _plan(data, inputs=inputs)
    crops = [l for sc in plan.scenes for l in sc.layers if isinstance(l, ImageLayer) and l.crop]
    assert crops
    for layer in crops:
        zoom = max(layer.motion.zoom_from, layer.motion.zoom_to) + layer.motion.punch_zoom
        assert (layer.box[2] - layer.box[0]) / ((layer.crop[2] - layer.crop[0]) * 2400) * zoom <= 1.5 + 0.01


def test_emoji_drawn_in_colour_and_kept_out_of_speech_and_captions(bold_run):
    plan, video = bold_run
    chip = next((sc, l) for sc in plan.scenes for l in sc.overlay if isinstance(l, TextLayer) and "🔥" in l.text)
    sc, layer = chip
    f = _frames(video, plan, [sc.start_frame + sc.duration_frames - 20])[0]
    x0, y0, x1, y1 = _box(layer.box)
    px = f[y0:y1, x0:x1].astype(int)
    # the fire emoji: saturated red/orange pixels on a light chip with dark text
    fiery = ((px[..., 0] > 180) & (px[..., 1] < 140) & (px[..., 2] < 90)).sum()
    assert fiery > 20, fiery
    assert all("🔥" not in w.text for ev in plan.captions for w in ev.words)


def _plan(data: dict, cut: str = "9x16", inputs: PlanInputs | None = None):
    from pipeline.copy.writer import Copywriter
    from pipeline.stages.narration import estimator
    from pipeline.stages.scripting import write_script

    brief = parse_brief(data)
    script = write_script(brief, Copywriter(), estimator(2.6, "en", 1.0), choose_pacing(brief.persona))
    return plan_video(script, fake_narration(script), brief, profiles()[cut],
                      inputs or PlanInputs((), None, "AI-generated"))


def test_audience_45_plus_gets_large_captions_calm_motion():
    data = {**BRIEF, "style": None, "persona": {"name": "retirees", "age_range": [55, 70]}}
    plan = _plan(data)
    assert "45+" in plan.style
    assert plan.caption_style.font_px >= 0.06 * min(plan.width, plan.height)
    assert plan.caption_style.plate
    assert all(e.kind == "fade" for sc in plan.scenes for e in sc.entrances)
    assert not any(sc.motion.punch_frames for sc in plan.scenes)
    assert not any(isinstance(l, ShapeLayer) and l.shape == "burst" for sc in plan.scenes for l in sc.overlay)
    texts = [l for sc in plan.scenes for l in sc.overlay if isinstance(l, TextLayer)]
    assert all(l.min_contrast >= 4.5 for l in texts) and any(l.min_contrast >= 7 for l in texts)


def test_young_audience_gets_faster_cuts_and_stickers_than_the_same_brief_for_adults():
    young = _plan({**BRIEF, "style": None})
    adult = _plan({**BRIEF, "style": None, "persona": {"name": "office workers", "age_range": [30, 44]}})
    assert "18-25" in young.style and young.style.startswith("bold")
    assert len(young.scenes) > len(adult.scenes)
    assert any(isinstance(l, ShapeLayer) and l.shape == "burst" for sc in young.scenes for l in sc.overlay)


@pytest.mark.parametrize("style", ["clean", "bold", "lifestyle"])
def test_styles_differ_in_what_they_plan(style):
    plan = _plan({**BRIEF, "style": style, "persona": {"name": "office workers", "age_range": [30, 44]}})
    kinds = {e.kind for sc in plan.scenes for e in sc.entrances}
    assert plan.style == style
    # (the end card's call to action pulses in every style that does more than fade)
    assert kinds <= {"clean": {"fade", "slide", "type", "pulse"}, "bold": {"pop", "slide", "pulse"},
                     "lifestyle": {"fade"}}[style]
    assert bool(plan.caption_style.plate) == (style == "lifestyle")
    assert (plan.caption_style.emphasis_scale > 100) == (style == "bold")


def test_unknown_style_is_a_clear_error():
    from pipeline.errors import BriefError

    with pytest.raises(BriefError, match="style.*'neon'.*clean"):
        from pipeline.model.brief import parse_brief as pb
        pb({**BRIEF, "style": "neon"})


TYPED = {"product": {"name": "Ledgerly", "description": "Bookkeeping for small shops: snap a receipt and it is filed.",
                     "features": ["Receipts filed for you", "Bank feeds from 40 banks"], "price": "$12/month",
                     "brand_colors": ["#0B3D91", "#E8F1FF"], "category": "saas"},
         "persona": {"name": "shop owners", "age_range": [30, 44], "tone": "expert"},
         "language": "en", "duration_s": 10, "platforms": ["tiktok"], "style": "clean"}


def test_typed_entrance_lasts_as_long_as_its_text_takes_to_type():
    plan = _plan({**TYPED, "duration_s": 15})
    typed = [(sc, e) for sc in plan.scenes for e in sc.entrances if e.kind == "type"]
    assert typed, "clean titles are typed in"
    for sc, e in typed:
        text = next(l.text for l in sc.overlay if isinstance(l, TextLayer) and l.group == e.group)
        n = sum(not c.isspace() for c in text)
        assert 6 <= e.duration_frames <= 36
        assert e.duration_frames == min(36, max(6, round(n / 30 * plan.fps))) or \
            e.start_frame + e.duration_frames <= sc.duration_frames - 15
    # the price never types: it fades in on its word
    assert all(e.kind != "type" for sc in plan.scenes for e in sc.entrances
               if any(isinstance(l, TextLayer) and "$12" in l.text and l.group == e.group for l in sc.overlay))


def test_typed_title_appears_a_character_at_a_time(out_root, tmp_path):
    """On the rendered MP4: no title before the typing starts, a growing share of it during, all of it after,
    and the part typed first stands where it stands in the finished title."""
    from pipeline.runner import MakeSettings, Pipeline

    report = Pipeline(MakeSettings(out_root=out_root, scale=SCALE)).make(write_brief(tmp_path, TYPED))
    run = Path(report["run_dir"])
    plan = Plan.model_validate_json((run / "plan.9x16.json").read_text())
    video = Path(report["outputs"][0]["path"])
    sc, e = next((sc, e) for sc in plan.scenes for e in sc.entrances if e.kind == "type")
    title = next(l for l in sc.overlay if isinstance(l, TextLayer) and l.group == e.group)
    t0 = sc.start_frame + e.start_frame
    d = e.duration_frames
    marks = [t0 - 2, t0 + d // 3, t0 + 2 * d // 3, t0 + d + 3]
    frames_ = _frames(video, plan, marks)
    ink = [_ink_share(f, title.box, title.color) for f in frames_]
    assert ink[0] < 0.01, ink
    assert ink[0] < ink[1] < ink[2] < ink[3], ink
    assert ink[1] < 0.7 * ink[3], ink
    # typed left to right where the finished title stands: the first third's ink sits in the box's left half
    x0, y0, x1, y1 = _box(title.box)
    rgb = np.array([int(title.color[i:i + 2], 16) for i in (1, 3, 5)])
    cols = np.where((np.abs(frames_[1][y0:y1, x0:x1].astype(int) - rgb).sum(axis=2) < 90).any(axis=0))[0]
    full = np.where((np.abs(frames_[3][y0:y1, x0:x1].astype(int) - rgb).sum(axis=2) < 90).any(axis=0))[0]
    assert cols.size and full.size
    assert abs(int(cols.min()) - int(full.min())) <= 3          # starts where the finished title starts
    assert cols.max() < full.max() - (full.max() - full.min()) * 0.3


def test_three_photos_tell_the_story(out_root, tmp_path):
    """A scene, a packshot and a close-up, named the way shops name them: the hook is shown over the scene,
    the line that names the product over the packshot, the selling points over the close-up (on the MP4)."""
    from PIL import Image

    from pipeline.media.images import load_image
    from pipeline.runner import MakeSettings, Pipeline

    scene = load_image(assets_dir() / "samples" / "coffee" / "images" / "coffee.png", "x").convert("RGB")
    scene.save(tmp_path / "IMG_0001.jpg")                                   # a cup on a wooden table
    ground = Image.new("RGB", (900, 900), (250, 250, 250))
    ground.paste(scene.resize((450, 300)), (225, 300))
    ground.save(tmp_path / "IMG_0002.jpg")                                  # the packshot, on white
    scene.crop((200, 100, 440, 260)).resize((720, 480)).save(tmp_path / "crema-detail.jpg")
    data = {**TYPED, "duration_s": 20, "style": "bold",
            "product": {**TYPED["product"], "images": ["IMG_0001.jpg", "IMG_0002.jpg", "crema-detail.jpg"],
                        "features": [*TYPED["product"]["features"], "Tax summary in one tap"]}}
    report = Pipeline(MakeSettings(out_root=out_root, scale=0.25)).make(write_brief(tmp_path, data))
    run = Path(report["run_dir"])
    plan = Plan.model_validate_json((run / "plan.9x16.json").read_text())
    script = [s["kind"] for s in __import__("json").loads((run / "script.json").read_text())["scenes"]]
    shown = {}
    for sc in plan.scenes:
        img = next((l for l in sc.layers if isinstance(l, ImageLayer)), None)
        if img is not None:
            shown.setdefault(script[sc.script_scene], []).append((Path(img.source).name, img.crop, sc))
    assert shown["hook"][0][0] == "IMG_0001.jpg"
    assert shown["intro"][0][0] == "IMG_0002.jpg"
    assert {name for name, _, _ in shown["feature"]} == {"crema-detail.jpg"} or \
        all(name == "crema-detail.jpg" or crop for name, crop, _ in shown["feature"])
    pr = probe(Path(report["outputs"][0]["path"]))
    mids = [shown[k][0][2] for k in ("hook", "intro")]
    f_hook, f_intro = grab_frames(Path(report["outputs"][0]["path"]),
                                  [(sc.start_frame + sc.duration_frames // 2) / plan.fps for sc in mids],
                                  (pr.width, pr.height), plan.fps)
    # the white packshot, then the brown table scene, where the product stands in each shot
    boxes = [_box(next(l for l in sc.layers if isinstance(l, ImageLayer)).box, scale=0.25) for sc in mids]
    (hx0, hy0, hx1, hy1), (ix0, iy0, ix1, iy1) = boxes
    assert f_intro[iy0:iy1, ix0:ix1].mean() > f_hook[hy0:hy1, hx0:hx1].mean() + 40
