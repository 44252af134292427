"""Locations of the data that ships with genvideo (templates, fonts, sample assets)."""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files
from pathlib import Path


@lru_cache(maxsize=None)
def templates_dir() -> Path:
    """Folder holding platform profiles, writer data and visual styles."""
    return Path(str(files("pipeline.templates")))


@lru_cache(maxsize=None)
def assets_dir() -> Path:
    """Folder holding bundled fonts and sample briefs."""
    return Path(str(files("pipeline.assets")))


def sample_brief() -> Path:
    """The bundled Chinese sample brief (with a product photo)."""
    return assets_dir() / "samples" / "coffee" / "product.json"
