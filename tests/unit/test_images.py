"""Every kind of photo a shop owner has: rotated, CMYK, grayscale, 16-bit, transparent, tiny, huge, broken."""

import numpy as np
import pytest
from PIL import Image

from pipeline.errors import AssetError
from pipeline.media.images import MAX_SIDE, load_image
from pipeline.model.plan import ImageLayer
from pipeline.stages.visuals import Rasterizer


def _exif_rotated(path):
    # Stored landscape 200x100 with red left half; EXIF orientation 6 = display rotated 90° clockwise.
    img = Image.new("RGB", (200, 100), (0, 0, 255))
    img.paste((255, 0, 0), (0, 0, 100, 100))
    exif = Image.Exif()
    exif[0x0112] = 6
    img.save(path, "JPEG", exif=exif.tobytes(), quality=95)


def test_exif_orientation_is_applied(tmp_path):
    p = tmp_path / "rot.jpg"
    _exif_rotated(p)
    img = load_image(p, "product.images[0]")
    assert img.size == (100, 200)
    arr = np.asarray(img.convert("RGB")).astype(int)
    # after a clockwise turn the red half is on top
    assert arr[20, 50, 0] > 200 and arr[20, 50, 2] < 60
    assert arr[180, 50, 2] > 200


@pytest.mark.parametrize("mode, make", [
    ("CMYK", lambda: Image.new("CMYK", (64, 48), (0, 255, 255, 0))),      # red in CMYK
    ("L", lambda: Image.new("L", (64, 48), 128)),
    ("I;16", lambda: Image.fromarray(np.full((48, 64), 65535 // 2, np.uint16))),
    ("RGBA", lambda: Image.new("RGBA", (64, 48), (0, 255, 0, 0))),
    ("P", lambda: Image.new("RGB", (64, 48), (10, 20, 30)).convert("P")),
    ("LA", lambda: Image.new("LA", (64, 48), (200, 255))),
])
def test_modes_become_rgba(tmp_path, mode, make):
    img = make()
    p = tmp_path / f"img.{'jpg' if mode == 'CMYK' else 'png'}"
    img.save(p)
    out = load_image(p, "product.images[0]")
    assert out.mode == "RGBA" and out.size == (64, 48)
    px = out.getpixel((10, 10))
    if mode == "CMYK":
        assert px[0] > 200 and px[1] < 60 and px[2] < 60
    if mode == "I;16":
        assert 120 <= px[0] <= 135  # half of full scale, not clipped white


def test_huge_image_is_downscaled(tmp_path):
    p = tmp_path / "huge.png"
    Image.new("RGB", (6000, 3000), (1, 2, 3)).save(p, compress_level=1)
    assert max(load_image(p, "product.images[0]").size) == MAX_SIDE


@pytest.mark.parametrize("content, match", [
    (b"not an image at all", "not a readable image"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 30, "not a readable image"),
])
def test_corrupt_image_names_field(tmp_path, content, match):
    p = tmp_path / "bad.png"
    p.write_bytes(content)
    with pytest.raises(AssetError, match=rf"product.images\[2\]: .*{match}"):
        load_image(p, "product.images[2]")


def test_missing_image(tmp_path):
    with pytest.raises(AssetError, match="not found"):
        load_image(tmp_path / "nope.jpg", "product.logo")


def test_tiny_and_transparent_photos_rasterise(tmp_path):
    tiny = tmp_path / "tiny.png"
    Image.new("RGBA", (8, 8), (255, 0, 0, 255)).save(tiny)
    cut = tmp_path / "cut.png"
    im = Image.new("RGBA", (400, 400), (0, 0, 0, 0))
    im.paste((0, 200, 0, 255), (100, 100, 300, 300))
    im.save(cut)
    r = Rasterizer(1080, 1920, 0.25)
    for src in (tiny, cut):
        img = r.draw([ImageLayer(source=str(src), box=(60, 300, 1020, 1300))])
        arr = np.asarray(img).astype(int)
        assert img.size == (270, 480)
        centre = arr[200, 135]
        assert centre[0] > 150 or centre[1] > 150  # the photo is drawn where the box is
    assert any("small" in w for w in r.warnings)
    # transparent corners of the cut-out show the blurred fill, not black
    img = np.asarray(r.draw([ImageLayer(source=str(cut), box=(60, 300, 1020, 1300))])).astype(int)
    assert img[0, 0].sum() < img[200, 135].sum()
