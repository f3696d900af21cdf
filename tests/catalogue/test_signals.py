"""The catalogue says what an edit changed, and who made it, through `product_changed`: sent once
per edit that changed something, inside the edit's transaction."""
from contextlib import contextmanager
from datetime import date

import pytest

from marketplace.catalogue import services as catalogue
from marketplace.catalogue.models import Product
from marketplace.catalogue.signals import product_changed
from marketplace.extensions import db
from marketplace.money import Money
from tests import factories


@contextmanager
def changes():
    seen = []

    def receiver(product, *, parts, by):
        seen.append((product.id, set(parts), by.id))

    with product_changed.connected_to(receiver):
        yield seen


def details(product, **changes) -> catalogue.ProductDetails:
    values = dict(name_es=product.name_es, name_en=product.name_en, category_id=product.category_id,
                  description_es=product.description_es, description_en=product.description_en,
                  price=product.default_variant.price, stock=product.default_variant.stock)
    values.update(changes)
    return catalogue.ProductDetails(**values)


def test_the_details_step_names_each_part_it_changed(app):
    product = factories.product(name_es="Chalina", price=4500, stock=5)
    producer = factories.user()
    with changes() as seen:
        catalogue.save_details(product, details(product), by=producer)
        catalogue.save_details(product, details(product, name_es="Chalina de alpaca", price=Money(5000, "PEN")),
                               by=producer)
        catalogue.save_details(product, details(product, category_id=factories.category().id, stock=2), by=producer)
    assert seen == [(product.id, {"name", "price"}, producer.id), (product.id, {"category", "stock"}, producer.id)]


def test_provenance_lots_and_photos_are_named_and_an_unchanged_save_is_silent(app):
    product = factories.product()
    producer = factories.user()
    notes = catalogue.ProvenanceDetails(community="Salas", makers=[catalogue.MakerDetails(name="Rosa", consent=True)])
    with changes() as seen:
        catalogue.save_provenance(product, notes, by=producer)
        catalogue.save_provenance(db.session.get(Product, product.id), notes, by=producer)
        lot = catalogue.add_lot(product, catalogue.LotDetails(lot_code="L-1", harvest_date=date(2025, 3, 1)),
                                by=producer)
        catalogue.make_current(lot, by=producer)  # already the current one
        photo = factories.product_photo(product)
        catalogue.make_cover(photo, by=producer)  # the only photo is already first
        catalogue.remove_photo(photo, by=producer)
    assert [parts for _, parts, _ in seen] == [{"provenance"}, {"lot"}, {"photos"}]


class ReceiverBroke(Exception):
    pass


def test_a_receiver_that_fails_undoes_the_edit(app):
    product = factories.product(name_es="Chalina")

    def broken(product, **_):
        raise ReceiverBroke()

    with product_changed.connected_to(broken), pytest.raises(ReceiverBroke):
        catalogue.save_details(product, details(product, name_es="Otro nombre"), by=factories.user())
    db.session.rollback()
    assert db.session.get(Product, product.id).name_es == "Chalina"
