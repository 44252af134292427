"""Claim and privacy lint: absolute terms, medical claims, guarantees, finance and medical-service
promises, award claims and personal data, in zh, en and ja.

Rules are data (templates/claims/rules.yaml). What is checked is what gets published: every script
line and on-screen text, plus the brief fields shown verbatim (name, price, offer, call to action,
URL). Brief text the writer only draws on (description, features, pain points) is reported as a
warning, since the built-in writer leaves flagged lines out.

Some rules hold only for a kind of product (`categories:` in the rules file): finance promises (保本,
"guaranteed returns") for finance and insurance, efficacy and safety promises (无痛, "permanent
results") for clinics. The kind is the brief's `product.category` when it names one the rules know,
else it is guessed from the brief's words (`guess_categories`). A guess only ever adds rules: the
exemptions of health products need the category written in the brief.

The built-in writer never cuts a sentence: a line with a finding is left out whole, and the finding is
reported with the fix (allow_claims, or the substantiation the suggestion names).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from functools import lru_cache

import yaml

from pipeline.model.brief import Brief
from pipeline.model.script import Script
from pipeline.resources import templates_dir
from pipeline.text.sentences import split_sentences


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
    health_exempt: str               # "": never; "all": any health product; "drugs": drugs, devices, clinics
    categories: frozenset[str] = frozenset()    # empty: every product; else only these kinds of product
    unless: re.Pattern | None = None            # a hit is not reported when the same text matches this
    not_in: re.Pattern | None = None            # a hit inside a match of this is not reported (非保本)
    own_contact: bool = False                   # the advertiser's own contact line in the brief is not reported


@dataclass(frozen=True)
class _Config:
    rules: tuple[_Rule, ...]
    health: frozenset[str]                      # categories whose medical claims are warnings, not blocks
    disclaimer: str                             # health food's required line
    groups: dict[str, frozenset[str]]           # rule category -> the product.category values that mean it
    guess: dict[str, tuple[tuple[re.Pattern, int], ...]]   # rule category -> (word, weight) to guess it
    guess_threshold: int
    risk_wording: re.Pattern | None             # a finance ad's risk warning is there
    risk_warning: dict[str, str]                # the risk warning to add, by language
    risk_warning_short: dict[str, str]          # ... in an ad of 15 s or less


def _term_regex(term: str) -> str:
    esc = re.escape(term)
    if re.match(r"^[\w ]+$", term, re.A):           # latin words: whole words only ("cure" not in "secure")
        return rf"(?<![\w]){esc}(?![\w])"
    return esc


def _word_regex(word: str) -> str:
    """One guess word: Latin words whole (a trailing * allows any ending: invest* = invests, investing),
    CJK and other text as a substring; a word starting with re: is a regular expression."""
    if word.startswith("re:"):
        return word[3:]
    prefix = word.endswith("*")
    w = word.rstrip("*")
    esc = re.escape(w).replace(r"\ ", r"\s+")
    if re.search(r"[A-Za-z0-9]", w) and re.match(r"^[\x00-\x7f]+$", w):
        return rf"(?<![A-Za-z0-9]){esc}" + ("" if prefix else r"(?![A-Za-z0-9])")
    return esc


def _compile_rule(r: dict) -> _Rule:
    # longest term first, so 保本保息 is one hit rather than 保本 and then 保息
    terms = sorted(r.get("terms", []), key=len, reverse=True)
    parts = list(r.get("patterns", [])) + [_term_regex(t) for t in terms]
    unless, not_in = r.get("unless"), r.get("not_in")
    return _Rule(r["id"], r["family"], r["language"], r["severity"], r["basis"], r["suggestion"],
                 re.compile("|".join(parts), re.I), bool(r.get("exempt_in_name")),
                 {True: "all", "drugs": "drugs"}.get(r.get("health_exempt"), ""),
                 frozenset(r.get("categories", [])), re.compile("|".join(unless), re.I) if unless else None,
                 re.compile("|".join(not_in), re.I) if not_in else None, bool(r.get("own_contact")))


CONTACT_CUE = re.compile(r"电话|热线|致电|拨打|来电|联系|预约|咨询|地址|\b(?:call|phone|tel|text|dial|contact|book|"
                         r"reservations?|hotline)\b", re.I)


def own_contacts(brief: Brief) -> set[str]:
    """The digits of the phone numbers a brief gives as the business's own line: in its call to action, or in a
    description sentence that says to call or book ("电话020-3888 6721", "Call (512) 555-0148")."""
    texts = [brief.cta or ""] + [s for s in split_sentences(brief.product.description or "") if CONTACT_CUE.search(s)]
    return {re.sub(r"\D", "", m.group(0)) for t in texts for m in re.finditer(r"[\d()][\d() .-]{6,}\d", t)}


@lru_cache(maxsize=1)
def _config() -> _Config:
    with open(templates_dir() / "claims" / "rules.yaml", encoding="utf-8") as f:
        data = yaml.safe_load(f)
    rules = tuple(_compile_rule(r) for r in data["rules"])
    groups = {cat: frozenset(str(v).strip().lower() for v in [cat, *values])
              for cat, values in (data.get("categories") or {}).items()}
    g = data.get("category_guess") or {}
    weights = g.get("weights", {"strong": 2, "weak": 1})
    guess = {}
    for cat, kinds in (g.get("words") or {}).items():
        guess[cat] = tuple((re.compile(_word_regex(w), re.I), int(weights[kind]))
                           for kind, words in kinds.items() for w in words)
    risk = data.get("finance_risk_wording")
    return _Config(rules, frozenset(data.get("health_categories", [])), data.get("health_food_disclaimer", ""),
                   groups, guess, int(g.get("threshold", 2)), re.compile("|".join(risk), re.I) if risk else None,
                   dict(data.get("finance_risk_warning") or {}), dict(data.get("finance_risk_warning_short") or {}))


def is_health_product(brief: Brief) -> str:
    """The brief names a health product or a medical service (health-food, drug, clinic, dental...): its
    medical claims are warnings that need the ad approval number (广告批准文号 / 医疗广告审查证明), since
    《广告法》第十七条 bans them only outside medical, drug and device ads. Not guessed from the words, except a
    registered health food's own registration (蓝帽子, 国食健…)."""
    cfg = _config()
    given = (brief.product.category or "").strip().lower()
    registered = HEALTH_FOOD_WORDS.search(brief.product.name + " " + brief.product.description) is not None
    if given in ("health-food", "保健食品") or (registered and given not in cfg.health):
        return "health-food"      # its approved function, never to prevent or treat a disease (《广告法》第十八条)
    return "drug" if given in cfg.health or given in cfg.groups.get("medical-service", frozenset()) else ""


