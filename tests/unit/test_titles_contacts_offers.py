"""Classes found by the third held-out review: listing titles (cut at word ends, never said whole, their search
keywords never said), phone numbers (said digit by digit, the business's own line not taken for a person's),
offers that cost extra (换购 is no lower price), claims about children's intelligence and exam refunds."""

import pytest

from pipeline.claims import lint_text
from pipeline.copy.names import spoken_name
from pipeline.copy.offers import read_offer
from pipeline.model.brief import parse_brief
from pipeline.stages.scripting import draft_script
from pipeline.text.spoken import to_spoken


@pytest.mark.parametrize("title, said", [
    # a comma inside a number is no tagline's start; a long listing title is cut before "for"
    ("AirDry 50-Pint Dehumidifier for Garages up to 4,500 sq ft, Auto Shutoff, Hose Included", "AirDry 50-Pint Dehumidifier"),
    # a goods noun ends the name only where no word goes on (笔试, 防水涂料)
    ("学霸课堂 会计师资格证笔试冲刺班 2027 网课+题库", "学霸课堂会计师资格证笔试冲刺班"),
    ("稳固 厨房防水涂料 免拆砖 透明防水胶 1kg装", "稳固厨房防水涂料"),
    # no goods noun known: the brand and the nouns its next word opens with, never the whole title
    ("喵乐宠 猫咪胸背带防挣脱 小型犬牵引绳套装 反光透气 英短布偶遛猫绳", "喵乐宠猫咪胸背带"),
    # a list of what a service covers is not its name
    ("洁净家家政服务 冰箱/洗衣机/热水器 上门清洗", "洁净家家政服务"),
])
def test_listing_titles_are_said_as_a_name(title, said):
    assert spoken_name(title) == said


def test_a_titles_search_keywords_are_never_said_and_the_note_names_them():
    b = parse_brief({"product": {"name": "Trailmate Wool Hiking Socks Men Women Cushioned Crew Anti Blister 4 Pack",
                                 "description": "Merino keeps your feet dry on long climbs."},
                     "language": "en", "duration_s": 30})
    script = draft_script(b)
    spoken = " ".join(s.narration for s in script.scenes)
    assert "Anti Blister" not in spoken and "Cushioned Crew" not in spoken
    assert any("search keywords" in n and "Anti Blister" in n for n in script.notes)


@pytest.mark.parametrize("text, said", [
    ("拨打0755-8123 4567预约。", "拨打零七五五，八幺二三，四五六七预约。"),
    ("电话021-6234 789", "电话零二幺，六二三四，七八九"),
])
def test_phone_numbers_are_said_digit_by_digit(text, said):
    assert to_spoken(text, "zh") == said


def test_the_business_own_number_is_not_personal_data_but_another_is():
    b = parse_brief({"product": {"name": "Anvil Gym", "description": "Small classes. Call (303) 555-0172 to book."},
                     "language": "en", "cta": "Call (303) 555-0172 today"})
    assert not [f for f in lint_text("Call (303) 555-0172 today", "cta", b) if f.family == "privacy"]
    assert [f for f in lint_text("Text Jenny at (303) 555-0199", "cta", b) if f.family == "privacy"]


def test_an_offer_that_costs_extra_is_not_a_lower_price():
    offer = read_offer("¥99/60片", "加¥15换购收纳盒")
    assert offer.kind == "price_offer"
    assert read_offer("$49", "Add $10 for the carry case").kind == "price_offer"


@pytest.mark.parametrize("text, lang", [("搭积木开发大脑，让孩子更聪明", "zh"), ("提高宝宝智商", "zh"),
                                        ("Builds blocks that boost your kid's IQ", "en"),
                                        ("不过全额退", "zh"), ("考不过就退钱", "zh")])
def test_intelligence_and_exam_refund_promises_are_blocked(text, lang):
    b = parse_brief({"product": {"name": "x", "description": "y"}, "language": lang})
    assert any(f.severity == "block" for f in lint_text(text, "line", b)), text


def test_but_a_return_policy_is_no_exam_promise():
    b = parse_brief({"product": {"name": "x", "description": "y"}, "language": "zh"})
    assert not lint_text("不过退货要在7天内申请", "line", b)


def test_where_and_when_is_said_for_a_place_people_come_to():
    b = parse_brief({"product": {"name": "Harbor Lights Food Fair", "category": "event", "description": (
        "Forty food trucks from every corner of the city and a lantern parade along the water at sunset. "
        "Live jazz on two stages all evening, with local bands and a late-night set. "
        "Face painting, a bounce castle and a storytelling tent for the kids. "
        "A craft beer garden with twelve taps from breweries within fifty miles. "
        "Sat Mar 6, 4pm-10pm, Pier 9 Plaza.")}, "language": "en", "duration_s": 20, "cta": "Get tickets"})
    spoken = " ".join(s.narration for s in draft_script(b).scenes)
    assert "Pier 9 Plaza" in spoken


def test_a_pain_the_speaker_says_of_themselves_is_quoted_not_asked():
    b = parse_brief({"product": {"name": "Roadeye Cam", "description": "Records front and rear in 4K."},
                     "persona": {"pain_points": ["Got a ticket that wasn't my fault"]},
                     "language": "en", "duration_s": 20, "hook_style": "pain"})
    hook = draft_script(b).scenes[0].narration
    assert "my fault" in hook and not hook.rstrip().endswith("?")


def test_a_line_that_only_names_the_product_does_not_say_a_sentence_about_it():
    b = parse_brief({"product": {"name": "Nightrest Magnesium Gummies", "description": (
        "Two gummies before bed, 200 mg of magnesium, no melatonin. Sugar-free and vegan.")},
        "language": "en", "duration_s": 20})
    spoken = " ".join(s.narration for s in draft_script(b).scenes)
    assert "Two gummies before bed" in spoken


def test_a_list_price_is_called_what_the_brief_calls_it():
    b = parse_brief({"product": {"name": "轻骑电动车", "description": "通勤代步，续航60公里。",
                                 "price": "指导价¥2999 到手价¥2599"}, "language": "zh", "duration_s": 20})
    offer = next(s.narration for s in draft_script(b).scenes if s.kind == "offer")
    assert "指导价" in offer and "原价" not in offer


def test_the_price_is_said_when_the_call_to_action_carries_a_saving():
    """立减10元 in the call to action is a saving, not a lower price: the price is still said."""
    b = parse_brief({"product": {"name": "晨露燕麦奶", "description": "燕麦原浆，无蔗糖。", "price": "¥39.9",
                                 "offer": "首单立减10元"}, "cta": "点击下方链接，首单立减10元",
                     "language": "zh", "duration_s": 20})
    spoken = "".join(s.narration for s in draft_script(b).scenes)
    assert "¥39.9" in spoken
    # a lower final price in the offer would contradict the price: then only the call to action's words
    b2 = parse_brief({"product": {"name": "晨露燕麦奶", "description": "燕麦原浆，无蔗糖。", "price": "¥49",
                                  "offer": "到手价¥39"}, "cta": "点击下方链接，到手价¥39",
                      "language": "zh", "duration_s": 20})
    assert "¥49" not in "".join(s.narration for s in draft_script(b2).scenes)
