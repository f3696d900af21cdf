"""The public shop: catalogue, search, category, product, producer and region pages, sitemaps.

A collective brand's own page is the brands package's (brands.brand); here a brand is a filter.

Anyone may read these pages; only what is visible (published products of verified
organisations) is ever shown, and anything else answers 404 like an unknown address.
"""
from __future__ import annotations

from dataclasses import replace

from flask import Blueprint, abort, current_app, make_response, render_template, request, url_for
from flask_babel import gettext as _

from ..brands.authorisations import authorised_brands
from ..i18n import locale_code, localized, public_locale
from . import cache, fragments, pages, sitemaps
from .filters import Filters, read_filters
from .listing import Scope, products_page
from ..public_urls import absolute
from .seo import page_url, product_json_ld

bp = Blueprint("storefront", __name__)

NOT_FOUND = {
    "product": lambda: _("No encontramos ese producto"),
    "category": lambda: _("No encontramos esa categoría"),
    "region": lambda: _("No encontramos esa región"),
    "producer": lambda: _("No encontramos a esa productora o productor"),
}


def _not_found(kind: str):
    """404 with a way back to the catalogue (also for hidden records: they are not told apart)."""
    return render_template("storefront/not_found.html", what=NOT_FOUND[kind]()), 404

MORE_FROM_PRODUCER = 4
FACETS = ("category", "brand", "region")


def _catalogue(filters: Filters, scope: Scope, template: str, *, facets=FACETS, tree=None, **context):
    """A listing page: resolve the filters' slugs, list, render. Only the `facets` offered as
    filters are loaded; a filter value that names nothing is dropped."""
    tree = tree or (pages.category_tree() if "category" in facets else None)
    brands = pages.brand_choices() if "brand" in facets else []
    regions = pages.regions_with_producers() if "region" in facets else []
    category = tree.get(filters.category) if tree and scope.category_ids is None else None
    brand = next((b for b in brands if b.slug == filters.brand), None)
    region = pages.region_by_slug(filters.region) if "region" in facets else None
    producer = pages.public_producer(filters.producer) if filters.producer and scope.organisation_id is None else None
    filters = replace(
        filters,
        category=category.slug if category else None,
        brand=brand.slug if brand else None,
        region=pages.region_slug(region.code) if region else None,
        producer=producer.slug if producer else None,
    )
    scope = replace(
        scope,
        category_ids=category.ids if category else scope.category_ids,
        brand_id=brand.id if brand else None,
        region_code=region.code if region else scope.region_code,
        organisation_id=producer.id if producer else scope.organisation_id,
    )
    results = products_page(scope, filters)
    filters = filters.with_page(results.page)
    cache.shows(card.id for card in results.cards)
    if filters.in_stock:
        cache.shows_any_stock()  # a sale can take a product off this list, or put one back
    return render_template(
        template, filters=filters, results=results, tree=tree, brands=brands, regions=regions, facets=facets,
        chosen_producer=producer, canonical_args=filters.to_args(), **context,
    )


@bp.get("/productos")
def catalogue():
    return _catalogue(read_filters(request.args).without("query"), Scope(), "storefront/catalogue.html")


@bp.get("/buscar")
def search():
    filters = read_filters(request.args)
    return _catalogue(filters, Scope(), "storefront/search.html")


@bp.get("/categorias/<slug>")
def category(slug: str):
    tree = pages.category_tree()
    node = tree.get(slug)
    if node is None:
        return _not_found("category")
    filters = read_filters(request.args).without("query", "category")
    return _catalogue(filters, Scope(category_ids=node.ids), "storefront/category.html",
                      facets=("brand", "region"), tree=tree, category=node, parent=tree.parent_of(node))


@bp.get("/regiones/<slug>")
def region(slug: str):
    place = pages.region_by_slug(slug)
    if place is None:
        return _not_found("region")
    filters = read_filters(request.args).without("query", "region")
    return _catalogue(filters, Scope(region_code=place.code), "storefront/region.html", facets=("category", "brand"),
                      region=place, producers=pages.producers_in_region(place.code))


@bp.get("/productores/<slug>")
def producer(slug: str):
    organisation = pages.public_producer(slug)
    if organisation is None:
        return _not_found("producer")
    filters = read_filters(request.args).without("query", "producer")
    brands = authorised_brands([organisation.id])[organisation.id]
    return _catalogue(filters, Scope(organisation_id=organisation.id), "storefront/producer.html", facets=("category",),
                      organisation=organisation, organisation_brands=brands)


@bp.get("/productos/<slug>")
def product(slug: str):
    found = pages.public_product(slug)
    if found is None:
        return _not_found("product")
    found, lot = found
    locale = locale_code()
    seals_html, brand_names = fragments.product_seals(found)
    canonical = page_url(public_locale())
    images = [absolute(photo.image.url(1600, "jpeg")) for photo in found.photos]
    json_ld = product_json_ld(
        found, name=localized(found, "name", locale), description=localized(found, "description", locale),
        url=canonical, images=images, brands=brand_names,
    )
    more = fragments.more_from_producer(found, MORE_FROM_PRODUCER)
    cache.shows([found.id, *(product_id for product_id, _item in more)])
    return render_template(
        "storefront/product.html", product=found, lot=lot, seals=seals_html, json_ld=json_ld, canonical=canonical,
        district=found.organisation.district, more=more,
        og_image=absolute(found.cover.image.url(800, "jpeg")) if found.cover else None,
    )


@bp.get("/robots.txt")
def robots():
    text = render_template("storefront/robots.txt", sitemap=url_for("storefront.sitemap_index", _external=True))
    return current_app.response_class(text, mimetype="text/plain")


@bp.get("/sitemap.xml")
def sitemap_index():
    return _xml(render_template("storefront/sitemap_index.xml", sitemaps=sitemaps.sitemap_urls()))


@bp.get("/sitemap-<int:number>.xml")
def sitemap(number: int):
    entries = sitemaps.entries(number)
    if entries is None:
        abort(404)
    return _xml(render_template("storefront/sitemap.xml", entries=entries))


def _xml(text: str):
    response = make_response(text)
    response.mimetype = "application/xml"
    return response
