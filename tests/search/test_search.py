"""Buyers search in Spanish or English; the index follows the catalogue. Same tests on SQLite
(FTS5) and PostgreSQL (tsvector + unaccent)."""
from __future__ import annotations

import pytest

from marketplace import search
from marketplace.catalogue import services as catalogue
from marketplace.catalogue.models import Provenance, Technique
from marketplace.extensions import db as _db
from marketplace.producers.models import VerificationStatus

from .. import factories
from ..storefront.conftest import product_links, text_of

NASTY_QUERIES = [
    '"', '""', "'", "*", "**", "algod*", "NEAR", "NEAR(miel algarrobo)", "miel NEAR/3 algarrobo", "OR", "AND",
    "NOT", "miel OR", "OR miel", "-miel", "- - -", "(", ")", "((miel)", "name:miel", ":", "^miel", "miel:*",
    "miel & | !", "'; DROP TABLE product; --", "%", "_", "\\", "<script>alert(1)</script>", "ñandú", "🐝 miel",
    "\x00miel", "miel\u200b", "a" * 300,
]


@pytest.fixture
def shop(db):
    """A small shop: native cotton from Mórrope, honey from Salas, a draft that must never show."""
    textiles = factories.category(name_es="Textiles", name_en="Textiles", slug="textiles")
    honey = factories.category(name_es="Miel", name_en="Honey", slug="miel", sold_by_lot=True)
    morrope = factories.organisation(name="Tejedoras de Mórrope", district_code="140306", women_led=True)
    salas = factories.organisation(name="Apicultores de Salas", district_code="140310")
    runner = factories.published_product(
        morrope, in_category=textiles, name_es="Camino de mesa de Algodón nativo", name_en="Native cotton table runner",
        description_es="Tejido en telar de cintura con algodón pardo y crema.",
    )
    jar = factories.published_product(
        salas, in_category=honey, name_es="Miel de algarrobo, 500 g", name_en="Algarrobo honey, 500 g",
        description_es="Miel cruda del bosque seco de Salas.",
    )
    factories.lot(jar, floral_source="Algarrobo (Prosopis pallida)")
    draft = factories.complete_product(morrope, in_category=textiles, name_es="Chal de algodón nativo (borrador)")
    return type("Shop", (), dict(runner=runner, jar=jar, draft=draft, morrope=morrope, textiles=textiles))


def found(client, query: str, **params) -> list[str]:
    response = client.get("/buscar", query_string={"q": query, **params})
    assert response.status_code == 200
    return product_links(response.get_data(as_text=True))


def test_accents_and_case_do_not_matter(client, shop):
    assert found(client, "algodon") == [shop.runner.slug]
    assert found(client, "ALGODÓN NATIVO") == [shop.runner.slug]
    assert found(client, "algod") == [shop.runner.slug]  # a word's beginning is enough


def test_several_words_all_count_and_little_words_do_not(client, shop):
    assert found(client, "miel de algarrobo") == [shop.jar.slug]
    assert found(client, "miel algodón") == []


def test_english_words_find_the_english_names(client, shop):
    assert found(client, "honey") == [shop.jar.slug]
    assert found(client, "table runner") == [shop.runner.slug]


def test_producer_place_technique_and_lot_facts_are_searchable(client, shop):
    shop.runner.provenance = Provenance(community="Arbolsol", technique=Technique.BACKSTRAP, fibre="algodón nativo")
    _db.session.commit()
    assert found(client, "morrope") == [shop.runner.slug]
    assert found(client, "arbolsol") == [shop.runner.slug]
    assert found(client, "telar de cintura") == [shop.runner.slug]
    assert found(client, "prosopis") == [shop.jar.slug]
    assert found(client, "lambayeque") == sorted([shop.runner.slug, shop.jar.slug], key=[shop.jar.slug, shop.runner.slug].index)


def test_a_plural_finds_the_singular(client, shop):
    assert found(client, "caminos de mesa") == [shop.runner.slug]


def test_matching_words_are_highlighted_and_the_query_is_escaped(client, shop):
    page = client.get("/buscar", query_string={"q": "algodon <b>"}).get_data(as_text=True)
    assert "<mark>Algodón</mark>" in page
    assert "<b>" not in page.split("<main", 1)[1]
    assert "«algodon &lt;b&gt;»" in page


