"""The photo pipeline on bytes alone: what comes out of a phone photo, and what is refused."""
from __future__ import annotations

import io

import pytest
from PIL import Image, ImageCms

from marketplace.media import processing
from marketplace.media.processing import RejectedImage, process

from . import samples


def decoded(variant) -> Image.Image:
    image = Image.open(io.BytesIO(variant.data))
    image.load()
    return image


def close_to(actual, expected, tolerance=12) -> bool:
    return all(abs(a - e) <= tolerance for a, e in zip(actual, expected))


def of(photo, fmt):
    return [v for v in photo.variants if v.format == fmt]


def test_a_sideways_phone_photo_comes_out_upright_without_exif_or_gps():
    original = Image.open(io.BytesIO(samples.sideways_phone_jpeg()))
    assert original.size == (160, 120) and original.getexif().get_ifd(0x8825)  # GPS is there to start with

    photo = process(samples.sideways_phone_jpeg())

    assert (photo.width, photo.height) == (120, 160)
    for variant in photo.variants:
        image = decoded(variant)
        assert image.size == (120, 160)
        assert close_to(image.convert("RGB").getpixel((60, 10)), samples.RED), "red should be on top"
        assert close_to(image.convert("RGB").getpixel((60, 150)), samples.BLUE)
        assert not image.getexif() and not image.info.get("exif") and not image.info.get("xmp")
        assert "icc_profile" not in image.info
        assert b"Exif\0\0" not in variant.data and samples.PHONE_MAKE.encode() not in variant.data


# For each EXIF orientation, how the phone stored an upright picture.
STORED_AS = {
    1: None,
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_90,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_270,
}


@pytest.mark.parametrize("orientation", sorted(STORED_AS))
def test_every_exif_orientation_comes_out_upright(orientation):
    upright = samples.marked_picture(120, 160)
    turn = STORED_AS[orientation]
    stored = upright.transpose(turn) if turn is not None else upright  # FLIP_LEFT_RIGHT is 0

    photo = process(samples.encode(stored, "JPEG", quality=92, exif=samples.phone_exif(orientation).tobytes()))

    image = decoded(of(photo, "webp")[0]).convert("RGB")
    assert image.size == (120, 160)
    assert close_to(image.getpixel((90, 10)), samples.RED) and close_to(image.getpixel((90, 150)), samples.BLUE)
    assert close_to(image.getpixel((5, 80)), samples.GREEN), "the green stripe should be on the left"


def test_a_photo_with_broken_exif_is_kept_as_stored():
    broken = b"Exif\x00\x00XX*\x00" + bytes(40)  # not a TIFF header: Pillow cannot read it
    data = samples.encode(samples.upright_picture(120, 160), "HEIF", quality=90, exif=broken)
    with pytest.raises(SyntaxError):
        Image.open(io.BytesIO(data)).getexif()

    photo = process(data)

    assert (photo.width, photo.height) == (120, 160)
    assert close_to(decoded(of(photo, "jpeg")[0]).getpixel((60, 10)), samples.RED)


def test_every_variant_comes_as_webp_and_jpeg_with_a_content_hashed_name():
    data = samples.encode(samples.upright_picture(2000, 1500), "JPEG")

    photo = process(data)

    assert [(v.width, v.format) for v in photo.variants] == [
        (1600, "webp"), (1600, "jpeg"), (800, "webp"), (800, "jpeg"), (400, "webp"), (400, "jpeg"),
    ]
    assert [v.height for v in of(photo, "webp")] == [1200, 600, 300]
    for variant in photo.variants:
        assert decoded(variant).format == {"webp": "WEBP", "jpeg": "JPEG"}[variant.format]
        digest = processing.hashlib.sha256(variant.data).hexdigest()[:16]
        extension = {"webp": "webp", "jpeg": "jpg"}[variant.format]
        assert variant.key == f"images/{digest}-{variant.width}.{extension}"
    assert len({v.key for v in photo.variants}) == 6
    assert process(data).variants[0].key == photo.variants[0].key  # same upload, same names


@pytest.mark.parametrize(
    "size, widths",
    [
        ((3000, 2000), [1600, 800, 400]),
        ((1000, 800), [1000, 800, 400]),
        ((500, 300), [500, 400]),
        ((300, 200), [300]),
        ((400, 100), [400]),
        ((1600, 6400), [800, 400, 200]),  # a tall strip: no variant taller than twice its box
    ],
)
def test_a_smaller_original_gives_fewer_variants_never_upscaled(size, widths):
    sizes = processing.variant_sizes(size)
    assert [w for w, h in sizes] == widths
    for (w, h), box in zip(sizes, (1600, 800, 400)):
        assert w <= min(box, size[0]) and h <= 2 * box


