"""Classes found re-reading the third held-out round with the voices' own speech rates: estimates that left lines
out of ads with time to spare, where and when of a place dropped, a count of things used as a hook, products
sold by the piece taken for services, a feature said again in other words, a selling point taken for a setup,
a material condition left out, exam-leak hints, a bracketed statement read with its brackets."""

import json
from pathlib import Path

import pytest

from pipeline.backends.tts.voices import catalogue, default, speech_rate
from pipeline.claims import lint_text
from pipeline.copy.category import category_of, cta_category
from pipeline.model.brief import parse_brief
from pipeline.stages.narration import DEFAULT_RATES, speech_units, voice_rate
from pipeline.stages.scripting import draft_script
from pipeline.text.spoken import to_spoken

ROOT = Path(__file__).resolve().parents[2]


def said(script) -> str:
    return " ".join(s.narration for s in script.scenes)


def test_every_default_voice_has_a_measured_rate_and_the_draft_uses_it():
    for lang in ("zh", "en", "ja"):
        for gender in ("male", "female"):
            v = default(lang, gender)
            assert v.rate and 1.5 < v.rate < 9, (lang, gender, v.rate)
            assert voice_rate(lang, None, gender) == v.rate
    # a voice the catalogue has not measured falls back to the language's rate
    assert speech_rate("en", "no-such-voice") is None and voice_rate("en", "no-such-voice") == DEFAULT_RATES["en"]
    # a slower voice asked for by the brief gives the draft less to say in the same time
    slow = min((v for v in catalogue() if v.lang == "en" and v.rate), key=lambda v: v.rate)
    brief = {"product": {"name": "Harbor Lamp", "description":
                         "Harbor Lamp glows warm amber for slow evenings. Brass hinges fold it flat for travel. "
                         "One charge runs the light for three whole nights. The linen shade softens every corner. "
                         "A dimmer wheel sits right under your thumb. Fishermen in Maine built the first prototype. "
                         "Its base stays cool even after hours of reading."},
             "language": "en", "duration_s": 20}
    fast_words = len(said(draft_script(parse_brief(brief))).split())
    slow_words = len(said(draft_script(parse_brief({**brief, "voice": slow.name}))).split())
    assert slow_words < fast_words


def test_the_catalogue_rate_predicts_the_default_english_voice_better_than_the_language_default():
    """Piper's English voice (fast to synthesise): the measured rate's estimate of eight corpus sentences is within
    12% of the spoken length and closer than the old language-wide rate's."""
    from pipeline.backends.registry import get_tts

    v = default("en", "male")
    tts = get_tts(v.backend)
    corpus = [x["written"] for x in json.loads((ROOT / "bench" / "voice_corpus" / "en.json").read_text("utf-8"))[:8]]
    units = secs = 0.0
    for text in corpus:
        spoken = to_spoken(text, "en")
        audio, sr = tts.synthesize(spoken, "en", v.name, 1.0)
        units += speech_units(spoken, "en")
        secs += len(audio) / sr
    own, old = units / v.rate, units / DEFAULT_RATES["en"]
    assert abs(own - secs) / secs < 0.12 and abs(own - secs) < abs(old - secs), (own, old, secs)


def test_where_a_place_is_is_shown_when_there_is_no_time_to_say_it():
    b = parse_brief({"product": {
        "name": "老街砂锅粥", "description": "现熬砂锅粥，米粒熬到开花。虾蟹都是当天早上从码头拿的。"
        "地址：福州市鼓楼区东街口88号3楼，电话0591-8765 4321，营业时间17:00-次日02:00。",
        "price": "人均¥45", "category": "restaurant"}, "language": "zh", "duration_s": 12})
    script = draft_script(b)
    address = "地址：福州市鼓楼区东街口88号3楼，电话0591-8765 4321，营业时间17:00-次日02:00。"
    assert address in said(script) or address in script.fine_print
    if address in script.fine_print:
        assert any("shown on screen" in n and "东街口" in n for n in script.notes)
        assert not any(n.startswith("left out") and "东街口" in n for n in script.notes)


