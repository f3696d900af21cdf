"""save_upload and friends: a producer's photo becomes an Image row and clean files, or nothing."""
from __future__ import annotations

import io

import pytest
from PIL import Image as PILImage
from werkzeug.datastructures import FileStorage

from marketplace.media import services
from marketplace.media.models import Image
from marketplace.media.processing import REASONS, RejectedImage
from marketplace.media.storage import storage

from .. import factories
from . import samples


def upload(data: bytes, filename: str = "foto.jpg", content_type: str = "image/jpeg") -> FileStorage:
    return FileStorage(stream=io.BytesIO(data), filename=filename, content_type=content_type)


def image_count(db) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(Image))


@pytest.fixture
def organisation(app):
    return factories.organisation(owner=factories.user())


@pytest.fixture
def in_request(app):
    """Messages are made in the language of a request, as a view would ask for them."""
    with app.test_request_context("/"):
        yield


def test_a_phone_photo_is_saved_as_an_image_with_clean_files(app, db, client, organisation, stored_files):
    image = services.save_upload(upload(samples.sideways_phone_jpeg()), organisation=organisation)

    db.session.expire_all()
    saved = db.session.get(Image, image.id)
    assert saved.organisation_id == organisation.id
    assert (saved.width, saved.height) == (120, 160)
    assert saved.placeholder_color.startswith("#") and len(saved.placeholder_color) == 7
    assert saved.created_at.tzinfo is not None
    assert {(v["width"], v["format"]) for v in saved.variants} == {(120, "webp"), (120, "jpeg")}
    assert sorted(saved.keys) == stored_files()
    for variant in saved.variants:
        response = client.get(saved.url(variant["width"], variant["format"]))
        assert response.status_code == 200 and len(response.data) == variant["bytes"]
        served = PILImage.open(io.BytesIO(response.data))
        assert not served.getexif() and samples.PHONE_MAKE.encode() not in response.data
        assert served.size == (120, 160)


def test_urls_pick_the_nearest_variant_at_least_as_wide(app, organisation):
    image = services.save_upload(samples.encode(samples.upright_picture(1000, 600), "JPEG"), organisation=organisation)
    by_width = {(v["width"], v["format"]): storage().url(v["key"]) for v in image.variants}

    assert image.url() == by_width[(800, "webp")]
    assert image.url(300) == by_width[(400, "webp")]
    assert image.url(801, "jpeg") == by_width[(1000, "jpeg")]
    assert image.url(5000) == by_width[(1000, "webp")]
    assert image.srcset() == ", ".join(f"{by_width[(w, 'webp')]} {w}w" for w in (400, 800, 1000))
    assert image.srcset("jpeg").endswith(f"{by_width[(1000, 'jpeg')]} 1000w")
    assert len(image.keys) == 6


HOSTILE = {
    "text named photo.jpg": (samples.TEXT, "photo.jpg", "not_image"),
    "svg": (samples.SVG, "logo.svg", "svg"),
    "svg named jpg": (samples.BARE_SVG, "foto.jpg", "svg"),
    "truncated jpeg": (samples.truncated_jpeg(), "foto.jpg", "truncated"),
    "decompression bomb": (samples.png_claiming(100_000, 100_000), "foto.png", "too_many_pixels"),
    "110 megapixels": (samples.png_claiming(11_000, 10_000), "foto.png", "too_many_pixels"),
    "bmp": (samples.encode(PILImage.new("RGB", (20, 20)), "BMP"), "foto.bmp", "unsupported"),
}


@pytest.mark.parametrize("name", HOSTILE)
def test_a_refused_file_leaves_no_file_and_no_row(app, db, organisation, stored_files, in_request, name):
    data, filename, reason = HOSTILE[name]

    with pytest.raises(RejectedImage) as refused:
        services.save_upload(upload(data, filename), organisation=organisation)

    assert refused.value.reason == reason
    assert services.rejection_message(refused.value)
    assert stored_files() == [] and image_count(db) == 0


