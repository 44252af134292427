"""genvideo clips without media: sentences from timed words, names and prices heard wrong, what is kept of a clip,
how clips are scored, the crop's path, and the inputs it refuses."""

from __future__ import annotations

import numpy as np
import pytest

from pipeline.clips.highlights import (FPS, Cues, Product, TimeMap, correct_names, find_highlights, hook_title,
                                       keep_segments, read_comments, sentence_cues)
from pipeline.clips.reframe import CropPath, Samples, crop_size, plan_crop, sendcmd_script
from pipeline.clips.transcript import Transcript, Word, build_sentences, fix_price_digits
from pipeline.errors import InputError


def words_of(spec: list[tuple[str, float, float]]) -> list[Word]:
    return [Word(t, a, b) for t, a, b in spec]


def transcript(spec, lang="en", levels=None) -> Transcript:
    ws = words_of(spec)
    end = ws[-1].end + 1 if ws else 1
    return Transcript(lang=lang, duration_s=end, words=ws, sentences=build_sentences(ws, lang),
                      levels_db=levels or [-20.0] * int(end * 10 + 1))


def test_sentences_end_at_stops_and_pauses_but_never_inside_a_number():
    t = transcript([("Only", 0.0, 0.3), ("$49.", 0.3, 0.8), ("99", 0.8, 1.0), ("today.", 1.0, 1.4),
                    ("Tap", 1.5, 1.7), ("the", 1.7, 1.8), ("link", 1.8, 2.1),
                    ("now", 2.9, 3.1), ("please", 3.1, 3.5)])
    assert [s.text for s in t.sentences] == ["Only $49. 99 today.", "Tap the link", "now please"]
    assert [(s.first, s.last) for s in t.sentences] == [(0, 3), (4, 6), (7, 8)]


def test_a_long_run_without_stops_is_split_at_its_longest_pause():
    spec, t0 = [], 0.0
    for i in range(40):
        gap = 0.45 if i == 22 else 0.05
        spec.append((f"w{i}", t0, t0 + 0.4))
        t0 += 0.4 + gap
    t = transcript(spec)
    assert len(t.sentences) == 2 and t.sentences[0].last == 22


def test_chinese_name_heard_as_homophones_is_written_as_the_brief_has_it():
    spec = [("成", 0.0, 0.2), ("光", 0.2, 0.4), ("冷", 0.4, 0.6), ("脆", 0.6, 0.8), ("咖", 0.8, 1.0), ("啡，", 1.0, 1.2),
            ("只要", 1.3, 1.6), ("59块", 1.6, 2.0), ("九。", 2.0, 2.2), ("大家", 3.0, 3.3), ("好。", 3.3, 3.6)]
    t = transcript(spec, "zh")
    fixed, notes = correct_names(t, Product("zh", "晨光冷萃咖啡", "¥59.9"))
    assert notes and notes[0]["heard"] == "成光冷脆咖啡，" and notes[0]["written"] == "晨光冷萃咖啡，"
    assert fixed.words[0].text == "晨光冷萃咖啡，" and fixed.words[0].start == 0.0 and fixed.words[0].end == 1.2
    assert [s.text for s in fixed.sentences] == ["晨光冷萃咖啡，只要59块九。", "大家好。"]
    assert (fixed.sentences[1].first, fixed.sentences[1].last) == (4, 5)
    # a different drink is not the product
    other = transcript([("星", 0, .2), ("巴", .2, .4), ("克", .4, .6), ("咖", .6, .8), ("啡。", .8, 1)], "zh")
    assert correct_names(other, Product("zh", "晨光冷萃咖啡"))[1] == []


def test_english_name_heard_wrong_keeps_each_words_time():
    t = transcript([("The", 0, .2), ("pulse", .2, .5), ("many", .5, .8), ("earbuds", .8, 1.2), ("rock.", 1.2, 1.5)])
    fixed, notes = correct_names(t, Product("en", "Pulse Mini Earbuds"))
    assert fixed.sentences[0].text == "The Pulse Mini Earbuds rock."
    assert [(w.start, w.end) for w in fixed.words] == [(w.start, w.end) for w in t.words]
    unrelated = transcript([("The", 0, .2), ("pasta", .2, .5), ("was", .5, .8), ("good.", .8, 1.2)])
    assert correct_names(unrelated, Product("en", "Pulse Mini Earbuds"))[1] == []


def test_a_price_digit_heard_as_a_homophone():
    ws = fix_price_digits(words_of([("只要", 0, 1), ("59块酒。", 1, 2), ("一块", 2, 3), ("酒精", 3, 4)]))
    assert [w.text for w in ws] == ["只要", "59块九。", "一块", "酒精"]
    ws = fix_price_digits(words_of([("只要", 0, 1), ("59", 1, 2), ("块", 2, 3), ("酒。", 3, 4)]))
    assert [w.text for w in ws] == ["只要", "59", "块", "九。"]


