"""The product's name as said aloud: a marketplace title loses its tagline, pack size and brackets."""

from __future__ import annotations

import re

from pipeline.claims import lint_text
from pipeline.text.sentences import strip_end, units
from pipeline.text.words import zh_inside_word, zh_noun_lead

SPEC_TAIL = re.compile(r"(?:\s*(?:\d+\s?-\s?\d+人|\d+(?:\.\d+)?\s?(?:L|ml|mL|ML|g|kg|KG|克|千克|"
                       r"斤|片|包|袋|盒|支|瓶|粒|寸|英寸|mAh|W|码|号|"
                       r"件套|只装|个装|片装|袋装|盒装)(?:/\S+)?|[SMLX]{1,3}码|\d+\s?片/包))+$")

# the head noun that ends a Chinese goods name (洗发水, 按摩椅, 电饭煲, 试纸, 扫地机器人): what follows it in the
# name, when it is Chinese words, is a tagline ("轻盈纤体茶 刮油排毒 一周瘦5斤")
ZH_GOODS_HEAD = re.compile(r"(?:机器人|沙发|猫砂|地毯|窗帘|充电宝|移动电源|数据线|耳机|音箱|手环|键盘|鼠标|纸尿裤|湿巾|面膜|精华|口红|"
                           r"[茶水液露乳霜膏油粉片丸椅凳桌柜床垫枕被车鞋靴袜衣裤裙帽包箱杯壶锅煲碗盘刀机器仪灯表镜笔纸盒罐瓶袋贴膜球拍伞架扇梳刷锁秤粮砂汤])$")
# a title's keyword that says what the product does, not what it is ("可上飞机", "自带双线", "免翻面")
ZH_FEATURE_WORD = re.compile(r"^(?:可|能|支持|自带|免|不|送|包|适用|适合|带)")
# what an English name ends with when it names a kind of thing, not only a brand: "Meet the Koala Carry Baby Carrier"
EN_KIND_HEAD = re.compile(
    r"\b(?:loan|account|card|course|bootcamp|class|classes|plan|policy|program|tour|tours|market|festival|fair|show|"
    r"expo|summit|studio|clinic|gym|house|shop|bakery|cafe|café|kitchen|bar|bars|harness|gummies|tee|carrier|mop|"
    r"vacuum|purifier|dehumidifier|humidifier|sofa|chair|bed|lamp|jacket|coat|boots|shoes|bag|bottle|bank|school|"
    r"academy|center|centre|salon|spa|hotel|inn|cabins?|lodge|resort|service|services|kit|set|box|case|"
    r"charger|bank|stand|mount|cover|litter|food|treats|chews|serum|cream|oil|shampoo|cleanser|sunscreen|mask)s?$",
    re.I)
EN_GOODS_HEAD = re.compile(
    r"\b(?:helmet|paddle|racket|racquet|bike|scooter|shoes?|sneakers?|boots?|jacket|shirt|hoodie|dress|bag|backpack|"
    r"bottle|mug|kettle|pan|cooker|blender|vacuum|purifier|humidifier|lamp|speaker|earbuds|headphones|watch|charger|"
    r"sunglasses|glasses|goggles|mouthpiece|toothbrush|shampoo|conditioner|serum|cream|lotion|soap|perfume|parfum|"
    r"candle|stroller|tent|knife|grill|fan|heater|camera|drone|keyboard|mattress|pillow|chair|sofa|desk|rug|towel|"
    r"blanket|socks|jeans|wallet|ring|necklace|bracelet|paddleboard|kayak|treadmill|kit|skillet|monitor|projector|"
    r"jacket|lamp|oven|fryer|stove|tub|plunge|cooler|freezer|fridge|washer|dryer|scale|crib|sauna|purifier|"
    r"sunscreen|headset|pants|tent|robot|gummies|monitor)s?$", re.I)


STORE_NOTE = re.compile(r"旗舰|官方|新款|直发|直营|正品|包邮|热卖|爆款|现货|特价|年货|限时|秒杀|厂家|专卖|自营|推荐|\d{4}|"
                        r"同款|老字号|热销|好评|销量|网红|明星|必备|神器|回购|特惠|优惠|福利|清仓")


