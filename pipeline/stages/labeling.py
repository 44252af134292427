"""AI-generated-content labels: the implicit AIGC metadata (GB 45438-2025) written into each MP4."""

from __future__ import annotations

import hashlib
import json

from pipeline import __version__

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
