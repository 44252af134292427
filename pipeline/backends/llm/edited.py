"""A script a person wrote or edited (the studio's script step): used as given, then checked like any other."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from pipeline.backends.llm.base import SpeechEstimate
from pipeline.copy.writer import Copywriter
from pipeline.errors import InputError
from pipeline.model.brief import Brief
from pipeline.model.script import Pacing, Script, ScriptScene

MAX_SCENES = 20
MAX_LINE_CHARS = 300


def parse_scenes(data: object, source: str = "script") -> list[ScriptScene]:
    """Scenes from JSON data ([{kind, narration, on_screen?}, ...]), with a clear error naming what is wrong."""
    try:
        scenes = TypeAdapter(list[ScriptScene]).validate_python(data)
    except ValidationError as e:
        err = e.errors()[0]
        loc = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in err["loc"])
        raise InputError(f"{source}{loc}: {err['msg']}; each scene is {{kind, narration, on_screen}} with kind one of "
                         "hook, intro, pain, feature, proof, offer, cta") from None
    if not scenes or len(scenes) > MAX_SCENES:
        raise InputError(f"{source}: give 1 to {MAX_SCENES} scenes, got {len(scenes)}")
    for i, s in enumerate(scenes):
        if not s.narration.strip() or len(s.narration) > MAX_LINE_CHARS:
            raise InputError(f"{source}[{i}].narration: 1 to {MAX_LINE_CHARS} characters of what is said")
    return [s.model_copy(update={"spoken": None, "image_index": None}) for s in scenes]


def read_script_file(path: Path) -> list[ScriptScene]:
    """The scenes of a words file: what `genvideo script --json` prints (its "scenes", timing fields ignored),
    or a plain list of {kind, narration, on_screen}; JSON or YAML."""
    from pipeline.model.brief import read_data_file

    data = read_data_file(path, "a script (genvideo script product.json --json writes one)")
    if isinstance(data, dict):
        if "scenes" not in data:
            raise InputError(f"{path}: no \"scenes\"; give the output of `genvideo script --json` or a list of "
                             "{kind, narration, on_screen}")
        data = data["scenes"]
    if isinstance(data, list):
        data = [{k: v for k, v in sc.items() if k in ("kind", "narration", "on_screen")} if isinstance(sc, dict)
                else sc for sc in data]
    return parse_scenes(data, str(path))


class EditedScript:
    name = "edited"
    offline = True

    def __init__(self, scenes: list[ScriptScene]):
        self.scenes = scenes

    def cache_key(self) -> list:
        blob = json.dumps([s.model_dump() for s in self.scenes], ensure_ascii=False, sort_keys=True)
        return ["edited", hashlib.sha256(blob.encode()).hexdigest()[:16]]

    def write(self, brief: Brief, pacing: Pacing, speech_budget_s: float, estimate: SpeechEstimate) -> Script:
        # the fine print is the brief's (its long disclosures), whoever wrote the words
        shown = Copywriter().write(brief, pacing, speech_budget_s, estimate).fine_print
        return Script(language=brief.lang, scenes=list(self.scenes), pacing=pacing, target_s=brief.effective_duration_s(),
                      writer="edited", notes=["the words were written or edited by hand"], fine_print=shown)
