"""The checks every script passes, whoever wrote it (the built-in writer and model backends alike).

Text checks (before any speech): the product is named aloud in the first two sentences, no connector or
opening repeats, the call to action fits the category, every number, price and award comes from the
brief, no blocking claim was added, the script ends with the call to action.
Timing checks (on the measured narration): speech covers the time between the lead-in and the end card
(>= 75% calm, >= 85% energetic), no pause between sentences over 0.6 s, the end card holds <= 3 s, and
the name is heard within the first 5 s.
"""

from __future__ import annotations

import re

from pipeline.copy.grammar import cta_category, cta_fits, opener
from pipeline.copy.phrases import spoken_name
from pipeline.model.brief import Brief
from pipeline.model.script import Script

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
    name = _norm(spoken_name(brief.product.name))
    return any(name in _norm(s.narration) for s in spoken_lines(script)[:2])


def repeated_openers(script: Script, brief_text: str = "") -> list[str]:
    """Connectors or sentence openings used more than once ("Next, ... Next, ...", "另外…另外…").

    An opening that is the brief's own words (two features that both start "Whole food ...") is not a
    template's repetition and is not counted.
    """
    seen, repeats = set(), []
    brief_norm = _norm(brief_text)
    name = _norm(spoken_name(script.scenes[0].on_screen or "")) if script.scenes else ""
    for s in spoken_lines(script):
        sentences = [x for x in re.split(r"(?<=[。！？!?.])\s*", s.narration) if x.strip()]
        for sent in sentences:
            c = opener(sent, script.language)
            if script.language != "en":
                head = _norm(sent)[:3]
            else:
                head = " ".join(re.findall(r"[a-z0-9']+", sent.lower())[:2])
            keys = [f"connector:{c}"] if c else []
            if (head and (not name or not _norm(head).startswith(name[:3])) and len(_norm(head)) >= 2
                    and _norm(head) not in brief_norm):
                keys.append(f"opening:{head}")
            for k in keys:
                if k in seen:
                    repeats.append(k.split(":", 1)[1])
                seen.add(k)
    return repeats


def cta_ok(script: Script, brief: Brief) -> bool:
    """The brief's own call to action, or one whose words fit what is sold."""
    lines = spoken_lines(script)
    if not lines or lines[-1].kind != "cta":
        return False
    if brief.cta:
        return _norm(brief.cta) in _norm(lines[-1].narration) or _norm(lines[-1].narration) in _norm(brief.cta)
    return cta_fits(lines[-1].narration, cta_category(brief), script.language)


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
    from pipeline.stages.compliance import lint_text

    return [f for f in lint_text(text, "line", brief) if not f.note.startswith("part of the product name")]


def text_checks(script: Script, brief: Brief) -> dict[str, list[str]]:
    """Every text check by name -> its problems (empty = passed)."""
    from pipeline.stages.compliance import composed_findings

    out: dict[str, list[str]] = {}
    lines = spoken_lines(script)
    out["not_empty"] = [] if lines and all(s.narration.strip() for s in script.scenes) else ["a scene has no narration"]
    out["name_early"] = [] if names_early(script, brief) else [
        f"product name {spoken_name(brief.product.name)!r} is not said in the first two sentences"]
    out["no_repeats"] = [f"{r!r} opens more than one sentence" for r in repeated_openers(script, _brief_corpus(brief))]
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
