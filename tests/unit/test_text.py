"""Line breaking (jieba words, no leading punctuation, widths) and ASS escaping of user text."""

import re

from pipeline.media.ass import build_ass, escape_text
from pipeline.media.fonts import missing_glyphs, text_width
from pipeline.media.linebreak import NO_LINE_START, break_lines, join
from pipeline.stages.narration import split_words


def test_chinese_lines_keep_words_whole_and_fit():
    text = "选用云南保山小粒咖啡豆，低温慢萃18小时，口感顺滑不苦涩。每盒12杯独立包装，冷水热水三秒即溶。"
    words = split_words(text, "zh")
    lines = break_lines(words, "zh", 60, 691, 12)
    assert [i for line in lines for i in line] == list(range(len(words)))  # every word once, in order
    for line in lines:
        shown = join([words[i] for i in line], "zh").rstrip("，。")
        assert len(shown) <= 12 and text_width(shown, 60) <= 691
        assert words[line[0]][0] not in NO_LINE_START


def test_balanced_and_prefers_punctuation():
    words = split_words("点击下方链接，首单立减10元", "zh")
    lines = [join([words[i] for i in l], "zh") for l in break_lines(words, "zh", 60, 691, 12)]
    assert lines == ["点击下方链接，", "首单立减10元"]


def test_english_lines():
    words = "Earbuds that fall out mid-run? Not anymore. Meet Pulse Mini, with 32 hours of battery.".split()
    lines = break_lines(words, "en", 56, 691, 26)
    for line in lines:
        assert len(join([words[i] for i in line], "en")) <= 26


def test_ass_escaping_keeps_user_text_literal():
    raw = r'He said "100% {off}" \N now: C:\path\new'
    esc = escape_text(raw)
    assert "{" not in esc.replace("\\{", "") and "}" not in esc.replace("\\}", "")
    assert "\\N" not in esc and "\\n" not in esc  # no accidental line breaks
    assert escape_text("a\nb") == "a b"


def test_bundled_font_covers_sample_text():
    assert missing_glyphs("晨光冷萃咖啡 ¥59.9 首单立减10元 Pulse Mini $49.99 20% off — “quotes”") == []
    assert missing_glyphs("限时🎉🔥") == []                 # colour emoji come from the bundled emoji font
    assert missing_glyphs("\U00020000") == ["\U00020000"]   # outside GB2312 and not an emoji


def test_karaoke_durations_add_up(tmp_path):
    from tests.unit.test_planning import make_plans
    from tests.conftest import sample_briefs

    plan = make_plans(sample_briefs()[0])[3][0]
    ass = build_ass(plan)
    events = [l for l in ass.splitlines() if l.startswith("Dialogue: 0,")]
    assert len(events) == len(plan.captions)
    for line, ev in zip(events, plan.captions):
        total_cs = sum(int(x) for x in re.findall(r"\\kf?(\d+)", line))
        span_cs = (ev.words[-1].end_frame - ev.start_frame) * 100 / plan.fps
        assert abs(total_cs - span_cs) <= 3 * len(ev.words)


def test_an_ellipsis_that_trails_a_list_does_not_end_the_sentence():
    from pipeline.text.sentences import split_sentences

    assert split_sentences("12种菜单：薯条、鸡翅、蛋挞……按一下就行。可拆洗。") == ["12种菜单：薯条、鸡翅、蛋挞……按一下就行。", "可拆洗。"]
    assert split_sentences("Wait for it… The best.") == ["Wait for it…", "The best."]
