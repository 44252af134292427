"""The checks every script passes, whoever wrote it (the built-in writer and model backends alike).

Text checks (before any speech), on what a reader sees: the product is named aloud in the first two
sentences, no fact is said twice, no line is a filler that carries no fact, the call to action fits the
category, every number, price and award comes from the brief, no blocking claim was added, the script ends
with the call to action.
Timing checks (on the measured narration): speech covers the time between the lead-in and the end card
(>= 75% calm, >= 85% energetic), no pause between sentences over 0.6 s, the end card holds <= 3 s, and
the name is heard within the first 5 s.
"""

from __future__ import annotations

import re

from pipeline.claims import Finding, lint_text
from pipeline.copy.category import cta_category, cta_fits
from pipeline.copy.material import names_product
from pipeline.copy.names import said_name, spoken_name
from pipeline.model.brief import Brief
from pipeline.model.script import Script
from pipeline.text.similarity import keys, overlap

AWARD_WORDS = re.compile(r"award|prize|certified|patent|获奖|金奖|大奖|认证|专利|冠军|荣获", re.I)
MAX_PAUSE_S = 0.6
MAX_END_HOLD_S = 3.0
NAME_WITHIN_S = 5.0
MIN_COVERAGE = {"calm": 0.75, "medium": 0.8, "high": 0.85}


def _norm(text: str) -> str:
    return re.sub(r"[\s\W_]+", "", text).lower()


def spoken_lines(script: Script) -> list:
    return [s for s in script.scenes if s.kind != "disclosure"]


def names_early(script: Script, brief: Brief) -> bool:
    """The product's name is said aloud in the first two sentences."""
    said = said_name(brief)
    return any(names_product(s.narration, brief.product.name, said, script.language) for s in spoken_lines(script)[:2])


SAID_TWICE = 0.8     # two lines sharing this share of their keys say the same thing


def said_twice(script: Script) -> list[str]:
    """Pairs of lines that say the same thing (the name aside): the same fact twice is a line wasted."""
    lang = script.language
    # the call to action may repeat the offer; the hook opens what the body then says (a pain it answers, the
    # audience it is for)
    lines = [s for s in spoken_lines(script) if s.kind not in ("cta", "hook")]
    out = []
    for i, a in enumerate(lines):
        for b in lines[i + 1:]:
            if len(keys(a.narration, lang)) >= 3 and overlap(a.narration, b.narration, lang) >= SAID_TWICE:
                out.append(f"{a.narration!r} and {b.narration!r} say the same thing")
    return out


def fillers(script: Script, brief: Brief) -> list[str]:
    """Lines that carry no fact of the product: nothing in them (the name aside) comes from the product's
    description, features, price, offer or call to action. The hook may call the audience; the intro may
    only name the product; the offer, the call to action and a required statement are the brief's or the law's."""
    lang = script.language
    p = brief.product
    facts = keys(" ".join([p.name, p.description, *p.features, p.price or "", p.offer or "", brief.cta or "",
                           *brief.persona.pain_points]), lang)
    names = sorted({spoken_name(p.name), p.name, re.sub(r"\s+", "", p.name)}, key=len, reverse=True)
    name = keys(spoken_name(p.name), lang) | keys(p.name, lang)
    out = []
    for s in spoken_lines(script):
        if s.kind in ("hook", "offer", "cta", "disclosure"):
            continue
        text = s.narration
        for n in names:
            text = text.replace(n, " ")
        own = keys(text, lang) - name
        if s.kind == "intro" and len(own) <= 3:
            continue
        if own and not own & facts:
            out.append(f"{s.narration!r} says nothing the brief says about the product")
    return out


def cta_ok(script: Script, brief: Brief) -> bool:
    """The brief's own call to action, or one whose words fit what is sold."""
    lines = spoken_lines(script)
    if not lines or lines[-1].kind != "cta":
        return False
    if brief.cta and (_norm(brief.cta) in _norm(lines[-1].narration) or _norm(lines[-1].narration) in _norm(brief.cta)):
        return True
    return cta_fits(lines[-1].narration, cta_category(brief), script.language)     # words a person edited in


def _brief_corpus(brief: Brief) -> str:
    p, persona = brief.product, brief.persona
    parts = [p.name, p.description, *p.features, p.price or "", p.offer or "", brief.cta or "", p.url or "",
             persona.name or "", *persona.pain_points, *persona.interests]
    return " ".join(parts)


def check_facts(script: Script, brief: Brief) -> list[str]:
    """Numbers, prices and awards in the script must come from the brief."""
    corpus = _brief_corpus(brief)
    corpus_numbers = set(re.findall(r"\d+(?:\.\d+)?", corpus.replace(",", "")))
    problems = []
    for i, sc in enumerate(script.scenes):
        if sc.kind == "disclosure":
            continue
        for text in filter(None, (sc.narration, sc.on_screen)):
            for num in re.findall(r"\d+(?:\.\d+)?", text.replace(",", "")):
                if num not in corpus_numbers:
                    problems.append(f"scenes[{i}]: number {num!r} is not in the brief")
            for m in AWARD_WORDS.finditer(text):
                if m.group(0).lower() not in corpus.lower():
                    problems.append(f"scenes[{i}]: {m.group(0)!r} (an award or certification) is not in the brief")
    return problems


