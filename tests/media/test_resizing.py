"""Banded resizing gives the pixels one resize would, give or take rounding."""
from __future__ import annotations

import pytest
from PIL import Image, ImageChops, ImageDraw, ImageStat

from marketplace.media import heif_planes, hevc_tiles, resizing

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
    whole = picture.resize((500, 722), resizing.RESAMPLE, reducing_gap=resizing.REDUCING_GAP)

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


def half(size: tuple[int, int]) -> tuple[int, int]:
    return size[0] // 2, size[1] // 2


def assert_upright_and_marked(image: Image.Image) -> None:
    width, height = image.size
    assert (width, height) == (120, 160)
    assert close_to(image.getpixel((90, 10)), samples.RED)
    assert close_to(image.getpixel((90, 150)), samples.BLUE)
    assert close_to(image.getpixel((5, 80)), samples.GREEN)


def close_to(pixel, colour, tolerance=16) -> bool:
    return max(abs(a - b) for a, b in zip(pixel, colour)) <= tolerance


@pytest.mark.parametrize("orientation", [1, 3, 6, 8])
def test_a_phone_heic_is_shrunk_from_its_ycbcr_planes_and_turned_upright(orientation):
    data = samples.heic_stored_turned(orientation)
    with heif_planes.decoded_planes(data) as planes:
        assert planes is not None  # the fast path, not the fallback
        assert planes.rotation == {1: 0, 3: 180, 6: 270, 8: 90}[orientation]
        assert planes.blue.size == half(planes.luma.size)

    shrunk = resizing.shrink_heif(data, half)

    assert_upright_and_marked(shrunk)
    # the same picture libheif's own RGB decoding gives
    reference = resizing._shrink_heif_rgb(data, half)
    difference = ImageChops.difference(shrunk, reference)
    assert max(ImageStat.Stat(difference).mean) < 2


@pytest.mark.parametrize(
    "options",
    [{"full_range_flag": 0}, {"matrix_coefficients": 1}],
    ids=["limited-range", "bt709-matrix"],
)
def test_a_heic_with_other_colour_coding_is_decoded_by_libheif_to_rgb(options):
    data = samples.heic_stored_turned(6, **options)
    with heif_planes.decoded_planes(data) as planes:
        assert planes is None

    assert_upright_and_marked(resizing.shrink_heif(data, half))


def copied_planes(data: bytes):
    with heif_planes.decoded_planes(data) as planes:
        assert planes is not None
        return [plane.copy() for plane in planes[:3]], planes.rotation


@pytest.mark.parametrize("orientation", [1, 6])
def test_the_tiles_of_a_heic_grid_decode_to_the_pixels_libheif_gives(orientation, monkeypatch):
    # 300 x 200 in 64 px tiles: the last column and row of tiles reach past the picture's edge.
    data = samples.heic_stored_turned(orientation, 200, 300, tile_size=64)

    by_tiles, rotation = copied_planes(data)
    monkeypatch.setattr(hevc_tiles, "av", None)  # libheif decodes the whole image instead
    by_libheif, same_rotation = copied_planes(data)

    assert rotation == same_rotation == {1: 0, 6: 270}[orientation]
    assert [plane.size for plane in by_tiles] == [plane.size for plane in by_libheif]
    # HEVC decoding is exact: two decoders of one stream give the same bytes.
    assert all(a.tobytes() == b.tobytes() for a, b in zip(by_tiles, by_libheif))


@pytest.mark.parametrize(
    "options",
    [{"full_range_flag": 0}, {"matrix_coefficients": 1}],
    ids=["limited-range-stream", "bt709-stream"],
)
def test_a_heic_whose_stream_alone_tells_other_colour_coding_comes_out_as_libheif_decodes_it(options, monkeypatch):
    # Nothing in the file's own properties: only the HEVC stream says how its colours are coded,
    # and the tile decoder steps aside rather than read them differently from libheif.
    data = samples.heic_stored_turned(6, save_nclx_profile=False, tile_size=64, **options)
    tile_results = []
    decode_planes = hevc_tiles.decode_planes
    monkeypatch.setattr(hevc_tiles, "decode_planes", lambda *a, **k: tile_results.append(decode_planes(*a, **k)))

    shrunk = resizing.shrink_heif(data, half)

    assert tile_results == [None]
    assert_upright_and_marked(shrunk)
    reference = resizing._shrink_heif_rgb(data, half)
    assert max(ImageStat.Stat(ImageChops.difference(shrunk, reference)).mean) < 2


def test_a_10_bit_heic_is_decoded_by_libheif_to_8_bit_rgb():
    data = samples.ten_bit_heic()
    with heif_planes.decoded_planes(data) as planes:
        assert planes is None

    shrunk = resizing.shrink_heif(data, half)

    assert shrunk.mode == "RGB" and shrunk.size == (32, 24)
    assert close_to(shrunk.getpixel((16, 4)), (218, 20, 20)) and close_to(shrunk.getpixel((16, 20)), (20, 20, 218))


def test_a_heic_with_transparency_is_left_to_pillow():
    data = samples.encode(Image.new("RGBA", (40, 30), samples.RED + (128,)), "HEIF", quality=90)
    with heif_planes.decoded_planes(data) as planes:
        assert planes is None
    assert resizing.shrink_heif(data, half) is None  # the caller decodes it through Pillow


def test_without_libheif_at_hand_a_heic_is_still_shrunk(monkeypatch):
    monkeypatch.setattr(heif_planes, "libheif", lambda: None)
    assert_upright_and_marked(resizing.shrink_heif(samples.heic_stored_turned(6), half))


def test_a_broken_heic_raises_instead_of_giving_grey_pixels():
    data = samples.heic_stored_turned(1)
    with pytest.raises(RuntimeError):
        resizing.shrink_heif(data[: len(data) * 7 // 10], half)