@pytest.mark.parametrize("brief, welcome", [
    ({"product": {"name": "Saltmarsh Oyster Festival", "description": "Forty oyster farms shuck for you on the pier.",
                  "category": "event"}, "language": "en"}, "Welcome to Saltmarsh Oyster Festival"),
    ({"product": {"name": "半山茶舍", "description": "推开木门就是一整面茶山。", "category": "lodging"}, "language": "zh"},
     "欢迎来到半山茶舍"),
])
def test_a_place_people_come_to_is_welcomed_to_not_met(brief, welcome):
    text = said(draft_script(parse_brief({**brief, "duration_s": 20})))
    assert welcome in text and "Meet " not in text and "这就是" not in text


def test_a_fragment_that_only_counts_things_is_no_hook():
    b = parse_brief({"product": {"name": "Pinecrest Winter Fair",
                                 "description": "Skate on the frozen lake under strings of lights.",
                                 "features": ["Three heated tents", "Hot cider all night"], "category": "event"},
                     "language": "en", "duration_s": 20, "hook_style": "benefit"})
    script = draft_script(b)
    assert not script.scenes[0].narration.startswith("Three heated tents")


@pytest.mark.parametrize("price, lang", [
    ("$24.50 paperback", "en"), ("$89.99 front & rear set", "en"), ("$59 ($49 with the coupon)", "en"),
    ("¥69/桶，两桶¥119", "zh"),
])
def test_a_price_by_the_piece_makes_it_goods(price, lang):
    b = parse_brief({"product": {"name": "Tidewater" if lang == "en" else "净邦", "description":
                                 "Made to last." if lang == "en" else "施工简单，一刷就好。", "price": price},
                     "language": lang})
    assert category_of(b) == "goods" and cta_category(b) == "goods"


@pytest.mark.parametrize("price", ["$35/session", "¥128/人", "from $89", "$15 tickets"])
def test_a_price_by_the_time_or_the_person_does_not(price):
    b = parse_brief({"product": {"name": "Tidewater", "description": "We come to you.", "price": price},
                     "language": "en"})
    assert category_of(b) != "goods"


def test_a_feature_that_sums_up_a_said_sentence_is_not_said_again():
    b = parse_brief({"product": {"name": "松风小院", "description": "山脚下的8间房，每间都有独立庭院和露天浴缸。清晨推窗就是松林。",
                                 "features": ["全院仅8间房 每间带浴缸", "免费停车"], "category": "lodging"},
                     "language": "zh", "duration_s": 30})
    text = said(draft_script(b))
    assert "8间房，每间都有独立庭院" in text and "全院仅8间房" not in text


def test_a_selling_point_that_shares_the_hooks_words_is_said_not_dropped_as_a_setup():
    b = parse_brief({"product": {"name": "Routeboard", "description":
                                 "Put a delivery on the map and the driver gets the stop list on their phone. "
                                 "Customers get a text when the van is ten minutes away."},
                     "persona": {"name": "bakery owners", "pain_points": ["I text my drivers their stops every morning"]},
                     "language": "en", "duration_s": 30})
    text = said(draft_script(b))
    assert "the driver gets the stop list on their phone" in text


def test_a_material_condition_is_disclosed_not_dropped():
    b = parse_brief({"product": {"name": "Roadeye R2 Dash Cam", "description":
                                 "Parking mode records bumps while you are away. The hardwire kit is sold separately."},
                     "language": "en", "duration_s": 30})
    script = draft_script(b)
    assert "The hardwire kit is sold separately." in said(script) + " ".join(script.fine_print)