def test_kept_spans_cut_pauses_fillers_and_flagged_sentences_on_the_frame_grid():
    t = transcript([("Hello", 1.0, 1.4), ("there.", 1.45, 1.9),
                    ("um", 2.6, 2.9), ("This", 3.5, 3.7), ("is", 3.72, 3.9), ("great.", 3.95, 4.4),
                    ("It", 5.0, 5.2), ("cures", 5.2, 5.6), ("all.", 5.6, 6.0),
                    ("Buy", 7.5, 7.8), ("now.", 7.8, 8.2), ("Next", 9.0, 9.3)])
    sents = t.sentences
    assert [s.text for s in sents] == ["Hello there.", "um", "This is great.", "It cures all.", "Buy now.", "Next"]
    segs = keep_segments(t.words, sents, [0, 2, 4], fillers={2})
    for a, b in segs:
        assert abs(a * FPS - round(a * FPS)) < 1e-6 and abs(b * FPS - round(b * FPS)) < 1e-6
    played = lambda x, y: sum(max(0, min(y, b) - max(x, a)) for a, b in segs)  # noqa: E731
    assert played(1.0, 1.9) == pytest.approx(0.9, abs=0.04)          # the first sentence whole
    assert played(2.6, 2.9) == 0 and played(5.0, 6.0) == 0             # the filler and the left-out sentence
    assert played(7.5, 8.2) == pytest.approx(0.7, abs=0.04)
    assert segs[0][0] == pytest.approx(0.9, abs=0.04) and segs[-1][1] < 9.0    # never into the next word
    tm = TimeMap(segs)
    assert tm.duration < 8.2 - 0.9 - 2.5                                   # pauses and cuts taken out
    for x in (1.2, 3.8, 7.9):
        assert tm.to_source(tm.to_clip(x)) == pytest.approx(x)


def _pitch(lang="en"):
    lines = ["Hi all, welcome to the stream.", "The weather is nice today.", "I had lunch with friends.",
             "Someone asked, is it loud?", "No, it is very quiet at night.", "The Breeze Fan costs only $39 today.",
             "Get 20% off this weekend.", "Tap the link to order.", "Okay, back to chatting.",
             "My cat is sleeping over there.", "We will go live again tomorrow."]
    spec, t0 = [], 0.0
    for line in lines:
        toks = line.split()
        for k, tok in enumerate(toks):
            spec.append((tok, t0, t0 + 0.3))
            t0 += 0.35
        t0 += 0.9
    return transcript(spec, lang)


def test_the_stretch_that_sells_ranks_first_with_its_reasons():
    t = _pitch()
    product = Product("en", "Breeze Fan", "$39", "20% off this weekend", ("very quiet at night",))
    cues = [sentence_cues(s, t, product, None, False) for s in t.sentences]
    chosen, weighed = find_highlights(t, cues, 3, 6.0, 14.0)
    assert weighed > 5 and chosen
    best = chosen[0]
    said = " ".join(t.sentences[i].text for i in best.kept)
    assert "$39" in said and "20% off" in said
    assert {"names the product", "says the price ($39)", "asks viewers to act"} <= set(best.reasons)
    assert any(r.startswith("answers a question") for r in best.reasons)
    assert all(a.last < b.first or b.last < a.first for i, a in enumerate(chosen) for b in chosen[i + 1:])
    assert all(c.score > 0 for c in chosen)
    assert "Breeze Fan" in hook_title(best, cues, t, product)


def test_a_price_that_is_not_the_briefs_is_doubted_and_kept_out_of_the_hook():
    t = transcript([("The", 0, .2), ("Breeze", .2, .5), ("Fan", .5, .8), ("is", .8, .9), ("only", .9, 1.1),
                    ("$9.", 1.1, 1.5), ("Get", 2.5, 2.7), ("20%", 2.7, 3.0), ("off", 3.0, 3.2), ("today.", 3.2, 3.6)])
    product = Product("en", "Breeze Fan", "$39", "20% off")
    cues = [sentence_cues(s, t, product, None, False) for s in t.sentences]
    assert cues[0].price == "$9" and cues[0].price_doubt
    chosen, _ = find_highlights(t, cues, 1, 2.0, 10.0)
    assert any("not the brief's" in r for r in chosen[0].reasons)
    assert hook_title(chosen[0], cues, t, product) == "Get 20% off today"


def test_comments_raise_the_score_where_viewers_reacted(tmp_path):
    t = _pitch()
    cues = [sentence_cues(s, t, Product("en"), None, False) for s in t.sentences]
    late = [s for s in t.sentences if s.text.startswith("My cat")][0]
    f = tmp_path / "danmaku.csv"
    f.write_text("user,time,text\n" + "".join(f"u{i},{late.start + i * 0.1:.2f},lol\n" for i in range(30))
                 + "u,0:05,hi\n", encoding="utf-8")
    times = read_comments(f)
    assert len(times) == 31 and times[0] == 5.0
    chosen, _ = find_highlights(t, cues, 3, 4.0, 10.0, times)
    hit = [c for c in chosen if c.first <= late.index <= c.last]
    assert hit and "comments" in hit[0].parts and any("viewers reacted" in r for r in hit[0].reasons)
    bad = tmp_path / "bad.csv"
    bad.write_text("user,text\nu,hi\n", encoding="utf-8")
    with pytest.raises(InputError, match="no time column"):
        read_comments(bad)
    bad.write_text("time,text\nsoon,hi\n", encoding="utf-8")
    with pytest.raises(InputError, match="row 2"):
        read_comments(bad)


