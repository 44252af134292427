"""Any OpenAI-compatible chat-completions endpoint: Ollama, vLLM, llama.cpp server, DeepSeek, Qwen...

The API key is read from an environment variable (default OPENAI_API_KEY) and never written to
outputs, logs or error messages.
"""

from __future__ import annotations

import json
import os
import random
import socket
import time
import urllib.error
import urllib.request

from pipeline.backends.llm.model_writer import ModelWriter
from pipeline.errors import InputError, LLMError

RETRYABLE = {408, 409, 429, 500, 502, 503, 504}


class OpenAIWriter(ModelWriter):
    name = "openai"
    offline = False

    def __init__(self, model: str | None = None, base_url: str | None = None, api_key_env: str = "OPENAI_API_KEY",
                 timeout_s: float = 60.0, retries: int = 3, temperature: float = 0.7, **_: object):
        if not model:
            raise InputError("--llm openai needs --llm-model NAME (the endpoint's model name, e.g. qwen2.5:7b)")
        self.model = model
        self.base_url = (base_url or os.environ.get("OPENAI_BASE_URL") or "https://api.openai.com/v1").rstrip("/")
        self.api_key_env = api_key_env
        self.timeout_s, self.retries, self.temperature = timeout_s, retries, temperature

    def cache_key(self) -> list:
        return ["openai", self.base_url, self.model, self.temperature]

    def _post(self, payload: dict) -> dict:
        body = json.dumps(payload).encode()
        headers = {"Content-Type": "application/json"}
        key = os.environ.get(self.api_key_env)
        if key:
            headers["Authorization"] = f"Bearer {key}"
        url = f"{self.base_url}/chat/completions"
        delay = 0.5
        for attempt in range(self.retries + 1):
            req = urllib.request.Request(url, data=body, headers=headers, method="POST")
            try:
                with urllib.request.urlopen(req, timeout=self.timeout_s) as resp:
                    raw = resp.read()
                try:
                    return json.loads(raw)
                except json.JSONDecodeError:
                    raise LLMError(f"{self.base_url} answered with something that is not JSON: {raw[:120]!r}") from None
            except urllib.error.HTTPError as e:
                status = e.code
                if status in (401, 403):
                    raise LLMError(f"{self.base_url} rejected the API key (HTTP {status}); set {self.api_key_env} "
                                   "to a valid key") from None
                if status == 404:
                    raise LLMError(f"{url} or model {self.model!r} not found (HTTP 404); check --llm-base-url and "
                                   "--llm-model") from None
                if status not in RETRYABLE or attempt == self.retries:
                    what = "rate limit or quota exceeded" if status == 429 else "server error"
                    raise LLMError(f"{self.base_url}: {what} (HTTP {status}) after {attempt + 1} tries") from None
                wait = e.headers.get("Retry-After") if e.headers else None
                pause = min(float(wait), 10.0) if wait and wait.replace(".", "", 1).isdigit() else delay
            except (TimeoutError, socket.timeout):
                if attempt == self.retries:
                    raise LLMError(f"{self.base_url} did not answer within {self.timeout_s:g} s "
                                   f"({attempt + 1} tries); raise --llm-timeout or check the server") from None
                pause = delay
            except urllib.error.URLError as e:
                reason = e.reason
                if isinstance(reason, (TimeoutError, socket.timeout)):
                    if attempt == self.retries:
                        raise LLMError(f"{self.base_url} did not answer within {self.timeout_s:g} s "
                                       f"({attempt + 1} tries); raise --llm-timeout or check the server") from None
                    pause = delay
                else:
                    raise LLMError(f"cannot reach {self.base_url} ({reason}); is the server running? "
                                   "Use --llm-fallback builtin to write offline when it is not") from None
            time.sleep(pause * (1 + random.random() * 0.1))
            delay *= 2
        raise LLMError(f"{self.base_url}: no answer")  # pragma: no cover

    def complete(self, messages: list[dict], seed: int) -> str:
        data = self._post({"model": self.model, "messages": messages, "temperature": self.temperature, "seed": seed})
        try:
            return data["choices"][0]["message"]["content"] or ""
        except (KeyError, IndexError, TypeError):
            raise LLMError(f"{self.base_url} answered without choices[0].message.content") from None
