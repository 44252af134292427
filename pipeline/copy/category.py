"""What is sold (the category) and the call to action that fits it, from templates/copy/<lang>.yaml."""

from __future__ import annotations

import re
from functools import lru_cache

import yaml

from pipeline.copy.names import EN_GOODS_HEAD, ZH_GOODS_HEAD, spoken_name
from pipeline.errors import TemplateError
from pipeline.resources import templates_dir

CATEGORIES = ("goods", "food", "beauty", "health-food", "restaurant", "cafe", "local-service", "clinic", "fitness",
              "lodging", "tour", "finance", "course", "app", "saas", "event", "unknown")
# categories that sell like goods: the call to action is to order
GOODS_LIKE = {"goods", "food", "beauty", "health-food", "medical", "drug", "medical-device", "保健食品", "药品", "医疗器械"}
# other names a brief may give its category
CATEGORY_ALIASES = {
    "hotel": "lodging", "travel": "lodging", "homestay": "lodging", "hospitality": "lodging", "bnb": "lodging",
    "dental": "clinic", "medical-service": "clinic", "beauty-clinic": "clinic", "medspa": "clinic",
    "insurance": "finance", "bank": "finance", "fintech": "finance", "investment": "finance",
    "gym": "fitness", "sports": "fitness", "yoga": "fitness",
    "bakery": "cafe", "coffee": "cafe", "coffee-shop": "cafe", "tea-shop": "cafe", "dessert": "cafe",
    "service": "local-service", "education": "course", "software": "saas",
}
# where a language's data has no calls to action of its own for a category, the family it acts like
CTA_FALLBACK = {"tour": "lodging", "cafe": "restaurant", "clinic": "local-service", "fitness": "local-service",
                "lodging": "local-service", "finance": "saas", "unknown": "goods"}
LONG_VIDEO_PLATFORMS = {"youtube", "bilibili"}


@lru_cache(maxsize=None)
def copy_data(lang: str) -> dict:
    """The writer's data of one language: frames, calls to action, category words."""
    path = templates_dir() / "copy" / f"{lang}.yaml"
    try:
        with open(path, encoding="utf-8") as f:
            return yaml.safe_load(f)
    except (OSError, yaml.YAMLError) as e:
        raise TemplateError(f"{path}: cannot read the writer's data ({e})") from None


def mentions(word: str, text: str) -> bool:
    """Whether text uses word: Latin words whole (with a plural -s/-es; 'invoic*' is a stem), so 'app' is not
    found in 'appointments' or 'wrapping'; Chinese and Japanese words anywhere."""
    w = word.lower()
    if not re.search(r"[a-z]", w):
        return w in text
    if w.endswith("*"):
        return re.search(rf"(?<![a-z]){re.escape(w[:-1])}", text) is not None
    return re.search(rf"(?<![a-z]){re.escape(w)}(?:s|es)?(?![a-z])", text) is not None


# what only a physical product has: units, materials, shipping (a brief with none of it and no category word
# is not taken for goods: its call to action is the neutral one, never "shop" for a service)
GOODS_CUES = re.compile(
    r"\d\s?(?:g|kg|mg|ml|l|oz|lb|lbs|inch|inches|cm|mm|mah|w|gb|tb)\b|\b(?:leather|cotton|linen|wool|steel|aluminium|"
    r"aluminum|wood(?:en)?|ceramic|silicone|glass|bamboo|nylon|polyester|shipping|ships|warranty|in stock|sizes?|"
    r"colou?rs?|pack of|bundle|box of|bottle|jar|pouch|refill|rechargeable|battery|waterproof|dishwasher)\b|"
    r"\d\s?(?:克|千克|公斤|斤|毫升|升|寸|码|件|包|袋|盒|瓶|罐|支|片|粒)|包邮|发货|顺丰|现货|质保|保修|材质|面料|纯棉|真皮|不锈钢|"
    r"实木|陶瓷|硅胶|尺码|颜色|色号|充电|续航|防水|"
    r"\b(?:candles?|bouquets?|flowers|planners?|notebooks?|journals?|gift box(?:es)?|kits?|glasses|frames|lenses|locks?|"
    r"tents?|dress(?:es)?|shirts?|shoes|boots|sneakers|mattress(?:es)?|pillows?|rings?|necklaces?|earrings|bracelets?|"
    r"watch(?:es)?|bags?|backpacks?|mugs?|monitors?|cameras?|chargers?|speakers?|headphones|earbuds|vitamins|gummies|"
    r"chews|treats|snacks?|(?:dog |cat |pet |baby )?food|mochi|ice cream|cookies|chocolates?|wines?|"
    r"beans|teas?|sauces?|serums?|creams?|shampoo|"
    r"toys?|blankets?|sofas?|chairs?|lamps?|bikes?|e-bikes?|scooters?)\b|"
    r"礼盒|花束|鲜花|香薰|月饼|眼镜|镜框|镜片|智能锁|指纹锁|门锁|帐篷|连衣裙|外套|鞋|项链|戒指|手链|耳环|包包|杯|枕头|床垫|零食|"
    r"冰淇淋|雪糕|玩具|沙发|台灯|电动车|自行车|手机壳|耳机|充电器", re.I)