def test_a_file_over_the_configured_limit_is_refused(app, db, organisation, stored_files):
    app.config["MEDIA_MAX_UPLOAD_BYTES"] = 10_000
    data = samples.noisy_jpeg()
    assert len(data) > 10_000

    with pytest.raises(RejectedImage) as refused:
        services.save_upload(upload(data), organisation=organisation)

    assert refused.value.reason == "too_large"
    assert stored_files() == [] and image_count(db) == 0


def test_a_storage_failure_half_way_removes_the_files_already_written(app, db, organisation, stored_files, monkeypatch):
    store, real_save, calls = storage(), storage().save, []

    def failing_save(key, data, content_type):
        calls.append(key)
        if len(calls) == 3:
            raise OSError("disk full")
        real_save(key, data, content_type)

    monkeypatch.setattr(store, "save", failing_save)

    with pytest.raises(OSError):
        services.save_upload(samples.encode(samples.upright_picture(1000, 600), "JPEG"), organisation=organisation)

    assert len(calls) == 6  # all six variants are stored at once; one failed
    assert stored_files() == [] and image_count(db) == 0


def test_a_database_failure_removes_the_stored_files(app, db, organisation, stored_files, monkeypatch):
    def failing_commit():
        raise RuntimeError("database went away")

    monkeypatch.setattr(db.session, "commit", failing_commit)

    with pytest.raises(RuntimeError):
        services.save_upload(samples.png_with_alpha(), organisation=organisation)

    monkeypatch.undo()
    assert stored_files() == [] and image_count(db) == 0


def test_deleting_an_image_removes_its_row_and_files(app, db, organisation, stored_files):
    image = services.save_upload(samples.png_with_alpha(), organisation=organisation)
    assert stored_files()

    services.delete_image(image)

    assert stored_files() == [] and image_count(db) == 0


def test_the_same_photo_twice_shares_files_until_the_last_one_goes(app, db, organisation, stored_files):
    other = factories.organisation()
    first = services.save_upload(samples.png_with_alpha(), organisation=organisation)
    second = services.save_upload(samples.png_with_alpha(), organisation=other)
    assert first.keys == second.keys and first.digest == second.digest
    files = stored_files()

    services.delete_image(first)
    assert stored_files() == files

    services.delete_image(second)
    assert stored_files() == []


def test_a_failed_upload_never_deletes_files_another_image_uses(app, db, organisation, stored_files, monkeypatch):
    kept = services.save_upload(samples.png_with_alpha(), organisation=organisation)
    monkeypatch.setattr(db.session, "commit", lambda: (_ for _ in ()).throw(RuntimeError("boom")))

    with pytest.raises(RuntimeError):
        services.save_upload(samples.png_with_alpha(), organisation=organisation)

    monkeypatch.undo()
    assert stored_files() == sorted(kept.keys)


def test_an_organisation_only_gets_its_own_images(app, organisation):
    mine = services.save_upload(samples.png_with_alpha(), organisation=organisation)
    other = factories.organisation()

    assert services.image_for_organisation(mine.id, organisation) == mine
    assert services.image_for_organisation(mine.id, other) is None
    assert services.image_for_organisation(mine.id + 1000, organisation) is None


def test_save_uploads_keeps_the_good_photos_and_explains_the_rest(app, db, organisation, in_request):
    files = [
        upload(samples.phone_heic(), "IMG_0001.HEIC", "image/heic"),
        upload(b"", "", "application/octet-stream"),  # the empty part of an untouched file input
        upload(samples.TEXT, "precios.jpg"),
        upload(samples.cmyk_jpeg(), "catalogo.jpg"),
    ]

    outcome = services.save_uploads(files, organisation=organisation)

    assert [(i.width, i.height) for i in outcome.images] == [(120, 160), (80, 60)]
    assert outcome.errors == [
        "precios.jpg: Ese archivo no es una foto. Sube una imagen JPEG, PNG, WebP o HEIC."
    ]
    assert image_count(db) == 2


def test_every_reason_has_its_own_message(app, in_request):
    app.config["MEDIA_MAX_UPLOAD_BYTES"] = 30 * 1024 * 1024
    messages = {reason: services.rejection_message(reason) for reason in REASONS}
    assert all(message and "%" not in message for message in messages.values())
    assert "30 MB" in messages["too_large"]
    assert len(set(messages.values())) == len(REASONS) == 6
