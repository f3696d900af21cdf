"""Photo processing: bytes in, clean responsive variants out. No Flask, no database.

Every upload is decoded and re-encoded, so nothing the phone wrote survives except the pixels:
orientation is applied, colours are converted to sRGB, and all metadata (EXIF with GPS, XMP,
ICC profiles, comments) is dropped. WebP variants keep transparency; JPEG variants are
flattened onto white, since JPEG has no alpha.
"""
from __future__ import annotations

import hashlib
import io
import warnings
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cached_property, lru_cache

import pillow_heif
from PIL import ExifTags, Image, ImageCms, ImageFile, UnidentifiedImageError

from . import resizing

pillow_heif.register_heif_opener()

# A partly uploaded file must fail to decode instead of coming out half grey.
ImageFile.LOAD_TRUNCATED_IMAGES = False

# A 48 MP phone photo is 48 million pixels; 100 MP leaves room for any real camera while a
# "decompression bomb" (a small file claiming gigapixels) is refused before it is decoded.
MAX_PIXELS = 100_000_000
# Pillow's own guard warns above this and fails above twice this; both count as refusals.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS

# A 48 MP photo is about 10-25 MB as JPEG or HEIC straight from a phone; 30 MB takes the
# largest of them without letting anyone park arbitrary files on the server.
MAX_UPLOAD_BYTES = 30 * 1024 * 1024

# Widths of the responsive variants. Each variant fits a box `width` wide and twice as tall,
# so a tall panorama cannot produce an image taller than WebP allows.
VARIANT_WIDTHS = (1600, 800, 400)
ACCEPTED_FORMATS = {"JPEG", "MPO", "PNG", "WEBP", "GIF", "HEIF"}
HEIF_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"}
# Measured on a 1600 x 2133 photo on a 2-core machine: WebP method 2 takes 100 ms for 249 KB,
# method 4 takes 220 ms for 235 KB, method 6 320 ms for 231 KB; method 1 saves 20 ms but makes
# the file a quarter bigger. JPEG with Huffman optimisation takes 15 ms instead of 7 for 3 %
# fewer bytes, and progressive 37 ms for 1 % fewer still: neither is worth it, since JPEG only goes to
# browsers without WebP and to link previews.
WEBP_OPTIONS = {"quality": 80, "method": 2}
JPEG_OPTIONS = {"quality": 82}
# The smaller variants are made from the one above, about half its size: a 2 x 2 box average,
# then a last short bicubic step (Pillow's reducing_gap=1.0). 12 ms instead of 29 for the 800 px
# from the 1600 px, and no difference to see at these sizes (0.4 of 255 on average).
SMALLER_REDUCING_GAP = 1.0
CONTENT_TYPES = {"webp": "image/webp", "jpeg": "image/jpeg"}
EXTENSIONS = {"webp": "webp", "jpeg": "jpg"}
REASONS = ("not_image", "svg", "truncated", "too_many_pixels", "too_large", "unsupported")

_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


class RejectedImage(Exception):
    """An upload that is not a photo we accept; `reason` is one of REASONS."""

    def __init__(self, reason: str, detail: str = ""):
        assert reason in REASONS, reason
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class Variant:
    width: int
    height: int
    format: str  # "webp" or "jpeg"
    data: bytes

    @cached_property
    def key(self) -> str:
        """A content-hashed name: a file never changes, so it may be cached for ever."""
        digest = hashlib.sha256(self.data).hexdigest()[:16]
        return f"images/{digest}-{self.width}.{EXTENSIONS[self.format]}"

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.format]


@dataclass(frozen=True)
class ProcessedPhoto:
    width: int  # of the largest variant
    height: int
    placeholder_color: str  # "#rrggbb": the average colour, shown while the photo loads
    variants: list[Variant]


def process(data: bytes, *, max_bytes: int = MAX_UPLOAD_BYTES) -> ProcessedPhoto:
    """Check and re-encode one uploaded photo. Raises RejectedImage."""
    if len(data) > max_bytes:
        raise RejectedImage("too_large", f"{len(data)} bytes")
    if looks_like_svg(data):
        raise RejectedImage("svg")
    # Pillow's bomb warning becomes a refusal. (catch_warnings is process-wide, not per thread;
    # the explicit pixel count in open_image is what guarantees the refusal.)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        image = open_image(data)
        try:
            return make_variants(decode(image, data))
        finally:
            image.close()


