"""Translators: the local model (llama.cpp, `--llm local`) or an OpenAI-compatible endpoint (`--llm openai`).

A translator gets a flat dict of masked fields (strings or lists of strings) and returns the same keys,
translated. Output is constrained to that shape (JSON Schema), so every answer parses."""

from __future__ import annotations

import json
import time
from typing import Protocol

from pipeline.errors import LLMError

LANG_NAMES = {"zh": "Simplified Chinese", "en": "English", "ja": "Japanese"}
PROMPT_VERSION = 2


class Translator(Protocol):
    name: str

    def cache_key(self) -> list: ...

    def translate(self, fields: dict[str, str | list[str]], src: str, dst: str, seed: int = 0, hint: str = ""
                  ) -> dict[str, str | list[str]]: ...


def schema(fields: dict[str, str | list[str]]) -> dict:
    props = {}
    for k, v in fields.items():
        if isinstance(v, list):
            props[k] = {"type": "array", "items": {"type": "string"}, "minItems": len(v), "maxItems": len(v)}
        else:
            props[k] = {"type": "string"}
    return {"type": "object", "additionalProperties": False, "required": list(fields), "properties": props}


def messages(fields: dict[str, str | list[str]], src: str, dst: str, hint: str = "") -> list[dict]:
    system = (f"You translate product marketing briefs from {LANG_NAMES[src]} into natural {LANG_NAMES[dst]}, "
              "as a native copywriter of that market would write them. Rules: translate every value; keep every "
              "token like [1] exactly as written (they stand for brand names, prices and codes); keep every "
              "digit as a digit; add nothing, drop nothing; product features stay short noun phrases; answer "
              "with the same JSON keys." + (f" Your last answer was wrong: {hint}." if hint else ""))
    example_src = {"description": "[1]手冲挂耳咖啡，一杯只要[2]", "features": ["3分钟出杯", "不加糖"],
                   "offer": "新客立减[3]，仅限本周", "persona": "学生党"}
    example_dst = {"en": {"description": "[1] pour-over drip coffee, just [2] a cup",
                          "features": ["Ready in 3 minutes", "No added sugar"],
                          "offer": "[3] off for new customers, this week only", "persona": "Students"},
                   "zh": example_src,
                   "ja": {"description": "[1]のドリップコーヒー、1杯わずか[2]",
                          "features": ["3分で完成", "砂糖不使用"],
                          "offer": "初めての方は[3]引き、今週限定", "persona": "学生"}}
    shots = []
    if src == "zh" and dst in example_dst:
        shots = [{"role": "user", "content": json.dumps(example_src, ensure_ascii=False)},
                 {"role": "assistant", "content": json.dumps(example_dst[dst], ensure_ascii=False)}]
    return [{"role": "system", "content": system}, *shots,
            {"role": "user", "content": json.dumps(fields, ensure_ascii=False)}]


class LocalTranslator:
    """The packaged Qwen2.5 GGUF (or --llm-model) through llama.cpp, constrained by a JSON Schema grammar."""

    name = "local"

    def __init__(self, model: str | None = None, threads: int | None = None, **_: object):
        from pipeline.backends.llm.judge import LocalJudge

        j = LocalJudge(model=model, threads=threads)
        self.path, self.sha256, self.threads = j.path, j.sha256, threads
        self.stats: list[dict] = []

    def cache_key(self) -> list:
        return ["local", self.sha256, PROMPT_VERSION]

    def translate(self, fields, src, dst, seed=0, hint=""):
        from pipeline.backends.llm.llama_runtime import load_llama

        llm = load_llama(self.path, self.threads)
        t = time.perf_counter()
        budget = sum(len(v) if isinstance(v, str) else sum(len(x) for x in v) for v in fields.values())
        out = llm.create_chat_completion(messages=messages(fields, src, dst, hint), temperature=0.3 if seed else 0.0,
                                         seed=seed, max_tokens=int(budget * 3) + 64,
                                         response_format={"type": "json_object", "schema": schema(fields)})
        text = out["choices"][0]["message"]["content"]
        self.stats.append({"seconds": round(time.perf_counter() - t, 2),
                           "tokens": out.get("usage", {}).get("completion_tokens"), "raw": text})
        try:
            data = json.loads(text)
        except json.JSONDecodeError as e:
            raise LLMError(f"the local model's translation is not JSON ({e})") from None
        return {k: data.get(k, v) for k, v in fields.items()}


class OpenAITranslator:
    """Any OpenAI-compatible chat endpoint (OpenAI, Ollama, vLLM, DeepSeek, Qwen...)."""

    name = "openai"

    def __init__(self, model: str | None = None, base_url: str | None = None, api_key_env: str = "OPENAI_API_KEY",
                 timeout_s: float = 60.0, **_: object):
        from pipeline.backends.llm.openai_llm import OpenAIWriter

        self.w = OpenAIWriter(model=model, base_url=base_url, api_key_env=api_key_env, timeout_s=timeout_s)

    def cache_key(self) -> list:
        return ["openai", *self.w.cache_key(), PROMPT_VERSION]

    def translate(self, fields, src, dst, seed=0, hint=""):
        data = self.w._post({"model": self.w.model, "messages": messages(fields, src, dst, hint), "temperature": 0.2,
                             "seed": seed, "response_format": {"type": "json_object"}})
        try:
            parsed = json.loads(data["choices"][0]["message"]["content"])
        except (KeyError, IndexError, TypeError, json.JSONDecodeError) as e:
            raise LLMError(f"the endpoint's translation is not JSON ({e})") from None
        return {k: parsed.get(k, v) for k, v in fields.items()}


def make_translator(llm: str, options: dict) -> Translator | None:
    """The translator that goes with --llm: local or openai; None for the built-in writer (no model)."""
    if llm == "local":
        return LocalTranslator(**options)
    if llm == "openai":
        return OpenAITranslator(**options)
    return None
