"""The built-in copywriter: hook -> pain -> features -> offer -> call to action.

It needs no model. Every sentence is a phrase template from templates/copy/
filled with the brief's own words, so it cannot invent numbers, prices or awards.
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import yaml

from pipeline.backends.llm.base import SpeechEstimate
from pipeline.model.brief import Brief
from pipeline.model.script import Pacing, Script, ScriptScene
from pipeline.resources import templates_dir

VARIATION_STEP = 7919  # seed stride a campaign uses to ask for a differently-led variant
SENTENCE_END = re.compile(r"(?<=[。！？!?；;])|(?<=\.)\s+")
CLAUSE = re.compile(r"[，,、；;。.!！?？]\s*")


@lru_cache(maxsize=None)
def phrases(lang: str) -> dict:
    """Phrase templates for one language."""
    with open(templates_dir() / "copy" / f"{lang}.yaml", encoding="utf-8") as f:
        return yaml.safe_load(f)


def speakable(text: str) -> str:
    """Drop emoji and other symbols a voice cannot read; collapse whitespace."""
    out = "".join(ch for ch in text if unicodedata.category(ch) not in ("So", "Cs", "Co") and ord(ch) < 0x1F000)
    return re.sub(r"\s+", " ", out).strip()


def _strip_end(text: str) -> str:
    return text.strip().rstrip("。.!！?？;；,，、 ")


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def _lower_first(text: str) -> str:
    # "Active noise cancelling" -> "active noise cancelling", but keep "IPX5", "ANC".
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text


@dataclass
class _Candidate:
    scene: ScriptScene
    priority: float  # lower = more important; 0 = never dropped


class BuiltinCopywriter:
    name = "builtin"
    offline = True

    def __init__(self, **_: object):
        pass

    def cache_key(self) -> list:
        return ["builtin", 1]

    def write(self, brief: Brief, pacing: Pacing, speech_budget_s: float, estimate: SpeechEstimate) -> Script:
        lang = brief.lang
        rng = random.Random(f"{brief.seed}:{brief.product.name}")
        p = phrases(lang)
        energy = pacing.energy
        product = brief.product
        persona = brief.persona
        notes: list[str] = []
        n_images = len(product.images)
        image_cursor = iter(range(10**6))

        def pick(section: str, key: str | None = None) -> str:
            options = p[section][key][energy] if key else p[section][energy]
            return rng.choice(options)

        def fill(template: str, **values: str) -> str:
            values.setdefault("name", product.name)
            values.setdefault("persona", persona.name or "")
            for k in list(values):
                values[_cap(k)] = _cap(values[k]) if lang == "en" else values[k]
            return speakable(template.format(**values))

        def next_image() -> int | None:
            return next(image_cursor) % n_images if n_images else None

        facts = [_strip_end(s) for s in SENTENCE_END.split(product.description) if _strip_end(s)]
        features = [_strip_end(f) for f in product.features]
        if not features:
            # No listed selling points: use the description's own clauses, in order.
            clauses = [c for c in (_strip_end(x) for x in CLAUSE.split(product.description)) if 2 <= len(c) <= 40]
            intro = facts[0] if facts else ""
            # the first sentence is spoken as the intro: don't repeat its clauses as features
            features = [c for c in clauses if c not in intro] or clauses
            notes.append("no features given: selling points taken from the description's clauses")
        pains = [_strip_end(x) for x in persona.pain_points]
        # Never repeat a risky claim from the brief: lines with absolute, medical or guarantee terms
        # or personal data are left out, and the notes say which and why.
        facts = self._screened(facts, brief, notes)
        features = self._screened(features, brief, notes)
        pains = self._screened(pains, brief, notes)

        cands: list[_Candidate] = []
        # Hook
        style = brief.hook_style
        if pains and style in (None, "pain"):
            hook = fill(pick("hook", "pain"), pain=pains[0] if lang == "zh" else _lower_first(pains[0]))
        elif persona.name and style in (None, "persona", "pain"):
            hook = fill(pick("hook", "persona"))
        else:
            hook = fill(pick("hook", "plain"))
        # The hook shows the product name on screen, so the brand is present even in a 6-second cut.
        cands.append(_Candidate(ScriptScene(kind="hook", narration=hook, on_screen=product.name,
                                            image_index=next_image()), 0))
        # Product intro from the description's first fact
        if facts:
            fact = facts[0]
            if estimate(fact) > speech_budget_s * 0.35:
                fact = _strip_end(CLAUSE.split(fact)[0])
            intro = fill(pick("intro"), fact=fact + ("。" if lang == "zh" else "."))
            cands.append(_Candidate(ScriptScene(kind="proof", narration=intro, on_screen=product.name,
                                                image_index=next_image()), 3))
        # Second pain point
        for i, pain in enumerate(pains[1:3]):
            line = fill(pick("pain"), pain=pain if lang == "zh" else _lower_first(pain))
            cands.append(_Candidate(ScriptScene(kind="pain", narration=line, image_index=next_image()), 4 + i))
        # Features, most important first. A campaign's re-seeded variant (seed + k * VARIATION_STEP)
        # leads with a different selling point, so same-product variants do not read alike.
        turn = (brief.seed // VARIATION_STEP) % len(features) if features else 0
        features = features[turn:] + features[:turn]
        for i, feat in enumerate(features):
            tmpl = pick("feature_first") if i == 0 else pick("feature_next")
            line = fill(tmpl, feature=feat if lang == "zh" else _lower_first(feat))
            cands.append(_Candidate(ScriptScene(kind="feature", narration=line, on_screen=feat,
                                                image_index=next_image()), 1 if i == 0 else 2 + i * 0.5))
        # Offer / price
        offer_in_cta = bool(product.offer and brief.cta and _strip_end(product.offer) in brief.cta)
        if product.price and product.offer and not offer_in_cta:
            line = fill(pick("price_offer"), price=product.price, offer=_strip_end(product.offer))
        elif product.price:
            line = fill(pick("price_only"), price=product.price)
        elif product.offer and not offer_in_cta:
            line = fill(pick("offer_only"), offer=_strip_end(product.offer))
        else:
            line = ""
        if line:
            on_screen = " ".join(x for x in (product.price, product.offer) if x)
            cands.append(_Candidate(ScriptScene(kind="offer", narration=line, on_screen=on_screen), 0.5))
        # Call to action
        cta = speakable(brief.cta) if brief.cta else fill(pick("cta_default"))
        cands.append(_Candidate(ScriptScene(kind="cta", narration=cta, on_screen=brief.cta or cta), 0))

        chosen = self._fit(cands, speech_budget_s, estimate, pacing, notes)
        return Script(language=lang, scenes=[c.scene for c in chosen], pacing=pacing,
                      target_s=brief.effective_duration_s(), writer=self.name, notes=notes)

    @staticmethod
    def _screened(lines: list[str], brief: Brief, notes: list[str]) -> list[str]:
        from pipeline.stages.compliance import screen_line

        kept = []
        for line in lines:
            hits = screen_line(line, brief)
            if hits:
                what = "personal data" if hits[0].family == "privacy" else f"a {hits[0].family} claim"
                notes.append(f"left out {line!r}: {hits[0].text!r} is {what} ({hits[0].basis.split(':')[0]})")
            else:
                kept.append(line)
        return kept

    @staticmethod
    def _fit(cands: list[_Candidate], budget_s: float, estimate: SpeechEstimate, pacing: Pacing,
             notes: list[str]) -> list[_Candidate]:
        """Drop the least important lines until the estimated speech fits the budget."""
        chosen = list(cands)

        def total(cs):
            return sum(estimate(c.scene.narration) for c in cs) + pacing.sentence_pause_s * (len(cs) - 1)

        while total(chosen) > budget_s:
            droppable = [c for c in chosen if c.priority > 0]
            if not droppable:
                break
            worst = max(droppable, key=lambda c: c.priority)
            chosen.remove(worst)
            notes.append(f"left out to fit the duration: {worst.scene.narration}")
        return chosen
