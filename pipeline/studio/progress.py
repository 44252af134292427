"""How far along a job is, as one number for the studio's bar. The make reports its stages by name, most with no
fraction of their own (voice calibration, script and narration, the audio mix); each of those has a fixed share of
the bar, and the render fills the rest with its own fraction (the cuts together, as they render side by side). A
brief made in several market versions runs every stage once per version: each version has an equal part of the
bar. The bar never goes back."""

from __future__ import annotations

from pathlib import Path

# where the bar stands when each stage starts (of one version's part); the render fills RENDER_FROM..1
STAGE_STARTS = {"voice calibration": 0.02, "script and narration": 0.08, "audio mix": 0.30}
RENDER_FROM = 0.40
BEFORE_DONE = 0.99       # the bar's end waits for the job to be recorded as done


class JobProgress:
    """Called with each (stage, fraction or None) the make reports; answers the bar's position (0..1)."""

    def __init__(self, cuts: int = 1, versions: int = 0):
        self.cuts, self.versions = max(1, cuts), max(0, versions)
        self.version = -1 if self.versions else 0
        self.rendered: dict[str, float] = {}
        self.inner = 0.0
        self.value = 0.0

    def __call__(self, stage: str, frac: float | None) -> float:
        if stage.startswith("version "):
            self.version = min(self.version + 1, self.versions - 1)
            self.rendered, self.inner = {}, 0.0
        elif stage in STAGE_STARTS:
            self.inner = max(self.inner, STAGE_STARTS[stage])
        elif stage.startswith("render "):
            self.rendered[stage[len("render "):]] = min(1.0, max(0.0, frac or 0.0))
            done = sum(self.rendered.values()) / max(self.cuts, len(self.rendered))
            self.inner = max(self.inner, RENDER_FROM + (1 - RENDER_FROM) * done)
        elif stage == "storyboards":
            self.inner = 1.0
        whole = (max(0, self.version) + self.inner) / self.versions if self.versions else self.inner
        self.value = max(self.value, min(BEFORE_DONE, whole))
        return round(self.value, 3)


def for_brief(path: Path) -> JobProgress:
    """The bar for making this brief file: its number of cuts and of versions. A brief that cannot be read gets a
    plain bar (the make itself says what is wrong with it)."""
    from pipeline.model.brief import read_brief_file
    from pipeline.model.platform import platforms
    from pipeline.versions import requested_versions

    try:
        brief, _ = read_brief_file(Path(path))
        cuts = len({platforms()[p].profile.id for p in brief.platforms or []})
        return JobProgress(cuts, len(requested_versions(brief, None)))
    except Exception:  # noqa: BLE001 - any fault in the brief is the make's to report
        return JobProgress()
