"""A consumer fills in the Libro de Reclamaciones: a numbered sheet, a copy by email at once,
clear messages for what is missing, and nothing typed is lost."""
import pytest

from marketplace.audit import history
from marketplace.complaints.models import Complaint, ComplaintStatus
from marketplace.extensions import db
from tests import factories
from tests.orders.shop import Shop

from .sheets import FORM, sheet_link, text

FORM_URL = "/libro-de-reclamaciones"


def sheets() -> list[Complaint]:
    db.session.expire_all()
    return list(db.session.scalars(db.select(Complaint).order_by(Complaint.id)))


def test_the_form_shows_the_seller_and_the_legal_deadline(client):
    page = text(client.get(FORM_URL))

    assert "Libro de Reclamaciones" in page
    assert "Mercado Colectivo del Perú S.A.C." in page and "20611111119" in page
    assert "Calle San José 456, Chiclayo, Lambayeque" in page
    assert "no mayor a 15 días hábiles" in page
    assert "Reclamo: no estás conforme con el producto" in page and "Queja: no estás conforme con algo" in page
    assert 'method="post"' in page and 'name="csrf_token"' in page


def test_a_filed_sheet_is_numbered_and_shown_to_the_consumer(client):
    response = client.post(FORM_URL, data=FORM)

    assert response.status_code == 302
    [sheet] = sheets()
    assert sheet.code.endswith("-000001") and sheet.status == ComplaintStatus.RECEIVED
    assert sheet.phone == "+51987654321" and sheet.claimed_amount == 12050 and sheet.document_number == "41234567"
    assert (sheet.seller_legal_name, sheet.seller_ruc) == ("Mercado Colectivo del Perú S.A.C.", "20611111119")
    page = text(client.get(response.headers["Location"]))
    assert f"Hoja de reclamación N.° {sheet.code}" in page
    assert "Registramos tu hoja de reclamación" in page
    assert "S/ 120.50" in page and "La chalina llegó con un hilo suelto" in page and "Que me la cambien" in page
    assert "Quedan 15 días hábiles" in page
    assert [event.action for event in history(sheet)] == ["complaint.filed"]


def test_the_consumer_gets_a_copy_of_the_sheet_by_email_at_once(client, outbox):
    client.post(FORM_URL, data=FORM)

    [email] = outbox("ana.compradora@example.pe")
    [sheet] = sheets()
    assert email.kind == "complaint_filed" and email.subject == f"Tu hoja de reclamación N.° {sheet.code}"
    body = email.body.replace("\xa0", " ")
    for part in ("Mercado Colectivo del Perú S.A.C.", "RUC 20611111119", "Ana Quispe Mamani", "DNI: 41234567",
                 "Av. Arequipa 1234", "+51987654321", "Chalina de algodón nativo", "S/ 120.50", "Reclamo",
                 "La chalina llegó con un hilo suelto", "Que me la cambien", "15 días hábiles", "INDECOPI"):
        assert part in body, part
    # The emailed link opens the sheet without signing in; the bare number does not.
    assert sheet.code in text(client.get(sheet_link(body)))
    assert client.get(f"/libro-de-reclamaciones/hojas/{sheet.code}").status_code == 404
    assert client.get(f"/libro-de-reclamaciones/hojas/{sheet.code}?t=forged").status_code == 404


@pytest.mark.parametrize("name, message", [
    ("consumer_name", "Escribe tu nombre y apellidos."),
    ("document_number", "Escribe el número de tu documento."),
    ("address", "Escribe tu domicilio: calle, número, distrito y provincia."),
    ("phone", "Escribe un teléfono donde podamos llamarte."),
    ("email", "Escribe tu correo: ahí te enviamos la copia de la hoja y la respuesta."),
    ("contracted", "Elige si fue un producto o un servicio."),
    ("description", "Escribe qué producto o servicio contrataste."),
    ("kind", "Elige si es un reclamo o una queja."),
    ("detail", "Cuéntanos qué pasó."),
    ("consumer_request", "Escribe qué pides que hagamos"),
])
def test_each_required_field_says_what_to_write_and_keeps_the_rest(client, outbox, name, message):
    data = {**FORM, name: ""}

    response = client.post(FORM_URL, data=data)

    assert response.status_code == 422
    page = text(response)
    assert message in page
    assert "Revisa los campos marcados" in page
    assert "Av. Arequipa 1234, dpto. 501, Lince, Lima" in page or name == "address"
    assert "La chalina llegó con un hilo suelto en el borde." in page or name == "detail"
    assert sheets() == [] and outbox() == []


