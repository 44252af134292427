"""report.json: what a make made and measured. Typed here; written as JSON (the studio, campaigns, the gallery,
results and verify read it back)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class _M(BaseModel):
    model_config = ConfigDict(extra="forbid")


class OutputFile(_M):
    """One MP4 as probed after it was written."""

    platform: str
    cut: str
    file: str = Field(description="Path relative to the run folder.")
    width: int
    height: int
    duration_s: float
    planned_duration_s: float
    video_codec: str | None
    audio_rate: int | None
    size_bytes: int
    integrated_lufs: float
    true_peak_dbtp: float
    max_duration_s: float
    c2pa_signed: bool
    version: str | None = Field(None, description="The cross-border version it belongs to.")
    path: str | None = Field(None, description="Absolute path, in the report a make returns (not the one written).")


class ScriptSummary(_M):
    writer: str
    scenes: int
    energy: str
    fell_back: bool


class NarrationSummary(_M):
    duration_s: float
    speed: float
    backend: str
    voice: str
    word_timing: str


class Loudness(_M):
    integrated_lufs: float
    true_peak_dbtp: float


class Compliance(_M):
    findings: list[dict] = Field(default_factory=list)
    blocking: int = 0
    override: bool = False
    allowed_claims: list[str] = Field(default_factory=list)


class VersionEntry(_M):
    id: str
    lang: str
    market: str
    product: str
    platforms: list[str]
    folder: str
    notes: list[str]
    ai_label: str
    compliance: Compliance


class Report(_M):
    """A run's report: one per run folder, and one per version folder of a cross-border run."""

    product: str
    language: str
    mode: str
    outputs: list[OutputFile] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    storyboards: dict[str, str] = Field(default_factory=dict)
    target_duration_s: float | None = None
    script: ScriptSummary | None = None
    timing: dict | None = Field(None, description="Measured speech coverage, longest pause, end-card hold, when the "
                                                  "name is heard (copy.checks.timing_checks).")
    narration: NarrationSummary | None = None
    mix: Loudness | None = None
    backends: dict = Field(default_factory=dict, description="Speech and script backends, voice, measured speech "
                                                             "rate, what came from the cache.")
    ai_label: str | None = None
    compliance: Compliance | None = None
    versions: list[VersionEntry] = Field(default_factory=list)
    version: dict | None = Field(None, description="In a version folder: which version, and its notes.")
    timings_s: dict[str, float] = Field(default_factory=dict)
    run_dir: str | None = Field(None, description="In the report a make returns: where the run folder is.")

    def to_json(self) -> dict:
        """What report.json holds (the absolute paths a make returns are left out)."""
        data = self.model_dump(exclude_none=True, exclude={"run_dir"})
        for o in data.get("outputs", []):
            o.pop("path", None)
        return data
