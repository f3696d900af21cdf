"""Helpers for buying in tests: products for sale from two producers, a cart, a checkout."""
from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from marketplace.catalogue.models import ProductStatus, Variant
from marketplace.extensions import db
from marketplace.orders.checkout import CheckoutRequest, Delivery, new_checkout_token, place_order
from marketplace.orders.models import Order, PaymentMethod
from tests import factories

LIMA_DISTRICT = "150101"  # Lima, Lima, Lima
ADDRESS = {
    "email": "ana.compradora@example.pe",
    "name": "Ana Quispe",
    "phone": "987 654 321",
    "destination": "peru",
    "region": LIMA_DISTRICT[:2],
    "province": LIMA_DISTRICT[:4],
    "district": LIMA_DISTRICT,
    "address_line": "Av. Arequipa 1234, dpto. 501",
    "address_reference": "frente al parque",
    "note": "",
    "payment_method": "transfer",
}


def for_sale(org=None, *, name: str = "Chalina de algodón nativo", price: int = 12000, stock: int = 10) -> Variant:
    """A published product of a verified producer, sold as one variant; returns the variant."""
    product = factories.product(org, name_es=name, price=price, stock=stock, status=ProductStatus.PUBLISHED)
    return product.variants[0]


def stock_of(variant_id: int) -> int:
    db.session.expire_all()
    return db.session.get(Variant, variant_id).stock


def text(response) -> str:
    """A page as a person reads it: Babel puts a no-break space in "S/ 120.00"."""
    return response.get_data(as_text=True).replace("\xa0", " ")


def token_in(page: str) -> str:
    return re.search(r'name="checkout_token" type="hidden" value="([^"]+)"', page).group(1)


@dataclass
class Shop:
    client: object

    def textile(self, org=None, **kwargs) -> Variant:
        kwargs.setdefault("name", "Chalina de algodón nativo")
        return for_sale(org or factories.organisation(name="Tejedoras de Mórrope"), **kwargs)

    def honey(self, org=None, **kwargs) -> Variant:
        kwargs.setdefault("name", "Miel de algarrobo")
        kwargs.setdefault("price", 3500)
        return for_sale(org or factories.organisation(name="Apicultores de Olmos"), **kwargs)

    def add(self, variant, quantity: int = 1, client=None):
        return (client or self.client).post("/cart/add", data={"variant_id": variant.id, "quantity": quantity})

    def checkout(self, client=None, token: str | None = None, **overrides):
        """Open the checkout form, then submit it with a Lima address (transfer unless told)."""
        client = client or self.client
        if token is None:
            token = token_in(client.get("/checkout").get_data(as_text=True))
        data = {**ADDRESS, "checkout_token": token, **overrides}
        return client.post("/checkout", data={k: v for k, v in data.items() if v is not None})

    def place(self, items: dict, *, method: PaymentMethod = PaymentMethod.TRANSFER, buyer=None,
              email: str = "ana.compradora@example.pe", token: str | None = None) -> Order:
        """Place an order through the service, as the checkout page does."""
        return place_order(CheckoutRequest(
            items={v.id if hasattr(v, "id") else v: q for v, q in items.items()},
            delivery=Delivery(email=email, name="Ana Quispe", address_line="Av. Arequipa 1234",
                              district_code=LIMA_DISTRICT),
            payment_method=method, token=token or new_checkout_token(), buyer=buyer,
        ))

    def paid(self, items: dict, **kwargs) -> Order:
        """An order paid by transfer, confirmed by a member of staff."""
        from marketplace.payments.manual import confirm_transfer

        order = self.place(items, **kwargs)
        confirm_transfer(order, amount=order.total, bank_reference="OP-000123", by=factories.user(is_staff=True))
        db.session.expire_all()
        return db.session.get(Order, order.id)


@pytest.fixture
def shop(client) -> Shop:
    return Shop(client)
