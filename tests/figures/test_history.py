"""Every recorded event reads as a sentence; staff list them all with filters and pages."""
from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from flask_babel import force_locale

import marketplace
from marketplace.brands.models import BrandMembershipStatus, ListingState
from marketplace.catalogue.models import ProductStatus
from marketplace.complaints.models import ComplaintStatus
from marketplace.figures import events, history
from marketplace.figures.sentences import SENTENCES
from marketplace.fairs.models import BoothStatus, ContactStage
from marketplace.orders.models import PaymentMethod
from marketplace.producers.models import VerificationStatus
from marketplace.wholesale.quotes_models import QuoteStatus
from tests import factories
from tests.orders.shop import Shop

from . import data

SOURCE = Path(marketplace.__file__).parent
# record(f"prefix.{target.value}", …): the codes it can write are the values of the status moved.
MOVED_STATUSES = {
    "organisation": VerificationStatus,
    "brand_listing": ListingState,
    "brand_membership": BrandMembershipStatus,
    "product": ProductStatus,
    "complaint": ComplaintStatus,
    "booth": BoothStatus,
    # a contact's stage, or how a contact logged at a booth was saved (contacts.LoggedOutcome)
    "fair_contact": [*ContactStage, "created", "merged", "already_saved"],
    "quote": QuoteStatus,
}
RECORD_CALL = re.compile(r'record\(\s*(f?)"([a-z_]+\.[a-z_{}.]+)"(?:\s+if\s+[^"]+?\s+else\s+"([a-z_]+\.[a-z_]+)")?')


def recorded_actions() -> set[str]:
    """Every action code the source can record, read from its `record("…")` calls."""
    codes = set()
    for path in SOURCE.rglob("*.py"):
        for is_f, code, alternative in RECORD_CALL.findall(path.read_text(encoding="utf-8")):
            if is_f:
                prefix = code.split(".")[0]
                assert prefix in MOVED_STATUSES, f"{path}: say which status {code!r} takes its values from"
                codes |= {f"{prefix}.{status}" for status in MOVED_STATUSES[prefix]}
            else:
                codes.add(code)
            if alternative:
                codes.add(alternative)
    return codes


def test_every_action_recorded_in_the_code_has_a_sentence():
    actions = recorded_actions()
    assert len(actions) > 40 and "brand_listing.approved" in actions and "user.staff_removed" in actions
    missing = sorted(actions - SENTENCES.keys())
    assert not missing, f"add a line to marketplace/figures/sentences.py for: {missing}"


@pytest.fixture
def request_context(app):
    with app.test_request_context():
        yield


def test_a_brand_decision_reads_as_the_programme_would_say_it(request_context):
    staff = factories.user(email="staff@mercadocolectivo.pe", is_staff=True)
    weavers = factories.organisation(name="Algodón Nativo Muchik")
    brand = factories.brand(weavers, name="Algodón Nativo Muchik")
    listing = factories.brand_listing(factories.product(weavers, name_es="Manta pallay"), brand, ListingState.APPROVED)
    event = data.audit_event("brand_listing.approved", listing, data.lima(date(2026, 11, 6)), staff,
                             mover="staff", reason=None)
    event.reason = "Cumple el reglamento."
    (read,) = history.read_audit([event])
    assert read.sentence == ("staff@mercadocolectivo.pe (equipo) aprobó el uso de la marca Algodón Nativo Muchik "
                             "en «Manta pallay».")
    assert read.reason == "Cumple el reglamento."
    with force_locale("en"):
        (read,) = history.read_audit([event])
    assert read.sentence == ("staff@mercadocolectivo.pe (staff) approved the use of the Algodón Nativo Muchik "
                             "brand on 'Manta pallay'.")


def test_a_code_without_a_sentence_reads_as_a_generic_one_and_names_missing_from_the_event_as_a_dash(request_context):
    organisation = factories.organisation(name="Taller Qori Awana")
    unknown = data.audit_event("complaint.opened", organisation, data.lima(date(2026, 11, 6)))
    invited = data.audit_event("organisation.member_invited", organisation, data.lima(date(2026, 11, 6)))
    first, second = history.read_audit([unknown, invited])
    assert first.sentence == "El sistema registró «complaint.opened» en Taller Qori Awana."
    assert second.sentence == "El sistema invitó a — a Taller Qori Awana."