def screen_line(text: str, brief: Brief) -> list:
    """Claim or privacy findings that stop a writer from using a line it composed (name hits excepted)."""
    return [f for f in lint_text(text, "line", brief) if not f.note.startswith("part of the product name")]


def composed_findings(script: Script, brief: Brief) -> list[Finding]:
    """Blocking findings in what the writer itself wrote (the brief's verbatim name, offer, price and
    call to action are the user's words: the compliance gate in `make` judges those)."""
    # the name as said (without its tagline or pack size) is the user's word as much as the name as written
    # and so is each of its words, or the name with its spaces closed up ("轻盈纤体茶 刮油排毒" said as one)
    name = brief.product.name
    words = [w for w in re.split(r"[\s|｜·~～/]+", name) if len(w) >= 2]
    verbatim = sorted(set(filter(None, (brief.cta, brief.product.offer, brief.product.price, name,
                                        spoken_name(name), re.sub(r"\s+", "", name), *words))), key=len, reverse=True)
    out = []
    for i, sc in enumerate(script.scenes):
        for field, text in ((f"script.scenes[{i}].narration", sc.narration), (f"script.scenes[{i}].on_screen", sc.on_screen)):
            if not text:
                continue
            for v in verbatim:
                text = text.replace(v, " ")
            out += [f for f in lint_text(text, field, brief) if f.severity == "block"]
    return out




def text_checks(script: Script, brief: Brief) -> dict[str, list[str]]:
    """Every text check by name -> its problems (empty = passed)."""
    out: dict[str, list[str]] = {}
    lines = spoken_lines(script)
    out["not_empty"] = [] if lines and all(s.narration.strip() for s in script.scenes) else ["a scene has no narration"]
    out["name_early"] = [] if names_early(script, brief) else [
        f"product name {said_name(brief)!r} is not said in the first two sentences"]
    out["said_twice"] = said_twice(script)
    out["fillers"] = fillers(script, brief)
    out["ends_with_cta"] = [] if lines and lines[-1].kind == "cta" else ["script does not end with the call to action"]
    out["cta_fits"] = [] if cta_ok(script, brief) else [
        f"call to action does not fit a {cta_category(brief)} product: {lines[-1].narration if lines else ''!r}"]
    out["facts"] = check_facts(script, brief)
    # a person's own words are theirs, like the brief's: the compliance gate in make judges them, with its override
    out["claims"] = [] if script.writer == "edited" else [f"{f.field}: {f.text!r} is a {f.family} claim the writer added"
                                                         for f in composed_findings(script, brief)]
    return out


def check_script(script: Script, brief: Brief) -> list[str]:
    """All problems that make a script unusable (the union of text_checks)."""
    return [p for problems in text_checks(script, brief).values() for p in problems]


def timing_checks(narration, energy: str, lead_in_s: float, video_s: float, name: str | None = None) -> dict:
    """Measured: speech coverage, longest pause, end-card hold, when the name is first heard."""
    sents = [s for s in narration.sentences if s.text.strip()]
    spoken = sum(s.end_s - s.start_s for s in sents)
    span = (sents[-1].end_s - sents[0].start_s) if sents else 0.0
    pauses = [b.start_s - a.end_s for a, b in zip(sents, sents[1:])]
    hold = video_s - (lead_in_s + (sents[-1].end_s if sents else 0.0))
    name_at = None
    if name and sents:
        key = _norm(name)
        for s in sents:
            if key in _norm(s.text):
                before = _norm(s.text).index(key)
                name_at = lead_in_s + s.start_s + (s.end_s - s.start_s) * before / max(len(_norm(s.text)), 1)
                break
    result = {
        "coverage": round(spoken / span, 3) if span else 0.0,
        "min_coverage": MIN_COVERAGE[energy],
        "longest_pause_s": round(max(pauses, default=0.0), 3),
        "end_hold_s": round(hold, 3),
        "name_at_s": None if name_at is None else round(name_at, 2),
    }
    problems = []
    if result["coverage"] < result["min_coverage"]:
        problems.append(f"speech covers {result['coverage']:.0%} of the time, less than {result['min_coverage']:.0%}")
    if result["longest_pause_s"] > MAX_PAUSE_S + 1e-6:
        problems.append(f"a {result['longest_pause_s']:.2f} s pause between sentences (max {MAX_PAUSE_S} s)")
    if hold > MAX_END_HOLD_S + 0.05:
        problems.append(f"the end card holds {hold:.1f} s after the last word (max {MAX_END_HOLD_S:.0f} s)")
    if name and (name_at is None or name_at > NAME_WITHIN_S):
        problems.append("the product name is not heard within the first 5 s")
    result["problems"] = problems
    return result
