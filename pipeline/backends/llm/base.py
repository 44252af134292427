"""Script-writing backend contract."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, runtime_checkable

from pipeline.model.brief import Brief
from pipeline.model.script import Pacing, Script

# Estimated seconds to speak a text at the chosen speed (from the voice's measured rate).
SpeechEstimate = Callable[[str], float]


@runtime_checkable
class ScriptWriter(Protocol):
    name: str
    offline: bool

    def write(self, brief: Brief, pacing: Pacing, speech_budget_s: float, estimate: SpeechEstimate) -> Script:
        """Write a script whose narration takes about speech_budget_s seconds."""
