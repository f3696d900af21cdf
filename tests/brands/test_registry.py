"""Staff keep the registry: brands with their INDECOPI data, rules PDF, seal and stewards."""
import io
from datetime import date
from pathlib import Path

import pytest
from PIL import Image as PILImage

from marketplace import audit
from marketplace.brands import services
from marketplace.brands.models import BrandSteward, CollectiveBrand
from marketplace.extensions import db
from marketplace.media.models import Image
from marketplace.producers.models import OrganisationKind

from .. import factories
from .conftest import pdf_bytes, sign_in


def jpeg() -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (64, 64), (160, 110, 40)).save(buffer, "JPEG")
    return buffer.getvalue()


def stored_files(app) -> list[Path]:
    root = Path(app.config["MEDIA_ROOT"])
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def form(owner, **overrides):
    data = {
        "name": "Miel del Algarrobal", "owner": owner.id, "region": "14", "registration_number": "C-00ILUS3",
        "nice_classes": "30", "granted_on": "2018-09-20", "expires_on": "",
        "products_covered_es": "Miel de abeja del bosque seco.", "usage_rules_es": "Solo integrantes con apiarios en Salas y Motupe.",
        "description_es": "Miel del bosque seco de algarrobo de Salas y Motupe.", "description_en": "Dry-forest honey.",
    }
    data.update(overrides)
    return data


@pytest.fixture
def owner(app):
    return factories.organisation(owner=factories.user(name="Segundo Yovera"), name="Asociación de Apicultores",
                                  kind=OrganisationKind.ASSOCIATION)


def test_staff_register_a_brand_with_its_rules_pdf_and_seal(app, client, login_as, owner):
    login_as("staff")
    response = client.post("/staff/brands/new", data=form(
        owner, rules_document=(io.BytesIO(pdf_bytes(2)), "reglamento uso.pdf"), seal_image=(io.BytesIO(jpeg()), "sello.jpg"),
    ), content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)
    brand = db.session.scalar(db.select(CollectiveBrand))
    assert brand.slug == "miel-del-algarrobal" and brand.owner_id == owner.id
    assert brand.expires_on == date(2028, 9, 20)  # ten years after the grant
    assert brand.nice_classes == "30" and brand.rules_document_name == "reglamento_uso.pdf"
    assert brand.seal_image is not None and brand.seal_image.organisation_id == owner.id
    assert any(p.suffix == ".pdf" for p in stored_files(app))
    pdf = client.get(f"/brands/{brand.slug}/reglamento.pdf")
    assert pdf.status_code == 302
    served = client.get(pdf.location)
    assert served.status_code == 200 and served.data.startswith(b"%PDF-")
    assert audit.history(brand)[0].action == "brand.created"


@pytest.mark.parametrize(("content", "message"), [
    (b"GIF89a not a pdf at all", "tiene que ser un archivo PDF"),
    (b"%PDF-1.7\n%%EOF garbage that does not parse", "No pudimos abrir ese PDF"),
])
def test_a_rules_file_that_is_not_a_readable_pdf_is_refused_and_nothing_is_stored(app, client, login_as, owner,
                                                                                   content, message):
    login_as("staff")
    response = client.post("/staff/brands/new", data=form(
        owner, rules_document=(io.BytesIO(content), "reglamento.pdf"), seal_image=(io.BytesIO(jpeg()), "sello.jpg"),
    ), content_type="multipart/form-data")
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(db.select(CollectiveBrand)) is None
    assert db.session.scalar(db.select(Image)) is None
    assert stored_files(app) == []


def test_a_rules_pdf_over_the_limit_is_refused(app, client, login_as, owner):
    app.config["BRAND_RULES_MAX_BYTES"] = 1024
    login_as("staff")
    big = pdf_bytes(1) + b"\n%" + b"x" * 2048
    response = client.post("/staff/brands/new", data=form(owner, rules_document=(io.BytesIO(big), "r.pdf")),
                           content_type="multipart/form-data")
    assert response.status_code == 422 and "pesa demasiado" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(CollectiveBrand)) is None and stored_files(app) == []


def test_a_seal_that_is_not_an_image_leaves_no_file(app, client, login_as, owner):
    login_as("staff")
    response = client.post("/staff/brands/new", data=form(
        owner, rules_document=(io.BytesIO(pdf_bytes()), "r.pdf"), seal_image=(io.BytesIO(b"<svg></svg>"), "sello.svg"),
    ), content_type="multipart/form-data")
    assert response.status_code == 422
    assert db.session.scalar(db.select(CollectiveBrand)) is None and stored_files(app) == []