def _cut_after_head(short: str) -> str:
    """A Chinese name cut after the token that ends in a goods head noun, when only a tagline follows it (Chinese
    words with no goods head noun of their own: "轻盈纤体茶 刮油排毒" is said "轻盈纤体茶", but "汪喵星球 鲜肉冻干猫粮"
    keeps its product noun)."""
    tokens = short.split()
    for i, tok in enumerate(tokens[:-1]):
        if i and re.search(r"[/、]", tok) and re.search(r"[\u4e00-\u9fff]", tok) and len(tokens[0]) >= 4:
            return tokens[0]                     # "小蜜蜂家电清洗 空调/油烟机/洗衣机": a list of what it serves follows
        if re.match(r"[\d.]", tok):
            continue                     # a pack size or spec ("2.5kg*4包") is not the name's last word
        if ZH_GOODS_HEAD.search(re.sub(r"[^\w]", "", tok)) and re.match(r"\d", tokens[i + 1]) \
                and re.search(r"[\u4e00-\u9fff]{2}", " ".join(tokens[i + 1:])):
            return " ".join(tokens[:i + 1])      # "正宗柳州螺蛳粉 400g×5袋加臭加辣…": specs and keywords follow
        bare = re.sub(r"[^\w]", "", tok)
        rest = tokens[i + 1:]
        if (ZH_GOODS_HEAD.search(bare) and any(len(re.findall(r"[\u4e00-\u9fff]", t)) >= 2 for t in rest)
                and not any(ZH_GOODS_HEAD.search(re.sub(r"[^\w]", "", t)) for t in rest)):
            return " ".join(tokens[:i + 1])
    return short


ZH_HEAD_CHAR = re.compile(ZH_GOODS_HEAD.pattern.replace("$", ""))


def _marketplace_title(short: str) -> str:
    """A Chinese marketplace title ("冰丝防晒衣女 UPF50+ 连帽外套薄款透气户外骑行", "喵研所 冻干双拼猫粮 1.5kg": search
    keywords around the name) is said as its brand and the first word that ends in a goods noun ("木棉家 奶油风 科技布
    小户型沙发" -> "木棉家小户型沙发"), else up to the last goods noun of the first word that holds one
    ("冰丝防晒衣")."""
    tokens = short.split()
    if len(tokens) < 3 or not re.search(r"[\u4e00-\u9fff]", short):
        return short
    for i, tok in enumerate(tokens):
        if i and re.search(r"[/、]", tok) and len(tokens[0]) >= 4:
            return tokens[0]                     # "小蜜蜂家电清洗 空调/油烟机/洗衣机": a list of what it serves follows
        head = ZH_GOODS_HEAD.search(re.sub(r"[^\w]", "", tok))
        if head and len(tok) >= 2 and i and ZH_FEATURE_WORD.match(tok) and len(head.group(0)) >= 2:
            return tokens[0] + head.group(0)     # "闪充侠 20000mAh 自带线充电宝" -> 闪充侠充电宝
        if head and len(tok) >= 2 and not (i and ZH_FEATURE_WORD.match(tok)):
            return tok if i == 0 else tokens[0] + tok
    for i, tok in enumerate(tokens[:2]):
        if i and ZH_FEATURE_WORD.match(tok):
            continue
        if i and re.search(r"[/、]", tok) and len(tokens[0]) >= 4:
            return tokens[0]                     # "小蜜蜂家电清洗 空调/油烟机/洗衣机": a list of what it serves follows
        # a head noun ends the name only where no word goes on ("防水涂料" is not cut after 水, nor "笔试" after 笔)
        heads = [m for m in ZH_HEAD_CHAR.finditer(tok) if m.end() >= 2 and not zh_inside_word(tok, m.end())]
        if heads:
            return "".join(tokens[:i]) + tok[:heads[-1].end()]
    # no goods noun known: the brand and the nouns the next word opens with ("汪仔行 狗狗胸背带防爆冲 ..." ->
    # 汪仔行狗狗胸背带); a title is never said whole
    lead = zh_noun_lead(tokens[1])
    if len(tokens) >= 3 and len(lead) >= 2:
        return tokens[0] + lead
    return short


# what follows the goods noun of an English listing title: years, versions, specs, search words
EN_TITLE_TAIL = re.compile(r"^(?:\d|upgraded|upgrade|new|latest|version|edition|for\b|with\b|waterproof|wireless|"
                           r"bluetooth|spf|pa\+|[\d.]+\s?(?:ml|oz|fl|g|kg|lb|mah|w)\b)", re.I)


def _en_title(short: str) -> str:
    """An English listing title ("AQUAPULSE Bone Conduction Headphones Swimming IP68 Waterproof ... for Swim Gym",
    "Ridgeback 2P Ultralight Backpacking Tent 2025 Upgraded") is said up to its first goods noun, when what
    follows is search words, specs or store notes."""
    words = short.split()
    if len(words) < 3 or re.search(r"[\u3400-\u9fff]", short):
        return short
    for i, w in enumerate(words[:-1]):
        if EN_GOODS_HEAD.search(re.sub(r"[^\w]", "", w)) and i >= 1:
            tail = words[i + 1:]
            if len(words) >= 8 or EN_TITLE_TAIL.match(" ".join(tail)):
                return " ".join(words[:i + 1])
            return short
    return short


