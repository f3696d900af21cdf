"""Where photo files live: the local disk on one laptop, S3-compatible storage in production.

Keys are content-hashed ("images/3f2a…-800.webp"), so a file under a key never changes and may
be cached for ever; nothing here ever overwrites a file with different bytes.
"""
from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Protocol

from flask import current_app

CACHE_CONTROL = "public, max-age=31536000, immutable"
_SAFE_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*(/[A-Za-z0-9][A-Za-z0-9_.-]*)*$")


@dataclass(frozen=True)
class StoredFile:
    key: str
    modified_at: datetime  # when the file was last written, in UTC


class Storage(Protocol):
    def save(self, key: str, data: bytes, content_type: str) -> None: ...

    def delete(self, key: str) -> None: ...

    def url(self, key: str) -> str: ...

    def exists(self, key: str) -> bool: ...

    def list_files(self, prefix: str) -> Iterator[StoredFile]: ...


def check_key(key: str) -> str:
    """Keys are relative paths of plain names: no "..", no leading slash, no surprises."""
    if not _SAFE_KEY.match(key) or ".." in key.split("/"):
        raise ValueError(f"unsafe storage key {key!r}")
    return key


class LocalStorage:
    """Files under a folder (instance/media by default), served by the media blueprint."""

    def __init__(self, root: str | os.PathLike, base_url: str = "/media/"):
        self.root = Path(root)
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"

    def path(self, key: str) -> Path:
        return self.root / check_key(key)

    def save(self, key: str, data: bytes, content_type: str) -> None:
        target = self.path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        # Write aside and rename, so a reader never sees half a file.
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".upload-")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(data)
            os.chmod(temporary, 0o644)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def delete(self, key: str) -> None:
        self.path(key).unlink(missing_ok=True)

    def url(self, key: str) -> str:
        return self.base_url + check_key(key)

    def exists(self, key: str) -> bool:
        return self.path(key).is_file()

    def list_files(self, prefix: str) -> Iterator[StoredFile]:
        """Every stored file whose key starts with `prefix` ("images/"), in key order.

        Half-written uploads (".upload-…") are not keys and are left out.
        """
        if prefix.startswith("/") or ".." in prefix.split("/"):
            raise ValueError(f"unsafe storage prefix {prefix!r}")
        folder = self.root / prefix.rpartition("/")[0]
        for directory, subfolders, names in os.walk(folder):
            subfolders.sort()
            for name in sorted(names):
                path = Path(directory, name)
                key = path.relative_to(self.root).as_posix()
                if not key.startswith(prefix) or not _SAFE_KEY.match(key):
                    continue
                try:
                    modified = path.stat().st_mtime
                except FileNotFoundError:  # deleted since the folder was read
                    continue
                yield StoredFile(key, datetime.fromtimestamp(modified, timezone.utc))


class S3Storage:
    """An S3-compatible bucket (AWS S3, MinIO, Cloudflare R2, …) read publicly over HTTP.

    Credentials come from boto3's usual sources (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, …).
    """

    def __init__(
        self,
        bucket: str,
        *,
        endpoint_url: str | None = None,
        region: str | None = None,
        public_url: str | None = None,
        client=None,
    ):
        import boto3  # only deployments with a bucket need it loaded

        self.bucket = bucket
        self.client = client or boto3.client("s3", endpoint_url=endpoint_url, region_name=region)
        endpoint = endpoint_url or self.client.meta.endpoint_url  # boto3's choice without one
        base = public_url or f"{endpoint.rstrip('/')}/{bucket}"
        self.public_url = base.rstrip("/") + "/"

    def save(self, key: str, data: bytes, content_type: str) -> None:
        self.client.put_object(
            Bucket=self.bucket,
            Key=check_key(key),
            Body=data,
            ContentType=content_type,
            CacheControl=CACHE_CONTROL,
        )

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=check_key(key))

    def url(self, key: str) -> str:
        return self.public_url + check_key(key)

    def exists(self, key: str) -> bool:
        from botocore.exceptions import ClientError

        try:
            self.client.head_object(Bucket=self.bucket, Key=check_key(key))
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return False
            raise
        return True

    def list_files(self, prefix: str) -> Iterator[StoredFile]:
        """Every object whose key starts with `prefix` ("images/"), a page of 1000 at a time."""
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=prefix)
        for page in pages:
            for item in page.get("Contents", []):
                yield StoredFile(item["Key"], item["LastModified"].astimezone(timezone.utc))


def storage_from_config(config, instance_path: str) -> Storage:
    """S3 when a bucket is configured (at MEDIA_S3_ENDPOINT_URL, or wherever boto3 finds AWS S3
    without one), the local disk otherwise."""
    if config.get("MEDIA_S3_BUCKET"):
        return S3Storage(
            config["MEDIA_S3_BUCKET"],
            endpoint_url=config.get("MEDIA_S3_ENDPOINT_URL"),
            region=config.get("MEDIA_S3_REGION"),
            public_url=config.get("MEDIA_S3_PUBLIC_URL"),
        )
    root = config.get("MEDIA_ROOT") or os.path.join(instance_path, "media")
    return LocalStorage(root, base_url=config.get("MEDIA_URL") or "/media/")


def storage() -> Storage:
    """The app's storage, made once and kept on the app."""
    app = current_app._get_current_object()
    if "media_storage" not in app.extensions:
        app.extensions["media_storage"] = storage_from_config(app.config, app.instance_path)
    return app.extensions["media_storage"]
