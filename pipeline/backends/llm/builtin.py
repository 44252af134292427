"""The built-in copywriter: proven ad structure from a grammar of templates, filled with the brief's words.

    hook (pain, persona, benefit, number, scenario or plain)
      -> the product named aloud with what it is (always the first or second sentence)
      -> selling points, grouped and joined differently each time, with a second pain point and
         more of the description when there is room
      -> the offer told as one story (list price -> deal price)
      -> a call to action that fits what is sold

It needs no model. Every phrase comes from templates/copy/<lang>.yaml and every fact from the brief,
so it cannot invent numbers, prices or awards. Each phrase of the brief is classified by its
grammatical form first (noun phrase, verb phrase, clause, first-person sentence, question), and only
templates that take that form are used. Lines are dropped to fit the time in a fixed order of
importance; the name, the core message, the offer and the call to action are never dropped.
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass, field

from pipeline.backends.llm.base import SpeechEstimate
from pipeline.copy.grammar import cta_category, grammar, mentions, opener, where
from pipeline.copy.offers import AMOUNT, amounts, bare_price, has_deadline, read_offer, starts_with_amount, value
from pipeline.copy.selling import hook_benefit, hook_number, point_kind, ranked
from pipeline.copy.phrases import (cap_first, classify, classify_en, is_fragment, lower_first, spoken_name, strip_end,
                                   strip_marker, to_second_person, with_article)
from pipeline.model.brief import Brief
from pipeline.model.script import Pacing, Script, ScriptScene

VARIATION_STEP = 7919  # seed stride a campaign uses to ask for a differently-led variant
SENTENCE_END = re.compile(r"(?<=[。！？!?；;])|(?<=[.])\s+(?=[A-Z0-9\"“])")
# clause boundaries; a comma or colon inside a number (1,000 / 10:30) is not one
CLAUSE = re.compile(r"[，、；;：]\s*|(?:(?<!\d)[,:]|[,:](?!\d))\s*|\s[—–-]\s")
CLAUSE_CORE_ZH = re.compile(r"[，；;：]\s*|(?:(?<!\d)[,:]|[,:](?!\d))\s*|\s[—–-]\s")
EN_CUT = re.compile(r"\s(?=(?:with|for|that|which|so|who|where|while)\s)")   # where an English head may end
EN_LIST = re.compile(r"\b(?:and|or|&)\b")
CLAUSE_JA = re.compile(r"[；;：:]\s*|\s[—–-]\s")   # 、 runs inside Japanese phrases: not a clause boundary
PAST_STATES = {"forgot", "missed", "lost", "broke", "spent", "ran", "got", "left", "burned", "burnt", "locked",
               "overcharged"}
HOOK_KINDS = ("pain", "persona", "benefit", "number", "scenario", "plain")
BUMPER_S = 10.0   # ads this short keep their hook and say only the product's name


def phrases(lang: str) -> dict:
    """The copy grammar of one language (kept under this name for the label texts)."""
    return grammar(lang)


def speakable(text: str) -> str:
    """Drop emoji, bullets and other symbols a voice cannot read; a space between Chinese words (a pasted
    list: "刻字免费 顺丰包邮") becomes a comma; collapse whitespace."""
    out = "".join(ch for ch in text if (unicodedata.category(ch) not in ("So", "Cs", "Co") or ch in "°℃℉"
                                         or "\u3380" <= ch <= "\u33df")                      # ㎡ ㎏ ㎝ are units
                  and ord(ch) < 0x1F000 and ch not in "\ufe0f\ufe0e\u200d")
    out = re.sub(r"\s*[•●▪■◆◇]\s*", " ", out)
    out = re.sub(r"\s+[|｜·]\s+", "。" if re.search(r"[\u4e00-\u9fff]", out) else ". ", out)
    out = re.sub(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])", "，", out)
    return re.sub(r"\s+", " ", out).strip()


@dataclass
class _Item:
    """One piece of material the script may use, in narrative order."""

    role: str                  # hook, intro, feature, pain, extra, persona, recap, offer, cta
    priority: float            # lower = more important; 0 = never dropped
    text: str = ""
    form: str = ""
    order: int = 0
    answer: str = ""           # a pain: the selling point that answers it, said with it


@dataclass
class _Composer:
    """Turns kept material into sentences; one instance per composition, so picks are reproducible."""

    lang: str
    energy: str
    rng: random.Random
    values: dict
    corpus: str
    used: set = field(default_factory=set)
    openers: set = field(default_factory=set)
    features_said: int = 0
    proper: frozenset = frozenset()     # words the brief capitalises mid-sentence: names, never lower-cased
    feature_lines: int = 0
    said: set = field(default_factory=set)   # selling points already said
    hook_swapped: bool = False               # the hook asked for was too long: the persona call-out stands in

    def options(self, *path: str) -> list[str]:
        node = grammar(self.lang)
        for key in path:
            node = node.get(key, {}) if isinstance(node, dict) else {}
        opts = node.get(self.energy, []) if isinstance(node, dict) else []
        out = []
        for o in opts:
            if isinstance(o, dict):
                # requires: any of the words; requires_all: one word of every group
                groups = ([o["requires"]] if "requires" in o else []) + o.get("requires_all", [])
                if not all(any(mentions(w, self.corpus) for w in g) for g in groups):
                    continue
                o = o["text"]
            out.append(o)
        return out

    def lower(self, text: str) -> str:
        """English: the first letter lower-cased for the middle of a sentence, unless it starts a name."""
        return lower_first(text, self.proper) if self.lang == "en" else text

    def pick(self, *path: str, strict: bool = False, plain_opening: bool = False, avoid: str = "") -> str | None:
        """A template not used yet in this script whose opening connector is not used yet either.

        strict: None rather than a repeat (for optional lines, which are then left out).
        plain_opening: only templates that do not open with a connector (the first of its kind: "还有，…"
        before anything was said sounds wrong). avoid: leave out templates containing these characters.
        """
        opts = self.options(*path)
        if plain_opening and any(not self._connected(o) for o in opts):
            opts = [o for o in opts if not self._connected(o)]
        if avoid and any(not set(avoid) & set(o) for o in opts):
            opts = [o for o in opts if not set(avoid) & set(o)]
        fresh = [o for o in opts if o not in self.used and not (self._openers(o) & self.openers)]
        if strict and not fresh:
            return None
        pool = fresh or [o for o in opts if o not in self.used] or opts
        if not pool:
            return None
        choice = self.rng.choice(pool)
        self.used.add(choice)
        self.openers |= self._openers(choice)
        return choice

    def _connected(self, template: str) -> bool:
        """Whether a template joins its line to something said before ("还有，…", "…, too")."""
        return (opener(template.split("{")[0] or "-", self.lang) is not None
                or re.search(r"\btoo\b|\balso\b|也|还", template.split("}")[-1]) is not None)

    def shortest(self, *path: str) -> str | None:
        """The shortest template (filled with the name it is the same length for every option)."""
        opts = self.options(*path)
        if not opts:
            return None
        choice = min(opts, key=lambda o: len(self.fill(o)))
        self.used.add(choice)
        return choice

    def _openers(self, template: str) -> set[str]:
        """Connectors and literal two-word (zh: three-character) openings of the template's sentences."""
        out = set()
        # a quoted placeholder ends a sentence of its own: '"{Pain}" Not anymore.' opens "Not anymore."
        parts = re.split(r"(?<=[。！？!?.])\s*|(?<=\}[\"”])\s+", template)
        for x in parts:
            x = x.strip().lstrip("\"“")
            if not x:
                continue
            if opener(x, self.lang):
                out.add(opener(x, self.lang))
            if not x.startswith("{"):
                head = x.split("{")[0]
                key = head[:3] if self.lang != "en" else " ".join(re.findall(r"[a-z']+", head.lower())[:2])
                if len(key) >= 2:
                    out.add("head:" + key)
        return out

    def fill(self, template: str, **values: str) -> str:
        vals = {**self.values, **values}
        for k in list(vals):
            v = vals[k] or ""
            vals[k[:1].upper() + k[1:]] = cap_first(v) if self.lang == "en" else v
        text = template.format(**vals)
        name = self.values.get("name") or ""
        if self.lang == "en" and name.startswith("The "):
            # "This is the Everyday Chelsea Boot", not "This is The Everyday..."
            text = re.sub(rf"(?<=[a-z,;:] ){re.escape(name)}", "the " + name[4:], text)
        if self.lang == "en":
            text = re.sub(r"([.?!])\.", r"\1", text)          # "...?." -> "...?"
            text = re.sub(r"\.\s*\.", ".", text)
            text = cap_first(text)
        else:
            text = re.sub(r"([。！？])[。！]", r"\1", text)
            text = re.sub(r"！！", "！", text).replace("还有有", "还有").replace("还有还有", "还有")
            text = text.replace("的的时候", "的时候").replace("了了", "了")
        return speakable(text)


