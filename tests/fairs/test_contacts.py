"""A producer logs the buyers met at the booth: consent, a way to reach them, duplicates merged,
a resend from an offline phone stored once, and only at their own booths."""
from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from marketplace.audit import history
from marketplace.catalogue.models import ProductStatus
from marketplace.clock import lima_today, utcnow
from marketplace.extensions import db
from marketplace.fairs import contacts as services
from marketplace.fairs.models import BoothStatus, Contact
from marketplace.sent_forms import Sending, earlier

from .. import factories
from .booths import booth_on_now

URL = "/producer/contacts/new"


@pytest.fixture
def booth(login_as):
    producer = login_as("producer")
    booth = booth_on_now(producer.organisation)
    booth.producer = producer
    return booth


def details(**kwargs) -> services.ContactDetails:
    defaults = dict(name="Hanna Becker", email="hanna@bio-import.de", company="Bio Import GmbH", consent=True,
                    locale="en", consent_locale="es")
    defaults.update(kwargs)
    return services.ContactDetails(**defaults)


def form(booth, **kwargs) -> dict:
    data = dict(booth_id=booth.id, client_id=str(uuid.uuid4()), consent_locale="es", name="Hanna Becker",
                company="Bio Import GmbH", country="DE", email="hanna@bio-import.de", whatsapp="",
                locale="en", note="Quiere miel de algarrobo a granel", consent="y")
    data.update(kwargs)
    return {k: v for k, v in data.items() if v is not None}


def contacts() -> list[Contact]:
    db.session.expire_all()
    return list(db.session.scalars(db.select(Contact).order_by(Contact.id)))


def test_a_contact_is_logged_with_the_consent_text_shown_and_its_time(client, booth):
    honey = factories.product(booth.organisation, name_es="Miel de algarrobo 500 g")
    page = client.get(f"{URL}?booth={booth.id}").get_data(as_text=True)
    assert "Ley 29733" in page and "Miel de algarrobo 500 g" in page

    before = utcnow()
    response = client.post(URL, data=form(booth, products=[honey.id], whatsapp="+49 1512 3456789"))

    assert response.status_code == 302
    [contact] = contacts()
    assert (contact.name, contact.company, contact.country, contact.locale) == ("Hanna Becker", "Bio Import GmbH", "DE", "en")
    assert contact.email == "hanna@bio-import.de" and contact.whatsapp == "+4915123456789"
    assert contact.fair_id == booth.fair_id and contact.organisation_id == booth.organisation_id
    assert contact.consent_text == services.consent_text(booth.organisation.name, "es")
    assert booth.organisation.name in contact.consent_text and "Ley 29733" in contact.consent_text
    assert before <= contact.consented_at <= utcnow()
    assert [i.product_id for i in contact.interests] == [honey.id]
    assert contact.created_by_id == booth.producer.id
    assert [e.action for e in history(contact)] == ["fair_contact.created"]
    assert "Guardamos el contacto de Hanna Becker" in client.get(response.location).get_data(as_text=True)


def test_the_consent_text_is_stored_in_the_language_it_was_shown_in(client, booth):
    client.post(URL, data=form(booth, consent_locale="en"))
    [contact] = contacts()
    assert contact.consent_text.startswith("I agree that ")


def test_without_consent_nothing_is_written_and_the_form_keeps_what_was_typed(client, booth):
    response = client.post(URL, data=form(booth, consent=None, note="Conversamos sobre envíos a Hamburgo"))

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Sin el permiso de la persona no podemos guardar sus datos (Ley 29733)" in page
    assert 'value="Hanna Becker"' in page and "Conversamos sobre envíos a Hamburgo" in page
    assert contacts() == []


def test_a_contact_without_email_or_whatsapp_is_refused(client, booth):
    response = client.post(URL, data=form(booth, email="", whatsapp=""))
    assert response.status_code == 422
    assert "Escribe un correo o un número de WhatsApp" in response.get_data(as_text=True)
    assert contacts() == []


def test_a_whatsapp_number_that_is_not_a_phone_is_refused(client, booth):
    response = client.post(URL, data=form(booth, email="", whatsapp="12345"))
    assert response.status_code == 422
    assert "Revisa el WhatsApp" in response.get_data(as_text=True)
    assert contacts() == []


def test_a_whatsapp_only_contact_gets_its_country_from_the_number(client, booth):
    client.post(URL, data=form(booth, email="", country="", whatsapp="+1 415 555 2671"))
    [contact] = contacts()
    assert contact.email is None and contact.whatsapp == "+14155552671" and contact.country == "US"


