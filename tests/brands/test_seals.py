"""Buyers see the seal only on approved listings of currently authorised members; the brand page;
the storefront's queries; registration expiry warnings."""
from datetime import timedelta

from flask import render_template_string
from sqlalchemy import event

from marketplace.brands import services
from marketplace.brands.models import BrandMembershipStatus, ListingState
from marketplace.clock import lima_today
from marketplace.catalogue.models import Product, ProductStatus
from marketplace.extensions import db

from .. import factories
from .conftest import sign_in


def published(world, name, state=ListingState.APPROVED):
    product = factories.complete_product(world.member_org, name_es=name, status=ProductStatus.PUBLISHED)
    factories.brand_listing(product, world.brand, state)
    return product


def test_the_seal_shows_only_on_approved_listings(world):
    states = list(ListingState)
    products = {state: published(world, f"Miel {state.value}", state) for state in states}
    sealed = services.seals_for_products([p.id for p in products.values()])
    assert {state for state, p in products.items() if sealed[p.id]} == {ListingState.APPROVED}
    assert services.approved_product_ids_for_brand(world.brand) == {products[ListingState.APPROVED].id}


def test_the_brand_filter_is_a_sql_condition_for_the_storefront(world, other_world):
    honey = published(world, "Miel con sello")
    published(world, "Miel en revisión", ListingState.SUBMITTED)
    ids = set(db.session.scalars(db.select(Product.id).where(services.brand_filter(world.brand))))
    assert ids == {honey.id}
    assert set(db.session.scalars(db.select(Product.id).where(services.brand_filter(other_world.brand)))) == set()


def test_seals_for_products_is_one_query_whatever_the_number(app, world, other_world):
    products = [published(world, f"Miel {n}") for n in range(5)]
    factories.authorisation(other_world.brand, world.member_org)
    factories.brand_listing(products[0], other_world.brand, ListingState.APPROVED)
    ids = [p.id for p in products]
    db.session.expire_all()
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        context = app.test_request_context()
        context.push()
        seals = services.seals_for_products(ids)
        names = {pid: [b.name for b in brands] for pid, brands in seals.items()}
        html = render_template_string('{% from "brands/_seal.html" import seal %}'
                                      "{% for brands in seals.values() %}{% for b in brands %}{{ seal(b) }}{% endfor %}{% endfor %}",
                                      seals=seals)
    finally:
        context.pop()
        event.remove(db.engine, "before_cursor_execute", listener)
    assert len(statements) == 1
    assert names[ids[0]] == ["Hilos de Túcume", "Miel del Algarrobal"]
    assert all(names[pid] == ["Miel del Algarrobal"] for pid in ids[1:])
    assert html.count('data-brand-seal="miel-del-algarrobal"') == 5


def test_the_seal_macro_links_to_the_brand_page(app, world):
    with app.test_request_context():
        html = render_template_string('{% from "brands/_seal.html" import seal %}{{ seal(brand) }}', brand=world.brand)
    assert 'data-brand-seal="miel-del-algarrobal"' in html and 'href="/brands/miel-del-algarrobal"' in html
    assert "Miel del Algarrobal" in html


def test_the_brand_page_tells_the_story_and_shows_members_and_sealed_products(client, world):
    honey = published(world, "Miel de algarrobo 1 kg")
    published(world, "Miel esperando revisión", ListingState.SUBMITTED)
    suspended_org = factories.organisation(name="Apícola Suspendida")
    factories.authorisation(world.brand, suspended_org, status=BrandMembershipStatus.SUSPENDED)
    page = client.get("/brands/miel-del-algarrobal")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Miel del bosque seco." in text and world.owner.name in text and "C-" in text
    assert world.member_org.name in text and "Apícola Suspendida" not in text
    assert f'data-product-id="{honey.id}"' in text and "Miel esperando revisión" not in text
    assert 'data-brand-seal="miel-del-algarrobal"' in text
    assert "Miel del Algarrobal" in client.get("/brands/").get_data(as_text=True)


def test_the_brand_page_drops_products_when_the_member_is_suspended(client, world):
    published(world, "Miel de algarrobo 1 kg")
    world.membership.status = BrandMembershipStatus.SUSPENDED
    db.session.commit()
    text = client.get("/brands/miel-del-algarrobal").get_data(as_text=True)
    assert "Miel de algarrobo 1 kg" not in text and "data-brand-seal" not in text


def test_drafts_and_unknown_brands_are_not_public(client, world):
    published_product = published(world, "Miel publicada")
    draft = factories.complete_product(world.member_org, name_es="Miel en borrador")
    factories.brand_listing(draft, world.brand, ListingState.APPROVED)
    text = client.get("/brands/miel-del-algarrobal").get_data(as_text=True)
    assert "Miel publicada" in text and "Miel en borrador" not in text
    assert client.get("/brands/no-existe").status_code == 404
    assert published_product.id


def test_registration_expiry_is_shown_to_staff_and_stewards_60_days_ahead(client, world, other_world):
    today = lima_today()
    world.brand.expires_on = today + timedelta(days=60)
    other_world.brand.expires_on = today + timedelta(days=61)
    db.session.commit()
    sign_in(client, world.steward)
    assert 'data-registration-warning="expiring"' in client.get("/steward/brands/").get_data(as_text=True)
    assert 'data-registration-warning="expiring"' in client.get(f"/steward/brands/{world.brand.slug}").get_data(as_text=True)
    client.post("/account/sign-out", data={})
    sign_in(client, world.staff)
    page = client.get("/staff/brands/").get_data(as_text=True)
    assert page.count('data-registration-warning="expiring"') == 1 and "Miel del Algarrobal» vence" in page
    assert "Hilos de Túcume» vence" not in page
    other_world.brand.expires_on = today - timedelta(days=1)
    db.session.commit()
    assert 'data-registration-warning="expired"' in client.get("/staff/brands/").get_data(as_text=True)


def test_the_warning_window_comes_from_the_settings(app, world):
    world.brand.expires_on = lima_today() + timedelta(days=90)
    db.session.commit()
    assert services.expiring_brands([world.brand]) == []
    app.config["BRAND_EXPIRY_WARNING_DAYS"] = 120
    assert services.expiring_brands([world.brand]) == [world.brand]
