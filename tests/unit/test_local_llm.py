"""`--llm local`: the built-in writer with the packaged Qwen2.5 GGUF judging fluency, run for real (CI installs the
extra and the model parts)."""

import pytest

from pipeline.backends.registry import get_llm
from pipeline.copy.checks import check_script
from pipeline.model.brief import read_brief_file
from pipeline.stages.scripting import draft_script
from tests.conftest import ROOT, require_packaged_model

CORPUS = ROOT / "tests" / "data" / "copy"


@pytest.fixture(scope="module")
def judge():
    require_packaged_model()
    from pipeline.backends.llm.judge import LocalJudge

    return LocalJudge()


def test_the_judge_prefers_a_sentence_to_its_words_shuffled(judge):
    pairs = [("en", "Dries overnight after a sink wash.", "Sink overnight a after dries wash."),
             ("en", "Book a table for Friday night.", "Table Friday a night book for."),
             ("zh", "开水泡五分钟就能吃。", "五分钟吃开水泡就能。"),
             ("zh", "每天十分钟，按遗忘曲线自动复习。", "曲线十分钟每天，复习遗忘按自动。")]
    for lang, good, bad in pairs:
        assert judge.score(good, lang) < judge.score(bad, lang), (good, bad)
    assert judge.score(pairs[0][1], "en") == judge.score(pairs[0][1], "en")      # deterministic (and cached)


def test_the_judged_writer_writes_checked_scripts(judge):
    local = get_llm("local")
    for name in ("zh-saas-shop-inventory", "en-course-coding-bootcamp", "en-app-photo-scanner"):
        brief, _ = read_brief_file(CORPUS / f"{name}.json")
        script = draft_script(brief, local)
        assert script.writer == "local" and check_script(script, brief) == []
    assert local.judge.calls > 0 and "judge" in local.cache_key()
