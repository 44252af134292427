"""Fine print: a disclosure the brief gives that would take long to say (a supplement's FDA statements) is shown
at the top of the safe area from the offer to the end, not said; the product and the text of those shots stay
below it. Measured on a real render's plan and frames."""

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from pipeline.media.probe import grab_frame, probe
from pipeline.model.plan import ImageLayer, Plan, TextLayer
from pipeline.resources import assets_dir
from tests.conftest import write_brief

FDA = ("These statements have not been evaluated by the Food and Drug Administration. "
       "This product is not intended to diagnose, treat, cure, or prevent any disease.")
BRIEF = {"product": {"name": "Driftwell Magnesium Gummies", "images": ["photo.png"], "price": "$24.99", "description": (
    "Two gummies before bed, 200 mg of magnesium glycinate, no melatonin. Sugar-free, mixed berry flavor. " + FDA)},
    "persona": {"name": "light sleepers"}, "language": "en", "duration_s": 15, "platforms": ["tiktok", "youtube"]}


@pytest.fixture(scope="module")
def run(out_root, tmp_path_factory):
    from pipeline.runner import MakeSettings, Pipeline

    folder = tmp_path_factory.mktemp("fine")
    shutil.copy(assets_dir() / "samples" / "coffee" / "images" / "coffee.png", folder / "photo.png")
    report = Pipeline(MakeSettings(out_root=out_root, scale=0.25)).make(write_brief(folder, BRIEF))
    return report, Path(report["run_dir"])


def test_the_disclosure_is_shown_not_said(run):
    report, folder = run
    script = json.loads((folder / "script.json").read_text())
    said = " ".join(s["narration"] for s in script["scenes"])
    assert "Food and Drug Administration" not in said and "Two gummies before bed" in said
    assert script["fine_print"] and "Food and Drug Administration" in " ".join(script["fine_print"])


@pytest.mark.parametrize("cut", ["9x16", "16x9"])
def test_it_runs_from_the_offer_to_the_end_above_the_product_and_the_text(run, cut):
    _, folder = run
    plan = Plan.model_validate_json((folder / f"plan.{cut}.json").read_text())
    (n,) = plan.notices
    assert n.end_frame == plan.total_frames
    assert n.start_frame >= plan.labels[0].end_frame                     # never over the AI label
    offer = next(sc for sc in plan.scenes if sc.script_scene == next(
        i for i, s in enumerate(json.loads((folder / "script.json").read_text())["scenes"]) if s["kind"] == "offer"))
    assert n.start_frame <= offer.start_frame + 2
    amount = len(" ".join(n.text.split("\n")).split())
    assert (n.end_frame - n.start_frame) / plan.fps >= amount / 3.0      # long enough to read
    x0, y0, x1, y1 = n.box
    sx0, sy0, sx1, _ = plan.safe_box
    assert sx0 <= x0 and x1 <= sx1 and y0 >= sy0
    assert n.font_px >= 0.025 * min(plan.width, plan.height)
    for sc in plan.scenes:
        if sc.start_frame + sc.duration_frames <= n.start_frame:
            continue
        for layer in [*sc.layers, *sc.overlay]:
            if isinstance(layer, (ImageLayer, TextLayer)) and getattr(layer, "box", None) and not (
                    isinstance(layer, ImageLayer) and layer.box[2] - layer.box[0] >= plan.width):
                assert layer.box[1] >= y1 or layer.box[3] <= y0 or layer.box[2] <= x0 or layer.box[0] >= x1, \
                    (sc.index, layer)
    for ev in plan.captions:                                             # nor on the captions
        assert ev.box[1] >= y1


def test_the_frames_carry_it_only_while_it_runs(run):
    report, folder = run
    out = next(o for o in report["outputs"] if o["cut"] == "9x16")
    plan = Plan.model_validate_json((folder / "plan.9x16.json").read_text())
    (n,) = plan.notices
    pr = probe(Path(out["path"]))
    k = pr.width / plan.width
    x0, y0, x1, y1 = (int(c * k) for c in n.box)

    def ink(t: float) -> float:
        f = grab_frame(Path(out["path"]), t, (pr.width, pr.height))[y0:y1, x0:x1].astype(float)
        return float(((f @ [0.299, 0.587, 0.114]) > 200).mean())
    during = ink((n.start_frame + n.end_frame) / 2 / plan.fps)
    before = ink((plan.labels[0].end_frame + n.start_frame) / 2 / plan.fps)
    assert during > 0.05 and during > 3 * before, (during, before)
    assert np.isfinite(during)
