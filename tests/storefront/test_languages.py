"""Each language version of a public page has its own URL (?lang=en), named by hreflang links,
kept by every link on the page, and listed in the sitemaps."""
from __future__ import annotations

import re
from html import unescape
import xml.etree.ElementTree as ET

from .. import factories

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def test_spanish_and_english_versions_name_each_other(client, db):
    product = factories.published_product(name_es="Chullo", name_en="Knitted hat")
    url = f"http://localhost/productos/{product.slug}"

    spanish = client.get(f"/productos/{product.slug}").get_data(as_text=True)
    english = client.get(f"/productos/{product.slug}?lang=en").get_data(as_text=True)

    for html in (spanish, english):
        assert f'<link rel="alternate" hreflang="es" href="{url}">' in html
        assert f'<link rel="alternate" hreflang="en" href="{url}?lang=en">' in html
        assert f'<link rel="alternate" hreflang="x-default" href="{url}">' in html
    assert f'<link rel="canonical" href="{url}">' in spanish and '<html lang="es">' in spanish
    assert f'<link rel="canonical" href="{url}?lang=en">' in english and '<html lang="en">' in english


def test_the_url_language_wins_over_cookie_and_profile(client, db):
    client.set_cookie("lang", "en")
    assert '<html lang="es">' in client.get("/productos?lang=es").get_data(as_text=True)
    assert '<html lang="en">' in client.get("/productos").get_data(as_text=True)


def test_links_on_an_english_page_stay_in_english(client, db):
    category = factories.category(slug="textiles")
    product = factories.published_product(in_category=category)

    html = client.get("/productos?lang=en").get_data(as_text=True)

    assert f'href="/productos/{product.slug}?lang=en"' in html
    assert 'href="/categorias/textiles?lang=en"' in html
    assert 'href="/?lang=en"' in html
    assert '<input type="hidden" name="lang" value="en">' in html  # the GET forms keep it too


def test_the_language_switch_is_a_link_that_keeps_the_choice(client, db):
    english = client.get("/productos?region=cusco&lang=en").get_data(as_text=True)
    assert ('<a class="lang-switch" href="/language/es?next=/productos?region%3Dcusco" hreflang="es" lang="es" '
            'rel="nofollow">Español</a>') in english
    spanish = client.get("/productos?region=cusco").get_data(as_text=True)
    switch = re.search(r'<a class="lang-switch" href="([^"]+)" hreflang="en"', spanish).group(1)

    response = client.get(unescape(switch))

    assert response.status_code == 302 and response.headers["Location"] == "/productos?region=cusco&lang=en"
    assert "session" not in response.headers.get("Set-Cookie", "")
    assert client.get_cookie("lang").value == "en" and client.get_cookie("session") is None
    assert '<html lang="en">' in client.get("/productos").get_data(as_text=True)  # the choice sticks


def test_signed_in_people_still_switch_through_their_profile(client, db, login_as):
    login_as("buyer")
    html = client.get("/productos?lang=en").get_data(as_text=True)
    action = re.search(r'action="(/language/es[^"]*)"', html).group(1)
    assert action == "/language/es?next=/productos"


def test_listing_canonical_keeps_only_the_filters_in_normal_form(client, db):
    html = client.get("/productos?utm_source=whatsapp&orden=recientes&mujeres=si&region=CUSCO").get_data(as_text=True)
    assert '<link rel="canonical" href="http://localhost/productos?region=cusco&amp;mujeres=1">' in html


def test_the_home_page_has_both_versions_too(client, db):
    html = client.get("/").get_data(as_text=True)
    assert '<link rel="alternate" hreflang="en" href="http://localhost/?lang=en">' in html


def test_robots_txt_points_at_the_sitemap(client, db):
    response = client.get("/robots.txt")
    assert response.mimetype == "text/plain"
    body = response.get_data(as_text=True)
    assert "Sitemap: http://localhost/sitemap.xml" in body and "Disallow: /account/" in body


def test_sitemaps_list_every_public_page_in_both_languages(client, db, monkeypatch):
    from marketplace.storefront import sitemaps

    monkeypatch.setattr(sitemaps, "SITEMAP_SIZE", 2)
    category = factories.category(slug="miel")
    org = factories.organisation(district_code="140310")
    products = [factories.published_product(org, in_category=category) for _ in range(3)]
    hidden = factories.complete_product(org)

    index = ET.fromstring(client.get("/sitemap.xml").data)
    files = [loc.text for loc in index.iter(f"{SITEMAP}loc")]
    assert files == [f"http://localhost/sitemap-{n}.xml" for n in range(3)]

    urls, alternates = [], set()
    for file in files:
        response = client.get(file.removeprefix("http://localhost"))
        assert response.mimetype == "application/xml"
        for entry in ET.fromstring(response.data).iter(f"{SITEMAP}url"):
            urls.append(entry.find(f"{SITEMAP}loc").text)
            alternates |= {(link.get("hreflang"), link.get("href")) for link in entry.iter(f"{XHTML}link")}
    for product in products:
        assert f"http://localhost/productos/{product.slug}" in urls
        assert ("en", f"http://localhost/productos/{product.slug}?lang=en") in alternates
    assert f"http://localhost/productos/{hidden.slug}" not in urls
    for page in ("/", "/productos", "/categorias/miel", "/regiones/lambayeque", f"/productores/{org.slug}"):
        assert f"http://localhost{page}" in urls and f"http://localhost{page}?lang=en" in urls
    assert client.get("/sitemap-9.xml").status_code == 404



def test_a_first_visit_follows_the_browsers_language(client, db):
    product = factories.published_product(name_es="Manta", name_en="Blanket")
    url = f"/productos/{product.slug}"

    english = client.get(url, headers={"Accept-Language": "en-GB,en;q=0.9,es;q=0.5"})
    assert '<html lang="en">' in english.get_data(as_text=True) and "Blanket" in english.get_data(as_text=True)
    assert "Accept-Language" in english.headers["Vary"]
    spanish = client.get(url, headers={"Accept-Language": "es-PE,es;q=0.9"})
    assert '<html lang="es">' in spanish.get_data(as_text=True)
    other = client.get(url, headers={"Accept-Language": "fr-FR,fr;q=0.9"})
    assert '<html lang="es">' in other.get_data(as_text=True)  # neither language: Spanish
    assert client.get_cookie("session") is None


def test_the_choice_made_once_wins_over_the_browser(client, db):
    client.get("/language/es?next=/productos")
    html = client.get("/productos", headers={"Accept-Language": "en-US,en"}).get_data(as_text=True)
    assert '<html lang="es">' in html


def test_a_signed_in_persons_choice_is_kept_in_their_profile(client, db, login_as):
    user = login_as("buyer")
    response = client.post("/language/en", data={"next": "/productos"})
    assert response.status_code == 302
    db.session.refresh(user)
    assert user.locale == "en" and client.get_cookie("lang").value == "en"
