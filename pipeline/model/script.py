"""The ad script: ordered scenes, each one spoken sentence plus what the screen shows."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

LEAD_IN_S = 0.4   # music alone before the first word
TAIL_S = 1.2      # the end card holds at least this long after the last word
MAX_TAIL_S = 3.0  # ... and at most this long: a short script makes a shorter video

SceneKind = Literal["hook", "intro", "pain", "feature", "proof", "offer", "cta", "disclosure"]


class ScriptScene(BaseModel):
    """One beat of the ad."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: SceneKind
    narration: str = Field(description="What is said, in written form: the caption shows it as it is.")
    spoken: str | None = Field(None, description="What the voice says when it differs from the written form "
                                                 "(prices, numbers, units, codes); filled by the script stage.")
    on_screen: str | None = Field(None, description="Short headline shown on the visual, if any.")
    image_index: int | None = Field(None, description="Which product photo to show; None for a typographic card.")


class Pacing(BaseModel):
    """How fast the ad moves, chosen from the persona."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    energy: Literal["high", "medium", "calm"]
    speech_speed: float = Field(description="TTS speed factor (1.0 = the voice's natural rate).")
    max_shot_s: float = Field(description="Longest a single visual stays before a cut.")
    transition_s: float
    sentence_pause_s: float


class Script(BaseModel):
    """What the copywriter wrote, with where it came from."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    language: Literal["zh", "en", "ja"]
    scenes: list[ScriptScene]
    pacing: Pacing
    target_s: float
    writer: str = Field(description="Backend that wrote it, e.g. 'builtin'.")
    notes: list[str] = Field(default_factory=list, description="What the writer left out or changed, and why.")
    fine_print: list[str] = Field(default_factory=list, description="Statements shown on screen, not said: a "
                                  "disclosure the brief gives that would take long to say (shown from the offer on).")

    @property
    def text(self) -> str:
        sep = " " if self.language == "en" else ""
        return sep.join(s.narration for s in self.scenes)
