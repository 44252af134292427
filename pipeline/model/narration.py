"""Measured narration: the audio file and when each sentence and word is spoken."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class WordTiming(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    text: str
    start_s: float
    end_s: float


class SentenceTiming(BaseModel):
    """One script scene's speech, placed on the narration's own timeline."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    scene_index: int
    text: str
    start_s: float
    end_s: float
    words: list[WordTiming]
    word_timing: str = Field(default="proportional",
                             description="How this sentence's word times were found: 'phoneme-durations' (the "
                                         "speech model's own) or 'proportional' (the span split by spoken length).")


class Narration(BaseModel):
    """Result of the narration stage; durations are measured, never estimated."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    audio_file: str = Field(description="48 kHz mono WAV, relative to the run folder.")
    duration_s: float
    sentences: list[SentenceTiming]
    backend: str
    voice: str
    speed: float
    word_timing: str = Field(description="How word times were found: 'phoneme-durations' (from the speech model's "
                                         "phoneme durations), 'proportional' (each sentence's span split by the "
                                         "words' spoken length), or 'mixed' (per sentence, see its word_timing).")
