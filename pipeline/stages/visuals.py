"""Rasterising a plan's layers to PNGs with Pillow: per shot one picture (the background), one PNG per photo that
moves inside its box, one still overlay and one PNG per entering group of text."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

from pipeline.media.emoji import draw_line, has_emoji
from pipeline.media.fonts import missing_glyphs, pil_font, text_width
from pipeline.media.images import load_image
from pipeline.model.plan import ClipLayer, Entrance, GradientLayer, ImageLayer, Layer, Scene, ShapeLayer, TextLayer
from pipeline.stages.motion import typed_chars

POP_FROM = 1.35          # a popping element starts this much larger (its PNG is padded to allow it)


def scaled_size(width: int, height: int, scale: float) -> tuple[int, int]:
    """Frame size at `scale`, rounded to even numbers (yuv420p needs them)."""
    return max(2, round(width * scale / 2) * 2), max(2, round(height * scale / 2) * 2)


def _rgba(color: str) -> tuple[int, int, int, int]:
    h = color.lstrip("#")
    a = int(h[6:8], 16) if len(h) == 8 else 255
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16), a


def _sbox(box, k: float) -> tuple[int, int, int, int]:
    return tuple(round(v * k) for v in box)  # type: ignore[return-value]


class Rasterizer:
    """Draws layers at `scale` x the plan's size; caches decoded images and finished PNGs by content."""

    def __init__(self, width: int, height: int, scale: float, cache_dir: Path | None = None):
        self.full = (width, height)
        self.scale = scale
        self.size = scaled_size(width, height, scale)
        self.cache_dir = cache_dir
        self._images: dict[str, Image.Image] = {}
        self.warnings: list[str] = []

    def _image(self, path: str) -> Image.Image:
        if path not in self._images:
            self._images[path] = load_image(path, "product.images")
        return self._images[path]

    def _key(self, layers: list[Layer], kind: str) -> str:
        blob = json.dumps([kind, self.size, [l.model_dump() for l in layers]], sort_keys=True, ensure_ascii=False)
        for l in layers:
            if isinstance(l, ImageLayer):
                st = Path(l.source).stat()
                blob += f"|{l.source}:{st.st_size}:{st.st_mtime_ns}"
        return hashlib.sha256(blob.encode()).hexdigest()[:24]

    def render_scene(self, scene: Scene, out_dir: Path) -> tuple[Path, Path | None, list[Element], list[Moving]]:
        """Write the scene's picture PNG (RGB), its still overlay PNG (RGBA, or None if there is none), one PNG
        per entering group of overlay layers, and one PNG per photo that moves inside its box (clips are read by
        ffmpeg itself)."""
        pic = self._cached(scene.layers, "picture", out_dir / f"shot{scene.index:03d}.png", mode="RGB")
        moving: list[Moving] = []
        for k, layer in enumerate(scene.layers):
            if isinstance(layer, ClipLayer):
                moving.append(Moving(None, layer, *self._even_box(layer.box)))
            elif isinstance(layer, ImageLayer) and layer.motion is not None:
                x, y, w, h = self._even_box(layer.box)
                zmax = max(layer.motion.zoom_from, layer.motion.zoom_to) + layer.motion.punch_zoom
                size = (round(w * zmax / 2) * 2, round(h * zmax / 2) * 2)
                # keyed by what it shows (photo, crop, size), not by its box or move: shots share one drawing
                what = layer.model_copy(update={"box": (0, 0, 0, 0), "motion": None})
                path = self._cached([what], f"product:{size}", out_dir / f"shot{scene.index:03d}_p{k}.png",
                                    mode="RGBA", product=size)
                moving.append(Moving(path, layer, x, y, w, h, has_transparency_of(self._image(layer.source))))
        entering = {e.group: e for e in scene.entrances}
        still = [l for l in scene.overlay if getattr(l, "group", None) not in entering]
        ov = None
        if still:
            ov = self._cached(still, "overlay", out_dir / f"shot{scene.index:03d}_text.png", mode="RGBA")
        elements = []
        for g, ent in sorted(entering.items()):
            members = [l for l in scene.overlay if getattr(l, "group", None) == g]
            if not members:
                continue
            box = x0, y0, x1, y1 = self.element_box(members, ent)
            stem = f"shot{scene.index:03d}_el{g}"
            if ent.kind == "type":
                self._typing_frames(members, ent, box, out_dir, stem)
                path = out_dir / f"{stem}_%03d.png"
            else:
                path = self._cached(members, f"element:{ent.kind}:{x0},{y0},{x1},{y1}", out_dir / f"{stem}.png",
                                    mode="RGBA", crop=box)
            elements.append(Element(path, ent, x0, y0, x1 - x0, y1 - y0))
        return pic, ov, elements, moving

    def _even_box(self, box: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
        """(x, y, w, h) of a box at this scale, with even sizes (yuv420p)."""
        x0, y0, x1, y1 = _sbox(box, self.scale)
        return x0, y0, max(2, (x1 - x0) // 2 * 2), max(2, (y1 - y0) // 2 * 2)

    def _typing_frames(self, members: list[Layer], ent: Entrance, box: tuple[int, int, int, int], out_dir: Path,
                       stem: str) -> None:
        """One PNG per frame of a typed entrance (<stem>_000.png ...): frame f shows the first
        ceil(n (f + 1) / duration) characters; frames showing as many share one drawing."""
        n = sum(len(typed_chars(l.text)) for l in members if isinstance(l, TextLayer))
        d = max(1, ent.duration_frames)
        drawn: dict[int, Path] = {}
        for f in range(d):
            k = -(-n * (f + 1) // d)
            dest = out_dir / f"{stem}_{f:03d}.png"
            if k in drawn:
                _link_or_copy(drawn[k], dest)
                continue
            drawn[k] = self._cached(members, f"typed:{k}:{box}", dest, mode="RGBA", crop=box, reveal=k)

    def element_box(self, layers: list[Layer], ent: Entrance) -> tuple[int, int, int, int]:
        """The (scaled) pixel box an element's PNG covers: its layers' box, padded for strokes (and for the
        larger start of a pop), even-sized."""
        k = self.scale
        x0 = min(l.box[0] for l in layers) * k
        y0 = min(l.box[1] for l in layers) * k
        x1 = max(l.box[2] for l in layers) * k
        y1 = max(l.box[3] for l in layers) * k
        pad = 4 + (max(x1 - x0, y1 - y0) * 0.02)
        w, h = x1 - x0 + 2 * pad, y1 - y0 + 2 * pad
        if ent.kind in ("pop", "pulse"):
            w, h = w * POP_FROM, h * POP_FROM
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        w, h = int(w / 2 + 1) * 2, int(h / 2 + 1) * 2
        return round(cx - w / 2), round(cy - h / 2), round(cx - w / 2) + w, round(cy - h / 2) + h

    def _cached(self, layers: list[Layer], kind: str, dest: Path, mode: str,
                crop: tuple[int, int, int, int] | None = None, reveal: int | None = None,
                product: tuple[int, int] | None = None) -> Path:
        key = self._key(layers, kind)
        cached = self.cache_dir / f"{key}.png" if self.cache_dir else None
        if cached and cached.exists():
            _link_or_copy(cached, dest)
            return dest
        img = self._view(layers[0], product) if product else self.draw(layers, mode, reveal)
        if crop is not None:
            img = img.crop(crop)
        tmp = dest.with_suffix(".tmp.png")
        img.save(tmp, compress_level=1)
        tmp.replace(dest)
        if cached:
            self.cache_dir.mkdir(parents=True, exist_ok=True)
            _link_or_copy(dest, cached)
        return dest

    def draw(self, layers: list[Layer], mode: str = "RGB", reveal: int | None = None) -> Image.Image:
        """The layers drawn in order. reveal: only that many typed characters of the text layers, counted
        across them in order (a typed entrance's frame); None draws all."""
        canvas = Image.new("RGBA", self.size, (0, 0, 0, 255 if mode == "RGB" else 0))
        for layer in layers:
            if isinstance(layer, GradientLayer):
                canvas = self._gradient(layer)
            elif isinstance(layer, ClipLayer) or (isinstance(layer, ImageLayer) and layer.motion is not None):
                if layer.shadow:      # the picture itself is drawn (or played) over this, in its box
                    self._shadow(canvas, _sbox(layer.box, self.scale), None)
            elif isinstance(layer, ImageLayer):
                self._image_layer(canvas, layer)
            elif isinstance(layer, ShapeLayer):
                # drawn on its own layer and composited, so translucent shapes blend instead of punching holes
                shape = Image.new("RGBA", self.size, (0, 0, 0, 0))
                if layer.shape == "burst":
                    ImageDraw.Draw(shape).polygon(_burst(_sbox(layer.box, self.scale)), fill=_rgba(layer.color))
                else:
                    ImageDraw.Draw(shape).rounded_rectangle(_sbox(layer.box, self.scale),
                                                            radius=round(layer.radius_px * self.scale),
                                                            fill=_rgba(layer.color))
                canvas.alpha_composite(shape)
            elif isinstance(layer, TextLayer):
                self._text(canvas, layer, reveal)
                if reveal is not None:
                    reveal = max(0, reveal - len(typed_chars(layer.text)))
        return canvas.convert(mode)

    def _gradient(self, layer: GradientLayer) -> Image.Image:
        import numpy as np

        w, h = self.size
        a = np.array(_rgba(layer.colors[0])[:3], np.float32)
        b = np.array(_rgba(layer.colors[1])[:3], np.float32)
        ang = np.deg2rad(layer.angle_deg)
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
        t = (xx / w - 0.5) * np.cos(ang) + (yy / h - 0.5) * np.sin(ang)
        t = (t - t.min()) / max(float(t.max() - t.min()), 1e-6)
        img = a + (b - a) * t[..., None]
        # soft light spot for depth
        spot = np.exp(-(((xx / w - 0.3) ** 2) + ((yy / h - 0.25) ** 2)) / 0.08)[..., None] * 28
        img = np.clip(img + spot, 0, 255).astype(np.uint8)
        return Image.fromarray(img, "RGB").convert("RGBA")

    def _image_layer(self, canvas: Image.Image, layer: ImageLayer) -> None:
        src = self._image(layer.source)
        if layer.crop is not None:
            cx0, cy0, cx1, cy1 = layer.crop
            src = src.crop((round(cx0 * src.width), round(cy0 * src.height), round(cx1 * src.width),
                            round(cy1 * src.height)))
        W, H = self.size
        if layer.blur_fill:
            small = src.convert("RGB")
            k = max(W / small.width, H / small.height)
            cw, ch = max(1, round(small.width * k / 8)), max(1, round(small.height * k / 8))
            bg = small.resize((cw, ch), Image.Resampling.BILINEAR)
            left, top = (cw - W / 8) / 2, (ch - H / 8) / 2
            bg = bg.crop((round(left), round(top), round(left + W / 8), round(top + H / 8)))
            bg = bg.filter(ImageFilter.GaussianBlur(radius=6)).resize((W, H), Image.Resampling.BICUBIC)
            bg = Image.blend(bg, Image.new("RGB", (W, H), (0, 0, 0)), 0.3)
            canvas.paste(bg.convert("RGBA"), (0, 0))
        x0, y0, x1, y1 = _sbox(layer.box, self.scale)
        bw, bh = max(1, x1 - x0), max(1, y1 - y0)
        if layer.fit == "contain":
            k = min(bw / src.width, bh / src.height)
        else:
            k = max(bw / src.width, bh / src.height)
        if layer.fit == "contain" and k > 3:
            self.warnings.append(f"{layer.source}: photo is small ({src.width}x{src.height}); upscaled {k:.1f}x")
        tw, th = max(1, round(src.width * k)), max(1, round(src.height * k))
        fg = src.resize((tw, th), Image.Resampling.LANCZOS)
        px, py = x0 + (bw - tw) // 2, y0 + (bh - th) // 2
        if layer.fit == "cover":
            fg = fg.crop(((tw - bw) // 2, (th - bh) // 2, (tw - bw) // 2 + bw, (th - bh) // 2 + bh))
            px, py = x0, y0
        if layer.shadow:
            self._shadow(canvas, (px, py, px + fg.width, py + fg.height), fg.getchannel("A"))
        canvas.alpha_composite(fg, (px, py))

    def _shadow(self, canvas: Image.Image, box: tuple[int, int, int, int], alpha: Image.Image | None) -> None:
        """A soft drop shadow under a picture's box (shaped by its alpha when it has one)."""
        W, H = self.size
        x0, y0, x1, y1 = box
        r = max(2, round(min(W, H) * 0.02))
        size = (max(1, x1 - x0), max(1, y1 - y0))
        mask = (alpha.resize(size) if alpha is not None else Image.new("L", size, 255)).point(lambda v: v * 150 // 255)
        shadow = Image.new("RGBA", canvas.size, (0, 0, 0, 0))
        shadow.paste(Image.new("RGBA", size, (0, 0, 0, 255)), (x0 + r // 2, y0 + r), mask)
        canvas.alpha_composite(shadow.filter(ImageFilter.GaussianBlur(r)))

    def _view(self, layer: ImageLayer, size: tuple[int, int]) -> Image.Image:
        """A moving photo's own PNG: its view (the photo, or its crop) at `size` (the box at the largest zoom, so
        zooming in never upsamples), transparent where the photo is."""
        src = self._image(layer.source)
        if layer.crop is not None:
            cx0, cy0, cx1, cy1 = layer.crop
            src = src.crop((round(cx0 * src.width), round(cy0 * src.height), round(cx1 * src.width),
                            round(cy1 * src.height)))
        return src.resize(size, Image.Resampling.LANCZOS)

    def _text(self, canvas: Image.Image, layer: TextLayer, reveal: int | None = None) -> None:
        """Draw a text layer (reveal: only its first `reveal` typed characters, each line where it will stand
        when complete)."""
        text = layer.text
        missing = missing_glyphs(text)
        if missing:
            for m in missing:
                text = text.replace(m, "")
            self.warnings.append(f"the font has no glyph for {''.join(missing)!r}; left out of {layer.text!r}")
        px = max(1, round(layer.font_px * self.scale))
        font = pil_font(px)
        d = ImageDraw.Draw(canvas)
        x0, y0, x1, y1 = _sbox(layer.box, self.scale)
        if layer.background:
            d.rounded_rectangle((x0, y0, x1, y1), radius=round(px * 0.45), fill=_rgba(layer.background))
        pad = round(layer.font_px * 0.35 * self.scale) if layer.background else 0
        line_h = px * 1.25
        left = reveal
        for i, line in enumerate(text.split("\n")):
            w = text_width(line, px)
            x = x0 + pad if layer.align == "left" else (x0 + x1 - w) / 2
            y = y0 + pad + i * line_h + (line_h - px) / 2
            if left is not None:
                shown = typed_chars(line)
                if left < len(shown):
                    line = line[:shown[left - 1] + 1] if left else ""
                left = max(0, left - len(shown))
                if not line:
                    continue
            if has_emoji(line):
                draw_line(canvas, x, y + font.getmetrics()[0], line, font, _rgba(layer.color),
                          round(layer.stroke_px * self.scale), (0, 0, 0, 255))
                continue
            d.text((x, y), line, font=font, fill=_rgba(layer.color),
                   stroke_width=round(layer.stroke_px * self.scale), stroke_fill=(0, 0, 0, 255))


def has_transparency_of(img: Image.Image) -> bool:
    return img.mode == "RGBA" and img.getchannel("A").getextrema()[0] < 250


@dataclass(frozen=True)
class Moving:
    """A picture that moves in its (scaled, even-sized) box: a photo's PNG with its in-box motion, or a clip
    (path None: ffmpeg reads the clip)."""

    path: Path | None
    layer: ImageLayer | ClipLayer
    x: int
    y: int
    w: int
    h: int
    alpha: bool = False


@dataclass(frozen=True)
class Element:
    """An overlay group's PNG (a typed entrance: a numbered sequence, one PNG per frame of the entrance, path
    being its %03d pattern) and where its (scaled) box sits in the frame."""

    path: Path
    entrance: Entrance
    x: int
    y: int
    w: int
    h: int


def _burst(box: tuple[int, int, int, int], points: int = 18, inner: float = 0.86) -> list[tuple[float, float]]:
    """A starburst sticker filling box: `points` spikes, valleys on an ellipse `inner` x the outer one."""
    import math

    x0, y0, x1, y1 = box
    cx, cy, rx, ry = (x0 + x1) / 2, (y0 + y1) / 2, (x1 - x0) / 2, (y1 - y0) / 2
    out = []
    for i in range(points * 2):
        a = math.pi * i / points - math.pi / 2
        r = 1.0 if i % 2 == 0 else inner
        out.append((cx + rx * r * math.cos(a), cy + ry * r * math.sin(a)))
    return out


def _link_or_copy(src: Path, dst: Path) -> None:
    import os
    import shutil

    dst.unlink(missing_ok=True)
    try:
        os.link(src, dst)
    except FileExistsError:
        pass                       # another cut rendering at the same time put the same drawing there
    except OSError:
        shutil.copyfile(src, dst)
