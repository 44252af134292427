"""Claim and privacy rules in both languages, with their exemptions, and the writer's own restraint."""

import pytest
import yaml

from pipeline.backends.llm.builtin import BuiltinCopywriter
from pipeline.model.brief import parse_brief
from pipeline.resources import templates_dir
from pipeline.stages.compliance import blocking, check, lint_text
from pipeline.stages.narration import estimator
from pipeline.stages.scripting import write_script


def brief(**product):
    return parse_brief({"product": {"name": "Tote", "description": "A linen tote.", **product}})


@pytest.mark.parametrize("text, rule, severity", [
    ("全网销量第一的咖啡", "absolute-terms-zh", "block"),
    ("国家级非遗工艺", "absolute-terms-zh", "block"),
    ("最佳口感", "superlative-zh", "block"),
    ("最舒服的枕头", "superlative-zh", "block"),
    ("全网最便宜", "superlative-zh", "block"),
    ("the cheapest flights in town", "superlative-en", "warn"),
    ("our most popular bowl", "superlative-en", "warn"),
    ("The #1 earbuds", "absolute-terms-en", "warn"),
    ("best ever sound", "absolute-terms-en", "warn"),
    ("能根治失眠", "medical-claims-zh", "block"),
    ("Clinically proven to work", "medical-claims-en", "block"),
    ("It cures headaches", "medical-claims-en", "block"),
    ("100% satisfaction", "guarantees", "warn"),
    ("Guaranteed results, risk-free", "guarantees", "warn"),
    ("无效退款，保证有效", "guarantees", "warn"),
    ("致电13812345678", "personal-data-phone", "block"),
    ("call (415) 555-0199 today", "personal-data-phone", "block"),
    ("身份证110101199003077777", "personal-data-id-card", "block"),
    ("mail jane.doe@example.com", "personal-data-email", "warn"),
])
def test_rule_families(text, rule, severity):
    hits = [f for f in lint_text(text, "cta", brief()) if f.rule == rule]
    assert hits, (text, rule)
    assert hits[0].severity == severity
    assert hits[0].basis and hits[0].suggestion
    assert text[hits[0].start:hits[0].end] == hits[0].text


@pytest.mark.parametrize("text", ["A secure, comfortable fit", "第一次用就爱上", "Our best-selling tote"])
def test_no_false_alarm_on_ordinary_words(text):
    # "secure" is not "cure"; 第一次 ("the first time") still contains 第一: a warning-level review is acceptable
    hits = lint_text(text, "cta", brief())
    assert not [h for h in hits if h.family == "medical"]
    if text.startswith("A secure"):
        assert hits == []


def test_name_exemption_downgrades_to_warning():
    b = parse_brief({"product": {"name": "第一坊酱油", "description": "纯粮酿造。"}})
    findings = check(b, None)
    (f,) = [f for f in findings if f.field == "product.name"]
    assert f.severity == "warn" and "product name" in f.note
    assert not blocking(findings)


def test_health_products_may_make_medical_claims_with_review():
    b = parse_brief({"product": {"name": "X", "description": "d", "category": "health-food", "offer": "根治失眠"}})
    (f,) = [f for f in check(b, None) if f.family == "medical" and f.field == "product.offer"]
    assert f.severity == "warn"
    assert any(f.rule == "health-food-disclaimer" for f in check(b, None))


def test_source_text_is_a_warning_and_the_writer_leaves_it_out():
    b = parse_brief({"product": {"name": "晨光咖啡", "description": "全网销量第一的咖啡，能根治疲劳。选用云南咖啡豆。",
                                 "features": ["国家级工艺", "三秒即溶"]}, "language": "zh"})
    script = write_script(b, BuiltinCopywriter(), estimator(4.5, "zh", 1.0))
    assert not blocking(check(b, script))
    spoken = script.text
    for term in ("第一", "根治", "国家级"):
        assert term not in spoken
    assert any("国家级" in n for n in script.notes)
    assert "三秒即溶" in spoken


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_copy_templates_carry_no_risky_terms(lang):
    data = yaml.safe_load((templates_dir() / "copy" / f"{lang}.yaml").read_text(encoding="utf-8"))
    phrases = []

    def walk(node):
        if isinstance(node, str):
            phrases.append(node)
        elif isinstance(node, list):
            for x in node:
                walk(x)
        elif isinstance(node, dict):
            for x in node.values():
                walk(x)

    walk(data)
    b = brief()
    for p in phrases:
        assert not lint_text(p.replace("{", "").replace("}", ""), "template", b), p


@pytest.mark.parametrize("text", ["最近很火", "最后一天", "最多可坐12人", "最早8点开门", "第一，先扫码", "第一次用",
                                  "the latest model", "a best seller"])
def test_time_and_quantity_senses_are_not_superlatives(text):
    assert not [f for f in lint_text(text, "cta", brief()) if f.family == "absolute"], text

