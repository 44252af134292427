"""The studio's bar for one job (pipeline/studio/progress.py): the stages with no fraction of their own move it by
fixed shares, the render fills the rest with its own fraction (cuts side by side together), market versions each
get an equal part, and it never goes back."""

import json

from pipeline.studio.progress import RENDER_FROM, STAGE_STARTS, JobProgress, for_brief
from tests.conftest import SAMPLE


def test_every_stage_moves_the_bar_and_the_render_fills_the_rest():
    bar = JobProgress(cuts=2)
    seen = [bar("voice calibration", None), bar("script and narration", None), bar("audio mix", None)]
    assert seen == [STAGE_STARTS["voice calibration"], STAGE_STARTS["script and narration"], STAGE_STARTS["audio mix"]]
    assert 0 < seen[0] < seen[1] < seen[2] < RENDER_FROM
    assert bar("render 9x16", 0.0) == RENDER_FROM
    half_of_one = bar("render 9x16", 0.5)              # one of two cuts half made: a quarter of the render
    assert half_of_one == round(RENDER_FROM + (1 - RENDER_FROM) * 0.25, 3)
    assert bar("render 16x9", 0.5) == round(RENDER_FROM + (1 - RENDER_FROM) * 0.5, 3)
    assert bar("render 9x16", 1.0) < bar("render 16x9", 1.0) == 0.99      # the end is the job's, once recorded


def test_the_bar_never_goes_back():
    bar = JobProgress(cuts=1)
    bar("audio mix", None)
    at = bar("render 9x16", 0.6)
    assert bar("voice calibration", None) == at and bar("render 9x16", 0.2) == at and bar("unknown", None) == at


def test_market_versions_share_the_bar():
    bar = JobProgress(cuts=1, versions=2)
    assert bar("version en-us", None) == 0
    first = bar("script and narration", None)
    assert first == round(STAGE_STARTS["script and narration"] / 2, 3)
    assert bar("render 9x16", 1.0) == 0.5
    assert bar("version ja-jp", None) == 0.5 and bar("audio mix", None) == round(0.5 + STAGE_STARTS["audio mix"] / 2, 3)
    assert bar("render 9x16", 1.0) == 0.99


def test_the_bar_for_a_brief_file(tmp_path):
    bar = for_brief(SAMPLE)                            # douyin 9:16, xiaohongshu 3:4, bilibili 16:9
    assert (bar.cuts, bar.versions) == (3, 0)
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    data["platforms"] = ["douyin", "tiktok", "bilibili"]         # two platforms of one shape share a cut
    (tmp_path / "shared.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert for_brief(tmp_path / "shared.json").cuts == 2
    data["versions"] = [{"lang": "en", "market": "us"}, {"lang": "ja", "market": "jp"}]
    (tmp_path / "two.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert for_brief(tmp_path / "two.json").versions == 2
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    assert (for_brief(tmp_path / "bad.json").cuts, for_brief(tmp_path / "bad.json").versions) == (1, 0)