def looks_like_svg(data: bytes) -> bool:
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<?xml", b"<svg", b"<!doctype svg")) or b"<svg" in head


def open_image(data: bytes) -> Image.Image:
    """Identify the file by its content and check its header. Raises RejectedImage."""
    try:
        image = Image.open(io.BytesIO(data))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise RejectedImage("too_many_pixels", str(error)) from error
    except UnidentifiedImageError as error:
        # A HEIC cut short is not recognised at all (its index points past the end), but its
        # first bytes still say what it is: the upload broke off, the file is not foreign.
        raise RejectedImage("truncated" if _starts_like_heif(data) else "not_image") from error
    except (OSError, SyntaxError, ValueError, EOFError) as error:
        raise RejectedImage("truncated", str(error)) from error
    if image.format not in ACCEPTED_FORMATS:
        image.close()
        raise RejectedImage("unsupported", str(image.format))
    width, height = image.size
    if width < 1 or height < 1 or width * height > MAX_PIXELS:
        image.close()
        raise RejectedImage("too_many_pixels", f"{width}x{height}")
    return image


def _starts_like_heif(data: bytes) -> bool:
    return data[4:8] == b"ftyp" and data[8:12] in HEIF_BRANDS


def decode(image: Image.Image, data: bytes) -> Image.Image:
    """The pixels, decoded no larger than the 1600 px variant needs where the codec allows.

    Returns `image` itself, loaded (JPEG at a reduced scale), or for HEIC a new image already
    shrunk. Raises RejectedImage for a truncated or corrupt file.
    """
    try:
        if image.format in ("JPEG", "MPO"):
            # libjpeg decodes at 1/2, 1/4 or 1/8 scale: a 12 MP landscape photo comes out at 3 MP.
            image.draft("RGB", _stored_size(image, fit(_upright_size(image), VARIANT_WIDTHS[0])))
        elif image.format == "HEIF":
            shrunk = resizing.shrink_heif(data, lambda size: fit(size, VARIANT_WIDTHS[0]))
            if shrunk is not None:
                shrunk.info = image.info.copy()  # the profile; pillow_heif has reset the EXIF orientation
                return shrunk
        image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise RejectedImage("too_many_pixels", str(error)) from error
    except (OSError, SyntaxError, ValueError, EOFError, IndexError, RuntimeError) as error:
        raise RejectedImage("truncated", str(error)) from error
    return image


def make_variants(image: Image.Image) -> ProcessedPhoto:
    """Upright sRGB variants of a decoded image, each as WebP and JPEG, largest first."""
    icc_profile = image.info.get("icc_profile")
    source = _normalise_mode(image)
    sizes = variant_sizes(_upright_size(source))
    # Shrink first, then turn upright: rotating 3 MP costs a quarter of rotating 12 MP.
    current = resizing.resize(source, _stored_size(source, sizes[0]))
    if current is not source:
        source.close()  # the full-size pixels are not needed any more: give the memory back
        image.close()
    turn = _TURN_UPRIGHT.get(_orientation(current))
    if turn is not None:
        current = current.transpose(turn)
    current = _to_srgb(current, icc_profile)
    # Pillow lets go of the GIL while encoding and resizing. The largest WebP is nearly half the
    # work and cannot be split, so it gets a core of its own from the start, while this thread
    # makes everything else in turn on the other core (more threads would only slow it down).
    # This thread encodes from a copy: Image.save keeps its options on the image object.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="webp") as helper:
        largest_webp = helper.submit(_encode, current, "webp")
        variants = [_encode(current.copy(), "jpeg")]
        for size in sizes[1:]:
            current = current.resize(size, resizing.RESAMPLE, reducing_gap=SMALLER_REDUCING_GAP)
            variants += [_encode(current, "webp"), _encode(current, "jpeg")]
        variants.insert(0, largest_webp.result())
    return ProcessedPhoto(
        width=sizes[0][0],
        height=sizes[0][1],
        placeholder_color=average_color(current),
        variants=variants,
    )


def fit(size: tuple[int, int], width: int) -> tuple[int, int]:
    """`size` scaled down (never up) to fit a box `width` wide and `2 * width` tall."""
    w, h = size
    scale = min(1.0, width / w, 2 * width / h)
    return max(1, round(w * scale)), max(1, round(h * scale))


