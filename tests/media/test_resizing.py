"""Banded resizing gives the pixels one resize would, give or take rounding."""
from __future__ import annotations

import pytest
from PIL import Image, ImageChops, ImageDraw, ImageStat

from marketplace.media import resizing

from . import samples


def busy_picture(mode: str, size=(900, 1300)) -> Image.Image:
    """Gradients, hard edges and some grain: what a photo has, resized at a non-whole factor."""
    gradient = Image.linear_gradient("L").resize(size)
    picture = Image.merge("RGB", [gradient, Image.radial_gradient("L").resize(size), gradient.rotate(90)])
    draw = ImageDraw.Draw(picture)
    for n in range(40):
        draw.ellipse((n * 20, n * 30, n * 20 + 150, n * 30 + 90), fill=(n * 6, 255 - n * 6, 128))
    picture = Image.blend(picture, Image.effect_mandelbrot(size, (-2.0, -1.2, 0.6, 1.2), 100).convert("RGB"), 0.2)
    if mode == "RGBA":
        picture.putalpha(gradient)
        return picture
    return picture.convert(mode)


@pytest.mark.parametrize("mode", ["RGB", "L", "CMYK", "RGBA"])
def test_banded_resize_matches_one_resize(mode):
    picture = busy_picture(mode)

    banded = resizing.resize(picture, (500, 722))
    whole = picture.resize((500, 722), Image.Resampling.LANCZOS, reducing_gap=resizing.REDUCING_GAP)

    assert banded.mode == mode and banded.size == (500, 722)
    if mode == "RGBA":  # colour under full transparency means nothing: compare premultiplied
        banded, whole = banded.convert("RGBa"), whole.convert("RGBa")
    difference = ImageChops.difference(banded, whole)
    extrema = difference.getextrema()
    highest = extrema[1] if mode == "L" else max(high for low, high in extrema)
    assert highest <= 6  # a few pixels on the hardest edges
    assert max(ImageStat.Stat(difference).mean) < 0.05  # elsewhere off by one at most, rarely


def test_banded_resize_keeps_the_exif_for_orientation():
    picture = Image.new("RGB", (300, 400))
    picture.info["exif"] = samples.phone_exif(6).tobytes()
    assert resizing.resize(picture, (150, 200)).getexif()[0x0112] == 6


def test_a_heic_is_shrunk_band_by_band_to_the_size_asked():
    data = samples.encode(samples.upright_picture(400, 600), "HEIF", quality=90)

    shrunk = resizing.shrink_heif(data, lambda size: (size[0] // 2, size[1] // 2))

    assert shrunk.size == (200, 300)
    assert max(abs(a - b) for a, b in zip(shrunk.getpixel((100, 20)), samples.RED)) <= 12
    assert max(abs(a - b) for a, b in zip(shrunk.getpixel((100, 280)), samples.BLUE)) <= 12