@pytest.mark.parametrize("field, value, message", [
    ("document_number", "4123", "Un DNI tiene 8 dígitos, como 41234567."),
    ("email", "ana-at-example", "Escribe un correo válido, como nombre@ejemplo.pe."),
    ("phone", "12", "Escribe un celular peruano"),
    ("claimed_amount", "ciento veinte", "Escribe el monto en soles con números"),
    ("claimed_amount", "-5", "Escribe el monto en soles con números"),
    ("claimed_amount", "12.345", "Usa como máximo dos decimales"),
])
def test_wrong_values_get_a_message_and_keep_what_was_typed(client, field, value, message):
    response = client.post(FORM_URL, data={**FORM, field: value})

    assert response.status_code == 422
    page = text(response)
    assert message in page
    assert f'value="{value}"' in page
    assert sheets() == []


def test_a_foreign_document_is_taken_as_printed(client):
    client.post(FORM_URL, data={**FORM, "document_type": "passport", "document_number": "ab 123 4567"})

    [sheet] = sheets()
    assert (sheet.document_type.value, sheet.document_number) == ("passport", "AB1234567")


def test_a_minor_files_with_a_parents_name(client):
    response = client.post(FORM_URL, data={**FORM, "is_minor": "y"})
    assert response.status_code == 422
    assert "Si eres menor de edad, escribe el nombre de tu padre, madre o representante." in text(response)

    client.post(FORM_URL, data={**FORM, "is_minor": "y", "guardian_name": "Rosa Mamani Condori"})
    [sheet] = sheets()
    assert sheet.is_minor and sheet.guardian_name == "Rosa Mamani Condori"


def test_an_order_is_linked_only_when_it_is_the_consumers(client):
    shop = Shop(client)
    mine = shop.place({shop.textile(): 1}, email="ana.compradora@example.pe")
    theirs = shop.place({shop.honey(): 1}, email="otra.persona@example.pe")

    response = client.post(FORM_URL, data={**FORM, "order_reference": theirs.reference})
    assert response.status_code == 422
    assert "No encontramos ese pedido entre los tuyos" in text(response)
    response = client.post(FORM_URL, data={**FORM, "order_reference": "MC-ZZZZ-ZZZZ"})
    assert "No encontramos ese pedido entre los tuyos" in text(response)
    assert sheets() == []

    client.post(FORM_URL, data={**FORM, "order_reference": mine.reference.lower()})
    [sheet] = sheets()
    assert (sheet.order_id, sheet.order_reference) == (mine.id, mine.reference)


def test_a_signed_in_buyer_links_an_order_of_their_account_and_sees_the_sheet_from_their_account(client, login_as):
    buyer = login_as("buyer", email="rosa@example.pe", name="Rosa Llontop", phone="+51912345678")
    shop = Shop(client)
    order = shop.place({shop.textile(): 1}, buyer=buyer, email="otro.correo@example.pe")

    page = text(client.get(FORM_URL))
    assert 'value="Rosa Llontop"' in page and 'value="rosa@example.pe"' in page
    assert f'<option value="{order.reference}">' in page
    response = client.post(FORM_URL, data={**FORM, "email": "rosa@example.pe", "order_reference": order.reference})

    [sheet] = sheets()
    assert sheet.user_id == buyer.id and sheet.order_id == order.id
    assert "Mis reclamos y quejas" in text(client.get("/account/profile"))
    mine = text(client.get("/libro-de-reclamaciones/mis-hojas"))
    assert sheet.code in mine and "Chalina de algodón nativo" in mine
    assert sheet.code in text(client.get(f"/libro-de-reclamaciones/hojas/{sheet.code}"))
    assert response.status_code == 302


def test_a_buyer_sees_only_their_own_sheets(client, login_as):
    other = filed_by_someone_else()
    login_as("buyer")

    assert other.code not in text(client.get("/libro-de-reclamaciones/mis-hojas"))
    assert client.get(f"/libro-de-reclamaciones/hojas/{other.code}").status_code == 404


def filed_by_someone_else():
    from .sheets import filed

    return filed(user=factories.user(), email="someone@example.pe")


def test_the_form_needs_its_csrf_token(client):
    response = client.post(FORM_URL, data=FORM, csrf=False)

    assert response.status_code == 400
    assert sheets() == []


def test_too_many_sheets_from_one_address_are_refused_keeping_what_was_typed(app, client):
    app.config["COMPLAINT_RATE_LIMIT"] = "2 per minute"
    for n in range(2):
        assert client.post(FORM_URL, data={**FORM, "detail": f"Hoja {n}"}).status_code == 302

    response = client.post(FORM_URL, data={**FORM, "detail": "La tercera hoja, escrita con cuidado."})

    assert response.status_code == 429
    page = text(response)
    assert "Espera unos minutos y vuelve a enviarla: guardamos lo que escribiste." in page
    assert "La tercera hoja, escrita con cuidado." in page and 'value="Ana Quispe Mamani"' in page
    assert len(sheets()) == 2


def test_the_form_in_english(client):
    client.post("/language/en", data={})
    page = text(client.get(FORM_URL))

    assert "Complaints Book" in page
    assert "within 15 business days" in page
