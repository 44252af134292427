"""The spoken form of ad text: what the voice should say for prices, numbers, units, dates and codes.

Captions and cards keep the written form ("¥59.9", "IPX5"); the voice gets what a native speaker
says ("五十九块九", "I P X five"). Shared by every writer and the narration stage.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.copy.numbers import en_int, en_number, en_ordinal, en_pair, zh_digits, zh_int, zh_number

NUM = r"\d+(?:,\d{3})*(?:\.\d+)?"

# ---------------------------------------------------------------- Chinese

ZH_UNITS = {
    "kg": "公斤", "KG": "公斤", "g": "克", "mg": "毫克", "ml": "毫升", "mL": "毫升", "ML": "毫升", "L": "升",
    "cm": "厘米", "mm": "毫米", "km": "公里", "m": "米", "mAh": "毫安时", "mah": "毫安时", "W": "瓦", "w": "瓦",
    "h": "小时", "min": "分钟", "s": "秒", "GB": "G", "TB": "T", "oz": "盎司", "lb": "磅", "°C": "度", "℃": "度",
    "Pa": "帕", "Hz": "赫兹", "nm": "纳米",
}
# 2 before these measure words is 两 (两小时, 两人), not 二
LIANG_BEFORE = tuple("个位人次天件盒袋瓶杯张只条套份块元点斤层年周月种款步分") + ("小时", "公斤", "公里", "分钟")
ZH_PER = {"月": "一个月", "年": "一年", "周": "一周", "天": "一天", "次": "一次", "人": "一位", "盒": "一盒",
          "袋": "一袋", "瓶": "一瓶", "件": "一件", "节": "一节课", "课": "一节课", "小时": "一小时", "晚": "一晚",
          "份": "一份", "位": "一位", "张": "一张", "组": "一组", "斤": "一斤", "杯": "一杯", "套": "一套",
          "包": "一包", "支": "一支"}
ZH_LETTERS_AS_WORDS = {"APP": "A P P", "App": "A P P", "app": "A P P", "WiFi": "Wi-Fi", "wifi": "Wi-Fi"}


def _zh_money(m: re.Match) -> str:
    amount = m.group("n").replace(",", "")
    if "." in amount:
        whole, frac = amount.split(".", 1)
        frac = frac.rstrip("0")
        if not frac:
            return zh_int(int(whole)) + "元"
        if len(frac) == 1:
            return zh_int(int(whole)) + "块" + zh_digits(frac)      # 59.9 -> 五十九块九
        return zh_int(int(whole)) + "块" + zh_digits(frac[0]) + "毛" + zh_digits(frac[1]) if frac[0] != "0" else \
            zh_number(amount) + "元"
    return zh_int(int(amount)) + "元"


def _zh_count(n: str, after: str) -> str:
    if n == "2" and after.startswith(LIANG_BEFORE):
        return "两"
    return zh_number(n)


def to_spoken_zh(text: str) -> str:
    """Written Chinese ad text -> what the voice says."""
    t = text
    t = re.sub(r"(?<![\d.])\d{1,4}(?:-\d{3,4}){2,}(?![\d.])", lambda m: "，".join(
        zh_digits(g) for g in m.group(0).split("-")), t)                                   # 400-820-8820
    t = re.sub(r"(\d{4})年", lambda m: zh_digits(m.group(1)) + "年", t)                 # 2024年 -> 二零二四年
    t = re.sub(r"第(\d+)", lambda m: "第" + zh_number(m.group(1)), t)                    # 第2件 -> 第二件
    t = re.sub(r"(只要|仅需|仅|才|到手价|售价|券后)(?P<n>\d+\.\d+)(?![\d%％a-zA-Z个件盒袋元块])",
               lambda m: m.group(1) + _zh_money(m), t)                                    # 只要39.8 -> 只要三十九块八
    t = re.sub(r"(\d{1,2})月(\d{1,2})[日号]?\s?[-~～—到至]\s?(\d{1,2})[日号]", lambda m: zh_int(int(m.group(1))) + "月"
               + zh_int(int(m.group(2))) + "号到" + zh_int(int(m.group(3))) + "号", t)
    t = re.sub(r"(\d{1,2})月(\d{1,2})[日号]", lambda m: zh_int(int(m.group(1))) + "月" + zh_int(int(m.group(2))) + "号", t)
    t = re.sub(r"(\d{1,2})[:：](\d{2})", lambda m: _zh_count(m.group(1), "点") + "点"
               + ("半" if m.group(2) == "30" else ("" if m.group(2) == "00" else zh_int(int(m.group(2))) + "分")), t)
    # prices: ¥59.9 / 59.9元 / 59.9块
    t = re.sub(rf"[¥￥]\s?(?P<n>{NUM})(?:元|块)?", _zh_money, t)
    t = re.sub(rf"(?P<n>{NUM})\s?元", _zh_money, t)
    # per-unit: 一百元/8节 -> 一百元八节课, /年 -> 一年
    t = re.sub(r"/\s?(\d+)\s?(小时|节|次|袋|盒|瓶|人|天|晚|份|张|杯|套|件|包)",
               lambda m: _zh_count(m.group(1), m.group(2)) + m.group(2) + ("课" if m.group(2) == "节" else ""), t)
    t = re.sub(r"/\s?(" + "|".join(sorted(ZH_PER, key=len, reverse=True)) + ")", lambda m: ZH_PER[m.group(1)], t)
    # percentages and ranges
    t = re.sub(rf"({NUM})\s?[%％]", lambda m: "百分之" + zh_number(m.group(1)), t)
    t = re.sub(rf"({NUM})\s?[-~～—到至]\s?({NUM})", lambda m: zh_number(m.group(1)) + "到" + zh_number(m.group(2)), t)
    # numbers with units
    units = "|".join(sorted((re.escape(u) for u in ZH_UNITS), key=len, reverse=True))
    t = re.sub(rf"({NUM})\s?({units})(?![A-Za-z])", lambda m: _zh_count(m.group(1), ZH_UNITS[m.group(2)])
               + ZH_UNITS[m.group(2)], t)
    # model codes and acronyms: letters read one by one, digits as numbers (5G -> 五G, IPX5 -> I P X 五)
    for word, said in ZH_LETTERS_AS_WORDS.items():
        t = re.sub(rf"(?<![A-Za-z]){word}(?![A-Za-z])", said, t)
    t = re.sub(r"(?<![A-Za-z])[A-Z]{2,5}(?![A-Za-z])", lambda m: " ".join(m.group(0)), t)
    t = re.sub(r"(?<=[A-Z])\s?-\s?(?=[A-Z])", " ", t)
    t = re.sub(rf"(?<![A-Za-z\d.])({NUM})\+", lambda m: zh_number(m.group(1)) + "多", t)   # 60+ -> 六十多
    t = re.sub(r"(?<=[\u4e00-\u9fff])\s?\+\s?(?=[\u4e00-\u9fff\d])", "、", t)       # 锅底+毛肚: a list, not 加
    t = t.replace("+", "加").replace("~", "约").replace("～", "约")
    t = re.sub(r"(?<=[克升米斤])/(?=[一二三四五六七八九十百\d])", "每", t)
    # remaining numbers: long digit strings one by one, others as amounts (2 -> 两 before a measure word)
    t = re.sub(r"\d{5,}(?![\d.])", lambda m: zh_digits(m.group(0)), t)
    t = re.sub(rf"{NUM}", lambda m: _zh_count(m.group(0), t[m.end():m.end() + 2]), t)
    t = t.replace("&", "和").replace("#", "")
    return re.sub(r"\s+", " ", t).strip()


# ---------------------------------------------------------------- English

EN_UNITS = {
    "ml": "milliliters", "mL": "milliliters", "l": "liters", "L": "liters", "oz": "ounces", "fl oz": "fluid ounces",
    "g": "grams", "mg": "milligrams", "kg": "kilograms", "lb": "pounds", "lbs": "pounds", "mAh": "milliamp hours",
    "h": "hours", "hr": "hours", "hrs": "hours", "min": "minutes", "mins": "minutes", "sec": "seconds",
    "mm": "millimeters", "cm": "centimeters", "m": "meters", "km": "kilometers", "in": "inches", "ft": "feet",
    "W": "watts", "kW": "kilowatts", "GB": "gigabytes", "TB": "terabytes", "MB": "megabytes", "mph": "miles per hour",
    "x": "times", "K": "K", "k": "thousand",
}
SINGULAR = {"hours": "hour", "minutes": "minute", "seconds": "second", "ounces": "ounce", "grams": "gram",
            "liters": "liter", "milliliters": "milliliter", "pounds": "pound", "inches": "inch", "feet": "foot",
            "meters": "meter", "kilograms": "kilogram", "watts": "watt", "times": "time"}
MONTHS = {"jan": "January", "feb": "February", "mar": "March", "apr": "April", "may": "May", "jun": "June",
          "jul": "July", "aug": "August", "sep": "September", "sept": "September", "oct": "October",
          "nov": "November", "dec": "December"}
PER = {"mo": "month", "month": "month", "yr": "year", "year": "year", "wk": "week", "week": "week", "day": "day",
       "hr": "hour", "hour": "hour", "night": "night", "person": "person", "lesson": "lesson", "class": "class",
       "session": "session", "user": "user", "seat": "seat", "box": "box", "bag": "bag", "bottle": "bottle",
       "pack": "pack", "month per location": "month per location"}
WORD_ACRONYMS = {"NASA", "ASAP", "SaaS", "LED", "SIM", "PIN", "OLED", "FAQ", "SUV", "IKEA", "COVID", "UNESCO"}
CURRENCY = {"$": ("dollar", "dollars", "cent", "cents"), "€": ("euro", "euros", "cent", "cents"),
            "£": ("pound", "pounds", "penny", "pence"), "¥": ("yuan", "yuan", "fen", "fen")}


def _en_money(symbol: str, amount: str) -> str:
    one, many, cent, cents = CURRENCY[symbol]
    amount = amount.replace(",", "")
    whole, _, frac = amount.partition(".")
    w = int(whole or 0)
    c = int((frac + "00")[:2]) if frac else 0
    if w == 0 and c:
        return f"{en_int(c)} {cent if c == 1 else cents}"
    if c == 0:
        if 100 < w < 1000 and w % 100 and symbol == "$":
            return en_pair(w)                                   # $349 -> three forty-nine
        return f"{en_int(w)} {one if w == 1 else many}"
    if w < 1000:
        return f"{en_int(w)} {en_int(c) if c >= 10 else 'oh ' + en_int(c)}"   # $12.50 -> twelve fifty
    return f"{en_int(w)} {many} and {en_int(c)} {cents}"


def _letters(code: str) -> str:
    """IPX5 -> I P X five; USB-C -> U S B C; 5G -> five G; SPF50+ -> S P F fifty plus."""
    parts = re.findall(r"[A-Za-z]+|\d+|\+", code)
    out = []
    for p in parts:
        if p.isdigit():
            out.append(en_int(int(p)))
        elif p == "+":
            out.append("plus")
        elif p.isupper() or len(p) == 1:
            out.append(" ".join(p.upper()))
        else:
            out.append(p)
    return " ".join(out)


def to_spoken_en(text: str) -> str:
    """Written English ad text -> what the voice says."""
    t = text.replace("’", "'")
    t = re.sub(r"(?<![\d.])\d{1,4}(?:-\d{3,4}){2,}(?![\d.])", lambda m: ", ".join(
        " ".join("zero" if c == "0" else en_int(int(c)) for c in g) for g in m.group(0).split("-")), t)
    t = re.sub(r"#1\b", "number one", t)
    t = re.sub(r"\b24/7\b", "twenty-four seven", t)
    t = re.sub(r"\b1:1\b", "one-on-one", t)
    # money with a per-unit: $349/week -> three forty-nine a week
    per = "|".join(sorted((re.escape(k) for k in PER), key=len, reverse=True))
    t = re.sub(rf"([$€£¥])\s?({NUM})\s?(?:/|per |a )\s?({per})\b",
               lambda m: _en_money(m.group(1), m.group(2)) + (" a " if PER[m.group(3)] != "person" else " per ")
               + PER[m.group(3)], t)
    t = re.sub(rf"([$€£¥])\s?({NUM})(?:\s?(k|K|m|M)\b)?", lambda m: (
        en_number(m.group(2)) + (" thousand " if m.group(3) in ("k", "K") else " million ") + CURRENCY[m.group(1)][1]
        if m.group(3) else _en_money(m.group(1), m.group(2))), t)
    # dates: May 1 -> May first; 5/1 is left alone (ambiguous between markets)
    t = re.sub(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b",
               lambda m: MONTHS[m.group(1).lower()] + " " + en_ordinal(int(m.group(2))), t)
    t = re.sub(r"\b(\d{1,2})(st|nd|rd|th)\b", lambda m: en_ordinal(int(m.group(1))), t)
    t = re.sub(r"\b(\d{1,2})\s?[-–]\s?(\d{1,2})\s?([ap])\.?m\.?(?![a-z])", lambda m: en_int(int(m.group(1))) + " to "
               + en_int(int(m.group(2))) + f" {m.group(3).lower()}.m.", t, flags=re.I)
    # times: 5pm -> five p.m.; 9:30 -> nine thirty
    t = re.sub(r"\b(\d{1,2})(?::(\d{2}))?\s?([ap])\.?m\.?(?![a-z])", lambda m: en_int(int(m.group(1)))
               + (" " + (en_int(int(m.group(2))) if int(m.group(2)) >= 10 else "oh " + en_int(int(m.group(2))))
                  if m.group(2) and m.group(2) != "00" else "") + f" {m.group(3)}.m.", t, flags=re.I)
    t = re.sub(r"\b(\d{1,2}):(\d{2})\b", lambda m: en_int(int(m.group(1))) + " " + (
        "o'clock" if m.group(2) == "00" else en_int(int(m.group(2))) if int(m.group(2)) >= 10
        else "oh " + en_int(int(m.group(2)))), t)
    # percentages, ranges
    t = re.sub(rf"({NUM})\s?%", lambda m: en_number(m.group(1)) + " percent", t)
    t = re.sub(rf"\b({NUM})\s?[-–]\s?({NUM})\b(?!\s?%)", lambda m: en_number(m.group(1)) + " to " + en_number(m.group(2)), t)
    # codes that mix letters and digits (IPX5, USB-C, 5G, SPF50+, A17) and all-caps acronyms
    t = re.sub(r"\b(?=[A-Za-z0-9+-]*\d)(?=[A-Za-z0-9+-]*[A-Z])[A-Za-z0-9]+(?:-[A-Z0-9]+)*\+?",
               lambda m: m.group(0) if re.fullmatch(rf"{NUM}[a-zA-Z]+", m.group(0)) and
               re.sub(r"^[\d.,]+", "", m.group(0)) in EN_UNITS else _letters(m.group(0)), t)
    t = re.sub(r"\b[A-Z]{2,5}(?:-[A-Z])?\b", lambda m: m.group(0) if m.group(0) in WORD_ACRONYMS
               else _letters(m.group(0)), t)
    # numbers with units: 16 oz -> sixteen ounces
    units = "|".join(sorted((re.escape(u) for u in EN_UNITS), key=len, reverse=True))

    def unit(m: re.Match) -> str:
        n, u = m.group(1), EN_UNITS[m.group(2)]
        said = en_number(n)
        return f"{said} {SINGULAR.get(u, u) if said == 'one' else u}"
    t = re.sub(rf"\b({NUM})\s?({units})\b", unit, t)
    t = re.sub(rf"({NUM})\+", lambda m: en_number(m.group(1)) + "-plus", t)       # 80+ -> eighty-plus
    t = re.sub(r"~\s?", "about ", t)
    t = re.sub(r"\s/\s", ", ", t)
    t = re.sub(r"\s&\s", " and ", t)
    t = re.sub(r"\s\+\s", " and ", t)
    # years said in pairs
    t = re.sub(r"\b(19|20)(\d{2})\b(?!\s?(?:people|users|customers|reviews))",
               lambda m: en_pair(int(m.group(0))), t)
    t = re.sub(NUM, lambda m: en_number(m.group(0)), t)
    return re.sub(r"\s+", " ", t).strip()


@lru_cache(maxsize=4096)
def to_spoken_ja(text: str) -> str:
    """Written Japanese ad text -> what the voice says. OpenJTalk reads numbers, 円, %, dates and counters
    itself; currency signs and a few Latin ad words are made readable first."""
    t = re.sub(r"[¥￥]\s?(\d[\d,]*(?:\.\d+)?)", r"\1円", text)
    t = re.sub(r"\$\s?(\d[\d,]*(?:\.\d+)?)", r"\1ドル", t)
    t = re.sub(r"(\d[\d,]*(?:\.\d+)?)\s?元", r"\1人民元", t)
    t = re.sub(r"(?<![A-Za-z])OFF(?![A-Za-z])|(?<![A-Za-z])off(?![A-Za-z])", "オフ", t)
    t = re.sub(r"(?<![A-Za-z])(?:NEW|New)(?![A-Za-z])", "ニュー", t)
    return t


def to_spoken(text: str, lang: str) -> str:
    """What the voice says for this written text (cached: writers estimate the same lines many times).
    Emoji are not read out."""
    from pipeline.media.emoji import strip_emoji

    text = strip_emoji(text)
    if lang == "ja":
        return to_spoken_ja(text)
    return to_spoken_zh(text) if lang == "zh" else to_spoken_en(text)
