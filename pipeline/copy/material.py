"""What a brief gives the writer to say: its sentences whole, each with a role, and what cannot be said and why.

    description   -> one Unit per sentence (never cut inside), role from templates/copy/roles.yaml
    features      -> one Unit each: a sentence when the marketer wrote one, else a fragment
    pain points   -> kept apart: hooks and questions a selling point answers
    price, offer  -> the offer story (copy/offers.py); cta -> the call to action

A line the claim rules flag, one whose spoken form still has something a voice would misread, or one too
long for the ad is not said; each is reported in the notes with the exact fix (allow_claims, pronounce, a
shorter sentence). A fragment or a feature that only repeats a sentence said anyway is left to the screen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.copy.roles import role_of
from pipeline.model.brief import Brief
from pipeline.text.sentences import (END_PUNCT, cap_first, ends_sentence, is_first_person, is_question, speakable,
                                     speaks_as_self, split_sentences, strip_end, strip_marker, units)
from pipeline.text.similarity import keys

# a pain that speaks of death or harm is never said back to the viewer
FEAR = re.compile(r"\b(?:breath(?:e|ing)?|chok\w*|suffocat\w*|die|dying|death|dead|sids|cancer|stroke|heart attack|"
                  r"overdose|suicid\w*|drown\w*)\b|窒息|猝死|死亡|癌|中风|心梗|溺水|自杀|去世", re.I)
FOOTNOTE = re.compile(r"^\s*[*※†]+\s*\S")
ASIDE = re.compile(r"\s*[（(]([^（）()]{10,})[）)]\s*([。.!！]?)\s*$")
QUALIFIER = re.compile(r"测试|工况|条件|实验室|检测|为准|而异|仅供参考|实际|数据来源|\b(?:based on|tested|tests?|results|vary|"
                       r"varies|conditions|lab|source|as of|individual)\b", re.I)
# ... dead plants and a dying battery are no fear for life
NOT_ALIVE = re.compile(r"plant|flower|garden|lawn|grass|leaf|leaves|batter|phone|pixel|engine|car\b|zone|植物|花|电池", re.I)
# a line the screen shows but the voice skips: a registration or approval number
REGISTRATION = re.compile(r"(?:批准文号[:：]?\s*)?(?:国妆特字|国妆备|械注准|"
                          r"械备|国食健字|国食健注|卫食健字|食健备|FDA\s*(?:reg(?:istration)?\.?|"
                          r"registered)\s*(?:no\.?|#)?)\s*[:：]?\s*[\w\-]+", re.I)


@dataclass
class Unit:
    """One piece of the brief the script may say, whole."""

    text: str                 # as it will be said and captioned (the brief's words; emoji and markers gone)
    source: str               # description, feature, pain
    index: int                # order within its source
    role: str                 # see copy/roles.py
    form: str                 # sentence, fragment, question, first_person
    cue: str | None = None    # the role cue that decided the role
    why_not: str = ""         # why it cannot be said (empty: it can)
    leans_on: int | None = None   # index of the sentence it leans on
    aside: str | None = None      # a condition in brackets at its end, shown on screen instead of said

    @property
    def usable(self) -> bool:
        return not self.why_not


@dataclass
class Material:
    name: str                          # the product's name as said
    lang: str
    sentences: list[Unit]              # description sentences, in order
    features: list[Unit]
    pains: list[Unit]
    notes: list[str] = field(default_factory=list)

    def usable(self, units_: list[Unit]) -> list[Unit]:
        return [u for u in units_ if u.usable]


def _clean(text: str) -> str:
    text = REGISTRATION.sub("", text)
    text = re.sub(r"([，,、；;：:])\s*(?:[，,、；;：:]\s*)+", r"\1", text)      # what a removed number left behind
    text = speakable(strip_marker(text)).strip(" ,，、;；:：")
    # a sentence wholly in brackets ("（固体饮料，本品不能代替药物）。") is said and shown without them
    whole = re.fullmatch(r"[（(]([^（()）]+)[）)]([。.！!]?)", text)
    return (whole.group(1) + whole.group(2)).strip() if whole else text


def _form(text: str, lang: str, whole: bool) -> str:
    if is_question(text):
        return "question"
    if is_first_person(text, lang):
        return "first_person"
    return "sentence" if whole else "fragment"


def feature_is_sentence(text: str, lang: str) -> bool:
    """A feature the marketer wrote as a sentence (it ends like one, or has a subject and a verb in English)."""
    t = text.strip()
    if t and t[-1] in END_PUNCT and t[-1] not in ";；":
        return True
    if lang == "en":
        return bool(re.match(r"^(?:it|you|your|we|they|our|this|these|each|every)\b", t, re.I)
                    and len(t.split()) >= 4)
    return False


# a sentence that leans on the one before it: a connective, or a reference back ("So we made our own.",
# "棉芽睡袋就是为这个做的。"); it is said only after that sentence, or after the hook that does its job
LEANS_BACK = {
    "en": re.compile(r"^(?:so|and|but|because|instead|that's why|which is why|this is why|that is why|then|plus|"
                     r"(?:if|when|once) (?:it|they|he|she)|they|them|he|she|these|those)\b"
                     # a clause first, then a pronoun with nothing in the sentence to point to ("When the job's
                     # done they tap Complete")
                     r"|^(?:if|when|once|after|before|as soon as)\b[^,.]{0,40}?,?\s(?:they|he|she)\s", re.I),
    "zh": re.compile(r"^(?:所以|因此|于是|但是|可是|不过|而且|并且|不如|这样|那就|就这样|它|他们|她们)"
                     r"|^.{0,8}(?:就是为(?:这|此)|为了这个|正因为)"),
    "ja": re.compile(r"^(?:だから|そこで|でも|しかし|そして|それで)"),
}


def gather(brief: Brief, spoken_name: str, say_ok, claim_hits) -> Material:
    """The brief's material. say_ok(text) -> (ok, what the voice would misread); claim_hits(text) -> findings."""
    lang = brief.lang
    p, persona = brief.product, brief.persona
    notes: list[str] = []

    # a footnote the brief gives ("*Based on a 150 m² home, daily cleaning") is the condition of the marked claim:
    # the claim is said without its mark and the footnote is a disclosure (said short, else shown)
    footnoted = any(FOOTNOTE.match(x) for x in [*split_sentences(p.description or ""), *p.features])

    def unit(raw: str, source: str, index: int, whole: bool) -> Unit | None:
        text = _clean(raw)
        if not text or not re.search(r"\w", text):
            return None
        if footnoted:
            text = re.sub(r"(?<=\S)[*※†]+(?=\s|$|[.,;:!?。，；！？)）])", "", text)
            raw = re.sub(r"(?<=\S)[*※†]+(?=\s|$|[.,;:!?。，；！？)）])", "", raw)
        role, cue = role_of(text, lang)
        if FOOTNOTE.match(raw):
            role, cue = "disclosure", "footnote"
        # a line of a pasted list ("精洗", "Pets welcome") is a fragment: said in a list, not alone
        if whole and source == "description" and role in ("benefit", "spec") and not re.search(r"[，,、；;：:]", text) \
                and units(text, lang) <= (3 if lang == "en" else 6):
            whole = False
        if whole and lang == "en":
            text = cap_first(text)              # "...; your rate depends on..." said as a sentence of its own
        # a long condition in brackets at the end of a selling point ("续航100km（测试工况：25℃，载重75kg…）",
        # "(lab test, results vary)") is fine print: the voice says the point, the screen keeps the condition
        aside = None
        m = ASIDE.search(text)
        if m and QUALIFIER.search(m.group(1)) and units(m.group(1), lang) >= (6 if lang == "en" else 12) \
                and units(text[:m.start()], lang) >= (3 if lang == "en" else 6):
            aside, text = m.group(1).strip(), text[:m.start()].rstrip(" ,，;；") + m.group(2)
        u = Unit(ends_sentence(text, lang) if whole else strip_end(text), source, index, role,
                 _form(text, lang, whole), cue, aside=aside)
        # what the law asks the ad to say (the supplement disclaimer's "treat, cure, or prevent") is not a claim
        hits = [] if role == "disclosure" else (claim_hits(u.text) or claim_hits(raw))  # what cleaning took away counts
        if hits:
            h = next((x for x in hits if x.severity == "block"), hits[0])
            what = "personal data" if h.family == "privacy" else \
                f"{'an' if h.family[:1] in 'aeiou' else 'a'} {h.family} claim"
            law = h.basis.split(":")[0]
            if h.rule == "footnoted-claims":
                u.why_not = ("its mark points to a footnote the brief does not give (a claim is only true with its "
                             "condition): add the footnote's text to the description, or take the mark out")
            elif h.severity == "block":
                u.why_not = (f"{h.text!r} is {what} the law bars here ({law}); say the fact behind it instead "
                             f"({in_language(h.suggestion, lang)})")
            else:
                u.why_not = (f"{h.text!r} is {what} that needs evidence ({law}); if you can substantiate it, add "
                             f"{h.text!r} to the brief's allow_claims")
            return u
        ok, left = say_ok(u.text)
        if not ok:
            u.why_not = (f"the voice would misread {', '.join(repr(x) for x in left)}; add "
                         + ", ".join(f'"{x}": "<how it is said>"' for x in left) + " to the brief's pronounce")
        return u

    sentences = [u for i, s in enumerate(split_sentences(p.description)) if (u := unit(s, "description", i, True))]
    rx = LEANS_BACK.get(lang)
    for prev, u in zip(sentences, sentences[1:]):
        if rx and rx.search(u.text.strip()):
            u.leans_on = prev.index
    features = []
    for i, f in enumerate(p.features):
        whole = feature_is_sentence(f, lang)
        u = unit(f, "feature", i, whole)
        if u:
            features.append(u)
    # a marketplace title's keywords after the name ("三人位", "可冲厕所", "Odor Resistant 3 Pack") are search words,
    # not lines: they are never said (the writer's note names them, for the marketer to put in features)
    pains = []
    for i, x in enumerate(persona.pain_points):
        text = _clean(x)
        quoted = bool(re.fullmatch(r'\s*["“「『].+["”」』][。.!！?？]?\s*', text))
        text = re.sub(r'^["“「『]\s*|\s*["”」』]([。.!！?？]?)$', r"\1", text).strip() if quoted else text
        if not text:
            continue
        if FEAR.search(text) and not (FEAR.search(text).group(0).lower() in ("die", "dying", "dead", "death")
                                      and NOT_ALIVE.search(text)):
            notes.append(f"pain point not said back to the viewer (a fear for life or health): {x!r}")
            continue
        u = Unit(text.rstrip("。.!！") if not is_question(text) else text, "pain", i, "problem",
                 "first_person" if (quoted and not is_question(text)) or speaks_as_self(text, lang) else
                 _form(text, lang, units(text, lang) > (8 if lang == "en" else 14)))
        hits = claim_hits(u.text)
        if hits:
            u.why_not = f"{hits[0].text!r} is a {hits[0].family} claim"
        pains.append(u)
    reasons: set[str] = set()
    for u in [*sentences, *features]:
        if u.why_not and u.why_not.lower() not in reasons:    # a claim the description and a feature both make: once
            reasons.add(u.why_not.lower())
            notes.append(f"not said: {u.text!r}: {u.why_not}")
    return Material(spoken_name, lang, sentences, features, pains, notes)


