"""The grammatical form of a brief's phrase, so a template only ever receives a form it can hold.

Forms: "noun" (late payments / 起球的毛衣), "gerund" (chasing clients for invoices), "verb" (spend hours
on invoices / 熬夜加班), "state" (worried about scams, forgot Mother's Day again; English only), "clause" (kids won't eat vegetables / 孩子不爱吃饭), "first_person" (I never have
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
# finite verbs that make a phrase a clause; base forms that are as often nouns (sleep, taste, show, cost,
# run, break, look...) are left out, their -s forms stay: "HD video with sleep tracking" is a noun phrase
EN_VERBS = ("is|are|was|were|am|be|been|isn't|aren't|wasn't|don't|doesn't|didn't|won't|can't|cannot|couldn't|"
            "never|always|keep|keeps|get|gets|looks|feel|feels|take|takes|make|makes|runs|costs|"
            "hurt|hurts|breaks|go|goes|falls|need|needs|want|wants|have|has|hate|hates|lose|loses|"
            "forget|forgets|spend|spends|waste|wastes|seem|seems|stay|stays|sleeps|eat|eats|loves|"
            "tastes|smells|sounds|die|dies|fail|fails|leaks|drains|crashes|"
            "slips|itches|aches|drags|piles|shows")
# a pain that is a state: "worried about...", "stuck in traffic", "forgot Mother's Day again"
EN_STATE_WORDS = {"worried", "scared", "afraid", "stuck", "tired", "sick", "bored", "stressed", "overwhelmed",
                  "confused", "frustrated", "embarrassed", "anxious", "nervous", "lost", "forgot", "missed",
                  "burned", "burnt", "exhausted", "drained", "annoyed", "too", "locked", "overcharged", "underpaid",
                  "ashamed", "self-conscious", "unable"}
# words that are a state only with what follows: "late for work", "fed up", "done with" (not "late payments")
EN_STATE_BEFORE = {"late": ("for", "to", "again", "with", "on"), "busy": ("to", "with", "for"), "fed": ("up",),
                   "done": ("with",), "broke": ("again", "by", "after")}
EN_CLAUSE = re.compile(rf"\b({EN_VERBS})\b", re.I)
EN_BASE_VERBS = {"spend", "waste", "chase", "lose", "forget", "miss", "struggle", "wake", "cook", "clean", "find",
                 "pay", "wait", "search", "juggle", "deal", "fight", "worry", "stress", "sit", "stay", "skip",
                 "drink", "eat", "sleep", "work", "scroll", "track", "manage", "keep", "run", "carry", "plan",
                 "book", "learn", "start", "quit", "spend", "try", "buy", "scrub", "sweat", "trip", "type"}

# verbs an ad line opens with when its subject was the product ("hits 950°F in 15 minutes")
EN_3SG_VERBS = set("hits makes keeps lets gives takes turns brings saves cuts heats cools cleans charges holds fits works "
                   "runs folds packs lasts comes goes gets helps removes blocks tracks syncs connects reaches delivers "
                   "cooks bakes brews grinds plays shows sends finds stops starts does has is needs uses reads "
                   "sounds feels looks smells tastes stays dries washes filters purifies lifts sits rolls".split())

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
    first = p.split()[0].lower().strip(",.;:!?") if p.split() else ""
    nxt = p.split()[1].lower() if len(p.split()) > 1 else ""
    # "can't read the menu...", "crypto feels too complicated", "craving something sweet": said as they are
    if first in ("can't", "cannot", "don't", "won't", "never", "no", "always") or re.match(
            r"^\S+ (?:feels?|seems?|looks?) ", p, re.I) or first in ("craving", "wanting", "missing", "needing"):
        return "state"
    if first in EN_STATE_BEFORE and nxt in EN_STATE_BEFORE[first]:
        return "state"
    if first in EN_STATE_WORDS or (first.endswith("ed") and len(first) > 4 and len(p.split()) > 1
                                   and p.split()[1].lower() in ("about", "by", "with", "out", "of", "in", "up",
                                                                "again", "that", "when", "to")):
        return "state"
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
    if first_word in ("不", "没", "怕", "会", "能", "想", "不会", "没有", "不能", "害怕", "担心") or "，" in p or "," in p:
        return "clause"           # an inability, a worry or two clauses: not an action to be "还在" doing
    if first_word in ("总是", "老是", "经常", "天天", "每天", "还在", "总", "老"):
        return "verb"
    for (_, f), (nxt, _) in zip(tags, tags[1:]):
        if f.startswith("n") and nxt.startswith(PREDICATE_START):
            return "clause"           # 现磨咖啡太贵: jieba tags 现磨 as a verb, but 咖啡 is the subject
    if first.startswith(("v", "d")):
        # 买的包背了几次就闲置了: a verb inside a 的-phrase subject, with a predicate after it
        return "clause" if "的" in p[:4] and not p.endswith("的") and any(
            f.startswith("v") for _, f in tags[2:]) else "verb"
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
    (r"\bus\b", "you"), (r"\bwe're\b", "you're"), (r"\bWe're\b", "You're"), (r"\bOur\b", "Your"),
    (r"\bWe\b", "You"), (r"\bUs\b", "You"),
]


def to_second_person(phrase: str, lang: str, polite: bool = False) -> str:
    """'I never have time to cook' -> 'you never have time to cook'; 我家狗 -> 你家狗 (polite: 您家狗)."""
    if lang == "zh":
        return re.sub(r"我们|我", "您" if polite else "你", phrase)
    if lang == "ja":
        return re.sub(r"私たち|わたし|私|僕|俺", "あなた", phrase)
    out = phrase
    for pat, rep in EN_SECOND_PERSON:
        out = re.sub(pat, rep, out)
    return out


def lower_first(text: str, proper: frozenset[str] | set[str] = frozenset()) -> str:
    """'Active noise cancelling' -> 'active noise cancelling'; keeps 'IPX5', 'ANC', 'QuickBooks', a brand
    ('Goodyear welted construction': not a common English word) and words in `proper` (what the brief
    capitalises mid-sentence)."""
    if len(text) > 1 and text[0].isupper() and not text[1].isupper() and not re.match(r"^[A-Z][a-z]+[A-Z]", text):
        first_word = text.split()[0]
        bare = re.sub(r"[^A-Za-z'-]", "", first_word)
        if first_word in ("I", "I'm", "I've") or first_word.lower() in PROPER_HINT or bare in proper:
            return text
        if bare and not is_common_word(bare.lower()):
            return text
        return text[0].lower() + text[1:]
    return text


@lru_cache(maxsize=1)
def _lexicon() -> frozenset[str]:
    """Common English words (misaki's US lexicon, lower-case entries): a word not in it is taken for a name."""
    import json
    from importlib.resources import files

    try:
        data = json.loads((files("misaki") / "data" / "us_gold.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, ModuleNotFoundError):
        return frozenset()
    return frozenset(w for w in data if w.islower())


def is_common_word(word: str) -> bool:
    """Whether a lower-case word is common English (compounds: every part is); True when no lexicon."""
    lex = _lexicon()
    if not lex:
        return True
    parts = [x for x in re.split(r"[-']", word) if x and x not in _PREFIXES]
    return all(_known(x, lex) for x in parts) if parts else True


_PREFIXES = {"pre", "non", "re", "un", "multi", "anti", "self", "co", "semi", "sub", "over", "under", "e", "x"}


def _known(word: str, lex: frozenset[str]) -> bool:
    """In the lexicon as written or with a common ending taken off (formulated, portioned, cleaning)."""
    if word in lex or word.isdigit():
        return True
    for end, back in (("s", ""), ("es", ""), ("ed", ""), ("ed", "e"), ("d", ""), ("ing", ""), ("ing", "e"),
                      ("ly", ""), ("er", ""), ("ers", "")):
        if word.endswith(end) and len(word) > len(end) + 2 and word[: -len(end)] + back in lex:
            return True
    return False


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


SPEC_TAIL = re.compile(r"(?:\s*(?:\d+\s?-\s?\d+人|\d+(?:\.\d+)?\s?(?:L|ml|mL|ML|g|kg|KG|克|千克|斤|片|包|袋|盒|支|瓶|粒|寸|英寸|mAh|W|码|号|"
                       r"件套|只装|个装|片装|袋装|盒装)(?:/\S+)?|[SMLX]{1,3}码|\d+\s?片/包))+$")
MARKER = re.compile(r"^(?:[\s•·●▪■◆◇★☆✔✓☑➤▶►\-–—*>#]+|\d{1,2}[、)）]\s*|\d{1,2}\.(?!\d)\s*|[①-⑳]\s*)+")


# the head noun that ends a Chinese goods name (洗发水, 按摩椅, 电饭煲, 试纸, 扫地机器人): what follows it in the
# name, when it is Chinese words, is a tagline ("轻盈纤体茶 刮油排毒 一周瘦5斤")
ZH_GOODS_HEAD = re.compile(r"(?:机器人|[茶水液露乳霜膏油粉片丸椅凳桌柜床垫枕被车鞋靴袜衣裤裙帽包箱杯壶锅煲碗盘刀机器仪灯表镜笔纸盒罐瓶袋贴膜球拍伞架扇梳刷锁秤])$")
EN_GOODS_HEAD = re.compile(
    r"\b(?:helmet|paddle|racket|racquet|bike|scooter|shoes?|sneakers?|boots?|jacket|shirt|hoodie|dress|bag|backpack|"
    r"bottle|mug|kettle|pan|cooker|blender|vacuum|purifier|humidifier|lamp|speaker|earbuds|headphones|watch|charger|"
    r"sunglasses|glasses|goggles|mouthpiece|toothbrush|shampoo|conditioner|serum|cream|lotion|soap|perfume|parfum|"
    r"candle|stroller|tent|knife|grill|fan|heater|camera|drone|keyboard|mattress|pillow|chair|sofa|desk|rug|towel|"
    r"blanket|socks|jeans|wallet|ring|necklace|bracelet|paddleboard|kayak|treadmill|kit|skillet|monitor|projector|"
    r"jacket|lamp|oven|fryer|stove|tub|plunge|cooler|freezer|fridge|washer|dryer|scale|crib|sauna|purifier)s?$", re.I)


def _cut_after_head(short: str) -> str:
    """A Chinese name cut after the token that ends in a goods head noun, when Chinese words follow it."""
    tokens = short.split()
    for i, tok in enumerate(tokens[:-1]):
        bare = re.sub(r"[^\w]", "", tok)
        if ZH_GOODS_HEAD.search(bare) and any(len(re.findall(r"[\u4e00-\u9fff]", t)) >= 2 for t in tokens[i + 1:]):
            return " ".join(tokens[:i + 1])
    return short


def spoken_name(name: str) -> str:
    """The product name as said aloud: branch or pack notes in brackets, a subtitle after a dash, a tagline
    after a comma or colon ("Haven: Online Therapy", "Lumi 眼镜，学生党网课必备"), and pack sizes or specs at
    its end are shown, not spoken ("小白熊空气炸锅5.5L" is said "小白熊空气炸锅"); spaces
    between Chinese words are not paused on."""
    short = re.sub(r"\s*[（(【\[].*?[）)】\]]\s*", " ", name).strip()
    short = re.sub(r"\s{2,}", " ", short)
    short = re.sub(r"(?<=[\u4e00-\u9fff]) (?=[\u4e00-\u9fff])", "", short) if short != name.strip() else short
    short = re.sub(r"\s+[-–—|｜]\s+.*$", "", short).strip() or short
    short = re.sub(r"\s*(?:[，,|｜:：]|\s[·•]\s).*$", "", short).strip() or short      # a tagline after the name
    short = re.sub(r"\s+[\U0001F000-\U0001FFFF\u2600-\u27BF\ufe0f]+\s+\S.*$", "", short).strip() or short  # 眼镜 👓 学生党必备
    short = _cut_after_head(short)
    m = re.search(r"\s+(?:w/|with|\+|featuring)\s+\S.*$", short)
    if m and EN_GOODS_HEAD.search(re.sub(r"(?:\s+[A-Za-z0-9][\w.-]*\d[\w.-]*)+$", "", short[:m.start()])):
        short = short[:m.start()]                  # "Halo Urban Helmet w/ MIPS + LED": the specs after the head noun
    short = re.sub(r"[\U0001F000-\U0001FFFF\u2600-\u27BF\ufe0f]+", "", short).strip() or short      # no emoji said
    short = SPEC_TAIL.sub("", short).strip() or short
    short = re.sub(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])", "", short).rstrip(".。 ")   # "BASE." -> BASE
    return short or name


def strip_marker(text: str) -> str:
    """A brief's line without the list marker it was pasted with: "• 可拆洗", "✅高弹中底", "1、轻", "- Fast"."""
    return MARKER.sub("", text).strip() or text.strip()


DETERMINERS = {"a", "an", "the", "your", "our", "my", "this", "that", "these", "those", "every", "each", "any", "no",
               "nothing", "something", "everything", "anything", "everyone", "someone",
               "one", "two", "three", "some", "all", "more", "less", "its", "their", "his", "her"}
MASS_NOUNS = {"software", "bookkeeping", "invoicing", "furniture", "equipment", "advice", "help", "music", "coffee",
              "tea", "water", "milk", "wine", "skincare", "haircare", "clothing", "jewelry", "jewellery", "food",
              "luggage", "gear", "insurance", "coverage", "analytics", "support", "training", "coaching", "care",
              "delivery", "shipping", "storage", "protection", "nutrition", "fitness", "comfort", "juice", "bread",
              "chocolate", "honey", "oil", "sauce", "soup", "cream", "hydration", "sleep", "time", "peace", "fun"}
# words that end a phrase as a predicate ("same-day appointments available"): no article before it
PREDICATES = {"available", "included", "required", "accepted", "needed", "free", "ready", "welcome", "guaranteed",
              "optional", "provided", "inside", "welcomed", "allowed", "approved", "certified", "tested"}
_HEAD_END = re.compile(r",|\s(?:with|for|that|which|who|in|on|from|of|to|by|at|made|built|designed|so|where|you|we|"
                       r"they|it|including)\s")
_VOWEL_LETTERS = set("aefhilmnorsx")          # letters whose names start with a vowel sound: an HD, an SUV


def with_article(phrase: str) -> str:
    """A singular noun phrase gets "a"/"an" when it stands after "Meet X:" ("24/7 gym with free weights" ->
    "a 24/7 gym with free weights"); plurals, mass nouns, gerunds and phrases with a determiner stay as they
    are ("hand-poured soy candles", "bookkeeping for shops", "your weekly groceries")."""
    words = phrase.split()
    if not words:
        return phrase
    first = words[0].lower().strip("\"'“")
    if re.fullmatch(r"\d+", first) and int(first) != 1:
        return phrase                  # "4 hand-picked succulents": a number of things
    if re.search(r"\b(?:it|that|there|you|we|they|he|she|i)(?:'s|'re|'m|'ll|'ve| is| are)\b", phrase, re.I):
        return phrase                  # "it's not too late to learn": a sentence, not a thing
    if first in DETERMINERS or (first.endswith(("ing", "ed")) and len(first) > 4) or classify_en(phrase) != "noun":
        return phrase
    if (first.endswith("s") and (first[:-1] in EN_BASE_VERBS or first in EN_3SG_VERBS) and len(words) > 1) or re.search(
            r"\b(?:just|now|already|finally|never)\s+[a-z]+ed\b", phrase, re.I):
        return phrase                  # "hits 950°F in 15 minutes", "rates just dropped": a sentence, not a thing
    if re.search(r",[^,]+(?:&|\band\b)", phrase) and not re.search(r"\b(?:with|for|that|which)\b", phrase.split(",")[0]):
        return phrase                  # "warm amber, black vanilla & smoked oud": a list, not one thing
    m = _HEAD_END.search(" " + phrase + " ")
    head = (" " + phrase + " ")[:m.start()].split() if m else words
    last = re.sub(r"[^a-z]", "", head[-1].lower()) if head else ""
    if not last or last in MASS_NOUNS or last in PREDICATES or (last.endswith("s") and not last.endswith(("ss", "us", "is"))):
        return phrase
    return f"{_a_or_an(words[0])} {phrase}"


def _a_or_an(word: str) -> str:
    w = word.strip("\"'“")
    if w[:1].isdigit():
        from pipeline.copy.numbers import en_int

        n = int(re.match(r"\d+", w.replace(",", "")).group(0))
        if 1100 <= n <= 9999 and (n < 2000 or n % 100 == 0) and n % 1000:
            n //= 100                                   # 1500 is said "fifteen hundred"
        return "an" if en_int(n).startswith(("eight", "eleven")) else "a"
    if re.match(r"^[A-Z]{2,}\b", w):                       # an acronym is said letter by letter
        return "an" if w[0].lower() in _VOWEL_LETTERS else "a"
    low = w.lower()
    if re.match(r"^(?:uni|use|usu|uti|ure|eu|one|once|ewe)", low):
        return "a"
    if re.match(r"^(?:hour|honest|honou?r|heir)", low):
        return "an"
    return "an" if low[:1] in "aeiou" else "a"
