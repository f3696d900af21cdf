"""A consumer files a claim sheet from the footer on a phone, with and without JavaScript; staff
answer it; every page fits the phone."""
import re

import pytest
from playwright.sync_api import expect

from marketplace.complaints.models import Complaint, ComplaintStatus
from marketplace.extensions import db

from .conftest import PHONE

pytestmark = pytest.mark.browser

PHONE_WIDTH = 360


def fits_the_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH


def fill_in(page, *, detail: str = "La miel llegó con la tapa rota y se derramó.") -> None:
    page.fill("input[name=consumer_name]", "Lucía Huamán Torres")
    page.select_option("select[name=document_type]", "dni")
    page.fill("input[name=document_number]", "45678901")
    page.fill("input[name=address]", "Jr. Junín 321, Cercado, Ayacucho")
    page.fill("input[name=phone]", "987 111 222")
    page.fill("input[name=email]", "lucia.reclamo@example.pe")
    page.check("input[name=contracted][value=product]")
    page.fill("input[name=description]", "Miel de algarrobo, frasco de 500 g")
    page.fill("input[name=claimed_amount]", "35")
    page.check("input[name=kind][value=reclamo]")
    page.fill("textarea[name=detail]", detail)


def test_a_consumer_files_a_sheet_from_the_footer_on_a_phone(phone):
    phone.goto("/")
    phone.click("footer >> text=Libro de Reclamaciones")
    expect(phone.locator("h1")).to_contain_text("Libro de Reclamaciones")
    assert fits_the_phone(phone)

    fill_in(phone)
    phone.fill("textarea[name=consumer_request]", "Que me envíen otro frasco.")
    phone.click("text=Enviar la hoja de reclamación")

    expect(phone.locator(".flash-success")).to_contain_text("Registramos tu hoja de reclamación")
    expect(phone.locator("article.complaint-sheet")).to_contain_text("Miel de algarrobo, frasco de 500 g")
    expect(phone.locator("article.complaint-sheet")).to_contain_text("S/ 35.00")
    assert fits_the_phone(phone)


def test_without_javascript_a_rejected_sheet_keeps_what_was_typed_and_then_files(chromium, live_server, app):
    context = chromium.new_context(base_url=live_server.url, java_script_enabled=False, **PHONE)
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        page.goto("/libro-de-reclamaciones")
        fill_in(page)
        page.click("text=Enviar la hoja de reclamación")

        expect(page.locator("#consumer_request-error")).to_contain_text("Escribe qué pides que hagamos")
        assert page.input_value("textarea[name=detail]") == "La miel llegó con la tapa rota y se derramó."
        assert page.input_value("input[name=consumer_name]") == "Lucía Huamán Torres"
        assert fits_the_phone(page)

        page.fill("textarea[name=consumer_request]", "Que me devuelvan los 35 soles.")
        page.click("text=Enviar la hoja de reclamación")

        heading = page.locator("article.complaint-sheet h2")
        expect(heading).to_have_text(re.compile(r"Hoja de reclamación N.° \d{4}-000001"))
        expect(page.locator("article.complaint-sheet")).to_contain_text("Quedan 15 días hábiles")
        assert fits_the_phone(page)
    finally:
        context.close()
    db.session.expire_all()
    [sheet] = db.session.scalars(db.select(Complaint)).all()
    assert sheet.consumer_request == "Que me devuelvan los 35 soles." and sheet.claimed_amount == 3500


def test_staff_answer_on_a_phone(phone, browser_login):
    from tests.complaints.sheets import filed

    sheet = filed(consumer_name="Consumidora Con Un Nombre Bastante Largo Para Un Teléfono",
                  email="una.direccion.de.correo.muy.larga.para.un.telefono@example.pe")
    browser_login(phone, "staff")

    phone.goto("/")
    phone.click("header >> text=Reclamaciones")
    assert fits_the_phone(phone)
    phone.click(f"text={sheet.code}")
    assert fits_the_phone(phone)
    phone.fill("textarea[name=answer]", "Le devolvimos los 35 soles por Yape hoy.")
    phone.click("text=Enviar la respuesta")

    expect(phone.locator(".flash-success")).to_contain_text(f"Respondiste la hoja {sheet.code}")
    expect(phone.locator("textarea[name=answer]")).to_have_count(0)
    db.session.expire_all()
    assert db.session.get(Complaint, sheet.id).status == ComplaintStatus.ANSWERED