def test_drafts_are_never_found(client, shop):
    assert shop.draft.slug not in found(client, "chal")
    assert found(client, "borrador") == []


def test_search_combines_with_filters(client, shop):
    assert found(client, "lambayeque", mujeres="1") == [shop.runner.slug]
    assert found(client, "lambayeque", categoria="miel") == [shop.jar.slug]


def test_operators_and_junk_give_a_normal_results_page(client, shop):
    for query in NASTY_QUERIES + ["miel " * 2000]:
        response = client.get("/buscar", query_string={"q": query})
        assert response.status_code == 200, repr(query)
        assert "<h1>" in response.get_data(as_text=True)


def test_no_results_suggest_browsing(client, shop):
    page = text_of(client.get("/buscar?q=zapatillas").get_data(as_text=True))
    assert "No encontramos productos para «zapatillas»" in page
    assert "O recorre el catálogo" in page and "Textiles" in page and "Ver todos los productos" in page


def test_an_empty_search_asks_what_to_look_for(client, shop):
    page = text_of(client.get("/buscar?q=").get_data(as_text=True))
    assert "Escribe qué buscas" in page


def test_search_pages_are_not_indexed_by_search_engines(client, shop):
    assert '<meta name="robots" content="noindex, follow">' in client.get("/buscar?q=miel").get_data(as_text=True)


# The index follows the catalogue ----------------------------------------------------------------


def indexed(*terms) -> set[int]:
    return set(_db.session.scalars(_db.select(search.matching(list(terms)).subquery().c.product_id)))


def test_unpublishing_archiving_and_publishing_again_update_the_index(client, shop):
    owner = factories.user()
    catalogue.unpublish(shop.jar, by=owner)
    assert indexed("miel") == set() and found(client, "miel") == []
    catalogue.archive(shop.jar, by=owner)
    catalogue.restore(shop.jar, by=owner)
    catalogue.publish(shop.jar, by=owner)
    assert found(client, "miel") == [shop.jar.slug]


def test_an_organisation_that_loses_its_verification_disappears_from_search(client, shop):
    shop.morrope.status = VerificationStatus.REJECTED
    _db.session.commit()
    assert found(client, "algodon") == []
    shop.morrope.status = VerificationStatus.VERIFIED
    _db.session.commit()
    assert found(client, "algodon") == [shop.runner.slug]


def test_renaming_a_product_or_its_category_reindexes_it(client, shop):
    shop.runner.name_es = "Tapete de algodón"
    _db.session.commit()
    assert found(client, "tapete") == [shop.runner.slug] and found(client, "camino") == []
    shop.textiles.name_es = "Tejidos a mano"
    _db.session.commit()
    assert found(client, "tejidos mano") == [shop.runner.slug]


def test_a_new_variant_option_is_searchable(client, shop):
    factories.variant(shop.runner, option_es="color vedoso")
    assert found(client, "vedoso") == [shop.runner.slug]


def test_a_deleted_product_leaves_the_index(client, shop):
    _db.session.delete(shop.runner)
    _db.session.commit()
    assert indexed("algodon") == set()


def test_an_organisation_deleted_takes_its_products_out_of_the_index(client, shop):
    _db.session.delete(shop.morrope)
    _db.session.commit()
    assert indexed("algodon") == set() and indexed("miel") == {shop.jar.id}


def test_a_failed_transaction_leaves_the_index_as_it_was(client, shop):
    shop.runner.name_es = "Nombre que nunca se guarda"
    _db.session.flush()
    _db.session.rollback()
    assert found(client, "nunca") == [] and found(client, "algodon") == [shop.runner.slug]


def test_flask_search_reindex_rebuilds_the_index(runner, shop):
    index = search.index()
    with _db.engine.begin() as connection:
        index.clear(connection)
    assert indexed("miel") == set()

    result = runner.invoke(args=["search", "reindex"])

    assert result.exit_code == 0 and "Indexed 2 products." in result.output
    assert indexed("miel") == {shop.jar.id}


