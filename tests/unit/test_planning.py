"""Plan invariants for every sample brief and every output profile, with synthetic narration timings."""

import pytest

from pipeline.copy.writer import Copywriter
from pipeline.model.brief import read_brief_file
from pipeline.model.narration import Narration, SentenceTiming
from pipeline.model.plan import ClipLayer, ImageLayer, Plan, TextLayer, frames
from pipeline.model.platform import profiles
from pipeline.stages.assets import resolve_assets
from pipeline.stages.narration import allocate_words, estimator
from pipeline.stages.layout import overlap as box_overlap
from pipeline.stages.motion import ends_in_time
from pipeline.stages.planning import LABEL_TEXT_RATIO, plan_video
from pipeline.stages.scripting import LEAD_IN_S, MAX_TAIL_S, TAIL_S, choose_pacing, write_script
from pipeline.media.clips import ClipInfo
from tests.conftest import ROOT, sample_briefs

RATES = {"zh": 4.5, "en": 2.6}  # typical measured rates (units/s) of the bundled voices


def fake_narration(script, rate):
    t, sents = 0.0, []
    est = estimator(rate, script.language, script.pacing.speech_speed)
    for i, sc in enumerate(script.scenes):
        d = est(sc.narration)
        sents.append(SentenceTiming(scene_index=i, text=sc.narration, start_s=t, end_s=t + d,
                                    words=allocate_words(sc.narration, script.language, t, t + d)))
        t += d + script.pacing.sentence_pause_s
    return Narration(audio_file="n.wav", duration_s=t - script.pacing.sentence_pause_s, sentences=sents,
                     backend="fake", voice="fake", speed=1.0, word_timing="proportional")


def make_plans(path):
    brief, base = read_brief_file(path)
    script = write_script(brief, Copywriter(), estimator(RATES[brief.lang], brief.lang, 1.0))
    narration = fake_narration(script, RATES[brief.lang])
    inputs = resolve_assets(brief, base)
    return brief, script, narration, [plan_video(script, narration, brief, p, inputs) for p in profiles().values()]


def price_frames(plan, price):
    """Frames in which a text layer showing the price is on screen (from its entrance to the end of its shot)."""
    shown = set()
    for sc in plan.scenes:
        for layer in sc.overlay:
            if isinstance(layer, TextLayer) and price in layer.text.replace("\n", ""):
                ent = next((e for e in sc.entrances if e.group == layer.group), None)
                start = sc.start_frame + (ent.start_frame + ent.duration_frames if ent else 0)
                shown.update(range(start, sc.start_frame + sc.duration_frames))
    return len(shown)


def _inside(box, outer):
    return box[0] >= outer[0] and box[1] >= outer[1] and box[2] <= outer[2] and box[3] <= outer[3]


BRIEFS = sample_briefs() + [ROOT / "tests" / "data" / "earbuds-en.json"]


@pytest.fixture(scope="module")
def planned():
    return {p: make_plans(p) for p in BRIEFS}


@pytest.mark.parametrize("path", BRIEFS, ids=lambda p: f"{p.parent.name}-{p.stem}")
def test_plan_invariants(planned, path):
    brief, script, narration, plans = planned[path]
    check_invariants(brief, script, narration, plans)


def fake_clip(path="/clips/a.mp4", size=(1920, 1080), seconds=6.0, black_s=0.5, frozen_s=1.0):
    """A clip's analysis as planning sees it (no file): black at the start, frozen at the end, the subject
    crossing from left to right."""
    n = int(seconds * 8)
    times = tuple(i / 8 for i in range(n))
    usable = tuple(black_s <= t < seconds - frozen_s for t in times)
    subject = tuple((0.1 + 0.6 * t / seconds, 0.3, 0.3 + 0.6 * t / seconds, 0.7) for t in times)
    return ClipInfo(path=path, width=size[0], height=size[1], duration_s=seconds, fps=60.0, vfr=False, rotation=0,
                    bit_depth=8, transfer=None, has_audio=True, times=times,
                    motion=tuple(0.03 if u else 0.0 for u in usable), sharpness=tuple(0.05 for _ in times),
                    usable=usable, subject=subject)