@pytest.mark.parametrize("text", ["考前押题密卷直接背", "送内部资料", "命题组老师亲自授课"])
def test_exam_leak_hints_are_barred(text):
    b = parse_brief({"product": {"name": "学成教育", "description": text, "category": "course"}, "language": "zh"})
    assert any(f.severity == "block" for f in lint_text(text, "line", b))


def test_a_statement_wholly_in_brackets_is_said_without_them():
    b = parse_brief({"product": {"name": "纤伴益生元粉", "description":
                                 "每条含5克膳食纤维。（固体饮料，本品不能代替药物）", "category": "health-food"},
                     "language": "zh", "duration_s": 20})
    script = draft_script(b)
    assert "（" not in said(script) and "固体饮料，本品不能代替药物" in said(script) + "".join(script.fine_print)


# --- classes found in the fourth held-out review

def test_an_insurers_conditions_are_fine_print_not_the_body_of_the_ad():
    b = parse_brief({"product": {"name": "Whiskerguard Pet Insurance", "description":
                                 "Accident and illness cover for cats and dogs. Claims are paid in the app in minutes.",
                                 "features": ["Up to 90% back on vet bills", "Coverage is subject to policy terms, "
                                              "exclusions and waiting periods", "Pre-existing conditions are not covered",
                                              "Not available in all states", "Underwritten by Elmstone Mutual Insurance Company"],
                                 "price": "from $12/mo", "category": "insurance"}, "language": "en", "duration_s": 30})
    script = draft_script(b)
    body = [s.narration for s in script.scenes if s.kind != "disclosure"]
    assert not any("not covered" in t or "waiting periods" in t or "all states" in t for t in body)
    spoken_closing = [s for s in script.scenes if s.kind == "disclosure"]
    assert len(spoken_closing) <= 1
    closing = " ".join(s.narration for s in spoken_closing) + " ".join(script.fine_print)
    assert "all states" in closing and "waiting periods" in closing and "not covered" in closing
    # insurance is no countable thing: "This is Whiskerguard Pet Insurance", not "the"
    assert "the Whiskerguard" not in said(script)


def test_a_claim_inside_a_listing_title_is_neither_said_nor_shown():
    b = parse_brief({"product": {"name": "2028初级会计职称冲刺班包过班实务经济法网课题库",
                                 "description": "每天一小时，跟着直播把两门课讲透。", "category": "course"},
                     "language": "zh", "duration_s": 20})
    script = draft_script(b)
    assert all("包过" not in (s.narration + (s.on_screen or "")) for s in script.scenes)
    assert any("包过" in n and "take the claim out of the name" in n for n in script.notes)


@pytest.mark.parametrize("text", ["零基础也能半年过两科", "不过免费重学", "黄金保值增值，只涨不跌", "这款鱼油比吃药还管用",
                                  "It works better than medication"])
def test_promises_of_passing_value_and_cures_are_barred(text):
    b = parse_brief({"product": {"name": "Test", "description": "x"}, "language": "en" if text.isascii() else "zh"})
    assert any(f.severity == "block" for f in lint_text(text, "line", b))


def test_the_required_supplement_statement_is_not_taken_for_a_drug_claim():
    b = parse_brief({"product": {"name": "Test", "description": "x"}, "language": "zh"})
    assert not [f for f in lint_text("本品不能代替药物", "line", b) if f.severity == "block"]


def test_a_customers_story_does_not_stand_in_for_what_the_product_is():
    b = parse_brief({"product": {"name": "软芽婴儿湿巾", "description":
                                 "我家闺女屁股一擦就红，换了五六个牌子都不行。每片都是纯水配方，无酒精无香精，擦完不红不痒。",
                                 "category": "baby"},
                     "persona": {"name": "新手妈妈", "pain_points": ["宝宝屁股一擦就红"]}, "language": "zh", "duration_s": 20})
    script = draft_script(b)
    intro = next(s.narration for s in script.scenes if s.kind == "intro")
    assert "我家闺女" not in intro