def test_a_very_broad_search_ranks_its_newest_matches_and_says_there_are_more(client, db, monkeypatch):
    from marketplace.search import backends

    monkeypatch.setattr(backends, "RANK_CANDIDATES", 3)
    monkeypatch.setattr(search, "RANK_CANDIDATES", 3)
    org = factories.organisation()
    blankets = [factories.published_product(org, name_es=f"Manta {n}") for n in range(5)]

    ranked = client.get("/buscar?q=manta").get_data(as_text=True)
    assert set(product_links(ranked)) == {p.slug for p in blankets[2:]}
    assert "Hay muchos más productos con estas palabras" in text_of(ranked)
    by_date = client.get("/buscar?q=manta&orden=recientes").get_data(as_text=True)
    assert len(product_links(by_date)) == 5 and "Hay muchos más" not in by_date


def test_a_search_matching_more_than_it_lists_says_so_and_pages_through_the_first(client, db, monkeypatch):
    from marketplace.storefront import listing

    monkeypatch.setattr(listing, "MAX_SEARCH_RESULTS", 26)
    org = factories.organisation()
    blankets = [factories.published_product(org, name_es=f"Manta {n}") for n in range(28)]

    for order in ("recientes", "relevancia"):
        first = client.get(f"/buscar?q=manta&orden={order}").get_data(as_text=True)
        last = client.get(f"/buscar?q=manta&orden={order}&pagina=9").get_data(as_text=True)
        assert "más de 26 productos · mostrando 1–24" in text_of(first)
        assert "Hay más de 26 productos con estas palabras: puedes recorrer los primeros 26." in text_of(first)
        assert "más de 26 productos · mostrando 25–26" in text_of(last) and "Página 2 de 2" in text_of(last)
        listed = product_links(first) + product_links(last)
        assert len(listed) == 26 and len(set(listed)) == 26 and 'rel="next"' not in last
    assert set(listed) <= {p.slug for p in blankets}
    english = text_of(client.get("/buscar?q=manta&lang=en").get_data(as_text=True))
    assert "more than 26 products" in english and "There are more than 26 products with these words" in english

    monkeypatch.setattr(listing, "MAX_SEARCH_RESULTS", 28)
    exactly = text_of(client.get("/buscar?q=manta").get_data(as_text=True))
    assert "28 productos · mostrando 1–24" in exactly and "más de" not in exactly


def test_a_listing_without_search_words_counts_every_product(db, monkeypatch):
    from marketplace.storefront import listing
    from marketplace.storefront.filters import Filters

    monkeypatch.setattr(listing, "MAX_SEARCH_RESULTS", 2)
    org = factories.organisation()
    for n in range(3):
        factories.published_product(org, name_es=f"Manta {n}")

    catalogue_page = listing.products_page(listing.Scope(), Filters(), per_page=2)
    found_page = listing.products_page(listing.Scope(), Filters(query="manta", page=2), per_page=1)

    assert (catalogue_page.total, catalogue_page.pages, catalogue_page.beyond_limit) == (3, 2, False)
    assert (found_page.beyond_limit, found_page.pages, found_page.first_number, len(found_page.cards)) == (True, 2, 2, 1)


def test_counts_beyond_the_limit_are_written_as_peru_writes_them():
    from marketplace.storefront.templating import number

    assert number(1000) == "1,000" and number(25000) == "25,000"


@pytest.mark.postgres
def test_postgresql_plans_each_search_for_its_words_and_its_candidates(app, db, is_postgres):
    """The query is made once, when the statement is planned (no unaccent left in the plan), and
    the statement names how many candidates it wants, so even a prepared plan knows both."""
    if not is_postgres:
        pytest.skip("needs TEST_DATABASE_URL pointing at PostgreSQL")
    from sqlalchemy import text

    sql = str(search.matching(["algodón", "nativo"]).compile(db.engine, compile_kwargs={"render_postcompile": True}))
    plan = "\n".join(db.session.scalars(text(f"EXPLAIN (VERBOSE) {sql}")))

    assert f"LIMIT {search.RANK_CANDIDATES}" in sql
    assert "'''algodon'':* & ''nativo'':*'::tsquery" in plan and "unaccent" not in plan
    options = db.session.scalar(text("SELECT reloptions FROM pg_class WHERE relname = 'ix_product_search_document'"))
    assert "fastupdate=off" in options
