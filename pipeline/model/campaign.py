"""A campaign: one or more briefs and the axes whose combinations become A/B variants."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from pipeline.model.brief import Persona
from pipeline.model.platform import platforms, suggest_platform


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Axes(_Strict):
    """Values to vary; every combination is one variant (empty axis = the brief's own value)."""

    persona: list[Persona] = Field(default_factory=list, description="Audiences, each a persona object.")
    hook: list[Literal["pain", "persona", "benefit", "number", "scenario", "plain"]] = Field(
        default_factory=list, description="Hook styles.")
    voice: list[str] = Field(default_factory=list, description="Voices of the speech backend.")
    music: list[Literal["upbeat", "bright", "warm"]] = Field(default_factory=list, description="Music moods.")
    seed: list[int] = Field(default_factory=list, description="Copy/layout seeds (different phrase and shot picks).")
    style: list[str] = Field(default_factory=list, description="Visual styles (clean, bold, lifestyle).")
    lang: list[Literal["zh", "en", "ja"]] = Field(default_factory=list, description="Cross-border versions: each "
                                                  "variant in this language for its default market (translation "
                                                  "needs --llm local/openai unless the brief gives the text).")

    @field_validator("style")
    @classmethod
    def _styles(cls, v):
        from pipeline.model.style import style_names
        for name in v:
            if name not in style_names():
                raise ValueError(f"unknown style {name!r}; known: {', '.join(style_names())}")
        return v


class Campaign(_Strict):
    """What `genvideo batch` reads (YAML or JSON; paths relative to the campaign file)."""

    name: str = Field(min_length=1, max_length=60, description="Campaign name; also its output folder.")
    brief: str | None = Field(None, description="Path of the product brief.")
    briefs: list[str] = Field(default_factory=list, description="Several product briefs (instead of `brief`).")
    axes: Axes = Field(default_factory=Axes)
    platforms: list[str] | None = Field(None, description="Cuts for every variant; default: each brief's own.")
    duration_s: float | None = Field(None, ge=6, le=90, description="Override every brief's target length.")
    max_variants: int | None = Field(None, ge=1, le=1000, description="Render a sampled subset of this size.")
    seed: int = Field(0, description="Seed for sampling and for the variants' copy.")

    @field_validator("platforms")
    @classmethod
    def _platforms(cls, v):
        if v is None:
            return v
        for p in v:
            if p not in platforms():
                near = suggest_platform(p)
                hint = f"did you mean {', '.join(repr(n) for n in near)}? " if near else ""
                raise ValueError(f"unknown platform {p!r}; {hint}known: {', '.join(platforms())}")
        return v

    @model_validator(mode="after")
    def _one_source(self):
        if bool(self.brief) == bool(self.briefs):
            raise ValueError("give exactly one of `brief` (a path) or `briefs` (a list of paths)")
        return self

    @property
    def brief_paths(self) -> list[str]:
        return [self.brief] if self.brief else list(self.briefs)