@pytest.mark.parametrize("written, lang, said", [
    ("自驾3小时/高铁1小时可达", "zh", "自驾三小时、高铁一小时可达"),
    ("最高时速25km/h", "zh", "最高时速每小时二十五公里"),
    ("足金999，附检测证书", "zh", "足金九九九，附检测证书"),
    ("Uses 4 x AAA batteries", "en", "Uses four triple-A batteries"),
    ("A 60Wh battery", "en", "A sixty-watt-hour battery"),
    ("Skip a $2,500 repair bill", "en", "Skip a two-thousand-five-hundred-dollar repair bill"),
    ("Open Sat-Sun 9am-5pm", "en", "Open Saturday and Sunday nine a.m. to five p.m."),
    ("透湿8000g/m²/24h", "zh", "透湿每平方米每天八千克"),
])
def test_spoken_forms_of_quantities_grades_and_amounts(written, lang, said):
    assert to_spoken(written, lang) == said


def test_a_feature_that_says_a_hyphenated_line_again_is_not_said_twice():
    b = parse_brief({"product": {"name": "Brightline Dev School", "description":
                                 "You will code-review with a mentor every week and ship three real apps.",
                                 "features": ["Weekly code reviews", "Job-ready portfolio"]},
                     "language": "en", "duration_s": 20})
    text = said(draft_script(b))
    assert "code-review with a mentor" in text and "Weekly code reviews" not in text


def test_a_travel_brief_that_sells_a_tour_asks_for_dates_and_is_not_welcomed_to():
    b = parse_brief({"product": {"name": "Fjords & Glaciers", "description":
                                 "A 6-day guided tour of Norway's west coast with a local guide. Departures May to September.",
                                 "category": "travel", "price": "from $2,100 per person"},
                     "language": "en", "duration_s": 20})
    text = said(draft_script(b))
    assert "Welcome to" not in text and "your stay" not in text and ("dates" in text or "tour" in text.split(".")[-2])


@pytest.mark.parametrize("text", ["Makes your kid a little genius!", "It makes children smarter", "小小工程师就此养成"])
def test_genius_claims_for_children_are_barred(text):
    b = parse_brief({"product": {"name": "Test", "description": "x"}, "language": "en" if text.isascii() else "zh"})
    assert any(f.severity == "block" for f in lint_text(text, "line", b))


def test_a_marketplace_unit_price_is_said_each():
    said_price = to_spoken("$17.99 ($6.00 / Count)", "en")
    assert "each" in said_price and "Count" not in said_price and "/" not in said_price


def test_a_long_condition_in_brackets_is_shown_while_the_point_is_said():
    b = parse_brief({"product": {"name": "迅风S3电动自行车", "description":
                                 "48V石墨烯电池，续航90km（测试条件：25℃、载重70kg、平路匀速15km/h，实际续航因路况而异）。"
                                 "前后碟刹，雨天也刹得住。", "category": "goods"}, "language": "zh", "duration_s": 20})
    script = draft_script(b)
    text = said(script)
    assert "续航90km" in text and "测试条件" not in text
    assert any(f.startswith("测试条件") for f in script.fine_print)


def test_the_statement_the_law_asks_for_is_said_before_other_conditions():
    b = parse_brief({"product": {"name": "肠安益生菌", "description": "每条活菌200亿。不适宜人群：婴幼儿、孕妇。本品不能代替药物。",
                                 "category": "health-food"}, "language": "zh", "duration_s": 20})
    script = draft_script(b)
    assert "本品不能代替药物" in said(script)


@pytest.mark.parametrize("text", ["Erases wrinkles in 7 days!", "We pay every claim, guaranteed.",
                                  "Guaranteed approval, even with bad credit"])
def test_claims_no_evidence_can_make_lawful_are_barred_not_sent_to_allow_claims(text):
    b = parse_brief({"product": {"name": "Test", "description": "x"}, "language": "en"})
    assert any(f.severity == "block" for f in lint_text(text, "line", b))


