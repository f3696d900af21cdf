"""Photos: take an upload, keep its clean variants, hand them out only to their owner."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import BinaryIO

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from ..extensions import db
from ..producers.models import Organisation
from .models import Image
from .processing import MAX_UPLOAD_BYTES, ProcessedPhoto, RejectedImage, process
from .storage import storage

__all__ = [
    "RejectedImage",
    "UploadOutcome",
    "delete_image",
    "image_for_organisation",
    "rejection_message",
    "save_upload",
    "save_uploads",
]

REJECTION_MESSAGES = {
    "not_image": lambda: _("Ese archivo no es una foto. Sube una imagen JPEG, PNG, WebP o HEIC."),
    "svg": lambda: _("No aceptamos dibujos SVG. Sube una foto JPEG, PNG, WebP o HEIC."),
    "truncated": lambda: _("La foto llegó incompleta o dañada. Vuelve a subirla, mejor con buena señal."),
    "too_many_pixels": lambda: _("La foto tiene demasiados píxeles. Sube una foto de hasta 100 megapíxeles."),
    "too_large": lambda: _("La foto pesa demasiado. Sube una foto de hasta %(mb)s MB.", mb=_max_upload_mb()),
    "unsupported": lambda: _("No podemos usar ese tipo de imagen. Sube una foto JPEG, PNG, WebP o HEIC."),
}


def _max_upload_bytes() -> int:
    return int(current_app.config.get("MEDIA_MAX_UPLOAD_BYTES") or MAX_UPLOAD_BYTES)


def _max_upload_mb() -> int:
    return _max_upload_bytes() // (1024 * 1024) or 1


def rejection_message(reason: str | RejectedImage) -> str:
    """What to tell the producer, in their language, about a refused photo."""
    if isinstance(reason, RejectedImage):
        reason = reason.reason
    return REJECTION_MESSAGES.get(reason, REJECTION_MESSAGES["unsupported"])()


def _read_bounded(upload, limit: int) -> bytes:
    """All the bytes of a FileStorage, stream or bytes, reading no more than limit + 1."""
    if isinstance(upload, (bytes, bytearray)):
        return bytes(upload)
    stream: BinaryIO = getattr(upload, "stream", upload)
    return stream.read(limit + 1)


def save_upload(upload, *, organisation: Organisation) -> Image:
    """Check, process and store one uploaded photo for `organisation`, and commit its Image.

    `upload` is a werkzeug FileStorage, a binary stream or bytes; its name and declared type
    are ignored, the content decides. Raises RejectedImage (with `.reason`) when the file is
    refused; then no file and no row is left behind. A storage or database failure also
    removes the files this call wrote, and is raised as it came.
    """
    limit = _max_upload_bytes()
    photo = process(_read_bounded(upload, limit), max_bytes=limit)
    store = storage()
    written = store_variants(photo, store)
    try:
        image = Image(
            organisation_id=organisation.id,
            width=photo.width,
            height=photo.height,
            placeholder_color=photo.placeholder_color,
            digest=_digest(photo.variants[0].key),
            variants=[
                {"width": v.width, "format": v.format, "key": v.key, "bytes": len(v.data)}
                for v in photo.variants
            ],
        )
        db.session.add(image)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        _delete_files(written, store)
        raise
    return image


def _digest(key: str) -> str:
    return key.rsplit("/", 1)[-1].split("-", 1)[0]


def store_variants(photo: ProcessedPhoto, store) -> list[str]:
    """Store each variant not already stored in `store`; returns the keys this call wrote.

    All six at once: on S3 each check and each write is a round trip, and waiting for twelve in a
    row would take longer than making the photo (each thread also hashes its file's name). If
    any fails, the ones written are removed.
    """

    def store_one(variant) -> str | None:
        # Same key, same bytes: an identical photo uploaded before already stored it.
        if store.exists(variant.key):
            return None
        store.save(variant.key, variant.data, variant.content_type)
        return variant.key

    written, failure = [], None
    with ThreadPoolExecutor(max_workers=len(photo.variants), thread_name_prefix="store") as pool:
        for future in [pool.submit(store_one, variant) for variant in photo.variants]:
            try:
                key = future.result()
            except BaseException as error:  # noqa: BLE001 -- raised again below, after cleaning up
                failure = failure or error
            else:
                if key is not None:
                    written.append(key)
    if failure is not None:
        _delete_files(written, store)
        raise failure
    return written


def _delete_files(keys: list[str], store) -> None:
    for key in keys:
        try:
            store.delete(key)
        except Exception:  # cleaning up after a failure must not hide the failure
            current_app.logger.exception("could not delete stored file %s", key)


@dataclass
class UploadOutcome:
    images: list[Image] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # one message per refused file, ready to show


def save_uploads(uploads, *, organisation: Organisation) -> UploadOutcome:
    """save_upload for each non-empty file of a multipart field; refusals become messages.

    Raises nothing for a refused photo; storage or database failures are raised.
    """
    outcome = UploadOutcome()
    for upload in uploads:
        if not getattr(upload, "filename", True):
            continue  # the empty part a browser sends when no file was chosen
        try:
            outcome.images.append(save_upload(upload, organisation=organisation))
        except RejectedImage as refused:
            name = getattr(upload, "filename", None) or _("la foto")
            outcome.errors.append(f"{name}: {rejection_message(refused)}")
    return outcome


def image_for_organisation(image_id: int, organisation: Organisation) -> Image | None:
    """The image if it belongs to `organisation`, else None (the view answers 404)."""
    return db.session.scalar(
        select(Image).where(Image.id == image_id, Image.organisation_id == organisation.id)
    )


def delete_image(image: Image) -> None:
    """Delete the Image row (committed first), then its files that no other image shares.

    Raises nothing if a file is already gone; a storage error after the commit is logged and
    leaves an orphan file, never a row pointing at a missing file.
    """
    shared = set()
    for other in db.session.scalars(select(Image).where(Image.digest == image.digest, Image.id != image.id)):
        shared.update(other.keys)
    keys = [key for key in image.keys if key not in shared]
    db.session.delete(image)
    db.session.commit()
    _delete_files(keys, storage())