@pytest.mark.parametrize("mix", ["clips", "mixed"])
def test_plan_invariants_with_clips(mix):
    """Clips alone, and a clip beside a photo: every shot shows the product, each clip shot plays a usable stretch
    (no black, no frozen frames) at 0.5-1.5x, framed inside the clip, never upscaled past 1.5x."""
    from pipeline.model.brief import parse_brief
    from pipeline.stages.planning import PlanInputs

    brief, base = read_brief_file(sample_briefs()[0])
    photo = resolve_assets(brief, base)
    clips = [fake_clip("/clips/a.mp4"), fake_clip("/clips/b.mp4", (1080, 1920), 4.0)]
    if mix == "clips":
        inputs = PlanInputs(images=("/clips/a.mp4", "/clips/b.mp4"), logo=None, ai_label="AI生成",
                            image_sizes=((1920, 1080), (1080, 1920)), salient=((), ()), roles=("in-use", "in-use"),
                            keep_out=((), ()), clips=tuple(clips))
    else:
        inputs = PlanInputs(images=(photo.images[0], "/clips/a.mp4"), logo=None, ai_label="AI生成",
                            image_sizes=(photo.image_sizes[0], (1920, 1080)), salient=(photo.salient[0], ()),
                            roles=("hero", "in-use"), keep_out=(photo.keep_out[0], ()), clips=(None, clips[0]))
    brief = parse_brief({**brief.model_dump(exclude_none=True), "product": {
        **brief.product.model_dump(exclude_none=True), "images": list(inputs.images)}})
    script = write_script(brief, Copywriter(), estimator(RATES["zh"], "zh", 1.0))
    narration = fake_narration(script, RATES["zh"])
    plans = [plan_video(script, narration, brief, p, inputs) for p in profiles().values()]
    check_invariants(brief, script, narration, plans)
    by_path = {c.path: c for c in clips}
    shown = 0
    for plan in plans:
        for sc in plan.scenes:
            for layer in sc.layers:
                if not isinstance(layer, ClipLayer):
                    continue
                shown += 1
                info = by_path[layer.source]
                a, b = int(layer.src_start_s * 8), int(round(layer.src_end_s * 8))
                assert all(info.usable[a:b]), (layer.src_start_s, layer.src_end_s)
                speed = (layer.src_end_s - layer.src_start_s) / (sc.duration_frames / plan.fps)
                # never slower than 0.5x: a clip too short for its shot plays at 0.5x and holds its last frame,
                # which the plan's notes say
                assert speed <= 1.5 + 1e-6
                assert speed >= 0.5 - 1e-6 or any("last frame holds" in n for n in plan.notes), (speed, plan.notes)
                for c in (layer.crop_from, layer.crop_to):
                    assert 0 <= c[0] < c[2] <= 1 and 0 <= c[1] < c[3] <= 1
                    assert (layer.box[2] - layer.box[0]) / ((c[2] - c[0]) * info.width) <= 1.5 + 1e-3
    assert shown >= len(plans) * 2


