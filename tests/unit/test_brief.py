"""The brief contract: defaults, normalisation and messages that name field, value and fix."""

import json

import pytest

from pipeline.errors import BriefError
from pipeline.model.brief import detect_language, parse_brief, read_brief_file

MIN = {"product": {"name": "Tote", "description": "A sturdy linen tote."}}


def test_defaults_follow_language():
    en = parse_brief(MIN)
    assert en.language == "en" and en.platforms == ["tiktok"] and en.duration_s == 30
    zh = parse_brief({"product": {"name": "咖啡", "description": "低温慢萃，口感顺滑。"}})
    assert zh.language == "zh" and zh.platforms == ["douyin"]


def test_detect_language_mixed_text():
    assert detect_language("Pulse Mini 降噪耳机，续航32小时") == "zh"
    assert detect_language("Pulse Mini earbuds with ANC") == "en"


@pytest.mark.parametrize("patch, fragments", [
    ({"product": {**MIN["product"], "colour": "#fff"}}, ["product.colour", "remove it or check its spelling"]),
    ({"product": {**MIN["product"], "features": "fast"}}, ["product.features", '"fast"']),
    ({"duration_s": 500}, ["duration_s", "500", "allowed range"]),
    ({"duration_s": 2}, ["duration_s", "2"]),
    ({"platforms": ["tiktk"]}, ["platforms", "'tiktk'", "did you mean 'tiktok'"]),
    ({"platforms": []}, ["platforms", "at least one"]),
    ({"persona": {"age_range": "young"}}, ["persona.age_range", '"young"']),
    ({"persona": {"age_range": [40, 20]}}, ["persona.age_range", "[40, 20]"]),
    ({"product": {**MIN["product"], "brand_colors": ["red"]}}, ["product.brand_colors", "#RRGGBB"]),
    ({"product": {"name": "x"}}, ["product.description", "required field is missing"]),
    ({"language": "fr"}, ["language", '"fr"']),
])
def test_bad_fields_are_named(patch, fragments):
    with pytest.raises(BriefError) as e:
        parse_brief({**MIN, **patch}, "p.json")
    msg = str(e.value)
    assert msg.startswith("p.json: ")
    for frag in fragments:
        assert frag in msg, msg


def test_truncated_json_names_line(tmp_path):
    p = tmp_path / "b.json"
    p.write_text('{"product": {"name": "x",\n "description": "y"', encoding="utf-8")
    with pytest.raises(BriefError, match=r"line 2 column .*invalid JSON"):
        read_brief_file(p)


def test_yaml_brief_and_relative_base(tmp_path):
    p = tmp_path / "b.yaml"
    p.write_text("product:\n  name: Tote\n  description: Linen tote.\nplatforms: [youtube]\n", encoding="utf-8")
    brief, base = read_brief_file(p)
    assert brief.platforms == ["youtube"] and base == tmp_path


def test_effective_duration_is_capped_by_platform():
    b = parse_brief({**MIN, "duration_s": 90, "platforms": ["tiktok", "youtube"]})
    assert b.effective_duration_s() == 60


def test_missing_file(tmp_path):
    with pytest.raises(BriefError, match="file not found"):
        read_brief_file(tmp_path / "nope.json")


def test_shared_samples_parse():
    from tests.conftest import sample_briefs

    for path in sample_briefs():
        brief, _ = read_brief_file(path)
        assert brief.product.name
        json.dumps(brief.model_dump())
