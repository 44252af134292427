"""Text is legible on any brand palette: every text element of every card, in 9:16 and 16:9, measured on the
rasterised frames (text colour against the median background in its box) and once on an encoded MP4."""

import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from pipeline.model.brief import parse_brief
from pipeline.model.narration import Narration, SentenceTiming
from pipeline.model.platform import profiles
from pipeline.model.plan import TextLayer
from pipeline.stages.planning import LARGE_TEXT_PX, PlanInputs, contrast, needed_contrast, plan_video
from pipeline.stages.narration import allocate_words
from pipeline.stages.scripting import choose_pacing
from pipeline.stages.visuals import Rasterizer
from tests.conftest import write_brief

PALETTES = {
    "orange-cream": ["#FF7A00", "#FFF4E6"], "yellow": ["#FFD400", "#FFF200"], "dark": ["#101820", "#2B2B2B"],
    "light": ["#FFFFFF", "#F5F5DC"], "saturated": ["#FF0000", "#00FF00"], "near-identical": ["#3366CC", "#3366CD"],
    "one-colour": ["#FF7A00"], "none": [], "mid-grey": ["#808080", "#777777"], "purple-pink": ["#7B2CBF", "#FF4D6D"],
    "teal-white": ["#00A6A6", "#FFFFFF"],
}
BRIEF = {"product": {"name": "Sunny Juice Bar", "description": "Cold-pressed juice, made fresh every morning.",
                     "features": ["Cold-pressed", "No added sugar", "Made every morning"], "price": "$6.50",
                     "offer": "Second bottle half price"},
         "persona": {"name": "commuters", "pain_points": ["no time for breakfast"]}, "cta": "Tap to order",
         "language": "en", "duration_s": 15}


def fake_narration(script) -> Narration:
    t, sents = 0.0, []
    for i, sc in enumerate(script.scenes):
        d = max(1.0, len(sc.narration.split()) / 2.6)
        sents.append(SentenceTiming(scene_index=i, text=sc.narration, start_s=t, end_s=t + d,
                                    words=allocate_words(sc.narration, "en", t, t + d)))
        t += d + 0.2
    return Narration(audio_file="n.wav", duration_s=t - 0.2, sentences=sents, backend="t", voice="t", speed=1.0,
                     word_timing="proportional")


def measured_contrasts(plan, scale=0.25):
    """(layer, contrast, need) for every text layer: its colour against the median of the frame without text."""
    r = Rasterizer(plan.width, plan.height, scale)
    out = []
    for scene in plan.scenes:
        texts = [l for l in scene.overlay if isinstance(l, TextLayer)]
        if not texts:
            continue
        picture = r.draw(scene.layers, "RGBA")
        plates = r.draw([t.model_copy(update={"text": ""}) if isinstance(t, TextLayer) else t for t in scene.overlay],
                        "RGBA")
        with_text = r.draw(scene.overlay, "RGBA")
        bg = np.asarray(Image.alpha_composite(picture, plates).convert("RGB"))
        full = np.asarray(Image.alpha_composite(picture, with_text).convert("RGB"))
        for t in texts:
            x0, y0, x1, y1 = (round(v * scale) for v in t.box)
            region_bg = bg[y0:y1, x0:x1].reshape(-1, 3)
            drawn = np.abs(full[y0:y1, x0:x1].astype(int) - bg[y0:y1, x0:x1].astype(int)).sum(axis=2) > 60
            assert drawn.any(), ("text not drawn", t.text)
            median = "#" + "".join(f"{int(v):02X}" for v in np.median(region_bg, axis=0))
            need = 3.0 if t.font_px >= LARGE_TEXT_PX * min(plan.width, plan.height) / 1080 else 4.5
            out.append((t, contrast(t.color, median), need))
    return out


STYLES = {   # style name -> brief fields; "clean 45+" is the mature-audience adjustment (AAA contrast)
    "clean": {"style": "clean"}, "bold": {"style": "bold"}, "lifestyle": {"style": "lifestyle"},
    "clean 45+": {"style": "clean", "persona": {"name": "retirees", "age_range": [55, 70],
                                                "pain_points": ["no time for breakfast"]}},
}


@pytest.mark.parametrize("cut", ["9x16", "16x9"])
@pytest.mark.parametrize("style", list(STYLES))
@pytest.mark.parametrize("palette", list(PALETTES))
def test_every_text_element_is_legible(palette, style, cut):
    from pipeline.copy.writer import Copywriter
    from pipeline.stages.narration import estimator
    from pipeline.stages.scripting import write_script

    brief = parse_brief({**BRIEF, **STYLES[style], "product": {**BRIEF["product"], "brand_colors": PALETTES[palette]}})
    script = write_script(brief, Copywriter(), estimator(2.6, "en", 1.0), choose_pacing(brief.persona))
    plan = plan_video(script, fake_narration(script), brief, profiles()[cut], PlanInputs((), None, "AI-generated"))
    assert plan.style.startswith(style.split()[0]) and ("45+" in plan.style) == ("45+" in style)
    results = measured_contrasts(plan)
    assert len(results) >= 4
    normal = 7.0 if "45+" in style else 4.5
    for layer, c, need in results:
        need = max(need, needed_contrast(layer.font_px, min(plan.width, plan.height), normal))
        assert c >= need, (palette, cut, layer.text, layer.color, layer.background, round(c, 2))
        assert layer.min_contrast is not None and layer.min_contrast >= need   # decided and recorded at plan time


def test_orange_brand_offer_card_in_the_encoded_video(tmp_path, out_root):
    """The reported case: #FF7A00 / #FFF4E6. The price on the offer card, read off the MP4's frame."""
    from pipeline.media.probe import grab_frame
    from pipeline.model.plan import Plan
    from pipeline.runner import MakeSettings, Pipeline

    data = {**BRIEF, "product": {**BRIEF["product"], "brand_colors": ["#FF7A00", "#FFF4E6"]}, "duration_s": 10,
            "platforms": ["tiktok"]}
    report = Pipeline(MakeSettings(out_root=out_root, scale=0.5)).make(write_brief(tmp_path, data))
    plan = Plan.model_validate_json((Path(report["run_dir"]) / "plan.9x16.json").read_text())
    offer = next(sc for sc in plan.scenes if any(isinstance(l, TextLayer) and "$6.50" in l.text for l in sc.overlay))
    price = next(l for l in offer.overlay if isinstance(l, TextLayer) and "$6.50" in l.text)
    t = (offer.start_frame + offer.duration_frames / 2) / plan.fps
    frame = grab_frame(report["outputs"][0]["path"], t, (540, 960))
    x0, y0, x1, y1 = (round(v * 0.5) for v in price.box)
    region = frame[y0:y1, x0:x1].reshape(-1, 3).astype(float)
    ink = np.array([int(price.color[i:i + 2], 16) for i in (1, 3, 5)], float)
    dist = np.linalg.norm(region - ink, axis=1)
    text_px = region[dist <= np.percentile(dist, 8)]
    bg_px = region[dist >= np.percentile(dist, 50)]
    hexof = lambda a: "#" + "".join(f"{int(v):02X}" for v in np.median(a, axis=0))  # noqa: E731
    assert contrast(hexof(text_px), hexof(bg_px)) >= 3.0, (price.color, hexof(text_px), hexof(bg_px))
    assert json.loads(json.dumps(price.model_dump()))["min_contrast"] >= 3.0
