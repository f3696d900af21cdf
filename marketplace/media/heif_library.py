"""libheif through ctypes: the library pillow_heif ships (or the system's), the functions the
photo decoders call, declared once, and libheif's error turned into an exception.

pillow_heif only hands out RGB pixels of whole images; heif_planes and hevc_tiles need libheif's
YCbCr planes and its grid of tiles, so they call its stable C API directly.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import functools
import glob
import os

import pillow_heif

# libheif's enums (heif.h, stable since 1.x).
COLORSPACE_YCBCR = 0
CHROMA_420 = 1
CHANNEL_Y, CHANNEL_CB, CHANNEL_CR = 0, 1, 2
PROPERTY_ROTATION = int.from_bytes(b"irot", "big")
HEVC_ITEM = int.from_bytes(b"hvc1", "big")
GRID_ITEM = int.from_bytes(b"grid", "big")
# Matrix coefficients (ISO/IEC 23091-2, numbered the same in FFmpeg) that mean the BT.601
# matrix Pillow's YCbCr -> RGB conversion uses.
BT601_MATRICES = {5, 6}
MINIMUM_VERSION = (1, 17)

_void_p = ctypes.c_void_p


class HeifError(ctypes.Structure):
    _fields_ = [("code", ctypes.c_int), ("subcode", ctypes.c_int), ("message", ctypes.c_char_p)]


class Nclx(ctypes.Structure):
    """The leading fields of struct heif_color_profile_nclx (the rest are never read here)."""

    _fields_ = [
        ("version", ctypes.c_uint8),
        ("color_primaries", ctypes.c_int),
        ("transfer_characteristics", ctypes.c_int),
        ("matrix_coefficients", ctypes.c_int),
        ("full_range_flag", ctypes.c_uint8),
    ]


class Tiling(ctypes.Structure):
    """struct heif_image_tiling (libheif >= 1.19)."""

    _fields_ = [
        ("version", ctypes.c_int),
        ("num_columns", ctypes.c_uint32),
        ("num_rows", ctypes.c_uint32),
        ("tile_width", ctypes.c_uint32),
        ("tile_height", ctypes.c_uint32),
        ("image_width", ctypes.c_uint32),
        ("image_height", ctypes.c_uint32),
        ("top_offset", ctypes.c_uint32),
        ("left_offset", ctypes.c_uint32),
        ("number_of_extra_dimensions", ctypes.c_uint8),
        ("extra_dimensions", ctypes.c_uint32 * 8),
    ]



# Whole images: what heif_planes calls.
SIGNATURES = {
    # name: (return type, argument types)
    "heif_init": (HeifError, [_void_p]),
    "heif_get_version_number_major": (ctypes.c_int, []),
    "heif_get_version_number_minor": (ctypes.c_int, []),
    "heif_context_alloc": (_void_p, []),
    "heif_context_free": (None, [_void_p]),
    "heif_context_set_max_decoding_threads": (None, [_void_p, ctypes.c_int]),
    "heif_context_read_from_memory_without_copy": (HeifError, [_void_p, ctypes.c_char_p, ctypes.c_size_t, _void_p]),
    "heif_context_get_primary_image_handle": (HeifError, [_void_p, ctypes.POINTER(_void_p)]),
    "heif_image_handle_release": (None, [_void_p]),
    "heif_image_handle_has_alpha_channel": (ctypes.c_int, [_void_p]),
    "heif_image_handle_get_luma_bits_per_pixel": (ctypes.c_int, [_void_p]),
    "heif_image_handle_get_chroma_bits_per_pixel": (ctypes.c_int, [_void_p]),
    "heif_image_handle_get_nclx_color_profile": (HeifError, [_void_p, ctypes.POINTER(ctypes.POINTER(Nclx))]),
    "heif_decode_image": (HeifError, [_void_p, ctypes.POINTER(_void_p), ctypes.c_int, ctypes.c_int, _void_p]),
    "heif_image_release": (None, [_void_p]),
    "heif_image_get_chroma_format": (ctypes.c_int, [_void_p]),
    "heif_image_get_width": (ctypes.c_int, [_void_p, ctypes.c_int]),
    "heif_image_get_height": (ctypes.c_int, [_void_p, ctypes.c_int]),
    "heif_image_get_plane_readonly": (_void_p, [_void_p, ctypes.c_int, ctypes.POINTER(ctypes.c_int)]),
    "heif_image_get_nclx_color_profile": (HeifError, [_void_p, ctypes.POINTER(ctypes.POINTER(Nclx))]),
    "heif_nclx_color_profile_free": (None, [_void_p]),
    "heif_decoding_options_alloc": (_void_p, []),
    "heif_decoding_options_free": (None, [_void_p]),
    "heif_image_handle_get_item_id": (ctypes.c_uint32, [_void_p]),
    "heif_item_get_transformation_properties": (
        ctypes.c_int,
        [_void_p, ctypes.c_uint32, ctypes.POINTER(ctypes.c_uint32), ctypes.c_int],
    ),
    "heif_item_get_property_type": (ctypes.c_int, [_void_p, ctypes.c_uint32, ctypes.c_uint32]),
    "heif_item_get_property_transform_rotation_ccw": (ctypes.c_int, [_void_p, ctypes.c_uint32, ctypes.c_uint32]),
}

# A grid's tiles one by one (libheif >= 1.19): what hevc_tiles calls.
TILE_SIGNATURES = {
    "heif_image_handle_get_image_tiling": (HeifError, [_void_p, ctypes.c_int, ctypes.POINTER(Tiling)]),
    "heif_image_handle_get_grid_image_tile_id": (
        HeifError,
        [_void_p, ctypes.c_int, ctypes.c_uint32, ctypes.c_uint32, ctypes.POINTER(ctypes.c_uint32)],
    ),
    "heif_item_get_item_type": (ctypes.c_uint32, [_void_p, ctypes.c_uint32]),
    "heif_item_get_item_data": (
        HeifError,
        [_void_p, ctypes.c_uint32, _void_p, ctypes.POINTER(ctypes.POINTER(ctypes.c_uint8)),
         ctypes.POINTER(ctypes.c_size_t)],
    ),
    "heif_release_item_data": (None, [_void_p, ctypes.POINTER(ctypes.POINTER(ctypes.c_uint8))]),
}


def _candidate_paths() -> list[str]:
    """The libheif pillow_heif was built with first (its wheels ship one beside the package),
    then the system's."""
    site = os.path.dirname(os.path.dirname(os.path.abspath(pillow_heif.__file__)))
    paths = sorted(glob.glob(os.path.join(site, "pillow_heif.libs", "libheif*")))
    paths += sorted(glob.glob(os.path.join(os.path.dirname(pillow_heif.__file__), ".dylibs", "libheif*")))
    system = ctypes.util.find_library("heif")
    if system:
        paths.append(system)
    return paths


