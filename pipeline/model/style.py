"""Visual styles as data: templates/styles/*.yaml, chosen by the brief or by its audience."""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator

from pipeline.resources import templates_dir

Entrance = Literal["pop", "slide", "fade", "type"]
Role = Literal["price", "title", "chip"]


class Style(BaseModel):
    """One look. Every field is read by planning; none by the renderer."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    description: str
    caption_ratio: float = Field(ge=0.03, le=0.1, description="Caption font size / the frame's short side.")
    caption_plate: bool = False
    emphasis: Literal["colour", "colour+scale", "none"] = "colour"
    entrance: dict[Role, Entrance] = Field(description="How card text enters, by role: the price, titles (with "
                                                       "their accent bar) and chips (offer, call to action, url).")
    sticker: bool = False
    punch_in: bool = False
    beat_cuts: bool = True
    shot_factor: float = Field(1.0, ge=0.4, le=2.0)
    ken_burns: float = Field(0.06, ge=0.0, le=0.2)
    decorations: bool = True
    detail_crops: bool = True
    min_contrast: float = Field(4.5, ge=3.0, le=21.0)
    transitions: dict[Literal["high", "medium", "calm"], list[str]]
    audience: str | None = Field(None, description="Audience adjustment applied on top, e.g. '45+'.")

    @field_validator("entrance", mode="before")
    @classmethod
    def _roles(cls, v):
        """A list is the short form: [price, everything else] (one kind: all roles)."""
        if isinstance(v, list):
            if not v:
                raise ValueError("entrance: give at least one kind, e.g. [fade] or {price: pop, title: type}")
            return {"price": v[0], "title": v[-1], "chip": v[-1]}
        if isinstance(v, dict):
            return {"price": v.get("price", "fade"), "title": v.get("title", "fade"), "chip": v.get("chip", "fade"),
                    **v}
        return v


@lru_cache(maxsize=None)
def styles() -> dict[str, Style]:
    out = {}
    for path in sorted((templates_dir() / "styles").glob("*.yaml")):
        st = Style.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
        out[st.name] = st
    return out


def style_names() -> list[str]:
    return list(styles())


MATURE_AGE = 45        # from this age (the persona's youngest) captions grow, contrast rises, motion calms down
YOUNG_MAX_AGE = 25     # audiences no older than this get faster cuts and stickers


def choose_style(name: str | None, age_range: tuple[int, int] | None, tone: str | None, energy: str) -> Style:
    """The brief's style, else one that suits the audience; then the audience's adjustments.

    45+: captions >= 6.5% of the short side, WCAG AAA contrast (7:1) for card text, captions on a plate, text
    fades (no pops, no punch-ins, no stickers), gentler transitions. 18-25: shorter shots and price stickers."""
    table = styles()
    if name is None:
        tone = (tone or "").strip().lower()
        if age_range and age_range[0] >= MATURE_AGE:
            name = "clean"
        elif tone in ("warm", "calm", "gentle", "relaxed", "cozy", "elegant", "温暖", "温柔", "治愈", "优雅"):
            name = "lifestyle"
        elif energy == "high" or (age_range and age_range[1] <= YOUNG_MAX_AGE):
            name = "bold"
        else:
            name = "clean"
    st = table[name]
    if age_range and age_range[0] >= MATURE_AGE:
        return st.model_copy(update={
            "caption_ratio": max(st.caption_ratio, 0.065), "caption_plate": True, "emphasis": "colour",
            "entrance": {"price": "fade", "title": "fade", "chip": "fade"}, "sticker": False, "punch_in": False, "min_contrast": 7.0,
            "shot_factor": max(st.shot_factor, 1.15), "decorations": False,
            "transitions": {k: ["fade", "dissolve"] for k in ("high", "medium", "calm")}, "audience": "45+"})
    if age_range and age_range[1] <= YOUNG_MAX_AGE:
        return st.model_copy(update={"shot_factor": min(st.shot_factor, 0.7), "sticker": True,
                                     "punch_in": st.punch_in or st.name != "lifestyle", "audience": "18-25"})
    return st