def test_a_booking_number_is_said_with_the_call_to_action():
    b = parse_brief({"product": {"name": "溪畔小院民宿", "description":
                                 "小院只有5间房，推窗就是溪水。预订电话：139-1234-5678。冬天有地暖和壁炉。",
                                 "price": "¥468/晚起", "category": "lodging"}, "language": "zh", "duration_s": 30})
    kinds = [(s.kind, s.narration) for s in draft_script(b).scenes]
    at = next(i for i, (_, t) in enumerate(kinds) if "预订电话" in t)
    assert kinds[at - 1][0] == "offer" and kinds[at + 1][0] == "cta"




# --- classes found in the fifth held-out review

@pytest.mark.parametrize("written, lang, said", [
    ("-18℃急冻锁鲜", "zh", "零下十八度急冻锁鲜"),
    ("零下-20℃也能启动", "zh", "零下二十度也能启动"),
    ("For ages 6+", "en", "For ages six and up"),
    ("$9.99 (60 ct)", "en", "sixty count"),
])
def test_temperatures_ages_and_counts_are_said_right(written, lang, said):
    assert to_spoken(written, lang).endswith(said)


def test_a_minus_sign_is_not_taken_for_a_list_marker():
    from pipeline.text.sentences import strip_marker

    assert strip_marker("-18℃急冻") == "-18℃急冻" and strip_marker("- 免费停车") == "免费停车"


def test_a_footnoted_claim_is_said_with_its_footnote_shown():
    b = parse_brief({"product": {"name": "Sweepo X1", "description": "Vacuums and mops in one pass, then empties itself.",
                                 "features": ["Self-emptying base, up to 45 days hands-free*",
                                              "*Based on a 120 m² home cleaned daily in Standard mode."],
                                 "price": "$299"}, "language": "en", "duration_s": 20})
    script = draft_script(b)
    assert "*" not in said(script) and "Standard mode" not in said(script)
    assert any("Standard mode" in f for f in script.fine_print)


def test_a_footnote_mark_with_no_footnote_gets_a_note_that_says_so():
    b = parse_brief({"product": {"name": "Sweepo X1", "description": "Vacuums and mops in one pass, then empties itself.",
                                 "features": ["Self-emptying base, up to 45 days hands-free*"]},
                     "language": "en", "duration_s": 20})
    notes = " ".join(draft_script(b).notes)
    assert "footnote the brief does not give" in notes and "allow_claims" not in notes


def test_the_earliest_time_a_service_takes_is_no_superlative():
    b = parse_brief({"product": {"name": "x", "description": "x"}, "language": "zh"})
    assert not [f for f in lint_text("资料齐全最快当天到账", "line", b) if f.severity == "block"]
    assert [f for f in lint_text("全城最快的理赔", "line", b) if f.severity == "block"]


def test_a_banks_legal_name_is_a_disclosure_not_a_selling_point():
    from pipeline.copy.roles import role_of

    assert role_of("Harbor Bank, N.A.", "en")[0] == "disclosure"


@pytest.mark.parametrize("price, offer, said_", [
    ("MSRP $179.99", "Now $139 through Dec 8", "MSRP $179.99."),
    ("$120 MSRP", "$89 today", "MSRP $120."),
    ("$179.99", "now $139", "Normally $179.99."),
    ("$179.99 (MSRP)", "$139", "MSRP $179.99, now $139."),
])
def test_an_english_suggested_price_keeps_its_label(price, offer, said_):
    b = parse_brief({"product": {"name": "Nestwise T2 Thermostat", "description": "Learns your schedule in a week.",
                                 "price": price, "offer": offer}, "language": "en", "duration_s": 20})
    line = next(s.narration for s in draft_script(b).scenes if s.kind == "offer")
    assert line.startswith(said_) and line.count("MSRP") <= 1
