"""Staff create and edit fair editions; the public sees the fairs and who was at each."""
from datetime import date, timedelta

from marketplace.audit import AuditEvent
from marketplace.catalogue.models import ProductStatus
from marketplace.extensions import db
from marketplace.fairs.models import BoothStatus, Fair
from tests import factories
from tests.orders.shop import text

FORM = {
    "name": "Expoalimentaria", "slug": "", "city": "Lima", "venue": "Centro de Exposiciones Jockey",
    "starts_on": "2027-09-22", "ends_on": "2027-09-24", "kind": "b2b",
    "description_es": "Rueda de negocios de ADEX.", "description_en": "",
}


def test_staff_create_a_fair_with_a_slug_from_its_name_and_year(client, login_as):
    login_as("staff")
    response = client.post("/staff/fairs/new", data=FORM)
    assert response.status_code == 302
    fair = db.session.scalar(db.select(Fair))
    assert (fair.slug, fair.name, fair.city, fair.kind.value) == ("expoalimentaria-2027", "Expoalimentaria", "Lima", "b2b")
    assert response.headers["Location"].endswith(f"/staff/fairs/{fair.id}")
    assert db.session.scalar(db.select(AuditEvent.action).where(AuditEvent.subject_type == "Fair")) == "fair.created"


def test_a_fair_that_ends_before_it_starts_is_refused_and_the_form_keeps_what_was_typed(client, login_as):
    login_as("staff")
    response = client.post("/staff/fairs/new", data={**FORM, "ends_on": "2027-09-20"})
    assert response.status_code == 422
    page = text(response)
    assert "no puede terminar antes de empezar" in page
    assert 'value="Centro de Exposiciones Jockey"' in page
    assert db.session.scalar(db.select(db.func.count(Fair.id))) == 0


def test_a_slug_already_used_is_refused(client, login_as):
    factories.fair(slug="expoalimentaria-2027")
    login_as("staff")
    response = client.post("/staff/fairs/new", data=FORM)
    assert response.status_code == 422
    assert "Ya hay una feria con la dirección «expoalimentaria-2027»" in text(response)
    assert db.session.scalar(db.select(db.func.count(Fair.id))) == 1


def test_staff_edit_a_fair(client, login_as):
    fair = factories.fair(name="Ruraq Maki", slug="ruraq-maki-2027")
    login_as("staff")
    response = client.post(f"/staff/fairs/{fair.id}/edit", data={**FORM, "name": "Ruraq Maki julio", "slug": "ruraq-maki-julio-2027", "kind": "retail"})
    assert response.status_code == 302
    db.session.refresh(fair)
    assert (fair.name, fair.slug, fair.kind.value) == ("Ruraq Maki julio", "ruraq-maki-julio-2027", "retail")


def test_only_staff_manage_fairs(client, login_as):
    fair = factories.fair()
    login_as("producer")
    assert client.get("/staff/fairs/").status_code == 403
    assert client.post("/staff/fairs/new", data=FORM).status_code == 403
    assert client.get(f"/staff/fairs/{fair.id}").status_code == 403
    assert client.get("/staff/fairs/report").status_code == 403


def test_the_public_sees_current_upcoming_and_past_fairs(client):
    today = date.today()
    factories.fair(name="Feria de ahora", starts_on=today - timedelta(days=1))
    factories.fair(name="Feria que viene", starts_on=today + timedelta(days=40))
    factories.fair(name="Feria pasada", starts_on=today - timedelta(days=120))
    page = text(client.get("/ferias"))
    assert page.index("Ahora") < page.index("Feria de ahora") < page.index("Próximas") < page.index("Feria que viene")
    assert page.index("Pasadas") < page.index("Feria pasada")
    assert 'href="/ferias"' in text(client.get("/"))  # in the site's navigation


def test_a_fair_page_shows_who_was_there_with_links_to_their_products(client):
    fair = factories.fair(name="Ruraq Maki julio 2026", starts_on=date.today() - timedelta(days=150))
    weavers = factories.organisation(name="Away Sumaq")
    factories.product(weavers, name_es="Lliclla de Chinchero", slug="lliclla-chinchero", status=ProductStatus.PUBLISHED)
    factories.booth(fair, weavers, number="A-01")
    factories.booth(fair, factories.organisation(name="Pidió y no entró"), status=BoothStatus.DECLINED)
    page = text(client.get(f"/ferias/{fair.slug}"))
    assert "Quiénes estuvieron" in page
    assert f'href="/productores/{weavers.slug}"' in page and "Stand A-01" in page
    assert 'href="/productos/lliclla-chinchero"' in page
    assert "Pidió y no entró" not in page


def test_an_unknown_fair_is_not_found(client):
    assert client.get("/ferias/no-existe").status_code == 404