def test_a_failure_while_saving_removes_the_files_already_stored(app, owner, monkeypatch):
    staff = factories.user(is_staff=True)
    details = services.BrandDetails(name="Marca", owner_id=owner.id, region_code="14", description_es="Historia")
    rules = services.RulesDocument(pdf_bytes(), "r.pdf")

    def fail(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr("marketplace.brands.registry.audit.record", fail)
    with pytest.raises(RuntimeError):
        services.save_brand(None, details, by=staff, rules=rules, seal_upload=jpeg())
    assert db.session.scalar(db.select(CollectiveBrand)) is None
    assert db.session.scalar(db.select(Image)) is None
    assert stored_files(app) == []


def test_the_owner_must_be_an_association_or_consortium(client, login_as):
    producer = factories.organisation(kind=OrganisationKind.INDIVIDUAL, name="Rosa Santisteban")
    login_as("staff")
    response = client.post("/staff/brands/new", data=form(producer))
    assert response.status_code == 422 and "asociación o un consorcio" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(CollectiveBrand)) is None


def test_nice_classes_and_dates_are_checked(client, login_as, owner):
    login_as("staff")
    bad = client.post("/staff/brands/new", data=form(owner, nice_classes="30, 99"))
    assert bad.status_code == 422 and "del 1 al 45" in bad.get_data(as_text=True)
    backwards = client.post("/staff/brands/new", data=form(owner, expires_on="2010-01-01"))
    assert backwards.status_code == 422 and "posterior a la concesión" in backwards.get_data(as_text=True)
    client.post("/staff/brands/new", data=form(owner, nice_classes="25; 24, 18 24"))
    assert db.session.scalar(db.select(CollectiveBrand.nice_classes)) == "18, 24, 25"


def test_staff_edit_a_brand_and_replace_its_rules(app, client, login_as, owner):
    brand = factories.brand(owner, name="Miel del Algarrobal", slug="miel-del-algarrobal")
    login_as("staff")
    client.post(f"/staff/brands/{brand.id}/edit", data=form(owner, rules_document=(io.BytesIO(pdf_bytes(1)), "v1.pdf")),
                content_type="multipart/form-data")
    first = [p.name for p in stored_files(app)]
    client.post(f"/staff/brands/{brand.id}/edit", data=form(owner, usage_rules_es="Reglas nuevas",
                                                            rules_document=(io.BytesIO(pdf_bytes(3)), "v2.pdf")),
                content_type="multipart/form-data")
    db.session.refresh(brand)
    assert brand.usage_rules_es == "Reglas nuevas" and brand.rules_document_name == "v2.pdf"
    assert [p.name for p in stored_files(app)] != first and len(stored_files(app)) == 1  # the old PDF is gone
    assert brand.slug == "miel-del-algarrobal"


def test_staff_renew_a_registration_for_ten_years(client, login_as, owner):
    brand = factories.brand(owner, expires_on=date(2028, 9, 20))
    login_as("staff")
    client.post(f"/staff/brands/{brand.id}/renew", data={})
    db.session.refresh(brand)
    assert brand.expires_on == date(2038, 9, 20)
    assert audit.history(brand)[-1].action == "brand.renewed"


def test_stewards_are_appointed_among_the_owners_members(client, login_as, owner, outbox):
    brand = factories.brand(owner)
    member = owner.memberships[0].user
    outsider = factories.user(name="Persona Ajena")
    login_as("staff")
    page = client.get(f"/staff/brands/{brand.id}").get_data(as_text=True)
    assert "Segundo Yovera" in page and "Persona Ajena" not in page
    refused = client.post(f"/staff/brands/{brand.id}/stewards", data={"user": outsider.id})
    assert refused.status_code == 422 and "Solo puedes nombrar a integrantes" in refused.get_data(as_text=True)
    client.post(f"/staff/brands/{brand.id}/stewards", data={"user": member.id})
    [steward] = db.session.scalars(db.select(BrandSteward)).all()
    assert steward.user_id == member.id
    assert outbox(member.email)[-1].kind == "brand_steward_appointed"
    client.post(f"/staff/brands/{brand.id}/stewards/{steward.id}/remove", data={})
    assert db.session.scalar(db.select(BrandSteward)) is None


def test_non_staff_cannot_edit_the_registry(client, owner):
    brand = factories.brand(owner)
    steward = owner.memberships[0].user
    factories.steward(brand, steward)
    sign_in(client, steward)
    assert client.get("/staff/brands/new").status_code == 403
    assert client.post(f"/staff/brands/{brand.id}/edit", data=form(owner, name="Otra")).status_code == 403
    assert client.post(f"/staff/brands/{brand.id}/renew", data={}).status_code == 403
    db.session.refresh(brand)
    assert brand.name != "Otra"


def test_an_unknown_brand_is_404_for_staff(client, login_as):
    login_as("staff")
    assert client.get("/staff/brands/999999").status_code == 404
    assert client.get("/staff/brands/listings/999999").status_code == 404
