"""Provenance labels: a sheet of stickers for a honey lot or a textile piece, and the public page
their QR opens, which keeps answering for an expired or withdrawn lot and a product no longer sold."""
from __future__ import annotations

import io
import re
from base64 import b64decode
from datetime import date, timedelta
from urllib.parse import unquote

import pytest
import zxingcpp
from PIL import Image

from marketplace.audit import history
from marketplace.brands.models import ListingState
from marketplace.catalogue.models import Lot, ProductStatus, Provenance, Technique
from marketplace.clock import lima_today
from marketplace.extensions import db
from marketplace.fairs import provenance_labels as labels

from .. import factories


@pytest.fixture
def honey(app):
    """A published algarrobo honey of a Salas beekeeper, its lot on sale, with the brand's seal."""
    producer = factories.user(name="Juan Capuñay Yovera")
    org = factories.organisation(producer, name="Juan Capuñay Yovera", district_code="140310")
    product = factories.published_product(org, name_es="Miel de algarrobo 500 g", in_category=factories.honey_category())
    product.provenance = Provenance(community="Tongorrape", district_code="140307")
    lot = factories.lot(product, lot_code="MDA-SAL-2024-C1-007", floral_source="Algarrobo (Prosopis pallida)",
                        harvest_date=date(2024, 3, 15), best_before=lima_today() + timedelta(days=300),
                        apiary_district_code="140310")
    brand = factories.brand(name="Miel del Algarrobal")
    factories.authorisation(brand, org)
    factories.brand_listing(product, brand, ListingState.APPROVED)
    lot.producer = producer
    return lot


def sign_in(client, user):
    response = client.post("/account/sign-in", data={"email": user.email, "password": factories.PASSWORD})
    assert response.status_code == 302


def page_of(client, url):
    return client.get(url).get_data(as_text=True)


def test_the_lot_sheet_prints_24_stickers_with_a_qr_to_the_lot_page(client, honey):
    sign_in(client, honey.producer)
    page = page_of(client, f"/producer/labels/lots/{honey.id}")
    assert page.count('class="sticker"') == labels.STICKERS_PER_SHEET
    assert "Lote MDA-SAL-2024-C1-007" in page and "Marca colectiva Miel del Algarrobal" in page

    svg = b64decode(re.search(r'src="data:image/svg\+xml;base64,([^"]+)"', page).group(1)) \
        if "base64" in page else unquote(re.search(r'src="data:image/svg\+xml(?:;charset=utf-8)?,([^"]+)"', page).group(1)).encode()
    assert b"<svg" in svg


def test_the_qr_png_reads_as_the_lot_pages_address(client, honey):
    sign_in(client, honey.producer)
    response = client.get(f"/producer/labels/lots/{honey.id}/qr.png")
    assert response.mimetype == "image/png"
    [code] = zxingcpp.read_barcodes(Image.open(io.BytesIO(response.data)))
    assert code.text == f"http://localhost/lote/{honey.id}-mda-sal-2024-c1-007"


def test_the_lot_page_shows_the_provenance_buyers_expect(client, honey):
    page = page_of(client, f"/lote/{labels.lot_code(honey)}")
    for expected in ("Miel de algarrobo 500 g", "Juan Capuñay Yovera", "MDA-SAL-2024-C1-007", "Tongorrape",
                     "Motupe", "Salas", "Algarrobo (Prosopis pallida)", "15 mar 2024", "Miel del Algarrobal",
                     "Ver el producto en la tienda"):
        assert expected in page, expected


def test_the_seal_shows_only_while_the_listing_is_approved(client, honey):
    listing = honey.product_id and db.session.scalars(db.select(factories.BrandListing)).one()
    listing.state = ListingState.WITHDRAWN
    db.session.commit()
    assert "Miel del Algarrobal" not in page_of(client, f"/lote/{labels.lot_code(honey)}")


