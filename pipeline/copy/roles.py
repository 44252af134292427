"""Which job a sentence of the brief does in an ad (templates/copy/roles.yaml): where it goes, what a short ad
keeps first. Data, not code: a cue is a pattern with an id and an example the tests check."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import yaml

from pipeline.errors import TemplateError
from pipeline.resources import templates_dir

ROLES = ("disclosure", "cta", "offer", "question", "problem", "logistics", "audience", "proof", "spec", "benefit")


@dataclass(frozen=True)
class Cue:
    id: str
    role: str
    lang: str
    pattern: re.Pattern
    example: str
    unless: re.Pattern | None = None

    def matches(self, text: str) -> bool:
        return self.pattern.search(text) is not None and not (self.unless and self.unless.search(text))


@lru_cache(maxsize=1)
def cues() -> tuple[tuple[str, ...], tuple[Cue, ...]]:
    path = templates_dir() / "copy" / "roles.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        out = tuple(Cue(c["id"], c["role"], c["lang"], re.compile(c["pattern"], re.I), c["example"],
                        re.compile(c["unless"], re.I) if c.get("unless") else None) for c in data["cues"])
        order = tuple(data["precedence"])
    except (OSError, yaml.YAMLError, KeyError, re.error) as e:
        raise TemplateError(f"{path}: cannot read the role cues ({e})") from None
    unknown = {c.role for c in out} - set(ROLES)
    if unknown:
        raise TemplateError(f"{path}: unknown roles {sorted(unknown)}; known: {', '.join(ROLES)}")
    return order, out


def role_of(text: str, lang: str) -> tuple[str, str | None]:
    """(role, id of the cue that decided it) of one sentence; a benefit when no cue matches."""
    order, all_cues = cues()
    for role in order:
        for cue in all_cues:
            if cue.role == role and cue.lang == lang and cue.matches(text):
                return role, cue.id
    return "benefit", None