@functools.cache
def libheif() -> ctypes.CDLL | None:
    """libheif with SIGNATURES declared, or None when no usable one is found. `decodes_tiles`
    says whether TILE_SIGNATURES are there too."""
    for path in _candidate_paths():
        try:
            library = ctypes.CDLL(path)
            _declare(library, SIGNATURES)
        except (OSError, AttributeError):
            continue
        version = (library.heif_get_version_number_major(), library.heif_get_version_number_minor())
        if version < MINIMUM_VERSION:
            continue
        library.heif_init(None)  # reference-counted; pillow_heif has usually done it already
        try:
            _declare(library, TILE_SIGNATURES)
            library.decodes_tiles = True
        except AttributeError:  # an older libheif: it decodes whole images only
            library.decodes_tiles = False
        return library
    return None


def _declare(library: ctypes.CDLL, signatures: dict) -> None:
    """Set each function's types; AttributeError when this libheif lacks one of them."""
    for name, (restype, argtypes) in signatures.items():
        function = getattr(library, name)
        function.restype, function.argtypes = restype, argtypes


def check(error: HeifError) -> None:
    if error.code != 0:
        message = (error.message or b"").decode("utf-8", "replace")
        raise RuntimeError(f"libheif error {error.code}.{error.subcode}: {message}")