def title_keywords(name: str, said: str, lang: str) -> list[str]:
    """The words of a marketplace title after the name as said: its search keywords ("木棉家 奶油风 科技布 小户型沙发
    三人位 2.1m" -> 三人位; "VoltLeaf Power Bank 5000mAh, Slim Wireless Charger for iPhone 15/14/13" -> the phrases
    after the comma). Brackets' store notes ("官方旗舰", "2024新款") are not facts of the product."""
    bare = re.sub(r"[【\[][^】\]]*[】\]]", " ", name)
    squeezed = re.sub(r"\s+", "", said)
    if lang == "en":
        tail = bare.split(said, 1)[1] if said in bare else ""
        parts = [p.strip(" ,–—-|") for p in re.split(r"[,|–—]|\s-\s", tail)]
        return [p for p in parts if len(p.split()) >= 2 and not re.fullmatch(r"[\w\s]{0,12}", p.lower()) or
                re.search(r"\d", p)][:3]
    out = []
    for tok in bare.split():
        t = tok.strip("*·,，")
        if len(re.findall(r"[\u3400-\u9fff]", t)) < 2 or t in squeezed or squeezed in t or \
                re.search(r"新款|旗舰|正品|包邮|现货|爆款", t):
            continue
        out.append(t)
    return out[:4]


