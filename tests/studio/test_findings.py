"""Compliance findings next to the words they concern, with the real server: the script step's findings point at
their exact span in the line they are in; edited words are checked again; a blocked make fails with its
findings kept; and in headless Chromium the make button is blocked with the reason, the offending span is
marked in the script line with the rule, basis and fix beside it, and "make it anyway" makes the video, whose
finished view marks the same words."""

import json

from tests.studio.test_studio import PHOTO, follow, multipart, post_job, request, sample

CLAIM = "全网销量第一"
OFFER = f"{CLAIM}，限时立减10元"
CTA = f"{CLAIM}，点击下单"          # a 6 s bumper has no room for the offer, but always says its call to action


def claimed(**over) -> dict:
    b = sample(cta=CTA, **over)
    b["product"] = {**b["product"], "offer": OFFER}
    return b


def test_findings_point_at_their_words(server):
    base, _ = server
    body, ctype = multipart({"brief": json.dumps(claimed(), ensure_ascii=False)}, [])
    status, raw = request(f"{base}/api/script", body, ctype)
    assert status == 200, raw
    words = json.loads(raw)
    by_field = {f["field"]: f for f in words["findings"]}
    offer = by_field["product.offer"]
    assert offer["severity"] == "block" and offer["context"][offer["start"]:offer["end"]] == CLAIM
    assert "《广告法》" in offer["basis"] and offer["suggestion"]
    in_script = [f for f in words["findings"] if f["field"].startswith("script.scenes[")]
    assert in_script, words["findings"]
    for f in in_script:
        i = int(f["field"].split("[")[1].split("]")[0])
        key = f["field"].rsplit(".", 1)[1]
        assert f["context"] == words["scenes"][i][key] and f["context"][f["start"]:f["end"]] == CLAIM
    # edited words are checked as written: a superlative typed into a line is found in that line
    edited = [dict(s) for s in words["scenes"]]
    edited[0]["narration"] = "晨光冷萃咖啡，口感最顺滑。"
    body, ctype = multipart({"brief": json.dumps(sample(), ensure_ascii=False), "script": json.dumps(edited, ensure_ascii=False)}, [])
    status, raw = request(f"{base}/api/check", body, ctype)
    checked = json.loads(raw)
    (f,) = [f for f in checked["findings"] if f["field"] == "script.scenes[0].narration"]
    assert status == 200 and checked["blocking"] >= 1
    assert f["rule"] == "superlative-zh" and f["context"][f["start"]:f["end"]].startswith("最")


def test_a_blocked_make_keeps_its_findings(server):
    base, _ = server
    status, body = post_job(base, claimed(platforms=["douyin"]))
    assert status == 201
    last = follow(base, body["id"])[-1]
    assert last["status"] == "failed" and "--allow-claims" in last["error"]
    assert any(f["field"] == "product.offer" and f["severity"] == "block" for f in last["compliance"])


def test_findings_in_the_page(server, tmp_path):
    from tests.render.test_preview import chromium
    from tests.studio.cdp import Browser

    base, _ = server
    b = Browser(chromium(), tmp_path / "profile")
    try:
        b.go(base + "/")
        b.wait("document.body.dataset.ready === '1'")
        b.js("document.getElementById('lang-en').click()")
        for el, value in {"product-name": "晨光冷萃咖啡", "product-description": "选用云南小粒咖啡豆，低温慢萃18小时，口感顺滑。",
                          "cta": CTA, "duration_s": "6"}.items():
            b.js(f"document.getElementById('f-{el}').value = {json.dumps(value, ensure_ascii=False)}")
        b.js("document.querySelector('input[name=platforms][value=douyin]').checked = true")
        b.set_files("#photos", [PHOTO])
        b.js("document.getElementById('make-draft').click()")
        # blocked: the reason by the button, the words shown with the span marked and the finding beside it
        b.wait("!document.getElementById('gate').hidden && document.getElementById('make-draft').disabled")
        assert CLAIM in b.js("document.getElementById('gate-text').textContent")
        assert "blocked" in b.js("document.getElementById('make-draft').title")
        b.wait("document.querySelectorAll('#script .line').length > 0")
        row = b.wait("(() => { const m = [...document.querySelectorAll('#script .line mark.block')]"
                     f".find(m => m.textContent === {json.dumps(CLAIM)}); return m && m.closest('.line').dataset.line }})()")
        beside = b.js(f"document.querySelector('#script .line[data-line=\"{row}\"] .cards').textContent")
        assert "blocks the make" in beside and "《广告法》" in beside and "absolute-terms-zh" in beside
        assert b.js("document.querySelector('#fx-cta mark.block').textContent") == CLAIM
        # the words follow an edit: the superlative typed into line 0 is marked there after the check
        b.js("(() => { const ta = document.querySelector('#script textarea[data-scene=\"0\"]');"
             " ta.value = '晨光冷萃咖啡，口感最顺滑。'; ta.dispatchEvent(new Event('input')); })()")
        b.wait("[...document.querySelectorAll('#script .line[data-line=\"0\"] mark.block')].some(m => m.textContent.startsWith('最'))")
        # made anyway: the button frees, the job is made, and its finished view marks the words
        b.js("document.getElementById('allow-claims').click()")
        assert b.js("document.getElementById('make-draft').disabled") is False
        b.js("document.getElementById('make-draft').click()")
        b.wait("(() => { const s = JSON.parse(document.getElementById('status').textContent || '{}');"
               " return s.douyin && s.douyin.state === 'loaded' })()", timeout=240)
        b.wait("document.querySelectorAll('#findings .line mark.block').length >= 2")
        marks = b.js("[...document.querySelectorAll('#findings mark.block')].map(m => m.textContent)")
        assert CLAIM in marks and any(m.startswith("最") for m in marks)
        assert "made anyway" in b.js("document.getElementById('findings').textContent").lower()
        job = json.loads(request(f"{base}/api/jobs")[1])[0]
        assert job["allow_claims"] and job["override"] and job["status"] == "done"
        b.screenshot(tmp_path / "findings.png")
    finally:
        b.close()
