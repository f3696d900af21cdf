"""The first screen of a new product is "add photos": from the camera or the gallery, up to
eight, reordered with up/down buttons, one chosen as the cover, any removed."""
from __future__ import annotations

import io

import pytest

from marketplace.catalogue import services
from marketplace.catalogue.models import ProductPhoto, ProductStatus
from marketplace.extensions import db as _db
from marketplace.media.models import Image

from .. import factories
from .conftest import jpeg, photo_files, png


def upload(client, product, files, *, json=False):
    headers = {"Accept": "application/json"} if json else {}
    return client.post(f"/producer/products/{product.id}/photos", data={"photos": files},
                       content_type="multipart/form-data", headers=headers)


def photos_of(product) -> list[ProductPhoto]:
    _db.session.expire_all()  # the requests changed rows through their own session
    return list(_db.session.scalars(
        _db.select(ProductPhoto).where(ProductPhoto.product_id == product.id).order_by(ProductPhoto.position)))


def test_several_photos_sent_without_javascript_are_all_kept_the_first_as_cover(client, producer):
    product = services.start_product(producer.organisation, by=producer)
    response = upload(client, product, [(io.BytesIO(jpeg()), "telar.jpg"), (io.BytesIO(png()), "detalle.png")])
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/producer/products/{product.id}/photos")
    photos = photos_of(product)
    assert [p.position for p in photos] == [0, 1]
    assert photos[0].is_cover and photos[0].image.organisation_id == producer.organisation.id
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert page.count('class="listing-photo"') == 2
    assert "Portada" in page and "Usar como portada" in page
    assert photos[0].image.url(400, "jpeg") in page


def test_photos_js_gets_json_with_the_next_page(client, producer):
    product = services.start_product(producer.organisation, by=producer)
    response = upload(client, product, [(io.BytesIO(jpeg()), "miel.jpg")], json=True)
    assert response.status_code == 200
    assert response.get_json() == {"next": f"/producer/products/{product.id}/photos", "errors": []}
    assert len(photos_of(product)) == 1


def test_a_ninth_photo_is_refused_with_a_clear_message(client, producer):
    product = services.start_product(producer.organisation, by=producer)
    assert upload(client, product, photo_files(8)).status_code == 302
    response = upload(client, product, [(io.BytesIO(jpeg()), "novena.jpg")], json=True)
    assert response.status_code == 422
    assert response.get_json()["errors"] == [
        "Cada producto puede tener hasta 8 fotos, así que no guardamos 1 foto. Quita alguna si quieres poner otra."]
    assert len(photos_of(product)) == 8
    page = client.get(f"/producer/products/{product.id}/photos").get_data(as_text=True)
    assert "Ya tiene 8 fotos, el máximo" in page and "data-photo-upload" not in page


def test_sending_more_photos_than_fit_keeps_those_that_fit_and_says_how_many_were_not_saved(client, producer):
    product = services.start_product(producer.organisation, by=producer)
    upload(client, product, photo_files(6))
    response = upload(client, product, photo_files(4, "mas"))
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "no guardamos 2 fotos" in page
    assert len(photos_of(product)) == 8


def test_the_service_refuses_a_ninth_photo_before_processing_it(db):
    person = factories.user()
    product = services.start_product(factories.organisation(owner=person), by=person)
    for i in range(8):
        services.add_photo(product, io.BytesIO(jpeg((i * 30, 10, 10))), by=person)
    images_before = _db.session.scalar(_db.select(_db.func.count(Image.id)))
    with pytest.raises(services.TooManyPhotos):
        services.add_photo(product, io.BytesIO(jpeg()), by=person)
    assert _db.session.scalar(_db.select(_db.func.count(Image.id))) == images_before


def test_a_file_that_is_not_a_photo_is_refused_in_the_producers_language(client, producer):
    product = services.start_product(producer.organisation, by=producer)
    response = upload(client, product, [(io.BytesIO(b"%PDF-1.4 not a photo"), "factura.pdf")], json=True)
    assert response.status_code == 422
    [message] = response.get_json()["errors"]
    assert message.startswith("No pudimos usar «factura.pdf»: Ese archivo no es una foto.")
    assert photos_of(product) == []


def test_sending_the_form_without_a_photo_says_what_to_do(client, producer):
    product = services.start_product(producer.organisation, by=producer)
    page = client.post(f"/producer/products/{product.id}/photos", data={}, follow_redirects=True).get_data(as_text=True)
    assert "Elige una foto de la galería o toma una con la cámara." in page


def test_photos_are_reordered_with_up_and_down_and_the_cover_is_chosen(client, producer):
    product = factories.product(producer.organisation)
    first, second, third = (factories.product_photo(product) for _ in range(3))
    base = f"/producer/products/{product.id}/photos"
    client.post(f"{base}/{third.id}/up", data={})
    assert [p.id for p in photos_of(product)] == [first.id, third.id, second.id]
    client.post(f"{base}/{first.id}/down", data={})
    assert [p.id for p in photos_of(product)] == [third.id, first.id, second.id]
    client.post(f"{base}/{second.id}/cover", data={})
    photos = photos_of(product)
    assert [p.id for p in photos] == [second.id, third.id, first.id]
    assert photos[0].is_cover


def test_moving_the_first_photo_up_changes_nothing(client, producer):
    product = factories.product(producer.organisation)
    first, second = factories.product_photo(product), factories.product_photo(product)
    client.post(f"/producer/products/{product.id}/photos/{first.id}/up", data={})
    assert [p.id for p in photos_of(product)] == [first.id, second.id]


def test_removing_a_photo_deletes_its_image_and_closes_the_gap(client, producer):
    product = services.start_product(producer.organisation, by=producer)
    upload(client, product, photo_files(3))
    first, second, third = photos_of(product)
    image_id = second.image_id
    client.post(f"/producer/products/{product.id}/photos/{second.id}/remove", data={})
    assert [(p.id, p.position) for p in photos_of(product)] == [(first.id, 0), (third.id, 1)]
    assert _db.session.scalar(_db.select(Image.id).where(Image.id == image_id)) is None


def test_the_last_photo_of_a_published_product_stays(client, producer):
    product = factories.complete_product(producer.organisation, status=ProductStatus.PUBLISHED)
    photo = product.photos[0]
    page = client.post(f"/producer/products/{product.id}/photos/{photo.id}/remove", data={},
                       follow_redirects=True).get_data(as_text=True)
    assert "quedaría incompleto" in page and "Sube al menos una foto." in page
    assert len(photos_of(product)) == 1


def test_photos_already_uploaded_stay_on_screen_when_the_details_form_has_errors(client, producer):
    product = services.start_product(producer.organisation, by=producer)
    upload(client, product, photo_files(2))
    response = client.post(f"/producer/products/{product.id}/details",
                           data={"name_es": "", "price": "-1", "stock": "1", "then": "list"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    for photo in photos_of(product):
        assert photo.image.url(400, "jpeg") in page


def test_another_organisations_photo_cannot_be_moved_or_removed(client, producer, stranger_product):
    photo = stranger_product.photos[0]
    for action in ("up", "down", "cover", "remove"):
        url = f"/producer/products/{stranger_product.id}/photos/{photo.id}/{action}"
        assert client.post(url, data={}).status_code == 404
    assert upload(client, stranger_product, photo_files(1), json=True).status_code == 404
    assert len(photos_of(stranger_product)) == 1
