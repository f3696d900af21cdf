"""Brand tests: a brand with its steward, an authorised member with a product, and staff.

Files (rules PDFs, seal images) go to a temporary folder."""
from __future__ import annotations

import io
from types import SimpleNamespace

import pytest
from pypdf import PdfWriter

from marketplace.producers.models import MemberRole, OrganisationKind

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


def pdf_bytes(pages: int = 1) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def sign_in(client, user) -> None:
    response = client.post("/account/sign-in", data={"email": user.email, "password": factories.PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)


def make_world(name="Miel del Algarrobal", slug="miel-del-algarrobal"):
    steward_user = factories.user(name="Segundo Yovera", email=f"steward-{slug}@example.pe")
    owner = factories.organisation(owner=steward_user, name=f"Apicultores de {name}", kind=OrganisationKind.ASSOCIATION)
    brand = factories.brand(owner, name=name, slug=slug)
    factories.steward(brand, steward_user)
    producer = factories.user(name="Juan Capuñay", email=f"juan-{slug}@example.pe", locale="es")
    member_org = factories.organisation(owner=producer, name=f"Juan Capuñay ({name})", kind=OrganisationKind.INDIVIDUAL,
                                        district_code="140310")
    membership = factories.authorisation(brand, member_org)
    product = factories.complete_product(member_org, name_es="Miel de algarrobo 500 g", name_en="Algarrobo honey 500 g")
    return SimpleNamespace(brand=brand, owner=owner, steward=steward_user, producer=producer, member_org=member_org,
                           membership=membership, product=product)


@pytest.fixture
def world(app):
    w = make_world()
    w.staff = factories.user(is_staff=True, name="Sofía Ramos", email="sofia@example.pe")
    return w


@pytest.fixture
def other_world(app):
    return make_world(name="Hilos de Túcume", slug="hilos-de-tucume")


__all__ = ["MemberRole", "pdf_bytes", "sign_in"]
