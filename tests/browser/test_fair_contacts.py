"""A producer at the booth, on a 360 px phone with a bad connection: a contact typed while the
network is cut waits on the phone and arrives once it is back; a half-typed form survives a reload."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from marketplace.extensions import db
from marketplace.fairs.models import Contact

from .. import factories
from ..fairs.booths import booth_on_now, fair_on_now
from .conftest import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def producer(app):
    person = factories.user(name="Juan Capuñay Yovera")
    organisation = factories.organisation(person, name="Juan Capuñay Yovera")
    factories.product(organisation, name_es="Miel de algarrobo 500 g")
    factories.product(organisation, name_es="Kit de muestras de miel 3 × 50 g")
    person.booth = booth_on_now(organisation, at=fair_on_now(name="Expoalimentaria 2026"))
    return person


def stored() -> list[Contact]:
    db.session.expire_all()
    return list(db.session.scalars(db.select(Contact).order_by(Contact.id)))


def fill_contact(page, name: str, email: str) -> None:
    page.fill("input[name=name]", name)
    page.fill("input[name=company]", "Bio Import GmbH")
    page.fill("input[name=email]", email)
    page.fill("input[name=whatsapp]", "+49 1512 3456789")
    page.select_option("select[name=country]", "DE")
    page.check("input[name=locale][value=en]")
    page.check("label:has-text('Kit de muestras') input")
    page.fill("textarea[name=note]", "Quiere miel a granel para Hamburgo")
    page.check("input[name=consent]")


def test_a_contact_logged_offline_arrives_when_the_network_is_back(phone, producer):
    sign_in(phone, producer)
    phone.goto("/producer/contacts/new")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    expect(phone.locator(".consent-text")).to_contain_text("Ley 29733")

    phone.context.set_offline(True)
    fill_contact(phone, "Hanna Becker", "hanna@bio-import.de")
    phone.click("button:has-text('Guardar contacto')")

    status = phone.locator("[data-queue-status]")
    expect(status).to_contain_text("Sin conexión: guardamos a Hanna Becker en este teléfono")
    expect(phone.locator("input[name=name]")).to_have_value("")  # ready for the next person
    assert stored() == []

    phone.context.set_offline(False)
    expect(status).to_contain_text("Volvió la conexión", timeout=15_000)
    [contact] = stored()
    assert (contact.name, contact.email, contact.whatsapp, contact.country, contact.locale) == (
        "Hanna Becker", "hanna@bio-import.de", "+4915123456789", "DE", "en")
    assert [i.product.name_es for i in contact.interests] == ["Kit de muestras de miel 3 × 50 g"]
    assert "Ley 29733" in contact.consent_text and contact.client_id

    # The phone forgot it once sent: a reload sends nothing again.
    phone.reload()
    assert phone.evaluate("localStorage.getItem('mc-contacts-queue')") == "[]"
    assert len(stored()) == 1


def test_a_contact_whose_answer_was_lost_is_stored_once(phone, producer):
    sign_in(phone, producer)
    phone.goto("/producer/contacts/new")
    fill_contact(phone, "Rocío Paredes", "rocio@tiendaconcepto.pe")

    # The server stores it but the phone never hears back (the connection drops on the way).
    def drop_the_answer(route):
        route.fetch()
        route.abort("connectionreset")

    phone.route("**/producer/contacts/new", lambda route: drop_the_answer(route)
                if route.request.method == "POST" else route.continue_())
    phone.click("button:has-text('Guardar contacto')")
    expect(phone.locator("[data-queue-status]")).to_contain_text("guardamos a Rocío Paredes en este teléfono")
    assert len(stored()) == 1

    phone.unroute("**/producer/contacts/new")
    phone.evaluate("window.dispatchEvent(new Event('online'))")
    expect(phone.locator("[data-queue-status]")).to_contain_text("Volvió la conexión")
    assert [c.name for c in stored()] == ["Rocío Paredes"]


def test_a_half_typed_contact_survives_a_reload(phone, producer):
    sign_in(phone, producer)
    phone.goto("/producer/contacts/new")
    phone.fill("input[name=name]", "Akiko Tanaka")
    phone.fill("input[name=email]", "akiko@example.jp")
    phone.check("label:has-text('Miel de algarrobo') input")
    phone.reload()
    expect(phone.locator("input[name=name]")).to_have_value("Akiko Tanaka")
    expect(phone.locator("input[name=email]")).to_have_value("akiko@example.jp")
    expect(phone.locator("label:has-text('Miel de algarrobo') input")).to_be_checked()


def test_without_consent_the_page_says_so_and_keeps_the_form(phone, producer):
    sign_in(phone, producer)
    phone.goto("/producer/contacts/new")
    fill_contact(phone, "Hanna Becker", "hanna@bio-import.de")
    phone.uncheck("input[name=consent]")
    phone.click("button:has-text('Guardar contacto')")
    expect(phone.locator("[data-form-problem]")).to_contain_text("Ley 29733")
    expect(phone.locator("input[name=name]")).to_have_value("Hanna Becker")
    assert stored() == []
