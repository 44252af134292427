"""The studio's bar moves through the whole job, with the real server: the job's events carry a progress for every
stage (voice calibration, script and narration, the audio mix: fixed shares), then the render's own fraction, never
going back, and in headless Chromium the page's bar is filled before the render starts."""

import json
import time

from tests.studio.test_studio import PHOTO, follow, post_job, sample


def test_the_events_carry_a_progress_for_every_stage(server):
    from pipeline.studio.progress import RENDER_FROM, STAGE_STARTS

    base, _ = server
    # new words (nothing cached for them), long enough for the render to be seen between two events
    status, body = post_job(base, sample(seed=int(time.time()) % 100_000, duration_s=12))
    assert status == 201, body
    events = follow(base, body["id"])
    assert events[-1]["status"] == "done" and events[-1]["progress"] == 1.0, events[-1]
    running = [(e["stage"], e["progress"]) for e in events if e["status"] == "running" and e["stage"]]
    assert running and all(isinstance(p, float) for _, p in running), running
    bars = [p for _, p in running]
    assert bars == sorted(bars), running                                       # never back
    words = [p for stage, p in running if stage == "script and narration"]
    assert words and words[0] == STAGE_STARTS["script and narration"] > 0, running
    renders = [p for stage, p in running if stage.startswith("render ")]
    assert renders and min(renders) >= RENDER_FROM and max(renders) > RENDER_FROM, running
    assert max(p for stage, p in running if not stage.startswith("render ")) < RENDER_FROM


def test_the_page_bar_fills_before_the_render(server, tmp_path):
    from tests.render.test_preview import chromium
    from tests.studio.cdp import Browser

    base, _ = server
    b = Browser(chromium(), tmp_path / "profile")
    try:
        b.go(base + "/")
        b.wait("document.body.dataset.ready === '1'")
        # every (stage, bar width) the page shows, as it shows them
        b.js("window.__bar = []; new MutationObserver(() => window.__bar.push([document.getElementById('job-stage')"
             ".textContent, document.getElementById('job-bar').style.width])).observe(document.getElementById("
             "'job-bar').parentNode.parentNode, {subtree: true, childList: true, attributes: true, characterData: true})")
        fill = {"product-name": "晨光冷萃咖啡", "product-description": f"低温慢萃{int(time.time()) % 1000}小时，口感顺滑。",
                "duration_s": "6"}
        for el, value in fill.items():
            b.js(f"document.getElementById('f-{el}').value = {json.dumps(value, ensure_ascii=False)}")
        b.js("document.querySelector('input[name=platforms][value=douyin]').checked = true")
        b.set_files("#photos", [PHOTO])
        b.js("document.getElementById('make-draft').click()")
        b.wait("document.querySelector('#cuts video') !== null", 240)
        seen = b.js("window.__bar")
    finally:
        b.close()
    before = [float(w.rstrip("%")) for stage, w in seen if stage and not stage.startswith("render") and w]
    assert before and max(before) > 0, seen                    # the bar moved before the render started
    assert any(stage == "script and narration" and float(w.rstrip("%")) > 0 for stage, w in seen), seen
    assert seen[-1][1] == "100%", seen