@lru_cache(maxsize=256)
def guess_categories(text: str) -> frozenset[str]:
    """The kinds of product the rules care about (finance, medical-service) that a text reads as.

    Each category has strong words (理财, 种植牙, "mortgage", "dentist": weight 2) and weak ones (收益,
    牙齿, "invest*", "dental": weight 1, since they also sell totes and toothpaste); a category is guessed
    when the distinct words found weigh at least the threshold (2: one strong or two weak words). Latin
    words match whole (dentist, not dentistry; clinic, not clinically), CJK words as substrings, with
    exceptions written as patterns (保险 but not 保险箱)."""
    cfg = _config()
    out = set()
    for cat, words in cfg.guess.items():
        if sum(weight for rx, weight in words if rx.search(text)) >= cfg.guess_threshold:
            out.add(cat)
    return frozenset(out)


def _brief_words(brief: Brief) -> str:
    p = brief.product
    return "\n".join([p.name, p.description, *p.features, p.offer or "", p.price or "", brief.cta or "",
                      brief.persona.name or "", *brief.persona.pain_points])


def product_categories(brief: Brief) -> frozenset[str]:
    """Which category-bound rules apply to the brief: the one its product.category names (finance,
    insurance, loan... -> finance; clinic, dental, hospital, 医美... -> medical-service), else those guessed
    from its words. A category the rules do not know (goods, local-service, app...) or a health category
    (health-food, drug...) with no rule of its own is not a decision: words still decide, so a dental
    clinic filed under local-service gets the medical-service rules."""
    cfg = _config()
    given = (brief.product.category or "").strip().lower()
    named = frozenset(cat for cat, values in cfg.groups.items() if given in values)
    if named:
        return named
    if given in cfg.health:
        return frozenset()
    return guess_categories(_brief_words(brief))