class BuiltinCopywriter:
    name = "builtin"
    offline = True

    def __init__(self, **_: object):
        pass

    def cache_key(self) -> list:
        return ["builtin", 18]

    # ------------------------------------------------------------------ material

    def _material(self, brief: Brief, budget_s: float, estimate: SpeechEstimate, notes: list[str]) -> dict:
        lang = brief.lang
        p, persona = brief.product, brief.persona
        name = spoken_name(p.name)
        description = re.sub(r"\s*[\U0001F000-\U0001FFFF\u2600-\u27BF]+\ufe0f?\s+(?=[A-Z])", ". ", p.description)
        # an emoji between Chinese words ends a sentence there too ("周末还给你😎 8000Pa大吸力")
        description = re.sub(r"(?<=[\u4e00-\u9fff])\s*[\U0001F000-\U0001FFFF\u2600-\u27BF]+\ufe0f?\s*(?=[\w\u4e00-\u9fff])",
                             "。", description)
        sentences = [strip_end(s) for s in _sentences(description) if strip_end(s)]
        sentences = [s for s in (_without_registration(x) for x in sentences) if s]
        sentences = self._screened(sentences, brief, notes)
        # a description that opens with a question or a short exclamation ("Cracked screen?", "租房党的噩梦！")
        # says what the product is next; a setup before a colon ("租房党的噩梦：半夜开灯满地蟑螂") is not it either
        while len(sentences) > 1 and (sentences[0].rstrip().endswith(("?", "？")) or _setup(sentences[0], name)
                                      or CALL_OUT.search(sentences[0]) or LEANS_BACK.match(sentences[0])):
            sentences = sentences[1:]
        if sentences:
            sentences[0] = _without_setup(sentences[0], name)
        # a two-word tagline ("One bottle.") does not say what the product is: it goes with the next sentence
        while len(sentences) > 1 and (len(sentences[0].split()) <= 5 if lang == "en" else
                                      len(re.sub(r"[\W_]", "", sentences[0])) < 8):
            joiner = ". " if lang == "en" else "，"
            sentences = [sentences[0] + joiner + sentences[1], *sentences[2:]]
        core, core_short = _core(sentences[0] if sentences else "", lang,
                                 lambda text: estimate(text) <= budget_s * 0.25, name)
        core, core_short = (self._speakable_clauses(x, lang, brief, notes) for x in (core, core_short))
        extras = [s for s in sentences[1:] if s and s not in core]
        features = [strip_end(strip_marker(f)) for f in p.features if strip_end(strip_marker(f))]
        features = [f for f in (_without_registration(x) for x in features) if f]
        if not features and sentences:
            clauses = [c for c in (strip_end(x) for x in (CLAUSE_JA if lang == "ja" else CLAUSE).split(" ".join(sentences[1:]) if lang == "en"
                                                                       else {"ja": "、"}.get(lang, "，").join(sentences[1:]))) if c]
            features = [c for c in clauses if 2 <= len(c) <= 40 and c not in core and is_fragment(c, lang)]
            if features:
                notes.append("no features given: selling points taken from the description's clauses")
                extras = [s for s in extras if not any(f in s for f in features)]
        features = self._screened(features, brief, notes)
        # a selling point the core, the price or the offer already says is not said twice
        deal = " ".join(x for x in (p.price, p.offer) if x)
        deal_values = {value(a) for a in amounts(deal)}
        features = [f for f in features if not _said_in(f, core, lang) and not (deal and _said_in(f, deal, lang))
                    and not (point_kind(f, lang) == "price" and {value(a) for a in amounts(f)} & deal_values)]
        fluff = [f for f in features if point_kind(f, lang) == "fluff"]
        if fluff:
            notes.append(f"left out as saying nothing specific: {', '.join(repr(f) for f in fluff)}")
        features = ranked([f for f in features if f not in fluff], lang)
        # a selling point the voice would misread (a code, a unit or shorthand no rule knows) stays on screen
        features = self._speakable_only(features, lang, brief, notes)
        # a description sentence that repeats a selling point adds nothing
        extras = [e for e in extras if not any(_said_in(f, e, lang) for f in features)]
        extras = self._speakable_only(extras, lang, brief, notes)
        pains = self._screened([strip_end(strip_marker(x)) if not x.strip().endswith(("?", "？"))
                                else strip_marker(x) for x in persona.pain_points], brief, notes)
        feared = [x for x in pains if FEAR.search(x)]
        if feared:
            notes.append(f"not said back to the viewer (a fear for life or health): {', '.join(map(repr, feared))}")
            pains = [x for x in pains if x not in feared]
        return {"name": name, "core": core, "core_short": core_short, "extras": extras, "features": features,
                "pains": pains}

    @staticmethod
    def _speakable_clauses(line: str, lang: str, brief: Brief, notes: list[str]) -> str:
        """The core message without the clauses a voice would misread ("600 mm/s print speed" and the like);
        the line as it is when every clause would be misread or none is."""
        from pipeline.copy.spoken import spoken_residue, to_spoken

        if not line or not spoken_residue(to_spoken(line, lang, brief.pronounce), lang):
            return line
        parts = _clauses(line, lang)
        kept = [c for c in parts if not spoken_residue(to_spoken(c, lang, brief.pronounce), lang)]
        if not kept or len(kept) == len(parts):
            return line
        notes.append(f"left out of {line!r}: what the voice would misread ("
                     f"{', '.join(repr(c) for c in parts if c not in kept)}); add it to the brief's pronounce")
        return (", " if lang == "en" else "，").join(kept)

    @staticmethod
    def _speakable_only(lines: list[str], lang: str, brief: Brief, notes: list[str]) -> list[str]:
        """The lines whose spoken form has nothing a voice would misread; the others are noted and left out
        (the brief's pronounce entries are applied first, so a user can make any of them sayable)."""
        from pipeline.copy.spoken import spoken_residue, to_spoken

        kept = []
        for line in lines:
            left = spoken_residue(to_spoken(line, lang, brief.pronounce), lang)
            if left:
                notes.append(f"left out {line!r}: the voice would misread {', '.join(repr(x) for x in dict.fromkeys(left))}"
                             " (add it to the brief's pronounce to have it said)")
            else:
                kept.append(line)
        return kept

    @staticmethod
    def _screened(lines: list[str], brief: Brief, notes: list[str]) -> list[str]:
        """The brief's lines without what the claim lint flags: only the clause that holds a flagged word
        goes when the rest still says something ("保本保息，专为长者设计的稳健理财" keeps its second half);
        a line with nothing left goes whole."""
        from pipeline.stages.compliance import without_flagged_clauses

        kept = []
        for line in lines:
            rest, hits = without_flagged_clauses(line, brief)
            if not hits:
                kept.append(line)
                continue
            what = "personal data" if hits[0].family == "privacy" else f"a {hits[0].family} claim"
            rest = strip_end(rest)
            if brief.lang == "en":       # a sentence whose first clause went starts with a capital again
                rest = re.sub(r"(^|[.!?]\s+)([a-z])", lambda mm: mm.group(1) + mm.group(2).upper(), rest)
            if len(re.sub(r"[\W_]", "", rest)) >= (4 if brief.lang != "en" else 12):
                notes.append(f"left out of {line!r}: {hits[0].text!r} is {what} ({hits[0].basis.split(':')[0]})")
                kept.append(rest)
            else:
                notes.append(f"left out {line!r}: {hits[0].text!r} is {what} ({hits[0].basis.split(':')[0]})")
        return kept

    # ------------------------------------------------------------------ writing

    def write(self, brief: Brief, pacing: Pacing, speech_budget_s: float, estimate: SpeechEstimate) -> Script:
        lang = brief.lang
        notes: list[str] = []
        m = self._material(brief, speech_budget_s, estimate, notes)
        energy = pacing.energy
        # A campaign's re-seeded variant (seed + k * VARIATION_STEP) leads with a different selling point.
        feats = m["features"]
        turn = (brief.seed // VARIATION_STEP) % len(feats) if feats else 0
        feats = feats[turn:] + feats[:turn]

        items: list[_Item] = []
        hook_kind = self._hook_kind(brief, m, feats, notes)
        # A bumper (<= 10 s) keeps its hook whatever it costs (an A/B test of hooks needs it) and names the
        # product without its description; a longer ad drops the hook only when the name, core, offer and
        # call to action leave no room even with the voice 15% faster.
        bumper = brief.effective_duration_s() <= BUMPER_S
        # a hook asked for (a campaign's hook axis) is what the A/B test compares: it stays, like a bumper's
        requested = brief.hook_style == hook_kind
        if not (bumper and hook_kind == "plain"):      # a bumper's plain hook would only say the name twice
            items.append(_Item("hook", 0 if bumper or requested else 0.9, form=hook_kind))
        if hook_kind in ("benefit", "number"):
            lead = (hook_benefit if hook_kind == "benefit" else hook_number)(feats, lang)
            m = {**m, "hook_feature": lead}
            feats = [f for f in feats if f != lead]
        # a plain hook already names the product: in a bumper the name-only intro is the first thing to go;
        # a bumper says what the product is in its shortest form when that fits (shortened further below)
        items.append(_Item("intro", 0, text=m["core_short"] if bumper else m["core"]))
        feature_priority = [1, 2, 4, 5, 7, 8, 9, 10]
        for i, f in enumerate(feats):
            items.append(_Item("feature", feature_priority[min(i, 7)], text=f, order=i))
        pains = m["pains"][1:] if hook_kind in ("pain", "scenario") else m["pains"]
        for i, pain in enumerate(pains[:2]):
            # a pain with the selling point that answers it is said with it ("Chunks? A 1500-watt motor.") and
            # weighs as much as that selling point
            answer = next((f for f in feats if _answers(pain, f, lang)), "")
            if answer:
                k = feats.index(answer)
                feats = [f for f in feats if f != answer]
                items = [it for it in items if it.text != answer]
                items.append(_Item("pain", feature_priority[min(k, 7)] - 0.1, text=pain, form=classify(pain, lang),
                                   answer=answer))
            # without an answer a second pain is left out: "Not anymore" / "这回不怕了" would be the template's
            # promise, not the brief's (a pass guarantee for a driving school, a cure for a food)
        for i, e in enumerate(m["extras"][:3]):
            items.append(_Item("extra", 4.5 + i * 1.5, text=e))
        if brief.persona.name and hook_kind != "persona":
            items.append(_Item("persona", 6.5, text=brief.persona.name))
        items.append(_Item("recap", 5.5))
        offer = read_offer(brief.product.price, brief.product.offer)
        offer_in_cta = bool(brief.product.offer and brief.cta and (
            strip_end(brief.product.offer) in brief.cta
            or set(re.findall(r"\d+(?:\.\d+)?%?", brief.product.offer)) & set(re.findall(r"\d+(?:\.\d+)?%?", brief.cta))))
        if offer_in_cta and offer.kind == "price_offer":
            offer = read_offer(brief.product.price, None)     # the call to action carries the offer: say it once
        if offer.kind != "none" and not (offer.kind == "offer" and offer_in_cta):
            # when the call to action already carries the offer, the price line may go in a bumper
            # in a bumper the price line goes before the ad runs long (the end card still shows the name)
            items.append(_Item("offer", 0.8 if bumper else 0))
        items.append(_Item("cta", 0))

        kept = list(items)
        compact: set[str] = set()
        corpus = _brief_text(brief).lower()
        base_values = {"name": m["name"], "persona": brief.persona.name or "", "where": where(brief)}

        last: list[_Composer] = []

        def compose(kept_items: list[_Item]) -> list[ScriptScene]:
            # variants that differ in hook or audience also differ in the words around it
            rng = random.Random(f"{brief.seed}:{brief.product.name}:{hook_kind}:{brief.persona.name}")
            c = _Composer(lang, energy, rng, dict(base_values), corpus, proper=_proper_words(brief))
            last[:] = [c]
            return self._compose(kept_items, c, brief, m, feats, offer, hook_kind, compact)

        def total(scenes: list[ScriptScene]) -> float:
            return sum(estimate(s.narration) for s in scenes) + pacing.sentence_pause_s * (len(scenes) - 1)

        scenes = compose(kept)
        while total(scenes) > speech_budget_s:
            droppable = [it for it in kept if it.priority > 0]
            if not droppable:
                if total(scenes) <= speech_budget_s * 1.15:
                    break          # the voice may speed up 15% before the fixed lines lose their words
                if self._shorten(kept, compact, m, bumper, notes):
                    scenes = compose(kept)
                    continue
                break
            worst = max(droppable, key=lambda it: (it.priority, it.order))
            if worst.role == "hook" and total(scenes) <= speech_budget_s * 1.15:
                break      # the voice may speed up 15%: a hook is worth that before it is worth dropping
            if worst.priority < 1 and self._shorten(kept, compact, m, bumper, notes):
                scenes = compose(kept)            # shorter core, call to action and offer before the hook goes
                continue
            kept.remove(worst)
            notes.append(f"left out to fit the duration: {worst.role} {worst.text!r}" if worst.text
                         else f"left out to fit the duration: the {worst.role} line")
            scenes = compose(kept)
        for it in sorted((it for it in items if it not in kept), key=lambda it: (it.priority, it.order)):
            trial = [x for x in items if x in kept or x is it]
            trial_scenes = compose(trial)
            if total(trial_scenes) <= speech_budget_s:
                kept, scenes = trial, trial_scenes
                notes[:] = [n for n in notes if not (it.text and repr(it.text) in n) and
                            n != f"left out to fit the duration: the {it.role} line"]
        scenes = compose(kept)
        if last and last[0].hook_swapped:
            notes.append(f"the {hook_kind} hook was too long to say in the first seconds: the audience call-out "
                         "opens the ad instead")
        scenes = place_images(scenes, len(brief.product.images))
        return Script(language=lang, scenes=scenes, pacing=pacing, target_s=brief.effective_duration_s(),
                      writer=self.name, notes=notes)

    @staticmethod
    def _shorten(kept: list[_Item], compact: set[str], m: dict, bumper: bool, notes: list[str]) -> bool:
        """One step of saying the fixed lines shorter, so a short ad keeps its hook: the core message to its
        shortest form, then the shortest call to action, then the offer's deal alone, and last (a bumper) the
        name without what it is. False when nothing is left to shorten."""
        intro = next((it for it in kept if it.role == "intro"), None)
        if intro and intro.text and intro.text != m["core_short"]:
            notes.append(f"core message shortened to fit: {intro.text!r} -> {m['core_short']!r}")
            intro.text = m["core_short"]
            return True
        for step, note in (("cta", "the shortest call to action"), ("offer", "the offer said without the list "
                                                                            "price or the second part")):
            if step not in compact and any(it.role == step for it in kept):
                compact.add(step)
                notes.append(f"shortened to fit: {note}")
                return True
        if bumper and intro and intro.text:
            notes.append(f"a bumper: the product is named without its description ({intro.text!r})")
            intro.text = ""
            return True
        return False

    def _hook_kind(self, brief: Brief, m: dict, feats: list[str], notes: list[str]) -> str:
        lang = brief.lang
        lone_word = bool(m["pains"]) and len(m["pains"][0].split()) == 1 and lang == "en"
        available = {"pain": bool(m["pains"]), "scenario": bool(m["pains"]) and not lone_word,
                     "persona": bool(brief.persona.name), "benefit": hook_benefit(feats, lang) is not None,
                     "number": hook_number(feats, lang) is not None, "plain": True}
        wanted = brief.hook_style
        if wanted and available.get(wanted):
            return wanted
        if wanted:
            notes.append(f"hook_style {wanted!r}: the brief has nothing that makes that hook "
                         f"({'no pain point' if wanted in ('pain', 'scenario') else 'no audience' if wanted == 'persona' else 'no selling point that is a benefit' if wanted == 'benefit' else 'no selling point with a surprising number (a time, a share, a count)'}); "
                         "another kind is used")
        for kind in ("pain", "persona", "benefit", "plain"):
            if available[kind]:
                return kind
        return "plain"

    def _compose(self, items: list[_Item], c: _Composer, brief: Brief, m: dict, feats: list[str], offer,
                 hook_kind: str, compact: set[str] = frozenset()) -> list[ScriptScene]:
        lang = c.lang
        name = m["name"]
        product = brief.product
        scenes: list[ScriptScene] = []
        named_in_hook = False
        i = 0
        while i < len(items):
            it = items[i]
            if it.role == "hook":
                line = self._hook(c, hook_kind, m, feats)
                named_in_hook = _norm(name) in _norm(line)
                scenes.append(ScriptScene(kind="hook", narration=line, on_screen=product.name))
            elif it.role == "intro":
                scenes.append(ScriptScene(kind="intro", narration=self._intro(c, it.text, name, named_in_hook, product.name),
                                          on_screen=product.name))
            elif it.role == "feature":
                group = [it]
                while (i + 1 < len(items) and items[i + 1].role == "feature" and len(group) < self._group_size(c)
                       and is_fragment(items[i + 1].text, lang) and is_fragment(it.text, lang)):
                    i += 1
                    group.append(items[i])
                scenes.append(self._features(c, [g.text for g in group]))
            elif it.role == "pain":
                line = self._pain_answered(c, it.text, it.form, it.answer) if it.answer else \
                    self._pain(c, "pain_more", it.text, it.form)
                if line:
                    scenes.append(ScriptScene(kind="pain", narration=line))
            elif it.role == "extra":
                scenes.append(ScriptScene(kind="proof", narration=_sentence(it.text, lang)))
            elif it.role == "persona":
                t = None if c.hook_swapped else c.pick("persona_line", strict=True)   # said once is enough
                if t:
                    scenes.append(ScriptScene(kind="proof", narration=c.fill(t)))
            elif it.role == "recap":
                t = c.pick("recap", strict=True)
                if t:
                    scenes.append(ScriptScene(kind="proof", narration=c.fill(t), on_screen=product.name))
            elif it.role == "offer":
                scenes.append(ScriptScene(kind="offer", narration=self._offer(c, offer, "offer" in compact),
                                          on_screen=offer.on_screen))
            elif it.role == "cta":
                if brief.cta:
                    cta = speakable(brief.cta)        # the brief's words, word for word
                else:
                    cat = cta_category(brief)
                    t = (c.shortest("cta", cat) if "cta" in compact else c.pick("cta", cat)) or c.pick("cta", "goods")
                    cta = c.fill(t)
                scenes.append(ScriptScene(kind="cta", narration=cta, on_screen=brief.cta or cta))
            i += 1
        return scenes

    @staticmethod
    def _group_size(c: _Composer) -> int:
        """Selling points said in one sentence: two at a time for calm audiences (Japanese: one, in order),
        up to three otherwise."""
        if c.energy == "calm":
            return 1 if c.lang == "ja" else 2
        return 3

    def _hook(self, c: _Composer, kind: str, m: dict, feats: list[str]) -> str:
        lang = c.lang
        if kind in ("pain", "scenario") and m["pains"]:
            pain = m["pains"][0]
            line = self._pain(c, "hook", pain, classify(pain, lang), sub=kind)
            if _too_long_for_a_hook(line, lang) and c.values.get("persona"):
                c.hook_swapped = True
                return c.fill(c.pick("hook", "persona"))   # a long quote would push the name past 5 s
            return line
        if kind == "persona":
            t = c.pick("hook", "persona")
            return c.fill(t)
        if kind == "number":
            return c.fill(c.pick("hook", "number"), fact=strip_end(m["hook_feature"]))
        if kind == "benefit":
            return c.fill(c.pick("hook", "benefit"), benefit=strip_end(m["hook_feature"]))
        return c.fill(c.pick("hook", "plain"))

    def _pain(self, c: _Composer, section: str, pain: str, form: str, sub: str | None = None) -> str:
        lang = c.lang
        path = ("hook", sub) if section == "hook" else (section,)
        if "?" in pain.rstrip()[:-1] or "？" in pain.rstrip()[:-1]:
            # "what's for dinner?? every single night": a question with more after it, asked as written
            pain = re.sub(r"([?？])[?？]+", r"\1", pain)
            pain = re.sub(r"\?\s*([a-z])", lambda mm: "? " + mm.group(1).upper(), pain)
            pain = pain.rstrip(" .。") + ("" if pain.rstrip().endswith(("?", "？")) else "?" if lang == "en" else "？")
            form = "question"
        elif section == "hook" and _uncertain(pain, form, lang) and c.options(*path, "bare"):
            form = "bare"
        if not c.options(*path, form):
            form = "noun" if lang == "en" else "clause"
        t = c.pick(*path, form, strict=section != "hook")
        if t is None:
            return None
        polite = c.energy == "calm"             # a calm script says 您 throughout
        shown = pain.strip() if form == "question" else strip_end(pain)
        if form == "first_person":
            you = to_second_person(strip_end(pain), lang, polite)
            quoted = strip_end(pain) + ("." if lang == "en" else "")
            return c.fill(t, pain=quoted, pain_you=c.lower(you))
        # "coffee stains on my teeth" -> "coffee stains on your teeth"; "Why is my dog itchy?" -> "...your dog..."
        shown = to_second_person(shown, lang, polite)
        if lang == "zh" and section == "pain_more" and form == "verb":
            shown = re.sub(r"^(?:害怕|担心|担忧|怕)", "", shown) or shown     # 不用再担心上当受骗, not 担心怕...
        if form != "question":
            shown = c.lower(shown)
        you = shown
        if form == "state":       # "you forgot Mother's Day again", "you can't read...", "you're worried about scams"
            head = shown.split()[0].lower()
            if head in PAST_STATES or head in ("can't", "cannot", "don't", "won't", "never", "always", "no"):
                you = "you " + shown
            elif not re.match(r"^\S+ (?:feels?|seems?|looks?) ", shown):
                you = "you're " + shown
        return c.fill(t, pain=shown, pain_you=you)

    def _intro(self, c: _Composer, core: str, name: str, named_in_hook: bool, written_name: str = "") -> str:
        lang = c.lang
        if not core:
            return c.fill(c.pick("intro", "name_only"))
        first_word = next((w for w in name.split() if w.lower() not in ("the", "a", "an")), name)
        brand_led = lang == "en" and len(first_word) >= 4 and _norm(core).startswith(_norm(first_word))
        if lang == "zh" and not named_in_hook and _norm(name) not in _norm(core):
            core = _without_brand_again(core, name, written_name)
            if not core:
                return c.fill(c.pick("intro", "name_only"))
        from pipeline.copy.phrases import EN_3SG_VERBS

        if lang == "en" and core.split()[0].lower() in EN_3SG_VERBS and len(core.split()) > 1:
            core = "It " + core[0].lower() + core[1:]       # "hits 950°F in 15 minutes": the product does it
        if _norm(name) in _norm(core) or named_in_hook:
            form = "named"
        elif brand_led:
            form = "sentence"           # "Meet SunPeak Solar. SunPeak designs, permits and installs..." (never cut)
        elif lang == "en" and classify(core, "en") in ("noun", "gerund") and not re.match(
                r"^(a|an|the)\s", core, re.I):
            form = "noun"
        elif lang == "en" and re.match(r"^(a|an|the)\s", core, re.I):
            form = "noun"
        else:
            form = "sentence" if lang == "en" else "noun"
        if lang == "en" and form == "noun" and (":" in core or _imperative(core) or re.match(
                r"^(?:the\s+)?\S+(?:\s\S+)?\s(?:is|are|has|helps|lets|gives|makes)\s", core, re.I)):
            form = "sentence"                   # never two colons: "Meet X. A wine club: 3 bottles..."
        t = c.pick("intro", form, avoid="：:" if "：" in core or ":" in core else "")
        shown = core if form in ("named", "sentence") else c.lower(core)
        if lang == "en" and form == "noun":
            shown = with_article(re.sub(r"^(A|An|The)\s", lambda mm: mm.group(1).lower() + " ", shown))
        return c.fill(t, core=shown)

    def _pain_answered(self, c: _Composer, pain: str, form: str, answer: str) -> str | None:
        """A pain point with the selling point that answers it: "Why does your smoothie have chunks? 1500W
        motor." / "“我家猫把沙发抓得稀烂”？科技布面料防猫抓！"."""
        lang = c.lang
        key = form if form in ("first_person", "question") else "other"
        t = c.pick("pain_answer", key) or c.pick("pain_answer", "other")
        if not t:
            return None
        polite = c.energy == "calm"
        if form == "first_person":
            shown = strip_end(pain) + ("." if lang == "en" else "")
        else:
            shown = to_second_person(pain.strip() if form == "question" else strip_end(pain), lang, polite)
            shown = shown if form == "question" else c.lower(shown)
        return c.fill(t, pain=shown, answer=strip_end(answer))

    def _features(self, c: _Composer, group: list[str]) -> ScriptScene:
        lang = c.lang
        c.said.update(group)
        shown = " · ".join(group)
        first = c.feature_lines == 0
        c.feature_lines += 1
        c.features_said += 1 if len(group) == 1 and not is_fragment(group[0], lang) else 0
        if len(group) == 1 and not is_fragment(group[0], lang):
            return ScriptScene(kind="feature", narration=c.fill(c.pick("features", "sentence"), a=group[0]),
                               on_screen=group[0] if len(group[0]) <= 40 else None)
        if len(group) == 1 and c.energy == "calm" and lang == "ja":
            t = c.options("features", "ordinal")         # まず… 次に…: in order, never at random
            template = t[min(c.features_said, len(t) - 1)]
            c.features_said += 1
            return ScriptScene(kind="feature", narration=c.fill(template, a=group[0]), on_screen=shown)
        key = {1: "one", 2: "two", 3: "three"}[len(group)]
        vals = {k: c.lower(v) for k, v in zip("abc", group)}
        if len(group) == 1 and point_kind(group[0], lang) != "benefit":
            plain = [o for o in c.options("features", "one") if re.fullmatch(r"\{[Aa]\}[。.！!]", o)]
            if plain:
                return ScriptScene(kind="feature", narration=c.fill(plain[0], **vals), on_screen=shown)
        t = c.pick("features", key, strict=True, plain_opening=first) or c.pick("features", "sentence")
        return ScriptScene(kind="feature", narration=c.fill(t, **vals), on_screen=shown)

    def _offer(self, c: _Composer, offer, short: bool = False) -> str:
        """The offer line. short: the deal alone (a list/deal story without its list price), or, for a price
        with an offer, the offer when it ends and the price when it does not."""
        lang = c.lang
        deadline = has_deadline(offer.offer, lang)
        # an offer that already says when ("本周成交…", "五一…") or that tells the viewer what to do ("Save $50
        # this week") takes no "right now" / 现在 in front of it
        if offer.offer and (re.match(r"^(?:save|book|use|get|order|buy|claim|sign|enroll|join|shop|grab|try|"
                                     r"subscribe|spend|bring|show|mention|refer)\b", offer.offer, re.I)
                            or re.match(r"^(?:本周|本月|今天|今日|即日起|限时|周末|双1[12]|五一|七夕|中秋|元旦|春节|"
                                        r"\d+月|前\d+名|下单|购买|新客|老客|首单|会员)", offer.offer)
                            or re.match(r"^[\w\s'’-]{2,24}[:：]\s", offer.offer)):     # "Spring sale: $200 off..."
            deadline = False
        if offer.kind == "list_deal":
            deal = offer.deal
            if lang == "zh" and not re.search(r"只要|仅|才", deal):
                amt = AMOUNT.search(deal)
                if amt:
                    label = amt.group("label") or ""
                    at = amt.start() + len(label)
                    if label in ("现价", "售价", "特价"):          # 原价680，现在只要468元 (not 现在现价)
                        deal, at = deal[:amt.start()] + deal[at:].lstrip(":： "), amt.start()
                    deal = deal[:at] + "只要" + deal[at:]
            t = (c.pick("offer", "deal_only") if short else None) or c.pick("offer", "list_deal")
            line = c.fill(t, price=offer.price, deal=c.lower(deal))
            if offer.extra and not short:
                line = c.fill(line.rstrip("。！.!") + ("，" if lang != "en" else ", and ") + c.lower(offer.extra) +
                              ("." if lang == "en" else "！" if c.energy == "high" else "。"))
            return line
        if offer.kind in ("price_offer", "financing") and short:
            offer = offer.__class__("offer", offer=offer.offer) if deadline else offer.__class__("price", price=offer.price)
        if offer.kind in ("price_offer", "financing"):
            if offer.kind == "financing":
                key = "financing"
            elif not bare_price(offer.price):
                key = "price_words_offer"
            else:
                key = "price_offer" if deadline else "price_plus"
            t = c.pick("offer", key) or c.pick("offer", "price_offer")
            return c.fill(t, price=offer.price, offer=c.lower(offer.offer))
        if offer.kind == "price":
            key = "price" if starts_with_amount(offer.price) else "price_words"
            return c.fill(c.pick("offer", key), price=offer.price)
        # an offer that ends is said "right now", unless time is short (its own words say when it ends)
        t = (c.pick("offer", "offer") if deadline and not short else c.pick("offer", "offer_plus")) or \
            c.pick("offer", "offer")
        return c.fill(t, offer=c.lower(offer.offer))


def _too_long_for_a_hook(line: str, lang: str) -> bool:
    """COPY.md: a hook is one short line (zh <= 15 characters, en <= 8 words); allow some slack."""
    return len(re.sub(r"[\W_]", "", line)) > (18 if lang == "zh" else 22) if lang != "en" else len(line.split()) > 11


def _clauses(text: str, lang: str) -> list[str]:
    """A sentence's clauses, to shorten it at their boundaries (a 、 list stays inside its clause)."""
    pattern = CLAUSE_JA if lang == "ja" else CLAUSE_CORE_ZH if lang == "zh" else CLAUSE
    # what is inside brackets is never cut: "a rear LED (USB-C rechargeable, 8 hrs)" keeps its bracket whole
    protected = re.sub(r"[(（【\[][^()（）【】\[\]]*[)）】\]]",
                       lambda m: m.group(0).translate(_BRACKET_HIDE), text)
    return [c.translate(_BRACKET_SHOW) for c in (strip_end(x) for x in pattern.split(protected)) if c]


_BRACKET_HIDE = str.maketrans({",": "\x01", "，": "\x02", ";": "\x03", "；": "\x04", "、": "\x05", ":": "\x06", "：": "\x07",
                               "—": "\x0e", "–": "\x0f"})
_BRACKET_SHOW = {ord(v): k for k, v in _BRACKET_HIDE.items()}


def _noun_head(text: str, fits) -> str | None:
    """The longest head of an English clause, ending before with/for/that/which..., that fits and still
    reads as a complete phrase (at least three words, not ending on a verb): 'True wireless earbuds with
    active noise cancelling' -> 'True wireless earbuds'. None when there is no such head."""
    from pipeline.copy.phrases import EN_BASE_VERBS

    cuts = [m.start() for m in EN_CUT.finditer(text)]
    for end in reversed(cuts):
        head = text[:end].rstrip(" ,;:")
        words = head.split()
        last = words[-1].lower().strip(".,") if words else ""
        if len(words) >= 3 and fits(head) and last not in EN_BASE_VERBS and not last.endswith(("ed", "ly")):
            return head
    return None


def _lead_clauses(clauses: list[str], lang: str, fits) -> str:
    """As many leading clauses as fit, joined; a list is never cut in the middle ('charge your iPhone 15,
    AirPods and Apple Watch' keeps all three or stops before the list)."""
    sep = {"zh": "，", "ja": "、"}.get(lang, ", ")
    taken = [clauses[0]]
    for c in clauses[1:]:
        # "Buy, sell and earn crypto": a clause of one or two words is an item of a list that goes on
        if not fits(sep.join(taken + [c])) and not (lang == "en" and len(taken[-1].split()) <= 2):
            break
        taken.append(c)
    k = len(taken)
    if lang == "en" and k < len(clauses):
        nxt = clauses[k]
        continues = bool(EN_LIST.search(nxt)) and len(nxt.split()) <= 6 and classify_en(nxt) in ("noun", "gerund")
        if continues:   # the last clause taken starts a list the next one ends: stop before it, or finish it
            taken = taken[:-1] if k > 1 else taken + [nxt]
    return sep.join(taken)


def _core(first: str, lang: str, fits, name: str = "") -> tuple[str, str]:
    """The core message (the description's first sentence, shortened at clause boundaries to fit) and its
    shortest form that still says what the product is (for a tight budget). A sentence whose subject is the
    product ("SunPeak designs, permits and installs...") is only cut at its clauses, never inside one."""
    if not first:
        return "", ""
    clauses = _clauses(first, lang)
    if lang == "ja":
        # Japanese puts the head noun last: the final clause is the thing itself (…家計簿アプリ)
        short = clauses[-1] if clauses else first
        if fits(first):
            return first, short
        two = clauses[-2] + "、" + clauses[-1] if len(clauses) > 1 else short
        return (two if len(clauses) > 1 and fits(two) else short), short
    if not clauses:
        return first, first
    short = _lead_clauses(clauses, lang, lambda t: False)      # the first clause (and the list it starts)
    first_word = next((w for w in name.split() if w.lower() not in ("the", "a", "an")), "")
    if lang == "en" and len(first_word) >= 4 and _norm(first).startswith(_norm(first_word)):
        return (first if fits(first) else _lead_clauses(clauses, lang, fits)), short
    if lang == "en" and len(short.split()) > 8:
        short = _noun_head(short, lambda t: len(t.split()) <= 8) or short
    if fits(first):
        return first, short
    core = _lead_clauses(clauses, lang, fits)
    if lang == "en" and not fits(core):
        core = _noun_head(core, fits) or core
    return core, short


def place_images(scenes: list[ScriptScene], n_images: int) -> list[ScriptScene]:
    """The product photos in turn behind every line but the offer and the call to action (typographic cards)."""
    if not n_images:
        return scenes
    out, k = [], 0
    for s in scenes:
        if s.kind in ("offer", "cta"):
            out.append(s)
        else:
            out.append(s.model_copy(update={"image_index": k % n_images}))
            k += 1
    return out


def _norm(text: str) -> str:
    return re.sub(r"[\s\W_]+", "", text).lower()


_SPANS = {
    "en": [(r"\b(?:60|sixty) sec(?:ond)?s\b|\b(?:a|one) minute\b", "1 minute"),
           (r"\b(?:60|sixty) min(?:ute)?s\b|\b(?:an|one) hour\b", "1 hour"),
           (r"\b24 hours\b|\b(?:a|one) day\b", "1 day"), (r"\b7 days\b|\b(?:a|one) week\b", "1 week")],
    "zh": [(r"60秒|六十秒|一分钟", "1分钟"), (r"60分钟|一小时|一个小时", "1小时"), (r"24小时|一天", "1天"),
           (r"7天|一周|一星期", "1周")],
}


def _same_spans(text: str, lang: str) -> str:
    """Spans of time written in one unit ("60 seconds", "一分钟" -> "1 minute", "1分钟")."""
    for pattern, unit in _SPANS.get(lang, ()):
        text = re.sub(pattern, unit, text, flags=re.I)
    return text


def _said_in(phrase: str, text: str, lang: str) -> bool:
    """Whether text already says phrase: most of its characters (zh) or content words (en) are in it, or
    the same number with another of its words ("1,000+ pocketed coils" after "1000+ wrapped coils"); a
    span of time counts the same in either unit ("in under 60 seconds" is said by "in under a minute")."""
    phrase, text = _same_spans(phrase, lang), _same_spans(text, lang)
    if _norm(phrase) in _norm(text):
        return True
    nums = {n.replace(",", "") for n in re.findall(r"\d[\d,]*(?:\.\d+)?", phrase)}
    if nums and nums <= {n.replace(",", "") for n in re.findall(r"\d[\d,]*(?:\.\d+)?", text)}:
        rest = re.sub(r"[\d,.+%]", "", phrase)
        if lang == "en":
            words = {w[:6] for w in re.findall(r"[a-z]+", rest.lower()) if len(w) > 3}
            if words & {w[:6] for w in re.findall(r"[a-z]+", text.lower()) if len(w) > 3}:
                return True
        elif len(set(_norm(rest)) & set(_norm(text))) >= max(1, len(set(_norm(rest))) // 2):
            return True
    if lang != "en":
        chars = set(_norm(phrase))
        return len(chars) >= 3 and len(chars & set(_norm(text))) / len(chars) >= 0.7
    words = {w for w in re.findall(r"[a-z0-9]+", phrase.lower()) if len(w) > 2}
    have = set(re.findall(r"[a-z0-9]+", text.lower()))
    return len(words) >= 2 and len(words & have) / len(words) >= 0.75


def _sentence(text: str, lang: str) -> str:
    text = strip_end(text)
    return (cap_first(text) + ".") if lang == "en" else text + "。"


# where a "Not anymore." after a pain point would promise an outcome the law asks to substantiate
PROMISE_FREE = {"clinic", "finance"}
HEALTH = {"health-food", "medical", "drug", "medical-device", "保健食品", "药品", "医疗器械"}
# pains never said back to the viewer: a fear for life or health is not a hook (COPY.md: reassuring, not fear)
FEAR = re.compile(r"\b(?:breath(?:e|ing)?|chok\w*|suffocat\w*|die|dying|death|dead|sids|cancer|stroke|heart attack|"
                  r"overdose|drown\w*)\b|窒息|猝死|癌|死亡|呼吸|中风|心梗|溺水|噎", re.I)
_STOP_EN = set("with your you the and for from that this have has are was not can cant dont won just more than "
               "every all any into onto out about after before when what why how ever still always never week weeks "
               "night nights daily month months year years hour hours minute minutes time times morning evening "
               "first last free best good great".split())


def _without_brand_again(core: str, name: str, written_name: str) -> str:
    """A Chinese core that opens with the brand the intro has just said: its first clause goes when it only
    names the product again (声悦隐形助听器，"声悦S5数字助听器"，16通道…), else the brand goes from its start
    (拾光印照片书定制，"拾光印"一键导入手机相册). The brand is the written name's first word."""
    core = re.sub(r"^[\s\U0001F000-\U0001FFFF\u2600-\u27BF\ufe0f]+", "", core)
    words = written_name.split()
    brand = re.sub(r"\W", "", words[0]) if len(words) > 1 else ""
    if len(brand) < 2 or not core.startswith(brand):
        return core
    parts = re.split(r"[，,：:]", core, maxsplit=1)
    head = re.sub(r"\W", "", name)[-2:]
    if len(re.findall(r"[\u4e00-\u9fff]", parts[0])) <= 12 and parts[0].rstrip("。！!.").endswith(head):
        return parts[1].strip() if len(parts) == 2 else ""      # nothing but the name again: the name alone
    return core[len(brand):].lstrip("，, ")


def _answers(pain: str, feature: str, lang: str) -> bool:
    """Whether a selling point speaks to a pain: they share a content word (en, by its first five letters) or a
    two-character word (zh). A pain about money is answered only by a price or something free, whatever words
    they share ("去按摩店一次一百多，太贵了？" is not answered by "全身按摩"); a pain about waiting also by speed."""
    from pipeline.copy.selling import point_kind

    if PRICE_PAIN.search(pain):
        return point_kind(feature, lang) == "price" or bool(FREE_THING.search(feature))
    if WAIT_PAIN.search(pain) and FAST_THING.search(feature):
        return True
    if lang == "en":
        words = lambda t: {w[:6] for w in re.findall(r"[a-z]+", t.lower()) if len(w) > 3 and w not in _STOP_EN  # noqa
                           and w[:5] not in _STOP_EN}
        shared = words(pain) & words(feature)
        return len(shared) >= 2 or any(len(w) >= 6 for w in shared)     # "lift" alone is not an answer
    grams = lambda t: {t[i:i + 2] for i in range(len(t) - 1) if re.fullmatch(r"[\u4e00-\u9fff]{2}", t[i:i + 2])}  # noqa
    common = grams(pain) & grams(feature) - {"不是", "一个", "可以", "没有", "什么", "这个", "时候", "还是", "就是",
                                             "每天", "小时", "一次", "分钟", "晚上", "早上", "周末", "免费"}
    return len(common) >= 2 or any(a + b[1] in feature and a + b[1] in pain for a in common for b in common if a[1] == b[0])


PRICE_PAIN = re.compile(r"\b(?:costs?|expensive|pricey|overpriced|afford|rip-?off|nickel-and-dime|bills?)\b|\$\d|"
                        r"太贵|好贵|贵了|价格高|花钱|费钱|烧钱|一百多|几百块|智商税|不划算", re.I)
FREE_THING = re.compile(r"\bfree\b|\bno (?:fees?|charge)\b|\$0\b|免费|包邮|0元|零元|不要钱|省\d", re.I)
WAIT_PAIN = re.compile(r"\b(?:wait(?:ing)?|lines?|queues?|slow|takes forever|hours? on hold)\b|排队|等太久|等半天|太慢|慢死", re.I)
FAST_THING = re.compile(r"\b(?:fast|faster|quick|quickly|same-day|instant|express|in (?:under )?\d+\s?(?:min|minutes|seconds|hours))\b|"
                        r"\d+\s?(?:分钟|秒)|当天|极速|秒到|不用排队|免排队", re.I)


_VERBISH = set("look looks is are was were keeps get gets won't can't don't doesn't isn't aren't never always feel feels "
               "seem seems make makes take takes go goes come comes has have had".split())


def _uncertain(pain: str, form: str, lang: str) -> bool:
    """Whether a pain's form is too unsure to wrap it in a template ("Tired of {pain}?", "还在{pain}？"): a long
    noun phrase or one with a verb inside ("cheap kid paints look chalky"), a Chinese verb phrase with 了 or a
    comma in it. Such a pain is asked as it is."""
    if lang == "en" and form == "noun":
        words = pain.lower().split()
        return len(words) > 6 or any(w.strip(",.") in _VERBISH for w in words) or any(
            w.endswith("ed") and len(w) > 4 for w in words[1:])
    if lang != "en" and form == "verb":
        return len(pain) > 8 or "了" in pain or "，" in pain
    return False


def _sentences(text: str) -> list[str]:
    """The description's sentences; punctuation inside brackets ("a warm (90°F!) indoor pool") ends none."""
    depth, out, start = 0, [], 0
    for i, ch in enumerate(text):
        depth += ch in "(（[【"
        depth -= ch in ")）]】" and depth > 0
        if depth == 0 and ch in "。！？!?；;" or (depth == 0 and ch == "." and i + 1 < len(text) and text[i + 1] == " "
                                              and (i + 2 >= len(text) or text[i + 2].isupper() or text[i + 2].isdigit())):
            out.append(text[start:i + 1])
            start = i + 1
    out.append(text[start:])
    return [x.strip() for x in out if x.strip()]


# a sentence that leans on the one before it ("不如让他自己做一个", "So you can...") cannot say what the product is
LEANS_BACK = re.compile(r"(?:不如|而且|所以|因此|但是|可是|于是|这样|那就)|(?:so|instead|and|but|that's why|which)\b", re.I)
# an opening that calls the audience rather than saying what the product is ("掉发星人看过来", "Calling all runners")
CALL_OUT = re.compile(r"看过来|注意啦|注意了|星人[，,！!]|^(?:calling all|attention|listen up|hey,? [a-z]+ (?:lovers|fans|people))\b",
                      re.I)
# a registration or approval number is for the screen and the record, not for the voice (国妆特字G2023…, 械注准…)
REGISTRATION = re.compile(r"(?:国妆特字|国妆备[进]?字|国食健字|国食健注|卫食健字|食健备|械注准|械备|国械注|批准文号|备案号|许可证号|"
                          r"广审|(?:FDA|NDC|ARTG)\s?(?:registration|reg\.?|no\.?|#))\s?[:：]?\s?[A-Za-z0-9x×X\-]*", re.I)


def _without_registration(line: str) -> str:
    """The line without the clause that holds a registration or approval number."""
    if not REGISTRATION.search(line):
        return line
    parts = re.split(r"(?<=[，,；;。.!！])\s*", line)
    return strip_end("".join(p for p in parts if not REGISTRATION.search(p)))


SETUP_WORDS = re.compile(r"噩梦|烦恼|痛点|难题|困扰|崩溃|救命|谁懂|受够|nightmare|tired of|sick of|struggl|problem", re.I)


PROBLEM_STATEMENT = re.compile(r"危险|哭闹|崩溃|尴尬|难受|头疼|头大|焦虑|受罪|遭罪|烦死|"
                               r"\b(?:can hit|could cost|is brutal|are brutal|nightmare|the worst|ruins?|ruined)\b", re.I)


def _setup(sentence: str, name: str) -> bool:
    """A short opening that sets up the problem ("租房党的噩梦！") rather than saying what the product is."""
    short = len(re.sub(r"[\W_]", "", sentence)) <= 12 if re.search(r"[\u4e00-\u9fff]", sentence) else \
        len(sentence.split()) <= 5
    if _norm(name)[:3] in _norm(sentence):
        return False
    # a statement of the problem or the fear, of any length, is not what the product is ("宝宝一上车就哭闹，抱着坐
    # 更危险", "Vet bills can hit $5,000 overnight", "Glare off the water is brutal")
    return (short and bool(SETUP_WORDS.search(sentence))) or bool(PROBLEM_STATEMENT.search(sentence))


def _without_setup(sentence: str, name: str) -> str:
    """'租房党的噩梦：半夜开灯满地蟑螂，小强克星上门…' -> the part after the setup's colon."""
    m = re.match(r"^([^：:]{2,16})[：:]\s*(.+)$", sentence)
    if not (m and SETUP_WORDS.search(m.group(1)) and _norm(name)[:3] not in _norm(m.group(1))):
        return sentence
    rest = m.group(2)
    # the scene goes on until the product comes in: start there ("半夜开灯满地蟑螂，小强克星上门灭蟑" -> "小强克星上门灭蟑")
    key = name.strip()[:3]
    at = rest.find(key) if len(key) == 3 else -1
    if at > 0:
        cut = max(rest.rfind(sep, 0, at) for sep in "，,；;")
        if cut >= 0:
            return rest[cut + 1:].strip()
    return rest


IMPERATIVE_VERBS = {"talk", "buy", "sell", "learn", "charge", "get", "make", "meet", "find", "book", "try", "join",
                    "shop", "save", "earn", "build", "create", "track", "send", "plan", "cook", "watch", "listen",
                    "play", "speak", "stream", "scan", "print", "explore", "discover", "enjoy", "start", "grow", "turn",
                    "keep", "take", "bring", "give", "ship", "order", "rent", "hire", "swim", "train", "travel", "stay",
                    "wear", "protect", "clean", "pay", "invest", "trade", "sleep", "work", "write", "read", "study",
                    "practice", "stop", "say", "go", "visit", "share", "store", "organize", "turn", "see", "feel"}


def _imperative(text: str) -> bool:
    """'Charge your iPhone, AirPods and Watch at once': a verb and its object, a sentence of its own."""
    words = [w.strip(",.;:!?") for w in text.lower().split()]
    return len(words) > 1 and (words[0] in IMPERATIVE_VERBS or (len(words) > 2 and words[1] in (
        "your", "the", "a", "an", "my", "our", "every", "any", "all", "it", "them", "up", "off", "out", "more", "less")))


def _proper_words(brief: Brief) -> frozenset[str]:
    """Words the brief capitalises in the middle of a sentence: names, kept as written ("via Stripe")."""
    p = brief.product
    fields = [p.description, *p.features, p.offer or "", *brief.persona.pain_points]
    named = re.findall(r"[A-Z][A-Za-z]+", p.name)          # the product's own name is never lower-cased
    return frozenset([*named, *(w for f in fields for w in re.findall(r"(?<=[a-z0-9,;:] )([A-Z][A-Za-z]+)", f))])


def _brief_text(brief: Brief) -> str:
    p = brief.product
    return " ".join([p.name, p.description, *p.features, p.price or "", p.offer or "", brief.cta or ""])
