"""The user's own clips in the cut, on real files made here: a moving subject at 1920x1080 60 fps (with a black
start, a frozen end and its own sound), a variable-frame-rate copy, a phone clip stored turned 90 degrees, and
10-bit HDR. Their frames must appear in the cut where and when the plan says, and bad clips are refused with the
field, the file and the fix."""

from pathlib import Path

import pytest

from pipeline.media.probe import grab_frames, probe
from pipeline.model.plan import ClipLayer, Plan
from pipeline.stages.rendering import RenderOptions, render
from tests.footage import make_clip
from tests.conftest import write_brief
from tests.product_frames import product_match, scene_at

SCALE = 0.25
BRIEF = {"product": {"name": "Spin Top", "description": "A light-up spinning top that spins for three minutes.",
                     "features": ["Spins for 3 minutes", "Glows in the dark"], "price": "$12.99",
                     "offer": "15% off this weekend", "brand_colors": ["#0B3D91", "#FFC300"]},
         "persona": {"name": "parents"}, "language": "en", "duration_s": 8, "platforms": ["tiktok", "youtube"],
         "seed": 2}


@pytest.fixture(scope="module")
def clip_run(out_root, tmp_path_factory):
    from pipeline.runner import MakeSettings, Pipeline

    folder = tmp_path_factory.mktemp("clips")
    make_clip(folder / "subject.mp4", seconds=3.5)                          # 1920x1080, 60 fps, with sound
    make_clip(folder / "vfr.mp4", seconds=3.5, vfr=True, sound=False)
    make_clip(folder / "phone.mp4", size=(1080, 1920), seconds=3.5, rotate=90)
    data = {**BRIEF, "product": {**BRIEF["product"], "images": ["subject.mp4", "vfr.mp4", "phone.mp4"]}}
    report = Pipeline(MakeSettings(out_root=out_root, scale=SCALE)).make(write_brief(folder, data))
    return folder, report


def _plan(report, cut) -> Plan:
    return Plan.model_validate_json((Path(report["run_dir"]) / f"plan.{cut}.json").read_text(encoding="utf-8"))


