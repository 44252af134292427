"""`--llm local`: the built-in writer with the packaged model (Qwen2.5-Coder-1.5B-Instruct, llama.cpp) as its judge.

The model does not write the ad: as a writer it graded below the built-in writer and added claims of its own.
It chooses among the writer's phrasings by fluency (backends/llm/judge.py)."""

from __future__ import annotations

from pipeline.backends.llm.judge import LocalJudge
from pipeline.copy.writer import Copywriter


def local_writer(model: str | None = None, threads: int | None = None, **_: object) -> Copywriter:
    """The built-in writer judged by the packaged model (or the GGUF at `model`)."""
    writer = Copywriter(judge=LocalJudge(model=model, threads=threads))
    writer.name = "local"
    return writer
