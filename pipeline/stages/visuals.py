"""Rasterising a plan's layers to PNGs with Pillow: one moving picture and one still overlay per shot."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

from pipeline.media.fonts import missing_glyphs, pil_font
from pipeline.media.images import load_image
from pipeline.model.plan import GradientLayer, ImageLayer, Layer, Scene, ShapeLayer, TextLayer


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

    def render_scene(self, scene: Scene, out_dir: Path) -> tuple[Path, Path | None]:
        """Write the scene's picture PNG (RGB) and overlay PNG (RGBA, or None if no overlay)."""
        pic = self._cached(scene.layers, "picture", out_dir / f"shot{scene.index:03d}.png", mode="RGB")
        ov = None
        if scene.overlay:
            ov = self._cached(scene.overlay, "overlay", out_dir / f"shot{scene.index:03d}_text.png", mode="RGBA")
        return pic, ov

    def _cached(self, layers: list[Layer], kind: str, dest: Path, mode: str) -> Path:
        key = self._key(layers, kind)
        cached = self.cache_dir / f"{key}.png" if self.cache_dir else None
        if cached and cached.exists():
            _link_or_copy(cached, dest)
            return dest
        img = self.draw(layers, mode)
        tmp = dest.with_suffix(".tmp.png")
        img.save(tmp, compress_level=1)
        tmp.replace(dest)
        if cached:
            self.cache_dir.mkdir(parents=True, exist_ok=True)
            _link_or_copy(dest, cached)
        return dest

    def draw(self, layers: list[Layer], mode: str = "RGB") -> Image.Image:
        canvas = Image.new("RGBA", self.size, (0, 0, 0, 255 if mode == "RGB" else 0))
        for layer in layers:
            if isinstance(layer, GradientLayer):
                canvas = self._gradient(layer)
            elif isinstance(layer, ImageLayer):
                self._image_layer(canvas, layer)
            elif isinstance(layer, ShapeLayer):
                # drawn on its own layer and composited, so translucent shapes blend instead of punching holes
                shape = Image.new("RGBA", self.size, (0, 0, 0, 0))
                ImageDraw.Draw(shape).rounded_rectangle(_sbox(layer.box, self.scale),
                                                        radius=round(layer.radius_px * self.scale),
                                                        fill=_rgba(layer.color))
                canvas.alpha_composite(shape)
            elif isinstance(layer, TextLayer):
                self._text(canvas, layer)
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
            r = max(2, round(min(W, H) * 0.02))
            shadow = Image.new("RGBA", canvas.size, (0, 0, 0, 0))
            alpha = fg.getchannel("A").point(lambda v: v * 150 // 255)
            shadow.paste(Image.new("RGBA", fg.size, (0, 0, 0, 255)), (px + r // 2, py + r), alpha)
            canvas.alpha_composite(shadow.filter(ImageFilter.GaussianBlur(r)))
        canvas.alpha_composite(fg, (px, py))

    def _text(self, canvas: Image.Image, layer: TextLayer) -> None:
        text = layer.text
        missing = missing_glyphs(text)
        if missing:
            text = "".join(ch for ch in text if ch not in missing)
            self.warnings.append(f"the font has no glyph for {''.join(missing)!r}; left out of {layer.text!r}")
        px = max(1, round(layer.font_px * self.scale))
        font = pil_font(px)
        d = ImageDraw.Draw(canvas)
        x0, y0, x1, y1 = _sbox(layer.box, self.scale)
        if layer.background:
            d.rounded_rectangle((x0, y0, x1, y1), radius=round(px * 0.45), fill=_rgba(layer.background))
        pad = round(layer.font_px * 0.35 * self.scale) if layer.background else 0
        line_h = px * 1.25
        for i, line in enumerate(text.split("\n")):
            w = font.getlength(line)
            x = x0 + pad if layer.align == "left" else (x0 + x1 - w) / 2
            y = y0 + pad + i * line_h + (line_h - px) / 2
            d.text((x, y), line, font=font, fill=_rgba(layer.color),
                   stroke_width=round(layer.stroke_px * self.scale), stroke_fill=(0, 0, 0, 255))


def _link_or_copy(src: Path, dst: Path) -> None:
    import os
    import shutil

    if dst.exists():
        dst.unlink()
    try:
        os.link(src, dst)
    except OSError:
        shutil.copyfile(src, dst)