def _matches(plan: Plan, video: Path) -> dict[str, list[float]]:
    """NCC of the rendered product box against the clip's own frame, three frames into each clip shot, by clip."""
    pr = probe(video)
    marks = []
    for sc in plan.scenes:
        clip = next((l for l in sc.layers if isinstance(l, ClipLayer)), None)
        if clip is None:
            continue
        d = sc.transition_in.duration_frames if sc.transition_in else 0
        body = [f for f in range(sc.start_frame + d + 1, sc.start_frame + sc.duration_frames - 8)
                if not scene_at(plan, f)[1]]
        marks += [(Path(clip.source).name, f) for f in body[:: max(1, len(body) // 3)][:3]]
    frames_ = grab_frames(video, [f / plan.fps for _, f in marks], (pr.width, pr.height), plan.fps)
    out: dict[str, list[float]] = {}
    for (name, f), img in zip(marks, frames_):
        sc, _ = scene_at(plan, f)
        hide = [l.box for l in sc.overlay] + [e.box for e in plan.captions if e.start_frame <= f < e.end_frame] + \
            [lab.box for lab in [*plan.labels, *plan.notices] if lab.start_frame <= f < lab.end_frame] + \
            ([sc.progress.box] if sc.progress else [])
        m = product_match(plan, img, f, pr.width / plan.width, hide, slack=2)
        if m is not None:
            out.setdefault(name, []).append(m)
    return out


def test_the_clips_frames_appear_in_the_cut(clip_run):
    folder, report = clip_run
    for out in report["outputs"]:
        plan = _plan(report, out["cut"])
        matches = _matches(plan, Path(out["path"]))
        assert set(matches) == {"subject.mp4", "vfr.mp4", "phone.mp4"}, (out["cut"], matches)
        for name, values in matches.items():
            # the subject moves: a frame from the wrong moment (more than the two frames of slack a clip cut from
            # several stretches may land late by), or a wrong window, does not correlate like this
            floor = 0.7 if name == "vfr.mp4" else 0.8       # a dropped frame is shown for its neighbour
            assert min(values) > floor, (out["cut"], name, values)


def test_clips_are_trimmed_retimed_and_reframed(clip_run):
    from pipeline.media.clips import load_clip

    folder, report = clip_run
    info = {n: load_clip(folder / n, n) for n in ("subject.mp4", "vfr.mp4", "phone.mp4")}
    assert (info["phone.mp4"].width, info["phone.mp4"].height) == (1080, 1920)       # upright
    assert info["vfr.mp4"].vfr and not info["subject.mp4"].vfr
    for out in report["outputs"]:
        plan = _plan(report, out["cut"])
        for sc in plan.scenes:
            for clip in (l for l in sc.layers if isinstance(l, ClipLayer)):
                ci = info[Path(clip.source).name]
                # never the black start (0.5 s) or the frozen end (last 0.8 s)
                assert clip.src_start_s >= 0.5 - 1e-6 and clip.src_end_s <= 3.5 - 0.8 + 0.13, clip
                speed = (clip.src_end_s - clip.src_start_s) / (sc.duration_frames / plan.fps)
                assert 0.5 <= speed <= 1.5 + 1e-6
                # the window has the box's shape (reframed per aspect), inside the upright frame
                bw, bh = clip.box[2] - clip.box[0], clip.box[3] - clip.box[1]
                cw = (clip.crop_from[2] - clip.crop_from[0]) * ci.width
                ch = (clip.crop_from[3] - clip.crop_from[1]) * ci.height
                assert abs(bw / bh - cw / ch) < 0.02
    notes = "\n".join(report["warnings"])
    assert "turned 90 degrees" in notes and "variable frame rate" in notes and "own sound is left out" in notes


def test_every_mp4_is_tagged_bt709(clip_run):
    import av

    _, report = clip_run
    for out in report["outputs"]:
        with av.open(out["path"]) as c:
            cc = c.streams.video[0].codec_context
            assert (cc.color_primaries, cc.color_trc, cc.colorspace, cc.color_range) == (1, 1, 1, 1)


def test_hdr_footage_is_tone_mapped(clip_run, tmp_path):
    """The same plan with 10-bit PQ footage in place of the clips: rendered (tone-mapped to SDR), and still the
    clip's own picture in the box."""
    folder, report = clip_run
    hdr = make_clip(tmp_path / "hdr.mp4", seconds=3.5, hdr=True, sound=False)
    plan = _plan(report, "9x16")
    scenes = [sc.model_copy(update={"layers": [l.model_copy(update={"source": str(hdr), "tonemap": True})
                                               if isinstance(l, ClipLayer) else l for l in sc.layers]})
              for sc in plan.scenes]
    plan = plan.model_copy(update={"scenes": scenes})
    out = tmp_path / "hdr-cut.mp4"
    render(plan, Path(report["run_dir"]) / "mix.wav", out, tmp_path / "work",
           RenderOptions(scale=SCALE, captions=False, labels=False))
    values = [v for vs in _matches(plan, out).values() for v in vs]
    # against the clip's frames decoded without tone-mapping: the same picture under another tone curve
    assert values and min(values) > 0.6 and sum(values) / len(values) > 0.75, values
    pr = probe(out)
    mid = grab_frames(out, [plan.duration_s / 2], (pr.width, pr.height), plan.fps)[0]
    assert 30 < float(mid.mean()) < 220           # not washed out or black: tone-mapped, not passed through


@pytest.mark.parametrize("name,content,why", [
    ("corrupt.mp4", b"\x00\x01garbage" * 500, "not a readable video"),
    ("empty.mov", b"", "empty file"),
])
def test_bad_clips_are_refused_clearly(tmp_path, name, content, why):
    from click.testing import CliRunner

    from pipeline.cli import main

    (tmp_path / name).write_bytes(content)
    brief = write_brief(tmp_path, {**BRIEF, "product": {**BRIEF["product"], "images": [name]}})
    out = tmp_path / "out"
    res = CliRunner().invoke(main, ["make", str(brief), "--out", str(out)])
    assert res.exit_code == 2, res.output
    assert "product.images[0]" in res.output and name in res.output and why in res.output
    assert not any(out.rglob("*.mp4")) and not any(p.name.endswith(".partial") for p in out.rglob("*"))


def test_a_clip_of_only_black_frames_is_refused(tmp_path):
    from pipeline.errors import AssetError
    from pipeline.media.clips import load_clip

    dark = make_clip(tmp_path / "dark.mp4", size=(320, 180), seconds=1.2, black_s=1.2, frozen_s=0.0, sound=False)
    with pytest.raises(AssetError, match=r"x\[0\].*usable picture.*at least 1 s"):
        load_clip(dark, "x[0]")