_RANK = {"warn": 0, "block": 1}


def _without_nested(found: list[Finding], specific: set[int]) -> list[Finding]:
    """Drop a finding whose span lies inside another finding's span in the same text when that one is at
    least as severe and longer, more severe, or from a category-bound rule (the more specific one): "#1"
    inside "#1 rated", "guaranteed" (a warning) inside "guaranteed returns" (blocked), 根治 as a medical
    claim inside the same 根治 as a clinic's promise."""
    def rank(i: int) -> tuple:
        f = found[i]
        return (_RANK[f.severity], f.end - f.start, i in specific)

    keep = []
    for i, f in enumerate(found):
        covered = any(j != i and g.start <= f.start and f.end <= g.end and rank(j) > rank(i)
                      for j, g in enumerate(found))
        if not covered:
            keep.append(f)
    return keep


def lint_text(text: str, field: str, brief: Brief, source_only: bool = False) -> list[Finding]:
    """Findings in one piece of text. source_only: text that is raw material, not published (warn at most)."""
    cfg = _config()
    name = brief.product.name
    name_spans = [(m.start(), m.end()) for m in re.finditer(re.escape(name), text)] if name else []
    health = is_health_product(brief)
    market = ad_market(brief)
    kinds = None
    out, specific = [], set()
    for rule in cfg.rules:
        # Chinese rules do not read Japanese (最新 is not 最+adjective there) and Japanese rules only read Japanese;
        # English rules read every language (Latin words inside Chinese or Japanese copy)
        if (rule.language == "zh" and brief.lang == "ja") or (rule.language == "ja" and brief.lang != "ja"):
            continue
        if rule.categories:
            kinds = product_categories(brief) if kinds is None else kinds
            if not rule.categories & kinds:
                continue
        if rule.unless is not None and rule.unless.search(text):
            continue
        spared = [(m.start(), m.end()) for m in rule.not_in.finditer(text)] if rule.not_in else []
        for m in rule.regex.finditer(text):
            if not m.group(0).strip() or any(a <= m.start() and m.end() <= b for a, b in spared):
                continue
            if rule.own_contact and any(re.sub(r"\D", "", m.group(0)) in c for c in own_contacts(brief)):
                continue          # the business's own number, given for people to call, is not a person's
            severity, note = rule.severity, ""
            if rule.exempt_in_name and (field == "product.name" or
                                        any(a <= m.start() and m.end() <= b for a, b in name_spans)):
                severity, note = "warn", "part of the product name: confirm it is a registered name, not a claim"
            elif rule.health_exempt and health and (rule.health_exempt == "all" or health != "health-food"):
                severity, note = "warn", "health product: needs the ad approval number before publishing"
            elif source_only and severity == "block":
                severity, note = "warn", "in the brief only; the built-in writer leaves this line out"
            if rule.categories:
                specific.add(len(out))
            out.append(Finding(rule.id, rule.family, severity, field, m.group(0), m.start(), m.end(), text,
                               basis_for(rule.basis, market), rule.suggestion, note))
    allowed = [a.strip().lower() for a in getattr(brief, "allow_claims", []) if a.strip()]
    if allowed:
        out = [f for f in out if not any(f.text.strip().lower() in a or a in f.text.strip().lower() for a in allowed)]
    return _without_nested(out, specific)