def is_marketplace_title(name: str) -> bool:
    """Whether the name was cut to be said (a marketplace title with keywords after the name)."""
    said = re.sub(r"\s", "", spoken_name(name))
    bare = re.sub(r"\s|[（(【\[].*?[）)】\]]", "", name)
    if re.search(r"[\u4e00-\u9fff]", name):
        return len(name.split()) >= 4 and said != bare
    return len(name.split()) >= 5 and said != bare and len(said.split()) < len(name.split()) - 1


def spoken_name(name: str) -> str:
    """The product name as said aloud: branch or pack notes in brackets, a subtitle after a dash, a tagline
    after a comma or colon ("Haven: Online Therapy", "Lumi 眼镜，学生党网课必备"), and pack sizes or specs at
    its end are shown, not spoken ("小白熊空气炸锅5.5L" is said "小白熊空气炸锅"); spaces
    between Chinese words are not paused on."""
    # a bracket holds a store's note (【官方旗舰】, 【2024新款】) or the brand itself (【喵屿】): the brand stays
    short = re.sub(r"\s*[【\[]([^】\]]*)[】\]]\s*", lambda m: " " if STORE_NOTE.search(m.group(1)) or not m.group(1).strip()
                   else " " + m.group(1).strip() + " ", name).strip()
    short = re.sub(r"\s*[（(].*?[）)]\s*", " ", short).strip()
    short = re.sub(r"\s{2,}", " ", short)
    short = re.sub(r"\s+[-–—|｜]\s+.*$", "", short).strip() or short
    # a tagline after the name (a comma inside a number, "3,000 sq ft", is no tagline's start)
    short = re.sub(r"\s*(?:[，|｜:：]|(?<!\d),|,(?!\d{3}\b)|\s[·•]\s).*$", "", short).strip() or short
    short = re.sub(r"\s+[\U0001F000-\U0001FFFF\u2600-\u27BF\ufe0f]+\s+\S.*$", "", short).strip() or short  # 眼镜 👓 学生党必备
    short = _cut_after_head(short)
    short = _marketplace_title(short)
    short = _en_title(short)
    m = re.search(r"\s+(?:w/|with|\+|featuring|for)\s+\S.*$", short)
    head = re.sub(r"(?:\s+[A-Za-z0-9][\w.-]*\d[\w.-]*)+$", "", short[:m.start()]) if m else ""
    if m and (EN_GOODS_HEAD.search(head) or EN_KIND_HEAD.search(head) or len(short.split()) >= 7):
        # a listing title of seven words and more is cut there whatever its noun ("... Dehumidifier for Basements")
        short = short[:m.start()]                  # "Halo Urban Helmet w/ MIPS + LED": the specs after the head noun
    short = re.sub(r"[\U0001F000-\U0001FFFF\u2600-\u27BF\ufe0f]+", "", short).strip() or short      # no emoji said
    short = SPEC_TAIL.sub("", re.sub(r"[*†※#]+$", "", short).strip()).strip() or short
    short = re.sub(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])", "", short).rstrip(".。 ")   # "BASE." -> BASE
    return short or name


def _name_claim(brief) -> tuple[str, object | None]:
    """The name as said and the first claim the law bars that it carries, if any."""
    name = spoken_name(brief.product.name)
    anon = brief.model_copy(update={"product": brief.product.model_copy(update={"name": "-"})})
    hits = [f for f in lint_text(name, "line", anon) if f.severity == "block"]
    if not hits:
        return name, None
    first = min(hits, key=lambda f: f.start)
    cut = strip_end(name[:first.start]).rstrip(" -–—|｜·•/")
    if units(cut, brief.lang) < (2 if brief.lang == "en" else 4):
        return name, None
    return cut, first


def said_name(brief) -> str:
    """The product's name as the ad says and shows it: the spoken name (spoken_name), cut before a claim the law
    bars that a listing title carries in it ("2027注会CPA全科班包过协议班…" is said "2027注会CPA全科班")."""
    return _name_claim(brief)[0]


def name_claim_note(brief) -> str | None:
    name, hit = _name_claim(brief)
    if hit is None:
        return None
    return (f"product.name carries {hit.text!r}, a claim the law bars here ({hit.basis.split(':')[0]}): it is said "
            f"and shown as {name!r}; take the claim out of the name")
