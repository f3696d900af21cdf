"""Property-based: every form the app accepts by POST, given random values (empty, huge numbers,
odd text), answers below 500. Routes are read from the app's URL map, so a new form is covered
the day it is added. Each route family runs a bounded, derandomized set of examples."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.routing import AnyConverter, IntegerConverter

from marketplace import create_app
from marketplace.extensions import db as _db
from marketplace.extensions import limiter
from tests import conftest, factories

EXAMPLES_PER_FAMILY = 15
# Who posts to each family of routes (blueprint): someone who gets past its access check.
POSTER = {
    "accounts": None, "cart": None, "web": None, "payments": None,  # payments: checkout, paying and cancelling
    "complaints": None, "contacts": "producer", "labels": "producer", "fairs": "staff",
    "catalogue": "producer", "producers": "producer", "fulfilments": "producer",
    "brands": "staff", "catalogue_staff": "staff", "staff": "admin", "orders_staff": "staff", "ledger": "staff",
    "figures": "staff", "assisted": "staff",
    "wholesale": "producer",  # a producer both sells (terms, quotes) and buys (samples, quotes)
}
NUMBERS = st.one_of(
    st.integers(-(2**70), 2**70), st.sampled_from([0, 1, -1, 2**31 - 1, 2**31, 2**63, 10**30])
).map(str)
TEXTS = st.one_of(
    st.just(""), st.text(max_size=40),
    st.sampled_from(["  ", "0", "1.5", "1e9", "NaN", "-0", "ñandú", "' OR 1=1 --", "<script>", "2026-02-30",
                     "9" * 400, "https://evil.example/", "//evil.example", "\\\\evil", "a" * 5000]),
)
VALUES = st.one_of(NUMBERS, TEXTS)


def _form_field_names() -> list[str]:
    """Every field name of every form in the app (and the names forms post by hand)."""
    from flask_wtf import FlaskForm
    from wtforms.fields.core import UnboundField

    import marketplace.models  # noqa: F401  (imports every feature)
    names = {"next", "variant_id", "quantity", "checkout_token", "email", "password", "reason", "action"}
    pending = list(FlaskForm.__subclasses__())
    while pending:
        form = pending.pop()
        pending.extend(form.__subclasses__())
        names.update(name for name in dir(form) if isinstance(getattr(form, name, None), UnboundField))
    return sorted(names)


def _post_routes(app, family: str):
    return sorted((r for r in app.url_map.iter_rules() if "POST" in r.methods and r.endpoint.split(".")[0] == family),
                  key=lambda r: r.rule)


def _argument(converter, known_id: int | None):
    if isinstance(converter, AnyConverter):
        return st.sampled_from(sorted(converter.items))
    if isinstance(converter, IntegerConverter):
        choices = [st.integers(1, 2**31 - 1)]
        return st.one_of(st.just(known_id), *choices) if known_id else choices[0]
    return st.one_of(st.just("marca-de-prueba"), st.text("abcdefghijklmnopqrstuvwxyz-0123456789", min_size=1, max_size=20))


def _world() -> dict:
    """A producer with a product for sale, staff, and the ids the routes' URLs can name."""
    producer = factories.user_with_role("producer")
    product = factories.product(producer.organisation)
    brand = factories.brand()
    return {
        "producer": producer, "staff": factories.user_with_role("staff"), "admin": factories.user_with_role("admin"),
        "ids": {"product_id": product.id, "variant_id": product.variants[0].id,
                "organisation_id": producer.organisation.id, "brand_id": brand.id, "user_id": producer.id},
    }


@pytest.fixture
def fuzz_app(database_url):
    """The app with CSRF off, so random values reach the forms' own validation (a 429 is fine)."""
    app = create_app(conftest.test_config(database_url, WTF_CSRF_ENABLED=False))
    with app.app_context():
        yield app
        _db.session.remove()
    conftest._truncate_all(app)
    limiter.reset()


def test_every_blueprint_that_takes_posts_is_fuzzed(fuzz_app):
    families = {rule.endpoint.split(".")[0] for rule in fuzz_app.url_map.iter_rules() if "POST" in rule.methods}
    assert families == POSTER.keys(), "name who posts to the new blueprint's forms in POSTER"


@pytest.mark.parametrize("family", sorted(POSTER))
def test_random_values_posted_to_any_form_never_give_a_server_error(fuzz_app, family):
    world = _world()
    client = fuzz_app.test_client()
    if POSTER[family]:
        person = world[POSTER[family]]
        assert client.post("/account/sign-in", data={"email": person.email, "password": factories.PASSWORD}).status_code == 302
    routes = _post_routes(fuzz_app, family)
    assert routes, family
    fields = _form_field_names()

    @settings(max_examples=EXAMPLES_PER_FAMILY, derandomize=True, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(data=st.data())
    def post_something(data):
        rule = data.draw(st.sampled_from(routes), label="route")
        values = {name: data.draw(_argument(converter, world["ids"].get(name)), label=name)
                  for name, converter in rule._converters.items()}
        form = data.draw(st.dictionaries(st.sampled_from(fields), VALUES, max_size=12), label="form")
        with fuzz_app.test_request_context():
            from flask import url_for

            url = url_for(rule.endpoint, **values)
        with fuzz_app.app_context():
            response = client.post(url, data=form)
        assert response.status_code < 500, (url, form, response.get_data(as_text=True)[:2000])

    post_something()
