"""A live-selling recording made from nothing but the project's own voices and public-domain pictures, with the
truth known: when each sentence is said, where the host's face is on every frame, when the product is shown.

The host is scikit-image's astronaut photo (public domain) gliding across a 1920x1080 room and back; the product
photo (the bundled coffee sample) is cut in full-frame while chosen sentences are said. ffmpeg draws it all in
one pass (overlay expressions in t); the truth is the same expressions evaluated in Python."""

from __future__ import annotations

import hashlib
import math
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

ROOT = Path(__file__).resolve().parents[2]
PRODUCT_PHOTO = ROOT / "assets" / "samples" / "coffee" / "images" / "coffee.png"
RATE = 48000
FACE_PX = 560              # the astronaut picture's side on the 1920x1080 frame

EN_PITCH = [
    ("Hey everyone, welcome back to the live stream.", 0.9),
    ("It's a rainy day here, so grab a coffee and hang out with me.", 1.2),
    ("Give me a second while more people join.", 1.6),
    ("Okay, today I have something really cool for you.", 0.8),
    ("Someone in the chat asked, do they fall out when you run?", 0.9),
    ("No, they stay put through a whole workout, and they are sweat resistant.", 0.9),
    ("These earbuds even cure headaches.", 0.8),
    ("The Pulse Mini Earbuds are only $49 today.", 0.7),
    ("You also get twenty percent off during launch week.", 0.8),
    ("Active noise cancelling blocks out the noise on the train.", 0.9),
    ("Tap the link below to grab yours.", 1.5),
    ("Alright, let me read the comments for a moment.", 1.3),
    ("I had pasta for lunch today, it was pretty good.", 1.0),
    ("The weather should clear up by the weekend, I hope.", 0.8),
]
EN_PRICE_LINE = 7
EN_CLAIM_LINE = 6
EN_PRODUCT_LINES = (7, 8)

ZH_PITCH = [
    ("大家好，欢迎来到直播间。", 0.9),
    ("今天外面有点热，大家记得多喝水。", 1.2),
    ("我们先聊聊天，等一等刚进来的朋友。", 1.6),
    ("好，今天给大家推荐一款冷萃咖啡。", 0.8),
    ("有朋友问，这个咖啡苦不苦？", 0.9),
    ("不苦，低温慢萃，口感特别顺滑。", 0.9),
    ("这是全网最好的咖啡。", 0.8),
    ("晨光冷萃咖啡，今天直播间只要五十九块九。", 0.7),
    ("首单立减十元，仅限今天。", 0.8),
    ("冷水热水，三秒就能溶解。", 0.9),
    ("喜欢的朋友点一下小黄车下单。", 1.5),
    ("好，我们看一下评论区。", 1.3),
    ("下午我要去健身房锻炼一下。", 1.0),
    ("今天的天气真的很不错。", 0.8),
]
ZH_PRICE_LINE = 7
ZH_CLAIM_LINE = 6
ZH_PRODUCT_LINES = (7, 8)


@dataclass
class Recording:
    path: Path
    lang: str
    lines: list[str]
    spans: list[tuple[float, float]]         # when each line's sound starts and ends (s)
    duration_s: float
    product_spans: list[tuple[float, float]]  # when the product photo fills the frame
    face_in_picture: tuple[float, float, float, float]   # the face's box inside the astronaut picture (px)
    x_range: tuple[float, float]
    period_s: float
    y0: float
    size: tuple[int, int] = (1920, 1080)
    fps: int = 30
    extra: dict = field(default_factory=dict)

    def picture_xy(self, t: float) -> tuple[float, float]:
        """Top-left of the astronaut picture at time t (the same formula as the overlay's expressions)."""
        x0, x1 = self.x_range
        x = x0 + (x1 - x0) * (0.5 - 0.5 * math.cos(2 * math.pi * t / self.period_s))
        y = self.y0 + 24 * math.sin(2 * math.pi * t / 5.0)
        return math.floor(x), math.floor(y)

    def face_box(self, t: float) -> tuple[float, float, float, float] | None:
        """The host's face on the frame at time t; None while the product photo fills the frame."""
        if any(a <= t < b for a, b in self.product_spans):
            return None
        x, y = self.picture_xy(t)
        fx0, fy0, fx1, fy1 = self.face_in_picture
        return x + fx0, y + fy0, x + fx1, y + fy1


