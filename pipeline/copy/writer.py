"""The built-in writer: the marketer's own sentences, told in an order that sells, with a hook and a close.

    hook      the description's own question or problem, a pain point asked as it is, the audience called,
              or the strongest short benefit (hook_style picks the kind; a campaign varies it)
    intro     the product's name (a frame: "Meet {name}.") and the sentence that says what it is
    body      what answers the audience's pains first, then the description's sentences in its order, the
              features it did not already say (as lists of fragments), logistics last
    offer     the price as a story (list -> deal) and the offer as written
    cta       the brief's call to action as written, else the one that fits what is sold

A description sentence is said whole or not at all; nothing is re-worded, cut, or spliced into a template.
The writer's own words are few frames (copy/frames.py), each grammatical for any filler of its slot.
Time is filled with the brief's material in order of importance; what does not fit, what cannot be said
(a claim, a unit the voice would misread) and a brief too thin for its length are reported in the notes
with the fix. An optional judge (a language model) chooses among the frames' options by fluency.
"""

from __future__ import annotations

import hashlib
import random
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Protocol

from pipeline.claims import lint_text
from pipeline.copy.category import category_of, copy_data, cta_category, cta_fits, mentions, where
from pipeline.copy.frames import frames, has, say
from pipeline.copy.material import Material, Unit, gather, mentions_name, names_product, title_keywords
from pipeline.copy.names import (EN_GOODS_HEAD, EN_KIND_HEAD, is_marketplace_title, name_claim_note, said_name)
from pipeline.copy.offers import AMOUNT, DISCOUNT, LIST_WORDS, Offer, amounts, bare_price, read_offer, value
from pipeline.copy.selling import COUNT, EFFICACY_FIGURE, SURPRISING_NUMBER, point_kind
from pipeline.model.brief import Brief
from pipeline.model.script import LEAD_IN_S, TAIL_S, Pacing, Script, ScriptScene
from pipeline.resources import templates_dir
from pipeline.text.sentences import cap_first, ends_sentence, is_cjk, speakable, strip_end, units
from pipeline.text.similarity import covers, keys, overlap
from pipeline.text.spoken import spoken_residue, to_spoken

HOOK_KINDS = ("pain", "persona", "benefit", "number", "scenario", "plain")
VARIATION_STEP = 7919     # seed stride a campaign uses to ask for a differently-led variant
PLACE_BOUND = {"restaurant", "cafe", "local-service", "clinic", "fitness", "lodging", "event"}
VENUES = {"restaurant", "cafe", "fitness", "lodging", "event"}   # places one is welcomed to (not met)
# a stay is welcomed to by a name that says it is one ("Saltmarsh Inn", "山居民宿"), not a package's title
LODGING = re.compile(r"\b(?:hotel|inn|resort|lodge|cabins?|suites?|hostel|motel|b&b|villa|retreat|house|camp)\b|"
                     r"民宿|酒店|客栈|宾馆|山居|小院|院子|别院|庄园|营地|度假村|旅舍|宅|居|舍", re.I)
# ... but not a trip or a package sold under a travel category ("4-Night Iceland Escape", "云南6天5晚纯玩团")
TRIP = re.compile(r"\b(?:tours?|trips?|escapes?|getaways?|packages?|cruises?|expeditions?|itinerar(?:y|ies))\b|"
                  r"\d+\s*-?\s*(?:nights?|days?)\b|\d+天|\d+晚|[一二三四五六七八九十]天|日游|(?:跟|小|纯玩|旅行)团|路线", re.I)
FINE_PRINT_S = 3.5         # a disclosure longer than this to say is shown on screen (Script.fine_print)
SHORT_AD = 0.85           # an ad whose speech fills less of its budget than this runs visibly short
BUMPER_S = 10.0           # ads this short say the hook, the name, the offer and the call to action
HOOK_MAX = {"zh": 18, "ja": 24, "en": 12}      # a hook longer than this (characters / words) is not a hook
COVERED = 0.6             # a line whose keys a said line has this share of is not said again
FEATURE_COVERED = 0.45    # ... a feature (a summary of a sentence, in other words) at this share
ANSWERS = 0.34            # a line that shares this share of a pain's keys answers it
JUDGED_ANSWER = 0.25      # ... or, with a judge, that the pain makes this much more expected (nats per token)
LIST_SIZE = {"high": 3, "medium": 3, "calm": 2}
EN_NOT_PLURAL = {"bus", "gas", "plus", "lens", "news", "series", "species", "chaos", "canvas", "atlas", "iris", "oasis",
                 "basis", "thesis", "campus", "bonus", "status", "focus", "genius", "virus", "citrus", "hummus", "cactus",
                 "octopus", "walrus", "pegasus", "express", "access", "class", "glass", "press", "dress", "chess"}
TITLE_INDEX = 100          # features from a marketplace title's keywords are numbered from here (copy/material)
# an address, opening hours, dates, a phone number or the area served: what a place's fine print can carry
WHERE_WHEN = re.compile(r"地址|位于|服务(?:范围|区域)|营业|电话|\d{1,2}[:：]\d{2}|\d+号|\d+楼|\d{1,2}月\d{1,2}[日号]|"
                        r"\b(?:address|hours|open|located|service area|call)\b|\b\d{1,2}(?::\d{2})?\s?(?:am|pm)\b|"
                        r"\b\d+ [A-Z][a-z]+ (?:St|Ave|Rd|Blvd|Street|Avenue|Road)\b|"
                        r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2}\b|\(\d{3}\) ?\d{3}", re.I)
# a line that is only how to reach the business: "预订电话：138-5720-6618", "Call (512) 555-0148."
CONTACT_ONLY = re.compile(r"^\W*(?:预订|预约|订房|咨询|客服|联系)?(?:电话|热线|手机|微信)[:：]?\s*[\d\s()+-]{7,}\W*$|"
                          r"^\W*(?:call|phone|text|tel)[:.]?\s*(?:us\s*)?(?:at\s*)?[\d\s()+.-]{7,}\W*$", re.I)
# statements the law has an ad say aloud when the brief carries them
MUST_SAY = re.compile(r"本品不能代替药物|请仔细阅读产品说明书|理财有风险|投资有风险|投资[需须]谨慎|市场有风险|"
                      r"\binvesting involves risk|\bmay lose (?:value|money)", re.I)
# a speaker's own story: a customer's, not the product's ("我家娃…", "I tried…"); 我们/we is the brand
SPEAKER = {"en": re.compile(r"\b(?:i|i'm|i've|i'd|my|me)\b", re.I), "zh": re.compile(r"我(?!们)"),
           "ja": re.compile(r"私(?!たち)|僕|俺")}
# ... that turns to what solved it ("换了这款H型胸背带", "since I switched"): it says what the product does
TURN = {"en": re.compile(r"\b(?:switched|since (?:i|we) (?:started|switched)|now (?:i|we|my))\b", re.I),
        "zh": re.compile(r"(?:换了|换成|用了|用上)(?:这|它|[\u4e00-\u9fff]{0,8}之后)|自从(?:用|换)|后来(?:换|用)"),
        "ja": re.compile(r"変えて|使って")}
# a fragment that counts things and says nothing else: "Two live music stages", "120+ food stalls", "3种口味"
LIST_ITEM = re.compile(r"^(?:\d[\d,]*\+?|one|two|three|four|five|six|seven|eight|nine|ten|twelve|dozens of|hundreds of)\s+"
                       r"(?:[\w'-]+\s+){0,3}[\w'-]+s$|^[\d一二两三四五六七八九十百千]+\+?\s?[种款个项大间家条座张部首道]", re.I)
QUANTITY = re.compile(r"\d+(?:\.\d+)?\s?(?:[\u4e00-\u9fff]|%|[a-zA-Z]+)")    # a number with its unit
SPEED_ROOM = 1.06         # fixed lines may run this much over the budget: the voice speeds up, nothing is cut


