"""Media tests keep their files in a temporary folder, never in instance/media."""
from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest


@pytest.fixture
def media_root(tmp_path) -> Path:
    return tmp_path / "media"


@pytest.fixture(autouse=True)
def _media_in_tmp(request, media_root):
    """Any test that uses the app stores photos under media_root (pure tests stay app-free)."""
    if "app" not in request.fixturenames:
        yield
        return
    app = request.getfixturevalue("app")
    app.config["MEDIA_ROOT"] = str(media_root)
    app.extensions.pop("media_storage", None)  # storage() is made again from this config
    yield
    app.extensions.pop("media_storage", None)


@pytest.fixture
def stored_files(media_root):
    """Every file under the media folder, as keys."""

    def files() -> list[str]:
        if not media_root.exists():
            return []
        return sorted(str(path.relative_to(media_root)) for path in media_root.rglob("*") if path.is_file())

    return files


# --- S3, against moto's S3-compatible server on 127.0.0.1 -------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    from moto.server import ThreadedMotoServer

    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def s3_bucket(s3_endpoint, monkeypatch):
    import boto3

    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    for name in ("NO_PROXY", "no_proxy"):  # the server is on this machine: never through a proxy
        monkeypatch.setenv(name, "127.0.0.1,localhost")
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1")
    name = f"fotos-{_free_port()}"
    client.create_bucket(Bucket=name)
    # Photos are read by browsers straight from the bucket (or a CDN in front of it).
    public_read = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{name}/*"}],
    }
    client.put_bucket_policy(Bucket=name, Policy=json.dumps(public_read))
    return client, name