def _ffmpeg() -> str:
    from pipeline.media.ffmpeg import ffmpeg_exe

    return ffmpeg_exe()


def _speech(lines: list[tuple[str, float]], lang: str, voice: str | None, cache: Path | None):
    """Each line said by the project's voice, at 48 kHz, trimmed to its sound (cached by text and voice)."""
    from pipeline.backends.registry import speak
    from pipeline.backends.tts.base import speech_bounds
    from pipeline.media.audio import resample

    out = []
    for text, _ in lines:
        key = hashlib.sha256(f"{lang}|{voice}|{text}".encode()).hexdigest()[:20]
        f = cache / f"{key}.npy" if cache else None
        if f is not None and f.exists():
            out.append(np.load(f))
            continue
        audio, rate, _, _ = speak(text, lang, voice)
        audio = resample(np.asarray(audio, np.float32), rate, RATE)
        a, b = speech_bounds(audio, RATE)
        audio = audio[a:b] * (0.6 / max(1e-6, float(np.abs(audio[a:b]).max())))
        if f is not None:
            f.parent.mkdir(parents=True, exist_ok=True)
            np.save(f, audio)
        out.append(audio)
    return out


def _background(path: Path, size: tuple[int, int], seed: int) -> None:
    """A plain live-room backdrop: a warm wall, a shelf with boxes, a soft lamp glow."""
    w, h = size
    rng = np.random.default_rng(seed)
    y = np.linspace(0, 1, h)[:, None, None]
    wall = np.array([196, 178, 160]) * (1 - 0.25 * y) + np.array([40, 30, 20]) * 0.25 * y
    img = np.broadcast_to(wall, (h, w, 3)).astype(np.float32).copy()
    img += rng.normal(0, 3, (h, w, 1))
    im = Image.fromarray(np.clip(img, 0, 255).astype(np.uint8))
    d = ImageDraw.Draw(im)
    d.rectangle([0, int(h * 0.78), w, h], fill=(120, 92, 70))                 # a desk
    for i in range(6):                                                         # a shelf of boxes at the back
        x = int(w * 0.06) + i * int(w * 0.15)
        d.rectangle([x, int(h * 0.12), x + int(w * 0.1), int(h * 0.2)], fill=(150 + 12 * i, 120, 110 - 8 * i))
    im = im.filter(ImageFilter.GaussianBlur(2))
    im.save(path)


def _host_picture(path: Path) -> tuple[float, float, float, float]:
    """The astronaut picture at FACE_PX, and where its face is (found once with OpenCV's frontal cascade)."""
    import cv2
    from skimage import data

    pic = Image.fromarray(data.astronaut()).resize((FACE_PX, FACE_PX), Image.Resampling.LANCZOS)
    pic.save(path)
    gray = cv2.cvtColor(np.asarray(pic), cv2.COLOR_RGB2GRAY)
    cascade = cv2.CascadeClassifier(cv2.data.haarcascades + "haarcascade_frontalface_default.xml")
    found = cascade.detectMultiScale(gray, 1.1, 5, minSize=(60, 60))
    assert len(found), "the astronaut's face should be found in her photo"
    x, y, w, h = min(found, key=lambda b: b[1])       # her face is the topmost (the other box is her collar)
    return float(x), float(y), float(x + w), float(y + h)


