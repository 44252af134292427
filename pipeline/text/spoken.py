"""The spoken form of ad text: what the voice should say for prices, numbers, units, dates and codes.

Captions and cards keep the written form ("¥59.9", "IPX5"); the voice gets what a native speaker
says ("五十九块九", "I P X five"). Shared by every writer and the narration stage.

Written-form tokens a brief wants said its own way (`pronounce`, e.g. {"MUJI": "木吉"}) are put in before
the rules run and are not touched by them; capitalised words said as words (SAVE20, NIKE, FIT) come from
templates/copy/pronounce.yaml.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

import yaml

from pipeline.text.words import lexicon
from pipeline.text.numbers import (en_cardinal, en_int, en_number, en_ordinal, en_pair, zh_digits, zh_int,
                                   zh_number)
from pipeline.resources import templates_dir

NUM = r"\d+(?:,\d{3})*(?:\.\d+)?"
ROMAN_AFTER = (r"Type|Phase|Gen|Generation|Mark|Mk|Part|Class|Chapter|World War|Series|Stage|Level|Tier|Vol|"
               r"Volume|Season|Act|Book|Grade|Category")


@lru_cache(maxsize=1)
def _pronounce() -> tuple[frozenset[str], dict[str, dict[str, str]]]:
    """(words, brands: token -> {lang or "": said}) from templates/copy/pronounce.yaml, loaded once."""
    data = yaml.safe_load((templates_dir() / "copy" / "pronounce.yaml").read_text(encoding="utf-8")) or {}
    brands = {str(k): {str(lang): str(said) for lang, said in v.items()} if isinstance(v, dict) else {"": str(v)}
              for k, v in (data.get("brands") or {}).items()}
    return frozenset(str(w).lower() for w in data.get("words") or []), brands


def said_as_word(token: str, lang: str = "en") -> str | None:
    """How an all-caps token is said when it is a word or a brand (SAVE -> save, NIKE -> Nikey, HUAWEI -> 华为 in
    Chinese), else None."""
    words, brands = _pronounce()
    if token in brands:
        forms = brands[token]
        return forms.get(lang) or forms.get("") or forms.get("en")
    low = token.lower()
    if len(token) >= 3 and low in words:
        return low
    if 4 <= len(token) <= 6 and low not in SPELLED and _common(low):
        return low                     # GRIT Bar, code BASE50: a capitalised English word is said as the word
    if len(token) >= 6:                                          # FREESHIP -> free ship, SHOPNOW -> shop now
        for i in range(3, len(low) - 2):
            if low[:i] in words and low[i:] in words:
                return low[:i] + " " + low[i:]
    return None


# four- to six-letter capitals that are said letter by letter although they spell a word
SPELLED = {"ames", "aids", "apps", "cads", "sars", "nato", "oled", "usbs", "leds", "diys"}


def _common(word: str) -> bool:
    return word in lexicon()


def _roman(s: str) -> int | None:
    """II -> 2, IV -> 4, XII -> 12 (up to 39); None when not a Roman numeral (a lone X is a model letter)."""
    if s == "X" or not re.fullmatch(r"X{0,3}(?:IX|IV|VI{0,3}|I{1,3})|X{1,3}", s):      # Xbox Series X
        return None
    values, total = {"I": 1, "V": 5, "X": 10}, 0
    for i, c in enumerate(s):
        v = values[c]
        total += -v if i + 1 < len(s) and values[s[i + 1]] > v else v
    return total


MODEL_PAIR = re.compile(r"(?<![A-Za-z])((?=[a-z]*[A-Z])[A-Za-z]{3,})\s?([0-9A-Z]{1,3})/([0-9A-Z]{1,3})(?![A-Za-z0-9/])")
NOT_A_LINE = {"Open", "Available", "Call", "Support", "Service", "Save", "Get", "Only", "Just", "Now", "Buy", "Pay",
              "Up", "Was", "Is", "Live", "Online", "Delivery", "Rated", "Size"}


def _model_line(m: re.Match, joiner: str) -> str | None:
    """Model 3/Y -> Model 3 and Model Y (a product line and two of its models); None when it is not one."""
    word, a, b = m.group(1), m.group(2), m.group(3)
    if word in NOT_A_LINE or a == b or (a.isdigit() and b.isdigit() and (len(a) < 2 or len(b) < 2)):
        return None
    if joiner == "和":                                            # Model 3/Y -> Model3和Model Y
        return f"{word}{'' if a[0].isdigit() else ' '}{a}和{word} {b}"
    return f"{word} {a} and {word} {b}"


# ---------------------------------------------------------------- Chinese

ZH_UNITS = {
    "kg": "公斤", "KG": "公斤", "Kg": "公斤", "g": "克", "mg": "毫克", "μg": "微克", "ml": "毫升", "mL": "毫升",
    "ML": "毫升", "L": "升", "l": "升", "cm": "厘米", "mm": "毫米", "km": "公里", "m": "米", "mAh": "毫安时",
    "mah": "毫安时", "W": "瓦", "w": "瓦", "kW": "千瓦", "kWh": "千瓦时", "V": "伏", "h": "小时", "min": "分钟",
    "s": "秒", "ms": "毫秒", "GB": "G", "TB": "T", "MB": "兆", "Mbps": "兆", "oz": "盎司", "lb": "磅",
    "°C": "度", "℃": "度", "Pa": "帕", "Hz": "赫兹", "kHz": "千赫兹", "GHz": "G赫兹", "nm": "纳米", "dB": "分贝",
    "kcal": "大卡", "cal": "卡", "fps": "帧", "㎡": "平方米", "m²": "平方米", "m2": "平方米",
}
# words that count or measure: after them a number is an amount (20000人), before them a 2 is 两 (两小时)
ZH_MEASURE = sorted({
    *"个位人次天件盒袋瓶杯张只条套份块元点斤层年周月种款步分箱饼罐桶台包支片晚节课组双对盘碗本辆间颗粒枚根把部副卷听吨平米"
     "克升朵束株盆串排板盏顶首名家座所场届单期季项道门口两岁度倍折秒号页集章帧瓦吋寸尺亩户滴勺码万亿千百",
    "小时", "公斤", "公里", "分钟", "千克", "毫升", "平米", "平方米", "平方", "英寸", "厘米", "毫米", "人次", "个月",
    "毫安", "美元", "港币", "日元", "欧元", "块钱", "学期", "季度", "课时", "疗程", "平方"}, key=len, reverse=True)
LIANG_BEFORE = tuple("个位人次天件盒袋瓶杯张只条套份块元点斤层年周种款步分升克米箱罐桶台包支片晚节组双对盘碗本辆间颗粒枚根把部"
                     "副卷吨朵束株盆串名家座所场届单期项道门岁倍秒页集章户勺千万亿") + ("小时", "公斤", "公里", "分钟", "毫升")
# "/unit" said as "one unit": ¥698/年 -> 六百九十八元一年, 129元/箱 -> 一百二十九元一箱
ZH_PER = {"月": "一个月", "人": "一位", "节": "一节课", "课": "一节课", "小时": "一小时", "h": "一小时", "天": "一天",
          "晚": "一晚", "次": "一次", "kg": "一公斤", "g": "一克", "ml": "一毫升", "L": "一升", "m": "一米"}
ZH_WEIGHTS = ("kg", "KG", "Kg", "g", "mg", "ml", "mL", "ML", "L", "l", "oz", "lb", "斤", "两", "克", "千克", "公斤",
              "升", "毫升", "m", "米", "cm", "厘米", "平米", "平方米", "㎡", "m²")
ZH_LETTERS_AS_WORDS = {"APP": "A P P", "App": "A P P", "app": "A P P", "WiFi": "Wi-Fi", "wifi": "Wi-Fi",
                       "WIFI": "Wi-Fi"}
ZH_FESTIVAL = {"520", "521", "1314", "618", "1111", "1212", "5201314"}
# words before a 19xx/20xx number that make it an amount (满2000减300), not a year
ZH_AMOUNT_BEFORE = ("满", "减", "价", "仅", "只要", "约", "近", "超", "共", "达", "破", "送", "返", "省", "售", "赠", "前",
                    "第", "计", "到手", "低至", "高达", "多达", "突破", "累计", "超过", "不到", "原价", "现价", "券后",
                    "立减", "直降", "补贴", "¥", "￥", "$")
ZH_FULLWIDTH = str.maketrans("０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ"
                             "ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ％＋／＆",
                             "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz%+/&")
_ZH_UNIT_RE = "|".join(sorted((re.escape(u) for u in ZH_UNITS), key=len, reverse=True))
_ZH_MEASURE_RE = "|".join(ZH_MEASURE)
ZH_PRICE = rf"(?:[¥￥]\s?{NUM}(?:元|块)?|\$\s?{NUM}|{NUM}\s?(?:元|块|美元)|[零一二三四五六七八九十百千万两点]+(?:元|块))"


def _zh_money(amount: str, big: str = "") -> str:
    """59.9 -> 五十九块九, 0.99 -> 九毛九, 2 -> 两元, 2999 -> 两千九百九十九元, (2, 万) -> 两万元."""
    amount = amount.replace(",", "")
    if big:
        return (("两" if amount == "2" else zh_number(amount)) if "." not in amount else zh_number(amount)) + big + "元"
    whole, _, frac = amount.partition(".")
    frac = frac.rstrip("0")
    w = int(whole or 0)
    head = "两" if w == 2 else zh_int(w)
    if not frac:
        return head + "元"
    if len(frac) > 2:
        return zh_number(amount) + "元"
    jiao, fen = int(frac[0]), int(frac[1]) if len(frac) == 2 else 0
    jiao_s = "两" if jiao == 2 else zh_digits(str(jiao))
    fen_s = "两" if fen == 2 else zh_digits(str(fen))
    if w == 0:                                                   # 0.99 -> 九毛九, 0.5 -> 五毛, 0.05 -> 五分
        if jiao == 0:
            return fen_s + "分"
        return jiao_s + "毛" + (zh_digits(str(fen)) if fen else "")
    if jiao == 0:                                                # 59.05 -> 五十九块零五分
        return head + "块零" + zh_digits(str(fen)) + "分"
    return head + "块" + zh_digits(str(jiao)) + ("毛" + zh_digits(str(fen)) if fen else "")   # 59.9 -> 五十九块九


def _zh_count(n: str, after: str) -> str:
    if n == "2" and after.startswith(LIANG_BEFORE):
        return "两"
    return zh_number(n)


def _zh_clock(h: int, mm: str, before: str, period_of: str | None = None) -> tuple[str, str]:
    """(what is said, period word) for a 24-hour time: 22:00 -> 晚上十点, 10:30 -> 十点半, 14:05 -> 下午两点零五分.
    The period word is left out when the text already says it or the range's start said the same."""
    period = "下午" if 13 <= h <= 17 else "晚上" if 18 <= h <= 24 else ""
    twelve = h - 12 if h > 12 else h
    minutes = int(mm)
    said = ("零" if h == 0 else _zh_count(str(twelve), "点")) + "点" + (
        "" if minutes == 0 else "半" if minutes == 30 else ("零" if minutes < 10 else "") + zh_int(minutes) + "分")
    if period and (period == period_of or re.search(r"(上午|中午|下午|晚上|傍晚|凌晨|早上|夜里|夜间|晚)$", before)):
        return said, period
    return period + said, period


