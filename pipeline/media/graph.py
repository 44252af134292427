"""A small typed builder for ffmpeg filter graphs: filters are values, escaping happens in one place."""

from __future__ import annotations

import re
from dataclasses import dataclass, field


def escape_value(value: object) -> str:
    """Escape an option value for both levels ffmpeg parses (option string, then graph)."""
    text = str(value)
    text = text.replace("\\", "\\\\").replace("'", "\\'").replace(":", "\\:")
    return re.sub(r"([\\'\[\],;])", r"\\\1", text)


@dataclass(frozen=True)
class Filter:
    name: str
    inputs: tuple[str, ...]
    outputs: tuple[str, ...]
    options: tuple[tuple[str, object], ...] = ()

    def render(self) -> str:
        opts = ":".join(f"{k}={escape_value(v)}" for k, v in self.options)
        ins = "".join(f"[{i}]" for i in self.inputs)
        outs = "".join(f"[{o}]" for o in self.outputs)
        return f"{ins}{self.name}{'=' + opts if opts else ''}{outs}"


@dataclass
class Graph:
    """Filters in order; labels are generated so two chains never collide."""

    filters: list[Filter] = field(default_factory=list)
    _count: int = 0

    def new_label(self, prefix: str = "v") -> str:
        self._count += 1
        return f"{prefix}{self._count}"

    def add(self, name: str, inputs: list[str] | str, out: str | None = None, **options: object) -> str:
        """Append filter `name`, fed by `inputs`; returns its output label."""
        ins = (inputs,) if isinstance(inputs, str) else tuple(inputs)
        out = out or self.new_label()
        self.filters.append(Filter(name, ins, (out,), tuple((k.rstrip("_"), v) for k, v in options.items())))
        return out

    def render(self) -> str:
        return ";\n".join(f.render() for f in self.filters)