def ad_market(brief: Brief) -> str:
    """Whose advertising law the ad answers to: "cn" when it runs on a Chinese platform, else by its language
    ("us" for English, "jp" for Japanese)."""
    from pipeline.model.platform import platforms

    if any(platforms()[p].market == "cn" for p in brief.platforms or []):
        return "cn"
    return {"ja": "jp", "zh": "cn"}.get(brief.lang, "us")


_MARKET_OF_PART = (("cn", re.compile(r"[《》]|[\u4e00-\u9fff]{4}")), ("jp", re.compile(r"[\u3040-\u30ff]|景品表示法|薬機法")),
                   ("us", re.compile(r"\b(?:FTC|FDA|DSHEA|FINRA|GDPR|SEC|CFPB|TILA|US|U\.S\.)\b")))


def basis_for(basis: str, market: str) -> str:
    """The part of a rule's legal basis that holds in the ad's market ("《广告法》第二十八条 / FTC: ..." cites the
    FTC for a US ad and 《广告法》 for a Chinese one); the whole basis when no part names that market's law."""
    parts = [p.strip() for p in re.split(r"\s+/\s+(?=\S)", basis) if p.strip()]
    if len(parts) < 2:
        return basis
    for wanted, rx in _MARKET_OF_PART:
        if wanted == market:
            mine = [p for p in parts if rx.search(p) and not (wanted != "cn" and _MARKET_OF_PART[0][1].search(p))]
            if mine:
                return " / ".join(mine)
    return basis


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
    disclaimer = _config().disclaimer
    if p.category and p.category.strip().lower() in ("health-food", "保健食品") and disclaimer not in p.description:
        out.append(Finding("health-food-disclaimer", "medical", "warn", "product.description", "", 0, 0,
                           p.description, "《广告法》第十八条: 保健食品广告应当显著标明“本品不能代替药物”",
                           f"add “{disclaimer}” to the brief and the end card"))
    out += _finance_risk_warning(brief)
    return out


# statements the law asks certain ads to carry, by kind of product: (what marks the kind, the statement by language)
HEALTH_FOOD_WORDS = re.compile(r"保健食品|蓝帽子?|国食健|卫食健|食健备")
DEVICE_WORDS = re.compile(r"助听器|血压计|血糖仪|制氧机|雾化器|体温计|医疗器械|械字号|械备|理疗仪|矫正器", re.I)
REQUIRED = {
    "medical-device": {"zh": "请仔细阅读产品说明书或者在医务人员的指导下购买和使用"},     # 《广告法》第十六条
    "health-food": {"zh": "本品不能代替药物",                                           # 《广告法》第十八条
                    "en": "This product is not intended to diagnose, treat, cure or prevent any disease."},   # DSHEA
    # 《广告法》第二十五条: 招商等有投资回报预期的广告应当对可能存在的风险有合理提示; US state franchise laws:
    # an ad for a franchise says the offer is made only by the Franchise Disclosure Document
    "franchise": {"zh": "投资有风险，加盟需谨慎",
                  "en": "Franchise offers are made only by Franchise Disclosure Document."},
}


def required_statement(brief: Brief) -> str | None:
    """The statement this ad must say and show: a finance ad's risk warning (risk_warning_line), a medical
    device's 请仔细阅读产品说明书…, a health food's 本品不能代替药物 / DSHEA disclaimer, a franchise's risk
    notice; None when the brief's
    own words already carry it or the product needs none."""
    risk = risk_warning_line(brief)
    if risk:
        return risk
    words = _brief_words(brief)
    cat = (brief.product.category or "").strip().lower()
    kind = ("health-food" if cat in ("health-food", "保健食品") or HEALTH_FOOD_WORDS.search(words) else
            "medical-device" if cat in ("medical-device", "医疗器械") or DEVICE_WORDS.search(words) else
            "franchise" if "franchise" in product_categories(brief) else None)
    said = REQUIRED.get(kind or "", {}).get(brief.lang)
    if not said or re.sub(r"\W", "", said)[:6 if brief.lang != "en" else 16] in re.sub(r"\W", "", words):
        return None
    return said