def test_a_tall_strip_fits_twice_its_width():
    assert processing.variant_sizes((1600, 6400))[0] == (800, 3200)


def test_a_small_photo_is_kept_at_its_own_size():
    photo = process(samples.encode(samples.upright_picture(300, 200), "PNG"))
    assert (photo.width, photo.height) == (300, 200)
    assert [(v.width, v.height) for v in photo.variants] == [(300, 200), (300, 200)]


def test_a_large_jpeg_is_decoded_at_a_reduced_scale():
    data = samples.encode(samples.upright_picture(3400, 2000), "JPEG")
    image = processing.open_image(data)

    processing.decode(image, data)

    # 3400 px wide needs only 1/2 scale to make the 1600 px variant: 1700 x 1000 in memory.
    assert image.size == (1700, 1000)


def test_iphone_heic_is_accepted():
    photo = process(samples.phone_heic())
    assert (photo.width, photo.height) == (120, 160)
    webp = decoded(of(photo, "webp")[0])
    assert close_to(webp.convert("RGB").getpixel((60, 10)), samples.RED)
    assert not webp.getexif()
    assert samples.PHONE_MAKE.encode() not in b"".join(v.data for v in photo.variants)


def test_a_sideways_heic_comes_out_upright():
    stored = samples.upright_picture(120, 160).transpose(samples.Image.Transpose.ROTATE_90)
    data = samples.encode(stored, "HEIF", quality=90, exif=samples.phone_exif(6).tobytes())

    photo = process(data)

    assert (photo.width, photo.height) == (120, 160)
    jpeg = decoded(of(photo, "jpeg")[0])
    assert close_to(jpeg.getpixel((60, 10)), samples.RED) and close_to(jpeg.getpixel((60, 150)), samples.BLUE)


@pytest.mark.parametrize("orientation", [1, 3, 6, 8])
def test_a_heic_turned_by_its_own_rotation_property_comes_out_upright(orientation):
    photo = process(samples.heic_stored_turned(orientation))

    assert (photo.width, photo.height) == (240, 320)
    for variant in of(photo, "jpeg")[:1] + of(photo, "webp")[:1]:
        image = decoded(variant).convert("RGB")
        assert close_to(image.getpixel((180, 20)), samples.RED) and close_to(image.getpixel((180, 300)), samples.BLUE)
        assert close_to(image.getpixel((10, 160)), samples.GREEN), "the green stripe should be on the left"


def test_a_10_bit_heic_keeps_its_colours():
    photo = process(samples.ten_bit_heic())

    assert (photo.width, photo.height) == (64, 48)
    jpeg = decoded(of(photo, "jpeg")[0])
    assert close_to(jpeg.getpixel((32, 6)), (218, 20, 20), tolerance=16)
    assert close_to(jpeg.getpixel((32, 42)), (20, 20, 218), tolerance=16)


def test_a_heic_with_transparency_keeps_it_in_webp():
    data = samples.encode(Image.new("RGBA", (40, 30), samples.RED + (0,)), "HEIF", quality=90)

    photo = process(data)

    assert decoded(of(photo, "webp")[0]).getpixel((20, 15))[3] < 16
    assert close_to(decoded(of(photo, "jpeg")[0]).getpixel((20, 15)), samples.WHITE)


def test_png_transparency_stays_in_webp_and_turns_white_in_jpeg():
    photo = process(samples.png_with_alpha())

    webp = decoded(of(photo, "webp")[0])
    jpeg = decoded(of(photo, "jpeg")[0])

    assert webp.mode == "RGBA" and webp.getpixel((10, 40))[3] == 0
    assert close_to(webp.getpixel((80, 40))[:3], samples.RED)
    assert jpeg.mode == "RGB" and close_to(jpeg.getpixel((10, 40)), samples.WHITE)
    assert close_to(jpeg.getpixel((80, 40)), samples.RED)


def test_cmyk_jpeg_becomes_rgb():
    photo = process(samples.cmyk_jpeg())
    for variant in photo.variants:
        image = decoded(variant)
        assert image.mode == "RGB"
        assert close_to(image.getpixel((40, 30)), (237, 28, 36), tolerance=40)  # printers' red
    assert photo.placeholder_color.startswith("#") and len(photo.placeholder_color) == 7


