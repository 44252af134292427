"""Writers backed by a language model: ask, parse, repair or retry, and fall back when allowed."""

from __future__ import annotations

from pipeline.backends.llm.base import SpeechEstimate
from pipeline.backends.llm.prompting import build_messages, extract_json, repair_prompt, to_script, trim_to_budget
from pipeline.errors import LLMError
from pipeline.model.brief import Brief
from pipeline.model.script import Pacing, Script


class ModelWriter:
    """Subclasses implement complete(messages, seed) -> text and cache_key()."""

    name = "model"
    offline = False
    attempts = 3

    def complete(self, messages: list[dict], seed: int) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    def cache_key(self) -> list:  # pragma: no cover - abstract
        raise NotImplementedError

    def write(self, brief: Brief, pacing: Pacing, speech_budget_s: float, estimate: SpeechEstimate) -> Script:
        from pipeline.copy.checks import check_script

        messages = build_messages(brief, pacing, speech_budget_s)
        problem = ""
        for attempt in range(self.attempts):
            answer = self.complete(messages, brief.seed + attempt)
            notes = [f"written by {self.name}" + (f" after {attempt} repair request(s)" if attempt else "")]
            try:
                script = to_script(extract_json(answer), brief, pacing, self.name, notes)
                script = trim_to_budget(script, estimate, speech_budget_s)
                problems = check_script(script, brief)
                if problems:
                    raise LLMError("; ".join(problems[:4]))
                return script
            except LLMError as e:
                problem = str(e)
                messages = [*messages, {"role": "assistant", "content": answer[:4000]}, repair_prompt(answer, problem)]
        raise LLMError(f"{self.name}: no usable script after {self.attempts} tries; last problem: {problem}")


class FallbackWriter:
    """Use `primary`; if it cannot give a usable script, use `fallback` and say so in the notes."""

    offline = True

    def __init__(self, primary, fallback):
        self.primary, self.fallback = primary, fallback
        self.name = primary.name

    def cache_key(self) -> list:
        return ["fallback", writer_key(self.primary), writer_key(self.fallback)]

    def write(self, brief: Brief, pacing: Pacing, speech_budget_s: float, estimate: SpeechEstimate) -> Script:
        try:
            return self.primary.write(brief, pacing, speech_budget_s, estimate)
        except LLMError as e:
            script = self.fallback.write(brief, pacing, speech_budget_s, estimate)
            note = f"{self.primary.name} failed ({e}); script written by {self.fallback.name} instead (--llm-fallback)"
            return script.model_copy(update={"notes": [note, *script.notes]})


def writer_key(writer) -> list:
    """What identifies a writer's output for the cache: backend, model and options."""
    return writer.cache_key() if hasattr(writer, "cache_key") else [writer.name]
