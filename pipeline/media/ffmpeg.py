"""Finding and running ffmpeg. Nothing here runs at import time."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections import deque
from collections.abc import Callable
from functools import lru_cache

from pipeline.errors import RenderError


@lru_cache(maxsize=1)
def ffmpeg_exe() -> str:
    """GENVIDEO_FFMPEG, else the binary bundled in imageio-ffmpeg, else ffmpeg on PATH."""
    env = os.environ.get("GENVIDEO_FFMPEG")
    if env:
        return env
    try:
        import imageio_ffmpeg

        return imageio_ffmpeg.get_ffmpeg_exe()
    except Exception:  # noqa: BLE001 - fall through to PATH
        found = shutil.which("ffmpeg")
        if found:
            return found
    raise RenderError("ffmpeg not found: install genvideo's dependencies (imageio-ffmpeg) or set GENVIDEO_FFMPEG")


def run_ffmpeg(args: list[str], *, cwd: str | None = None, what: str = "ffmpeg",
               progress: Callable[[float], None] | None = None, duration_s: float | None = None) -> str:
    """Run ffmpeg with args; returns stderr. Raises RenderError with the stderr tail on failure.

    With `progress` and `duration_s`, calls progress(fraction) as ffmpeg reports output time.
    """
    argv = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-y", *args]
    if progress is not None and duration_s:
        argv[1:1] = ["-progress", "pipe:1", "-nostats"]
        proc = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                encoding="utf-8", errors="replace")
        tail: deque[str] = deque(maxlen=40)
        import threading

        def drain():
            for line in proc.stderr:  # type: ignore[union-attr]
                tail.append(line)

        t = threading.Thread(target=drain, daemon=True)
        t.start()
        for line in proc.stdout:  # type: ignore[union-attr]
            if line.startswith("out_time_us="):
                try:
                    us = int(line.split("=", 1)[1])
                except ValueError:
                    continue
                progress(min(1.0, max(0.0, us / 1e6 / duration_s)))
        proc.wait()
        t.join()
        err = "".join(tail)
        code = proc.returncode
    else:
        res = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, encoding="utf-8", errors="replace")
        err, code = res.stderr, res.returncode
    if code != 0:
        tail_text = "\n".join(err.strip().splitlines()[-15:])
        raise RenderError(f"{what} failed (exit {code})", argv=argv, stderr_tail=tail_text)
    return err