def test_the_embedded_colour_profile_is_used_to_convert_to_srgb():
    grey = samples.encode(Image.new("RGB", (40, 30), (128, 128, 128)), "PNG")
    tagged = samples.encode(Image.new("RGB", (40, 30), (128, 128, 128)), "PNG", icc_profile=samples.linear_rgb_profile())

    plain, converted = process(grey), process(tagged)

    assert close_to(decoded(of(plain, "webp")[0]).getpixel((20, 15)), (128, 128, 128), tolerance=3)
    # 50 % linear light is about 188 in sRGB.
    assert close_to(decoded(of(converted, "webp")[0]).getpixel((20, 15)), (188, 188, 188), tolerance=4)
    assert "icc_profile" not in decoded(of(converted, "jpeg")[0]).info


def test_a_heic_tagged_with_a_profile_is_converted_to_srgb_once():
    grey = Image.new("RGB", (64, 48), (128, 128, 128))
    data = samples.encode(grey, "HEIF", quality=95, icc_profile=samples.linear_rgb_profile())

    photo = process(data)

    # 50 % linear light is about 188 in sRGB; converted twice it would be about 225.
    for variant in photo.variants:
        assert close_to(decoded(variant).convert("RGB").getpixel((32, 24)), (188, 188, 188), tolerance=5)


@pytest.mark.parametrize("height", [1, 3, 301])
def test_the_colour_conversion_in_bands_gives_the_pixels_of_one_conversion(height):
    picture = Image.effect_noise((200, height), 80).convert("RGB")
    profile = samples.linear_rgb_profile()
    source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
    whole = ImageCms.profileToProfile(picture, source, ImageCms.createProfile("sRGB"), outputMode="RGB")

    banded = processing._to_srgb(picture, profile)  # converts the picture in place

    assert banded.tobytes() == whole.tobytes()


def test_an_animated_gif_gives_its_first_frame():
    photo = process(samples.animated_gif())
    assert (photo.width, photo.height) == (60, 40)
    for variant in photo.variants:
        image = decoded(variant)
        assert getattr(image, "n_frames", 1) == 1
        assert close_to(image.convert("RGB").getpixel((30, 20)), samples.RED)


def test_a_16_bit_grey_png_keeps_its_tones():
    photo = process(samples.grey16_png(40000))
    assert close_to(decoded(of(photo, "jpeg")[0]).getpixel((20, 15)), (156, 156, 156), tolerance=3)


def test_a_palette_png_is_converted():
    photo = process(samples.palette_png())
    assert close_to(decoded(of(photo, "jpeg")[0]).getpixel((20, 15)), samples.GREEN)


def test_the_placeholder_is_the_average_colour():
    photo = process(samples.encode(samples.upright_picture(200, 200), "PNG"))
    red, blue = samples.RED, samples.BLUE
    expected = tuple((a + b) // 2 for a, b in zip(red, blue))
    colour = tuple(int(photo.placeholder_color[i : i + 2], 16) for i in (1, 3, 5))
    assert close_to(colour, expected, tolerance=6)


@pytest.mark.parametrize(
    "data, reason",
    [
        (samples.TEXT, "not_image"),
        (b"", "not_image"),
        (samples.SVG, "svg"),
        (samples.BARE_SVG, "svg"),
        (samples.truncated_jpeg(), "truncated"),
        (samples.truncated_heic(), "truncated"),
        (samples.png_claiming(100_000, 100_000), "too_many_pixels"),  # Pillow's own guard fires
        (samples.png_claiming(11_000, 10_000), "too_many_pixels"),  # 110 MP: just over our limit
        (samples.encode(Image.new("RGB", (20, 20)), "BMP"), "unsupported"),
        (samples.encode(Image.new("RGB", (20, 20)), "TIFF"), "unsupported"),
    ],
    ids=["text", "empty", "svg", "bare-svg", "truncated", "truncated-heic", "gigapixel", "110mp", "bmp", "tiff"],
)
def test_hostile_and_unsupported_files_are_refused_with_a_reason(data, reason):
    with pytest.raises(RejectedImage) as refused:
        process(data)
    assert refused.value.reason == reason


def test_a_48_megapixel_photo_passes_the_pixel_check():
    image = processing.open_image(samples.png_claiming(8000, 6000))
    assert image.size == (8000, 6000)


def test_a_file_over_the_byte_limit_is_refused_before_decoding():
    data = samples.noisy_jpeg()
    with pytest.raises(RejectedImage) as refused:
        process(data, max_bytes=len(data) - 1)
    assert refused.value.reason == "too_large"
    assert process(data, max_bytes=len(data)).width == 400


def test_the_default_byte_limit_takes_a_48_megapixel_phone_photo():
    assert 25 * 1024 * 1024 < processing.MAX_UPLOAD_BYTES <= 30 * 1024 * 1024
    assert 48_000_000 < processing.MAX_PIXELS