def _samples(face_x, shots=None, size=(1920, 1080), fps=6, face_w=150):
    n = len(face_x)
    faces = [None if x is None else (x - face_w / 2, 400.0, x + face_w / 2, 400.0 + face_w) for x in face_x]
    return Samples(times=np.arange(n) / fps, size=size, faces=faces,
                   shot=np.asarray(shots if shots is not None else [0] * n, np.int32))


def test_the_crop_follows_a_moving_face_smoothly_and_keeps_it_inside():
    n = 6 * 20
    xs = [300 + 1200 * (0.5 - 0.5 * np.cos(2 * np.pi * i / n)) for i in range(n)]
    xs = [x + (25 if i % 2 else -25) for i, x in enumerate(xs)]          # a jittery detector
    tm = TimeMap([(0.0, 20.0)])
    path = plan_crop(_samples(xs), tm, 1080, 1920)
    assert (path.width, path.height) == crop_size(1920, 1080, 1080, 1920) == (606, 1080)
    assert len(path.x) == 600
    for k, x in enumerate(path.x):
        fx = 300 + 1200 * (0.5 - 0.5 * np.cos(2 * np.pi * (k / 30 * 6) / n))
        assert x <= fx - 75 and fx + 75 <= x + 606
    steps = np.abs(np.diff(path.x))
    assert steps.max() <= 12                      # no jumps, and the detector's jitter is gone
    assert np.abs(np.diff(path.x, 2)).mean() < 1.0


def test_a_still_face_gives_a_still_crop_and_a_shot_change_cuts():
    xs = [900 + (6 if i % 3 else -6) for i in range(60)] + [None] * 30 + [400.0] * 60
    shots = [0] * 60 + [1] * 30 + [2] * 60
    tm = TimeMap([(0.0, 25.0)])
    s = _samples(xs, shots)
    s.salient[1] = (1500.0, 500.0)
    path = plan_crop(s, tm, 1080, 1920)
    first, middle, last = path.x[:290], path.x[310:440], path.x[460:740]
    assert len(set(first)) == 1 and len(set(last)) == 1          # held still: no jitter
    assert middle[0] == 1500 - 303                               # the salient region where no face is
    assert [sh["framing"] for sh in path.shots] == ["follows the face", "salient region (no face)", "follows the face"]
    cmd = sendcmd_script(path).splitlines()
    moves = [n for n in range(len(path.x)) if n == 0 or (path.x[n], path.y[n]) != (path.x[n - 1], path.y[n - 1])]
    assert len(cmd) == len(moves) >= 3
    # each command lands on its frame (a quarter frame early, never on the frame after)
    assert all(float(line.split()[0]) * 30 == pytest.approx(max(0, n - 0.25), abs=1e-3) for line, n in zip(cmd, moves))


def test_a_crop_of_the_same_shape_is_the_whole_frame():
    path = plan_crop(_samples([900.0] * 12), TimeMap([(0.0, 2.0)]), 1920, 1080)
    assert isinstance(path, CropPath) and path.static and path.width == 1920


def test_bad_lengths_and_platforms_are_refused_with_the_fix():
    from pipeline.clips.job import parse_length, resolve_outputs

    assert parse_length("15-30") == (15.0, 30.0)
    assert parse_length("20") == (15.0, 25.0)
    for bad in ("30-15", "abc", "1-2", "10-500"):
        with pytest.raises(InputError, match="--length"):
            parse_length(bad)
    assert [n for n, _ in resolve_outputs(["douyin", "1:1", "3x4"])] == ["douyin", "1x1", "3x4"]
    with pytest.raises(InputError, match="did you mean douyin"):
        resolve_outputs(["douyn"])


def test_cues_read_chinese_prices_offers_and_questions():
    t = transcript([("有朋友问", 0, .6), ("苦不苦？", .6, 1.2), ("不苦。", 2.0, 2.4),
                    ("今天只要", 3.0, 3.6), ("59块九，", 3.6, 4.2), ("首单立减10元。", 4.2, 5.0),
                    ("所以", 6.0, 6.3), ("点击小黄车。", 6.3, 7.0)], "zh")
    product = Product("zh", "晨光冷萃咖啡", "¥59.9", "首单立减10元")
    cues: list[Cues] = [sentence_cues(s, t, product, None, False) for s in t.sentences]
    assert cues[0].question and not cues[1].question
    assert cues[2].price == "59块" and not cues[2].price_doubt and cues[2].offer
    assert cues[3].connective and cues[3].cta
