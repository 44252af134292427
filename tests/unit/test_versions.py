"""Cross-border versions without a model: masking, checks, platforms per market, clear errors, and a version
made from the brief's own per-language text."""

import json
from pathlib import Path

import pytest

from pipeline.errors import InputError
from pipeline.model.brief import parse_brief
from pipeline.translation.protect import mask, problems, unmask
from pipeline.versions import market_platforms, requested_versions, translate_fields, version_brief
from tests.conftest import write_brief

ZH = {"product": {"name": "晨光冷萃咖啡", "description": "晨光冷萃咖啡，12小时低温慢萃，一杯只要¥59.9",
                  "features": ["3秒即溶", "0添加蔗糖"], "price": "¥59.9", "offer": "首单立减10元，仅限今天",
                  "url": "www.chenguang.com"},
      "persona": {"name": "上班族", "pain_points": ["早上没时间"]},
      "language": "zh", "platforms": ["douyin", "bilibili"], "glossary": {"晨光": "Morning Light"},
      "duration_s": 8}


def test_mask_protects_glossary_prices_codes_and_urls():
    src = "晨光冷萃咖啡 CG-200，首单立减10元，官网 www.chenguang.com，只要¥59.9"
    m = mask(src, {"晨光": "Morning Light"}, [], target="en")
    assert sorted(m.values.values()) == sorted(["Morning Light", "CG-200", "¥10", "www.chenguang.com", "¥59.9"])
    good = "[1] cold brew [2]: [3] off your first order at [4], just [5]"
    assert problems(src, m, good, "en") == []
    assert unmask(good, m) == "Morning Light cold brew CG-200: ¥10 off your first order at www.chenguang.com, just ¥59.9"
    # a token lost, a number lost, Chinese left over: each is named
    assert any("CG-200" in p for p in problems(src, m, "[1] cold brew: [3] off at [4], just [5]", "en"))
    m2 = mask("12小时慢萃", {}, [], target="en")
    assert problems("12小时慢萃", m2, "Slow-steeped for hours", "en") == ["number 12 missing"]
    assert any("untranslated" in p for p in problems("12小时慢萃", m2, "12 hours 慢萃", "en"))


def test_platforms_follow_the_market():
    assert market_platforms(["douyin", "bilibili", "xiaohongshu"], "us") == ["tiktok", "youtube", "instagram-feed"]
    assert market_platforms(["tiktok", "youtube"], "cn") == ["douyin", "bilibili"]
    assert market_platforms(["tiktok"], "uk") == ["tiktok"]


def test_a_version_needs_a_translator_or_its_own_text():
    brief = parse_brief({**ZH, "versions": [{"lang": "en", "market": "us"}]})
    (v,) = requested_versions(brief, None)
    with pytest.raises(InputError, match=r"versions\[0\] \(en-us\).*product.description.*--llm local"):
        version_brief(brief, 0, v, None, None)


def test_unknown_language_is_refused_with_the_reason():
    with pytest.raises(InputError, match="--lang fr.*zh, en, ja"):
        requested_versions(parse_brief(ZH), ["fr"])


class FakeTranslator:
    """Stands in for a model in the checking logic only (the real model is tested in tests/llm)."""

    name = "fake"

    def __init__(self, answers):
        self.answers, self.calls = list(answers), 0

    def cache_key(self):
        return ["fake"]

    def translate(self, fields, src, dst, seed=0, hint=""):
        self.calls += 1
        return self.answers.pop(0)


def test_a_translation_failing_its_checks_is_retried_then_refused():
    todo = {"product.description": "12小时低温慢萃，一杯只要¥59.9"}
    bad = {"product.description": "Slow-steeped, just [1]"}          # 12 lost
    good = {"product.description": "Slow-steeped for 12 hours, just [1] a cup"}
    t = FakeTranslator([bad, good])
    out = translate_fields(todo, "zh", "en", {}, [], t, None)
    assert out == {"product.description": "Slow-steeped for 12 hours, just ¥59.9 a cup"} and t.calls == 2
    from pipeline.errors import LLMError
    with pytest.raises(LLMError, match="number 12 missing"):
        translate_fields(todo, "zh", "en", {}, [], FakeTranslator([bad, bad, bad]), None)


def test_version_from_the_briefs_own_english_text_is_made_without_a_model(tmp_path, out_root):
    from pipeline.media.probe import probe
    from pipeline.runner import MakeSettings, Pipeline

    en = {"lang": "en", "market": "us",
          "product": {"name": "Morning Light Cold Brew", "description": "Cold brew coffee, slow-steeped for 12 hours.",
                      "features": ["Dissolves in 3 seconds", "0 added sugar"], "price": "$7.99",
                      "offer": "$2 off your first order, today only"},
          "persona": {"name": "office workers", "pain_points": ["no time in the morning"]}}
    path = write_brief(tmp_path, {**ZH, "versions": [en]})
    report = Pipeline(MakeSettings(out_root=out_root, scale=0.25)).make(path)
    (v,) = report["versions"]
    assert v["id"] == "en-us" and v["platforms"] == ["tiktok", "youtube"] and v["ai_label"] == "AI-generated"
    run = Path(report["run_dir"])
    script = json.loads((run / "versions" / "en-us" / "script.json").read_text())
    assert script["language"] == "en"
    text = " ".join(s["narration"] for s in script["scenes"])
    assert "Morning Light Cold Brew" in text and not any("\u4e00" <= c <= "\u9fff" for c in text)
    assert {o["platform"] for o in report["outputs"]} == {"tiktok", "youtube"}
    for o in report["outputs"]:
        assert Path(o["path"]).is_file() and probe(Path(o["path"])).duration_s > 5
    assert (run / "versions" / "en-us" / "report.json").is_file()