def _zh_time(m: re.Match, text: str) -> str:
    before = text[max(0, m.start() - 3):m.start()]
    if not m.group(4) and re.search(r"比例|模型|车模|手办|还原|比$", before + "|" + text[m.end():m.end() + 2]):
        return zh_int(int(m.group(1))) + "比" + zh_int(int(m.group(2)))            # 1:18比例 -> 一比十八
    start, period = _zh_clock(int(m.group(1)), m.group(2), before)
    if not m.group(4):
        return start
    h2, said_period = int(m.group(4)), m.group(3) or ""
    if said_period in ("次日", "第二天", ""):
        end, _ = _zh_clock(h2, m.group(5), "", period)
        if h2 <= 5 and (said_period or h2 < int(m.group(1))) and h2:        # 18:00-2:00 -> 晚上六点到凌晨两点
            end = "凌晨" + end
        return start + "到" + said_period + end
    end, _ = _zh_clock(h2, m.group(5), said_period)            # 早上8:00-晚上10:00 -> 早上八点到晚上十点
    return start + "到" + said_period + end


def _zh_per(m: re.Match) -> str:
    """AMOUNT/QTY UNIT: ¥99/8节 -> 九十九元八节课, ¥89/1.5kg -> 一点五公斤八十九元, 129元/箱 -> 一百二十九元一箱."""
    amount, qty, unit = m.group("a"), m.group("q"), m.group("u")
    said = to_spoken_zh(amount)
    if qty:
        # 八节 is said 八节课, unless a word ending in 课 follows (¥99/8节体验课)
        goes_on = re.match(r"[\u4e00-\u9fff]{0,3}课", m.string[m.end():])
        per = to_spoken_zh(qty + unit) + ("课" if unit == "节" and not goes_on else "")
        if not re.fullmatch(ZH_PRICE, amount):
            return said + "每" + per                                  # 5g/100ml -> 五克每一百毫升
        # a count of things first, then its price (三袋三十九块九); lessons after it (九十九元八节课)
        return per + said if unit in ZH_WEIGHTS or unit in "袋盒瓶包罐支片粒颗条件套箱桶只双" else said + per
    return said + ZH_PER.get(unit, "一" + ZH_UNITS.get(unit, unit))


def _zh_big(m: re.Match) -> str:
    """2万 -> 两万, 2万+ -> 两万多, 10万+ -> 十多万, 1.5亿 -> 一点五亿."""
    n, big, plus = m.group(1).replace(",", ""), m.group(2), m.group(3)
    said = "两" if n == "2" else zh_number(n)
    if not plus:
        return said + big
    if "." not in n and int(n) >= 10 and int(n) % 10 == 0:
        return said + "多" + big
    return said + big + "多"


def _zh_letters(token: str) -> str:
    """APP -> A P P, FIT -> fit, NIKE -> Nikey, HUAWEI -> 华为, USB -> U S B."""
    if token in ZH_LETTERS_AS_WORDS:
        return ZH_LETTERS_AS_WORDS[token]
    word = said_as_word(token, "zh")
    if word:
        return word
    return " ".join(token) if len(token) <= 5 else token


def to_spoken_zh(text: str) -> str:
    """Written Chinese ad text -> what the voice says."""
    t = text.translate(ZH_FULLWIDTH)
    t = re.sub(r"(\d+(?:\.\d+)?\s?[%％])\s?RH(?![A-Za-z])", r"相对湿度\1", t)                 # 80%RH
    t = re.sub(r"\s*[→➡⟶]\s*", "，", t)                                                # ¥3,299 → 国补后¥2,804
    t = re.sub(r"(?<=[\d元块])\s+/\s+(?=\d+\s?[\u4e00-\u9fff])", "，", t)                  # ¥19.9 / 10条装: two facts
    # two quantities side by side, not per: 上海2.5小时/杭州1小时, 2.5小时/1小时 -> 二点五小时、一小时
    t = re.sub(r"(\d[\d.]*\s?(?:小时|分钟|天|周|个月|年|次|间|岁|公里|站|层))\s?/\s?(?=\d)", r"\1、", t)
    # a speed: 25km/h, 25公里/小时 -> 每小时二十五公里
    t = re.sub(r"(\d+(?:\.\d+)?)\s?(?:km|公里|千米)\s?/\s?(?:h|小时)(?![A-Za-z])", r"每小时\1公里", t)
    # a gold or silver purity is a grade read digit by digit: 足金999 -> 足金九九九, 925银 -> 九二五银
    t = re.sub(r"(足金|千足金|足银|纯金|纯银|黄金|铂金|白金|K金|Au|Pt|S)\s?(9999|999|990|950|925|916|750)(?!\d)",
               lambda m: m.group(1) + zh_digits(m.group(2)), t)
    t = re.sub(r"(?<![\d.])(9999|999|925)(?=\s?(?:足金|千足金|足银|纯银|银|金))", lambda m: zh_digits(m.group(1)), t)
    t = re.sub(r"(?:RMB|CNY)\s?(\d[\d,]*(?:\.\d+)?)", r"¥\1", t)                          # RMB 5,999 -> ¥5,999
    t = re.sub(r"(\d[\d,]*(?:\.\d+)?)\s?(?:RMB|CNY)\b", r"¥\1", t)
    t = re.sub(r"(\d+(?:\.\d+)?)\s?°\s?C\b|(\d+(?:\.\d+)?)\s?℃", lambda m: (m.group(1) or m.group(2)) + "度", t)
    # a bare amount per a time or a visit is a price: 199/月起 -> 199元/月起; ¥199起/次 -> ¥199/次起
    t = re.sub(r"(?<![\d.¥￥$])(\d{2,}(?:\.\d+)?)(?=\s?/\s?(?:月|年|次|晚|人|位|小时|节|课时|天)(?![\u4e00-\u9fff]{0,1}\d))",
               r"\1元", t)
    t = re.sub(r"([¥￥]\s?\d[\d,]*(?:\.\d+)?)起(/\s?[\u4e00-\u9fff]{1,2})", r"\1\2起", t)
    # 10年+ / 50人+ -> 十年以上: a plus after a measure word
    t = re.sub(r"(\d+)\s?([年月天岁人位家次个])\+", r"\1\2以上", t)
    # comparisons before a number: ≥70% -> 不低于百分之七十
    for sign, word in ((r"≥|>=|≧|⩾", "不低于"), (r"≤|<=|≦|⩽", "不超过"), (r">", "超过"), (r"<", "低于")):
        t = re.sub(rf"\s?(?:{sign})\s?(?=[\d¥￥$])", word, t)
    # phone numbers, digit by digit in groups, 1 said 幺: 400-820-8820, 138 0013 8000, 010-12345678
    t = re.sub(r"(?<![\d.])\d{1,4}(?:-\d{3,4}){2,}(?![\d.])|(?<![\d.])0\d{2,3}-\d{7,8}(?![\d.])|"
               r"(?<![\d.])0\d{2,3}-\d{3,4}(?:[ -]\d{3,4})+(?![\d.])", lambda m: "，".join(       # 0571-8765 2231
        zh_digits(g, phone=True) for g in re.split(r"[- ]", m.group(0))), t)
    t = re.sub(r"(?<![\d.])(1[3-9]\d)[ -]?(\d{4})[ -]?(\d{4})(?![\d.])", lambda m: "，".join(
        zh_digits(g, phone=True) for g in m.groups()), t)
    # set phrases and codes
    t = re.sub(r"(?<![\d.])(\d{1,2})\s?[vV]\s?(\d{1,2})(?![\d.])", lambda m: zh_int(int(m.group(1))) + "对"
               + zh_int(int(m.group(2))), t)                                                  # 1v1 -> 一对一
    t = re.sub(r"(?<![A-Za-z])(?:No|NO|no)\.\s?(\d{1,3})(?![\d.])", lambda m: "第" + zh_int(int(m.group(1))), t)
    t = re.sub(r"(?<![\d.])7\s?[x×X*]\s?24(?![\d.])", "七乘二十四", t)                               # 7x24小时
    t = re.sub(r"(?<![\d/])24/7(?![\d/])", "二十四小时", t)
    t = re.sub(r"(?<![A-Za-z])([A-Z])\.(\d{3})(?![\d.])", lambda m: m.group(1) + zh_digits(m.group(2)), t)  # H.265
    t = re.sub(r"(?<![\d.])(\d{3,4})([pP])(?![A-Za-z])", lambda m: zh_digits(m.group(1)) + "P", t)     # 1080P
    t = re.sub(r"(?<=PA)(\+{2,})", lambda m: zh_int(len(m.group(1))) + "个加", t)                 # PA++++ -> PA四个加
    t = re.sub(r"SK-II(?![A-Za-z])", "S K two", t)
    t = re.sub(rf"\b({ROMAN_AFTER})(\s?)([IVX]{{1,6}})(?![A-Za-z])", lambda m: m.group(1) + m.group(2) + (
        zh_int(_roman(m.group(3))) if _roman(m.group(3)) else m.group(3)), t)                 # Type II -> Type 二
    t = MODEL_PAIR.sub(lambda m: _model_line(m, "和") or m.group(0), t)                        # Model 3/Y
    # years and festival numbers, digit by digit: 2024新款, 2023-2024赛季, 618大促, 1314朵; 双11 -> 双十一
    t = re.sub(r"(?<![\d.¥￥$])(11\.11|12\.12)(?![\d.]|\s?[元块%％])", lambda m: "双十一" if m.group(1) == "11.11" else "双十二", t)
    t = re.sub(r"(\d{4})\s?年", lambda m: zh_digits(m.group(1)) + "年", t)                     # 2024年 -> 二零二四年
    t = re.sub(r"第\s?(\d+)(?:\s?[-~～—到至]\s?(\d+))?", lambda m: "第" + zh_number(m.group(1)) + (
        "到第" + zh_number(m.group(2)) if m.group(2) else ""), t)                     # 第2件 -> 第二件, 第1-2天
    t = re.sub(r"(?<![\d.])((?:19|20)\d\d)([./-])(\d{1,2})\2(\d{1,2})(?![\d.])", lambda m: zh_digits(m.group(1)) + "年"
               + zh_int(int(m.group(3))) + "月" + zh_int(int(m.group(4))) + "号"
               if 1 <= int(m.group(3)) <= 12 and 1 <= int(m.group(4)) <= 31 else m.group(0), t)   # 2025.12.31
    not_amount_after_year = (rf"(?!\d|[.,%]\d|\s?(?:[%％+]|(?!款|届|季|版|春|夏|秋|冬)(?:{_ZH_MEASURE_RE})|"
                             rf"{_ZH_UNIT_RE}|[A-Za-z]|多|余))")

    def year(m: re.Match) -> str:
        if m.string[max(0, m.start() - 2):m.start()].endswith(ZH_AMOUNT_BEFORE):
            return m.group(0)
        return zh_digits(m.group(0))
    t = re.sub(rf"(?<![\d.,¥￥$])((?:19|20)\d\d)\s?[-~～—到至]\s?((?:19|20)\d\d){not_amount_after_year}",
               lambda m: zh_digits(m.group(1)) + "到" + zh_digits(m.group(2)), t)           # 2023-2024赛季
    t = re.sub(rf"(?<![\d.,¥￥$])(?:19|20)\d\d{not_amount_after_year}", year, t)
    t = re.sub(rf"(?<![\d.,¥￥$])(?:{'|'.join(sorted(ZH_FESTIVAL, key=len, reverse=True))})"
               rf"(?!\d|[.,]\d|\s?(?:[%％元块毛]|{_ZH_UNIT_RE}))",
               lambda m: m.group(0) if m.string[max(0, m.start() - 2):m.start()].endswith(ZH_AMOUNT_BEFORE)
               else zh_digits(m.group(0)), t)                                                 # 520 -> 五二零
    # dates and times
    t = re.sub(r"(\d{1,2})月(\d{1,2})[日号]?\s?[-~～—到至]\s?(?:(\d{1,2})月)?(\d{1,2})[日号]", lambda m: zh_int(
        int(m.group(1))) + "月" + zh_int(int(m.group(2))) + "号到" + (zh_int(int(m.group(3))) + "月" if m.group(3)
        and m.group(3) != m.group(1) else "") + zh_int(int(m.group(4))) + "号", t)        # 3月8日-3月10日
    t = re.sub(r"(\d{1,2})月(\d{1,2})[日号]", lambda m: zh_int(int(m.group(1))) + "月" + zh_int(int(m.group(2))) + "号", t)
    t = re.sub(r"(?<![\d.])([01]?\d|2[0-4])[:：]([0-5]\d)(?:\s?[-~～—到至]\s?(次日|第二天|早上|上午|中午|下午|晚上|傍晚|凌晨)?"
               r"([01]?\d|2[0-4])[:：]([0-5]\d))?"
               r"(?![\d])", lambda m: _zh_time(m, m.string), t)                             # 10:30-22:00
    t = re.sub(r"(?<![\d.:])(\d{1,2})[:：](\d{1,2})(?![\d:])", lambda m: zh_int(int(m.group(1))) + "比"
               + zh_int(int(m.group(2))), t)                                                  # 16:9 -> 十六比九
    # sizes in a range: M-3XL -> M码到3XL码
    t = re.sub(r"(?<![A-Za-z])([SML]|X{1,3}L|\dXL)\s?[-–~]\s?(X{1,3}L|\dXL|[SML])(?![A-Za-z])", r"\1码到\2码", t)
    # so many of a size: 5ml×2 -> 两份五毫升
    t = re.sub(r"(\d+(?:\.\d+)?\s?(?:ml|mL|g|克|毫升))\s?[×xX*]\s?(\d{1,2})(?![\d.\w\u4e00-\u9fff])", r"\2份\1", t)
    # a price per two things: ¥199/店/月 -> 每店每月¥199 (said 每店每月一百九十九元)
    t = re.sub(rf"(?P<a>{ZH_PRICE})(?P<c>(?:\s?/\s?[\u4e00-\u9fff]{{1,2}}(?![\u4e00-\u9fff])){{2,}})",
               lambda m: "".join("每" + x for x in re.findall(r"[\u4e00-\u9fff]{1,2}", m.group("c"))) + m.group("a"), t)
    # per-unit: ¥99/8节, 129元/箱, ¥89/1.5kg, 357克/饼, ¥39.9/kg
    per_units = "|".join(sorted({*ZH_MEASURE, *(re.escape(u) for u in ZH_UNITS)} - {"万", "亿", "千", "百"},
                                key=len, reverse=True))
    t = re.sub(rf"(?P<a>{ZH_PRICE}|{NUM}\s?(?:{_ZH_UNIT_RE}|{_ZH_MEASURE_RE}))\s?/\s?(?P<q>{NUM})?\s?"
               rf"(?P<u>{per_units})(?![A-Za-z])", _zh_per, t)
    # a second per-unit after the first: ¥980/年/店 -> 九百八十元一年，每店
    t = re.sub(rf"(?P<first>[元块][一每][\u4e00-\u9fff]{{1,2}})\s?/\s?(?P<u>{per_units}|门店|店|账号|校区|车)(?![A-Za-z])",
               lambda m: m.group("first") + "，每" + m.group("u"), t)
    # prices: ¥59.9 / 59.9元 / 2万元 / $29
    t = re.sub(r"(只要|仅需|仅|才|到手价|售价|券后|现价|秒杀价)(?P<n>\d+\.\d+)(?![\d%％a-zA-Z个件盒袋元块])",
               lambda m: m.group(1) + _zh_money(m.group("n")), t)                         # 只要39.8 -> 只要三十九块八
    t = re.sub(rf"[¥￥]\s?(?P<n>{NUM})(?P<b>[万亿])?(?:元|块)?", lambda m: _zh_money(m.group("n"), m.group("b") or ""), t)
    t = re.sub(rf"(?P<n>{NUM})\s?(?P<b>[万亿])?元", lambda m: _zh_money(m.group("n"), m.group("b") or ""), t)
    t = re.sub(r"(?<![\d.])(\d+\.\d+)\s?块钱?", lambda m: _zh_money(m.group(1)), t)          # 9.9块 -> 九块九
    t = re.sub(rf"\$\s?(?P<n>{NUM})", lambda m: zh_number(m.group("n")) + "美元", t)
    t = re.sub(rf"(?<![\d.])({NUM})([万亿])(\+)?", _zh_big, t)                                 # 2万+ -> 两万多
    # percentages and ranges (2-3人 -> 两到三人)
    t = re.sub(rf"({NUM})\s?[%％]", lambda m: "百分之" + zh_number(m.group(1)), t)

    def zh_range(m: re.Match) -> str:
        unit = ZH_UNITS.get(m.group(3) or "", "")
        after = unit or m.string[m.end():m.end() + 2]
        return _zh_count(m.group(1), after) + "到" + _zh_count(m.group(2), after) + unit

    t = re.sub(rf"(?<![\d.A-Za-z-])({NUM})\s?[-~～—到至]\s?({NUM})(?![\d.])(?:\s?({_ZH_UNIT_RE})(?![A-Za-z]))?",
               zh_range, t)
    # numbers with units
    t = re.sub(rf"({NUM})\s?({_ZH_UNIT_RE})(?![A-Za-z])", lambda m: _zh_count(m.group(1), ZH_UNITS[m.group(2)])
               + ZH_UNITS[m.group(2)], t)
    t = re.sub(r"(?<![\d/.])([1-9])/([2-9]|10)(?![\d/.])", lambda m: zh_int(int(m.group(2))) + "分之"
               + zh_int(int(m.group(1))) if int(m.group(1)) < int(m.group(2)) else m.group(0), t)  # 1/2 -> 二分之一
    # letters: H&M -> H and M; words and brands said as words (FIT, NIKE, TOP); other acronyms letter by letter
    t = re.sub(r"(?<![A-Za-z])([A-Z]{1,3})\s?&\s?([A-Z]{1,3})(?![A-Za-z])", lambda m: " ".join(m.group(1)) + " and "
               + " ".join(m.group(2)), t)
    for word, said in ZH_LETTERS_AS_WORDS.items():
        t = re.sub(rf"(?<![A-Za-z]){word}(?![A-Za-z])", said, t)
    t = re.sub(r"(?<![A-Za-z])[A-Z]{2,}(?![a-z])(?:-[A-Z]{2,}(?![A-Za-z]))?", lambda m: "-".join(
        _zh_letters(p) for p in m.group(0).split("-")), t)
    t = re.sub(r"(?<=[A-Z])\s?-\s?(?=[A-Z])", " ", t)
    t = re.sub(rf"(?<![A-Za-z\d.])({NUM})\+", lambda m: zh_number(m.group(1)) + "多", t)   # 60+ -> 六十多
    t = re.sub(r"(?<=[\u4e00-\u9fff])\s?\+\s?(?=[\u4e00-\u9fff\d])", "、", t)          # 锅底+毛肚: a list, not 加
    t = re.sub(r"(?<=[\u4e00-\u9fffA-Za-z])(?<![零一二三四五六七八九十百千万两点])\s?\+\s?(?=[A-Za-z])|"
               r"(?<=[A-Za-z])\s?\+\s?(?=[\u4e00-\u9fff])(?![零一二三四五六七八九十百千万两])", "和", t)   # 剪映+PR
    t = re.sub(r"(?<=[\d\u4e00-\u9fffA-Za-z])\s?[*×]\s?(?=[\d零一二三四五六七八九十两])", "乘", t)   # 500g*2袋
    t = re.sub(r"#\s?(\d)(?!\d)", r"第\1", t)                                        # #1 爆款 -> 第一
    t = re.sub(r"[~～](?=\s?[\d零一二三四五六七八九十两])", "约", t)                     # ~40分钟: about
    t = re.sub(r"\s*[~～]+\s*", "，", t)                                               # 都在喝～, 名字 ~ 口号: a pause
    t = t.replace("+", "加")
    t = re.sub(r"(?<=[克升米斤])/(?=[一二两三四五六七八九十百\d])", "每", t)
    # remaining numbers: long digit strings (codes, order numbers) one by one unless they count something,
    # others as amounts (2 -> 两 before a measure word)
    t = re.sub(rf"(?<![\d.,])\d{{5,}}(?![\d.,])(?!\s?(?:{_ZH_MEASURE_RE}))", lambda m: zh_digits(m.group(0)), t)
    t = re.sub(NUM, lambda m: _zh_count(m.group(0), m.string[m.end():m.end() + 2]), t)
    t = t.replace("&", "和").replace("#", "")
    return re.sub(r"\s+", " ", t).strip()


