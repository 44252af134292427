"""Guards that make, batch and the studio share: folder locks (held while a run folder is being made, released
by the kernel when its process dies, kill -9 included), the sweep of partial run folders whose maker died,
worker processes that die with their parent, spreadsheet-safe CSV cells and server paths kept out of messages.

Locks are `flock` on the folder itself (no lock files to go stale). Where flock does not exist (Windows) they are
no-ops, and the sweep leaves partial folders alone, since it cannot tell a dead maker from a live one."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None

PARTIAL = ".partial"          # a run folder being made is ".<name>.partial" beside where it will be


def partial_path(final_dir: Path) -> Path:
    return final_dir.parent / f".{final_dir.name}{PARTIAL}"


NO_LOCK = -1         # what lock_folder gives where folders cannot be locked (no flock, or a filesystem without it)


def _flock(fd: int, wait: bool) -> bool | None:
    """Lock fd: True when locked, False when another process holds it, None when this filesystem cannot lock."""
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        return True
    except BlockingIOError:
        return False
    except OSError:          # e.g. some network filesystems: no locks, so no sweeping either (see is_stale)
        return None


def lock_folder(folder: Path, wait: bool = True) -> int | None:
    """Hold an exclusive lock on a folder: a descriptor to release(), or None when wait is False and another
    process holds it. The kernel releases it when the process ends, however it ends."""
    if fcntl is None:  # pragma: no cover - Windows
        return NO_LOCK
    fd = os.open(folder, os.O_RDONLY)
    try:
        got = _flock(fd, wait)
    except BaseException:
        os.close(fd)
        raise
    if got is False:
        os.close(fd)
        return None
    return fd


def release(fd: int | None) -> None:
    if fd is not None and fd != NO_LOCK:
        os.close(fd)


@contextmanager
def locked(folder: Path, on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    """The folder locked for the duration; on_wait() is called once if another process holds it first."""
    fd = lock_folder(folder, wait=False)
    if fd is None:
        if on_wait:
            on_wait()
        fd = lock_folder(folder, wait=True)
    try:
        yield
    finally:
        release(fd)


def is_stale(partial: Path) -> bool:
    """A partial folder whose maker is gone: nobody holds its lock (never true where locks do not work)."""
    if fcntl is None:  # pragma: no cover - no way to tell
        return False
    try:
        fd = os.open(partial, os.O_RDONLY)
    except OSError:
        return False
    try:
        return _flock(fd, wait=False) is True
    finally:
        os.close(fd)


def sweep_partials(parent: Path) -> list[Path]:
    """Remove the partial run folders in parent whose maker died (a killed make, batch or studio job)."""
    removed = []
    try:
        entries = list(parent.iterdir())
    except OSError:
        return removed
    for p in entries:
        if p.name.startswith(".") and p.name.endswith(PARTIAL) and p.is_dir() and not p.is_symlink() \
                and is_stale(p):
            shutil.rmtree(p, ignore_errors=True)
            removed.append(p)
    return removed


def die_with_parent(parent_pid: int) -> None:
    """In a worker process: be killed when the process that started it dies (Linux's parent-death signal),
    so a killed `genvideo batch` leaves no workers rendering behind it."""
    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        PR_SET_PDEATHSIG = 1
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent_pid:     # the parent died before the signal was armed
        os._exit(1)


CSV_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> object:
    """A CSV cell a spreadsheet shows as text: strings starting like a formula (= + - @) get a leading quote."""
    if isinstance(value, str) and value.startswith(CSV_FORMULA_START):
        return "'" + value
    return value


def hide_paths(text: str, roots: Iterable[Path]) -> str:
    """text with every absolute path under roots written relative to its root (server paths stay private)."""
    for root in roots:
        for form in {str(root), str(Path(root).resolve())}:
            text = text.replace(form.rstrip("/") + "/", "")
    return text

