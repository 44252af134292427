"""The writer's few frames (templates/copy/<lang>.yaml `frames`): whole sentences around one slot of a fixed
kind, so each reads right whatever fills it. Each has an id, a use and an example the tests fill again."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from pipeline.copy.category import copy_data
from pipeline.errors import TemplateError
from pipeline.text.sentences import cap_first

SLOT = re.compile(r"\{([A-Za-z_]+)\}")


@dataclass(frozen=True)
class Frame:
    id: str
    use: str
    texts: dict[str, tuple[str, ...]]     # energy (or "all") -> options
    example: str

    def options(self, energy: str) -> tuple[str, ...]:
        return self.texts.get(energy) or self.texts.get("all") or ()


def frames(lang: str) -> dict[str, Frame]:
    data = copy_data(lang).get("frames")
    if not isinstance(data, dict):
        raise TemplateError(f"templates/copy/{lang}.yaml: no frames")
    out = {}
    for fid, f in data.items():
        text = f.get("text")
        if isinstance(text, str):
            texts = {"all": (text,)}
        elif isinstance(text, list):
            texts = {"all": tuple(text)}
        elif isinstance(text, dict):
            texts = {k: tuple(v) if isinstance(v, list) else (v,) for k, v in text.items()}
        else:
            raise TemplateError(f"templates/copy/{lang}.yaml: frame {fid!r} has no text")
        out[fid] = Frame(fid, f.get("use", ""), texts, f.get("example", ""))
    return out


def fill(template: str, **slots: str) -> str:
    """The template with its slots filled; {Slot} capitalises the first letter of what fills it."""
    def sub(m: re.Match) -> str:
        key = m.group(1)
        value = slots.get(key.lower(), "")
        return cap_first(value) if key[0].isupper() else value
    return SLOT.sub(sub, template)


def say(lang: str, frame_id: str, energy: str, rng: random.Random | None = None, **slots: str) -> str | None:
    """One option of a frame for this energy, filled; None when the language has no such frame or energy."""
    f = frames(lang).get(frame_id)
    opts = f.options(energy) if f else ()
    if not opts:
        return None
    template = rng.choice(opts) if rng and len(opts) > 1 else opts[0]
    return fill(template, **slots)


def has(lang: str, frame_id: str, energy: str) -> bool:
    f = frames(lang).get(frame_id)
    return bool(f and f.options(energy))
