"""The user's video clips: probed (PyAV), then sampled once at low resolution (ffmpeg) to find their good parts.

What planning needs from a clip is small and pure data (ClipInfo): its upright size, length, frame-rate and
colour facts, and per sample (8 a second) how much moves, how sharp it is, whether it is usable (not black,
not frozen) and where the subject is. Planning then picks, per shot, the stretch to show, its speed and how to
frame it, without touching the file again.

Bad clips are refused with the field, the file and the fix: unreadable or corrupt, no video stream, empty,
too little usable picture. Phone quirks are handled: a rotation flag (ffmpeg turns the picture upright), a
variable frame rate (the render samples it at a constant 30 fps), 10-bit or HDR (PQ/HLG) footage (tone-mapped
to BT.709 SDR in the render).
"""

from __future__ import annotations

import hashlib
import json
import subprocess
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from pipeline.errors import AssetError
from pipeline.media.ffmpeg import ffmpeg_exe
from pipeline.media.regions import box_blur

CLIP_SUFFIXES = (".mp4", ".mov", ".m4v", ".webm", ".mkv")
SAMPLE_FPS = 8                 # analysis samples per second
SAMPLE_LONG_SIDE = 192         # analysis frames: this many pixels on the long side
MAX_ANALYSED_S = 120.0         # longer clips: only their first two minutes are used
MIN_USABLE_S = 0.5
HDR_TRANSFERS = {16: "smpte2084", 18: "arib-std-b67"}   # AVColorTransferCharacteristic -> zscale name
ANALYSIS_VERSION = 1


def packet_pts(container, stream, most: int = 600) -> list[int]:
    """The first `most` packet timestamps of a video stream (demuxed, not decoded); the container is rewound."""
    pts = []
    for pkt in container.demux(stream):
        if pkt.pts is not None:
            pts.append(pkt.pts)
        if len(pts) >= most:
            break
    container.seek(0)
    return pts

def is_clip(path: str | Path) -> bool:
    """Whether a media path names a video clip (by its suffix) rather than a photo."""
    return Path(path).suffix.lower() in CLIP_SUFFIXES


@dataclass(frozen=True)
class ClipInfo:
    """A clip's facts and its sampled analysis. Sizes are upright (after the rotation flag)."""

    path: str
    width: int
    height: int
    duration_s: float
    fps: float
    vfr: bool
    rotation: int
    bit_depth: int
    transfer: str | None                       # zscale transfer name of HDR footage, else None
    has_audio: bool
    times: tuple[float, ...] = ()              # sample times (s)
    motion: tuple[float, ...] = ()             # mean absolute change from the previous sample (0..1)
    sharpness: tuple[float, ...] = ()          # Laplacian energy (relative)
    usable: tuple[bool, ...] = ()              # not black, not frozen
    subject: tuple[tuple[float, float, float, float], ...] = ()   # per sample: subject box, fractions
    notes: tuple[str, ...] = field(default=())

    @property
    def hdr(self) -> bool:
        return self.transfer is not None

    @property
    def usable_s(self) -> float:
        return sum(self.usable) / SAMPLE_FPS

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> ClipInfo:
        d = json.loads(text)
        for k in ("times", "motion", "sharpness", "usable", "notes"):
            d[k] = tuple(d[k])
        d["subject"] = tuple(tuple(b) for b in d["subject"])
        return cls(**d)


def _refuse(field_name: str, path: Path, why: str, fix: str) -> AssetError:
    return AssetError(f"{field_name}: clip {str(path)!r} {why}; {fix}")


