"""Terms a translation must not touch: glossary entries, brand names, model codes, URLs, prices.

Each is replaced by a numbered token before translation and put back after (a glossary term as its given
translation); the result is checked: every token back exactly once, every number of the source present."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

TOKEN = "[{}]"                      # e.g. [1]; small models copy bracketed numbers faithfully
_TOKEN_RE = re.compile(r"\[(\d+)\]")
_AUTO = [
    r"(?:https?://|www\.)[A-Za-z0-9./?=&%_~#:+-]*[A-Za-z0-9/]|\b[A-Za-z0-9.-]+\.(?:com|cn|net|org|io|shop|store|co)"
    r"(?:/[A-Za-z0-9./?=&%_~#+-]*)?\b",                                                        # URLs, domains
    r"[\w.+-]+@[\w-]+\.[\w.]+",                                                              # e-mail
    r"[¥$€£￥]\s?\d[\d,]*(?:\.\d+)?(?:\s?(?:/|per )\s?[A-Za-z]+)?|\d[\d,]*(?:\.\d+)?\s?(?:元|块|RMB|CNY|USD|EUR|GBP|JPY|円)",  # prices
    r"\b(?=[A-Za-z0-9-]*\d)(?=[A-Za-z0-9-]*[A-Za-z])[A-Za-z0-9][A-Za-z0-9-]{1,}\b",        # model codes: X9, AB-200
    r"@[\w.]+|#[\w\u4e00-\u9fff]+",                                                          # handles, hashtags
]


@dataclass
class Masked:
    text: str
    values: dict[int, str] = field(default_factory=dict)     # token number -> what goes back


def _numbers(text: str) -> list[str]:
    return [n.replace(",", "") for n in re.findall(r"\d[\d,]*(?:\.\d+)?", text)]


def _price_for(value: str, target: str) -> str:
    """A price as written for the target language, same currency and amount: 10元 -> ¥10 in English; a
    yuan price stays in 元 for Japanese readers (to whom ¥ means yen)."""
    m = re.fullmatch(r"(\d[\d,]*(?:\.\d+)?)\s?(元|块)", value)
    if m and target == "en":
        return f"¥{m.group(1)}"
    m = re.fullmatch(r"[¥￥]\s?(\d[\d,]*(?:\.\d+)?)", value)
    if m and target == "ja":
        return f"{m.group(1)}元"
    return value


def mask(text: str, glossary: dict[str, str], protected: list[str], start: int = 1, target: str = "en") -> Masked:
    """text with glossary terms, protected terms and auto-detected codes/prices/URLs replaced by tokens."""
    values: dict[int, str] = {}
    n = start
    spans: list[tuple[int, int, str]] = []
    literal = sorted({**{k: v for k, v in glossary.items()}, **{p: p for p in protected}}.items(),
                     key=lambda kv: -len(kv[0]))
    taken = [False] * len(text)

    def claim(a: int, b: int, value: str) -> None:
        if not any(taken[a:b]):
            spans.append((a, b, value))
            for i in range(a, b):
                taken[i] = True

    for term, value in literal:
        if term:
            for m in re.finditer(re.escape(term), text):
                claim(m.start(), m.end(), value)
    for pat in _AUTO:
        for m in re.finditer(pat, text):
            claim(m.start(), m.end(), _price_for(m.group(0), target))
    out, pos = [], 0
    for a, b, value in sorted(spans):
        out.append(text[pos:a])
        out.append(TOKEN.format(n))
        values[n] = value
        n += 1
        pos = b
    out.append(text[pos:])
    return Masked("".join(out), values)


def unmask(text: str, masked: Masked) -> str:
    return _TOKEN_RE.sub(lambda m: masked.values.get(int(m.group(1)), m.group(0)), text)


# Simplified-only characters a small model leaves in Japanese text, and their Japanese forms; and a few Chinese
# product words Japanese writes differently. Applied to Japanese translations before they are checked.
JA_FORMS = str.maketrans({'时': '時', '热': '熱', '顺': '順', '涩': '渋', '减': '減', '单': '単', '贵': '貴', '买': '買', '卖': '売',
                          '价': '価', '优': '優', '质': '質', '后': '後', '发': '発', '实': '実', '现': '現', '门': '門', '问': '問',
                          '间': '間', '闻': '聞', '关': '関', '开': '開', '东': '東', '车': '車', '长': '長', '认': '認', '说': '説',
                          '话': '話', '语': '語', '读': '読', '请': '請', '谢': '謝', '该': '該', '议': '議', '计': '計', '设': '設',
                          '试': '試', '验': '験', '证': '証', '选': '選', '适': '適', '满': '満', '气': '気', '电': '電', '样': '様',
                          '题': '題', '为': '為', '无': '無', '专': '専', '业': '業', '产': '産', '从': '従', '众': '衆', '传': '伝',
                          '儿': '児', '图': '図', '圆': '円', '团': '団', '场': '場', '处': '処', '备': '備', '头': '頭', '奖': '奨',
                          '对': '対', '导': '導', '岁': '歳', '带': '帯', '应': '応', '广': '広', '张': '張', '总': '総', '户': '戸',
                          '扫': '掃', '护': '護', '报': '報', '换': '換', '损': '損', '摄': '撮', '击': '撃', '显': '顕', '杂': '雑',
                          '极': '極', '标': '標', '检': '検', '欢': '歓', '毕': '畢', '浓': '濃', '烦': '煩', '爱': '愛', '环': '環',
                          '疗': '療', '盖': '蓋', '种': '種', '积': '積', '稳': '穏', '笔': '筆', '类': '類', '练': '練', '组': '組',
                          '细': '細', '经': '経', '结': '結', '给': '給', '绿': '緑', '网': '網', '线': '線', '绝': '絶', '续': '続',
                          '维': '維', '综': '総', '编': '編', '缩': '縮', '肤': '膚', '脑': '脳', '节': '節', '药': '薬', '营': '営',
                          '观': '観', '规': '規', '视': '視', '觉': '覚', '订': '訂', '记': '記', '讲': '講', '许': '許', '论': '論',
                          '识': '識', '诉': '訴', '评': '評', '词': '詞', '调': '調', '谈': '談', '购': '購', '费': '費', '资': '資',
                          '赛': '賽', '赠': '贈', '转': '転', '软': '軟', '轻': '軽', '载': '載', '较': '較', '输': '輸', '过': '過',
                          '运': '運', '还': '還', '进': '進', '远': '遠', '连': '連', '钟': '鐘', '钱': '銭', '铁': '鉄', '银': '銀',
                          '锅': '鍋', '错': '錯', '键': '鍵', '镜': '鏡', '闪': '閃', '阅': '閲', '队': '隊', '阳': '陽', '际': '際',
                          '险': '険', '难': '難', '页': '頁', '顶': '頂', '项': '項', '预': '預', '领': '領', '频': '頻', '颜': '顔',
                          '风': '風', '飞': '飛', '饭': '飯', '饮': '飲', '馆': '館', '鱼': '魚', '鸡': '鶏', '鲜': '鮮', '龄': '齢',
                          '齿': '歯', '养': '養', '苏': '蘇', '荐': '薦', '签': '簽', '仅': '僅', '这': '這', '们': '們', '个': '個',
                          '么': '麼', '吗': '嗎', '边': '辺', '级': '級', '纯': '純', '纸': '紙', '约': '約', '红': '紅', '织': '織',
                          '终': '終', '统': '統', '丝': '糸'})
JA_WORDS = {"咖啡": "コーヒー", "冷萃": "コールドブリュー", "速溶": "インスタント", "上班族": "会社員", "学生党": "学生",
            "蔗糖": "砂糖", "熬夜": "夜ふかし"}


def japanese_forms(text: str) -> str:
    for zh, ja in JA_WORDS.items():
        text = text.replace(zh, ja)
    return text.translate(JA_FORMS)


def _in_jis(ch: str) -> bool:
    """Whether a Han character is in JIS X 0208 (Japanese text); simplified-only forms like 减 仅 单 are not."""
    try:
        ch.encode("iso2022_jp")
        return True
    except UnicodeEncodeError:
        return False


def problems(source: str, masked: Masked, translated: str, target_lang: str) -> list[str]:
    """What is wrong with a translation of `source` (its masked form) into `translated` (still masked)."""
    out = []
    got = [int(t) for t in _TOKEN_RE.findall(translated)]
    for k, v in masked.values.items():
        if got.count(k) != 1:
            out.append(f"{v!r} {'missing' if not got.count(k) else 'repeated'}")
    final = unmask(translated, masked)
    have = _numbers(final)
    zero = {"en": r"\b(?:no|zero|free|without)\b", "zh": r"[零无不免]", "ja": r"ゼロ|無|不使用|なし|フリー|ノン|ない|不添加"}.get(
        target_lang)
    for num in _numbers(source):
        if num in have:
            have.remove(num)
        elif num == "0" and zero and re.search(zero, final, re.I):
            continue            # "0添加" is "no added ...": zero said in words is the same number
        else:
            out.append(f"number {num} missing")
    if target_lang == "ja":
        kept = "".join(masked.values.values())
        chinese = [c for c in final if "\u4e00" <= c <= "\u9fff" and c not in kept and not _in_jis(c)]
        if chinese:
            out.append(f"Chinese characters {''.join(dict.fromkeys(chinese))!r}: not translated into Japanese")
        elif not re.search(r"[\u3040-\u30ff]", final) and len(re.findall(r"[\u4e00-\u9fff]", final)) >= 12:
            out.append("no kana: not translated into Japanese")   # short kanji compounds are Japanese too
    if target_lang == "en":
        kept = set(masked.values.values())
        han = re.findall(r"[\u4e00-\u9fff]+", final)
        leftover = [h for h in han if not any(h in k for k in kept)]
        if leftover and target_lang == "en":
            out.append(f"untranslated {''.join(leftover)!r}")
    elif target_lang == "zh" and not re.search(r"[\u4e00-\u9fff]", final) and re.search(r"[A-Za-z]{3,}",
                                                                                         unmask(masked.text, masked)):
        out.append("not translated into Chinese")
    return out