def test_an_expired_lot_still_answers_and_says_so(client, honey):
    honey.best_before = lima_today() - timedelta(days=1)
    db.session.commit()
    response = client.get(f"/lote/{labels.lot_code(honey)}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Este lote ya venció" in page and "MDA-SAL-2024-C1-007" in page
    assert "Ver el producto en la tienda" not in page


def test_a_withdrawn_lot_answers_with_the_reason(client, honey):
    other = factories.lot(honey.product, lot_code="MDA-SAL-2024-C2-001", is_current=False)
    other.is_current, honey.is_current = True, False
    db.session.commit()
    sign_in(client, honey.producer)

    refused = client.post(f"/producer/labels/lots/{honey.id}/withdraw", data={"reason": " "})
    assert "Escribe por qué retiras el lote" in page_of(client, refused.location)
    client.post(f"/producer/labels/lots/{honey.id}/withdraw", data={"reason": "Humedad sobre el 20 % en el control"})

    db.session.expire_all()
    lot = db.session.get(Lot, honey.id)
    assert lot.withdrawn_at and lot.withdrawn_reason == "Humedad sobre el 20 % en el control"
    assert history(lot.product)[-1].action == "product.lot_withdrawn"
    response = client.get(f"/lote/{labels.lot_code(lot)}")
    assert response.status_code == 200
    assert "Este lote fue retirado de la venta por su productor: Humedad sobre el 20 % en el control" in response.get_data(as_text=True)


def test_the_lot_on_sale_of_a_published_honey_cannot_be_withdrawn(client, honey):
    sign_in(client, honey.producer)
    response = client.post(f"/producer/labels/lots/{honey.id}/withdraw", data={"reason": "Control de calidad"})
    assert "marca otro lote como actual" in page_of(client, response.location)
    db.session.expire_all()
    assert db.session.get(Lot, honey.id).withdrawn_at is None


def test_withdrawing_needs_the_csrf_token(client, honey):
    sign_in(client, honey.producer)
    assert client.post(f"/producer/labels/lots/{honey.id}/withdraw", data={"reason": "x"}, csrf=False).status_code == 400


def test_an_archived_piece_still_answers_and_says_it_is_no_longer_sold(client):
    shawl = factories.published_product(name_es="Chal de algodón nativo marrón oscuro y lila")
    shawl.provenance = Provenance(community="Túcume Viejo", district_code="140312", technique=Technique.BACKSTRAP,
                                  fibre="Algodón nativo", hours_of_work=30)
    db.session.commit()
    url = f"/pieza/{labels.piece_code(shawl)}"
    assert "Telar de cintura" in page_of(client, url) and "Túcume" in page_of(client, url)

    shawl.status = ProductStatus.ARCHIVED
    db.session.commit()
    response = client.get(url)
    assert response.status_code == 200
    assert "Este producto ya no está a la venta" in response.get_data(as_text=True)


def test_a_product_never_published_has_no_label_page(client):
    draft = factories.product(name_es="Borrador")
    assert client.get(f"/pieza/{labels.piece_code(draft)}").status_code == 404


def test_an_unknown_code_is_not_found_and_an_old_one_redirects(client, honey):
    assert client.get("/lote/999999-no-existe").status_code == 404
    assert client.get("/lote/nada").status_code == 404
    response = client.get(f"/lote/{honey.id}-codigo-anterior")
    assert response.status_code == 301 and response.location.endswith(f"/lote/{labels.lot_code(honey)}")


def test_another_organisations_sheets_are_not_found(client, login_as, honey):
    login_as("producer")
    assert client.get(f"/producer/labels/lots/{honey.id}").status_code == 404
    assert client.get(f"/producer/labels/lots/{honey.id}/qr.png").status_code == 404
    assert client.post(f"/producer/labels/lots/{honey.id}/withdraw", data={"reason": "x"}).status_code == 404
    assert client.get(f"/producer/labels/products/{factories.published_product().id}").status_code == 404


def test_staff_may_print_any_sheet(client, login_as, honey):
    login_as("staff")
    assert client.get(f"/producer/labels/lots/{honey.id}").status_code == 200


def test_a_textile_piece_has_a_sheet_and_honey_is_labelled_by_lot(client, honey):
    sign_in(client, honey.producer)
    runner = factories.published_product(honey.product.organisation, name_es="Camino de mesa")
    page = page_of(client, f"/producer/labels/products/{runner.id}")
    assert page.count('class="sticker"') == labels.STICKERS_PER_SHEET and "Camino de mesa" in page
    assert client.get(f"/producer/labels/products/{honey.product_id}").status_code == 404


def test_a_withdrawn_lot_cannot_be_made_the_lot_on_sale_again(client, honey):
    old = factories.lot(honey.product, lot_code="MDA-SAL-2023-C2-010", is_current=False,
                        withdrawn_reason="Retirado", withdrawn_at=factories.utcnow())
    sign_in(client, honey.producer)
    response = client.post(f"/producer/products/{honey.product_id}/lots/{old.id}/current", data={})
    assert "fue retirado de la venta" in page_of(client, response.location)
    db.session.expire_all()
    assert db.session.get(Lot, old.id).is_current is False and db.session.get(Lot, honey.id).is_current