class Judge(Protocol):
    """Scores lines by fluency (lower = reads better), e.g. mean surprisal per token under a language model."""

    name: str

    def scores(self, lines: list[str], lang: str) -> list[float]: ...

    def cache_key(self) -> list: ...

    def join(self, items: list[str], lang: str) -> str | None:
        """Optional: the items as one sentence (a careful edit the writer verifies), or None."""


@dataclass
class Line:
    """A candidate scene."""

    kind: str
    text: str
    seconds: float
    priority: float = 0.0             # lower is kept first
    slot: tuple = ()                  # where it goes in the story
    on_screen: str | None = None
    units: tuple = ()                 # the brief's units it says
    fragment: bool = False            # a feature said in a list


@dataclass
class _Draft:
    hook: Line | None
    intro: Line
    offer: Line | None
    cta: Line
    body: list[Line] = field(default_factory=list)
    closing: list[Line] = field(default_factory=list)     # the brief's disclosures, after the call to action
    answer: Line | None = None                            # what answers the hook's pain: it pays the hook off

    def lines(self) -> list[Line]:
        return ([x for x in (self.hook, self.intro, self.answer) if x] + self.body
                + [x for x in (self.offer, self.cta) if x] + self.closing)


@lru_cache(maxsize=1)
def data_version() -> str:
    """Hash of the writer's code and data: a change to either gives new cache keys."""
    h = hashlib.sha256()
    root = Path(__file__).resolve().parent.parent
    files = sorted([*(root / "copy").glob("*.py"), *(root / "text").glob("*.py"),
                    *(templates_dir() / "copy").glob("*.yaml"), *(templates_dir() / "claims").glob("*.yaml")])
    for f in files:
        h.update(f.name.encode())
        h.update(f.read_bytes())
    return h.hexdigest()[:16]


def misread(text: str, lang: str, pronounce: dict | None) -> list[str]:
    """The written tokens of a line whose spoken form a voice would still misread (empty: all sayable)."""
    if not spoken_residue(to_spoken(text, lang, pronounce), lang):
        return []
    tokens = re.findall(r"[^\s，。、；：！？,;!?()（）“”\"]+", text)
    bad = [t for t in tokens if spoken_residue(to_spoken(t, lang, pronounce), lang)]
    return list(dict.fromkeys(bad)) or [text]


class Copywriter:
    """The built-in writer (see the module docstring)."""

    name = "builtin"
    offline = True

    def __init__(self, judge: Judge | None = None, **_: object):
        self.judge = judge

    def cache_key(self) -> list:
        return ["builtin", data_version(), *(self.judge.cache_key() if self.judge else [])]

    # ------------------------------------------------------------------ the whole script

    def write(self, brief: Brief, pacing: Pacing, speech_budget_s: float, estimate) -> Script:
        lang, energy = brief.lang, pacing.energy
        name, name_note = said_name(brief), name_claim_note(brief)
        rng = random.Random(f"{brief.seed}:{name}:{brief.hook_style}:{brief.persona.name}")

        def say_ok(text: str):
            bad = misread(text, lang, brief.pronounce)
            return not bad, bad

        def claim_hits(text: str):
            return [f for f in lint_text(text, "line", brief) if not f.note.startswith("part of the product name")]

        m = gather(brief, name, say_ok, claim_hits)
        notes = ([name_note] if name_note else []) + list(m.notes)
        if is_marketplace_title(brief.product.name):
            notes.append("")         # the title's note, written once the script shows which keywords it says
        ctx = _Context(brief, m, lang, energy, rng, estimate, pacing.sentence_pause_s, notes, self.judge)
        draft = ctx.draft()
        body = ctx.fit(draft, speech_budget_s)
        scenes = ctx.scenes(draft, body)
        if is_marketplace_title(brief.product.name):
            said = " ".join(sc.narration for sc in scenes)
            # a keyword the script says in the brief's other words ("防水防风" in the intro) is not lost
            kws = [k for k in title_keywords(brief.product.name, name, lang)
                   if not _said_in(k, said) and covers(k, said, lang) < 0.75]
            notes[notes.index("")] = (
                f"product.name reads as a marketplace title: it is said and shown as {name!r}; "
                "set product.name to the name you want said"
                + (f". Its search keywords ({', '.join(repr(k) for k in kws)}) are not said: put a selling "
                   "point you want said in product.features" if kws else ""))
        notes = [n for n in notes if n]
        return Script(language=lang, scenes=scenes, pacing=pacing, target_s=brief.effective_duration_s(),
                      fine_print=list(ctx.fine_print),
                      writer=self.name, notes=list(dict.fromkeys(notes)))


