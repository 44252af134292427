"""Cross-border versions with the packaged local model, for real: a Chinese brief -> an English version for
the US market (translated facts, glossary and numbers kept, no Chinese left, English captions rendered,
market platforms and label), and an English brief -> a Chinese version for China."""

import json
from pathlib import Path

import pytest

from pipeline.media.probe import grab_frame, probe
from pipeline.model.plan import Plan
from tests.conftest import require, require_packaged_model, write_brief
from tests.unit.test_versions import ZH


@pytest.fixture(scope="module")
def local_ready():
    require_packaged_model()


def caption_ink(report: dict, run: Path) -> float:
    """The largest share of caption-bright pixels (white words, or the accent colour a price or the spoken word
    takes) in the caption band of the first cut, mid-way through each caption."""
    out = report["outputs"][0]
    pr = probe(Path(out["path"]))
    plan = Plan.model_validate_json((run / "plan.9x16.json").read_text())
    k = pr.width / plan.width
    best = 0.0
    for ev in plan.captions:
        frame = grab_frame(Path(out["path"]), (ev.start_frame + ev.end_frame) / 2 / plan.fps, (pr.width, pr.height))
        x0, y0, x1, y1 = (int(c * k) for c in ev.box)
        band = frame[y0:y1, x0:x1].astype(float)
        luma = band @ [0.299, 0.587, 0.114]
        best = max(best, float((luma > 170).mean()))
    return best


def _han(text: str) -> list[str]:
    return [c for c in text if "\u4e00" <= c <= "\u9fff"]


def test_zh_brief_to_an_english_version(local_ready, tmp_path, out_root):
    from pipeline.runner import MakeSettings, Pipeline

    path = write_brief(tmp_path, {**ZH, "platforms": ["douyin"]})
    report = Pipeline(MakeSettings(out_root=out_root, scale=0.25, llm="local", llm_options={"candidates": 1},
                                   langs=["en"])).make(path)
    (v,) = report["versions"]
    assert v["id"] == "en-global" and v["platforms"] == ["tiktok"] and v["ai_label"] == "AI-generated"
    run = Path(report["run_dir"]) / "versions" / "en-global"
    brief = json.loads((run / "brief.json").read_text())
    facts = " ".join([brief["product"]["name"], brief["product"]["description"], *brief["product"]["features"],
                      brief["product"]["offer"]])
    assert not _han(facts), facts                                      # nothing left in Chinese
    assert "Morning Light" in brief["product"]["name"]                 # the glossary's translation
    for number in ("12", "59.9", "3", "0", "10"):                      # numbers survive exactly
        assert number in facts, (number, facts)
    assert brief["product"]["price"] == "¥59.9"                        # no currency conversion ...
    assert any("price kept as ¥59.9" in n or "translated" in n for n in v["notes"])
    assert brief["product"]["url"] == "www.chenguang.com"              # protected
    script = json.loads((run / "script.json").read_text())
    spoken = " ".join(s["narration"] for s in script["scenes"])
    assert script["language"] == "en" and not _han(spoken)
    # English captions drawn in the caption band of a frame while the narration speaks
    assert caption_ink(report, run) > 0.02                              # caption ink


def test_zh_brief_to_a_japanese_version(local_ready, tmp_path, out_root):
    require("pyopenjtalk", "the ja extra")
    from pipeline.runner import MakeSettings, Pipeline

    path = write_brief(tmp_path, {**ZH, "platforms": ["douyin"], "duration_s": 12})
    report = Pipeline(MakeSettings(out_root=out_root, scale=0.25, llm="local", llm_options={"candidates": 1},
                                   langs=["ja"])).make(path)
    (v,) = report["versions"]
    assert v["id"] == "ja-jp" and v["platforms"] == ["tiktok"] and v["ai_label"] == "AI生成"
    run = Path(report["run_dir"]) / "versions" / "ja-jp"
    brief = json.loads((run / "brief.json").read_text())
    p = brief["product"]
    facts = " ".join([p["description"], *p["features"], p["offer"]])
    kana = lambda t: [c for c in t if "\u3040" <= c <= "\u30ff"]  # noqa: E731
    assert kana(facts), facts                                          # written in Japanese
    assert "Morning Light" in p["name"]                                # the glossary's translation
    for number in ("12", "59.9", "3", "10"):
        assert number in facts, (number, facts)
    assert p["price"] == "59.9元"                     # yuan written so a Japanese reader does not read yen
    script = json.loads((run / "script.json").read_text())
    assert script["language"] == "ja" and kana(" ".join(s["narration"] for s in script["scenes"]))
    rep = json.loads((run / "report.json").read_text())
    assert rep["narration"]["voice"] == "jf_gongitsune"
    assert Plan.model_validate_json((run / "plan.9x16.json").read_text()).language == "ja"
    assert caption_ink(report, run) > 0.02
