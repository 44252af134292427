"""`--llm local`: llama.cpp with the packaged Qwen2.5 GGUF, run for real (CI installs the extra and the model)."""

import json

import pytest

from pipeline.backends.llm.model_writer import FallbackWriter
from pipeline.backends.registry import get_llm
from pipeline.copy.checks import check_script
from pipeline.errors import LLMError
from pipeline.model.brief import parse_brief, read_brief_file
from pipeline.stages.narration import DEFAULT_RATES, estimator
from pipeline.stages.scripting import choose_pacing, write_script
from tests.conftest import ROOT, require, require_packaged_model

CORPUS = ROOT / "tests" / "data" / "copy"


@pytest.fixture(scope="module")
def local():
    require_packaged_model()
    return get_llm("local", {"candidates": 2})


def run(writer, brief):
    pacing = choose_pacing(brief.persona)
    return write_script(brief, writer, estimator(DEFAULT_RATES[brief.lang], brief.lang, pacing.speech_speed), pacing)


def test_model_writes_checked_scripts_from_valid_json(local):
    """Every answer parses (the grammar), every script passes the shared checks, and the model's own lines
    make it into the scripts; where a brief gets no usable lines, the notes say the built-in writer took over."""
    written = 0
    for name in ("zh-saas-shop-inventory", "en-course-coding-bootcamp", "en-app-photo-scanner"):
        brief, _ = read_brief_file(CORPUS / f"{name}.json")
        script = run(local, brief)
        assert local.stats and all(s["parsed"] for s in local.stats), local.stats
        raw = json.loads(local.stats[0]["raw"])
        assert set(raw) == {"hook", "lines"} and isinstance(raw["lines"], list)
        assert check_script(script, brief) == []
        if script.writer == "local":
            written += 1
            assert "local model" in script.notes[0]
            assert any(s.kind == "feature" for s in script.scenes)
        else:
            assert "built-in writer" in script.notes[0]
    assert written >= 1


def test_calm_chinese_register_is_kept_by_code(local):
    base = json.loads((CORPUS / "zh-food-dumplings.json").read_text(encoding="utf-8"))
    old = parse_brief({**base, "persona": {**base["persona"], "age_range": [55, 70], "tone": "warm"}})
    young = parse_brief({**base, "persona": {**base["persona"], "age_range": [18, 24], "tone": "energetic"}})
    m_old = local.messages(old, choose_pacing(old.persona), "pain", 3)[1]["content"]
    m_young = local.messages(young, choose_pacing(young.persona), "pain", 3)[1]["content"]
    assert "您" in m_old and "网感" in m_young
    s_old, s_young = run(local, old), run(local, young)
    text_old = "".join(s.narration for s in s_old.scenes)
    assert "你" not in text_old                      # a calm Chinese script says 您 throughout
    assert s_old.pacing.speech_speed < s_young.pacing.speech_speed
    assert text_old != "".join(s.narration for s in s_young.scenes)


def test_lines_with_invented_facts_are_dropped():
    from pipeline.backends.llm.local_llm import LocalWriter

    w = LocalWriter.__new__(LocalWriter)          # the line checks need no model
    brief, _ = read_brief_file(CORPUS / "zh-restaurant-hotpot.json")
    assert w._line_ok("牛油锅底每天现炒，香得很", brief, "zh", []) == "牛油锅底每天现炒，香得很。"
    assert w._line_ok("营业到凌晨四点", brief, "zh", []) is None        # 4 is not in the brief (2 is)
    assert w._line_ok("营业到凌晨两点，夜宵随时来", brief, "zh", []) is not None
    assert w._line_ok("全城最好吃的火锅", brief, "zh", []) is None       # a superlative
    assert w._line_ok("荣获金奖的火锅", brief, "zh", []) is None         # an award the brief does not give
    en, _ = read_brief_file(CORPUS / "en-saas-invoicing.json")
    assert w._line_ok("Get paid in 2 days", en, "en", []) is None
    assert w._line_ok("Reminders go out on day 3, 7 and 14", en, "en", []) is not None


