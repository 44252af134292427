"""Claim and privacy lint: absolute terms, medical claims, guarantees and personal data, in zh and en.

Rules are data (templates/claims/rules.yaml). What is checked is what gets published: every script
line and on-screen text, plus the brief fields shown verbatim (name, price, offer, call to action,
URL). Brief text the writer only draws on (description, features, pain points) is reported as a
warning, since the built-in writer leaves flagged lines out.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from functools import lru_cache

import yaml

from pipeline.model.brief import Brief
from pipeline.model.script import Script
from pipeline.resources import templates_dir


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    family: str
    severity: str          # "block" or "warn"
    field: str             # where: "script.scenes[2].narration", "product.offer", ...
    text: str              # the matched span
    start: int
    end: int
    context: str           # the whole text it was found in
    basis: str
    suggestion: str
    note: str = ""

    def to_dict(self) -> dict:
        return asdict(self)

    def line(self) -> str:
        extra = f" ({self.note})" if self.note else ""
        return (f"[{self.severity}] {self.field}: {self.text!r} — {self.family} ({self.rule}){extra}\n"
                f"        basis: {self.basis}\n        fix: {self.suggestion}")


@dataclass(frozen=True)
class _Rule:
    id: str
    family: str
    language: str
    severity: str
    basis: str
    suggestion: str
    regex: re.Pattern
    exempt_in_name: bool
    health_exempt: bool


def _term_regex(term: str) -> str:
    esc = re.escape(term)
    if re.match(r"^[\w ]+$", term, re.A):           # latin words: whole words only ("cure" not in "secure")
        return rf"(?<![\w]){esc}(?![\w])"
    return esc


@lru_cache(maxsize=1)
def _config() -> tuple[tuple[_Rule, ...], frozenset[str], str]:
    with open(templates_dir() / "claims" / "rules.yaml", encoding="utf-8") as f:
        data = yaml.safe_load(f)
    rules = []
    for r in data["rules"]:
        parts = [_term_regex(t) for t in r.get("terms", [])] + list(r.get("patterns", []))
        rules.append(_Rule(r["id"], r["family"], r["language"], r["severity"], r["basis"], r["suggestion"],
                           re.compile("|".join(parts), re.I), bool(r.get("exempt_in_name")),
                           bool(r.get("health_exempt"))))
    return tuple(rules), frozenset(data.get("health_categories", [])), data.get("health_food_disclaimer", "")


def is_health_product(brief: Brief) -> bool:
    return (brief.product.category or "").strip().lower() in _config()[1]


def lint_text(text: str, field: str, brief: Brief, source_only: bool = False) -> list[Finding]:
    """Findings in one piece of text. source_only: text that is raw material, not published (warn at most)."""
    rules, _, _ = _config()
    name = brief.product.name
    name_spans = [(m.start(), m.end()) for m in re.finditer(re.escape(name), text)] if name else []
    health = is_health_product(brief)
    out = []
    for rule in rules:
        # Chinese rules do not read Japanese (最新 is not 最+adjective there) and Japanese rules only read Japanese;
        # English rules read every language (Latin words inside Chinese or Japanese copy)
        if (rule.language == "zh" and brief.lang == "ja") or (rule.language == "ja" and brief.lang != "ja"):
            continue
        for m in rule.regex.finditer(text):
            severity, note = rule.severity, ""
            if rule.exempt_in_name and (field == "product.name" or
                                        any(a <= m.start() and m.end() <= b for a, b in name_spans)):
                severity, note = "warn", "part of the product name: confirm it is a registered name, not a claim"
            elif rule.health_exempt and health:
                severity, note = "warn", "health product: needs the ad approval number before publishing"
            elif source_only and severity == "block":
                severity, note = "warn", "in the brief only; the built-in writer leaves this line out"
            out.append(Finding(rule.id, rule.family, severity, field, m.group(0), m.start(), m.end(), text,
                               rule.basis, rule.suggestion, note))
    return out


def lint_brief(brief: Brief) -> list[Finding]:
    """Brief fields: those shown verbatim at full severity, raw material as warnings."""
    p = brief.product
    out: list[Finding] = []
    shown = {"product.name": p.name, "product.price": p.price, "product.offer": p.offer, "cta": brief.cta,
             "product.url": p.url}
    for field, text in shown.items():
        if text:
            out += lint_text(text, field, brief)
    out += lint_text(p.description, "product.description", brief, source_only=True)
    for i, f in enumerate(p.features):
        out += lint_text(f, f"product.features[{i}]", brief, source_only=True)
    for i, pain in enumerate(brief.persona.pain_points):
        out += lint_text(pain, f"persona.pain_points[{i}]", brief, source_only=True)
    _, _, disclaimer = _config()
    if p.category and p.category.strip().lower() in ("health-food", "保健食品") and disclaimer not in p.description:
        out.append(Finding("health-food-disclaimer", "medical", "warn", "product.description", "", 0, 0,
                           p.description, "《广告法》第十八条: 保健食品广告应当显著标明“本品不能代替药物”",
                           f"add “{disclaimer}” to the brief and the end card"))
    return out


def lint_script(script: Script, brief: Brief) -> list[Finding]:
    """Every spoken line and on-screen text of a script."""
    out: list[Finding] = []
    for i, sc in enumerate(script.scenes):
        out += lint_text(sc.narration, f"script.scenes[{i}].narration", brief)
        if sc.on_screen and sc.on_screen != sc.narration:
            out += lint_text(sc.on_screen, f"script.scenes[{i}].on_screen", brief)
    return out


def composed_findings(script: Script, brief: Brief) -> list[Finding]:
    """Blocking findings in what the writer itself wrote (the brief's verbatim name, offer, price and
    call to action are the user's words: the compliance gate in `make` judges those)."""
    verbatim = sorted(filter(None, (brief.cta, brief.product.offer, brief.product.price, brief.product.name)),
                      key=len, reverse=True)
    out = []
    for i, sc in enumerate(script.scenes):
        for field, text in ((f"script.scenes[{i}].narration", sc.narration), (f"script.scenes[{i}].on_screen", sc.on_screen)):
            if not text:
                continue
            for v in verbatim:
                text = text.replace(v, " ")
            out += [f for f in lint_text(text, field, brief) if f.severity == "block"]
    return out


def check(brief: Brief, script: Script | None) -> list[Finding]:
    """All findings for a brief and (if given) its script, without duplicates of the same span."""
    seen, out = set(), []
    for f in lint_brief(brief) + (lint_script(script, brief) if script else []):
        if f.note.startswith("part of the product name") and f.field != "product.name":
            continue  # reported once, on product.name
        key = (f.rule, f.field, f.start)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def blocking(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == "block"]
