"""Following up contacts: each move of the pipeline, dated and audited; the producer's list, with
a prepared WhatsApp message; only one's own contacts; linking to what the person does online."""
from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import unquote

import pytest

from marketplace.accounts.services import confirm_sign_up, sign_up
from marketplace.audit import history
from marketplace.clock import utcnow
from marketplace.extensions import db
from marketplace.fairs import contact_pipeline as pipeline
from marketplace.fairs.models import CONTACT_TRANSITIONS, Contact, ContactStage
from marketplace.payments.manual import confirm_transfer
from marketplace.status import IllegalTransition

from .. import factories
from .booths import booth_on_now
from ..orders.shop import Shop

LIST = "/producer/contacts/"
S = ContactStage


def contact(booth=None, **kwargs) -> Contact:
    booth = booth or booth_on_now()
    defaults = dict(name="Hanna Becker", email="hanna@bio-import.de", whatsapp="+4915123456789", locale="en",
                    consent_text="Acepto…", consented_at=utcnow(), met_at=utcnow())
    defaults.update(kwargs)
    record = Contact(booth=booth, fair_id=booth.fair_id, organisation_id=booth.organisation_id, **defaults)
    db.session.add(record)
    db.session.commit()
    return record


@pytest.fixture
def producer(login_as):
    person = login_as("producer")
    person.booth = booth_on_now(person.organisation)
    return person


def reload(record: Contact) -> Contact:
    db.session.expire_all()
    return db.session.get(Contact, record.id)


def step(client, record, target, **extra):
    return client.post(f"/producer/contacts/{record.id}/step", data={"target": target, **extra})


ALLOWED = [(source, target) for source, targets in CONTACT_TRANSITIONS.items() for target in targets]
REFUSED = [(source, target) for source in S for target in S if target not in CONTACT_TRANSITIONS[source]]


@pytest.mark.parametrize("source,target", ALLOWED)
def test_every_allowed_move_is_dated_and_audited(app, source, target):
    record = contact(stage=source, lost_reason="Precio" if source == S.LOST else None,
                     lost_at=utcnow() if source == S.LOST else None)
    by = factories.user()
    pipeline.mark_step(record, target, by=by, reason="Eligió otro proveedor" if target == S.LOST else None)

    record = reload(record)
    assert record.stage == target
    if target in pipeline.STEP_DATES:
        assert utcnow() - getattr(record, pipeline.STEP_DATES[target]) < timedelta(minutes=1)
    event = history(record)[-1]
    assert (event.action, event.actor_id, event.details["previous"]) == (f"fair_contact.{target.value}", by.id, source.value)


@pytest.mark.parametrize("source,target", REFUSED)
def test_every_move_not_in_the_table_is_refused(app, source, target):
    record = contact(stage=source)
    with pytest.raises(IllegalTransition):
        pipeline.mark_step(record, target, by=factories.user(), reason="x")
    assert reload(record).stage == source and history(record) == []


def test_lost_needs_a_reason_and_reopening_clears_it(client, producer):
    record = contact(producer.booth, stage=S.SAMPLE_SENT)
    response = step(client, record, "lost", expected="sample_sent", reason="  ")
    assert "Escribe por qué se perdió" in client.get(response.location).get_data(as_text=True)
    assert reload(record).stage == S.SAMPLE_SENT

    step(client, record, "lost", expected="sample_sent", reason="Pidió 5 toneladas al mes")
    record = reload(record)
    assert (record.stage, record.lost_reason) == (S.LOST, "Pidió 5 toneladas al mes") and record.lost_at

    step(client, record, "met", expected="lost")
    record = reload(record)
    assert (record.stage, record.lost_reason, record.lost_at) == (S.MET, None, None)
    assert [e.action for e in history(record)] == ["fair_contact.lost", "fair_contact.met"]
    assert history(record)[0].reason == "Pidió 5 toneladas al mes"


def test_a_step_from_a_page_out_of_date_is_refused(client, producer):
    record = contact(producer.booth, stage=S.QUOTED)
    response = step(client, record, "sample_sent", expected="met")
    assert "ya cambió de paso" in client.get(response.location).get_data(as_text=True)
    assert reload(record).stage == S.QUOTED


def test_the_producer_marks_the_next_step_from_the_list(client, producer):
    record = contact(producer.booth)
    page = client.get(LIST).get_data(as_text=True)
    assert "Envié la muestra" in page and "Se perdió" in page

    response = step(client, record, "sample_sent", expected="met", back="/producer/contacts/?stage=all")
    assert response.status_code == 302 and response.location.endswith("/producer/contacts/?stage=all")
    assert reload(record).stage == S.SAMPLE_SENT and reload(record).sample_sent_at


def test_another_organisations_contact_is_not_found(client, producer):
    foreign = contact()
    assert step(client, foreign, "sample_sent", expected="met").status_code == 404
    assert reload(foreign).stage == S.MET
    assert "Hanna Becker" not in client.get(LIST).get_data(as_text=True)


def test_a_step_needs_the_csrf_token(client, producer):
    record = contact(producer.booth)
    assert client.post(f"/producer/contacts/{record.id}/step", data={"target": "quoted"}, csrf=False).status_code == 400
    assert reload(record).stage == S.MET


