"""The recording clips are cut from: probed once (PyAV, no decoding beyond the first frame), refused with the
path, what is wrong and the fix when it cannot be used.

Handled, with a note: a rotation flag (phone recordings: ffmpeg turns the picture upright, and every size here is
the upright one), a variable frame rate (clips are rendered at a constant 30 fps), a file cut short (only what
decodes is used). Refused (InputError, exit 2): a folder, a missing or empty file, a file that is not a video, a
file with no sound, a file with sound but no picture (an audio-only file: clips are pictures)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from pipeline.errors import InputError
from pipeline.media.clips import packet_pts

FINGERPRINT_BYTES = 1 << 20      # the first and last MiB of a file, with its size, identify it for the cache


@dataclass(frozen=True)
class Source:
    """A usable recording. width/height are upright (after the rotation flag)."""

    path: Path
    duration_s: float
    width: int
    height: int
    fps: float
    vfr: bool
    rotation: int
    audio_rate: int
    fingerprint: str
    notes: tuple[str, ...] = field(default=())

    @property
    def aspect(self) -> float:
        return self.width / self.height


def _refuse(path: Path, why: str, fix: str) -> InputError:
    return InputError(f"{path}: {why}; {fix}")


def fingerprint(path: Path) -> str:
    """Size, first and last MiB of the file: what the transcript cache is keyed on (a 4-hour file is not read
    twice just to name it)."""
    h = hashlib.sha256()
    size = path.stat().st_size
    h.update(str(size).encode())
    with open(path, "rb") as f:
        h.update(f.read(FINGERPRINT_BYTES))
        if size > 2 * FINGERPRINT_BYTES:
            f.seek(-FINGERPRINT_BYTES, 2)
            h.update(f.read(FINGERPRINT_BYTES))
    return h.hexdigest()[:24]


def open_source(path: str | Path) -> Source:
    """Probe a recording; raises InputError naming the file, what is wrong and how to fix it."""
    import av

    path = Path(path)
    if path.is_dir():
        raise _refuse(path, "is a folder", "pass one recording (an MP4, MOV, MKV or FLV file); to cut several, run "
                                           "`genvideo clips` once per file")
    if not path.exists():
        raise _refuse(path, "no such file", "check the path")
    if path.stat().st_size == 0:
        raise _refuse(path, "is an empty file (0 bytes)", "copy the recording again")
    try:
        with av.open(str(path)) as c:
            if not c.streams.audio:
                if not c.streams.video:
                    raise _refuse(path, "holds neither sound nor picture", "pass a video recording with its sound")
                raise _refuse(path, "has no sound track", "clips are cut where the host speaks: pass the recording "
                                                          "with its sound")
            if not c.streams.video:
                raise _refuse(path, "is audio only (no picture)", "pass the video recording; clips show the host")
            v, a = c.streams.video[0], c.streams.audio[0]
            tb = float(v.time_base) if v.time_base else 1e-3
            duration = float(c.duration / 1e6) if c.duration else (float(v.duration * tb) if v.duration else 0.0)
            pts = packet_pts(c, v)
            first = next(c.decode(video=0), None)
            w, h = v.codec_context.width, v.codec_context.height
            avg = float(v.average_rate) if v.average_rate else 0.0
            rate = a.codec_context.sample_rate or 0
    except InputError:
        raise
    except Exception as e:  # noqa: BLE001 - PyAV raises many kinds for broken files
        why = getattr(e, "strerror", None) or str(e)[:120]
        raise _refuse(path, f"is not a readable video ({why})",
                      "pass an MP4, MOV, MKV or FLV recording; if it was cut short or damaged, export it again") from None
    if first is None or not pts or not w or not h:
        raise _refuse(path, "has no picture that decodes", "export the recording again")
    rotation = int(round(getattr(first, "rotation", 0) or 0)) % 360
    if rotation in (90, 270):
        w, h = h, w
    steps = np.diff(np.sort(np.asarray(pts, np.int64)))
    steps = steps[steps > 0]
    vfr, fps = False, avg
    if steps.size >= 4:
        med = float(np.median(steps))
        vfr = float(np.mean(np.abs(steps - med) > med * 0.1)) > 0.02
        fps = fps or 1.0 / (med * tb)
    if duration <= 0:
        raise _refuse(path, "has no length", "export the recording again")
    notes = []
    if rotation:
        notes.append(f"the recording is stored turned {rotation} degrees; clips are cut from it upright ({w}x{h})")
    if vfr:
        notes.append(f"the recording has a variable frame rate (about {fps:.0f} fps on average); clips are rendered "
                     "at a constant 30 fps")
    return Source(path=path.resolve(), duration_s=duration, width=w, height=h, fps=round(fps, 3), vfr=vfr,
                  rotation=rotation, audio_rate=rate, fingerprint=fingerprint(path), notes=tuple(notes))
