"""Prices and offers as a story: one price, a list price and a deal price, or an offer on its own.

"原价¥168" + "团购价¥128" is said as "原价168，团购价只要128", never as two prices for one thing;
"$349/week" + "$299/week if you enroll by May 1" as "Normally $349/week. $299/week if you enroll by May 1."
"""

from __future__ import annotations

import re
from dataclasses import dataclass

AMOUNT = re.compile(r"[¥￥$€£]\s?\d+(?:,\d{3})*(?:\.\d+)?|\d+(?:,\d{3})*(?:\.\d+)?\s?(?:元|块|円)")
LIST_LABEL = re.compile(r"^(原价|日常价|门市价|市场价|零售价|通常価格|通常|定価|regular(?:ly)?|normally|usually|was|list price)[:：\s]*", re.I)


@dataclass(frozen=True)
class Offer:
    kind: str                  # "price", "list_deal", "price_offer", "offer", "none"
    price: str | None = None   # the price as written (list price for list_deal, without its label)
    deal: str | None = None    # list_deal: the offer text, which holds the deal price
    offer: str | None = None   # price_offer / offer: the offer as written

    @property
    def on_screen(self) -> str:
        if self.kind == "list_deal":
            return f"{self.price} → {self.deal}"
        return " ".join(x for x in (self.price, self.offer) if x)


def amounts(text: str) -> list[str]:
    return AMOUNT.findall(text or "")


def starts_with_amount(text: str) -> bool:
    m = AMOUNT.search(text)
    return bool(m and m.start() == 0)


def read_offer(price: str | None, offer: str | None) -> Offer:
    """Which story the price and offer tell."""
    price = (price or "").strip().rstrip("。.") or None
    offer = (offer or "").strip().rstrip("。.") or None
    deal_amount = amounts(offer)[0] if offer and amounts(offer) else ""
    discount = re.search(r"立减|减|off|省|折|save|送|第二件|buy|get|free|免费|割引|引き|無料|オフ", offer or "", re.I)
    if price and offer and amounts(price) and deal_amount and not discount and re.search(r"[1-9]", deal_amount):
        return Offer("list_deal", price=LIST_LABEL.sub("", price), deal=offer)
    if price and offer:
        return Offer("price_offer", price=price, offer=offer)
    if price:
        return Offer("price", price=LIST_LABEL.sub("", price) if LIST_LABEL.match(price) else price)
    if offer:
        return Offer("offer", offer=offer)
    return Offer("none")
