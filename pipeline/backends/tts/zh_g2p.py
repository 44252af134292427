"""Mandarin phonemes for Kokoro: misaki's legacy ZHG2P procedure (what the v1.0 Chinese voices were trained
on: jieba words -> pypinyin TONE3 -> IPA) with the polyphones it gets wrong in ad vocabulary fixed.

Measured on 88 polyphone words in ad sentences (bench/voice_corpus): misaki alone read 17 wrong
(还款 hai2, 数一数 shu4, 看得见 de2, 慢慢地 di4, 一行 xing2, 卡住 ka3, 朝九晚五 chao2 ...); with these
phrase readings and context rules, none. Two levers: whole-word readings (jieba must keep the word whole),
and rules for the one-character particles jieba leaves alone (得 dei3/de5, 地 de5, 还 huan2 before money).
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache

# word -> reading (TONE3, 5 = neutral)
PHRASES = {
    "还款": "huan2 kuan3", "还钱": "huan2 qian2", "还贷": "huan2 dai4", "还债": "huan2 zhai4",
    "分期还": "fen1 qi1 huan2",
    "数一数": "shu3 yi1 shu3", "转一转": "zhuan4 yi1 zhuan4", "看一看": "kan4 yi1 kan4",
    "看得见": "kan4 de5 jian4", "看得清": "kan4 de5 qing1", "跑得快": "pao3 de5 kuai4", "用得上": "yong4 de5 shang4",
    "买得起": "mai3 de5 qi3", "吃得消": "chi1 de5 xiao1", "洗得": "xi3 de5",
    "得试": "dei3 shi4", "得试试": "dei3 shi4 shi5", "得抓紧": "dei3 zhua1 jin3", "得买": "dei3 mai3",
    "卡住": "qia3 zhu4", "卡壳": "qia3 ke2", "朝九晚五": "zhao1 jiu3 wan3 wu3", "一行字": "yi1 hang2 zi4",
    "不得了": "bu4 de2 liao3", "受不了": "shou4 bu4 liao3", "少不了": "shao3 bu4 liao3", "错不了": "cuo4 bu4 liao3",
    "还得了": "hai2 de2 liao3",
}
# jieba splits these, so their reading would never be looked up
JIEBA_WORDS = ["还钱", "还债", "得试试", "得抓紧", "卡住", "一行字", "还得了", "数一数", "转一转", "看一看"]
SUBJECTS = {"你", "我", "他", "她", "它", "我们", "你们", "他们", "她们", "咱们", "大家", "就", "还", "也", "都",
            "总", "必须", "非", "总得", "谁", "自己", "您"}
DE2 = {"获得", "取得", "难得", "赢得", "心得", "所得", "求得", "博得", "习得", "应得", "不得", "可得", "自得"}
REPAY = ("钱", "款", "贷", "债", "信用卡", "花呗", "贷款", "房贷", "车贷", "借款", "欠款", "账")


@lru_cache(maxsize=1)
def _setup() -> None:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    for w in JIEBA_WORDS:
        jieba.add_word(w)


def word_pinyin(words: list[str], flags: list[str]) -> list[list[str]]:
    """TONE3 syllables per jieba word, with the phrase readings and the particle rules."""
    from pypinyin import Style, lazy_pinyin

    out = []
    for i, w in enumerate(words):
        prev = words[i - 1] if i else ""
        nxt = words[i + 1] if i + 1 < len(words) else ""
        if w in PHRASES:
            out.append(PHRASES[w].split())
            continue
        py = lazy_pinyin(w, style=Style.TONE3, neutral_tone_with_five=True)
        if w == "得" and re.match(r"[\u4e00-\u9fff]", prev or " "):
            py = ["de2"] if nxt == "了" else ["dei3"] if prev in SUBJECTS else ["de5"]
        elif w == "地" and (flags[i] == "uv" or (len(prev) >= 2 and prev[-1] == prev[-2])):
            py = ["de5"]                          # 慢慢地 / 认真地: adverbial particle
        elif len(w) >= 3 and w.endswith("地") and w[0] == w[1]:
            py[-1] = "de5"                        # 轻轻地 kept whole by jieba
        elif len(w) == 3 and w[1] == "得" and w[0] != "不" and py[1] == "de2":
            py[1] = "de5"                         # V得C: 跑得快
        elif len(w) == 2 and w[1] == "得" and py[1] == "de2" and w not in DE2:
            py[1] = "de5"                         # 变得 / 卖得 / 长得
        elif w == "还" and nxt.startswith(REPAY):
            py = ["huan2"]                        # 还信用卡: repay
        out.append(py)
    return out


def _words(text: str) -> list[tuple[str, list[str]]]:
    """jieba words of a run of hanzi with their TONE3 syllables."""
    import jieba.posseg as pseg

    _setup()
    pairs = pseg.lcut(text)
    words = [p.word for p in pairs]
    return list(zip(words, word_pinyin(words, [p.flag for p in pairs])))


def pinyin(text: str) -> list[list[str]]:
    """Words' TONE3 syllables of a run of hanzi (for tests and the bench)."""
    return [py for _, py in _words(text)]


def units(text: str) -> list[tuple[str, str]]:
    """Kokoro phonemes of Chinese text in pieces: (syllable's character, its phonemes) for every syllable, and
    ("", phonemes) for the spaces and punctuation between words. Joined, the phonemes are `phonemes(text)`;
    the pieces let the phoneme durations be read back per character. Digits are already spoken out by the
    copy's spoken form."""
    import cn2an
    from misaki.zh import ZHG2P

    text = ZHG2P.map_punctuation(cn2an.transform(text, "an2cn"))
    out: list[tuple[str, str]] = []
    for segment in re.findall(r"[\u4e00-\u9fff]+|[^\u4e00-\u9fff]+", text):
        if not re.match(r"[\u4e00-\u9fff]", segment):
            out.append(("", segment))
            continue
        for i, (word, syllables) in enumerate(_words(segment)):
            if i:
                out.append(("", " "))
            ipa = [ZHG2P.py2ipa(p).replace(chr(815), "") for p in syllables]
            out += list(zip(word, ipa)) if len(ipa) == len(word) else [(word, "".join(ipa))]
    return out


def phonemes(text: str) -> str:
    """Kokoro phonemes of Chinese text (digits already spoken out by the copy's spoken form)."""
    return "".join(p for _, p in units(text))
