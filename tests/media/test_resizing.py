"""Banded resizing gives exactly the pixels of one bicubic resize, for a JPEG's pixels in Pillow
and for a HEIC's rows straight from libheif.

The reference is Pillow's own bicubic resize, named here rather than taken from the module under
test, and the comparison is row by row: a seam between two bands or a band one row off spoils a
row or two while the rest of the picture stays right, so the worst row is what is measured.
"""
from __future__ import annotations

import io
import random

import pytest
from PIL import Image, ImageChops, ImageDraw, ImageStat

from marketplace.media import resizing

from . import samples

SIZE, SHRUNK = (900, 1300), (500, 722)  # a factor of 1.8: no whole-factor box step first
# Pillow's fixed-point arithmetic is the same band by band as for one resize; a hundredth of a
# level on a row's average leaves room for nothing but that. A wrong filter, a band that misses
# the rows around it or one shifted by a row all measure 0.3 or more.
SAME = 0.01


def photo_like(mode: str = "RGB", size: tuple[int, int] = SIZE) -> Image.Image:
    """Gradients, hard-edged shapes and grain: what makes a resize show its mistakes."""
    rng = random.Random(7)
    width, height = size
    picture = Image.merge(
        "RGB",
        [Image.linear_gradient("L").resize(size), Image.radial_gradient("L").resize(size),
         Image.linear_gradient("L").rotate(90).resize(size)],
    )
    draw = ImageDraw.Draw(picture)
    for _ in range(150):
        x, y = rng.randrange(width), rng.randrange(height)
        draw.ellipse((x, y, x + rng.randrange(5, 120), y + rng.randrange(5, 80)),
                     fill=tuple(rng.randrange(256) for _ in range(3)))
    picture = Image.blend(picture, Image.effect_noise(size, 40).convert("RGB"), 0.15)
    if mode == "RGBA":
        picture.putalpha(Image.linear_gradient("L").resize(size))
        return picture
    return picture.convert(mode)


def one_resize(picture: Image.Image, size: tuple[int, int] = SHRUNK) -> Image.Image:
    return picture.resize(size, Image.Resampling.BICUBIC)


def worst_row(image: Image.Image, reference: Image.Image) -> float:
    """The largest average difference of any one row, in any channel, in levels of 255."""
    assert image.mode == reference.mode and image.size == reference.size
    if image.mode == "RGBA":  # colour under full transparency means nothing: compare premultiplied
        image, reference = image.convert("RGBa"), reference.convert("RGBa")
    difference = ImageChops.difference(image, reference)
    rows = (difference.crop((0, y, difference.width, y + 1)) for y in range(difference.height))
    return max(max(ImageStat.Stat(row).mean) for row in rows)


@pytest.mark.parametrize("mode", ["RGB", "L", "CMYK", "RGBA"])
def test_a_banded_resize_gives_the_pixels_of_one_resize(mode):
    picture = photo_like(mode)

    banded = resizing.resize(picture, SHRUNK)

    assert banded.mode == mode and banded.size == SHRUNK
    assert worst_row(banded, one_resize(picture)) <= SAME


def test_a_heic_is_shrunk_from_libheifs_rows_to_the_pixels_of_one_resize():
    size, shrunk_size = (450, 650), (250, 361)  # small, since encoding HEIC is slow; still banded
    data = samples.encode(photo_like(size=size), "HEIF", quality=60)
    decoded = Image.open(io.BytesIO(data))
    decoded.load()

    shrunk = resizing.shrink_heif(data, lambda size: shrunk_size)

    assert shrunk.mode == "RGB" and shrunk.size == shrunk_size
    assert worst_row(shrunk, one_resize(decoded, shrunk_size)) <= SAME


def _row_source(picture: Image.Image, shift: int = 0) -> resizing.RowSource:
    """The rows asked for; with `shift`, every band but the first placed that many rows off."""
    return lambda top, bottom: (picture.crop((0, top, picture.width, bottom)), top + (shift if top else 0))


def _without_the_rows_around(picture: Image.Image, monkeypatch) -> Image.Image:
    monkeypatch.setattr(resizing, "RESAMPLE_SUPPORT", -0.99)  # one row each side instead of four
    return resizing.resize_in_bands(_row_source(picture), picture.size, SHRUNK, picture.mode)


WRONG_RESIZES = {
    "bilinear": lambda picture, monkeypatch: picture.resize(SHRUNK, Image.Resampling.BILINEAR),
    "lanczos": lambda picture, monkeypatch: picture.resize(SHRUNK, Image.Resampling.LANCZOS),
    "band-one-row-off": lambda picture, monkeypatch: resizing.resize_in_bands(
        _row_source(picture, shift=1), picture.size, SHRUNK, picture.mode),
    "bands-without-the-rows-around": _without_the_rows_around,
}


@pytest.mark.parametrize("mode", ["RGB", "L"])
@pytest.mark.parametrize("wrong", sorted(WRONG_RESIZES))
def test_the_comparison_tells_a_wrong_resize(wrong, mode, monkeypatch):
    picture = photo_like(mode)
    assert worst_row(WRONG_RESIZES[wrong](picture, monkeypatch), one_resize(picture)) > 20 * SAME


def test_a_banded_resize_keeps_the_exif_for_orientation():
    picture = Image.new("RGB", (300, 400))
    picture.info["exif"] = samples.phone_exif(6).tobytes()
    assert resizing.resize(picture, (150, 200)).getexif()[0x0112] == 6


def test_a_heic_stored_turned_is_shrunk_upright():
    shrunk = resizing.shrink_heif(samples.heic_stored_turned(6), lambda size: (size[0] // 2, size[1] // 2))

    assert shrunk.size == (120, 160)
    assert max(abs(a - b) for a, b in zip(shrunk.getpixel((90, 10)), samples.RED)) <= 16
    assert max(abs(a - b) for a, b in zip(shrunk.getpixel((5, 80)), samples.GREEN)) <= 16


def test_a_heic_with_transparency_is_left_to_pillow():
    data = samples.encode(Image.new("RGBA", (40, 30), samples.RED + (128,)), "HEIF", quality=90)
    assert resizing.shrink_heif(data, lambda size: size) is None  # the caller decodes it through Pillow


def test_a_broken_heic_raises_instead_of_giving_grey_pixels():
    data = samples.heic_stored_turned(1)
    with pytest.raises((ValueError, RuntimeError)):  # libheif's word for a file cut short
        resizing.shrink_heif(data[: len(data) * 7 // 10], lambda size: size)
