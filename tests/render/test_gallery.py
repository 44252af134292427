"""The galleries people open after a campaign: the campaign's page says each variant's outcome in words (done,
failed with its reason, skipped when an earlier run made it), and on both pages, the campaign's and a run's, each
video's controls sit in a row under the picture (nothing over the burned-in captions) and play it, offline."""

import json
import re
from pathlib import Path

import pytest

from pipeline.batch import run_campaign
from pipeline.stages.gallery import write_campaign_gallery
from tests.render.test_batch import write_campaign
from tests.render.test_preview import chromium
from tests.studio.cdp import Browser


@pytest.fixture(scope="module")
def campaign(out_root, tmp_path_factory) -> tuple[dict, dict]:
    """One campaign run twice: an English variant made (with its run gallery) and a Chinese one that fails (no
    model to translate with); the second run skips the English one. (first manifest, second manifest)"""
    path = write_campaign(tmp_path_factory.mktemp("gallery"), name="gallery-campaign", axes={"lang": ["en", "zh"]})
    runs = [run_campaign(path, out_root, workers=1, settings={"scale": 0.25, "preview": True}) for _ in range(2)]
    return runs[0], runs[1]


def page_text(page: Path, tmp_path: Path) -> dict:
    """What a person reads on the page in Chromium: the whole text and each variant's card."""
    b = Browser(chromium(), tmp_path / "profile")
    try:
        b.go(page.as_uri())
        b.wait("location.protocol === 'file:' && document.readyState === 'complete'")
        return b.js("({all: document.body.innerText, cards: Object.fromEntries([...document.querySelectorAll("
                    "'figure[data-variant]')].map(f => [f.dataset.variant, f.innerText]))})")
    finally:
        b.close()


def test_each_variant_says_in_words_how_it_went(campaign, tmp_path):
    first, again = campaign
    by_lang = {v["axes"]["lang"]: v for v in first["variants"]}
    assert by_lang["en"]["status"] == "done" and by_lang["zh"]["status"] == "failed"
    root = Path(first["folder"])
    text = page_text(write_campaign_gallery(root, first), tmp_path)
    en, zh = text["cards"][by_lang["en"]["id"]], text["cards"][by_lang["zh"]["id"]]
    assert re.search(r"^done$", en, re.M) and "skipped" not in en
    assert re.search(r"^failed$", zh, re.M)
    assert "must be translated from en to zh" in zh and "--llm local" in zh          # the reason, as words
    assert "1 done, 1 failed" in text["all"]
    assert '{"' not in text["all"] and "state" not in text["all"]                   # no status JSON shown
    text = page_text(write_campaign_gallery(root, again), tmp_path / "again")
    en = text["cards"][by_lang["en"]["id"]]
    assert "skipped · already made by an earlier run of this campaign" in en
    assert "1 done (1 from an earlier run), 1 failed" in text["all"]
    assert re.search(r"^failed$", text["cards"][by_lang["zh"]["id"]], re.M)


def controls_below_and_play(page: Path, tmp_path: Path, shot: Path) -> dict:
    """Open a gallery in Chromium; check every video's control row is under its picture, then play the first video
    with a real click on its play button and pause it with a click on the picture. What was seen."""
    b = Browser(chromium(), tmp_path / "profile")
    try:
        b.send("Page.addScriptToEvaluateOnNewDocument", source="window.__loads = [];new PerformanceObserver(l => "
               "window.__loads.push(...l.getEntries().map(e => e.name))).observe({type: 'resource', buffered: true})")
        b.go(page.as_uri())
        b.wait("(() => { const t = [...document.querySelectorAll('.player .time')];"
               " return t.length && t.every(x => !x.textContent.endsWith(' 0:00')) })()", 60)
        boxes = b.js("""[...document.querySelectorAll('.player')].map(p => {
            const v = p.querySelector('video').getBoundingClientRect(), c = p.querySelector('.controls').getBoundingClientRect();
            const bottom = document.elementFromPoint(v.left + v.width / 2, v.bottom - 4);
            return {video: [v.left, v.top, v.right, v.bottom], controls: [c.left, c.top, c.right, c.bottom],
                    native: p.querySelector('video').controls, bottom_strip: bottom && bottom.tagName}; })""")
        assert boxes
        for box in boxes:
            (vl, _, vr, vb), (cl, ct, cr, cb) = box["video"], box["controls"]
            assert ct >= vb and cb - ct >= 16, box                  # the row starts where the picture ends
            assert vl - 1 <= cl and cr <= vr + 1, box               # and is no wider than the picture
            assert box["native"] is False and box["bottom_strip"] == "VIDEO", box    # nothing drawn over the captions
        length = int(b.js("document.querySelector('.player video').duration"))     # the file's own length
        assert 5 <= length <= 10                                          # a 6 s variant, said in a few seconds
        assert b.js("document.querySelector('.player .time').textContent").endswith(f" / 0:{length:02d}")
        assert '{"' not in b.js("document.body.innerText")               # the status for programs is hidden
        assert json.loads(b.js("document.getElementById('status').textContent"))      # and still there
        b.click(".player .play")
        state = b.wait("(() => { const v = document.querySelector('.player video');"
                       " return !v.paused && v.currentTime > 1.5 ? {t: v.currentTime, label:"
                       " document.querySelector('.player .play').getAttribute('aria-label'), time:"
                       " document.querySelector('.player .time').textContent, seek: +document.querySelector("
                       "'.player .seek').value} : null })()", 30)
        assert state["label"] == "Pause" and state["seek"] > 1 and not state["time"].startswith("0:00 ")
        b.screenshot(shot)
        b.click(".player video")                                     # the picture pauses it
        assert b.wait("document.querySelector('.player video').paused ? 'paused' : null", 10)
        b.click(".player .mute")
        assert b.js("document.querySelector('.player video').muted") is False
        loads = b.js("window.__loads")
        assert all(u.startswith("file://") for u in loads), loads             # nothing from any network
        assert not re.search(r"https?:|//[a-z]", page.read_text(encoding="utf-8")) # icons and script are in the page
        return state
    finally:
        b.close()


def test_campaign_gallery_controls_sit_below_the_picture_and_play(campaign, tmp_path):
    first, _ = campaign
    page = write_campaign_gallery(Path(first["folder"]), first)
    controls_below_and_play(page, tmp_path, tmp_path / "campaign-gallery.png")


def test_run_gallery_controls_sit_below_the_picture_and_play(campaign, tmp_path):
    first, _ = campaign
    done = next(v for v in first["variants"] if v["status"] == "done")
    page = Path(first["folder"]) / done["folder"] / "preview.html"
    controls_below_and_play(page, tmp_path, tmp_path / "run-gallery.png")
