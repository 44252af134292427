"""AI-generated-content labels (GB 45438-2025): the visible label's text, the spoken disclosure, and the
implicit AIGC metadata written into each MP4. The texts are data (templates/labels.yaml)."""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache

import yaml

from pipeline import __version__
from pipeline.resources import templates_dir


@lru_cache(maxsize=1)
def _labels() -> dict:
    return yaml.safe_load((templates_dir() / "labels.yaml").read_text(encoding="utf-8"))


def ai_label(lang: str) -> str:
    """The visible label's text in a language ("AI生成", "AI-generated")."""
    table = _labels()["ai_label"]
    return table.get(lang, table["en"])


def audio_label(lang: str) -> str:
    """The spoken disclosure in a language."""
    table = _labels()["audio_label"]
    return table.get(lang, table["en"])

PRODUCER = f"genvideo/{__version__}"
AIGC_FIELDS = ("Label", "ContentProducer", "ProduceID", "ReservedCode1", "ContentPropagator", "PropagateID",
               "ReservedCode2")


def aigc_metadata(produce_id: str, plan_json: str) -> dict[str, str]:
    """The AIGC JSON value; on first write the propagator fields equal the producer fields."""
    digest = hashlib.sha256(plan_json.encode()).hexdigest()[:32]
    return {
        "Label": "1",
        "ContentProducer": PRODUCER,
        "ProduceID": produce_id,
        "ReservedCode1": digest,
        "ContentPropagator": PRODUCER,
        "PropagateID": produce_id,
        "ReservedCode2": "",
    }


def aigc_json(meta: dict[str, str]) -> str:
    return json.dumps(meta, ensure_ascii=False, separators=(",", ":"))
