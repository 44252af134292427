"""Shared fixtures: sample briefs, small real renders reused across tests, frame/loudness helpers."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from pipeline.runner import MakeSettings, Pipeline

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / "tests" / "data" / "samples"      # the brief contract's sample briefs, with their CC0 photo
SAMPLE = ROOT / "assets" / "samples" / "coffee" / "product.json"
SCALE = 0.25  # 270x480 for 9:16: fast, still real pixels


def sample_briefs() -> list[Path]:
    """The bundled sample plus the brief contract's samples."""
    return [SAMPLE, *sorted(SHARED.glob("*.json"))]


# what a test costs, by where it lives and what it needs: `pytest -m "not render and not slow and not model"` is
# the quick loop (text, briefs, plans, checks); render runs real voices and ffmpeg; model loads a language model
MODEL_FILES = {"test_local_llm.py", "test_versions_local.py"}
MODEL_TESTS = {"test_transformers_loads_and_generates", "test_transformers_script_or_honest_fallback"}
RENDER_DIRS = {"render", "studio"}
RENDER_FILES = {"test_word_timing.py"}                 # real voices
RENDER_TESTS = {"test_console_script_make_json_and_inputs_untouched",
                "test_version_from_the_briefs_own_english_text_is_made_without_a_model",
                "test_a_kokoro_style_file_of_ones_own_speaks_and_a_bad_one_is_refused"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        path = Path(str(item.fspath))
        if path.parent.name in RENDER_DIRS or path.name in RENDER_FILES or item.originalname in RENDER_TESTS:
            item.add_marker(pytest.mark.render)
        if path.name in MODEL_FILES or item.originalname in MODEL_TESTS:
            item.add_marker(pytest.mark.model)
        if item.get_closest_marker("fault"):
            item.add_marker(pytest.mark.slow)


def write_brief(folder: Path, data: dict, name: str = "brief.json") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def short_copy(src: Path, dest_dir: Path, **overrides) -> Path:
    """A copy of a sample brief (with its images) shortened for fast tests."""
    data = json.loads(src.read_text(encoding="utf-8"))
    for rel in data["product"].get("images", []):
        (dest_dir / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src.parent / rel, dest_dir / rel)
    data.update(overrides)
    return write_brief(dest_dir, data)


@pytest.fixture(scope="session")
def out_root(tmp_path_factory) -> Path:
    """One output root for the session, so the speech cache is shared between tests."""
    return tmp_path_factory.mktemp("outputs")


@pytest.fixture(scope="session")
def made_en(out_root, tmp_path_factory) -> dict:
    """English sample (no photos), 8 s, three cuts, Piper voice."""
    brief = short_copy(ROOT / "tests" / "data" / "earbuds-en.json", tmp_path_factory.mktemp("en"), duration_s=8)
    return Pipeline(MakeSettings(out_root=out_root, scale=SCALE)).make(brief)


@pytest.fixture(scope="session")
def made_zh(out_root, tmp_path_factory) -> dict:
    """Chinese sample (one photo), 12 s with the spoken AI disclosure asked for (by default it starts at 20 s),
    Douyin cut, Kokoro voice."""
    brief = short_copy(SAMPLE, tmp_path_factory.mktemp("zh"), duration_s=12, platforms=["douyin"], audio_label=True)
    return Pipeline(MakeSettings(out_root=out_root, scale=SCALE)).make(brief)


def region_diff(a: np.ndarray, b: np.ndarray, box: tuple[int, int, int, int]) -> float:
    """Mean absolute RGB difference of two frames inside box (x0, y0, x1, y1)."""
    x0, y0, x1, y1 = box
    return float(np.abs(a[y0:y1, x0:x1].astype(int) - b[y0:y1, x0:x1].astype(int)).mean())


def require(module: str, how: str):
    """Import an optional dependency: skip where it is not installed, but fail under CI, which installs it."""
    import importlib
    import os

    try:
        return importlib.import_module(module)
    except ImportError as e:
        if os.environ.get("CI"):
            pytest.fail(f"CI installs {module} ({how}): {e}")
        pytest.skip(f"{module} not installed here ({how})")


def require_packaged_model() -> None:
    """llama.cpp and the packaged GGUF: skip where they are missing, but fail under CI, which installs both."""
    import os

    require("llama_cpp", "the local extra")
    from pipeline.backends.llm.packaged_model import packaged_model

    try:
        packaged_model()
    except Exception as e:  # noqa: BLE001 - missing parts
        if os.environ.get("CI"):
            pytest.fail(f"CI installs the packaged model: {e}")
        pytest.skip(str(e))
