"""Numbers as words: Chinese numerals and English cardinals/ordinals, for the spoken form."""

from __future__ import annotations

ZH_DIGITS = "零一二三四五六七八九"
ZH_UNITS = ["", "十", "百", "千"]
ZH_BIG = ["", "万", "亿", "万亿"]


def _zh_under_10000(n: int) -> str:
    out, zero = "", False
    for power in (3, 2, 1, 0):
        d = n // 10 ** power % 10
        if d == 0:
            zero = bool(out)
            continue
        if zero:
            out += "零"
            zero = False
        out += ZH_DIGITS[d] + ZH_UNITS[power]
    return out


def zh_int(n: int) -> str:
    """12 -> 十二, 105 -> 一百零五; a leading 2 before 千/万/亿 is 两 (2000 -> 两千, 20000 -> 两万, 2999 ->
    两千九百九十九), and before 百 when the amount is round (200 -> 两百, 200万 -> 两百万; 299 -> 二百九十九)."""
    if n == 0:
        return "零"
    if n < 0:
        return "负" + zh_int(-n)
    groups, rest = [], n
    while rest:
        groups.append(rest % 10000)
        rest //= 10000
    out = ""
    for i in range(len(groups) - 1, -1, -1):
        g = groups[i]
        if g == 0:
            if out and not out.endswith("零"):
                out += "零"
            continue
        if out and g < 1000 and not out.endswith("零"):
            out += "零"
        out += _zh_under_10000(g) + ZH_BIG[i]
    out = out.rstrip("零")
    if out.startswith("一十"):
        out = out[1:]          # 十二, not 一十二
    if out.startswith(("二千", "二万", "二亿")) or (out.startswith("二百") and str(n).rstrip("0") == "2"):
        out = "两" + out[1:]
    return out


def zh_digits(s: str, phone: bool = False) -> str:
    """Digit by digit: 2024 -> 二零二四; a phone number says 1 as 幺 (138 -> 幺三八)."""
    return "".join(("幺" if phone and c == "1" else ZH_DIGITS[int(c)]) if c.isdigit() else c for c in s)


def zh_number(s: str) -> str:
    """'59.9' -> 五十九点九, '1200' -> 一千二百, '0.5' -> 零点五."""
    s = s.replace(",", "")
    if "." in s:
        whole, frac = s.split(".", 1)
        return zh_int(int(whole or 0)) + "点" + zh_digits(frac)
    return zh_int(int(s))


ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
        "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
SCALES = [(10 ** 12, "trillion"), (10 ** 9, "billion"), (10 ** 6, "million"), (1000, "thousand")]
ORDINAL_WORDS = {"one": "first", "two": "second", "three": "third", "five": "fifth", "eight": "eighth",
                 "nine": "ninth", "twelve": "twelfth"}


def en_int(n: int) -> str:
    """1234 -> one thousand two hundred thirty-four."""
    if n < 0:
        return "minus " + en_int(-n)
    if n < 20:
        return ONES[n]
    if n < 100:
        return TENS[n // 10] + ("-" + ONES[n % 10] if n % 10 else "")
    if n < 1000:
        return ONES[n // 100] + " hundred" + (" " + en_int(n % 100) if n % 100 else "")
    for value, word in SCALES:
        if n >= value:
            return en_int(n // value) + " " + word + (" " + en_int(n % value) if n % value else "")
    return str(n)


def en_cardinal(n: int, a: bool = False) -> str:
    """A count as said in running text: 1500 -> fifteen hundred (1100-1999 in round hundreds), else en_int;
    with a=True, 100 / 1,000 / 1,000,000 -> a hundred / a thousand / a million."""
    if 1100 <= n <= 1999 and n % 100 == 0:
        return en_int(n // 100) + " hundred"
    if a and n in (100, 1000, 10 ** 6, 10 ** 9, 10 ** 12):
        return "a " + en_int(n).split(" ", 1)[1]
    return en_int(n)


def en_number(s: str) -> str:
    """'12.5' -> twelve point five; '1,000,000' -> one million; '1500' -> fifteen hundred."""
    s = s.replace(",", "")
    if "." in s:
        whole, frac = s.split(".", 1)
        return en_int(int(whole or 0)) + " point " + " ".join(ONES[int(c)] for c in frac if c.isdigit())
    return en_cardinal(int(s))


def en_ordinal(n: int) -> str:
    """1 -> first, 22 -> twenty-second, 30 -> thirtieth."""
    words = en_int(n)
    head, sep, last = words.rpartition("-") if "-" in words.split(" ")[-1] else words.rpartition(" ")
    if last in ORDINAL_WORDS:
        last = ORDINAL_WORDS[last]
    elif last.endswith("y"):
        last = last[:-1] + "ieth"
    else:
        last += "th"
    return head + sep + last


def en_pair(n: int) -> str:
    """Said in pairs, like prices and years: 349 -> three forty-nine, 2024 -> twenty twenty-four."""
    if n < 100:
        return en_int(n)
    hi, lo = divmod(n, 100)
    if lo == 0:
        return en_int(n)
    return en_int(hi) + " " + (("oh " + ONES[lo]) if lo < 10 else en_int(lo))
