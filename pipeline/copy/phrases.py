"""The grammatical form of a brief's phrase, so a template only ever receives a form it can hold.

Forms: "noun" (late payments / 起球的毛衣), "gerund" (chasing clients for invoices), "verb" (spend hours
on invoices / 熬夜加班), "clause" (kids won't eat vegetables / 孩子不爱吃饭), "first_person" (I never have
time to cook / 我总是睡不好), "question" (Why is my dog always itchy? / 中午吃什么？).
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache

EN_QUESTION_START = re.compile(r"^(why|how|what|when|where|who|which|is|are|do|does|did|can|could|should|would|"
                               r"will|have|has|ever|tired of|sick of)\b", re.I)
EN_FIRST_PERSON = re.compile(r"^(i|i'm|i've|i'll|i'd|my|me|we|we're|our)\b", re.I)
EN_SUBJECTS = r"(you|your|you're|he|she|it|it's|they|they're|his|her|their|kids|children|the kids|my|our|this|that)"
EN_VERBS = ("is|are|was|were|am|be|been|isn't|aren't|wasn't|don't|doesn't|didn't|won't|can't|cannot|couldn't|"
            "never|always|keep|keeps|get|gets|look|looks|feel|feels|take|takes|make|makes|run|runs|cost|costs|"
            "hurt|hurts|break|breaks|go|goes|fall|falls|need|needs|want|wants|have|has|hate|hates|lose|loses|"
            "forget|forgets|spend|spends|waste|wastes|seem|seems|stay|stays|sleep|sleeps|eat|eats|love|loves|"
            "taste|tastes|smell|smells|sound|sounds|die|dies|fail|fails|leak|leaks|drain|drains|crash|crashes|"
            "slip|slips|itch|itches|ache|aches|drag|drags|pile|piles|show|shows")
EN_CLAUSE = re.compile(rf"\b({EN_VERBS})\b", re.I)
EN_BASE_VERBS = {"spend", "waste", "chase", "lose", "forget", "miss", "struggle", "wake", "cook", "clean", "find",
                 "pay", "wait", "search", "juggle", "deal", "fight", "worry", "stress", "sit", "stay", "skip",
                 "drink", "eat", "sleep", "work", "scroll", "track", "manage", "keep", "run", "carry", "plan",
                 "book", "learn", "start", "quit", "spend", "try", "buy", "scrub", "sweat", "trip", "type"}

ZH_QUESTION = re.compile(r"[？?]$|[吗呢]$|^(为什么|为啥|怎么|什么|哪)")
ZH_FIRST_PERSON = re.compile(r"^(我|我们|俺|咱)")
PREDICATE_START = ("太", "没", "不", "很", "越", "老是", "总是", "都", "特别", "超", "真", "好难", "难")


def strip_end(text: str) -> str:
    """Without surrounding space and closing punctuation."""
    return text.strip().rstrip("。.!！;；,，、 ")


def classify_en(phrase: str) -> str:
    """Form of an English phrase (see module docstring)."""
    p = phrase.strip().strip('"“”')
    if p.endswith("?") or (EN_QUESTION_START.match(p) and not p.lower().startswith(("tired of", "sick of"))
                           and len(p.split()) > 2 and p.split()[0].lower() in ("why", "how", "what", "is", "are",
                                                                               "do", "does", "can", "will")):
        return "question"
    if EN_FIRST_PERSON.match(p):
        return "first_person"
    first = p.split()[0].lower() if p.split() else ""
    if first.endswith("ing") and len(first) > 4 and first not in ("nothing", "something", "everything", "morning",
                                                                 "evening", "clothing", "ceiling", "spring"):
        return "gerund"
    if first in EN_BASE_VERBS:
        return "verb"
    if re.match(rf"^{EN_SUBJECTS}\b", p, re.I) and EN_CLAUSE.search(p):
        return "clause"
    words = p.split()
    if len(words) >= 3 and EN_CLAUSE.search(" ".join(words[1:])):
        return "clause"
    return "noun"


@lru_cache(maxsize=2048)
def _zh_tags(phrase: str) -> tuple[tuple[str, str], ...]:
    import jieba
    import jieba.posseg as pseg

    jieba.setLogLevel(logging.WARNING)
    return tuple((w.word, w.flag) for w in pseg.cut(phrase) if w.word.strip())


def classify_zh(phrase: str) -> str:
    """Form of a Chinese phrase, from jieba's part-of-speech tags (see module docstring)."""
    p = phrase.strip().strip("“”\"")
    if ZH_QUESTION.search(p):
        return "question"
    if ZH_FIRST_PERSON.match(p):
        return "first_person"
    tags = [t for t in _zh_tags(strip_end(p)) if t[1] not in ("x", "w")]
    if not tags:
        return "noun"
    first_word, first = tags[0]
    if first_word in ("总是", "老是", "经常", "天天", "每天", "不", "没", "怕", "还在", "总", "老"):
        return "verb"
    for (_, f), (nxt, _) in zip(tags, tags[1:]):
        if f.startswith("n") and nxt.startswith(PREDICATE_START):
            return "clause"           # 现磨咖啡太贵: jieba tags 现磨 as a verb, but 咖啡 is the subject
    if first.startswith(("v", "d")):
        return "verb"
    last = tags[-1][1]
    predicative = [f for _, f in tags[1:] if f.startswith(("v", "a", "d", "z"))]
    if last.startswith("n") and ("的" in p or not predicative):
        return "noun"
    return "clause"