# ---------------------------------------------------------------- English

EN_UNITS = {
    "ml": "milliliters", "mL": "milliliters", "l": "liters", "L": "liters", "oz": "ounces", "fl oz": "fluid ounces",
    "g": "grams", "mg": "milligrams", "kg": "kilograms", "lb": "pounds", "lbs": "pounds", "mAh": "milliamp hours",
    "h": "hours", "hr": "hours", "hrs": "hours", "min": "minutes", "mins": "minutes", "sec": "seconds",
    "mm": "millimeters", "cm": "centimeters", "m": "meters", "km": "kilometers", "in": "inches", "ft": "feet",
    "W": "watts", "kW": "kilowatts", "kWh": "kilowatt hours", "V": "volts", "GB": "gigabytes", "TB": "terabytes",
    "MB": "megabytes", "Wh": "watt hours", "mph": "miles per hour", "Hz": "hertz", "fps": "frames per second", "qt": "quarts",
    "gal": "gallons", "x": "times", "K": "K", "k": "thousand",
}
SINGULAR = {"hours": "hour", "minutes": "minute", "seconds": "second", "ounces": "ounce", "grams": "gram",
            "liters": "liter", "milliliters": "milliliter", "pounds": "pound", "inches": "inch", "feet": "foot",
            "meters": "meter", "kilograms": "kilogram", "watts": "watt", "times": "time", "milligrams": "milligram",
            "millimeters": "millimeter", "centimeters": "centimeter", "kilometers": "kilometer",
            "kilowatts": "kilowatt", "kilowatt hours": "kilowatt-hour", "watt hours": "watt-hour", "milliamp hours": "milliamp-hour",
            "volts": "volt", "gigabytes": "gig", "terabytes": "terabyte", "megabytes": "megabyte",
            "fluid ounces": "fluid-ounce", "quarts": "quart", "gallons": "gallon",
            "frames per second": "frame-per-second"}
# a number + unit before these is not a modifier ("25g of protein", "2 lbs lighter", "6 ft tall")
NOT_A_NOUN = set("""of per a an the and or nor to in on at for from with by than is are was were be been each every
that this these those so more less fewer left max maximum min minimum total only just you your we our it its they
their i he she which when while into off up down out over under ago long later earlier early late free back plus vs
via after before daily apiece today now flat tops straight tall wide high deep thick old away apart ahead behind
lighter heavier longer shorter bigger smaller faster slower thinner thicker larger stronger cheaper higher lower
wider narrower extra or but if as not no without within about around across between among through until till like
including plus""".split())
# what a unit measures, said with "of": 25g protein -> twenty-five grams of protein, 64GB storage
MEASURED = set("""protein proteins sugar sugars fat fats fiber fibre carbs carbohydrates caffeine salt sodium collagen
vitamin calcium iron zinc magnesium potassium omega creatine electrolytes storage RAM memory space data water coffee
juice milk liquid fuel""".split())
# what a whole amount of money pays for, said as a modifier: $50 gift card -> fifty-dollar gift card
MONEY_NOUNS = set("""gift credit voucher coupon bonus fee deposit reward rebate bill budget minimum purchase order
spend item upgrade plan subscription value scholarship grant discount savings prize stipend loan""".split())
_MONTH_ALT = ("January|February|March|April|May|June|July|August|September|October|November|December|"
              "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec")