def test_lines_broken_off_mid_sentence_are_mended_or_dropped():
    from pipeline.backends.llm.local_llm import LocalWriter

    w = LocalWriter.__new__(LocalWriter)
    zh, _ = read_brief_file(CORPUS / "zh-saas-shop-inventory.json")
    assert w._line_ok("断网也能开单，让您在", zh, "zh", []) == "断网也能开单。"        # a last clause cut mid-phrase
    assert w._line_ok("您每个月的账单到半夜时，是不是都愁得睡不着觉呢？", zh, "zh", [], hook=True) is None  # "...时" alone
    dumplings, _ = read_brief_file(CORPUS / "zh-food-dumplings.json")
    assert w._line_ok("顿。零下18度急冻锁鲜，顺丰冷链到家", dumplings, "zh", []) == "零下18度急冻锁鲜，顺丰冷链到家。"
    jerky, _ = read_brief_file(CORPUS / "zh-food-beef-jerky.json")
    # a hook stopped by maxLength keeps its whole sentences, not the start of the next one
    assert w._line_ok("下午三点就饿了，你还在加班？你看看，这款草原风干牛肉", jerky, "zh", [], hook=True) == \
        "下午三点就饿了，你还在加班？"
    en, _ = read_brief_file(CORPUS / "en-event-small-biz-summit.json")
    assert w._line_ok("practical talks", en, "en", []) == "Practical talks."
    car, _ = read_brief_file(CORPUS / "en-local-service-car-detailing.json")
    assert w._line_ok("and fix it in 2 hours", car, "en", []) is None       # the tail of the line before
    assert w._line_ok("phone? It's the worst, isn't it?", car, "en", []) is None
    scanner, _ = read_brief_file(CORPUS / "en-app-photo-scanner.json")
    assert w._line_ok("photo scanner that makes your", scanner, "en", []) is None    # ... its head
    bootcamp, _ = read_brief_file(CORPUS / "en-course-coding-bootcamp.json")
    assert w._line_ok("Stuck in a job with no way up, what's a 12-week, part-time web devBoot", bootcamp, "en", [],
                      hook=True) is None       # stopped by maxLength with no whole sentence: the grammar's hook
    app, _ = read_brief_file(CORPUS / "zh-app-japanese.json")
    assert w._line_ok("看番总得等字幕、背了五十音又忘了”。", app, "zh", [], hook=True) == "看番总得等字幕、背了五十音又忘了。"


def test_a_line_saying_again_what_the_intro_says_is_a_repeat():
    from pipeline.backends.llm.local_llm import repeats

    intro = "Enter Shine On Mobile Detailing. We come to your driveway or office parking lot."
    assert repeats("We come to your driveway or office parking lot.", intro, "Shine On Mobile Detailing")
    assert not repeats("Interior and exterior in about 2 hours.", intro, "Shine On Mobile Detailing")
    # the product's name alone does not make a repeat
    assert not repeats("Try Shine On Mobile Detailing today!", intro, "Shine On Mobile Detailing")
    intro = "阿婆家手工水饺，我们家饺子是东北老师傅手工包的，皮是手擀的，煮15分钟不破皮。"
    assert repeats("我们家的水饺皮是手擀的，煮15分钟不破皮。", intro, "阿婆家手工水饺")


def test_unusable_model_file_fails_clearly_and_falls_back(tmp_path):
    require("llama_cpp", "the local extra")
    bad = tmp_path / "broken.gguf"
    bad.write_bytes(b"GGUF" + b"\0" * 4096)
    writer = get_llm("local", {"model": str(bad), "candidates": 1})
    brief, _ = read_brief_file(CORPUS / "en-goods-bike-light.json")
    with pytest.raises(LLMError, match="could not load"):
        run(writer, brief)
    script = run(FallbackWriter(writer, get_llm("builtin")), brief)
    assert script.writer == "builtin" and "local failed" in script.notes[0]


def test_missing_model_file_is_an_input_error():
    from pipeline.errors import InputError

    with pytest.raises(InputError, match="no such file"):
        get_llm("local", {"model": "/nonexistent/model.gguf"})