def probe_clip(path: str | Path, field_name: str) -> ClipInfo:
    """The clip's stream facts (no analysis yet). Raises AssetError naming the brief field on a bad file."""
    import av

    path = Path(path)
    if not path.exists():
        raise AssetError(f"{field_name}: clip {str(path)!r} not found; fix the path (relative paths start at the "
                         "brief's folder)")
    if path.stat().st_size == 0:
        raise _refuse(field_name, path, "is an empty file (0 bytes)", "copy the clip again from the phone or editor")
    try:
        with av.open(str(path)) as c:
            if not c.streams.video:
                raise _refuse(field_name, path, "has no video stream", "give a video file (MP4, MOV or WebM)")
            v = c.streams.video[0]
            cc = v.codec_context
            tb = float(v.time_base) if v.time_base else 1e-3
            avg = float(v.average_rate) if v.average_rate else 0.0
            has_audio = bool(c.streams.audio)
            if v.duration and v.time_base:
                duration = float(v.duration * v.time_base)
            else:
                duration = float(c.duration / 1e6) if c.duration else 0.0
            # frame timing from the packets (no decoding): a variable frame rate shows as uneven steps
            pts = packet_pts(c, v)
            first = None
            for frame in c.decode(video=0):
                first = frame
                break
            fmt = cc.pix_fmt or ""
            trc = int(cc.color_trc or 0)
            w, h = cc.width, cc.height
    except AssetError:
        raise
    except Exception as e:  # noqa: BLE001 - PyAV raises many kinds for broken files
        raise _refuse(field_name, path, f"is not a readable video ({type(e).__name__}: {e})",
                      "use an MP4, MOV or WebM file; re-export it if it was cut short") from None
    if first is None or len(pts) == 0:
        raise _refuse(field_name, path, "has no frames", "use a clip with picture in it")
    if duration <= 0 and len(pts) > 1:
        duration = float((max(pts) - min(pts)) * tb)
    if duration <= 0.05:
        raise _refuse(field_name, path, f"is {duration:.2f} s long", "use a clip of at least 1 s")
    turn = getattr(first, "rotation", None)          # PyAV 13+; older ones: what ffmpeg itself reports
    rotation = int(round(turn if turn is not None else _ffmpeg_rotation(path))) % 360
    if rotation in (90, 270):
        w, h = h, w
    steps = np.diff(np.sort(np.asarray(pts, np.int64)))
    steps = steps[steps > 0]
    vfr = False
    fps = avg
    if steps.size >= 4:
        med = float(np.median(steps))
        vfr = float(np.mean(np.abs(steps - med) > med * 0.1)) > 0.02
        if not fps:
            fps = 1.0 / (med * tb)
    depth = 12 if "12" in fmt else 10 if "10" in fmt else 8
    notes = []
    if rotation:
        notes.append(f"{field_name}: clip is stored turned {rotation} degrees; shown upright")
    if vfr:
        notes.append(f"{field_name}: clip has a variable frame rate (about {fps:.0f} fps on average); "
                     "sampled at a constant 30 fps")
    transfer = HDR_TRANSFERS.get(trc)
    if transfer:
        notes.append(f"{field_name}: clip is {depth}-bit HDR ({'PQ' if trc == 16 else 'HLG'}); tone-mapped to BT.709 SDR")
    elif depth > 8:
        notes.append(f"{field_name}: clip is {depth}-bit; converted to 8-bit BT.709")
    if has_audio:
        notes.append(f"{field_name}: the clip's own sound is left out (the ad's voice and music play over it)")
    return ClipInfo(path=str(path), width=w, height=h, duration_s=round(duration, 3), fps=round(fps, 3), vfr=vfr,
                    rotation=rotation, bit_depth=depth, transfer=transfer, has_audio=has_audio, notes=tuple(notes))


def _decode_samples(info: ClipInfo, field_name: str) -> np.ndarray:
    """Frames [n, h, w, 3] uint8 at SAMPLE_FPS, upright, long side SAMPLE_LONG_SIDE."""
    k = SAMPLE_LONG_SIDE / max(info.width, info.height)
    w = max(8, round(info.width * k / 2) * 2)
    h = max(8, round(info.height * k / 2) * 2)
    limit = min(info.duration_s, MAX_ANALYSED_S)
    res = subprocess.run([ffmpeg_exe(), "-v", "error", "-t", f"{limit:.3f}", "-i", info.path, "-an", "-sn", "-dn",
                          "-vf", f"fps={SAMPLE_FPS},scale={w}:{h}:flags=area", "-f", "rawvideo", "-pix_fmt", "rgb24",
                          "-"], capture_output=True)
    n = len(res.stdout) // (w * h * 3)
    if res.returncode != 0 and n == 0:
        tail = res.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no picture"]
        raise _refuse(field_name, Path(info.path), f"could not be decoded ({tail[0]})",
                      "re-export it from the phone or editor as H.264 MP4")
    return np.frombuffer(res.stdout[: n * w * h * 3], np.uint8).reshape(n, h, w, 3)


def _ffmpeg_rotation(path: Path) -> float:
    """The display-matrix rotation ffmpeg reads from a file's header (degrees; 0 when there is none)."""
    import re

    res = subprocess.run([ffmpeg_exe(), "-hide_banner", "-i", str(path)], capture_output=True, text=True,
                         encoding="utf-8", errors="replace")
    m = re.search(r"rotation of (-?\d+(?:\.\d+)?) degrees", res.stderr)
    return float(m.group(1)) if m else 0.0


