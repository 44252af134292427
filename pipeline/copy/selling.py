"""What a selling point is worth in an ad: a benefit the viewer gets, or a spec, a certificate, a price or
marketing fluff that only supports one. Benefits lead, open hooks and survive a short ad; the rest follows.

    "12小时干爽不闷" benefit        "L码 54片/包" spec          "超值实惠" fluff
    "Self-cleaning in 30 seconds" benefit (a surprising number: a time)
    "1500W motor" spec              "SOC 2 Type II" certificate   "Lunch set $12" price
"""

from __future__ import annotations

import re

from pipeline.copy.offers import AMOUNT

FLUFF = re.compile(
    r"^(?:premium|high|top|superior|best|finest|great|excellent|amazing|perfect)[- ]?(?:quality|grade|class)?"
    r"(?: materials?| design| craftsmanship| product)?$|^best[- ]in[- ]class|^(?:stylish|elegant|modern|beautiful|"
    r"luxurious) design$|^great value$|^value for money$|"
    r"^(?:超值实惠|品质保证|性价比高|性价比超高|高端大气|精美|优质|精选|好用|实惠|品质之选|匠心之作|高品质|颜值高|时尚百搭)$", re.I)
CERT = re.compile(r"\b(?:SOC ?2|ISO ?\d+|GDPR|HIPAA|FDA|CE|FCC|UL|GIA|AU ?750|PT ?950|3C|GMP|HACCP|Type I{1,2})\b|"
                  r"认证|检测报告|备案|国标|欧盟标准", re.I)
SPEC_UNIT = (r"(?:kg|g|mg|lb|lbs|oz|fl ?oz|l|ml|w|kw|v|mah|wh|gb|tb|mb|mm|cm|m|in|inch|inches|p|k|hz|fps|"
             r"克|千克|公斤|斤|升|毫升|瓦|伏|毫安|毫安时|寸|英寸|码|号|片|包|袋|盒|支|瓶|粒)")
NUM_UNIT = re.compile(rf"\d+(?:[.,]\d+)?\s?{SPEC_UNIT}(?![a-z])", re.I)
# numbers that surprise: time, share, count, speed ("12小时干爽", "in 30 seconds", "up to 8 shades", "50多节")
SURPRISING_NUMBER = re.compile(
    r"\d+(?:\.\d+)?\+?\s?(?:%|％|percent|倍|x\b|times|seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|years?|"
    r"秒|分钟|小时|天|周|年|个月|shades?|steps?|节|种|款|位|人|家|万|千|项|道|km|kilomet(?:er|re)s?|miles?|mi\b|"
    r"公里|千米|米|calories|cal\b|kcal|卡|大卡|layers?|层|档|倍速|mph|lbs? lost|floors?|楼|ft\b|feet|acres?|"
    r"trails?|runs|lifts|games|flavou?rs|recipes|stores|locations|reviews|members)", re.I)


def point_kind(point: str, lang: str) -> str:
    """'benefit', 'spec', 'cert', 'price' or 'fluff' (see the module's docstring)."""
    p = point.strip().rstrip("。.!！")
    if FLUFF.match(p):
        return "fluff"
    if AMOUNT.search(p) or re.search(r"买.送.|第二件|[Bb]uy \d+,? get|\bfree shipping\b|包邮", p):
        return "price"
    if CERT.search(p) and len(p.split()) <= 6 and len(p) <= 24:
        return "cert"
    if _is_spec(p, lang):
        return "spec"
    return "benefit"


def _is_spec(point: str, lang: str) -> bool:
    """A measurement and at most two words around it: "1500W motor", "64 oz jar", "L码 54片/包", "5.5L大容量"."""
    if SURPRISING_NUMBER.search(point):
        return False
    m = NUM_UNIT.search(point)
    if not m:
        return False
    rest = point[:m.start()] + point[m.end():]
    if lang == "en":
        return len(re.findall(r"[A-Za-z]+", rest)) <= 2
    return len(re.sub(r"[\W\d_A-Za-z]", "", rest)) <= 4


def ranked(points: list[str], lang: str) -> list[str]:
    """Selling points in the brief's order, benefits first, then specs and certificates, then price lines and
    fluff (they stay available; a short ad leaves them out first)."""
    order = {"benefit": 0, "spec": 1, "cert": 1, "price": 2, "fluff": 3}
    return sorted(points, key=lambda p: order[point_kind(p, lang)])


def hook_benefit(points: list[str], lang: str) -> str | None:
    """The selling point a benefit hook leads with: the first benefit, never a spec, a price or fluff."""
    return next((p for p in points if point_kind(p, lang) == "benefit"), None)


def hook_number(points: list[str], lang: str) -> str | None:
    """The selling point a number hook leads with: a benefit whose number surprises (a time, a share, a
    count), never a pack size, a wattage or a model number."""
    usable = [p for p in points if point_kind(p, lang) == "benefit" and not EFFICACY_FIGURE.search(p)
              and (SURPRISING_NUMBER.search(p) or COUNT.search(p))]
    return usable[0] if usable else None


# a count of ten or more things: "1,500+ songs", "800+ board games", "1200+家门店"
_MANY = r"(?<![\d.,])(?:\d{1,3}(?:,\d{3})+|[1-9]\d+)\+?"          # ten or more: three devices surprise no one
COUNT = re.compile(rf"{_MANY}\s(?:[A-Za-z-]+\s){{0,2}}[A-Za-z]+s\b|{_MANY}\s?[首个件家间座张部]", re.I)
# an efficacy figure (a rate, a reduction, a kill rate) is a claim that needs its source: never a hook
EFFICACY_FIGURE = re.compile(r"日息|日利率|月息|利率|\b(?:APR|APY|interest|daily rate)\b|(?:率|减少|降低|提升|"
                             r"提高|改善|\b(?:kills?|removes?|reduces?|eliminates?|clinically|"
                             r"accuracy|accurate|effective)\b|临床).{0,12}\d+(?:\.\d+)?\s?[%％]|"
                             r"\d+(?:\.\d+)?\s?[%％]\s?(?:of (?:germs|bacteria|users|patients)|有效|除菌|杀菌)", re.I)