# a month name or abbreviation ("Nov", "Sept.", "November"), its first three letters captured
MONTH_WORD = r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)(?:uary|ruary|ch|il|e|y|ust|tember|ober|ember)?(?![a-z])\.?"
MONTHS = {"jan": "January", "feb": "February", "mar": "March", "apr": "April", "may": "May", "jun": "June",
          "jul": "July", "aug": "August", "sep": "September", "sept": "September", "oct": "October",
          "nov": "November", "dec": "December"}
DAYS = {"mon": "Monday", "tue": "Tuesday", "tues": "Tuesday", "wed": "Wednesday", "thu": "Thursday",
        "thur": "Thursday", "thurs": "Thursday", "fri": "Friday", "sat": "Saturday", "sun": "Sunday"}
STREETS = {"Ave": "Avenue", "St": "Street", "Blvd": "Boulevard", "Rd": "Road", "Dr": "Drive", "Ln": "Lane",
           "Pkwy": "Parkway", "Hwy": "Highway", "Ct": "Court", "Pl": "Place", "Sq": "Square"}
PER = {"mo": "month", "month": "month", "yr": "year", "year": "year", "wk": "week", "week": "week", "day": "day",
       "hr": "hour", "hour": "hour", "night": "night", "person": "person", "lesson": "lesson", "class": "class",
       "session": "session", "user": "user", "seat": "seat", "box": "box", "bag": "bag", "bottle": "bottle",
       "pack": "pack", "location": "location", "license": "license", "member": "member", "head": "head",
       "device": "device", "kg": "kilogram", "lb": "pound", "oz": "ounce", "visit": "visit", "guest": "guest",
       "team": "team", "mile": "mile", "serving": "serving", "piece": "piece", "pair": "pair", "ticket": "ticket"}
PER_WITH_PER = {"person", "user", "seat", "location", "license", "member", "head", "device", "guest", "team"}
SHOUT_SMALL = {"on", "in", "to", "up", "at", "of", "by", "or", "is", "it", "go", "no", "so", "we", "my", "be", "do",
               "an", "a", "i", "me", "if", "as"}
WORD_ACRONYMS = {"NASA", "ASAP", "SaaS", "LED", "SIM", "PIN", "OLED", "FAQ", "SUV", "COVID", "UNESCO"}
CURRENCY = {"$": ("dollar", "dollars", "cent", "cents"), "€": ("euro", "euros", "cent", "cents"),
            "£": ("pound", "pounds", "penny", "pence"), "¥": ("yuan", "yuan", "fen", "fen")}
FRACTIONS = {(1, 2): "half", (1, 3): "a third", (2, 3): "two thirds", (1, 4): "a quarter", (3, 4): "three quarters",
             (1, 8): "an eighth", (3, 8): "three eighths", (5, 8): "five eighths", (7, 8): "seven eighths"}
KARATS = {9, 10, 12, 14, 18, 22, 24}
RESOLUTIONS = {360, 480, 540, 576, 720, 900, 1080, 1440, 2160, 4320}
DETERMINERS = {"the", "first", "top", "last", "next", "these", "those", "our", "your", "their", "its", "my", "his",
               "her", "every", "each", "per", "no", "number", "one", "of"}