# a price that is only an amount (no per hour, per visit, per night): something bought, not booked
BARE_PRICE = re.compile(r"^\s*(?:[¥￥$€£]\s?\d[\d,]*(?:\.\d+)?|\d[\d,]*(?:\.\d+)?\s?(?:元|块))\s*$")
# ... or an amount first, then the form it is sold in or its deal ("$16.95 hardcover", "$229.99 ($189.99 with the
# coupon)", "¥79/瓶"): bought once, unless it runs by the time, the person or the visit, or starts "from"
ONE_OFF_PRICE = re.compile(r"^\s*(?:[¥￥$€£]\s?\d[\d,]*(?:\.\d+)?|\d[\d,]*(?:\.\d+)?\s?(?:元|块))(?!\s*(?:起|\+))")
# a price per container or piece ("¥79/桶", "$34.99 / 3-pack", "$129.99 front & rear set"): goods
PACK_PRICE = re.compile(r"[/每]\s*(?:\d+\s*)?(?:桶|瓶|盒|件|袋|包|支|罐|片|个|套|双|条|只|台|把|本|箱|提|kg|g|ml|l)(?![\u4e00-\u9fff])|"
                        r"\b(?:\d+-)?(?:pack|pair|set|bottle|jar|box|bag|can|tube|roll|hardcover|paperback|piece|pcs|unit)s?\b",
                        re.I)
PER_TIME = re.compile(r"/\s*(?:mo|month|yr|year|night|nt|hr|hour|h|day|week|wk|person|pp|visit|session|class|lesson|"
                      r"人|位|次|晚|间夜|月|年|节|课|课时|小时|天|周)\b|/\s*(?:人|位|次|晚|间夜|月|年|节|课|小时|天|周)|"
                      r"\b(?:per|an? (?:hour|night|month|year|week|day|visit|session|class|lesson|person)|monthly|yearly|"
                      r"annually|weekly|nightly|hourly|tickets?|admission|entry|tuition|deposit|fee|fees|from)\b|"
                      r"每|起|门票|学费|会员|月卡|年卡|次卡|定金|人均", re.I)


def value_of(price: str) -> float | None:
    m = re.search(r"\d[\d,]*(?:\.\d+)?", price or "")
    return float(m.group(0).replace(",", "")) if m else None


def category_of(brief) -> str:
    """What is sold: the brief's category (or an alias of one), else guessed from its words.

    Each category word scores 1, a strong one (marked "!word" in the data) 2, and a word in the product's
    name (without its tagline) counts twice. An English guess needs two points (one simile, "smells like a
    cabin", does not make candles a hotel), a Chinese or Japanese word is specific enough alone; the guess must
    beat the goods words. With no guess and nothing that only goods have (units, materials, shipping), the
    product is "unknown" and gets the neutral call to action."""
    given = (brief.product.category or "").strip().lower()
    if given in ("travel", "tourism", "旅游"):
        # a trip people join (a tour with departures) or a place they stay: the brief's words tell
        text = " ".join([brief.product.name, brief.product.description, *brief.product.features]).lower()
        words = [w.lstrip("!") for w in copy_data(brief.lang).get("category_words", {}).get("tour", [])]
        return "tour" if any(mentions(w, text) for w in words) or re.search(r"\btours?\b|团", text) else "lodging"
    given = CATEGORY_ALIASES.get(given, given)
    if given in GOODS_LIKE:
        return "goods"
    if given in CATEGORIES:
        return given
    return _guess(brief)