@dataclass
class _Context:
    brief: Brief
    m: Material
    lang: str
    energy: str
    rng: random.Random
    estimate: object
    pause: float
    notes: list
    judge: Judge | None
    used: set = field(default_factory=set)          # ids of units a fixed line says
    what: Unit | None = None
    what_options: list = field(default_factory=list)
    hook_kind: str = ""
    setups: list = field(default_factory=list)      # sentences the hook says in its own way (not said again)
    fine_print: list = field(default_factory=list)  # disclosures shown on screen, not said

    # -------------------------------------------------------------- helpers

    @property
    def place_bound(self) -> bool:
        """Whether what is sold is a place people come to or a service that comes to them in one area."""
        return category_of(self.brief) in PLACE_BOUND

    def secs(self, text: str) -> float:
        return self.estimate(text) if text else 0.0

    def join(self, *parts: str) -> str:
        parts = [p for p in parts if p]
        return (" " if self.lang == "en" else "").join(parts)

    def short(self, text: str) -> bool:
        return units(text, self.lang) <= HOOK_MAX.get(self.lang, 12)

    def pick(self, frame_id: str, **slots: str) -> str | None:
        """A frame's option for this energy; with a judge, the most fluent option, else a seeded choice."""
        f = frames(self.lang).get(frame_id)
        opts = list(f.options(self.energy)) if f else []
        if not opts:
            return None
        if self.judge and len(opts) > 1:
            filled = [say_filled(o, slots) for o in opts]
            scores = self.judge.scores(filled, self.lang)
            return filled[min(range(len(filled)), key=scores.__getitem__)]
        return say(self.lang, frame_id, self.energy, self.rng, **slots)

    # -------------------------------------------------------------- the fixed lines

    def draft(self) -> _Draft:
        whats = self.what_units()
        self.what = whats[0] if whats else None
        self.what_options = whats
        if self.what:
            self.used.add(id(self.what))          # the intro says it: no hook takes it
        hook = self.hook()
        self.used.discard(id(self.what)) if self.what else None
        intro = self.intro(hook)
        cta = self.cta()
        offer = self.offer()
        if offer and self.brief.cta:
            cta = self.cta_after(offer, cta)
        # a question or a problem the description opens with, or a sentence before the product is named that the
        # hook says again in other words, is the hook's job: with a hook, it is not said again
        if hook:
            for u in self.m.sentences:
                # the viewer's own words saying the hook again are a setup; a selling point that shares the hook's
                # words answers it: it is said. Without a sentence that says what the product is, only a story the
                # hook tells again is a setup
                if self.what and u.index >= self.what.index or id(u) in self.used:
                    continue
                echoes = overlap(u.text, hook.text, self.lang) >= 0.25
                if (self.what and u.role in ("question", "problem")) or (
                        echoes and (u.form in ("first_person", "question") or self.story(u))):
                    self.used.add(id(u))
                    self.setups.append(u)
        answer = None
        pain = next((u for u in (hook.units if hook else ()) if u.source == "pain"), None)
        if pain:
            pool = [u for u in [*self.m.sentences, *self.m.features] if u.usable and id(u) not in self.used
                    and u.role not in ("question", "cta", "disclosure")
                    and overlap(u.text, intro.text, self.lang) < (FEATURE_COVERED if u.source == "feature" else COVERED)]
            ans = self.answer(pain, pool, judged=True)
            if ans:
                self.used.add(id(ans))
                answer = self.unit_line(ans, 1.0, (2, 0))
        return _Draft(hook, intro, offer, cta, closing=self.disclosures(), answer=answer)

    def hook(self) -> Line | None:
        brief, m = self.brief, self.m
        options = self.hook_options()
        wanted = brief.hook_style
        if wanted and wanted not in options:
            why = {"pain": "no pain point that reads as a question", "scenario": "no pain point short enough to set a scene",
                   "persona": "no audience (persona.name)", "benefit": "no short selling point",
                   "number": "no short selling point with a number worth leading with", "plain": ""}[wanted]
            self.notes.append(f"hook_style {wanted!r}: the brief has {why}; another kind opens the ad")
        # a benefit or a number from the brief says more than the audience called by its label ("大学生，这条给你！")
        order = ["question", "pain", "tagline", "problem", "benefit", "number", "persona", "plain"]
        if wanted == "benefit" and "tagline" in options:
            options["benefit"] = options["tagline"]       # the brand's own opening line is its strongest benefit
        kind = wanted if wanted in options else next(k for k in order if k in options)
        self.hook_kind = kind
        if kind == "plain":
            return None
        text, used = options[kind]
        self.used |= {id(u) for u in used}
        return Line("hook", text, self.secs(text), 0, (0,), on_screen=m.name, units=tuple(used))

    def hook_options(self) -> dict[str, tuple[str, list[Unit]]]:
        m, lang = self.m, self.lang
        out: dict[str, tuple[str, list[Unit]]] = {"plain": ("", [])}
        # a phone number is how to act, never a reason to stop scrolling
        opening = [u for u in m.sentences[:2] if u.usable and id(u) not in self.used and not CONTACT_ONLY.search(u.text)]
        q = next((u for u in m.sentences if u.usable and id(u) not in self.used and u.role == "question"
                  and self.short(u.text) and u.leans_on is None), None)
        tagline = next((u for u in opening if u.role in ("benefit", "audience") and u.form == "sentence"
                        and self.short(u.text) and not mentions_name(u.text, m.name) and u.leans_on is None), None)
        if tagline:
            out["tagline"] = (tagline.text, [tagline])
        if q:
            out["question"] = (q.text, [q])
        problem = next((u for u in opening if u.role == "problem" and self.short(u.text)), None)
        if problem:
            out["problem"] = (problem.text, [problem])
        pain = next(iter(self.ranked_pains()), None)
        if pain:
            line = self.pain_line(pain)
            if line:
                out["pain"] = (line, [pain])
            if pain.form == "fragment" or (pain.form == "sentence" and self.short(pain.text)):
                pov = self.pick("pov", pain=strip_end(pain.text)) if self.energy == "high" else None
                out["scenario"] = (pov or line, [pain]) if (pov or line) else out.get("scenario")
                if out.get("scenario") is None:
                    out.pop("scenario")
        persona = (self.brief.persona.name or "").strip()
        if persona:
            line = self.pick("callout", persona=speakable(persona))
            if line:
                out["persona"] = (line, [])
        said = [self.what.text] if self.what else []
        candidates = [u for u in [*m.sentences, *m.features] if u.usable and id(u) not in self.used
                      and u.role == "benefit" and not any(overlap(u.text, t, lang) >= COVERED for t in said)
                      and self.short(u.text) and not mentions_name(u.text, m.name) and u.leans_on is None
                      and not CONTACT_ONLY.search(u.text)]
        # a fragment that only counts things ("Two live music stages", "3种口味") is an item of a list, not a hook
        candidates = [u for u in candidates if not (u.form == "fragment" and LIST_ITEM.match(strip_end(u.text).strip()))]
        benefit = next((u for u in candidates if point_kind(strip_end(u.text), lang) == "benefit"
                        and units(u.text, lang) >= (3 if lang == "en" else 6)), None)
        if benefit:
            out["benefit"] = (ends_sentence(cap_first(benefit.text) if lang == "en" else benefit.text, lang), [benefit])
        # a count opens an ad when it is a sentence ("120 food stalls line the river."); a fragment that only
        # counts ("Two live music stages") is an item of a list, not a reason to stop scrolling
        number = next((u for u in candidates if (SURPRISING_NUMBER.search(u.text) or COUNT.search(u.text))
                       and not EFFICACY_FIGURE.search(u.text)), None)
        if number:
            out["number"] = (ends_sentence(cap_first(number.text) if lang == "en" else number.text, lang), [number])
        return out

    def ranked_pains(self) -> list[Unit]:
        """Pain points best first for a hook: a question, the viewer's own words, a phrase of a few words; a
        single word ("burnout") last. The brief's order otherwise."""
        def rank(p: Unit) -> int:
            if p.form == "question":
                return 0
            if p.form == "first_person":
                return 1
            return 2 if units(p.text, self.lang) >= (2 if self.lang == "en" else 4) else 3
        return sorted((p for p in self.m.pains if p.usable), key=lambda p: (rank(p), p.index))

    def pain_line(self, pain: Unit) -> str | None:
        """A pain point as the viewer would hear it: a question as written, first-person words quoted, a short
        phrase asked as it is; None for a long statement (it is not a hook)."""
        lang = self.lang
        if pain.form == "question":
            t = pain.text.strip()
            return t if t[-1] in "?？" else t + ("?" if lang == "en" else "？")
        if pain.form == "first_person":
            # the brief's own quote marks go (the frame quotes it), and "go??" asks once
            bare = re.sub(r"([?？!！])[?？!！]+", r"\1", pain.text.strip().strip("\"'“”‘’「」 "))
            quoted = ends_sentence(cap_first(bare), lang) if lang == "en" else strip_end(bare)
            line = self.pick("quote", pain=quoted)
            return line if line and units(line, lang) <= HOOK_MAX.get(lang, 12) * 2 else None
        if not self.short(pain.text):
            return None
        return self.pick("ask", pain=strip_end(pain.text))

    def what_units(self) -> list[Unit]:
        """Sentences that can say what the product is, best first: one naming the product, then one sharing
        words with its name, then the first sentence that is not a question, a problem, an offer, a call to
        action or logistics (among the description's first four; one leaning on the sentence before it never).
        Only the first and those that name the product or share its words are kept as alternatives."""
        name_keys = keys(self.m.name, self.lang)
        # a sentence that names the product says what it is whatever else it says ("净到家师傅上门，高温蒸汽拆洗…")
        # a customer's story ("我家娃…试了七八个牌子才找到这款", "I tried every bar") says who tried it, not what it is:
        # joined to "这就是X。" it reads as the name bolted onto a testimonial
        fit = [u for u in self.m.sentences[:4] if u.usable and u.leans_on is None and u.form != "fragment"
               and not CONTACT_ONLY.search(u.text)
               and not (self.story(u) and not (mentions_name(u.text, self.m.name) or self.names_brand(u.text)
                                               or TURN.get(self.lang, TURN["en"]).search(u.text)))
               and (u.role in ("benefit", "spec", "proof", "audience")
                    or (u.role == "logistics" and (mentions_name(u.text, self.m.name) or self.names_brand(u.text))))]

        def score(u: Unit) -> float:
            if mentions_name(u.text, self.m.name):
                return 3
            if name_keys and len(name_keys & keys(u.text, self.lang)) / len(name_keys) >= 0.3:
                return 2
            # a short opening line that does not name the product is the brand's tagline: it opens the ad
            return 0.5 if self.short(u.text) else 1
        ranked = sorted(fit, key=lambda u: (-score(u), u.role != "benefit", u.index))
        return ranked[:1] + [u for u in ranked[1:] if score(u) >= 2]

    def story(self, u: Unit) -> bool:
        """A customer's own story ("我家娃…试了七八个牌子", "I tried every bar"): the speaker's, not the brand's."""
        return u.source == "description" and SPEAKER.get(self.lang, SPEAKER["en"]).search(u.text) is not None

    def names_brand(self, text: str) -> bool:
        return names_product(text, self.brief.product.name, self.m.name, self.lang)

    def name_line(self) -> str:
        """The product named in a frame: a place people come to is welcomed to ("Welcome to Driftwood Cabins."), not
        met; an English name that ends in a common noun ("Koala Carry Baby Carrier", "Harborline Personal Loan")
        takes "the" ("Meet the Koala Carry Baby Carrier."); a brand alone does not."""
        frame = "name"
        cat = category_of(self.brief)
        if cat in VENUES and not TRIP.search(self.m.name) and (cat != "lodging" or LODGING.search(self.m.name)) \
                and has(self.lang, "name_place", self.energy):
            frame = "name_place"
        elif self.lang == "en":
            words = self.m.name.split()
            last = words[-1].lower() if words else ""
            plural = len(words) >= 2 and re.fullmatch(r"[a-z]+[^s]s", last) is not None and last not in EN_NOT_PLURAL
            if plural and words[0].lower() != "the" and has(self.lang, "name_plural", self.energy):
                frame = "name_plural"
            elif len(words) >= 2 and (EN_KIND_HEAD.search(self.m.name) or EN_GOODS_HEAD.search(self.m.name)) \
                    and words[0].lower() != "the" and has(self.lang, "name_the", self.energy):
                frame = "name_the"
        return self.pick(frame, name=self.m.name) or self.m.name

    def intro(self, hook: Line | None, what: Unit | None = None) -> Line:
        m = self.m
        what = what or self.what
        named_already = bool(hook and mentions_name(hook.text, m.name))
        bumper = self.brief.effective_duration_s() <= BUMPER_S
        name_line = self.name_line()
        if what and (mentions_name(what.text, m.name) or self.names_brand(what.text)):
            text, used = what.text, (what,)
        elif what and named_already:
            text, used = what.text, (what,)
        elif what and not bumper:
            text, used = self.join(name_line, what.text), (what,)
        else:
            text, used = name_line, ()
        self.used |= {id(u) for u in used}
        return Line("intro", text, self.secs(text), 0, (1,), on_screen=m.name, units=used)

    def offer(self) -> Line | None:
        """The price as a story and the offer as written (each a whole sentence)."""
        p = self.brief.product
        offer = self.read_offer()
        texts = self.offer_texts(offer)
        if not texts:
            # no price or offer given: the description's own offer sentence, if it has one
            u = next((u for u in self.m.sentences if u.usable and u.role == "offer" and id(u) not in self.used), None)
            if not u:
                return None
            self.used.add(id(u))
            return Line("offer", u.text, self.secs(u.text), 0, (90,), on_screen=strip_end(u.text), units=(u,))
        text = self.join(*texts)
        # the description's offer sentences that say the same amounts are not said again
        said = {value(a) for a in AMOUNT.findall(" ".join(x for x in (p.price, p.offer, self.brief.cta) if x))}
        for u in self.m.sentences:
            if u.role == "offer" and said & {value(a) for a in AMOUNT.findall(u.text)}:
                self.used.add(id(u))
        return Line("offer", text, self.secs(text), 0, (90,), on_screen=offer.on_screen)

    def read_offer(self) -> Offer:
        """The price and offer story, without what the brief's call to action already says ("点击链接，第二件半价"
        after "第二件半价，今晚24点截止" would say the deal twice)."""
        p, cta = self.brief.product, self.brief.cta
        offer = read_offer(speakable(p.price) if p.price else None, speakable(p.offer) if p.offer else None)
        if not cta:
            return offer
        in_cta = {value(a) for a in AMOUNT.findall(cta)} | {value(a) for a in amounts(cta)}

        def carried(text: str | None, by_amount: bool = False) -> bool:
            """The call to action says all of it (a deal price: its amount); a part it leaves out (a deadline,
            "限前100名") keeps the offer said whole, and the call to action drops what the offer says."""
            if not text:
                return False
            own = {value(a) for a in amounts(text)}
            return ((by_amount and bool(own) and own <= in_cta) or _said_in(text, cta)
                    or covers(text, cta, self.lang) >= 0.85)
        if offer.kind == "list_deal" and carried(offer.deal, by_amount=True):
            return Offer("offer", offer=offer.extra) if offer.extra and not carried(offer.extra) else Offer("none")
        if offer.offer and carried(offer.offer):
            self.notes.append(f"the offer {offer.offer!r} is said once, in the call to action")
            if lowers_price(offer.price, offer.offer):
                return Offer("none")          # "只要¥269" before "到手价199" would contradict it
            return read_offer(offer.price, None) if offer.price else Offer("none")
        return offer

    def offer_texts(self, offer: Offer, short: bool = False) -> list[str]:
        lang = self.lang
        if offer.kind == "none":
            return []
        if offer.kind == "list_deal":
            deal = offer.deal or ""
            # the list price is called what the brief calls it (指导价 is not 原价: 原价 claims a price charged)
            p = self.brief.product
            named = re.search(LIST_WORDS, " ".join(x for x in (p.price, p.offer) if x), re.I)
            label = named.group(0) if named and lang == "zh" and re.search(r"[\u4e00-\u9fff]", named.group(0)) \
                else "原价"
            # an English MSRP or list price is called that: "Normally" would say it was once charged (16 CFR 233)
            suggested = {"msrp": "MSRP", "rrp": "RRP", "list price": "list price", "retail": "retail price"}.get(
                named.group(0).lower() if named and lang == "en" else "")
            if suggested and has(lang, "list_deal_label", self.energy):
                bare_list = re.sub(rf"\s*\b(?:{LIST_WORDS})\b\s*", " ", offer.price, flags=re.I)
                bare_list = re.sub(r"[(（]\s*[)）]", "", bare_list).strip()
                line = self.pick("list_deal_label" if bare_price(deal) else "list_deal_label_words", list=bare_list,
                                 deal=deal, list_label=suggested)
            elif bare_price(deal):
                line = self.pick("list_deal", list=offer.price, deal=deal, list_label=label)
            else:
                line = self.pick("list_deal_words", list=offer.price, deal=deal, list_label=label)
            # two prices are one story, said even when time is short; what comes on top goes first
            return [line] + ([ends_sentence(cap_first(offer.extra) if lang == "en" else offer.extra, lang)]
                             if offer.extra and not short else [])
        out = []
        deal = bool(offer.offer and DISCOUNT.search(offer.offer))
        if offer.price:
            out.append(self.price_line(offer.price))        # a saving said without its price tells nothing
        if offer.offer and not (short and offer.price and not deal) and not (short and self.in_cta(offer.offer)):
            # short of time: a deal (买2送1, 50% off, a code) stays with its price; a plain extra goes, and so does
            # a deal whose every amount the call to action says anyway
            out.append(ends_sentence(cap_first(offer.offer) if lang == "en" else offer.offer, lang))
        return out

    def in_cta(self, text: str) -> bool:
        """Whether the brief's call to action says every amount of this text (it says the deal in its words)."""
        def numbers(t: str) -> set[float]:
            return {float(n.replace(",", "")) for n in re.findall(r"\d+(?:,\d{3})*(?:\.\d+)?", t)}
        own = numbers(text)
        return bool(own) and own <= numbers(self.brief.cta or "")

    def price_line(self, price: str) -> str:
        frame = "price" if bare_price(price) else "price_words"
        return self.pick(frame, price=price) or ends_sentence(price, self.lang)

    def cta(self, shortest: bool = False) -> Line:
        brief, lang = self.brief, self.lang
        if brief.cta:
            text = ends_sentence(speakable(brief.cta), lang)
            return Line("cta", text, self.secs(text), 0, (99,), on_screen=strip_end(speakable(brief.cta)))
        cat = cta_category(brief)
        own = next((u for u in reversed(self.m.sentences) if u.usable and u.role == "cta"
                    and cta_fits(u.text, cat, lang)), None)
        if own:
            self.used.add(id(own))
            return Line("cta", own.text, self.secs(own.text), 0, (99,), on_screen=strip_end(own.text), units=(own,))
        corpus = " ".join([brief.product.name, brief.product.description, *brief.product.features,
                           brief.product.price or "", brief.product.offer or ""]).lower()
        opts = []
        for o in copy_data(lang).get("cta", {}).get(cat, {}).get(self.energy, []):
            if isinstance(o, dict):
                groups = ([o["requires"]] if "requires" in o else []) + o.get("requires_all", [])
                if not all(any(mentions(w, corpus) for w in g) for g in groups):
                    continue
                o = o["text"]
            opts.append(o.replace("{where}", where(brief)).replace("{name}", self.m.name))
        if not opts:
            opts = [ends_sentence(self.m.name, lang)]
        if shortest:
            text = min(opts, key=len)
        elif self.judge and len(opts) > 1:
            scores = self.judge.scores(opts, lang)
            text = opts[min(range(len(opts)), key=scores.__getitem__)]
        else:
            # requires-matched options are specific to this brief: prefer them
            specific = [o for o in opts if o not in _generic(copy_data(lang), cat, self.energy)]
            text = self.rng.choice(specific or opts)
        return Line("cta", text, self.secs(text), 0, (99,), on_screen=strip_end(text))

    def cta_after(self, offer: Line, cta: Line) -> Line:
        """The brief's call to action without the clauses the offer line just said ("点击链接，第二支半价" after
        "第二支半价。" says "点击链接。"). The screen keeps the brief's words."""
        clauses = [c for c in re.split(r"(?<=[，,；;。.!！])\s*", cta.text) if strip_end(c)]
        said = {value(a) for a in amounts(offer.text)} | {value(a) for a in AMOUNT.findall(offer.text)}

        def repeats(c: str) -> bool:
            own = {value(a) for a in amounts(c)} | {value(a) for a in AMOUNT.findall(c)}
            return (bool(own) and own <= said) or covers(c, offer.text, self.lang) >= 0.75
        keep = [c for c in clauses if not repeats(c)]
        if len(keep) == len(clauses) or not keep:
            return cta           # nothing repeated, or all of it: the marketer's call to action as written
        text = ends_sentence(self.join(*(c.strip() for c in keep)).rstrip("，,；; "), self.lang)
        return Line("cta", text, self.secs(text), 0, (99,), on_screen=cta.on_screen, units=cta.units)

    # -------------------------------------------------------------- the body

    def candidates(self, draft: _Draft) -> list[Line]:
        m, lang = self.m, self.lang
        out: list[Line] = []
        free = [u for u in m.sentences if u.usable and id(u) not in self.used and u.role not in ("question", "cta")]
        feats = [u for u in m.features if u.usable and id(u) not in self.used]
        # a campaign's re-seeded variant leads with a different sentence
        pool = [u for u in free if u.role in ("benefit", "proof", "audience", "spec")] + feats
        turn = (self.brief.seed // VARIATION_STEP) % len(pool) if pool else 0
        lead = pool[turn] if pool and turn else None
        hook_pain = next((u for u in (draft.hook.units if draft.hook else ()) if u.source == "pain"), None)
        answered: set[int] = set()
        # a second pain point that reads as a question, with the line that answers it
        for i, pain in enumerate(p for p in m.pains if p.usable and p is not hook_pain):
            if i >= 2:
                break
            ask = self.pain_line(pain)
            ans = self.answer(pain, [u for u in free + feats if id(u) not in answered])
            if ask and ans and pain.form != "first_person":
                answered.add(id(ans))
                text = self.join(ask, ans.text if ans.form != "fragment" else ends_sentence(ans.text, lang))
                out.append(Line("pain", text, self.secs(text), 2.0 + i, (3, i), units=(pain, ans),
                                on_screen=strip_end(ans.text) if ans.source == "feature" else None))
        setups = {u.index for u in m.sentences if id(u) in self.used and u.role in ("question", "problem")
                  and self.what and u.index < self.what.index}
        pains = [re.sub(r"\d+", " ", strip_end(p.text)) for p in m.pains if p.usable]

        def weight(u: Unit) -> float:
            """A line that answers one of the audience's pains comes before the rest; a proof (a test, a count of
            customers) next; a bare spec ("5 oz bottle", "Class 2") after the selling points."""
            w = 0.0
            if any(overlap(pain, re.sub(r"\d+", " ", u.text), lang) >= ANSWERS for pain in pains):
                w -= 1.0
            if u.role == "proof":
                w -= 0.5
            if u.form == "fragment" and u.role == "spec":
                w += 1.0
            if self.story(u) and not TURN.get(lang, TURN["en"]).search(u.text):
                w += 2.5          # a customer's story says less of the product than its features do
            return w
        for u in free:
            if id(u) in answered:
                continue
            if u.leans_on is not None and u.leans_on in setups:
                # its antecedent is the problem the hook opened with: it follows the intro
                out.append(self.unit_line(u, 1.2, (2, 1)))
                continue
            first = u is lead
            if u.role == "disclosure":
                continue                   # said after the call to action (see disclosures)
            if u.form == "fragment":       # a one-word line of a pasted list: said in a list
                out.append(Line("feature", u.text, self.secs(ends_sentence(u.text, lang)), 3.5 + u.index * 0.3,
                                (5, 1, u.index), on_screen=strip_end(u.text), units=(u,), fragment=True))
            elif u.role == "offer":
                out.append(self.unit_line(u, 8.0 + u.index * 0.1, (80, u.index)))
            elif CONTACT_ONLY.search(u.text):
                # a booking number alone is how to act: it goes with the call to action, not among the features
                out.append(self.unit_line(u, 5.0 + u.index * 0.1, (95, u.index)))
            elif u.role == "logistics":
                # where and when: for a place people go to (an event, a restaurant, a clinic, a stay, a local
                # service), the line without which no one can come; for goods, how it ships, said with time to spare
                out.append(self.unit_line(u, (1.6 + u.index * 0.01) if self.place_bound else 5.5 + u.index * 0.1,
                                          (70, u.index)))
            elif u.role == "problem":
                out.append(self.unit_line(u, 6.0 + u.index * 0.1, (4, u.index)))
            else:
                # the marketer's sentences in their order come before the features: spec sheets last
                base = 4.5 if u.role == "spec" else 2.5
                out.append(self.unit_line(u, (1.5 if first else base) + u.index * 0.3 + weight(u),
                                          (5, 0 if first else 1, u.index)))
        closing = {id(u) for u in self.feature_disclosures()}
        for u in feats:
            if id(u) in answered or id(u) in closing:
                continue
            first = u is lead
            pr = (1.5 if first else 5.0) + u.index * 0.3 + weight(u)
            if u.form == "fragment":
                out.append(Line("feature", u.text, self.secs(ends_sentence(u.text, lang)), pr, (6, 0 if first else 1, u.index),
                                on_screen=u.text, units=(u,), fragment=True))
            else:
                out.append(self.unit_line(u, pr - 0.5, (6, 0 if first else 1, u.index)))
        return out

    def disclosures(self) -> list[Line]:
        """What the law or the terms ask the ad to say, from the brief's own sentences (an underwriter, "subject
        to credit approval", 以条款为准): said after the call to action, never left out for time. One that would
        take longer than FINE_PRINT_S to say (a supplement's FDA statements, a toy's warning, test conditions) is
        shown on screen from the offer to the end instead, the way ads carry fine print."""
        out, spoken = [], 0.0
        units_ = [u for u in [*self.m.sentences, *self.feature_disclosures()] if u.usable and u.role == "disclosure"]
        # the statement the law has an ad say (本品不能代替药物, a finance risk warning) is said first, whatever else
        units_.sort(key=lambda u: not MUST_SAY.search(u.text))
        for u in units_:
            # one short statement is said; past FINE_PRINT_S of them in all (an insurer's three conditions), the
            # rest is fine print too: an ad of disclaimers is no ad
            must = MUST_SAY.search(u.text) is not None
            if self.secs(u.text) > FINE_PRINT_S or (not must and spoken + self.secs(u.text) > FINE_PRINT_S):
                self.fine_print.append(u.text)
                why = (f"it would take {self.secs(u.text):.0f} s" if self.secs(u.text) > FINE_PRINT_S else
                       "one statement is said already; more would crowd out the ad")
                self.notes.append(f"shown on screen from the offer to the end, not said ({why}): {u.text!r}")
                continue
            spoken += self.secs(u.text) + self.pause
            text = ends_sentence(cap_first(u.text) if self.lang == "en" else u.text, self.lang)
            out.append(Line("disclosure", text, self.secs(text), 0, (100, u.index + (TITLE_INDEX if u.source == "feature"
                                                                                     else 0)),
                            on_screen=strip_end(u.text), units=(u,)))
        return out

    def feature_disclosures(self) -> list[Unit]:
        """Features that are conditions, not selling points ("Not available in all states", "Pre-existing
        conditions are not covered"): a feature with a figure ("Up to 600万保额，以条款为准", "4.10% APY as of…")
        sells with its qualifier and stays in the body."""
        return [u for u in self.m.features if u.usable and u.role == "disclosure"
                and (u.cue == "footnote" or not re.search(r"\d", u.text))]

    def unit_line(self, u: Unit, priority: float, slot: tuple) -> Line:
        kind = {"proof": "proof", "audience": "proof", "logistics": "proof", "problem": "pain", "offer": "proof"}.get(
            u.role, "feature")
        # a fragment said on its own is said as a sentence ("Seamless toe, no rubbing.")
        text = ends_sentence(cap_first(u.text) if self.lang == "en" else u.text, self.lang) \
            if u.form == "fragment" else u.text
        return Line(kind, text, self.secs(text), priority, slot, units=(u,))

    def answer(self, pain: Unit, pool: list[Unit], judged: bool = False) -> Unit | None:
        """The line that best answers a pain point: for the hook's pain with a judge, the one the pain makes most
        expected (of the first six after the product is named); else the one sharing most of the pain's words."""
        if judged and self.judge and hasattr(self.judge, "relevance"):
            cands = [u for u in pool if u.role not in ("offer", "logistics", "problem", "disclosure")
                     and not (u.source == "description" and self.what and u.index < self.what.index)][:6]
            if cands:
                rel = self.judge.relevance(pain.text, [u.text for u in cands], self.lang)
                i = max(range(len(cands)), key=rel.__getitem__)
                if rel[i] >= JUDGED_ANSWER:
                    return cands[i]
                return None
        best, score = None, ANSWERS
        for u in pool:
            if u.source == "description" and self.what and u.index < self.what.index:
                continue          # a sentence before the one that names the product sets the scene
            # words, not numbers: "30+ days late" is not answered by "30+ currencies"
            s = overlap(re.sub(r"\d+", " ", strip_end(pain.text)), re.sub(r"\d+", " ", u.text), self.lang) * (
                0.8 if u.form == "fragment" else 1.0)
            # a bare spec ("Packed size 16 x 5 in") shares a word with a pain ("my pack"), it does not answer it
            if s >= score and u.role not in ("offer", "logistics", "problem") and not (
                    u.role == "spec" and u.form == "fragment"):
                best, score = u, s
        return best

    # -------------------------------------------------------------- fitting the time

    def fit(self, draft: _Draft, budget: float) -> list[Line]:
        pause = self.pause
        # what the script stage keeps for the statements it adds after the call to action (the spoken AI
        # disclosure, a required warning): counted in the length the note promises, as the script sheet counts it
        reserved = max(0.0, max(2.0, self.brief.effective_duration_s() - LEAD_IN_S - TAIL_S) - budget)

        def total(lines: list[Line]) -> float:
            return sum(x.seconds for x in lines) + pause * max(0, len(lines) - 1)

        bumper = self.brief.effective_duration_s() <= BUMPER_S
        requested = bool(self.brief.hook_style) and self.hook_kind == self.brief.hook_style
        demoted: list[Line] = []
        # the voice may speed up a little (the runner allows 15%): a line is not cut for the last few percent
        fits = budget * SPEED_ROOM
        # the fixed lines give way first to the body's best line (an answer to a pain, the lead selling point):
        # another sentence that names the product, the shortest call to action, the offer's core, the name alone
        floor = 0.0 if bumper else self.body_floor(draft, budget)
        room_for_fixed = fits if not floor else budget - floor
        for step in ("intro-alt", "cta", "offer", "price"):
            if total(draft.lines()) <= room_for_fixed:
                break
            if step == "intro-alt" and draft.intro.units and len(self.what_options) > 1:
                over = total(draft.lines()) - room_for_fixed
                for alt in self.what_options[1:]:
                    trial = self.intro(draft.hook, alt)
                    if trial.seconds <= draft.intro.seconds - over:
                        self.used.discard(id(draft.intro.units[0]))
                        self.used.add(id(alt))
                        draft.intro = trial
                        break
            elif step == "cta" and not self.brief.cta:
                draft.cta = self.cta(shortest=True)
            elif step == "offer" and draft.offer and draft.offer.units == ():
                texts = self.offer_texts(self.read_offer(), short=True)
                if texts:
                    text = self.join(*texts)
                    if text != draft.offer.text:
                        self.notes.append(f"shortened to fit: the offer said as {text!r} (the screen shows all of it)")
                        draft.offer = Line("offer", text, self.secs(text), 0, (90,), on_screen=draft.offer.on_screen)
                        if self.brief.cta and draft.cta.text != ends_sentence(speakable(self.brief.cta), self.lang):
                            draft.cta = self.cta()      # the call to action says again what the offer no longer does
            elif step == "price" and draft.offer and draft.offer.units == () and floor:
                # still no room for the body's best line: the price is said and the deal shown (its card carries
                # all of it), so the ad says what the product does
                offer = self.read_offer()
                if offer.kind != "list_deal" and offer.price and offer.offer and \
                        not lowers_price(offer.price, offer.offer) and not lowers_price(offer.price, self.brief.cta):
                    text = self.price_line(offer.price)
                    if text != draft.offer.text and self.secs(text) < draft.offer.seconds:
                        self.notes.append(f"shortened to fit: the offer said as {text!r} (the screen shows all of it)")
                        draft.offer = Line("offer", text, self.secs(text), 0, (90,), on_screen=draft.offer.on_screen)
                        if self.brief.cta and draft.cta.text != ends_sentence(speakable(self.brief.cta), self.lang):
                            draft.cta = self.cta()
        # then the opening: the product named in a frame (its sentence joins the body) when that leaves the body
        # its best line, or when the fixed lines alone run over; the hook goes last, only when they still do
        droppable_hook = draft.hook is not None and not requested
        can_name = bool(draft.intro.units) and not mentions_name(draft.intro.units[0].text, self.m.name)
        name_gain = (draft.intro.seconds - self.secs(self.name_line())) if can_name else 0.0
        over = total(draft.lines()) - room_for_fixed
        if over > 0 and can_name and name_gain >= over:
            self.name_alone(draft, demoted)
        if draft.intro.units and total(draft.lines()) > fits:
            self.name_alone(draft, demoted)
        # an ad that says no fact of the product's beyond its name and price is worse than one without a hook:
        # the hook gives way when the fixed lines leave the body's best line no room
        hookless = [x for x in draft.lines() if x is not draft.hook]
        if droppable_hook and (total(draft.lines()) > fits or (
                floor and total(draft.lines()) + floor > fits and total(hookless) + floor <= fits)):
            self.drop_hook(draft, demoted)
        if bumper and draft.offer and draft.offer.units == () and total(draft.lines()) > fits:
            # a bumper that still runs over: the price is shown (its sticker stays from the call to action to
            # the end), not said
            self.notes.append(f"shortened to fit: the price is shown, not said ({draft.offer.on_screen or ''})")
            draft.offer = None
        for u in self.setups:
            if draft.hook and overlap(u.text, draft.hook.text, self.lang) >= 0.25:
                self.notes.append(f"not said: {u.text!r} sets up what the hook already opens with")
            else:
                self.notes.append(f"not said: {u.text!r}: a second opening question before the product is named "
                                  f"(the hook {draft.hook.text if draft.hook else ''!r} opens the ad); put it in "
                                  "persona.pain_points to have it asked and answered")
        budget = max(budget, min(total(draft.lines()) + floor, fits))     # the best body line may use the speed-up
        chosen, unsaid = self.select(draft, demoted, budget, total)
        if unsaid and total(draft.lines() + chosen) < budget * SHORT_AD:
            # the ad would run short of its length with the brief's lines unsaid: the voice's few percent of
            # speed-up are worth more than a video cut short
            more, rest = self.select(draft, demoted, fits, total)
            if total(draft.lines() + more) > total(draft.lines() + chosen):
                chosen, unsaid = more, rest
        noted: set[int] = set()
        for c in sorted(unsaid, key=lambda x: len(x.units)):
            own = {id(u) for u in c.units if u.source != "pain"}
            if own and own <= noted:
                continue          # its sentence is noted already (a pain asked and answered by it)
            noted |= own
            if c.units and c.units[0].source == "feature" and c.units[0].index >= TITLE_INDEX:
                continue          # a marketplace title's keyword: the screen's business, not a loss
            if c.units and c.units[0].source == "feature" and any(
                    overlap(c.text, x.text, self.lang) >= COVERED for x in draft.lines() + chosen + unsaid if x is not c
                    and not (x.units and x.units[0].source == "feature")):
                continue          # said, or noted, in the description's own words
            if self.place_bound and c.units and c.units[0].role == "logistics" and len(c.units) == 1 \
                    and WHERE_WHEN.search(c.text) and c.text not in self.fine_print:
                # where and when a place is: no one can come without it, so what there is no time to say is shown
                self.fine_print.append(c.text)
                self.notes.append(f"shown on screen from the offer to the end, not said (no time to say it in "
                                  f"{self.brief.effective_duration_s():.0f} s): {c.text!r}")
                continue
            self.notes.append(f"left out to fit the duration ({self.brief.effective_duration_s():.0f} s): {c.text!r}")
        spoken = total(draft.lines() + chosen)
        if not unsaid and spoken < budget * 0.85:
            target = self.brief.effective_duration_s()
            lacking = budget - spoken
            spoken += reserved
            per = self.secs("This sentence is about as long as one line of an ad." if self.lang == "en"
                            else "这句话差不多是一句广告文案的长度。")
            more = max(1, round(lacking / max(per, 0.5)))
            video = max(6, round(spoken + LEAD_IN_S + TAIL_S))
            self.notes.append(
                f"the brief has about {spoken:.0f} s of speech for a {target:.0f} s ad, so the video will run about "
                f"{video} s (no silence is added): add {more} more sentence{'s' if more > 1 else ''} to the "
                f"description (or features) for {target:.0f} s, or set duration_s to {video}")
        return chosen

    def name_alone(self, draft: _Draft, demoted: list[Line]) -> None:
        """The product named in a frame opens; its sentence joins the body, said if it earns its time."""
        what = draft.intro.units[0]
        name_line = self.name_line()
        draft.intro = Line("intro", name_line, self.secs(name_line), 0, (1,), on_screen=self.m.name)
        self.used.discard(id(what))
        demoted.append(self.unit_line(what, 2.0, (1, 1)))

    def drop_hook(self, draft: _Draft, demoted: list[Line]) -> None:
        self.notes.append(f"left out to fit the duration: the hook {draft.hook.text!r} (the product's own "
                          "sentence opens the ad)")
        self.used -= {id(u) for u in draft.hook.units}
        draft.hook = None
        for u in self.setups:            # what the hook said in its own way can be said again
            self.used.discard(id(u))
        self.setups = []
        if draft.answer:                 # the answer stays a good line of the body
            demoted.append(draft.answer)
            draft.answer = None

    def body_floor(self, draft: _Draft, fits: float) -> float:
        """The time the body's best line needs (its pause included), at most 40% of the ad: the fixed lines
        are shortened before a brief's best selling point is left out."""
        fixed = draft.lines()
        best = min((c for c in self.candidates(draft) if not c.fragment and not any(self.said_by(c, x) for x in fixed)),
                   key=lambda c: (c.priority, c.slot), default=None)
        return min(best.seconds + self.pause, 0.4 * fits) if best else 0.0

    @staticmethod
    def covered_at(line: Line) -> float:
        return FEATURE_COVERED if line.units and line.units[0].source == "feature" else COVERED

    def said_by(self, c: Line, x: Line) -> bool:
        """Whether line x already says c: most of c's words, or (a feature) all its numbers and a third of its words.
        The product's name is no fact: a line that only names the product says none of a sentence about it."""
        name = keys(self.m.name, self.lang)
        own, other = keys(c.text, self.lang) - name, keys(x.text, self.lang) - name
        if not own:                       # c says nothing but (part of) the name: said by a line that names it
            return bool(keys(c.text, self.lang) & keys(x.text, self.lang))
        share = len(own & other) / min(len(own), len(other)) if other else 0.0
        if share >= self.covered_at(c):
            return True
        nums = set(re.findall(r"\d+(?:\.\d+)?", c.text))
        if not (nums and c.units[:1] and c.units[0].source == "feature"):
            return False
        # a feature whose every quantity (a number with its unit: 6间, 24h, 3%) a said line has, in a few of its
        # words, is that line's summary
        qty = quantities(c.text)
        if qty and qty <= quantities(x.text) and share >= 0.25:
            return True
        return share >= 0.3 and nums <= set(re.findall(r"\d+(?:\.\d+)?", x.text))

    def select(self, draft: _Draft, demoted: list[Line], budget: float, total) -> tuple[list[Line], list[Line]]:
        """The body lines that fit, most important first; then a line another said line says again (in other
        words, or as a shorter fragment) gives its time back to the next one that fits."""
        pending = sorted(demoted + self.candidates(draft), key=lambda x: (x.priority, x.slot))
        size = LIST_SIZE.get(self.energy, 3)
        fixed = draft.lines()
        chosen: list[Line] = []
        dropped: set[int] = set()
        for _ in range(4):
            room = budget - total(fixed + chosen)
            added = False
            n_frag = sum(1 for c in chosen if c.fragment)
            for c in pending:
                if id(c) in dropped or c in chosen:
                    continue
                if any(self.said_by(c, x) for x in fixed + chosen):
                    dropped.add(id(c))
                    continue
                lean = c.units[0].leans_on if c.units and c.units[0].source == "description" else None
                if lean is not None and c.slot[:2] != (2, 1) and not any(
                        u.source == "description" and u.index == lean for x in fixed + chosen for u in x.units):
                    continue          # said only after the sentence it leans on
                joins_list = c.fragment and n_frag % size != 0
                cost = c.seconds + (0.1 if joins_list else self.pause)
                if cost <= room:
                    chosen.append(c)
                    room -= cost
                    n_frag += c.fragment
                    added = True
            # a chosen line that a longer chosen line says again goes (the longer one keeps its words)
            pruned = False
            for c in sorted(chosen, key=lambda x: len(keys(x.text, self.lang))):
                others = [x for x in fixed + chosen if x is not c]
                if any(self.said_by(c, x) and len(keys(x.text, self.lang)) >= len(keys(c.text, self.lang))
                       for x in others):
                    chosen.remove(c)
                    dropped.add(id(c))
                    pruned = True
            if not pruned and not added:
                break
        unsaid = [c for c in pending if c not in chosen and id(c) not in dropped]
        return chosen, unsaid

    def chip_for(self, line: Line) -> str | None:
        """A sentence that says a feature in other words shows that feature as its chip."""
        if not line.units:
            return None
        return next((strip_end(f.text) for f in self.m.features if f.usable and f.form == "fragment"
                     and overlap(f.text, line.text, self.lang) >= COVERED and units(f.text, self.lang) <= 14), None)

    def list_line(self, items: list[str]) -> str:
        """Features said as a list in one fixed form (zh: 、 or ，; en: one fragment a sentence); with a judge, as
        one sentence the model wrote when it keeps every word and number, adds nothing a claim rule flags, and
        reads better than the list."""
        lang = self.lang
        if lang == "en":
            plain = ". ".join(cap_first(i) for i in items) + "."
        elif lang == "ja":
            plain = "。".join(items) + "。"
        else:
            plain = ("。" if any("，" in i for i in items) else "，").join(items) + "。"
        if not self.judge or len(items) < 2 or not hasattr(self.judge, "join"):
            return plain
        edit = self.judge.join(items, lang)
        if not edit:
            return plain
        edit = ends_sentence(cap_first(edit) if lang == "en" else edit, lang)
        if not keeps_every_word(edit, items, lang) or lint_text(edit, "line", self.brief):
            return plain
        if misread(edit, lang, self.brief.pronounce):
            return plain
        a, b = self.judge.scores([plain, edit], lang)
        if b < a:
            return edit
        return plain

    # -------------------------------------------------------------- scenes

    def scenes(self, draft: _Draft, body: list[Line]) -> list[ScriptScene]:
        lang = self.lang
        ordered = sorted(body, key=lambda x: x.slot)
        groups: list[list[Line]] = []
        size = LIST_SIZE.get(self.energy, 3)
        for line in ordered:
            if line.fragment and groups and groups[-1][0].fragment and len(groups[-1]) < size:
                groups[-1].append(line)
            else:
                groups.append([line])
        # a fragment left alone and short ("可机洗") is a menu item read out, not a line: the screen keeps it
        groups = [g for g in groups if not (len(g) == 1 and g[0].fragment
                                            and units(g[0].text, lang) < (2 if lang == "en" else 4))]
        said = [x.text for x in draft.lines()]
        for line in [*draft.lines(), *body]:
            for u in line.units:
                if u.aside and u.aside not in self.fine_print:
                    self.fine_print.append(u.aside)
                    self.notes.append(f"said without the condition in its brackets, which is shown on screen from "
                                      f"the offer to the end: {u.aside!r}")
        out: list[ScriptScene] = []
        if draft.hook:
            out.append(ScriptScene(kind="hook", narration=draft.hook.text, on_screen=draft.hook.on_screen))
        out.append(ScriptScene(kind="intro", narration=draft.intro.text, on_screen=draft.intro.on_screen))
        if draft.answer:
            out.append(ScriptScene(kind=draft.answer.kind, narration=draft.answer.text,
                                   on_screen=draft.answer.on_screen or self.chip_for(draft.answer)))
        for g in groups:
            if g[0].fragment:
                items = [strip_end(x.text) for x in g]
                text = self.list_line(items)
                out.append(ScriptScene(kind="feature", narration=text, on_screen=" · ".join(items)))
            else:
                x = g[0]
                out.append(ScriptScene(kind=x.kind, narration=x.text, on_screen=x.on_screen or self.chip_for(x)))
            said.append(out[-1].narration)
        # a booking number alone (slot 95) is how to act: said with the call to action, after the offer
        contact = [sc for sc, line in zip(out[len(out) - len(groups):], groups) if line[0].slot[:1] == (95,)] \
            if groups else []
        out = [sc for sc in out if sc not in contact]
        if draft.offer:
            out.append(ScriptScene(kind="offer", narration=draft.offer.text, on_screen=draft.offer.on_screen))
        out += contact
        out.append(ScriptScene(kind="cta", narration=draft.cta.text, on_screen=draft.cta.on_screen))
        out += [ScriptScene(kind="disclosure", narration=x.text, on_screen=x.on_screen) for x in draft.closing]
        return out


def lowers_price(price: str | None, offer: str | None) -> bool:
    """Whether an offer ends at a price below the list price (到手价199 after ¥269, now $79): a saving (立减10元,
    $10 off) is no price of its own."""
    if not (price and offer and amounts(price)):
        return False
    lower = [value(m.group(0)) for m in AMOUNT.finditer(offer)
             if not re.search(r"(?:立减|减|省|优惠|券|返|抵|补贴|save|rebate)\s*$", offer[:m.start()], re.I)
             and not re.match(r"\s*(?:off|back|discount|rebate)\b", offer[m.end():], re.I)]
    high = value(amounts(price)[0])
    return bool(high) and any(v is not None and v < high for v in lower)


def quantities(text: str) -> set[str]:
    return {re.sub(r"\s", "", q).lower() for q in QUANTITY.findall(text)}


def keeps_every_word(edit: str, items: list[str], lang: str) -> bool:
    """Whether an edit of a list into a sentence says every word and number of every item, in order, and adds
    no number: the words of each item appear in the edit (letters and digits; Chinese characters) in order."""
    def tokens(text: str) -> list[str]:
        if lang == "en":
            return re.findall(r"[a-z0-9]+(?:[.'’-][a-z0-9]+)*", text.lower())
        return re.findall(r"[\u3040-\u30ff\u3400-\u9fff]|[a-z0-9]+(?:\.[0-9]+)?", text.lower())
    got = tokens(edit)
    pos = 0
    for item in items:
        for t in tokens(item):
            try:
                pos = got.index(t, pos) + 1
            except ValueError:
                return False
    numbers = set(re.findall(r"\d+(?:\.\d+)?", " ".join(items)))
    # what the edit adds is glue ("and", "with", 和, 还): a word of its own ("助眠", "healthy") is a new claim
    added = [t for t in got if t not in set(tokens(" ".join(items)))]
    return (set(re.findall(r"\d+(?:\.\d+)?", edit)) <= numbers and len(added) <= 6
            and all(t in JOIN_GLUE.get(lang, JOIN_GLUE["en"]) for t in added))


# the words a join of a list into a sentence may add
JOIN_GLUE = {
    "en": set("and with plus the a an its it has have is are of for in on to that which so also you your while both "
              "all".split()),
    "zh": set("的和与及还也又都而且并更有让就是可以能在"),
    "ja": set("のとやもがはでにをし、"),
}


def say_filled(template: str, slots: dict) -> str:
    from pipeline.copy.frames import fill

    return fill(template, **slots)


def _generic(data: dict, cat: str, energy: str) -> set[str]:
    return {o for o in data.get("cta", {}).get(cat, {}).get(energy, []) if isinstance(o, str)}


def _said_in(part: str, whole: str) -> bool:
    def norm(x: str) -> str:
        return re.sub(r"[\s\W_]+", "", x).lower()
    return bool(part) and norm(part) in norm(whole)


__all__ = ["Copywriter", "HOOK_KINDS", "VARIATION_STEP", "Judge", "data_version", "misread", "is_cjk"]
