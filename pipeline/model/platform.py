"""Output profiles (frame sizes, safe zones) and the platforms that use them."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import lru_cache

import yaml

from pipeline.resources import templates_dir


@dataclass(frozen=True, slots=True)
class SafeZone:
    """Pixels kept clear of platform UI on each edge of a full-size frame."""

    top: int
    bottom: int
    left: int
    right: int


@dataclass(frozen=True, slots=True)
class Profile:
    """An output frame shape: id like "9x16", size in pixels and its safe zone."""

    id: str
    width: int
    height: int
    safe_zone: SafeZone
    caption_ratio: float = 0.056   # caption font size / short side, as the platforms' own captions are sized

    @property
    def short_side(self) -> int:
        return min(self.width, self.height)

    @property
    def safe_box(self) -> tuple[int, int, int, int]:
        """(x0, y0, x1, y1) of the area where text may go."""
        z = self.safe_zone
        return (z.left, z.top, self.width - z.right, self.height - z.bottom)


@dataclass(frozen=True, slots=True)
class Platform:
    """A publishing destination: which profile it takes and its duration cap."""

    id: str
    profile: Profile
    max_duration_s: float
    market: str  # "cn" or "global"
    label: str


@dataclass(frozen=True, slots=True)
class EncodeSpec:
    fps: int
    video_codec: str
    profile: str
    pix_fmt: str
    audio_codec: str
    audio_rate: int
    audio_channels: int
    audio_bitrate: str


@dataclass(frozen=True, slots=True)
class LoudnessSpec:
    integrated_lufs: float
    true_peak_dbtp: float
    music_duck_db: float


@lru_cache(maxsize=1)
def _table() -> dict:
    with open(templates_dir() / "platforms.yaml", encoding="utf-8") as f:
        return yaml.safe_load(f)


def profiles() -> dict[str, Profile]:
    """All output profiles by id."""
    return {
        pid: Profile(pid, p["width"], p["height"], SafeZone(**p["safe_zone"]), p.get("caption_ratio", 0.056))
        for pid, p in _table()["profiles"].items()
    }


def platforms() -> dict[str, Platform]:
    """All known platforms by id."""
    profs = profiles()
    return {
        name: Platform(name, profs[p["profile"]], float(p["max_duration_s"]), p["market"], p["label"])
        for name, p in _table()["platforms"].items()
    }


def ui_zone(platform_id: str) -> SafeZone:
    """Pixels each edge of a full-size frame that the platform's UI covers (its profile's safe zone if unlisted)."""
    zones = _table().get("ui_zones", {})
    if platform_id in zones:
        return SafeZone(**zones[platform_id])
    return platforms()[platform_id].profile.safe_zone


def encode_spec() -> EncodeSpec:
    return EncodeSpec(**_table()["encode"])


def loudness_spec() -> LoudnessSpec:
    return LoudnessSpec(**_table()["loudness"])


def suggest_platform(name: str) -> list[str]:
    """Close matches for a misspelled platform id."""
    return difflib.get_close_matches(name, list(platforms()), n=3, cutoff=0.5)
