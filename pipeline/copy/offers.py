"""Prices and offers as a story: one price, a list price and a deal price, a price with an offer, financing,
or an offer on its own.

"原价¥168" + "团购价¥128" is said as "原价168，团购价只要128", never as two prices for one thing;
"$129.99" + "Regularly $179.99" as "Normally $179.99 — now $129.99" (the label says which is the list
price, whichever field holds it); "月卡¥199" + "首节体验课只要9.9元" are two things, not a discount; "$1,299" +
"from $54/mo with Affirm" is financing. A deal is only ever told as one when it is lower than the list price.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CURRENCY_AMOUNT = (r"(?:[¥￥$€£]|(?<![A-Za-z])(?:RMB|CNY|USD|EUR|GBP|JPY|HKD|SGD)\s?)\s?\d+(?:,\d{3})*(?:\.\d+)?|"
                   r"\d+(?:,\d{3})*(?:\.\d+)?\s?(?:元|块|円|\s?(?:USD|RMB|CNY)\b)")
LIST_WORDS = (r"原价|日常价|门市价|市场价|零售价|吊牌价|专柜价|指导价|建议零售价|官方价|"
              r"通常価格|通常|定価|regular(?:ly)?(?: price)?|normally|"
              r"usually|was|list price|retail|rrp|msrp")
DEAL_WORDS = (r"现价|到手价|到手|售价|特价|团购价|会员价|活动价|券后价|秒杀价|折后价|限时价|优惠价|直播价|now|sale price|"
              r"today|only")
# an amount: with a currency, or a bare number right after a price label (原价680, 现价468: the label is
# part of the match, group "label")
AMOUNT = re.compile(rf"{CURRENCY_AMOUNT}|(?P<label>{LIST_WORDS}|{DEAL_WORDS})[:：\s]?\d+(?:,\d{{3}})*(?:\.\d+)?(?!\d)",
                    re.I)
LIST_LABEL = re.compile(rf"^({LIST_WORDS})[:：\s]*", re.I)
DISCOUNT = re.compile(r"立减|减|off|省|折|save|送|赠|补贴|补\s?(?=[¥￥\d])|抵|以旧换新|trade-?in|返|优惠|第二件|买.送|"
                      r"换购|加购|加价购|\badd-?on\b|\badd\s+[$€£]|"
                      r"buy|get|free|免费|包邮|半价|割引|引き|無料|オフ|"
                      r"scholarship|grant|credit|rebate|cash ?back|bonus|voucher|coupon|gift card|奖学金|补助|红包|代金券|优惠券", re.I)
FINANCING = re.compile(r"/\s?mo\b|a month with|per month with|\b(?:affirm|klarna|afterpay|financing|installments?)\b|"
                       r"分期|月供|免息", re.I)
DEADLINE = {
    "zh": r"限时|截止|仅限|今天|今晚|今日|本周|周末|倒计时|最后\s*\d*\s*[天小时]|\d+\s*(?:天|小时)内|\d+月\d+[日号]前|前\s*\d+\s*名|"
          r"售完即止|抢完|首单|新用户|新客",
    "ja": r"今だけ|期間限定|本日限り|本日|今日|今週|週末|限定|まで|終了|残り|先着|なくなり次第|初回",
    "en": r"\b(?:now|until|ends?|ending|today|tonight|this week(?:end)?|last (?:chance|day)|limited[- ]time|"
          r"\d+\s*(?:days?|hours?) (?:only|left)|by (?:mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may|jun|jul|aug|"
          r"sep|oct|nov|dec)\w*|through|thru|midnight|while stocks? last|first \d+|launch|new (?:customers|patients|"
          r"members)|first (?:order|box|month|visit|class|week))\b",
}


@dataclass(frozen=True)
class Offer:
    """Which story the price and the offer tell.

    kind: "price" (one price), "list_deal" (a list price and a lower deal price: price = the list price
    without its label, deal = the text holding the deal price), "price_offer" (a price and an offer that is
    not a lower price for the same thing), "financing" (a price and a way to pay it over time), "offer"
    (an offer alone), "none". extra: an offer that comes on top of a list/deal story."""

    kind: str
    price: str | None = None
    deal: str | None = None
    offer: str | None = None
    extra: str | None = None

    @property
    def on_screen(self) -> str:
        if self.kind == "list_deal":
            price = self.price or ""
            sign = re.search(r"[¥￥$€£]", self.deal or "")
            if sign and re.fullmatch(r"\d+(?:,\d{3})*(?:\.\d+)?", price.strip()):
                price = sign.group(0) + price.strip()        # "399 → 券后¥259" shows ¥399
            return " · ".join(x for x in (f"{price} → {self.deal}", self.extra) if x)
        return " · ".join(x for x in (self.price, self.offer) if x)


def amounts(text: str | None) -> list[str]:
    """The amounts in a text, as written (a label before a bare number is not part of it)."""
    return [m.group(0)[len(m.group("label") or ""):].strip(":： ") for m in AMOUNT.finditer(text or "")]


def value(amount: str) -> float | None:
    m = re.search(r"\d+(?:,\d{3})*(?:\.\d+)?", amount)
    return float(m.group(0).replace(",", "")) if m else None


def starts_with_amount(text: str) -> bool:
    m = AMOUNT.search(text)
    return bool(m and m.start() == 0 and not m.group("label"))


def bare_price(text: str) -> bool:
    """An amount and nothing else but a unit: "$79.99", "¥59.9", "$349/week", "129元/箱", "¥3980起"."""
    return bool(re.fullmatch(rf"(?:{CURRENCY_AMOUNT})(?:\s?(?:/|a |per )\s?[\w.]+)*(?:\s?起)?", text.strip(), re.I))


def has_deadline(offer: str | None, lang: str) -> bool:
    """Whether the offer is limited in time or to some buyers (then it is said as "right now" and gets a
    countdown bar); an offer that always holds (free shipping, kids go free) is not."""
    return bool(offer and re.search(DEADLINE.get(lang, DEADLINE["en"]), offer, re.I))


def _item(text: str) -> str:
    """The words naming what a price is for, before its amount, without price labels: 月卡 in 月卡¥199."""
    m = AMOUNT.search(text)
    head = text[:m.start()] if m else text
    if m and m.group("label"):
        head = ""
    head = re.sub(rf"({LIST_WORDS}|{DEAL_WORDS}|只要|仅需|仅|才|低至|from|just|it's|price|价格|[:：,，\s])", "", head,
                  flags=re.I)
    return head.strip()


def _split_two_prices(price: str) -> tuple[str, str] | None:
    """'原价399现价199' / 'Was $99, now $79' -> ('399' list, '现价199' deal) when the price field holds both."""
    found = list(AMOUNT.finditer(price))
    # "$129.99 $89.99": two amounts and nothing else, the lower one after, read as was and now
    bare_pair = re.fullmatch(rf"\s*(?:{CURRENCY_AMOUNT})\s*[,，/|]?\s*(?:{CURRENCY_AMOUNT})\s*", price)
    if len(found) != 2 or not (LIST_LABEL.match(price) or bare_pair):
        return None
    first, second = found
    v1, v2 = value(first.group(0)), value(second.group(0))
    if v1 is None or v2 is None or v2 >= v1:
        return None
    return amounts(first.group(0))[0], price[first.end():].strip(" ,，;；")


def read_offer(price: str | None, offer: str | None) -> Offer:
    """Which story the price and offer tell (see the module's docstring)."""
    price = (price or "").strip().rstrip("。.") or None
    offer = (offer or "").strip().rstrip("。.") or None
    if price:
        # "RMB 5,999起（原价8,999）", "$79 (reg. $99)": the deal with its list price in brackets
        m = re.match(rf"^(.*?)\s*[（(]\s*((?:{LIST_WORDS}|reg\.?)\s*[:：]?\s*[^）)]+)[）)]\s*(.*)$", price, re.I)
        listed = amounts(m.group(2).replace("reg.", "regular").replace("reg ", "regular ")) if m else []
        if m and listed and amounts(m.group(1)) and (value(amounts(m.group(1))[0]) or 0) < (value(listed[0]) or 0):
            return Offer("list_deal", price=listed[0], deal=(m.group(1) + m.group(3)).strip(), extra=offer)
        two = _split_two_prices(price)
        if two:
            return Offer("list_deal", price=two[0], deal=two[1], extra=offer)
        # "¥1,899→到手¥1,499", "$129 -> $99": an arrow from the list price to the deal
        m = re.match(r"^(.*?\d.*?)\s*(?:→|->|➡|⟶)\s*(.*\d.*)$", price)
        if m and amounts(m.group(1)) and amounts(m.group(2)) and \
                (value(amounts(m.group(2))[0]) or 0) < (value(amounts(m.group(1))[0]) or 0):
            return Offer("list_deal", price=LIST_LABEL.sub("", amounts(m.group(1))[0]), deal=m.group(2).strip(),
                         extra=offer)
    if offer and re.search(r"\s[|｜]\s|；", offer):
        # "0 down with Klarna | Spring sale: $200 off": the sale first, the way to pay after
        parts = [x.strip() for x in re.split(r"\s[|｜]\s|；", offer) if x.strip()]
        parts.sort(key=lambda x: bool(FINANCING.search(x)))
        offer = ("；" if re.search(r"[\u4e00-\u9fff]", offer) else ". ").join(parts)
    if price and offer and FINANCING.search(offer) and amounts(offer) and not DISCOUNT.search(offer.split(".")[0]):
        return Offer("financing", price=price, offer=offer)
    if price and offer and amounts(price) and amounts(offer):
        list_, deal = price, offer
        if LIST_LABEL.match(offer) and not LIST_LABEL.match(price):      # "Regularly $179.99" is the list price
            list_, deal = offer, price
        v_list, v_deal = value(amounts(list_)[0]), value(amounts(deal)[0])
        item_list, item_deal = _item(list_), _item(deal)
        same_thing = not item_list or item_list in deal or bool(LIST_LABEL.match(list_))
        discount = DISCOUNT.search(deal) and not LIST_LABEL.match(deal)
        if (not discount and same_thing and v_list and v_deal is not None and 0 < v_deal < v_list
                and not (item_deal and item_list and item_deal != item_list and not LIST_LABEL.match(list_))):
            return Offer("list_deal", price=LIST_LABEL.sub("", list_), deal=deal)
    if price and offer:
        return Offer("price_offer", price=price, offer=offer)
    if price:
        # "原价¥99" alone is the price; "原价59.9，到手39.9" keeps its words (two amounts: a story told as written)
        single = len(re.findall(r"\d+(?:\.\d+)?", price.replace(",", ""))) <= 1
        return Offer("price", price=LIST_LABEL.sub("", price) if LIST_LABEL.match(price) and single else price)
    if offer:
        return Offer("offer", offer=offer)
    return Offer("none")