def _product_frame(path: Path, size: tuple[int, int]) -> None:
    w, h = size
    photo = Image.open(PRODUCT_PHOTO).convert("RGB")
    bg = photo.resize((w, h)).filter(ImageFilter.GaussianBlur(40))
    k = min(w * 0.8 / photo.width, h * 0.85 / photo.height)
    photo = photo.resize((round(photo.width * k), round(photo.height * k)), Image.Resampling.LANCZOS)
    bg.paste(photo, ((w - photo.width) // 2, (h - photo.height) // 2))
    bg.save(path)


def make_recording(out: Path, lines: list[tuple[str, float]], lang: str, product_lines: tuple[int, ...] = (),
                   voice: str | None = None, size: tuple[int, int] = (1920, 1080), fps: int = 30,
                   period_s: float = 18.0, seed: int = 0, cache: Path | None = None, crf: int = 30,
                   lead_s: float = 0.6, gop_s: float = 2.0) -> Recording:
    """Write the recording to out (MP4: H.264 + AAC) and return it with its truth."""
    from pipeline.media.audio import write_wav

    work = out.with_suffix(".parts")
    work.mkdir(parents=True, exist_ok=True)
    speech = _speech(lines, lang, voice, cache)
    pieces, spans, cursor = [np.zeros(int(lead_s * RATE), np.float32)], [], lead_s
    for audio, (_, pause) in zip(speech, lines):
        spans.append((cursor, cursor + audio.size / RATE))
        pieces += [audio, np.zeros(int(pause * RATE), np.float32)]
        cursor += audio.size / RATE + pause
    track = np.concatenate(pieces)
    duration = track.size / RATE
    write_wav(work / "speech.wav", track, RATE)
    w, h = size
    _background(work / "room.png", size, seed)
    face = _host_picture(work / "host.png")
    k = w / 1920
    if k != 1:
        img = Image.open(work / "host.png").resize((round(FACE_PX * k), round(FACE_PX * k)))
        img.save(work / "host.png")
        face = tuple(v * k for v in face)
    side = round(FACE_PX * k)
    x_range = (0.04 * w, w - side - 0.04 * w)
    y0 = 0.30 * h
    _product_frame(work / "product.png", size)
    product_spans = [(spans[i][0] - 0.2, spans[i][1] + 0.2) for i in product_lines]
    x_expr = f"{x_range[0]:.3f}+{x_range[1] - x_range[0]:.3f}*(0.5-0.5*cos(2*PI*t/{period_s}))"
    y_expr = f"{y0:.3f}+24*sin(2*PI*t/5)"
    enable = "+".join(f"between(t,{a:.3f},{b - 1e-3:.3f})" for a, b in product_spans) or "0"
    # each picture decoded once and repeated by the loop filter (looping the file would decode it every frame)
    still = "format=yuv420p,loop=loop=-1:size=1:start=0,settb=1/{fps},setpts=N".format(fps=fps)
    graph = (f"[0:v]{still}[bg];[1:v]{still}[host];[2:v]{still}[prod];"
             f"[bg][host]overlay=x='{x_expr}':y='{y_expr}':eval=frame:format=yuv420[v1];"
             f"[v1][prod]overlay=0:0:enable='{enable}':format=yuv420[v]")
    tmp = out.with_name(f".{out.name}.tmp.mp4")
    subprocess.run([_ffmpeg(), "-v", "error", "-y", "-i", str(work / "room.png"), "-i", str(work / "host.png"),
                    "-i", str(work / "product.png"), "-i", str(work / "speech.wav"), "-filter_complex", graph,
                    "-map", "[v]", "-map", "3:a", "-c:v", "libx264", "-preset", "ultrafast", "-crf", str(crf),
                    "-g", str(int(fps * gop_s)), "-r", str(fps), "-c:a", "aac", "-b:a", "128k",
                    "-t", f"{duration:.3f}", "-movflags", "+faststart", str(tmp)], check=True)
    tmp.replace(out)
    shutil.rmtree(work, ignore_errors=True)
    return Recording(out, lang, [t for t, _ in lines], spans, duration, product_spans, face, x_range, period_s, y0,
                     size, fps)
