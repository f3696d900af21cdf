"""A producer signs up and registers an organisation on a phone; staff verify it on a desktop."""
import re

import pytest
from playwright.sync_api import expect

from marketplace.extensions import db
from marketplace.producers.models import Organisation, VerificationStatus

pytestmark = pytest.mark.browser


def test_producer_signs_up_and_creates_an_organisation_on_a_phone(phone, app, outbox):
    phone.goto("/")
    expect(phone.locator("h1")).to_contain_text("Hecho a mano")
    phone.click("text=Crear cuenta >> nth=0")
    phone.fill("input[name=name]", "Rosa Santisteban")
    phone.fill("input[name=email]", "rosa.browser@example.pe")
    phone.fill("input[name=phone]", "987 654 321")
    phone.fill("input[name=password]", "algodon nativo pardo")
    phone.click("button:has-text('Crear cuenta')")
    expect(phone.locator("body")).to_contain_text("Te enviamos un correo a rosa.browser@example.pe")
    # The account is made from the link emailed to the address (the same answer for a taken one).
    link = re.search(r"https?://[^/\s]+(/account/sign-up/\S+)", outbox("rosa.browser@example.pe")[-1].body).group(1)
    phone.goto(link)
    phone.click("button:has-text('Crear mi cuenta y entrar')")
    expect(phone.locator("h1")).to_have_text("Mis organizaciones")

    phone.click("text=Registrar una organización")
    phone.fill("input[name=name]", "Tejedoras de Mórrope")
    phone.check("input[name=kind][value=association]")
    # JavaScript fills provinces and districts as the region is chosen.
    phone.select_option("select[name=region]", "14")
    expect(phone.locator("select[name=province] option[value='1403']")).to_have_count(1)
    phone.select_option("select[name=province]", "1403")
    expect(phone.locator("select[name=district] option[value='140306']")).to_have_count(1)
    phone.select_option("select[name=district]", "140306")
    phone.fill("input[name=ruc]", "20601234565")
    phone.check("input[name=women_led]")
    phone.fill("textarea[name=story_es]", "Hilamos algodón nativo pardo y crema.")
    phone.click("form.stack > button.primary")

    expect(phone.locator("h1")).to_have_text("Tejedoras de Mórrope")
    expect(phone.locator(".badge")).to_have_text("sin verificar")
    organisation = db.session.scalar(db.select(Organisation).where(Organisation.name == "Tejedoras de Mórrope"))
    assert organisation.district_code == "140306" and organisation.ruc == "20601234565"
    assert organisation.status == VerificationStatus.UNVERIFIED
    # Nothing of it is public yet.
    phone.goto("/")
    expect(phone.locator("main")).not_to_contain_text("Tejedoras de Mórrope")


def test_the_phone_form_works_without_javascript(chromium, live_server, app, browser_login):
    from .conftest import PHONE

    context = chromium.new_context(base_url=live_server.url, java_script_enabled=False, **PHONE)
    page = context.new_page()
    browser_login(page, "buyer")
    page.goto("/producer/organisations/new")
    page.fill("input[name=name]", "Taller sin JavaScript")
    page.check("input[name=kind][value=family]")
    page.select_option("select[name=region]", "08")
    page.click("button[name=refresh_places]")
    page.select_option("select[name=province]", "0804")
    page.click("button[name=refresh_places]")
    page.select_option("select[name=district]", "080405")
    expect(page.locator("input[name=name]")).to_have_value("Taller sin JavaScript")
    page.fill("textarea[name=story_es]", "Tejemos en Pisac.")
    page.click("form.stack > button.primary")
    expect(page.locator("h1")).to_have_text("Taller sin JavaScript")
    context.close()


def test_staff_verify_an_organisation_on_a_desktop(desktop, app, browser_login, outbox):
    from .. import factories

    owner = factories.user(email="lucia@example.pe", name="Lucía Quispe")
    factories.organisation(owner=owner, name="Taller Inti Pallay", status=VerificationStatus.UNVERIFIED,
                           district_code="080405")
    staff = browser_login(desktop, "staff")
    desktop.goto("/staff/")
    desktop.click("text=Taller Inti Pallay")
    expect(desktop.locator("h1")).to_have_text("Taller Inti Pallay")
    desktop.click("button:has-text('Verificar')")
    expect(desktop.locator(".flash-success")).to_contain_text("Verificaste")
    expect(desktop.locator("main")).to_contain_text("No hay organizaciones esperando")

    db.session.expire_all()
    organisation = db.session.scalar(db.select(Organisation).where(Organisation.name == "Taller Inti Pallay"))
    assert organisation.status == VerificationStatus.VERIFIED
    assert [e.subject for e in outbox("lucia@example.pe")] == ["«Taller Inti Pallay» ya está verificada"]
    desktop.goto("/")
    expect(desktop.locator("main")).to_contain_text("Taller Inti Pallay")
    assert re.search(r"Pisac", desktop.content())
    assert staff.is_staff


def test_language_switch_persists_in_a_cookie(phone, app):
    phone.goto("/")
    phone.click("a.lang-switch:has-text('English')")
    expect(phone.locator("html")).to_have_attribute("lang", "en")
    assert {cookie["name"] for cookie in phone.context.cookies()} == {"lang"}  # no session for a visitor
    phone.goto("/account/sign-in")
    expect(phone.locator("html")).to_have_attribute("lang", "en")
