"""Plan invariants for every sample brief and every output profile, with synthetic narration timings."""

import pytest

from pipeline.copy.writer import Copywriter
from pipeline.model.brief import read_brief_file
from pipeline.model.narration import Narration, SentenceTiming
from pipeline.model.plan import Plan, frames
from pipeline.model.platform import profiles
from pipeline.runner import resolve_assets
from pipeline.stages.narration import allocate_words, estimator
from pipeline.stages.planning import LABEL_TEXT_RATIO, plan_video
from pipeline.stages.scripting import LEAD_IN_S, MAX_TAIL_S, TAIL_S, choose_pacing, write_script
from tests.conftest import sample_briefs

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


CASES = [(p, prof) for p in sample_briefs() for prof in profiles()]


@pytest.fixture(scope="module")
def planned():
    return {p: make_plans(p) for p in sample_briefs()}


def _inside(box, outer):
    return box[0] >= outer[0] and box[1] >= outer[1] and box[2] <= outer[2] and box[3] <= outer[3]


@pytest.mark.parametrize("path", sample_briefs(), ids=lambda p: p.stem)
def test_plan_invariants(planned, path):
    brief, script, narration, plans = planned[path]
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
        assert label.box[3] <= min(l.box[1] for sc in plan.scenes for l in sc.overlay) if any(
            sc.overlay for sc in plan.scenes) else True
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
