"""What every model-backed writer shares: the prompt, parsing the answer, deterministic repairs."""

from __future__ import annotations

import json
import re

from pydantic import ValidationError

from pipeline.backends.llm.base import SpeechEstimate
from pipeline.errors import LLMError
from pipeline.model.brief import Brief
from pipeline.model.script import Pacing, Script, ScriptScene

STYLE = {
    "high": {"zh": "短句、有冲击力，每句不超过14个字", "en": "short punchy lines, at most 9 words each"},
    "medium": {"zh": "清楚自然，每句不超过20个字", "en": "clear, natural lines, at most 14 words each"},
    "calm": {"zh": "语速放慢、亲切清楚，用“您”，每句可到28个字，逐条介绍卖点",
             "en": "calm, warm, clear sentences of up to 20 words, one selling point each"},
}
KINDS = ["hook", "pain", "proof", "feature", "offer", "cta"]


def scene_count(pacing: Pacing, budget_s: float) -> int:
    """How many spoken lines fit: fast personas get more, shorter lines."""
    per_line = {"high": 2.6, "medium": 3.6, "calm": 5.0}[pacing.energy]
    return max(3, min(12, round(budget_s / per_line)))


def build_messages(brief: Brief, pacing: Pacing, budget_s: float) -> list[dict]:
    """Chat messages asking for a JSON script built only from the brief's facts."""
    p, persona = brief.product, brief.persona
    lang = brief.lang
    facts = {
        "product_name": p.name, "description": p.description, "features": p.features, "price": p.price,
        "offer": p.offer, "call_to_action": brief.cta, "audience": persona.name, "age_range": persona.age_range,
        "pain_points": persona.pain_points, "interests": persona.interests, "tone": persona.tone,
    }
    facts = {k: v for k, v in facts.items() if v}
    n = scene_count(pacing, budget_s)
    language = "Simplified Chinese" if lang == "zh" else "English"
    system = ("You write short video ad scripts. Use only facts given in the brief: never invent numbers, prices, "
              "awards, certifications or health claims. Never use absolute claims (best, #1, 最, 第一, 国家级) or "
              "guarantees. Answer with JSON only.")
    user = (f"Brief (JSON): {json.dumps(facts, ensure_ascii=False)}\n\n"
            f"Write a {round(budget_s)}-second ad in {language} with exactly {n} scenes, {STYLE[pacing.energy][lang]}. "
            f"Order: a hook, then pain point or product, then selling points, then the offer, and last the call to action"
            f"{' (use it word for word)' if brief.cta else ''}. Say the product name at least once.\n"
            'Answer as {"scenes": [{"kind": "hook|pain|proof|feature|offer|cta", "narration": "spoken sentence", '
            '"on_screen": "short headline or null"}]}')
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]


def repair_prompt(previous: str, problem: str) -> dict:
    return {"role": "user", "content": f"That answer was not usable ({problem}). Answer again with only the JSON "
                                       f'object {{"scenes": [...]}} as asked.'}


def extract_json(text: str) -> dict:
    """The first JSON object in a model's answer (code fences and chatter around it are ignored)."""
    text = re.sub(r"```(?:json)?", "", text)
    start = text.find("{")
    while start != -1:
        depth = 0
        for i in range(start, len(text)):
            if text[i] == "{":
                depth += 1
            elif text[i] == "}":
                depth -= 1
                if depth == 0:
                    try:
                        return json.loads(text[start:i + 1])
                    except json.JSONDecodeError:
                        break
        start = text.find("{", start + 1)
    raise LLMError("no JSON object in the answer")


def to_script(data: dict, brief: Brief, pacing: Pacing, writer: str, notes: list[str]) -> Script:
    """Validate a model's JSON and make the deterministic repairs: kinds, CTA last, name present."""
    raw = data.get("scenes") if isinstance(data, dict) else None
    if not isinstance(raw, list) or not raw:
        raise LLMError('answer has no "scenes" list')
    scenes = []
    for i, s in enumerate(raw):
        if not isinstance(s, dict) or not str(s.get("narration", "")).strip():
            raise LLMError(f"scene {i} has no narration")
        kind = s.get("kind") if s.get("kind") in KINDS else ("hook" if i == 0 else "feature")
        on_screen = s.get("on_screen") if isinstance(s.get("on_screen"), str) and s.get("on_screen").strip() else None
        try:
            scenes.append(ScriptScene(kind=kind, narration=str(s["narration"]).strip(), on_screen=on_screen))
        except ValidationError as e:
            raise LLMError(f"scene {i}: {e.errors()[0]['msg']}") from None
    cta = brief.cta
    if cta and scenes[-1].narration.strip() != cta.strip():
        scenes = [s for s in scenes if s.kind != "cta"] + [ScriptScene(kind="cta", narration=cta, on_screen=cta)]
        notes.append("call to action set to the brief's words")
    elif scenes[-1].kind != "cta":
        scenes[-1] = scenes[-1].model_copy(update={"kind": "cta"})
    first = scenes[0]
    if first.on_screen is None:
        scenes[0] = first.model_copy(update={"on_screen": brief.product.name})
    n_img = len(brief.product.images)
    if n_img:
        scenes = [s if s.kind in ("offer", "cta") else s.model_copy(update={"image_index": i % n_img})
                  for i, s in enumerate(scenes)]
    return Script(language=brief.lang, scenes=scenes, pacing=pacing, target_s=brief.effective_duration_s(),
                  writer=writer, notes=notes)


def trim_to_budget(script: Script, estimate: SpeechEstimate, budget_s: float) -> Script:
    """Drop middle lines (last selling points first) until the estimated speech fits."""
    scenes = list(script.scenes)
    notes = list(script.notes)

    def total(ss):
        return sum(estimate(s.narration) for s in ss) + script.pacing.sentence_pause_s * (len(ss) - 1)

    order = ("proof", "pain", "feature")
    while total(scenes) > budget_s and len(scenes) > 2:
        victims = [i for i, s in enumerate(scenes) if s.kind in order and 0 < i < len(scenes) - 1]
        if not victims:
            break
        i = max(victims)
        notes.append(f"left out to fit the duration: {scenes[i].narration}")
        del scenes[i]
    return script.model_copy(update={"scenes": scenes, "notes": notes})