def _pairable(w: int) -> bool:
    """Prices said in pairs: 349 -> three forty-nine, 1,299.99 -> twelve ninety-nine ninety-nine (not 1,050 or
    round hundreds). A whole $1,299 is said "twelve hundred ninety-nine dollars": "twelve ninety-nine" is heard
    as $12.99."""
    return 100 < w < 10000 and w % 100 != 0 and not (w >= 1000 and (w // 100) % 10 == 0)


def _en_money(symbol: str, amount: str) -> str:
    one, many, cent, cents = CURRENCY[symbol]
    amount = amount.replace(",", "")
    whole, _, frac = amount.partition(".")
    w = int(whole or 0)
    c = int((frac + "00")[:2]) if frac else 0
    if w == 0 and c:
        return f"{en_int(c)} {cent if c == 1 else cents}"
    said_c = en_int(c) if c >= 10 else "oh " + en_int(c)
    if c == 0:
        if symbol == "$" and _pairable(w) and w < 1000:
            return en_pair(w)                                   # $349 -> three forty-nine
        if 1100 <= w < 2000:                                    # $1,299 -> twelve hundred ninety-nine dollars
            return f"{en_int(w // 100)} hundred{' ' + en_int(w % 100) if w % 100 else ''} {many}"
        return f"{en_cardinal(w, a=True)} {one if w == 1 else many}"
    if w < 100:
        return f"{en_int(w)} {said_c}"                          # $12.50 -> twelve fifty
    if _pairable(w) and (symbol == "$" or w < 1000):
        return f"{en_pair(w) if symbol == '$' else en_int(w)} {said_c}"   # $249.99 -> two forty-nine ninety-nine
    return f"{en_cardinal(w)} {many} and {en_int(c)} {cent if c == 1 else cents}"


def _en_digits(p: str) -> str:
    """A number inside a code: 15 -> fifteen, 4090 -> forty ninety, 2.5 -> two point five."""
    if "." in p:
        return en_number(p)
    n = int(p)
    if 1000 < n < 10000 and n % 100 == 0 and n % 1000:
        return en_int(n // 100) + " hundred"                    # 1600 -> sixteen hundred
    return en_pair(n) if 100 < n < 10000 and not p.startswith("0") else en_int(n)


def _letters(code: str) -> str:
    """IPX5 -> I P X five; USB-C -> U S B C; 5G -> five G; SPF50+ -> S P F fifty plus; SAVE20 -> save twenty."""
    parts = re.findall(r"[A-Za-z]+|\d+(?:\.\d+)?|\+", code)
    out = []
    for p in parts:
        if p[0].isdigit():
            out.append(_en_digits(p))
        elif p == "+":
            out.append("plus")
        elif p.isupper() and said_as_word(p):
            out.append(said_as_word(p))
        elif p.isupper() and _pronounceable(p):
            out.append(p.lower())          # FREELANCE50 -> freelance fifty: a word in capitals is still a word
        elif p.isupper() or len(p) == 1:
            # a lone A is read as the article ("S uh T"): its letter name is spelled so it is said "ay"
            out.append(" ".join("eigh" if ch == "A" else ch for ch in p.upper()))
        else:
            out.append(p)
    return " ".join(out)


def _pronounceable(word: str) -> bool:
    """A run of capitals read as a word rather than letter by letter: five letters or more, a third of them
    vowels, no three consonants in a row at its start and no four anywhere (FREELANCE, SUMMER; not NMLS, HTTPS)."""
    w = word.lower()
    vowels = sum(c in "aeiouy" for c in w)
    return (len(w) >= 5 and vowels / len(w) >= 0.3 and not re.search(r"[^aeiouy]{4}", w)
            and not re.match(r"[^aeiouy]{3}", w))


def _en_per(m: re.Match) -> str:
    """$349/week -> three forty-nine a week; $49/seat/month -> forty-nine dollars per seat per month."""
    units = [PER[u] for u in re.findall(rf"(?:/|\bper |\ba )\s?({_EN_PER_RE})\b", m.group(3))]
    money = _en_money(m.group(1), m.group(2))
    if len(units) == 1:
        return money + (" per " if units[0] in PER_WITH_PER else " a ") + units[0]
    return money + "".join(" per " + u for u in units)


_EN_PER_RE = "|".join(sorted((re.escape(k) for k in PER), key=len, reverse=True))
_EN_UNIT_RE = "|".join(sorted((re.escape(u) for u in EN_UNITS), key=len, reverse=True))


def _en_unit(m: re.Match) -> str:
    """16 oz -> sixteen ounces; before a noun the unit is a modifier: 64 oz jar -> sixty-four-ounce jar,
    1500W motor -> fifteen-hundred-watt motor; before what it measures: 25g protein -> twenty-five grams of protein."""
    n, written, u = m.group(1), m.group(2), EN_UNITS[m.group(2)]
    rest = m.string[m.end():]
    if written == "in" and m.string[m.start(2) - 1:m.start(2)] == " ":
        return m.group(0)                                       # "5 in stock" is not five inches
    said = en_number(n)
    plural = f"{said} {SINGULAR.get(u, u) if said == 'one' else u}"
    nxt = re.match(r" ([A-Za-z][A-Za-z'-]*)(?: ([A-Za-z]+))?", rest)
    if not nxt or u in ("times", "K", "thousand"):
        return plural
    word, then = nxt.group(1), nxt.group(2)
    if (word.lower() in MEASURED or word in MEASURED) and (not then or then.lower() in NOT_A_NOUN):
        return plural + " of"                                   # but 500ml water bottle -> a modifier
    if word.lower() in ("natural", "organic", "pure", "real", "added", "total", "plant", "whey", "clean") and then \
            and then.lower() in MEASURED:
        return plural + " of"                                   # 80mg natural caffeine -> eighty milligrams of
    if word.lower() in NOT_A_NOUN:
        return plural
    return said.replace(" ", "-") + "-" + SINGULAR.get(u, u).replace(" ", "-")


def _en_money_at(m: re.Match) -> str:
    """$12 / $14k / $1M, and a whole amount before what it pays for as a modifier: $50 gift card -> fifty-dollar
    gift card."""
    symbol, amount, big = m.group(1), m.group(2), m.group(3)
    if big:
        return en_number(amount) + {"k": " thousand ", "m": " million ", "b": " billion ", "bn": " billion "}[
            big.lower()] + CURRENCY[symbol][1]
    nxt = re.match(r" ([a-z]+)", m.string[m.end():])
    w = amount.replace(",", "")
    if nxt and nxt.group(1) in MONEY_NOUNS and w.isdigit() and not (symbol == "$" and _pairable(int(w))):
        before = re.findall(r"[A-Za-z]+", m.string[max(0, m.start() - 6):m.start()])
        after_a = bool(before) and before[-1].lower() in ("a", "an")
        said = en_cardinal(int(w), a=not after_a)
        if after_a and said.startswith("one "):
            said = said[4:]                                     # a $100 gift card -> a hundred-dollar gift card
        head, _, last = said.rpartition(" ") if said.startswith("a ") else ("", "", said)
        return (head + " " if head else "") + last.replace(" ", "-") + "-" + CURRENCY[symbol][0]
    return _en_money(symbol, amount)


def _en_clock(h: str, mm: str | None, ap: str | None) -> str:
    said = en_int(int(h))
    if mm and mm != "00":
        said += " " + (en_int(int(mm)) if int(mm) >= 10 else "oh " + en_int(int(mm)))
    elif mm == "00" and not ap:
        said += " o'clock"
    return said + (f" {ap.lower()}.m." if ap else "")


def _en_street(m: re.Match) -> str:
    """5th Ave. -> Fifth Avenue, Main St -> Main Street; "Meet Dr. Lee" is a doctor (left to the next rule)."""
    name, kind = m.group(1), m.group(2)
    if kind in ("St", "Dr") and not name[0].isdigit() and re.match(r"\.?\s+[A-Z][a-z]", m.string[m.end(2):]):
        return m.group(0)
    return (en_ordinal(int(name[:-2])).capitalize() if name[0].isdigit() else name) + " " + STREETS[kind]


def _en_fraction(m: re.Match) -> str:
    """1/2 -> half, 1/4 lb -> a quarter pound, 1/2 cup -> half a cup; 5/1 (a date) is left alone."""
    key = (int(m.group(1)), int(m.group(2)))
    if key not in FRACTIONS:
        return m.group(0)
    said = FRACTIONS[key]
    if not m.group(3):
        return said
    unit = EN_UNITS.get(m.group(3), m.group(3).rstrip("s"))
    unit = SINGULAR.get(unit, unit)
    if key == (1, 2):
        return f"half a {unit}"
    if key[0] > 1:                                              # 3/4 cup -> three-quarter cup
        said = re.sub(r"s$", "", said).replace(" ", "-")
    return f"{said} {unit}"


def _en_slash_date(m: re.Match) -> str:
    """12/15 -> December fifteenth, 15/12 -> the fifteenth of December; 5/1 could be either and is left alone."""
    a, b = int(m.group(1)), int(m.group(2))
    months = list(dict.fromkeys(MONTHS.values()))
    if 1 <= a <= 12 and 12 < b <= 31:
        return f"{months[a - 1]} {en_ordinal(b)}"
    if 12 < a <= 31 and 1 <= b <= 12:
        return f"the {en_ordinal(a)} of {months[b - 1]}"
    return m.group(0)


def _en_shout(m: re.Match) -> str:
    """FREE SHIPPING ON ALL ORDERS -> free shipping on all orders: a run of capitals with English words in it is
    shouted copy, said as words; acronyms in it (USB, SPF) stay letter by letter."""
    tokens = m.group(0).split(" ")
    if not any(len(tok) >= 6 or (said_as_word(tok) and " " not in said_as_word(tok)) for tok in tokens):
        return m.group(0)
    out = []
    for tok in tokens:
        word = said_as_word(tok)
        if word or tok.lower() in SHOUT_SMALL or len(tok) >= 6 or (
                len(tok) >= 4 and len(re.findall(r"[AEIOU]", tok)) >= 2):      # CABLE, not USB or SPF
            out.append(word or tok.lower())
        else:
            out.append(tok)
    return " ".join(out)


def _en_day(m: re.Match) -> str:
    return DAYS[m.group(1).lower()]


_SIZES = {"XXS": "double extra small", "XS": "extra small", "S": "small", "M": "medium", "L": "large",
          "XL": "extra large", "XXL": "double extra large", "2XL": "double extra large", "XXXL": "triple extra large",
          "3XL": "triple extra large", "4XL": "four X L", "5XL": "five X L"}
_SIZE_RE = r"XXS|XS|XXXL|XXL|XL|[2-5]XL|S|M|L"


def to_spoken_en(text: str) -> str:
    """Written English ad text -> what the voice says."""
    t = text.replace("’", "'")
    t = re.sub(r"\s*[→➡⟶]\s*", ", now ", t)                                         # $129 → $99
    t = re.sub(r"\s+[·•|]\s+", ", ", t)                                                 # $12 Solo · $29 Team
    # a measure per area and per day: 15,000 g/m²/24h -> grams per square meter per day
    t = re.sub(r"(?<=[\dA-Za-z])\s?/\s?m[²2](?!\w)", " per square meter", t)
    t = re.sub(r"(?<=[\dA-Za-z])\s?/\s?24\s?h(?:rs?|ours?)?\b", " per day", t)
    t = re.sub(r"\breg\.\s?(?=[$€£\d])", "regularly ", t)                             # reg. $189
    t = re.sub(r"(?<=\d)\s?dB\b", " decibels", t)                                       # 22 dB
    # a marketplace's unit price: ($9.00 / Count) -> ($9.00 each)
    t = re.sub(r"\s?/\s?(?:count|ct|unit|piece)\b", " each", t, flags=re.I)
    # ages: Ages 8+ -> ages eight and up; a count: (90 ct) -> (ninety count)
    t = re.sub(r"\b([Aa]ges?|[Ff]or ages)\s(\d{1,2})\s?\+", lambda m: m.group(1) + " " + m.group(2) + " and up", t)
    t = re.sub(r"(?<=\d)\s?ct\b\.?", " count", t)
    # batteries: 6 x AA -> six double-A
    t = re.sub(r"\b(\d+)\s?[x×]?\s?(AAA|AA)\b", lambda m: m.group(1) + (" triple-A" if m.group(2) == "AAA"
                                                                          else " double-A"), t)
    t = re.sub(r"\b(AAA|AA)(?=\s+batter)", lambda m: "triple-A" if m.group(1) == "AAA" else "double-A", t)
    # an amount before the noun it describes: a $4,000 vet bill -> a four-thousand-dollar vet bill
    t = re.sub(r"\b([Aa]n?)\s\$(\d{1,3}(?:,\d{3})+)(?=\s[a-z])", lambda m: m.group(1) + " "
               + re.sub(r"^one ", "", en_number(m.group(2).replace(",", ""))).replace(" ", "-") + "-dollar", t)
    t = re.sub(r"(\d+(?:\.\d+)?\s?(?:[x×]|by)\s?\d+(?:\.\d+)?)\s?in\b(?=[\s.,;)]|$)", r"\1 inches", t)  # 16 x 5 in
    t = re.sub(rf"\b({_MONTH_ALT})\.?\s[-–—]\s(?=(?:{_MONTH_ALT})\b)", r"\1 to ", t)      # October - March
    t = re.sub(r"(\d+(?:\.\d+)?\s?%)\s?RH\b", r"\1 relative humidity", t)
    # a shell's layers: 3L Rain Jacket -> three-layer (not liters)
    t = re.sub(r"\b([23](?:\.5)?)L(?=\s+(?:[A-Z]\w*\s+){0,2}(?:[Rr]ain\s+)?(?:[Jj]ackets?|[Ss]hells?|[Pp]arkas?|[Cc]oats?|"
               r"[Aa]noraks?|[Pp]ants|[Bb]ibs)\b)", r"\1-layer", t)
    # clothing sizes in a range: XS–XXL -> extra small to double extra large
    t = re.sub(rf"(?<![\w-])({_SIZE_RE})\s?[-–—~]\s?({_SIZE_RE})(?![\w-])", lambda m: _SIZES[m.group(1)] + " to "
               + _SIZES[m.group(2)] if len(m.group(1) + m.group(2)) > 2 else m.group(0), t)
    t = re.sub(rf"\b([Ss]izes?\s)({_SIZE_RE})\s(to|through|and|or)\s({_SIZE_RE})\b",
               lambda m: m.group(1) + _SIZES[m.group(2)] + f" {m.group(3)} " + _SIZES[m.group(4)], t)
    # baby sizes by age: 0-6M, 3-6 M -> zero to six months
    t = re.sub(r"\b(\d{1,2})\s?[-–]\s?(\d{1,2})\s?M\b", lambda m: f"{m.group(1)} to {m.group(2)} months"
               if int(m.group(2)) <= 36 and int(m.group(1)) < int(m.group(2)) else m.group(0), t)
    # a range of rates: 5.99%-24.99% -> five point nine nine percent to twenty-four point nine nine percent
    t = re.sub(r"(?<=\d%)\s?[-–~]\s?(?=\d)", " to ", t)
    # area: sq ft / sq. ft. / sqft, sq m / m²
    t = re.sub(r"\b(?:sq\.?\s?ft\.?|sqft)(?=\s+[a-z])", "square-foot", t, flags=re.I)      # a 2,000 sq ft home
    t = re.sub(r"\b(?:sq\.?\s?ft\.?|sqft)(?=\W|$)", "square feet", t, flags=re.I)
    t = re.sub(r"\b(?:sq\.?\s?m|sqm)\b\.?|(?<=\d)\s?(?:m²|m2)\b", " square meters", t, flags=re.I)
    # a count per period: 2 gummies/day -> two gummies a day (never "or")
    t = re.sub(r"(?<=[A-Za-z])/(?=(?:day|week|month|year|night|hour|serving|person|visit|session|class|dose)\b)",
               " a ", t)
    # a dash between two values (dates, times, amounts) is "to"
    t = re.sub(r"(?<=\d)\s[-–—~]\s(?=(?:[$€£¥]?\d|" + MONTH_WORD + r"\s\d))",
               " to ", t)
    t = re.sub(r"(\$\s?\d[\d,]*(?:\.\d+)?)\s?(?:USD|US)\b", r"\1", t)                        # $24.99 USD
    t = re.sub(r"\b(?:USD|US\$)\s?(?=\d)", "$", t)
    t = re.sub(r"(\d+)\s?°\s?([FC])\b", lambda m: m.group(1) + (" degrees" if m.group(2) == "F" else " degrees Celsius"), t)
    t = re.sub(r"(\d)\s?°", r"\1 degrees", t)
    t = re.sub(r"\b(\d+)\s?mi\b(?=\s+(?:range|radius|ride|trip|loop|hike|run)\b)",
               lambda m: en_int(int(m.group(1))) + "-mile", t)                                      # 50 mi range
    t = re.sub(r"\b(\d+)\s?mi\b", lambda m: en_int(int(m.group(1))) + (" mile" if m.group(1) == "1" else " miles"), t)
    t = re.sub(r"\b([A-Z]{2,5})/([A-Z]{2,5})\b", r"\1 or \2", t)                               # FSA/HSA
    t = re.sub(r"\b(Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)\.?,?(?=\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|"
               r"Oct|Nov|Dec)[a-z]*\.?\s+\d)", lambda m: DAYS[m.group(1).lower()] + ",", t)
    for sign, word in ((r"≥|>=|⩾", "at least"), (r"≤|<=|⩽", "at most"), (r">", "over"), (r"<", "under")):
        t = re.sub(rf"(?:{sign})\s?(?=[\d$€£¥])", word + " ", t)
    # phone numbers: 1-800-555-0199 -> one eight hundred, five five five, zero one nine nine
    t = re.sub(r"(?<![\d.])\d{1,4}(?:-\d{3,4}){2,}(?![\d.])", lambda m: ", ".join(
        ("eight hundred" if g == "800" and i == 1 else
         " ".join("zero" if c == "0" else en_int(int(c)) for c in g)) for i, g in enumerate(m.group(0).split("-"))
    ).replace("one, eight hundred", "one eight hundred"), t)
    t = re.sub(r"\((\d{3})\)\s?(\d{3})-(\d{4})", lambda m: ", ".join(" ".join(
        "zero" if c == "0" else en_int(int(c)) for c in g) for g in m.groups()), t)
    # set phrases
    t = re.sub(r"#(\d{4,})\b", lambda m: "number " + " ".join("zero" if c == "0" else en_int(int(c))
                                                            for c in m.group(1)), t)          # order #12345
    t = re.sub(r"(?:#|\b[Nn][Oo]\.\s?)(\d{1,3})\b", lambda m: "number " + en_int(int(m.group(1))), t)   # No.1
    t = re.sub(r"\b24/7\b|\b7\s?[x×]\s?24\b", "twenty-four seven", t)
    t = re.sub(r"\b1:1\b", "one-on-one", t)
    t = re.sub(r"\b(\d{1,2})\s?[vV]\s?(\d{1,2})\b", lambda m: en_int(int(m.group(1))) + "-on-"
               + en_int(int(m.group(2))), t)                                                   # 1v1 -> one-on-one
    t = re.sub(r"\b(\d{1,2}):(\d)\b(?!\d)", lambda m: en_int(int(m.group(1))) + " by " + en_int(int(m.group(2))), t)
    t = re.sub(r"\b([A-Z])\.(\d{3})\b", lambda m: m.group(1) + " " + en_pair(int(m.group(2))), t)   # H.265
    t = re.sub(r"\b(\d{3,4})([pi])\b", lambda m: en_pair(int(m.group(1))).replace(" ", "-") + " " + m.group(2)
               if int(m.group(1)) in RESOLUTIONS else m.group(0), t)                            # 1080p -> ten-eighty p
    t = re.sub(r"\b(\d{1,2})\s?(?:k|K|kt|KT)\b(?=\s+(?:solid\s+|white\s+|yellow\s+|rose\s+)?(?:gold|plated|vermeil|"
               r"GP)\b)", lambda m: en_int(int(m.group(1))) + "-karat" if int(m.group(1)) in KARATS else m.group(0), t)
    t = re.sub(r"\b(\d{1,2})\s?(?:k|K|kt|KT)\s+(?=karat)", lambda m: en_int(int(m.group(1))) + " ", t)
    t = re.sub(r"\bSK-II\b", "S K two", t)
    t = re.sub(rf"\b({ROMAN_AFTER})(\s?)([IVX]{{1,6}})\b", lambda m: m.group(1) + " " + en_int(_roman(m.group(3)))
               if _roman(m.group(3)) else m.group(0), t)                                   # Type II -> Type two
    t = MODEL_PAIR.sub(lambda m: _model_line(m, " and ") or m.group(0), t)                   # Model 3/Y
    t = re.sub(r"\b(\d)\s(\d)/(\d)\b", lambda m: en_int(int(m.group(1))) + " and a half"
               if (m.group(2), m.group(3)) == ("1", "2") else m.group(0), t)                 # 1 1/2 cups
    t = re.sub(rf"(?<![\d/.])(\d)/(\d)(?![\d/]|\.\d)(?:\s?({_EN_UNIT_RE}|cups?|tsp|tbsp|teaspoons?|tablespoons?)\b)?",
               _en_fraction, t)                                                             # 1/2 -> half
    t = t.replace("½", " and a half ").replace("¼", " and a quarter ").replace("¾", " and three quarters ")
    t = re.sub(r"(?<![\d/.])(\d+(?:\.\d)?)/(5|10|100)\b(?![/\d])", lambda m: en_number(m.group(1)) + " out of "
               + en_int(int(m.group(2))) if float(m.group(1)) <= int(m.group(2)) and (
                   "." in m.group(1) or m.group(2) != "5" or re.search(r"(?i)rat|scor|star", m.string[:m.start()]))
               else m.group(0), t)                                                          # 4.9/5 -> out of five
    t = re.sub(r"\bEst\.\s?(?=(?:19|20)\d\d\b)", "established ", t)
    t = re.sub(r"\b(\d+)\s?¢", lambda m: en_int(int(m.group(1))) + (" cent" if m.group(1) == "1" else " cents"), t)
    t = re.sub(r"\b([A-Z]{1,3})\s?&\s?([A-Z]{1,3})\b", lambda m: " ".join(m.group(1)) + " and "
               + " ".join(m.group(2)), t)                                                    # AT&T -> A T and T
    # money, with a per-unit: $349/week -> three forty-nine a week
    t = re.sub(rf"([$€£¥])\s?({NUM})((?:\s?(?:/|\bper |\ba )\s?(?:{_EN_PER_RE})\b)+)", _en_per, t)
    t = re.sub(rf"([$€£¥])\s?({NUM})\+", lambda m: _en_money(m.group(1), m.group(2)) + " or more", t)   # $50+
    t = re.sub(rf"([$€£¥])\s?({NUM})(?:\s?(k|K|m|M|bn|B)\b)?", _en_money_at, t)
    # dates: May 1 -> May first, Nov 24-27 -> November twenty-fourth to twenty-seventh, 12/15 -> December
    # fifteenth (15/12 the same); 5/1 is left alone (ambiguous between markets)
    t = re.sub(r"\b" + MONTH_WORD + r"\s+(\d{1,2})(?:st|nd|rd|th)?\s?[-–]\s?"
               r"(\d{1,2})(?:st|nd|rd|th)?\b", lambda m: MONTHS[m.group(1).lower()] + " " + en_ordinal(int(m.group(2)))
               + " to " + en_ordinal(int(m.group(3))), t)
    t = re.sub(r"(?<![\d/.])(\d{1,2})/(\d{1,2})(?![\d/]|\.\d)", _en_slash_date, t)
    t = re.sub(r"\b" + MONTH_WORD + r"\s+(\d{1,2})(?:st|nd|rd|th)?\b",
               lambda m: MONTHS[m.group(1).lower()] + " " + en_ordinal(int(m.group(2))), t)
    # days: Mon-Fri -> Monday to Friday; Sat and Sun only where they are days (Sat 10am, Sat & Sun, open Sun)
    day = r"(Mon|Tues?|Wed|Thu(?:rs?)?|Fri|Sat|Sun)(?:day)?"
    order = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

    def day_range(m: re.Match) -> str:
        a, b = DAYS[m.group(1).lower()], DAYS[m.group(2).lower()]
        # two days side by side are both days (Sat-Sun -> Saturday and Sunday), not a range
        nxt = order.index(m.group(1).lower()[:3]) + 1 == order.index(m.group(2).lower()[:3])
        return a + (" and " if nxt else " to ") + b
    t = re.sub(rf"\b{day}\.?\s?(?:-|–|—|to|thru|through)\s?{day}\b\.?", day_range, t)
    t = re.sub(r"\b(Mon|Tues?|Wed|Thu(?:rs?)?|Fri)\b\.?(?!\w)", _en_day, t)
    t = re.sub(r"\b(Sat|Sun)\b\.?(?=\s?(?:\d|&|/|,\s?(?:Sat|Sun)\b|and\s+(?:Sat|Sun)\b))", _en_day, t)
    t = re.sub(r"\b((?:[Oo]n|[Ee]very|until|till|til|thru|[Oo]pen|[Cc]losed|and|&) )(Sat|Sun)\b\.?(?!\w)",
               lambda m: m.group(1) + DAYS[m.group(2).lower()], t)
    t = re.sub(r"(?<=[/&] )(Sat|Sun)\b|(?<=[/&])(Sat|Sun)\b", lambda m: DAYS[(m.group(1) or m.group(2)).lower()], t)
    t = re.sub(r"\b(\d{3,4})\s(?=(?:\d{1,3}(?:st|nd|rd|th)|[A-Z][a-z]+)\s(?:Ave|St|Blvd|Rd|Dr|Ln|Pkwy|Hwy|Avenue|"
               r"Street|Boulevard|Road|Drive|Lane)\b)", lambda m: _en_digits(m.group(1)) + " ", t)  # 350 5th Ave.
    # streets: 5th Ave. -> Fifth Avenue; St./Dr. before a name -> Saint / Doctor
    t = re.sub(r"\b(\d{1,3}(?:st|nd|rd|th)|[A-Z][a-z]+)\s(Ave|St|Blvd|Rd|Dr|Ln|Pkwy|Hwy|Ct|Pl|Sq)\b"
               r"(\.(?=\s+[a-z0-9]|,|$))?",
               _en_street, t)
    # after a capitalised name St. is the street ("Elm St. Open Thursday"); before a name it is Saint
    t = re.sub(r"\b([A-Z][a-z]{1,15}) St\.(?=\s+[A-Z])", r"\1 Street,", t)
    t = re.sub(r"\b(?:St|Dr|Mt|Ft)\.?\s(?=[A-Z][a-z])", lambda m: {"St": "Saint ", "Dr": "Doctor ", "Mt": "Mount ",
                                                                      "Ft": "Fort "}[m.group(0)[:2]], t)
    t = re.sub(r"\b(\d{1,3})(st|nd|rd|th)\b", lambda m: en_ordinal(int(m.group(1))), t)
    # times: 7am-3pm -> seven a.m. to three p.m.; 6-11pm -> six to eleven p.m.; 5 AM -> five a.m.; 9:30 -> nine thirty
    ap = r"\s?([apAP])\.?[mM]\.?(?![A-Za-z])"
    t = re.sub(rf"\b(\d{{1,2}})(?::(\d{{2}}))?{ap}\s?(?:-|–|—|to|until|till)\s?(\d{{1,2}})(?::(\d{{2}}))?{ap}",
               lambda m: _en_clock(m.group(1), m.group(2), m.group(3)) + " to "
               + _en_clock(m.group(4), m.group(5), m.group(6)), t)
    t = re.sub(rf"\b(\d{{1,2}})(?::(\d{{2}}))?\s?[-–]\s?(\d{{1,2}})(?::(\d{{2}}))?{ap}", lambda m: _en_clock(
        m.group(1), m.group(2), None).replace(" o'clock", "") + " to "
        + _en_clock(m.group(3), m.group(4), m.group(5)), t)
    t = re.sub(rf"\b(\d{{1,2}})(?::(\d{{2}}))?{ap}", lambda m: _en_clock(m.group(1), m.group(2), m.group(3)), t)
    t = re.sub(r"\b(\d{1,2}):(\d{2})\b", lambda m: _en_clock(m.group(1), m.group(2), None), t)
    # percentages, ranges
    t = re.sub(rf"({NUM})\s?%", lambda m: en_number(m.group(1)) + " percent", t)
    t = re.sub(rf"\b({NUM})\s?[-–]\s?({NUM})\s?({_EN_UNIT_RE})\b", lambda m: en_number(m.group(1)) + " to "
               + en_number(m.group(2)) + " " + EN_UNITS[m.group(3)], t)                       # 1-2 kg
    t = re.sub(rf"\b({NUM})\s?[-–]\s?({NUM})\b(?!\s?%)(?!-)", lambda m: en_number(m.group(1)) + " to "
               + en_number(m.group(2)), t)
    t = re.sub(r"\b(\d{1,2})x\b(?=\s?faster|\s?more|\s?longer|\s?zoom|\s?the)", lambda m: en_int(int(m.group(1)))
               + " times", t)
    # numbers with units: 16 oz -> sixteen ounces, 1500W motor -> fifteen-hundred-watt motor
    t = re.sub(r'\b(\d+(?:\.\d+)?)(?:"|”|-inch\b)', lambda m: en_number(m.group(1)) + "-inch", t)
    t = re.sub(rf"\b({NUM})\s?({_EN_UNIT_RE})\b", _en_unit, t)
    # codes that mix letters and digits (IPX5, USB-C, 5G, SPF50+, A17, PM2.5) and all-caps acronyms
    t = re.sub(r"\b(?=[A-Za-z0-9.+-]*\d)(?=[A-Za-z0-9.+-]*[A-Z])[A-Za-z0-9]+(?:\.\d+)?(?:-[A-Z0-9]+)*\+?",
               lambda m: m.group(0) if re.fullmatch(rf"{NUM}[a-zA-Z]+", m.group(0)) and
               re.sub(r"^[\d.,]+", "", m.group(0)) in EN_UNITS else _letters(m.group(0)), t)
    t = re.sub(r"(?<=[A-Za-z])(\+{2,})", lambda m: " plus" * len(m.group(1)), t)              # PA++++
    t = re.sub(r"\b([A-Z]{2,5}) (\d{3,4})\b(?![.,]\d)", lambda m: m.group(1) + " " + _en_digits(m.group(2))
               if not said_as_word(m.group(1)) else m.group(0), t)                          # RTX 4090 -> forty ninety
    t = re.sub(r"\b[A-Z]{2,}(?: [A-Z]{1,})+\b", _en_shout, t)                       # FREE SHIPPING ON ALL ORDERS
    t = re.sub(r"\b[A-Z]{2,}(?:-[A-Z])?\b", lambda m: m.group(0) if m.group(0) in WORD_ACRONYMS
               else said_as_word(m.group(0)) or (_letters(m.group(0)) if len(m.group(0)) <= 5 else m.group(0)), t)
    t = re.sub(rf"({NUM})\+", lambda m: en_number(m.group(1)) + "-plus", t)       # 80+ -> eighty-plus
    t = re.sub(r"~\s?(?=[\d$€£¥])", "about ", t)                                      # ~40 min: about
    t = re.sub(r"\s*~+\s*", ", ", t)                                                  # Willow Creek ~ Weddings: a pause
    t = re.sub(r"\s@\s", " at ", t)
    t = re.sub(r"\s/\s", ", ", t)
    t = re.sub(r"\s&\s", " and ", t)
    t = re.sub(r"\s\+\s", " and ", t)
    # long digit strings without commas are numbers to dial or type, not amounts: 1 800 555 0199
    t = re.sub(r"(?<![\d.,])\d{7,}(?![\d.,])", lambda m: " ".join("zero" if c == "0" else en_int(int(c))
                                                                  for c in m.group(0)), t)
    # years said in pairs
    t = re.sub(r"\b(19|20)(\d{2})\b(?!\s?(?:people|users|customers|reviews|stores|members|runners|buyers))",
               lambda m: en_pair(int(m.group(0))), t)

    def number(m: re.Match) -> str:
        if "." in m.group(0):
            return en_number(m.group(0))
        before = re.findall(r"[A-Za-z]+", m.string[max(0, m.start() - 12):m.start()])
        return en_cardinal(int(m.group(0).replace(",", "")), a=not before or before[-1].lower() not in DETERMINERS)
    t = re.sub(NUM, number, t)
    # a span of days: "Friday, February twelfth - Sunday, ..." -> "... to Sunday, ..."
    t = re.sub(r"(?<=\w)\s?[-–]\s?(?=(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b)", " to ", t)
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


# ---------------------------------------------------------------- a brief's own pronunciations

HAN = re.compile(r"[\u3400-\u9fff]")
KANA = re.compile(r"[\u3040-\u30ff]")
PUA = 0xE000          # private-use characters stand for overridden terms while the rules run


def usable_pronounce(pronounce: Mapping[str, str] | None, lang: str) -> tuple[tuple[str, str], ...]:
    """The brief's `pronounce` entries that fit this language, longest written form first: a spoken form in
    Chinese characters is not given to the English voice, one in kana only to the Japanese voice."""
    out = []
    for written, said in (pronounce or {}).items():
        if not written or (lang == "en" and (HAN.search(said) or KANA.search(said))) or \
                (lang == "zh" and KANA.search(said)):
            continue
        out.append((written, said))
    return tuple(sorted(out, key=lambda kv: len(kv[0]), reverse=True))


def _with_pronounce(text: str, lang: str, entries: tuple[tuple[str, str], ...]) -> str:
    if not entries:
        return _rules(text, lang)
    found: dict[str, str] = {}

    def mark(i: int, said: str):
        def put(m: re.Match) -> str:
            key = chr(PUA + i)
            found[key] = said
            if lang == "en":     # keep an English word apart from its neighbours (SAVE20 -> save twenty)
                return ((" " if m.start() and m.string[m.start() - 1].isalnum() else "") + key
                        + (" " if m.end() < len(m.string) and m.string[m.end()].isalnum() else ""))
            return key
        return put

    t = text
    for i, (written, said) in enumerate(entries):
        left = r"(?<![A-Za-z])" if written[0].isascii() and written[0].isalpha() else ""
        right = r"(?![A-Za-z])" if written[-1].isascii() and written[-1].isalpha() else ""
        t = re.sub(left + re.escape(written) + right, mark(i, said), t)
    t = _rules(t, lang)
    for key, said in found.items():
        t = t.replace(key, said)
    return t


def _rules(text: str, lang: str) -> str:
    if lang == "ja":
        return to_spoken_ja(text)
    if lang == "zh":
        return sweep_symbols(to_spoken_zh(_abbreviations(text, lang)), lang)
    return sweep_symbols(to_spoken_en(_abbreviations(text, lang)), lang)


def _abbreviations(text: str, lang: str) -> str:
    """Shorthand pasted from product pages, before the number rules: w/ -> with, incl. -> including, BOGO,
    /nt /ea /wk /hr after a price, gsm."""
    if lang == "zh":
        # a temperature below zero: -35℃ -> 零下三十五度 (零下-18℃ says 零下 once)
        t = re.sub(r"零下\s?[-−–]\s?(?=\d)", "零下", text)
        t = re.sub(r"(?<![\d.A-Za-z])[-−–]\s?(?=\d+(?:\.\d+)?\s?(?:℃|°C|度))", "零下", t)
        # a fabric's breathability: 5000g/m²/24h -> 每平方米每天五千克
        t = re.sub(r"(\d[\d,]*)\s?g\s?/\s?m[²2]\s?/\s?24\s?h", r"每平方米每天\1克", t)
        t = re.sub(r"m³\s?/\s?h", "立方米每小时", t)
        t = t.replace("m³", "立方米").replace("㎡", "平方米").replace("m²", "平方米")
        # 12+256G: two memory sizes, not "twelve-odd"
        t = re.sub(r"(\d+)\s?\+\s?(\d+)\s?(GB|G|TB|T)\b", r"\1\3加\2\3", t)
        t = re.sub(r"(\d+(?:\.\d+)?)\s?°(?![CF])", r"\1度", t)                                    # 53° 白酒: 度
        t = re.sub(r"(\d+(?:\.\d+)?)\s?%\s?vol\b", r"\1度", t, flags=re.I)                         # 53%vol
        t = re.sub(r"(?<=[\u4e00-\u9fff])\s?[·•]\s?(?=[\u4e00-\u9fff])", "，", t)                  # 赤水河·老窖
        # a range of two rates or amounts: 7.2%-24% -> 7.2%到24%
        t = re.sub(r"(\d+(?:\.\d+)?\s?[%％])\s?[-–—~～]\s?(?=\d+(?:\.\d+)?\s?[%％])", r"\1到", t)
        t = re.sub(r"([¥￥]\s?\d[\d,]*(?:\.\d+)?)\s?[-–—~～]\s?(?=[¥￥]\s?\d)", r"\1到", t)
        # an intake year: 2026Fall -> 2026年秋季 (the year said digit by digit by the year rule)
        t = re.sub(r"((?:19|20)\d\d)\s?(Fall|Autumn|Spring|Summer|Winter)(?![A-Za-z])",
                   lambda m: m.group(1) + "年" + {"fall": "秋季", "autumn": "秋季", "spring": "春季", "summer": "夏季",
                                                 "winter": "冬季"}[m.group(2).lower()], t, flags=re.I)
        # volts and amp-hours of a battery: 60V58Ah -> 60伏58安时 (not "60 对 58")
        t = re.sub(r"(\d+(?:\.\d+)?)\s?V(?=\s?\d+(?:\.\d+)?\s?Ah(?![A-Za-z]))", r"\1伏", t)
        t = re.sub(r"(\d+(?:\.\d+)?)\s?Ah(?![A-Za-z])", r"\1安时", t)
        t = re.sub(r"(?<![\d.])(\d{2,}(?:\.\d+)?)\s?V(?![A-Za-z\d.])", r"\1伏", t)
        t = re.sub(r"(\d+(?:\.\d+)?)\s?μm", r"\1微米", t)
        t = re.sub(r"\s*≈\s*", "，约", t)
        t = re.sub(r"([元块])\s?/\s?(?=\d+\s?[颗粒片包袋瓶盒支条罐粒张只])", r"\1，", t)              # 59.9元/52颗
        t = re.sub(r"(\d+)\s?mm\s?/\s?s\b", r"\1毫米每秒", t)
        t = re.sub(r"(\d+)\s?[Hh](?![A-Za-z])", r"\1小时", t)                                      # 24H 热水
        t = re.sub(r"\s?[×xX]\s?(?=[，。！？、；,.!?]|$)", "", t)                                   # 500克× (a dangling sign)
        return re.sub(r"(?<![A-Za-z])C\+\+", "C加加", t)                                       # C++ (not PA++++)
    if lang != "en":
        return text
    t = re.sub(r"~\s?(?=[$€£¥]?\d)", "about ", text)                                    # ~$1/day: about
    # a range of two amounts: $129–$169 -> $129 to $169 (a dash between amounts is not read)
    t = re.sub(r"([$€£]\s?\d[\d,]*(?:\.\d+)?)\s?[–—-]\s?(?=[$€£]\s?\d)", r"\1 to ", t)
    t = re.sub(r"(?<![\d.,/-])(\d[\d,]*(?:\.\d+)?%?)\s?[–—]\s?(?=\d)", r"\1 to ", t)
    # $500 million+ -> over $500 million; $2 million -> 2 million dollars
    t = re.sub(r"([$€£]\s?\d[\d,.]*\s?(?:million|billion|thousand|[MBK]))\+", r"over \1", t)
    t = re.sub(r"\$\s?(\d[\d,.]*)\s?(million|billion)\b", r"\1 \2 dollars", t)
    # a ratio: 1:4 counselor-to-camper ratio -> one to four
    t = re.sub(r"\b(\d{1,2}):(\d{1,2})(?=\s+(?:[\w-]+\s+)?ratio\b)", r"\1 to \2", t)
    t = re.sub(r"(\d)x\s?/\s?(day|week|wk|month|mo|year|yr)\b", lambda m: m.group(1) + " times a " + PER.get(
        m.group(2), m.group(2)), t)                                                        # 3x/day
    # a date after ends/by/until/starts or a weekday: 9/2 is September second in a US brief
    t = re.sub(r"\b((?:ends|end|by|until|thru|through|starts|start|before|after|from|on|Mon|Tue|Tues|Wed|Thu|Thur|"
               r"Thurs|Fri|Sat|Sun|[A-Z][a-z]+day)\s)(\d{1,2})/(\d{1,2})\b(?![/\d])",
               lambda m: m.group(1) + _month_day(int(m.group(2)), int(m.group(3))), t)
    # an amount per a thing that is not a known unit: $39.99/jar -> $39.99 a jar
    t = re.sub(rf"(\d)\s?/\s?(?!(?:{_EN_PER_RE})\b|nt\b|ea\b)([a-z]{{3,}})\b", r"\1 a \2", t)
    t = re.sub(r"\bincl\.?(?=\s*(?:[),;]|$))", "included", t)
    t = re.sub(r"\bppl\b", "people", t)
    t = re.sub(r"\bappts?\b", lambda m: "appointments" if m.group(0).endswith("s") else "appointment", t)
    t = re.sub(r"(\d)\s?(mm|cm|m|km|mi|ft|in|ml|L|l|g|kg|lb|oz)\s?/\s?(s|sec|min|h|hr|day)\b", lambda m: m.group(1) + " "
               + {"mm": "millimeters", "cm": "centimeters", "m": "meters", "km": "kilometers", "mi": "miles",
                  "ft": "feet", "in": "inches", "ml": "milliliters", "L": "liters", "l": "liters", "g": "grams",
                  "kg": "kilograms", "lb": "pounds", "oz": "ounces"}[m.group(2)] + " per "
               + {"s": "second", "sec": "second", "min": "minute", "h": "hour", "hr": "hour", "day": "day"}[m.group(3)], t)
    t = re.sub(r"\s*=\s*(?=\d|\$)", ": ", t)                                                # FRESH20 = 20% off
    t = re.sub(r"\s*[≈~]\s*(?=[$\d])", " about ", t)
    t = re.sub(r"\b(by|until|through|thru|before|on|this|next)\s+(Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)\b\.?",
               lambda m: m.group(1) + " " + DAYS[m.group(2).lower()], t)                       # by Sun
    t = re.sub(r"\badd'?l\b", "additional", t)
    t = re.sub(r"(\d)\s?mos?\b(?!\s?/)", lambda m: m.group(1) + (" month" if m.group(1) == "1" else " months"), t)
    t = re.sub(r"\b(miles|mi|km|kilometers|feet|ft|gallons|liters|pages|words|cups)\s?/\s?(hour|hr|h|day|minute|min)\b",
               lambda m: m.group(1) + (" an " if m.group(2) in ("hour", "hr", "h") else " a ") + {
                   "hr": "hour", "h": "hour", "min": "minute"}.get(m.group(2), m.group(2)), t)        # miles/hour
    t = re.sub(r"(?<=[A-Za-z])\+(?=\s|$|[.,;:!?])", " Plus", t)                               # Spark+ (a tier)
    t = re.sub(r"(\d+(?:\.\d+)?)\s?(?:\"|”|″)?\s?[x×]\s?(\d+(?:\.\d+)?)\s?(?:\"|”|″)", r"\1 by \2 inches", t)  # 48"x24"
    t = re.sub(r"\b(\d+)\s?[×x]\s?(?=\d+[- ](?:hour|minute|day|week|night|page|person|course)s?\b)", r"\1 ",
               t)                                                                        # 2 × 2-hour classes
    t = re.sub(r"(?<![\w.])(\d+(?:\.\d+)?)\s?[x×]\s?(\d+(?:\.\d+)?)(?!\s?(?:\d|%))", r"\1 by \2", t)       # 5x5, 10x30
    t = re.sub(r"(\d)\s?pp\b", r"\1 per person", t)
    t = re.sub(r"(?<=years )exp\b\.?|(?<=yrs )exp\b\.?", "of experience", t)
    t = re.sub(r"\bMgmt\b", "Management", t)
    t = re.sub(r"\bmgmt\b", "management", t)
    t = re.sub(r"\bhrs\b", "hours", t)
    t = re.sub(r"\bhr\b", "hour", t)
    t = re.sub(r"(?:(?<=\()|^)\s?\+\s?(?=[A-Za-z])", "plus ", t)                                # (+ state)
    t = re.sub(r"(\d\+?)\s?(?:pts?)\b(?!\.)", lambda m: m.group(1) + " points", t)
    t = re.sub(r"(\d)-(?:pt)\b", r"\1-point", t)
    t = re.sub(r"(\d)\s?BR\b", r"\1-bedroom", t)
    t = re.sub(r"\bOAC\b", "with approved credit", t)
    t = re.sub(r"(\d)-(yr|wk|hr|mo|mi|ft|lb|oz|gal|sec)\b", lambda m: m.group(1) + "-" + {
        "yr": "year", "wk": "week", "hr": "hour", "mo": "month", "mi": "mile", "ft": "foot", "lb": "pound",
        "oz": "ounce", "gal": "gallon", "sec": "second"}[m.group(2)], t)                     # a 10-yr warranty
    t = re.sub(r"\b1\s?(wk|yr|hr|mo)\b", lambda m: "1 " + {"wk": "week", "yr": "year", "hr": "hour", "mo": "month"}[
        m.group(1)], t)                                                                    # 1 wk: one week
    t = re.sub(r"\bw/\s?(?=\S)", "with ", t)
    t = re.sub(r"\bw/o\b\s?", "without ", t)
    t = re.sub(r"\bincl\.?(?=\s)", "including", t)
    t = re.sub(r"\bapprox\.?(?=\s)", "about", t)
    t = re.sub(r"\bBOGO\b", "buy one, get one", t)
    t = re.sub(r"(\d)\s?/\s?nt\b", r"\1/night", t)
    t = re.sub(r"(\d)\s?/\s?ea\.?\b", r"\1 each", t)
    t = re.sub(r"(\d)\s?gsm\b", r"\1 grams per square meter", t)
    for short, full in (("wks?", "weeks"), ("yrs?", "years"), ("mos", "months"), ("hrs?", "hours"), ("secs?", "seconds")):
        t = re.sub(rf"(\d)\s?{short}\b", lambda m, full=full: m.group(1) + " " + full, t)
    t = re.sub(r"\bavg\.?(?=\s)", "average", t, flags=re.I)
    t = re.sub(r"\b(1[0-9])([0-9])0s\b", lambda m: en_int(int(m.group(1))) + " " + {
        "0": "hundreds", "1": "tens", "2": "twenties", "3": "thirties", "4": "forties", "5": "fifties", "6": "sixties",
        "7": "seventies", "8": "eighties", "9": "nineties"}[m.group(2)], t)                                  # 1890s
    t = re.sub(r"(\d)\s?(?:\"|”|″)(?=\s+of\b)", r"\1 inches", t)                                   # 300" of snow
    t = re.sub(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\s?[–-]\s?(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|"
               r"Sept|Oct|Nov|Dec)\b", lambda m: MONTHS[m.group(1).lower()[:3]] + " to " + MONTHS[m.group(2).lower()[:3]], t)
    # minutes: "in 15 min" is fifteen minutes, "a 15 min walk" a fifteen-minute walk
    t = re.sub(r"(\d)\s?-?\s?mins?\b(?=\s+[a-z]{3,}\b(?<!\band\b)(?<!\bfor\b)(?<!\bwith\b))", r"\1-minute", t)
    t = re.sub(r"(\d)-mins?\b", r"\1-minute", t)
    t = re.sub(r"\b1\s?mins?\b", "1 minute", t)
    t = re.sub(r"(\d)\s?mins?\b", r"\1 minutes", t)
    return t


def _month_day(month: int, day: int) -> str:
    months = list(dict.fromkeys(MONTHS.values()))
    return f"{months[month - 1]} {en_ordinal(day)}" if 1 <= month <= 12 and 1 <= day <= 31 else f"{month}/{day}"


# what no voice should read, swept after the rules in this order: (pattern, replacement) by language
SWEEP = {
    "zh": [(r"[™®©℠]", ""), ("³", "立方"), ("²", "平方"), (r"\s?/\s?", "、"), (r"\s*[|｜]\s*", "，"), (r"[（(]\s*", "，"),
           (r"\s*[）)]", "，"), (r"[#~^_=<>\[\]{}\\]", ""), (r"，\s*([，。！？、])", r"\1"), (r"，{2,}", "，")],
    "en": [(r"[™®©℠]", ""), (r"\ba (?=hour\b|honest\b|hour-)", "an "), (r"[!?]\s*(?=[,)])", ""), ("³", " cubed"), ("²", " squared"),
           (r"(?<=[A-Za-z])\s?/\s?(?=[A-Za-z])", " or "),
           (r"(?<=\d)\s?/\s?(?=[A-Za-z])", " per "), (r"\s?/\s?", " "), (r"\s*\|\s*", ". "), (r"\s*\(\s*", ", "),
           (r"\s*\)\s*(?=[.,!?;:])", ""), (r"\s*\)\s*", ", "), (r"[#~^_=<>\[\]{}\\]", " "), (r",\s*([.,!?;:])", r"\1"),
           (r"\s+([.,!?;:])", r"\1"), (r"\s{2,}", " ")],
}


def sweep_symbols(said: str, lang: str) -> str:
    """The last pass over a spoken form: footnote marks (* † ※) go; a slash between words is "or" (en) or a
    pause (、, zh), one after an amount "per"; pipes and brackets become pauses; cubes and squares are said;
    any other symbol is dropped, so nothing is read out as "asterisk" or "slash"."""
    t = re.sub(r"(?<=\S)[*†‡※]+|[*†‡※]+(?=\S)|\s[*†‡※]+\s", " ", said)
    for pattern, repl in SWEEP["zh" if lang == "zh" else "en"]:
        t = re.sub(pattern, repl, t)
    if lang == "zh":
        return t.strip("，")
    t = t.strip(" ,")
    # a sentence after the first starts with a capital whatever the number rules made of its first word
    return re.sub(r"(?<![.\s][A-Za-z])([.!?]\s+)([a-z])", lambda m: m.group(1) + m.group(2).upper(), t)


ASIDE = re.compile(r"\s*[（(]([^（）()]+)[）)]")


def without_asides(text: str, lang: str) -> str:
    """A bracketed aside (a condition, a source, a gloss: "（30岁，以投保页面为准）", "(2023 cohorts, self-reported)")
    is for the reader: the caption shows it, the voice leaves it out. A short bracket that is part of what is said
    ("$99 (+ state)", "(VIP)") is kept."""
    def drop(m: re.Match) -> str:
        inner = m.group(1)
        long = len(inner.split()) >= 3 if lang == "en" else len(re.findall(r"[\u3400-\u9fff]", inner)) >= 5
        rest = (m.string[:m.start()] + m.string[m.end():]).strip()
        condition = re.search(r"为准|以.{0,8}为|须|需|仅限|不含|详见|自评|self-reported|as of|terms|see |excl|"
                              r"subject to|cohorts?|survey|source|est\.|approx", inner, re.I)
        if rest and re.search(r"\w", rest) and (condition or (long and not re.search(r"\d", inner))):
            return ""
        return m.group(0)
    return ASIDE.sub(drop, text)


@lru_cache(maxsize=8192)
def _spoken(text: str, lang: str, entries: tuple[tuple[str, str], ...]) -> str:
    from pipeline.media.emoji import strip_emoji

    return _with_pronounce(without_asides(strip_emoji(text), lang), lang, entries)


def to_spoken(text: str, lang: str, pronounce: Mapping[str, str] | None = None) -> str:
    """What the voice says for this written text (cached: writers estimate the same lines many times).
    Emoji are not read out. `pronounce` maps written forms to spoken forms ({"MUJI": "木吉"}) and wins over the
    rules."""
    return _spoken(text, lang, usable_pronounce(pronounce, lang))


# letters a voice would read one by one, or symbols it would read or swallow, left in a spoken form
_EN_SAID_AS_LETTERS = re.compile(r"(?<![A-Za-z'])(?:[B-DF-HJ-NP-TV-XZ]?[b-df-hj-np-tv-xz]{2,4})(?![A-Za-z'])")       # ppl, pt, hrs
_RESIDUE_SYMBOLS = re.compile(r"[\d/+=×*~^|#<>\[\]{}→–°″]|(?<=\d)\"|(?<=\w)-(?=\d)|(?<=\d)-|"
                              r"(?:one|two|three|four|five|six|seven|eight|nine|ten|ty)x(?=[a-z])")
_EN_FINE = {"hmm", "shh", "nth", "tv", "dj", "pr", "ps", "cv", "ux", "bbq", "dvd", "gps", "mph", "mr", "mrs", "dr", "st", "vs"}


def spoken_residue(said: str, lang: str) -> list[str]:
    """What is left in a spoken form that a voice would read wrongly: digits and symbols (every number should be
    words by now), and in English lower-case shorthand with no vowel ("ppl", "pt", "hrs"). Empty when clean.
    Japanese keeps its digits (OpenJTalk reads them) and is not scanned."""
    if lang not in ("en", "zh"):
        return []
    out = [m.group(0) for m in _RESIDUE_SYMBOLS.finditer(said)]
    if lang == "en":
        out += [m.group(0) for m in _EN_SAID_AS_LETTERS.finditer(said) if m.group(0).lower() not in _EN_FINE]
    else:
        out += re.findall(r"(?<![A-Za-z])[a-z]{2,4}\.(?!\w)", said)
        out += re.findall(r"(?<=[零一二三四五六七八九十百千万两])(?:[a-z]{1,4})(?![A-Za-z])", said)   # 五十三vol, 十mg
    return out