def _guess(brief) -> str:
    """What is sold, from the brief's words (see category_of)."""
    name = spoken_name(brief.product.name).lower()
    text = " ".join([brief.product.name, brief.product.description, *brief.product.features,
                     brief.product.price or "", brief.product.offer or ""]).lower()
    if brief.lang == "zh":
        text, name = text.replace("老师傅", "师傅"), name.replace("老师傅", "师傅")   # a craftsman, not a teacher
        text = text.replace("一晚上", "一整夜")                                   # overnight, not a night's stay
    scores = {}
    for cat, words in copy_data(brief.lang).get("category_words", {}).items():
        total = 0
        for w in words:
            strong = w.startswith("!")
            w = w.lstrip("!")
            if mentions(w, text):
                total += (2 if strong else 1) * (2 if mentions(w, name) else 1)
        scores[cat] = total
    goods = scores.pop("goods", 0) + (2 if PACK_PRICE.search(brief.product.price or "") else 0)
    # sold by a free trial and then by the month or year: software, an app when it says so
    deal = " ".join([brief.product.price or "", brief.product.offer or ""]).lower()
    if re.search(r"free trial|免费试用|免费体验", deal) and re.search(r"/\s*(?:mo|month|yr|year)\b|per (?:month|year)|a month|"
                                                                 r"/月|每月|/年|包月|包年", deal):
        for cat in ("app", "saas"):
            scores[cat] = scores.get(cat, 0) + 1
        if re.search(r"\b(?:ipad|iphone|tablet|phone|android|ios)\b|手机|平板", text):
            scores["app"] += 1             # a subscription that runs on a phone or tablet is an app
    # a goods head noun ending the name as said (洗发水, 按摩椅, "Urban Helmet") counts as a strong word in it
    # a goods head noun ending the name or one of its words, a model code or size after it allowed
    # ("净爽家用除湿机 DH50")
    words = [re.sub(r"[^\w]", "", w) for w in re.split(r"\s+", name) if re.search(r"[\u4e00-\u9fff]", w)] or \
        [re.sub(r"[^\w]", "", name)]
    zh_head = any(ZH_GOODS_HEAD.search(re.sub(r"[A-Za-z0-9]+$", "", w)) and not re.search(r"(?:洗|租|修|代)车$|茶$|(?:贴|改色)膜$|车衣$", w)
                  for w in words)
    if EN_GOODS_HEAD.search(re.sub(r"(?:\s+[A-Za-z0-9][\w.-]*\d[\w.-]*)+$", "", name)) if brief.lang == "en" else zh_head:
        goods += 4
    # apps and software are sold by the month or free: a bare one-off price in the hundreds is a thing
    one_off = BARE_PRICE.match(brief.product.price or "") and (value_of(brief.product.price) or 0) >= 100
    if one_off:
        scores["app"] = scores.get("app", 0) // 2
        scores["saas"] = scores.get("saas", 0) // 2
    best = max(scores.items(), key=lambda kv: kv[1], default=("goods", 0))
    if best[1] >= (2 if brief.lang == "en" else 1) and best[1] > goods:
        return best[0]
    price = brief.product.price or ""
    bought = bool(BARE_PRICE.match(price) or (ONE_OFF_PRICE.match(price) and not PER_TIME.search(price)))
    return "goods" if goods or bought or GOODS_CUES.search(text) else "unknown"


def cta_category(brief) -> str:
    """Which call-to-action family fits the product in the brief's language (the category, or the family it
    acts like where the language's data has no calls to action of its own for it)."""
    cat = category_of(brief)
    g = copy_data(brief.lang)
    if cat not in g.get("cta", {}) or cat not in g.get("cta_words", {}):
        cat = CTA_FALLBACK.get(cat, "goods")
    return cat


def where(brief) -> str:
    """Where the viewer finds the link: below the video, or in the description of a long-video platform."""
    g = copy_data(brief.lang)["where"]
    plats = brief.platforms or []
    return g["long_video"] if plats and all(p in LONG_VIDEO_PLATFORMS for p in plats) else g["default"]


def cta_fits(text: str, category: str, lang: str) -> bool:
    """Whether a call to action uses the words that fit the category (order goods, book a table...)."""
    words = copy_data(lang)["cta_words"].get(category, [])
    low = text.lower()
    return any((w.lower() in low) if lang != "en" or " " in w else re.search(rf"\b{re.escape(w.lower())}", low)
               for w in words)
