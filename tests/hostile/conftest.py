"""What the hostile-input and fault suites share: small briefs, crafted files (decompression bombs, alias bombs),
read-only and full filesystems (tmpfs, where this machine lets the tests mount one), studio servers in this
process or as a real `genvideo studio` process to kill, and the tried/held table per class printed at the end.

Run alone:  pytest -m hostile      (hostile input)      pytest -m fault      (storage faults and kills)"""

from __future__ import annotations

import hashlib
import json
import os
import struct
import subprocess
import sys
import time
import zlib
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path

import pytest

TINY = {"product": {"name": "Tote", "description": "A sturdy linen tote. Holds a laptop and a lunch."},
        "duration_s": 6, "platforms": ["tiktok"]}
CLI_SCALE = "0.1"
EXE = Path(sys.executable).with_name("genvideo")


def genvideo(*args, timeout: float = 300, env: dict | None = None, cwd: Path | None = None):
    """The installed command, as a user runs it: (exit status, stdout, stderr)."""
    res = subprocess.run([str(EXE), *map(str, args)], capture_output=True, text=True, timeout=timeout,
                         env={**os.environ, **(env or {})}, cwd=cwd)
    return res.returncode, res.stdout, res.stderr


def peak_rss_mb(*args, timeout: float = 300) -> tuple[int, str, float]:
    """Run genvideo in a child Python that reports its own peak RSS: (exit status, stderr, MB). The peak is the
    child's VmHWM (its own memory since exec; ru_maxrss would carry the forking test process's size)."""
    code = ("import sys\nfrom pipeline.cli import main\nsys.argv = ['genvideo', *sys.argv[1:]]\n"
            "try:\n    main()\nfinally:\n    hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM')]\n"
            "    print('PEAK_KB', hwm[0].split()[1], file=sys.stderr)\n")
    res = subprocess.run([sys.executable, "-c", code, *map(str, args)], capture_output=True, text=True,
                         timeout=timeout)
    kb = int(res.stderr.rsplit("PEAK_KB", 1)[1].split()[0])
    return res.returncode, res.stderr.rsplit("PEAK_KB", 1)[0], kb / 1024


def write_json(path: Path, data) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def tree_digest(folder: Path) -> str:
    """Names and contents of everything under folder (inputs must come out byte-identical)."""
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        h.update(str(p.relative_to(folder)).encode())
        if p.is_file():
            h.update(p.read_bytes())
    return h.hexdigest()


def made_files(out: Path) -> list[Path]:
    """What a command left under an output root, besides the shared stage cache."""
    return [p for p in out.rglob("*") if ".cache" not in p.relative_to(out).parts] if out.exists() else []


def bomb_png(path: Path, width: int, height: int) -> Path:
    """A valid grayscale PNG of width x height pixels, all black: a few hundred KB that decode to width*height
    bytes (times 4 once converted to RGBA)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    z = zlib.compressobj(9)
    row = b"\x00" * (width + 1)
    parts = []
    for _ in range(height):
        parts.append(z.compress(row))
    parts.append(z.flush())
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", b"".join(parts))
                     + chunk(b"IEND", b""))
    return path


@pytest.fixture(scope="session")
def bombs(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("bombs")
    return {"150mp": bomb_png(folder / "bomb150.png", 15000, 10000),
            "256mp": bomb_png(folder / "bomb256.png", 16000, 16000)}


@pytest.fixture(scope="session")
def shared_cache(tmp_path_factory) -> Path:
    """One stage cache (speech, rasters) for every studio of the suites, linked in as <out>/.cache."""
    return tmp_path_factory.mktemp("cache")


def out_root(folder: Path, shared_cache: Path) -> Path:
    """An output root for a command, sharing the suite's stage cache (content-keyed, so safe to share)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / ".cache").symlink_to(shared_cache)
    return folder


def alias_bomb(levels: int = 9) -> str:
    """The classic YAML 'billion laughs': ten lines standing for 10**levels values."""
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels + 1):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    return "\n".join(lines) + f"\nproduct:\n  name: Tote\n  description: *a{levels}\n"


# -- filesystems the tests can break on purpose (tmpfs; needs root and a kernel that lets this process mount) --

def _mount(*args: str, tries: int = 3) -> bool:
    """mount(8); a remount that the kernel refuses for a moment (busy) is tried again."""
    for i in range(tries):
        if subprocess.run(["mount", *args], capture_output=True).returncode == 0:
            return True
        time.sleep(0.2 * (i + 1))
    return False


_can_mount: list[bool] = []


def can_mount() -> bool:
    if not _can_mount:
        probe = Path(f"/tmp/genvideo-mount-probe-{os.getpid()}")
        probe.mkdir(exist_ok=True)
        ok = os.geteuid() == 0 and _mount("-t", "tmpfs", "-o", "size=64k", "tmpfs", str(probe))
        if ok:
            subprocess.run(["umount", str(probe)], capture_output=True)
        probe.rmdir()
        _can_mount.append(ok)
    return _can_mount[0]


def need_mount() -> None:
    if not can_mount():
        pytest.skip("needs a tmpfs mount (root, and a kernel that allows it here): read-only and full disks are "
                    "real ones in this suite, not simulated")


@contextmanager
def tmpfs(folder: Path, size: str = "1m", readonly: bool = False):
    """folder as a small tmpfs (full after `size`), read-only if asked; unmounted afterwards."""
    need_mount()
    folder.mkdir(parents=True, exist_ok=True)
    assert _mount("-t", "tmpfs", "-o", f"size={size}" + (",ro" if readonly else ""), "tmpfs", str(folder))
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)


@contextmanager
def read_only(path: Path):
    """A file or folder made read-only in place (a read-only bind mount over itself), writable again after."""
    need_mount()
    assert _mount("--bind", str(path), str(path))
    try:
        assert _mount("-o", "remount,bind,ro", str(path))
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], capture_output=True)


def wait_for(check, timeout: float = 60, step: float = 0.05, what: str = ""):
    deadline = time.time() + timeout
    while time.time() < deadline:
        v = check()
        if v:
            return v
        time.sleep(step)
    raise TimeoutError(f"waited {timeout:.0f} s for {what or check}")


# -- the tried / held table ------------------------------------------------------------------------------------

_results: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    for suite in ("hostile", "fault"):
        mark = item.get_closest_marker(suite)
        if mark and mark.args and (rep.when == "call" or (rep.when == "setup" and rep.failed)):
            counts = _results[(suite, mark.args[0])]
            counts[0] += 1
            counts[1] += rep.passed


def pytest_terminal_summary(terminalreporter):
    if not _results:
        return
    tr = terminalreporter
    tr.section("hostile input and faults: tried / held per class")
    for (suite, cls), (tried, held) in sorted(_results.items()):
        tr.write_line(f"{suite:<8} {cls:<28} {tried:>4} tried  {held:>4} held")
    tried = sum(v[0] for v in _results.values())
    held = sum(v[1] for v in _results.values())
    tr.write_line(f"{'all':<37} {tried:>4} tried  {held:>4} held")