def test_the_same_email_at_the_same_fair_is_merged_into_one_contact(booth):
    honey, kit = (factories.product(booth.organisation, name_es=n) for n in ("Miel 1 kg", "Kit de muestras"))
    first = services.log_contact(booth, details(company=None, note="Probó la miel", product_ids=[honey.id]),
                                 by=booth.producer)
    second = services.log_contact(booth, details(email=" Hanna@Bio-Import.DE ", whatsapp="+49 1512 3456789",
                                                 company="Bio Import GmbH", note="Pidió muestras",
                                                 product_ids=[kit.id, honey.id]), by=booth.producer)

    assert (first.outcome, second.outcome) == ("created", "merged")
    [contact] = contacts()
    assert contact.company == "Bio Import GmbH" and contact.whatsapp == "+4915123456789"
    assert contact.note == "Probó la miel\n\nPidió muestras"
    assert sorted(i.product_id for i in contact.interests) == sorted([honey.id, kit.id])
    assert [e.action for e in history(contact)] == ["fair_contact.created", "fair_contact.merged"]


def test_the_same_whatsapp_at_the_same_fair_is_merged(booth):
    services.log_contact(booth, details(email=None, whatsapp="987 654 321", name="Rocío Paredes"), by=booth.producer)
    logged = services.log_contact(booth, details(email="rocio@tiendaconcepto.pe", whatsapp="+51987654321",
                                                 name="Rocío P."), by=booth.producer)
    assert logged.outcome == "merged"
    [contact] = contacts()
    assert (contact.name, contact.email, contact.whatsapp) == ("Rocío Paredes", "rocio@tiendaconcepto.pe", "+51987654321")


def test_the_same_person_at_another_fair_or_another_organisation_is_a_new_contact(booth):
    services.log_contact(booth, details(), by=booth.producer)
    next_fair = booth_on_now(booth.organisation)
    neighbour = booth_on_now(at=booth.fair)
    services.log_contact(next_fair, details(), by=booth.producer)
    services.log_contact(neighbour, details(), by=factories.user(is_staff=True))
    assert len(contacts()) == 3


def test_a_resend_with_the_same_client_id_is_stored_once(client, booth):
    sent = form(booth, products=[factories.product(booth.organisation).id])
    first = client.post(URL, data=sent, headers={"Accept": "application/json"})
    again = client.post(URL, data=sent, headers={"Accept": "application/json"})

    assert first.status_code == again.status_code == 201
    assert (first.json["result"], again.json["result"]) == ("created", "already_saved")
    [contact] = contacts()
    assert contact.note == "Quiere miel de algarrobo a granel" and len(contact.interests) == 1
    assert contact.client_id == sent["client_id"]


def test_a_resend_of_a_merged_form_does_not_append_its_note_twice(booth):
    services.log_contact(booth, details(note="Primera visita"), by=booth.producer)
    resend = details(note="Volvió el segundo día", client_id="offline-1")
    outcomes = [services.log_contact(booth, resend, by=booth.producer).outcome for _ in range(3)]
    assert outcomes == ["merged", "already_saved", "already_saved"]
    [contact] = contacts()
    assert contact.note == "Primera visita\n\nVolvió el segundo día"
    assert earlier(Sending.of("fairs.contact", "offline-1", organisation_id=booth.organisation_id)) == contact.id


def test_a_contact_saved_offline_keeps_the_time_the_phone_recorded(client, booth):
    an_hour_ago = utcnow() - timedelta(hours=1)
    client.post(URL, data=form(booth, recorded_at=an_hour_ago.isoformat()))
    [contact] = contacts()
    assert abs(contact.consented_at - an_hour_ago) < timedelta(seconds=1)
    assert contact.met_at == contact.consented_at


def test_an_implausible_recorded_time_is_replaced_by_the_server_time(client, booth):
    client.post(URL, data=form(booth, recorded_at="2001-01-01T00:00:00+00:00"))
    [contact] = contacts()
    assert utcnow() - contact.consented_at < timedelta(minutes=1)


def test_a_refusal_answers_json_to_the_page_script(client, booth):
    response = client.post(URL, data=form(booth, consent=None), headers={"Accept": "application/json"})
    assert response.status_code == 422
    assert response.json["result"] == "refused"
    assert "Ley 29733" in response.json["message"] and "consent" in response.json["errors"]
    assert contacts() == []


def test_the_refusal_is_in_the_producers_language(client, booth):
    booth.producer.locale = "en"
    db.session.commit()
    response = client.post(URL, data=form(booth, email="", whatsapp=""), headers={"Accept": "application/json"})
    assert response.json["message"].startswith("Write an email or a WhatsApp number")


