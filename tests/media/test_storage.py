"""Where photo files go: the local disk (served by the app) and S3-compatible storage."""
from __future__ import annotations

import urllib.request

import pytest

from marketplace.media import storage as storage_module
from marketplace.media.storage import CACHE_CONTROL, LocalStorage, S3Storage, storage

WEBP = b"RIFF\x1a\x00\x00\x00WEBPVP8 fake"


def test_local_storage_saves_serves_and_deletes(app, client, media_root):
    store = storage()
    assert isinstance(store, LocalStorage) and store.root == media_root

    store.save("images/0123456789abcdef-800.webp", WEBP, "image/webp")

    assert store.exists("images/0123456789abcdef-800.webp")
    assert (media_root / "images/0123456789abcdef-800.webp").read_bytes() == WEBP
    url = store.url("images/0123456789abcdef-800.webp")
    assert url == "/media/images/0123456789abcdef-800.webp"

    response = client.get(url)
    assert response.status_code == 200
    assert response.data == WEBP
    assert response.headers["Content-Type"] == "image/webp"
    assert response.headers["Cache-Control"] == CACHE_CONTROL
    assert response.headers["X-Content-Type-Options"] == "nosniff"

    store.delete("images/0123456789abcdef-800.webp")
    assert not store.exists("images/0123456789abcdef-800.webp")
    assert client.get(url).status_code == 404
    store.delete("images/0123456789abcdef-800.webp")  # already gone: nothing to do


def test_the_media_route_serves_nothing_outside_the_media_folder(app, client, media_root, tmp_path):
    (tmp_path / "secret.txt").write_text("no")
    media_root.mkdir(parents=True, exist_ok=True)
    (media_root / ".upload-half").write_bytes(b"half written")

    for path in ("/media/../secret.txt", "/media/%2e%2e/secret.txt", "/media/.upload-half", "/media/images/missing.webp"):
        assert client.get(path).status_code == 404, path


@pytest.mark.parametrize("key", ["../x.webp", "/etc/passwd", "images/../../x", "", "images//x.webp", ".hidden"])
def test_unsafe_keys_are_refused(tmp_path, key):
    with pytest.raises(ValueError):
        LocalStorage(tmp_path).save(key, b"x", "image/webp")


def test_storage_is_made_once_per_app(app):
    assert storage() is storage()


# --- S3, against moto's S3-compatible server on 127.0.0.1 (fixtures in conftest.py) -----------


def test_s3_storage_puts_serves_and_deletes(s3_endpoint, s3_bucket):
    client, bucket = s3_bucket
    store = S3Storage(bucket, endpoint_url=s3_endpoint, region="us-east-1")
    key = "images/0123456789abcdef-400.webp"

    store.save(key, WEBP, "image/webp")

    assert store.exists(key)
    stored = client.get_object(Bucket=bucket, Key=key)
    assert stored["Body"].read() == WEBP
    assert stored["ContentType"] == "image/webp"
    assert stored["CacheControl"] == CACHE_CONTROL
    assert store.url(key) == f"{s3_endpoint}/{bucket}/{key}"
    direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with direct.open(store.url(key)) as response:  # 127.0.0.1 only
        assert response.read() == WEBP

    store.delete(key)
    assert not store.exists(key)


def test_s3_urls_use_the_public_address_when_given(s3_endpoint, s3_bucket):
    _, bucket = s3_bucket
    store = S3Storage(bucket, endpoint_url=s3_endpoint, public_url="https://fotos.example.pe/")
    assert store.url("images/ab-400.webp") == "https://fotos.example.pe/images/ab-400.webp"


def test_the_app_uses_s3_when_a_bucket_and_endpoint_are_configured(app, s3_endpoint, s3_bucket):
    _, bucket = s3_bucket
    app.config.update(MEDIA_S3_BUCKET=bucket, MEDIA_S3_ENDPOINT_URL=s3_endpoint, MEDIA_S3_REGION="us-east-1")
    app.extensions.pop("media_storage", None)

    store = storage()

    assert isinstance(store, S3Storage) and store.bucket == bucket
    store.save("images/feedfacecafebeef-400.webp", WEBP, "image/webp")
    assert store.exists("images/feedfacecafebeef-400.webp")


def test_a_bucket_without_an_endpoint_is_on_aws_not_on_the_local_disk(app, s3_endpoint, s3_bucket, monkeypatch):
    """Without MEDIA_S3_ENDPOINT_URL boto3 picks AWS's endpoint itself; here its standard
    AWS_ENDPOINT_URL_S3 variable points it at the local S3 server so the photo can be checked."""
    client, bucket = s3_bucket
    monkeypatch.setenv("AWS_ENDPOINT_URL_S3", s3_endpoint)
    app.config.update(MEDIA_S3_BUCKET=bucket, MEDIA_S3_ENDPOINT_URL=None, MEDIA_S3_REGION="us-east-1")
    app.extensions.pop("media_storage", None)

    store = storage()

    assert isinstance(store, S3Storage)
    store.save("images/feedfacecafebeef-400.webp", WEBP, "image/webp")
    assert client.get_object(Bucket=bucket, Key="images/feedfacecafebeef-400.webp")["Body"].read() == WEBP


def test_photos_on_aws_are_linked_at_the_buckets_regional_address(tmp_path, monkeypatch):
    for name in ("AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL"):
        monkeypatch.delenv(name, raising=False)
    config = {"MEDIA_S3_BUCKET": "fotos", "MEDIA_S3_REGION": "sa-east-1", "MEDIA_ROOT": str(tmp_path)}
    store = storage_module.storage_from_config(config, str(tmp_path))
    assert store.url("images/ab-400.webp") == "https://s3.sa-east-1.amazonaws.com/fotos/images/ab-400.webp"