def test_staff_see_and_move_every_organisations_contacts(client, login_as):
    record = contact(booth_on_now(factories.organisation(name="Apícola Cerro La Vieja")))
    login_as("staff")
    page = client.get(LIST).get_data(as_text=True)
    assert "Hanna Becker" in page and "Apícola Cerro La Vieja" in page
    step(client, record, "quoted", expected="met")
    assert reload(record).stage == S.QUOTED


def test_the_list_shows_the_longest_waiting_first_and_filters_by_fair_and_stage(client, producer):
    other_fair = booth_on_now(producer.organisation)
    now = utcnow()
    contact(producer.booth, name="Tercera", met_at=now)
    contact(producer.booth, name="Primera", met_at=now - timedelta(days=9))
    contact(other_fair, name="Segunda", met_at=now - timedelta(days=3))
    contact(producer.booth, name="Cerrada", stage=S.ORDERED, met_at=now - timedelta(days=20))

    page = client.get(LIST).get_data(as_text=True)
    assert page.index("Primera") < page.index("Segunda") < page.index("Tercera")
    assert "Cerrada" not in page

    by_fair = client.get(f"{LIST}?fair={other_fair.fair_id}").get_data(as_text=True)
    assert "Segunda" in by_fair and "Primera" not in by_fair
    ordered = client.get(f"{LIST}?stage=ordered").get_data(as_text=True)
    assert "Cerrada" in ordered and "Primera" not in ordered
    assert "Cerrada" in client.get(f"{LIST}?stage=all").get_data(as_text=True)


def test_the_list_makes_the_same_number_of_queries_for_many_contacts(client, producer, app):
    from sqlalchemy import event

    def count_queries(url):
        statements = []
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            client.get(url)
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        return len(statements)

    honey = factories.product(producer.organisation, name_es="Miel")
    first = contact(producer.booth)
    first.interests.append(pipeline.ContactInterest(product_id=honey.id))
    db.session.commit()
    few = count_queries(LIST)
    for n in range(8):
        record = contact(booth_on_now(producer.organisation), email=f"c{n}@example.com")
        record.interests.append(pipeline.ContactInterest(product_id=honey.id))
    db.session.commit()
    assert count_queries(LIST) == few


@pytest.mark.parametrize("locale,greeting", [("es", "Hola Rocío, soy "), ("en", "Hello Rocío, this is ")])
def test_the_whatsapp_link_opens_a_message_in_the_contacts_language(app, locale, greeting):
    record = contact(name="Rocío", whatsapp="+51987654321", locale=locale)
    link = pipeline.whatsapp_link(record, "Juan Capuñay")
    assert link.startswith("https://wa.me/51987654321?text=")
    text = unquote(link.split("text=", 1)[1])
    assert text.startswith(greeting + "Juan Capuñay") and record.fair.name in text


def test_the_list_links_to_whatsapp(client, producer):
    contact(producer.booth, whatsapp="+51987654321", locale="es")
    page = client.get(LIST).get_data(as_text=True)
    assert 'href="https://wa.me/51987654321?text=Hola%20Hanna%20Becker' in page


def test_a_contact_who_signs_up_later_is_linked(app, outbox):
    record = contact(email="hanna@bio-import.de")
    sign_up(email="Hanna@Bio-Import.de", password="miel-de-algarrobo-2026", name="Hanna Becker")
    assert reload(record).buyer_id is None  # asked for, not yet confirmed
    token = re.search(r"/account/sign-up/(\S+)", outbox("hanna@bio-import.de")[-1].body).group(1)
    buyer, _ = confirm_sign_up(token)
    assert reload(record).buyer_id == buyer.id
    assert [e.action for e in history(record)] == ["fair_contact.linked"]


def test_an_order_placed_signed_in_links_the_contact(client):
    shop = Shop(client)
    variant = shop.honey()
    record = contact(booth_on_now(variant.product.organisation), email="hanna@bio-import.de")
    buyer = factories.user(email="someone-else@example.com")
    shop.place({variant: 1}, buyer=buyer, email="hanna@bio-import.de")
    assert reload(record).buyer_id == buyer.id
    assert reload(record).stage == S.MET  # placed is not paid


def test_a_paid_order_marks_the_producers_contact_ordered(client):
    shop = Shop(client)
    honey = shop.honey()
    mine = contact(booth_on_now(honey.product.organisation), email="hanna@bio-import.de", stage=S.QUOTED)
    elsewhere = contact(booth_on_now(), email="hanna@bio-import.de")
    lost = contact(booth_on_now(honey.product.organisation), email="hanna@bio-import.de", stage=S.LOST,
                   lost_reason="Precio")
    order = shop.place({honey: 2}, email="Hanna@bio-import.de")
    confirm_transfer(order, amount=order.total, bank_reference="OP-123", by=factories.user(is_staff=True))

    assert reload(mine).stage == S.ORDERED and reload(mine).ordered_at
    assert history(mine)[-1].details["order"] == order.reference and history(mine)[-1].actor_id is None
    assert reload(elsewhere).stage == S.MET
    assert reload(lost).stage == S.LOST
