"""Script stage: choose pacing from the persona, ask a writer, check what it wrote."""

from __future__ import annotations

import re

from pipeline.backends.llm.base import ScriptWriter, SpeechEstimate
from pipeline.errors import LLMError
from pipeline.model.brief import Brief, Persona
from pipeline.model.script import Pacing, Script

HIGH_TONES = {"energetic", "playful", "fun", "hype", "bold", "活力", "活泼", "热血", "俏皮"}
CALM_TONES = {"warm", "calm", "expert", "gentle", "trustworthy", "elegant", "温暖", "温和", "专业", "亲切", "沉稳"}

PACINGS = {
    "high": Pacing(energy="high", speech_speed=1.1, max_shot_s=2.4, transition_s=0.25, sentence_pause_s=0.15),
    "medium": Pacing(energy="medium", speech_speed=1.0, max_shot_s=3.2, transition_s=0.4, sentence_pause_s=0.25),
    "calm": Pacing(energy="calm", speech_speed=0.9, max_shot_s=4.5, transition_s=0.6, sentence_pause_s=0.45),
}

LEAD_IN_S = 0.4   # music alone before the first word
TAIL_S = 1.2      # end card holds after the last word


def choose_pacing(persona: Persona) -> Pacing:
    """Young/energetic personas get fast cuts and brisk speech; older or warm ones slower, clearer."""
    tone = (persona.tone or "").strip().lower()
    if persona.age_range and persona.age_range[0] >= 45:
        return PACINGS["calm"]
    if tone in CALM_TONES:
        return PACINGS["calm"]
    if tone in HIGH_TONES or (persona.age_range and persona.age_range[1] <= 30):
        return PACINGS["high"]
    return PACINGS["medium"]


def speech_budget_s(target_s: float) -> float:
    """Seconds of narration that fit a video of target_s."""
    return max(2.0, target_s - LEAD_IN_S - TAIL_S)


def write_script(brief: Brief, writer: ScriptWriter, estimate: SpeechEstimate, pacing: Pacing | None = None,
                 budget_s: float | None = None) -> Script:
    """Run the writer and the shared checks every script passes before narration."""
    pacing = pacing or choose_pacing(brief.persona)
    budget = budget_s if budget_s is not None else speech_budget_s(brief.effective_duration_s())
    script = writer.write(brief, pacing, budget, estimate)
    problems = check_script(script, brief)
    if problems:
        raise LLMError(f"script from {writer.name!r} failed checks: " + "; ".join(problems))
    return script


def _norm(text: str) -> str:
    return re.sub(r"[\s\W_]+", "", text).lower()


def check_script(script: Script, brief: Brief) -> list[str]:
    """Problems that make a script unusable: empty, product never named, no call to action."""
    problems = []
    if not script.scenes:
        problems.append("script has no scenes")
        return problems
    if any(not s.narration.strip() for s in script.scenes):
        problems.append("a scene has empty narration")
    if _norm(brief.product.name) not in _norm(script.text) and not any(
            _norm(brief.product.name) in _norm(s.on_screen or "") for s in script.scenes):
        problems.append(f"product name {brief.product.name!r} is never said or shown")
    spoken = [s for s in script.scenes if s.kind != "disclosure"]
    if spoken[-1].kind != "cta":
        problems.append("script does not end with the call to action")
    problems += check_facts(script, brief)
    from pipeline.stages.compliance import composed_findings

    for f in composed_findings(script, brief):
        problems.append(f"{f.field}: {f.text!r} is a {f.family} claim the writer added")
    return problems


AWARD_WORDS = re.compile(r"award|prize|certified|patent|获奖|金奖|大奖|认证|专利|冠军|荣获", re.I)


def _brief_corpus(brief: Brief) -> str:
    p, persona = brief.product, brief.persona
    parts = [p.name, p.description, *p.features, p.price or "", p.offer or "", brief.cta or "", p.url or "",
             persona.name or "", *persona.pain_points, *persona.interests]
    return " ".join(parts)


def check_facts(script: Script, brief: Brief) -> list[str]:
    """Numbers, prices and awards in the script must come from the brief."""
    corpus = _brief_corpus(brief)
    corpus_numbers = set(re.findall(r"\d+(?:\.\d+)?", corpus))
    problems = []
    for i, sc in enumerate(script.scenes):
        if sc.kind == "disclosure":
            continue
        for text in filter(None, (sc.narration, sc.on_screen)):
            for num in re.findall(r"\d+(?:\.\d+)?", text):
                if num not in corpus_numbers:
                    problems.append(f"scenes[{i}]: number {num!r} is not in the brief")
            for m in AWARD_WORDS.finditer(text):
                if m.group(0).lower() not in corpus.lower():
                    problems.append(f"scenes[{i}]: {m.group(0)!r} (an award or certification) is not in the brief")
    return problems
