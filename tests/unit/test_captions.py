"""Caption pages as the platforms set them: broken only between words and phrases, never inside the brief's names
or a number with its unit, punctuation kept where it reads, two colours, sized per platform."""

import pytest

from pipeline.media.ass import build_ass
from pipeline.model.brief import parse_brief
from pipeline.model.narration import Narration, SentenceTiming
from pipeline.model.plan import CaptionStyle
from pipeline.model.platform import profiles
from pipeline.stages.captions import display_line, keep_phrases, layout_captions
from pipeline.stages.narration import allocate_words
from pipeline.stages.typeset import split_ideas
from tests.measures import page_splits

ZH = {"product": {"name": "晨光冷萃咖啡", "description": "冷萃咖啡。", "features": ["18小时低温冷萃"], "price": "¥59.9"},
      "persona": {"name": "熬夜赶作业的大学生"}, "language": "zh"}
EN = {"product": {"name": "Hydra Steel Bottle", "description": "A bottle.", "features": ["32-hour cold"],
                  "price": "$24.99"}, "persona": {"name": "hikers"}, "language": "en"}
# sentences the reported pages split: a name across pages, a phrase before 的, a name across lines
SENTENCES = {
    "zh": ["就是它，晨光冷萃咖啡！", "专为熬夜赶作业的大学生准备！", "低温慢萃18小时，口感顺滑不苦涩，每盒只要¥59.9！"],
    "en": ["Enter Hydra Steel Bottle: a double-wall bottle that keeps ice for 32 hours.",
           "Grab the Hydra Steel Bottle today for just $24.99 with free shipping."],
}


def narration(lang: str) -> Narration:
    t, sents = 0.0, []
    for i, text in enumerate(SENTENCES[lang]):
        d = len(text) / (4.5 if lang == "zh" else 14)
        sents.append(SentenceTiming(scene_index=i, text=text, start_s=t, end_s=t + d,
                                    words=allocate_words(text, lang, t, t + d)))
        t += d + 0.3
    return Narration(audio_file="n.wav", duration_s=t, sentences=sents, backend="t", voice="t", speed=1.0,
                     word_timing="proportional")


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("cut", ["9x16", "16x9"])
def test_pages_never_split_a_name_a_number_or_a_phrase(lang, cut):
    brief = parse_brief(ZH if lang == "zh" else EN)
    prof = profiles()[cut]
    px = round(prof.caption_ratio * prof.short_side)
    style = CaptionStyle(font_px=px, color="#FFFFFF", highlight="#FFD400", outline="#000000", outline_px=4,
                         line_gap_px=px // 4)
    events = layout_captions(narration(lang), lang, style, prof.safe_box, 0.4, 30, 10_000, keep_phrases(brief))
    assert len(events) >= len(SENTENCES[lang]) + 1              # the long sentences do break
    assert page_splits(events, SENTENCES[lang], lang, keep_phrases(brief)) == []


def test_punctuation_reads():
    assert display_line(["晨光冷萃咖啡，", "选用", "云南", "咖啡豆，"], "zh") == "晨光冷萃咖啡，选用云南咖啡豆"
    assert display_line(["早八", "起不来？"], "zh") == "早八起不来？"
    assert display_line(["Tired", "of", "coffee,", "right?"], "en") == "Tired of coffee, right?"
    assert display_line(["It", "keeps", "ice."], "en") == "It keeps ice"


def test_two_caption_colours():
    """White, and the highlight: what is said turns to it, names and numbers are in it from the start."""
    import re

    from pipeline.copy.writer import Copywriter
    from pipeline.stages.narration import estimator
    from pipeline.stages.planning import PlanInputs, plan_video
    from pipeline.stages.scripting import write_script
    from tests.unit.test_planning import fake_narration

    brief = parse_brief({**ZH, "style": "bold"})
    script = write_script(brief, Copywriter(), estimator(4.5, "zh", 1.0))
    plan = plan_video(script, fake_narration(script, 4.5), brief, profiles()["9x16"], PlanInputs((), None, "AI生成"))
    ass = build_ass(plan, labels=False)
    dialogue = "\n".join(line for line in ass.splitlines() if line.startswith("Dialogue: 0"))
    inline = set(re.findall(r"\\[12]c(&H[0-9A-F]+)", dialogue))
    st = plan.caption_style
    from pipeline.media.ass import ass_color

    assert inline <= {ass_color(st.highlight), ass_color(st.color)}
    assert st.emphasis in (None, st.highlight)


def test_caption_size_follows_the_platform():
    assert profiles()["9x16"].caption_ratio >= 0.06 > profiles()["16x9"].caption_ratio


def test_one_idea_per_chip():
    assert split_ideas("三秒即溶，冷热皆宜") == ["三秒即溶", "冷热皆宜"]
    assert split_ideas("Active noise cancelling, 32-hour battery, IPX5") == ["Active noise cancelling", "32-hour battery"]
    assert split_ideas("$1,299 / from $54/mo") == ["$1,299", "from $54/mo"]
    assert split_ideas("$12/month") == ["$12/month"]
