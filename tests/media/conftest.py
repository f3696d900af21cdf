"""Media tests keep their files in a temporary folder, never in instance/media."""
from __future__ import annotations

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