def in_language(text: str, lang: str) -> str:
    """The part of a bilingual "中文 / English" text in the ad's language (the whole text when it has one part)."""
    parts = [p.strip() for p in re.split(r"\s+/\s+", text) if p.strip()]
    cjk = [p for p in parts if re.search(r"[\u3400-\u9fff]", p)]
    latin = [p for p in parts if not re.search(r"[\u3400-\u9fff\u3040-\u30ff]", p)]
    pick = latin if lang == "en" else cjk
    return " / ".join(pick) if pick and len(parts) > 1 else text


def mentions_name(text: str, name: str) -> bool:
    """Whether a line says the product's name (spaces and punctuation aside), or each part of a name written in
    parts ("恒禾安心保·百万医疗险" in "恒禾安心保是一款百万医疗险"), in order."""
    def norm(x: str) -> str:
        return re.sub(r"[\s\W_]+", "", x).lower()
    if not name:
        return False
    if norm(name) in norm(text):
        return True
    parts = [norm(p) for p in re.split(r"[·•|｜:：]+", name) if norm(p)]
    if len(parts) < 2:
        return False
    at, t = 0, norm(text)
    for p in parts:
        at = t.find(p, at)
        if at < 0:
            return False
        at += len(p)
    return True


def names_product(text: str, raw_name: str, said_name: str, lang: str) -> bool:
    """Whether a line names the product: its name as said, or its brand with most of its name ("The Clearbreath
    300 uses..." for "Clearbreath 300 HEPA Air Purifier", "坐得稳P5人体工学椅..." for "坐得稳人体工学椅")."""
    if mentions_name(text, said_name):
        return True
    raw = re.sub(r"[【\[][^】\]]*[】\]]", " ", raw_name).split()
    brand = next((w for w in raw if w.lower() not in ("the", "a", "an")), "")
    if len(brand) < 2 or brand.lower() not in text.lower():
        return False
    name_keys = keys(said_name, lang)
    return bool(name_keys) and len(name_keys & keys(text, lang)) / len(name_keys) >= 0.3


def about(unit_text: str, lang: str) -> frozenset[str]:
    return keys(unit_text, lang)