def classify(phrase: str, lang: str) -> str:
    if lang == "ja":      # Japanese phrases come translated and unparsed: the ja grammar quotes them as nouns
        return "noun"
    return classify_zh(phrase) if lang == "zh" else classify_en(phrase)


EN_SECOND_PERSON = [
    (r"\bI am\b", "you are"), (r"\bI'm\b", "you're"), (r"\bI've\b", "you've"), (r"\bI'll\b", "you'll"),
    (r"\bI'd\b", "you'd"), (r"\bI was\b", "you were"), (r"\bI\b", "you"), (r"\bmy\b", "your"), (r"\bMy\b", "Your"),
    (r"\bme\b", "you"), (r"\bmyself\b", "yourself"), (r"\bmine\b", "yours"), (r"\bwe\b", "you"), (r"\bour\b", "your"),
    (r"\bus\b", "you"), (r"\bwe're\b", "you're"),
]


def to_second_person(phrase: str, lang: str) -> str:
    """'I never have time to cook' -> 'you never have time to cook'; 我家狗 -> 你家狗."""
    if lang == "zh":
        return re.sub(r"我们|我", "你", phrase)
    if lang == "ja":
        return re.sub(r"私たち|わたし|私|僕|俺", "あなた", phrase)
    out = phrase
    for pat, rep in EN_SECOND_PERSON:
        out = re.sub(pat, rep, out)
    return out


def lower_first(text: str) -> str:
    """'Active noise cancelling' -> 'active noise cancelling'; keeps 'IPX5', 'ANC', 'QuickBooks'."""
    if len(text) > 1 and text[0].isupper() and not text[1].isupper() and not re.match(r"^[A-Z][a-z]+[A-Z]", text):
        first_word = text.split()[0]
        if first_word in ("I", "I'm", "I've") or (len(text.split()) > 0 and first_word[0].isupper()
                                                   and first_word.lower() in PROPER_HINT):
            return text
        return text[0].lower() + text[1:]
    return text


PROPER_HINT = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
               "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
               "english", "chinese", "google", "apple", "amazon", "iphone", "android", "quickbooks", "xero"}


def cap_first(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def is_fragment(phrase: str, lang: str) -> bool:
    """Short enough to list with others in one sentence ("sweat-proof, six-hour battery, and ...")."""
    if lang != "en":
        return len(re.sub(r"[\W_]", "", phrase)) <= (10 if lang == "zh" else 12) and not re.search(r"[，。；！？]", phrase)
    return len(phrase.split()) <= 5 and not re.search(r"[.;!?]", phrase.rstrip(".")) and classify_en(phrase) in (
        "noun", "gerund")


def spoken_name(name: str) -> str:
    """The product name as said aloud: branch or pack notes in brackets are shown, not spoken."""
    short = re.sub(r"\s*[（(【\[].*?[）)】\]]\s*", "", name).strip()
    return short or name
