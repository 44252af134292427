"""The studio's page for a newcomer, in headless Chromium against the real app: "Load the sample" fills the empty
form with the bundled sample brief and its photo (served by GET /api/sample, behind the token), and a video clip
picked beside a photo shows as a clip (a picture from it, a clip mark, its name and length), not a broken image."""

import json

import pytest

from pipeline.resources import sample_brief
from tests.studio.test_studio import PHOTO, TOKEN, request


@pytest.fixture(scope="module")
def page_server(tmp_path_factory):
    """An in-process studio with a token and no worker (nothing here is made)."""
    from pipeline.studio.app import create_app
    from tests.studio.conftest import serving

    with serving(create_app(tmp_path_factory.mktemp("page"), token=TOKEN, workers=0)) as base:
        yield base


@pytest.fixture()
def browser(page_server, tmp_path):
    from tests.render.test_preview import chromium
    from tests.studio.cdp import Browser

    b = Browser(chromium(), tmp_path / "profile")
    b.send("Page.addScriptToEvaluateOnNewDocument", source="window.__csp = []; document.addEventListener("
           "'securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI))")
    b.go(f"{page_server}/?token={TOKEN}")
    b.wait("document.body.dataset.ready === '1'")
    yield b
    b.close()


def test_the_sample_is_served_behind_the_token(page_server):
    base = page_server
    assert request(f"{base}/api/sample")[0] == 401
    status, raw = request(f"{base}/api/sample", token=TOKEN)
    body = json.loads(raw)
    own = json.loads(sample_brief().read_text(encoding="utf-8"))
    assert status == 200 and body["brief"]["product"]["name"] == own["product"]["name"] == "晨光冷萃咖啡"
    assert body["brief"]["product"]["images"] == ["coffee.png"] and body["images"][0]["name"] == "coffee.png"
    status, photo = request(base + body["images"][0]["url"], token=TOKEN)
    assert status == 200 and photo == PHOTO.read_bytes()
    for name in ("..%2Fproduct.json", "product.json", "..%2F..%2F..%2Fpyproject.toml"):
        assert request(f"{base}/api/sample/images/{name}", token=TOKEN)[0] == 404, name


def test_load_the_sample_fills_the_form(browser, tmp_path):
    b = browser
    own = json.loads(sample_brief().read_text(encoding="utf-8"))
    b.js("document.getElementById('lang-en').click()")
    assert b.js("document.getElementById('load-sample').textContent") == "Load the sample"
    assert b.js("document.getElementById('f-product-name').value") == ""
    b.click("#load-sample")
    b.wait("document.getElementById('f-product-name').value !== ''", 30)
    assert b.js("document.getElementById('f-product-name').value") == own["product"]["name"]
    assert b.js("document.getElementById('f-product-description').value") == own["product"]["description"]
    assert b.js("document.getElementById('f-product-features').value").split("\n") == own["product"]["features"]
    assert b.js("document.getElementById('f-persona-age_range').value") == "18 24"
    b.wait("document.querySelectorAll('#thumbs img').length === 1 && document.querySelector('#thumbs img').naturalWidth > 0")
    brief = b.js("briefFromForm()")                      # what a make would send
    assert brief["product"]["images"] == ["coffee.png"] and brief["platforms"] == own["platforms"]
    assert brief["product"]["price"] == own["product"]["price"] and brief["cta"] == own["cta"]
    assert b.js("document.getElementById('photos').files.length") == 1
    assert b.js("window.__csp") == []
    b.screenshot(tmp_path / "sample.png")


def test_a_clip_shows_as_a_clip_beside_a_photo(browser, tmp_path):
    from tests.footage import make_clip

    b = browser
    clip = make_clip(tmp_path / "hand.mp4", size=(640, 360), fps=30, seconds=3.0, sound=False)
    b.set_files("#photos", [PHOTO, clip])
    b.wait("document.querySelectorAll('#thumbs > *').length === 2")
    assert b.js("document.querySelectorAll('#thumbs img').length") == 1       # the photo is a picture
    seen = b.wait("(() => { const f = document.querySelector('#thumbs .clip'), v = f && f.querySelector('video');"
                  " return v && v.readyState >= 2 && f.querySelector('.len').textContent.includes(':') ?"
                  " {name: f.querySelector('figcaption').textContent, title: f.title,"
                  " len: f.querySelector('.len').textContent, w: v.videoWidth, h: v.videoHeight, at: v.currentTime,"
                  " box: f.getBoundingClientRect().width, img: f.querySelector('img') !== null} : null })()", 30)
    assert seen["name"] == seen["title"] == "hand.mp4" and seen["len"] == "0:03", seen
    assert (seen["w"], seen["h"]) == (640, 360) and seen["at"] > 0 and seen["box"] == 64 and not seen["img"], seen
    assert b.js("briefFromForm().product.images") == ["coffee.png", "hand.mp4"]
    assert b.js("window.__csp") == []
    b.screenshot(tmp_path / "clip.png")
