"""Catalogue tests: photos go to a temporary folder; small real JPEG/PNG files made with Pillow."""
from __future__ import annotations

import io
from types import SimpleNamespace

import pytest
from PIL import Image

from .. import factories


@pytest.fixture(autouse=True)
def _media_in_tmp(request, tmp_path):
    if "app" not in request.fixturenames:
        yield
        return
    app = request.getfixturevalue("app")
    app.config["MEDIA_ROOT"] = str(tmp_path / "media")
    app.extensions.pop("media_storage", None)
    yield
    app.extensions.pop("media_storage", None)


def jpeg(colour=(140, 90, 50), size=(64, 48)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def png(colour=(230, 180, 40), size=(48, 64)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PNG")
    return buffer.getvalue()


def photo_files(count: int, name: str = "foto") -> list[tuple[io.BytesIO, str]]:
    """Files for a multipart `photos` field, each a different colour."""
    return [(io.BytesIO(jpeg((20 * i % 255, 90, 50))), f"{name}-{i}.jpg") for i in range(count)]


@pytest.fixture
def categories(db):
    """The shape of the demo tree: Textiles → Bolsos, Caminos de mesa; Miel (by lot) → Miel de algarrobo."""
    textiles = factories.category(name_es="Textiles", name_en="Textiles", slug="textiles")
    bags = factories.category(parent=textiles, name_es="Bolsos", name_en="Bags", slug="bolsos")
    runners = factories.category(parent=textiles, name_es="Caminos de mesa", slug="caminos-de-mesa")
    honey = factories.category(name_es="Miel", name_en="Honey", slug="miel", sold_by_lot=True)
    algarrobo = factories.category(parent=honey, name_es="Miel de algarrobo", slug="miel-de-algarrobo")
    return SimpleNamespace(textiles=textiles, bags=bags, runners=runners, honey=honey, algarrobo=algarrobo)


@pytest.fixture
def producer(login_as):
    """A producer signed in, member of a verified organisation (`.organisation`)."""
    return login_as("producer")


@pytest.fixture
def stranger_product(db):
    """A draft of another organisation, with a photo, a lot and a second variant."""
    other = factories.organisation()
    product = factories.complete_product(other, name_es="Chal de otra organización")
    factories.variant(product, option_es="lila")
    factories.lot(product)
    return product