def analyse(info: ClipInfo, field_name: str) -> ClipInfo:
    """Sample the clip and measure, per sample: motion, sharpness, usability and the subject's box."""
    frames = _decode_samples(info, field_name)
    n = len(frames)
    if n == 0:
        raise _refuse(field_name, Path(info.path), "has no decodable picture", "use a clip with picture in it")
    rgb = frames.astype(np.float32) / 255.0
    gray = rgb @ np.array([0.2126, 0.7152, 0.0722], np.float32)
    h, w = gray.shape[1:]
    diffs = np.abs(np.diff(gray, axis=0))
    motion = np.concatenate([diffs[:1].mean(axis=(1, 2)) if n > 1 else [0.0], diffs.mean(axis=(1, 2))])
    lap = np.abs(4 * gray[:, 1:-1, 1:-1] - gray[:, :-2, 1:-1] - gray[:, 2:, 1:-1] - gray[:, 1:-1, :-2] - gray[:, 1:-1, 2:])
    sharp = lap.mean(axis=(1, 2))
    mean = gray.mean(axis=(1, 2))
    p95 = np.percentile(gray.reshape(n, -1), 95, axis=1)
    black = (mean < 0.06) & (p95 < 0.14)
    # frozen: no change from the sample before or after (encoders repeat a held frame exactly)
    still = motion < 0.0015
    frozen = still & np.concatenate([still[1:], [True]]) if n > 1 else still
    usable = ~black & ~frozen & (sharp > 0.002)
    k = max(3, min(h, w) // 8) | 1
    boxes = []
    for i in range(n):
        border = np.concatenate([rgb[i, 0], rgb[i, -1], rgb[i, :, 0], rgb[i, :, -1]])
        far = np.linalg.norm(rgb[i] - np.median(border, axis=0), axis=2)
        gy, gx = np.gradient(gray[i])
        moving = np.abs(gray[i] - gray[i - 1]) if i else (np.abs(gray[1] - gray[0]) if n > 1 else 0 * gray[0])
        # what moves counts most (the subject of a clip is usually what moves), then edges and colour
        maps = [box_blur(m, k) for m in (moving, np.hypot(gx, gy), far)]
        sal = sum(wt * m / (float(m.max()) + 1e-6) for wt, m in zip((0.6, 0.2, 0.2), maps))
        boxes.append(_subject_box(sal))
    boxes = _smooth_boxes(boxes)
    usable_s = float(usable.sum()) / SAMPLE_FPS
    if usable_s < MIN_USABLE_S:
        raise _refuse(field_name, Path(info.path), f"has only {usable_s:.1f} s of usable picture (the rest is black "
                      "or frozen)", "use a clip with at least 1 s of moving picture")
    notes = list(info.notes)
    if info.duration_s > MAX_ANALYSED_S:
        notes.append(f"{field_name}: only the clip's first {MAX_ANALYSED_S:.0f} s are used")
    return ClipInfo(**{**asdict(info), "times": tuple(round(i / SAMPLE_FPS, 4) for i in range(n)),
                       "motion": tuple(round(float(x), 5) for x in motion),
                       "sharpness": tuple(round(float(x), 5) for x in sharp),
                       "usable": tuple(bool(x) for x in usable), "subject": tuple(boxes), "notes": tuple(notes)})


def _subject_box(sal: np.ndarray) -> tuple[float, float, float, float]:
    """Box (fractions) holding the salient mass: the 10-90% extent of the saliency above its 80th percentile."""
    h, w = sal.shape
    mask = sal >= np.percentile(sal, 80)
    ys, xs = np.nonzero(mask)
    if xs.size == 0:
        return (0.25, 0.25, 0.75, 0.75)
    weights = sal[ys, xs]

    def q(v: np.ndarray, p: float) -> float:
        order = np.argsort(v)
        cw = np.cumsum(weights[order])
        return float(v[order][np.searchsorted(cw, cw[-1] * p)])

    x0, x1 = q(xs, 0.1) / w, (q(xs, 0.9) + 1) / w
    y0, y1 = q(ys, 0.1) / h, (q(ys, 0.9) + 1) / h
    return (round(x0, 4), round(y0, 4), round(x1, 4), round(y1, 4))


def _smooth_boxes(boxes: list[tuple[float, float, float, float]]) -> list[tuple[float, float, float, float]]:
    """Median over 5 samples: the subject box follows the subject, not one noisy frame."""
    a = np.asarray(boxes, np.float32)
    out = []
    for i in range(len(a)):
        win = a[max(0, i - 2):i + 3]
        out.append(tuple(round(float(v), 4) for v in np.median(win, axis=0)))
    return out


def load_clip(path: str | Path, field_name: str, cache_dir: Path | None = None) -> ClipInfo:
    """Probe and analyse a clip, reusing the analysis cached for the same file (path, size, mtime)."""
    path = Path(path)
    info = probe_clip(path, field_name)
    st = path.stat()
    key = hashlib.sha256(f"{ANALYSIS_VERSION}|{path}|{st.st_size}|{st.st_mtime_ns}|{field_name}".encode()).hexdigest()[:24]
    cached = cache_dir / f"{key}.json" if cache_dir else None
    if cached and cached.exists():
        try:
            return ClipInfo.from_json(cached.read_text(encoding="utf-8"))
        except (ValueError, TypeError, KeyError):
            pass
    info = analyse(info, field_name)
    if cached:
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_name(f".{cached.name}.tmp")
        tmp.write_text(info.to_json(), encoding="utf-8")
        tmp.replace(cached)
    return info