def test_names_are_looked_up_once_per_kind_of_record(request_context, db):
    organisations = [factories.organisation() for _ in range(5)]
    for o in organisations:
        data.audit_event("organisation.verified", o, data.lima(date(2026, 11, 6)))
    recorded = events.page(events.EventQuery()).events  # loaded with their actors, as the page does
    statements = []
    from sqlalchemy import event as sa_event

    listener = lambda *args: statements.append(args[2])  # noqa: E731
    sa_event.listen(db.engine, "before_cursor_execute", listener)
    try:
        read = history.read_audit(recorded)
    finally:
        sa_event.remove(db.engine, "before_cursor_execute", listener)
    assert len(statements) == 1
    assert read[-1].sentence == f"El sistema verificó a {organisations[0].name}."


@pytest.fixture
def logged(app):
    staff = factories.user(email="sofia@mercadocolectivo.pe", name="Sofía Ramos", is_staff=True)
    other = factories.user(email="jorge@mercadocolectivo.pe", is_staff=True)
    weavers = factories.organisation(name="Tejedoras de Mórrope")
    beekeepers = factories.organisation(name="Apicultores de Salas")
    start = data.lima(date(2026, 10, 1))
    for i in range(55):
        data.audit_event("organisation.updated", weavers, start + timedelta(hours=i), staff)
    data.audit_event("organisation.verified", beekeepers, data.lima(date(2026, 11, 20)), other)
    return weavers, beekeepers


def test_staff_list_every_event_newest_first_fifty_to_a_page(client, login_as, logged):
    login_as("staff")
    page = client.get("/staff/figures/historial").get_data(as_text=True)
    assert page.count('data-action="') == events.PAGE_SIZE
    assert "jorge@mercadocolectivo.pe (equipo) verificó a Apicultores de Salas." in page
    older = re.search(r'href="(/staff/figures/historial\?antes=\d+)"', page).group(1)
    second = client.get(older.replace("&amp;", "&")).get_data(as_text=True)
    assert second.count('data-action="') == 56 - events.PAGE_SIZE
    assert "Más antiguos" not in second and "Lo más reciente" in second


def test_staff_filter_events_by_who_kind_record_and_period(client, login_as, logged):
    weavers, beekeepers = logged
    login_as("staff")

    def count(query: str) -> int:
        return client.get(f"/staff/figures/historial?{query}").get_data(as_text=True).count('data-action="')

    assert count("quien=JORGE") == 1
    assert count("quien=Sofía") == events.PAGE_SIZE
    assert count("tipo=organisation&desde=2026-11-01&hasta=2026-11-30") == 1
    assert count("tipo=brand_listing") == 0
    assert count(f"registro=Organisation&numero={beekeepers.id}") == 1
    assert count("desde=2026-10-01&hasta=2026-10-01") == 12  # hourly from noon: 12:00 to 23:00 in Lima
    response = client.get("/staff/figures/historial?numero=cuarenta")
    assert response.status_code == 422 and 'value="cuarenta"' in response.get_data(as_text=True)


def test_an_order_s_history_reads_as_sentences(client, login_as, app):
    shop = Shop(client)
    order = shop.paid({shop.textile(): 1}, method=PaymentMethod.TRANSFER)
    login_as("staff")
    page = client.get(f"/staff/orders/{order.reference}").get_data(as_text=True).replace("\xa0", " ")
    history_html = re.sub(r"<[^>]+>", "", page.split('class="history"')[1])
    assert "hizo el pedido (transferencia" in history_html.lower() or "hizo el pedido" in history_html
    assert "El pedido quedó pagado." in history_html
    assert "order_status" not in history_html and "total=" not in history_html


def test_the_verification_history_of_an_organisation_reads_as_sentences(client, login_as):
    staff = login_as("staff")
    organisation = factories.organisation(name="Warmi Ampara", status=VerificationStatus.UNVERIFIED)
    client.post(f"/staff/organisations/{organisation.id}/verify", data={"reason": ""})
    page = client.get(f"/staff/organisations/{organisation.id}").get_data(as_text=True)
    assert f"{staff.email} (equipo) verificó a Warmi Ampara." in page