def risk_warning_line(brief: Brief) -> str | None:
    """The risk warning a finance ad must say when its brief has none (理财有风险，投资需谨慎 / "Investing
    involves risk..."); None for other products or when the brief already warns."""
    cfg = _config()
    if "finance" not in product_categories(brief) or cfg.risk_wording is None:
        return None
    words = _brief_words(brief)
    if cfg.risk_wording.search(words) or not _invests(words):
        return None            # warned already, a finance product with no investment in it (term life cover), or an
                               # insured deposit (an FDIC-insured savings account is not an investment risk)
    warnings = cfg.risk_warning_short if brief.effective_duration_s() <= 15 and cfg.risk_warning_short else \
        cfg.risk_warning
    return warnings.get(brief.lang) or warnings.get("en") or None


# what makes a finance product an investment, whose ad must warn of loss
INSURED_DEPOSIT = re.compile(r"\bFDIC\b|\bNCUA\b|deposit insurance|存款保险|存款保障", re.I)
INVESTING = re.compile(r"invest|\breturns?\b|\byields?\b|\bapy\b|crypto|bitcoin|\bstocks?\b|\b(?:mutual|index|hedge) funds?\b|"
                       r"\betfs?\b|理财|收益|年化|基金|投资|股票|数字货币|利回り|投資|運用", re.I)
# borrowing and insurance cover are not investing: no loss of principal to warn of
BORROWING = re.compile(r"\bloans?\b|\bborrow|\bcredit card|\bmortgage|贷款|借款|信用卡|医疗险|重疾险|意外险|车险|"
                       r"health insurance|dental|clinic", re.I)


def _invests(words: str) -> bool:
    """Whether a finance brief sells an investment (whose ad must warn of loss): investing words, and not a loan,
    an insurance cover or an insured deposit."""
    return bool(INVESTING.search(words)) and not INSURED_DEPOSIT.search(words) and not (
        BORROWING.search(words) and not re.search(r"invest|理财|基金|投资|股票|收益", words, re.I))


def _finance_risk_warning(brief: Brief) -> list[Finding]:
    """A finance ad must warn of its risk (《广告法》第二十五条, FINRA 2210, 金融商品取引法第37条): reported
    when a finance brief (named or guessed) says nothing like 理财有风险 / "investing involves risk"."""
    cfg = _config()
    if "finance" not in product_categories(brief) or cfg.risk_wording is None:
        return []
    words = _brief_words(brief)
    if cfg.risk_wording.search(words) or not _invests(words):
        return []
    p = brief.product
    warning = cfg.risk_warning.get(brief.lang) or cfg.risk_warning.get("en", "")
    return [Finding("finance-risk-warning", "finance", "warn", "product.description", "", 0, 0, p.description,
                    "《广告法》第二十五条: 有投资回报预期的广告应当对可能存在的风险以及风险责任承担有合理提示 / "
                    "FINRA Rule 2210(d)(1)(A): fair and balanced, with the risks / 金融商品取引法第37条: リスクの表示",
                    f"add “{warning}” to the brief (offer or a feature) and the end card")]


def lint_script(script: Script, brief: Brief) -> list[Finding]:
    """Every spoken line and on-screen text of a script."""
    out: list[Finding] = []
    for i, sc in enumerate(script.scenes):
        out += lint_text(sc.narration, f"script.scenes[{i}].narration", brief)
        if sc.on_screen and sc.on_screen != sc.narration:
            out += lint_text(sc.on_screen, f"script.scenes[{i}].on_screen", brief)
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
