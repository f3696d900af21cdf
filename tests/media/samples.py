"""Photos made on the spot for the media tests: friendly ones from phones, and hostile files."""
from __future__ import annotations

import io
import struct
import zlib

import pillow_heif
from PIL import ExifTags, Image, ImageDraw

pillow_heif.register_heif_opener()

RED, BLUE, GREEN, WHITE = (220, 20, 20), (20, 20, 220), (20, 200, 20), (255, 255, 255)
PHONE_MAKE = "TelefonoDePrueba"


def upright_picture(width: int = 120, height: int = 160) -> Image.Image:
    """Red on top, blue below: which way is up is plain to see in any variant."""
    image = Image.new("RGB", (width, height), BLUE)
    ImageDraw.Draw(image).rectangle((0, 0, width, height // 2 - 1), fill=RED)
    return image


def phone_exif(orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = PHONE_MAKE
    exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps.update({1: "S", 2: (13.0, 9.0, 48.0), 3: "W", 4: (74.0, 13.0, 25.0)})
    return exif


def encode(image: Image.Image, fmt: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def sideways_phone_jpeg(width: int = 120, height: int = 160) -> bytes:
    """A portrait photo stored the way phones store it: pixels turned, EXIF orientation 6, GPS."""
    stored = upright_picture(width, height).transpose(Image.Transpose.ROTATE_90)
    return encode(stored, "JPEG", quality=90, exif=phone_exif(6).tobytes())


def phone_heic(width: int = 120, height: int = 160) -> bytes:
    return encode(upright_picture(width, height), "HEIF", quality=80, exif=phone_exif(1).tobytes())


def png_with_alpha() -> bytes:
    image = Image.new("RGBA", (100, 80), (0, 0, 0, 0))  # transparent left half
    ImageDraw.Draw(image).rectangle((50, 0, 99, 79), fill=RED + (255,))
    return encode(image, "PNG")


def cmyk_jpeg() -> bytes:
    return encode(Image.new("CMYK", (80, 60), (0, 255, 255, 0)), "JPEG", quality=95)  # pure red ink


def animated_gif() -> bytes:
    frames = [Image.new("RGB", (60, 40), colour) for colour in (RED, GREEN, BLUE)]
    return encode(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)


def grey16_png(level: int = 40000) -> bytes:
    return encode(Image.new("I;16", (40, 30), level), "PNG")


def palette_png() -> bytes:
    image = Image.new("RGB", (40, 30), GREEN).convert("P", palette=Image.Palette.ADAPTIVE, colors=4)
    return encode(image, "PNG")


def noisy_jpeg(width: int = 400, height: int = 300) -> bytes:
    return encode(Image.effect_noise((width, height), 60).convert("RGB"), "JPEG", quality=90)


def truncated_jpeg() -> bytes:
    data = noisy_jpeg()
    return data[: len(data) * 6 // 10]


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims width x height (its CRC fixed, so it looks genuine)."""
    data = bytearray(encode(Image.new("1", (1, 1)), "PNG"))
    ihdr = 8  # after the signature: length (4), b"IHDR" (4), then width and height
    struct.pack_into(">II", data, ihdr + 8, width, height)
    crc = zlib.crc32(bytes(data[ihdr + 4 : ihdr + 8 + 13]))
    struct.pack_into(">I", data, ihdr + 8 + 13, crc)
    return bytes(data)


SVG = b'<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">' \
      b'<script>alert(1)</script><rect width="10" height="10" fill="red"/></svg>'
BARE_SVG = b'  <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><circle r="1"/></svg>'
TEXT = "Lista de precios: chompa de alpaca S/ 120\n".encode() * 20


SRGB_COLORANTS = ((0.4361, 0.2225, 0.0139), (0.3851, 0.7169, 0.0971), (0.1431, 0.0606, 0.7141))
# Display P3, the profile iPhones tag their photos with (D50-adapted, as ICC wants).
DISPLAY_P3_COLORANTS = ((0.5151, 0.2412, -0.0011), (0.2920, 0.6922, 0.0419), (0.1571, 0.0666, 0.7841))


def linear_rgb_profile() -> bytes:
    """An ICC v2 RGB profile with sRGB primaries but a straight (gamma 1.0) tone curve.

    Pixels tagged with it are much brighter once converted to sRGB, so a test can tell whether
    the embedded profile was used.
    """
    return rgb_profile("Lineal de prueba", SRGB_COLORANTS, gamma=1.0)


def display_p3_profile() -> bytes:
    """Close to the Display P3 profile in iPhone photos: P3 primaries, gamma 2.2."""
    return rgb_profile("Display P3 de prueba", DISPLAY_P3_COLORANTS, gamma=2.2)


def rgb_profile(description: str, colorants, gamma: float) -> bytes:
    """A minimal ICC v2 matrix/curve RGB profile: red, green and blue colorants (XYZ, D50) and
    one gamma for all three channels."""

    def s15(value: float) -> bytes:
        return struct.pack(">i", round(value * 65536))

    def xyz(x: float, y: float, z: float) -> bytes:
        return b"XYZ \0\0\0\0" + s15(x) + s15(y) + s15(z)

    text = description.encode("ascii") + b"\0"
    desc = b"desc\0\0\0\0" + struct.pack(">I", len(text)) + text + b"\0" * 8 + b"\0" * 3 + b"\0" * 67
    curve = b"curv\0\0\0\0" + struct.pack(">IH", 1, round(gamma * 256)) + b"\0\0"
    tags = [
        (b"desc", desc),
        (b"wtpt", xyz(0.9642, 1.0, 0.8249)),
        (b"rXYZ", xyz(*colorants[0])),
        (b"gXYZ", xyz(*colorants[1])),
        (b"bXYZ", xyz(*colorants[2])),
        (b"rTRC", curve),
        (b"gTRC", curve),
        (b"bTRC", curve),
        (b"cprt", b"text\0\0\0\0Libre\0\0\0"),
    ]
    offset = 128 + 4 + 12 * len(tags)
    table, body = b"", b""
    for signature, data in tags:
        data += b"\0" * (-len(data) % 4)
        table += signature + struct.pack(">II", offset + len(body), len(data))
        body += data
    size = offset + len(body)
    header = (
        struct.pack(">I", size) + b"lcms" + struct.pack(">I", 0x02100000) + b"mntrRGB XYZ "
        + b"\0" * 12 + b"acsp" + b"\0" * 24 + struct.pack(">I", 0)
        + s15(0.9642) + s15(1.0) + s15(0.8249) + b"\0" * 48
    )
    assert len(header) == 128, len(header)
    return header + struct.pack(">I", len(tags)) + table + body


def marked_picture(width: int = 240, height: int = 320) -> Image.Image:
    """Red on top, blue below and a green stripe on the left: any turn or flip shows."""
    image = upright_picture(width, height)
    ImageDraw.Draw(image).rectangle((0, 0, width // 6, height - 1), fill=GREEN)
    return image


def heic_stored_turned(orientation: int, width: int = 240, height: int = 320, **options) -> bytes:
    """A HEIC whose pixels are stored turned, with the turn that puts them upright recorded in
    the file (pillow_heif writes EXIF orientation 3, 6 or 8 as HEIF's own rotation property)."""
    undo = {1: None, 3: Image.Transpose.ROTATE_180, 6: Image.Transpose.ROTATE_90, 8: Image.Transpose.ROTATE_270}
    picture = marked_picture(width, height)
    stored = picture.transpose(undo[orientation]) if undo[orientation] is not None else picture
    return encode(stored, "HEIF", quality=90, exif=phone_exif(orientation).tobytes(), **options)


def truncated_heic() -> bytes:
    data = heic_stored_turned(6)
    return data[: len(data) * 7 // 10]


def ten_bit_heic(width: int = 64, height: int = 48) -> bytes:
    """A 10-bit HEIC (as some Android phones write): red on top, blue below."""
    red, blue = (56000, 5000, 5000), (5000, 5000, 56000)
    pixels = b"".join(
        struct.pack("<HHH", *(red if y < height // 2 else blue)) * width for y in range(height)
    )
    buffer = io.BytesIO()
    pillow_heif.from_bytes("RGB;16", (width, height), pixels).save(buffer, quality=90)
    return buffer.getvalue()
