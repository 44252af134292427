"""The studio's API docs work offline: /docs is one page the studio makes from its own OpenAPI schema, listing every
route with its method, parameters, request fields and responses, behind the token when one is set, under the
studio's CSP (no script at all), and in headless Chromium it loads nothing from anywhere."""

import json
import re
import urllib.request

import pytest

from tests.studio.test_studio import TOKEN, request


@pytest.fixture(scope="module")
def docs_server(tmp_path_factory):
    from pipeline.studio.app import create_app
    from tests.studio.conftest import serving

    with serving(create_app(tmp_path_factory.mktemp("docs"), token=TOKEN, workers=0)) as base:
        yield base


def test_the_docs_list_every_route_from_the_schema(docs_server):
    base = docs_server
    assert request(base + "/docs")[0] == 401                           # behind the token, as the API is
    status, raw = request(base + "/docs", token=TOKEN)
    page = raw.decode()
    spec = json.loads(request(base + "/openapi.json", token=TOKEN)[1])
    assert status == 200
    ops = [(m, p) for p, methods in spec["paths"].items() for m in methods]
    assert len(ops) >= 15 and ("post", "/api/jobs") in ops
    for method, path in ops:
        anchor = f"{method}-" + re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-")
        section = re.search(rf'<section class="op" id="{anchor}">(.*?)</section>', page, re.S)
        assert section, (method, path)
        assert f'{method.upper()}</span> <span class="path">{path}</span>' in section.group(1)
        for p in spec["paths"][path][method].get("parameters", []):
            assert f'<td class="name">{p["name"]}' in section.group(1), (path, p["name"])
    jobs = re.search(r'<section class="op" id="post-api-jobs">(.*?)</section>', page, re.S).group(1)
    text = re.sub(r"<[^>]+>", " ", jobs)
    for field, kind in (("brief", "file or string"), ("images", "array of file"), ("draft", "boolean"),
                        ("script", "file or string"), ("allow_claims", "boolean")):
        assert re.search(rf"{field}\s+(required\s+)?{kind}", text), (field, text)
    assert "brief required" in re.sub(r"\s+", " ", text) and "multipart/form-data" in text
    assert "201" in text and "Queue a make of one brief" in text
    assert "/files/{job_id}/{path:path}" in page                            # the routes the schema leaves out


def test_the_docs_load_nothing_and_run_under_the_studio_csp(docs_server, tmp_path):
    from tests.render.test_preview import chromium
    from tests.studio.cdp import Browser

    base = docs_server
    req = urllib.request.Request(base + "/docs", headers={"Authorization": f"Bearer {TOKEN}"})
    with urllib.request.urlopen(req) as r:
        csp, page = r.headers["content-security-policy"], r.read().decode()
    assert "default-src 'none'" in csp and "script-src" not in csp and "frame-ancestors 'none'" in csp
    assert "<script" not in page and "cdn" not in page
    assert not [u for u in re.findall(r'(?:src|href)="([^"]*)"', page) if re.match(r"(https?:)?//", u)]
    b = Browser(chromium(), tmp_path / "profile")
    try:
        b.send("Page.addScriptToEvaluateOnNewDocument", source="window.__csp = []; document.addEventListener("
               "'securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI))")
        b.go(f"{base}/docs?token={TOKEN}")
        b.wait("document.readyState === 'complete' && document.querySelector('#post-api-jobs') !== null")
        seen = b.js("({loaded: performance.getEntriesByType('resource').map(e => e.name), csp: window.__csp,"
                    " shown: document.querySelector('#post-api-jobs').getBoundingClientRect().height,"
                    " text: document.querySelector('#post-api-jobs').innerText})")
        b.screenshot(tmp_path / "docs.png")
    finally:
        b.close()
    assert seen["csp"] == [] and all(u.startswith(base + "/") for u in seen["loaded"]), seen
    assert [u for u in seen["loaded"] if not u.endswith("/favicon.ico")] == []     # (the browser's own favicon ask)
    assert seen["shown"] > 100 and "POST" in seen["text"] and "allow_claims" in seen["text"]