def variant_sizes(size: tuple[int, int]) -> list[tuple[int, int]]:
    """Largest first; a small original gives fewer variants, none larger than itself."""
    sizes: list[tuple[int, int]] = []
    for width in VARIANT_WIDTHS:
        candidate = fit(size, width)
        if candidate not in sizes:
            sizes.append(candidate)
    return sizes


# EXIF orientation -> the transpose that makes the stored pixels upright (as ImageOps.exif_transpose).
_TURN_UPRIGHT = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


def _orientation(image: Image.Image) -> int:
    """The EXIF orientation, 1 (as stored) when there is none or the EXIF block is unreadable:
    a phone that wrote broken metadata still took good pixels, and the metadata goes anyway."""
    try:
        orientation = image.getexif().get(ExifTags.Base.Orientation, 1)
    except Exception:  # Pillow's EXIF reader raises SyntaxError, ValueError, struct.error, ...
        return 1
    return orientation if orientation in _TURN_UPRIGHT else 1


def _is_sideways(image: Image.Image) -> bool:
    """True when EXIF says the pixels are stored turned by 90 degrees (portrait phone photos)."""
    return _orientation(image) in (5, 6, 7, 8)


def _upright_size(image: Image.Image) -> tuple[int, int]:
    width, height = image.size
    return (height, width) if _is_sideways(image) else (width, height)


def _stored_size(image: Image.Image, upright: tuple[int, int]) -> tuple[int, int]:
    """An upright size turned back into the file's own orientation."""
    return (upright[1], upright[0]) if _is_sideways(image) else upright


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "La", "RGBa", "PA") or "transparency" in image.info


def _normalise_mode(image: Image.Image) -> Image.Image:
    """A mode that resizes well: RGB, RGBA, CMYK or L (the last two keep their ICC profile)."""
    if image.mode in ("RGB", "RGBA", "CMYK", "L"):
        return image
    if image.mode.startswith("I"):
        # 16-bit greys: Pillow clips instead of scaling when converting straight to 8 bits.
        return image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    return image.convert("RGBA" if _has_alpha(image) else "RGB")


def _to_srgb(image: Image.Image, icc_profile: bytes | None) -> Image.Image:
    """RGB or RGBA in sRGB, using the embedded profile when there is a usable one. An RGB(A)
    image is converted in place."""
    out_mode = "RGBA" if image.mode == "RGBA" else "RGB"
    transform = _transform_to_srgb(icc_profile, image.mode, out_mode) if icc_profile else None
    if transform is not None:
        try:
            # iPhones tag every photo Display P3: converting 1600 x 2133 pixels takes 35 ms on
            # one core, so the bands are shared out over both.
            return resizing.map_in_bands(image, lambda band: ImageCms.applyTransform(band, transform), out_mode)
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass
    # No profile, or a broken or mismatched one: the plain conversion is a fair guess.
    return image if image.mode == out_mode else image.convert(out_mode)


@lru_cache(maxsize=16)
def _transform_to_srgb(icc_profile: bytes, mode: str, out_mode: str) -> ImageCms.ImageCmsTransform | None:
    """The colour transform from an embedded profile to sRGB, made once per profile: phones
    tag every photo with one of a handful of profiles."""
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
        return ImageCms.buildTransform(source, _SRGB, mode, out_mode)
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return None


def _flatten(image: Image.Image) -> Image.Image:
    if image.mode != "RGBA":
        return image
    background = Image.new("RGB", image.size, (255, 255, 255))
    background.paste(image, mask=image.getchannel("A"))
    return background


def _encode(image: Image.Image, fmt: str) -> Variant:
    """WebP (alpha kept) or JPEG (flattened onto white), written without any metadata."""
    buffer = io.BytesIO()
    if fmt == "webp":
        image.save(buffer, "WEBP", **WEBP_OPTIONS)
    else:
        _flatten(image).save(buffer, "JPEG", **JPEG_OPTIONS)
    return Variant(image.width, image.height, fmt, buffer.getvalue())


def average_color(image: Image.Image) -> str:
    red, green, blue = _flatten(image).convert("RGB").resize((1, 1), Image.Resampling.BOX).getpixel((0, 0))
    return f"#{red:02x}{green:02x}{blue:02x}"
