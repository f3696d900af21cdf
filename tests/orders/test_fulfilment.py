"""Producers pack, ship and deliver their part of each paid order; the buyer is told at each step."""
from marketplace.extensions import db
from marketplace.orders.access import access_token
from marketplace.orders.models import FulfilmentStatus, Order, OrderStatus
from tests import factories
from tests.orders.shop import text


def producer_and_order(shop, login_as):
    """A signed-in producer whose textile is in a paid order together with another producer's honey."""
    producer = login_as("producer")
    textile = shop.textile(org=producer.organisation)
    honey = shop.honey()
    order = shop.paid({textile: 2, honey: 1})
    mine = next(f for f in order.fulfilments if f.organisation_id == producer.organisation.id)
    theirs = next(f for f in order.fulfilments if f.organisation_id != producer.organisation.id)
    return producer, order, mine, theirs


def test_the_inbox_shows_only_paid_parcels_of_the_producers_own_organisation(client, shop, login_as):
    producer, order, mine, theirs = producer_and_order(shop, login_as)
    unpaid = shop.place({shop.textile(org=producer.organisation, name="Manta"): 1})
    page = text(client.get("/producer/fulfilments/"))
    assert order.reference in page and unpaid.reference not in page
    assert f"/producer/fulfilments/{mine.id}" in page and f"/producer/fulfilments/{theirs.id}" not in page
    assert client.get(f"/producer/fulfilments/{unpaid.fulfilments[0].id}").status_code == 404


def test_the_inbox_counts_one_unit_in_the_singular(client, shop, login_as):
    producer = login_as("producer")
    shop.paid({shop.textile(org=producer.organisation): 1})
    shop.paid({shop.textile(org=producer.organisation, name="Manta"): 2})
    page = text(client.get("/producer/fulfilments/"))
    assert "1 unidad ·" in page and "2 unidades ·" in page and "1 unidades" not in page


def test_another_producers_parcel_is_not_found(client, shop, login_as):
    producer, order, mine, theirs = producer_and_order(shop, login_as)
    assert client.get(f"/producer/fulfilments/{theirs.id}").status_code == 404
    for action in ("pack", "deliver"):
        assert client.post(f"/producer/fulfilments/{theirs.id}/{action}", data={}).status_code == 404
    response = client.post(f"/producer/fulfilments/{theirs.id}/ship", data={"courier": "olva", "tracking_number": "1"})
    assert response.status_code == 404
    db.session.expire_all()
    assert db.session.get(type(theirs), theirs.id).status == FulfilmentStatus.TO_PACK


def test_packing_shipping_and_delivering_tell_the_buyer_each_time(client, shop, login_as, outbox):
    producer, order, mine, theirs = producer_and_order(shop, login_as)
    detail = f"/producer/fulfilments/{mine.id}"
    page = text(client.get(detail))
    assert "Av. Arequipa 1234" in page and "<strong>2</strong> × Chalina de algodón nativo" in page
    assert "Miel" not in page

    client.post(f"{detail}/pack", data={})
    client.post(f"{detail}/ship", data={"courier": "olva", "tracking_number": "OLV-558877"})
    shipped = outbox(order.email)[-1]
    assert shipped.kind == "order_shipped" and "OLV-558877" in shipped.body and "Olva Courier" in shipped.body
    buyer_page = text(client.get(f"/orders/{order.reference}?t={access_token(order)}"))
    assert "enviado" in buyer_page and "OLV-558877" in buyer_page and "por preparar" in buyer_page

    client.post(f"{detail}/deliver", data={})
    db.session.expire_all()
    order = db.session.get(Order, order.id)
    assert order.status == OrderStatus.PAID  # the honey has not arrived yet
    assert [e.kind for e in outbox(order.email)][-3:] == ["order_packed", "order_shipped", "order_delivered"]
    kinds = [(e.kind, e.to_status) for e in order.events if e.fulfilment_id == mine.id]
    assert kinds[-3:] == [("fulfilment_status", "packed"), ("fulfilment_status", "shipped"),
                          ("fulfilment_status", "delivered")]


def test_an_order_is_complete_once_every_parcel_is_delivered(client, shop, login_as):
    producer = login_as("producer")
    order = shop.paid({shop.textile(org=producer.organisation): 1})
    fulfilment = order.fulfilments[0]
    client.post(f"/producer/fulfilments/{fulfilment.id}/ship", data={"courier": "serpost", "tracking_number": "RR1PE"})
    client.post(f"/producer/fulfilments/{fulfilment.id}/deliver", data={})
    db.session.expire_all()
    assert db.session.get(Order, order.id).status == OrderStatus.COMPLETED


def test_shipping_needs_a_tracking_number_and_the_name_of_another_courier(client, shop, login_as):
    producer, order, mine, theirs = producer_and_order(shop, login_as)
    response = client.post(f"/producer/fulfilments/{mine.id}/ship", data={"courier": "olva", "tracking_number": ""})
    assert response.status_code == 422 and "Escribe el número de seguimiento" in text(response)
    response = client.post(f"/producer/fulfilments/{mine.id}/ship", data={"courier": "other", "tracking_number": "X1"})
    assert response.status_code == 422 and "Escribe el nombre del courier." in text(response)
    client.post(f"/producer/fulfilments/{mine.id}/ship",
                data={"courier": "other", "courier_name": "Transportes Cruz del Sur", "tracking_number": "X1"})
    db.session.expire_all()
    shipped = db.session.get(type(mine), mine.id)
    assert (shipped.status, shipped.courier_name) == (FulfilmentStatus.SHIPPED, "Transportes Cruz del Sur")


def test_a_parcel_cannot_be_delivered_before_it_ships(client, shop, login_as):
    producer, order, mine, theirs = producer_and_order(shop, login_as)
    response = client.post(f"/producer/fulfilments/{mine.id}/deliver", data={}, follow_redirects=True)
    assert "Solo un envío ya enviado se puede marcar como entregado." in text(response)
    db.session.expire_all()
    assert db.session.get(type(mine), mine.id).status == FulfilmentStatus.TO_PACK


def test_a_member_who_is_not_the_owner_can_ship_too(client, shop, login_as):
    owner = factories.user()
    organisation = factories.organisation(owner=owner)
    member = login_as("buyer")
    factories.member(organisation, member)
    order = shop.paid({shop.textile(org=organisation): 1})
    assert client.get(f"/producer/fulfilments/{order.fulfilments[0].id}").status_code == 200
