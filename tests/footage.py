"""Real video clips made for the tests and benchmarks: a moving subject on a textured ground, shot at 60 fps,
with the faults phones produce (a black start, a frozen end, a variable frame rate, a rotation flag, 10-bit HDR).

Frames come from ffmpeg's own sources and filters (no frame loop in Python), so a 1920x1080 60 fps clip of a few
seconds takes a second or two to make.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

from pipeline.media.ffmpeg import ffmpeg_exe


def _ground(path: Path, size: tuple[int, int], seed: int = 3) -> Path:
    """A textured ground (soft colour blobs plus fine noise): enough detail for correlations to mean something."""
    w, h = size
    rng = np.random.default_rng(seed)
    small = rng.integers(40, 200, (9, 16, 3), dtype=np.uint8)
    img = Image.fromarray(small, "RGB").resize((w, h), Image.Resampling.BICUBIC)
    noise = rng.integers(-18, 18, (h, w, 1))
    arr = np.clip(np.asarray(img).astype(int) + noise, 0, 255).astype(np.uint8)
    Image.fromarray(arr, "RGB").save(path, compress_level=1)
    return path


def _subject(path: Path, d: int) -> Path:
    """The subject: a disc in segments of red, white and dark blue (its turn and place are easy to see)."""
    img = Image.new("RGBA", (d, d), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    colours = [(220, 30, 40, 255), (245, 245, 245, 255), (20, 40, 120, 255)]
    for k in range(12):
        draw.pieslice((0, 0, d - 1, d - 1), k * 30, (k + 1) * 30, fill=colours[k % 3])
    draw.ellipse((d * 0.38, d * 0.38, d * 0.62, d * 0.62), fill=(250, 200, 30, 255))
    img.save(path)
    return path


def make_clip(path: Path, *, size: tuple[int, int] = (1920, 1080), fps: int = 60, seconds: float = 4.0,
              black_s: float = 0.5, frozen_s: float = 0.8, sound: bool = True, vfr: bool = False,
              rotate: int = 0, hdr: bool = False) -> Path:
    """Write an H.264 MP4 of a disc crossing a textured ground (left to right, bobbing), `size` as displayed.

    black_s: black frames at the start; frozen_s: the last frame held at the end; vfr: every 4th and 7th frame
    dropped with their timestamps kept (a variable frame rate, as phones record when busy); rotate: stored
    turned by this many degrees with a display-rotation flag that turns it back (phones record portrait this
    way); hdr: 10-bit BT.2020 PQ."""
    path = Path(path)
    w, h = size
    work = path.parent
    ground = _ground(work / f".{path.stem}-ground.png", (w + w // 4, h))
    d = min(w, h) // 3
    subject = _subject(work / f".{path.stem}-subject.png", d)
    move = max(0.1, seconds - black_s - frozen_s)
    # the camera pans over the ground while the disc crosses it
    x = f"{w * 0.05:.0f}+{w * 0.7:.0f}*min(1\\,max(0\\,(t-{black_s})/{move:.3f}))"
    y = f"{h / 2 - d / 2:.0f}+{h * 0.15:.0f}*sin(t*3)"
    pan = f"{w // 4}*min(1\\,t/{seconds:.3f})"
    n = round(seconds * fps)
    # each still is decoded once and repeated in memory (an image input looped by the demuxer is decoded again
    # for every frame)
    still = f"loop=loop={n}:size=1,setpts=N/{fps}/TB"
    chain = (f"[0:v]{still},fps={fps},crop={w}:{h}:x='{pan}':y=0[g];"
             f"[1:v]{still},rotate=a='t*2':c=none:ow=iw:oh=ih[s];"
             f"[g][s]overlay=x='{x}':y='{y}':format=auto[m];"
             f"[m]drawbox=color=black:t=fill:enable='lt(t\\,{black_s})',"
             f"trim=duration={seconds - frozen_s:.3f},tpad=stop_mode=clone:stop_duration={frozen_s:.3f}")
    if vfr:
        chain += ",select='not(eq(mod(n\\,4)\\,3)+eq(mod(n\\,7)\\,5))'"
    if rotate == 90:
        chain += ",transpose=clock"
    elif rotate == 270:
        chain += ",transpose=cclock"
    elif rotate == 180:
        chain += ",hflip,vflip"
    if hdr:
        chain += ",format=yuv420p10le,setparams=color_primaries=bt2020:color_trc=smpte2084:colorspace=bt2020nc:range=tv"
    else:
        chain += ",format=yuv420p"
    chain += "[v]"
    args = [ffmpeg_exe(), "-v", "error", "-y", "-i", str(ground), "-i", str(subject)]
    if sound:
        args += ["-f", "lavfi", "-t", f"{seconds:.3f}", "-i", "sine=frequency=330:sample_rate=48000"]
    args += ["-filter_complex", chain, "-map", "[v]"]
    if sound:
        args += ["-map", "2:a", "-c:a", "aac", "-b:a", "96k"]
    args += ["-c:v", "libx264", "-preset", "ultrafast", "-crf", "18"]
    args += ["-fps_mode", "vfr", "-enc_time_base:v", f"1/{fps * 100}"] if vfr else ["-r", str(fps)]
    rotated = rotate in (90, 180, 270)
    out = path.with_name(f".{path.stem}-stored.mp4") if rotated else path
    subprocess.run(args + [str(out)], check=True, capture_output=True)
    if rotated:
        # the display matrix turns the stored picture back upright (counter-clockwise degrees)
        subprocess.run([ffmpeg_exe(), "-v", "error", "-y", "-display_rotation", str(rotate), "-i", str(out),
                        "-c", "copy", str(path)], check=True, capture_output=True)
        out.unlink()
    ground.unlink()
    subject.unlink()
    return path


def make_product_clip(path: Path, photo: Path, *, size: tuple[int, int] = (1920, 1080), fps: int = 60,
                      seconds: float = 5.0, black_s: float = 0.4, frozen_s: float = 0.8, rotate: int = 0) -> Path:
    """A handheld-looking clip of a product photo: the camera drifts and pushes in with a little shake, after a
    black start and before a frozen end (what a phone clip of the product looks like, for the benchmarks)."""
    path = Path(path)
    w, h = size
    big = path.parent / f".{path.stem}-big.png"
    src = Image.open(photo).convert("RGB")
    k = max(w * 1.35 / src.width, h * 1.35 / src.height)
    src.resize((round(src.width * k), round(src.height * k)), Image.Resampling.BICUBIC).save(big, compress_level=1)
    move = seconds - black_s - frozen_s
    p = f"min(1\\,max(0\\,(t-{black_s})/{move:.3f}))"
    x = f"(iw-{w})*(0.15+0.6*{p})+9*sin(t*7)"
    y = f"(ih-{h})*(0.6-0.3*{p})+7*sin(t*5.3)"
    n = round(seconds * fps)
    chain = (f"[0:v]loop=loop={n}:size=1,setpts=N/{fps}/TB,crop={w}:{h}:x='{x}':y='{y}',"
             f"drawbox=color=black:t=fill:enable='lt(t\\,{black_s})',"
             f"trim=duration={seconds - frozen_s:.3f},tpad=stop_mode=clone:stop_duration={frozen_s:.3f}")
    if rotate == 90:
        chain += ",transpose=clock"
    chain += ",format=yuv420p[v]"
    stored = path.with_name(f".{path.stem}-stored.mp4") if rotate else path
    subprocess.run([ffmpeg_exe(), "-v", "error", "-y", "-i", str(big), "-f", "lavfi", "-t", f"{seconds:.3f}",
                    "-i", "anoisesrc=a=0.05:r=48000",
                    "-filter_complex", chain, "-map", "[v]", "-map", "1:a", "-c:v", "libx264", "-preset", "ultrafast",
                    "-crf", "20", "-c:a", "aac", "-b:a", "64k", "-r", str(fps), str(stored)],
                   check=True, capture_output=True)
    if rotate:
        subprocess.run([ffmpeg_exe(), "-v", "error", "-y", "-display_rotation", str(rotate), "-i", str(stored),
                        "-c", "copy", str(path)], check=True, capture_output=True)
        stored.unlink()
    big.unlink()
    return path


def make_bottle_photo(path: Path, size: tuple[int, int] = (1200, 1500), word: str = "HYDRA") -> Path:
    """A packshot: a steel bottle with a printed logo on a light studio ground (a product with text on it, for
    checking that nothing is laid over the product or its logo)."""
    w, h = size
    yy = np.linspace(0, 1, h)[:, None, None]
    ground = (np.array([236, 238, 242]) * (1 - 0.08 * yy)).astype(np.uint8).repeat(w, axis=1)
    img = Image.fromarray(ground, "RGB")
    draw = ImageDraw.Draw(img)
    bw, bh = int(w * 0.36), int(h * 0.66)
    x0, y0 = (w - bw) // 2, int(h * 0.2)
    # shaded steel body: a horizontal gradient, a cap and a soft shadow
    body = np.linspace(0, 1, bw)
    shade = (70 + 150 * np.exp(-((body - 0.35) ** 2) / 0.03) + 20 * body).clip(0, 255)
    steel = np.stack([shade * 0.95, shade, shade * 1.05], axis=1).clip(0, 255).astype(np.uint8)
    img.paste(Image.fromarray(np.repeat(steel[None], bh, axis=0), "RGB"), (x0, y0))
    draw.ellipse((x0 - 10, y0 + bh - 30, x0 + bw + 10, y0 + bh + 40), fill=(205, 207, 212))
    draw.rounded_rectangle((x0 + bw * 0.18, y0 - h * 0.08, x0 + bw * 0.82, y0 + 10), radius=18, fill=(30, 34, 40))
    from pipeline.media.fonts import pil_font

    font = pil_font(int(bw * 0.2))
    tw = draw.textlength(word, font=font)
    draw.text((x0 + (bw - tw) / 2, y0 + bh * 0.42), word, font=font, fill=(20, 60, 140))
    small = pil_font(int(bw * 0.07))
    sub = "STEEL · 750 ML"
    draw.text((x0 + (bw - draw.textlength(sub, font=small)) / 2, y0 + bh * 0.42 + bw * 0.26), sub, font=small,
              fill=(20, 30, 50))
    img.save(path)
    return path