def test_another_organisations_booth_is_refused_and_nothing_written(client, booth):
    other = booth_on_now()
    page = client.get(f"{URL}?booth={other.id}")
    assert page.status_code == 404

    response = client.post(URL, data=form(other))
    assert response.status_code == 422
    assert "No encontramos ese stand" in response.get_data(as_text=True)
    assert contacts() == []


def test_an_unknown_booth_is_refused(client, booth):
    response = client.post(URL, data=form(booth, booth_id=999999), headers={"Accept": "application/json"})
    assert response.status_code == 422 and "No encontramos ese stand" in response.json["message"]
    assert contacts() == []


@pytest.mark.parametrize("change", ["requested", "long_past", "upcoming"])
def test_a_booth_not_accepted_or_at_a_fair_not_on_takes_no_contacts(client, booth, change):
    today = lima_today()
    if change == "requested":
        booth.status = BoothStatus.REQUESTED
    elif change == "long_past":
        booth.fair.starts_on, booth.fair.ends_on = today - timedelta(days=20), today - timedelta(days=services.RECENT_DAYS + 1)
    else:
        booth.fair.starts_on, booth.fair.ends_on = today + timedelta(days=3), today + timedelta(days=5)
    db.session.commit()
    response = client.post(URL, data=form(booth))
    assert response.status_code == 422
    assert "Ese stand ya no recibe contactos" in response.get_data(as_text=True)
    assert contacts() == []


def test_a_booth_takes_contacts_for_two_weeks_after_its_fair(booth):
    booth.fair.starts_on = lima_today() - timedelta(days=services.RECENT_DAYS + 3)
    booth.fair.ends_on = lima_today() - timedelta(days=services.RECENT_DAYS)
    db.session.commit()
    assert services.booth_for_logging(booth.producer, booth.id) == booth


def test_products_of_another_organisation_are_refused(client, booth):
    foreign = factories.product(factories.organisation())
    response = client.post(URL, data=form(booth, products=[foreign.id]))
    assert response.status_code == 422
    assert "ya no están en tu catálogo" in response.get_data(as_text=True)
    assert contacts() == []


def test_the_form_offers_only_the_producers_own_products_not_archived(client, booth):
    factories.product(booth.organisation, name_es="Chal de algodón nativo")
    factories.product(booth.organisation, name_es="Tapiz antiguo", status=ProductStatus.ARCHIVED)
    factories.product(factories.organisation(), name_es="Chullo de Taquile")
    page = client.get(f"{URL}?booth={booth.id}").get_data(as_text=True)
    assert "Chal de algodón nativo" in page
    assert "Tapiz antiguo" not in page and "Chullo de Taquile" not in page


def test_a_producer_without_a_booth_is_told_when_contacts_can_be_logged(client, login_as):
    login_as("producer")
    page = client.get(URL)
    assert page.status_code == 200
    assert "Ninguna de tus organizaciones tiene un stand aceptado" in page.get_data(as_text=True)


def test_posting_without_the_csrf_token_is_refused(client, booth):
    response = client.post(URL, data=form(booth), csrf=False)
    assert response.status_code == 400
    assert contacts() == []


def test_a_contact_whose_email_has_an_account_is_linked_at_once(booth):
    buyer = factories.user(email="hanna@bio-import.de")
    contact = services.log_contact(booth, details(), by=booth.producer).contact
    assert contact.buyer_id == buyer.id


@pytest.mark.postgres
def test_two_phones_logging_the_same_person_at_once_make_one_contact(app, booth, is_postgres):
    if not is_postgres:
        pytest.skip("needs PostgreSQL row locks")
    import threading

    from marketplace.accounts.models import User
    from marketplace.fairs.models import Booth

    booth_id, producer_id = booth.id, booth.producer.id
    db.session.remove()
    barrier = threading.Barrier(4, timeout=10)
    outcomes, errors = [], []

    def log(n):
        with app.app_context():
            try:
                here, producer = db.session.get(Booth, booth_id), db.session.get(User, producer_id)
                db.session.commit()  # no transaction left open while waiting
                barrier.wait()
                outcomes.append(services.log_contact(here, details(note=f"nota {n}"), by=producer).outcome)
            except Exception as error:  # reported below, so a failure cannot hang the test
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=log, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert sorted(outcomes) == ["created", "merged", "merged", "merged"]
    [contact] = contacts()
    assert contact.note.count("nota") == 4