def check_invariants(brief, script, narration, plans):
    for plan in plans:
        safe = plan.safe_box
        # timeline: shots tile the video exactly (xfade overlaps equal transition lengths)
        assert plan.scenes[0].start_frame == 0
        for prev, sc in zip(plan.scenes, plan.scenes[1:]):
            overlap = prev.start_frame + prev.duration_frames - sc.start_frame
            assert overlap == (sc.transition_in.duration_frames if sc.transition_in else 0)
            assert sc.duration_frames > overlap
        last = plan.scenes[-1]
        assert last.start_frame + last.duration_frames == plan.total_frames
        # the end card holds TAIL_S..MAX_TAIL_S: a short script gives a shorter video, never a long silent card
        speech_end = LEAD_IN_S + narration.duration_s
        expected = frames(speech_end + min(max(script.target_s - speech_end, TAIL_S), MAX_TAIL_S), plan.fps)
        assert abs(plan.total_frames - expected) <= 1
        # captions: inside the safe zone, in order, never overlapping, covering all speech
        for ev in plan.captions:
            assert _inside(ev.box, safe), (plan.cut, ev.box, safe)
            assert ev.start_frame < ev.end_frame <= plan.total_frames
            assert all(ev.start_frame <= w.start_frame < w.end_frame <= ev.end_frame for w in ev.words)
        for a, b in zip(plan.captions, plan.captions[1:]):
            assert a.end_frame <= b.start_frame
        offset = plan.audio.narration_offset_frames
        for st in narration.sentences:
            s, e = frames(st.start_s, plan.fps) + offset, frames(st.end_s, plan.fps) + offset
            covered = sum(min(e, ev.end_frame) - max(s, ev.start_frame) for ev in plan.captions
                          if ev.end_frame > s and ev.start_frame < e)
            assert covered >= (e - s) - 2, (plan.cut, st.text)
        # every card text inside the safe zone and above the captions
        cap_top = min(ev.box[1] for ev in plan.captions)
        for sc in plan.scenes:
            for layer in sc.overlay:
                assert _inside(layer.box, safe), (plan.cut, layer)
                assert layer.box[3] <= cap_top, (plan.cut, layer)
        # AI label: >= 2 s at the start, >= 5% of the short side, in the safe zone
        (label,) = plan.labels
        assert label.start_frame == 0 and label.end_frame >= 2 * plan.fps
        assert label.font_px >= LABEL_TEXT_RATIO * min(plan.width, plan.height) > 0.05 * min(plan.width, plan.height)
        assert _inside(label.box, safe)
        # ... never on any text of the shots it shows over (the product's name among them)
        for sc in plan.scenes:
            if sc.start_frame < label.end_frame:
                assert all(box_overlap(label.box, l.box) == 0 for l in sc.overlay), (plan.cut, sc.index)
        short = min(plan.width, plan.height)
        for sc in plan.scenes:
            for layer in sc.overlay:
                # no text on the product's salient region or its logo, none under 4.5% of the short side
                assert all(box_overlap(layer.box, k) == 0 for k in sc.keep_out), (plan.cut, sc.index, layer)
                if isinstance(layer, TextLayer):
                    assert layer.font_px >= 0.045 * short - 1, (plan.cut, layer.text, layer.font_px)
            # with media every shot shows the product, offer, call to action and end card included
            if brief.product.images:
                assert any(isinstance(l, (ImageLayer, ClipLayer)) and getattr(l, "role", "product") == "product"
                           for l in sc.layers), (plan.cut, sc.index)
        # the end card: at most 2.5 s
        last = plan.scenes[-1]
        assert last.duration_frames - (last.transition_in.duration_frames // 2 if last.transition_in else 0) \
            <= 2.5 * plan.fps
        # the price: on screen (entered) for at least 2.5 s
        if brief.product.price:
            assert price_frames(plan, brief.product.price) >= 2.5 * plan.fps, plan.cut
        # a countdown only for an offer that ends, and never shorter than 2 s
        for sc in plan.scenes:
            if sc.progress is not None:
                assert ends_in_time(brief.product.offer, brief.lang)
                assert sc.progress.end_frame - sc.progress.start_frame >= 2 * plan.fps
        # JSON round trip
        assert Plan.model_validate_json(plan.model_dump_json()) == plan


def test_plan_is_deterministic():
    path = sample_briefs()[0]
    a = make_plans(path)[3]
    b = make_plans(path)[3]
    assert [p.model_dump_json() for p in a] == [p.model_dump_json() for p in b]


def test_persona_changes_pacing():
    from pipeline.model.brief import Persona

    young = choose_pacing(Persona(age_range=(18, 24), tone="energetic"))
    old = choose_pacing(Persona(age_range=(60, 75), tone="warm"))
    assert young.energy == "high" and old.energy == "calm"
    assert young.speech_speed > old.speech_speed and young.max_shot_s < old.max_shot_s


def test_young_persona_cuts_faster():
    """Same product, two personas: the young/energetic cut has shorter shots and faster speech."""
    import json

    from pipeline.model.brief import parse_brief
    from pipeline.stages.planning import PlanInputs
    from tests.conftest import ROOT

    base = json.loads((ROOT / "tests" / "data" / "earbuds-en.json").read_text(encoding="utf-8"))
    result = {}
    for name, persona in (("young", {"age_range": [18, 24], "tone": "energetic"}),
                          ("old", {"age_range": [60, 75], "tone": "warm"})):
        brief = parse_brief({**base, "persona": persona, "duration_s": 30})
        script = write_script(brief, Copywriter(), estimator(RATES["en"], "en", 1.0))
        narr = fake_narration(script, RATES["en"])
        plan = plan_video(script, narr, brief, profiles()["9x16"], PlanInputs((), None, "AI-generated"))
        result[name] = (plan.total_frames / len(plan.scenes), script.pacing.speech_speed)
    assert result["young"][0] < result["old"][0]
    assert result["young"][1] > result["old"][1]
