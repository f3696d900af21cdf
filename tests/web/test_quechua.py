"""Runasimi (Quechua) for producers: chosen like Spanish and English, their pages render in it,
what is not translated yet shows in Spanish, public pages keep Spanish and English only, and every
Quechua message says whether a speaker has reviewed it."""
from __future__ import annotations

import gettext
import re
from datetime import date
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import format_date

from marketplace.extensions import db
from marketplace.money import Money

from .. import factories
from ..fairs.booths import booth_on_now

ROOT = Path(__file__).resolve().parents[2]
QU_PO = ROOT / "translations/qu/LC_MESSAGES/messages.po"
REVIEW_MARK = re.compile(r"^(sin revisar|revisado: .+, \d{4}-\d{2}-\d{2})$")
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]")


def quechua_catalogue():
    with open(QU_PO, "rb") as f:
        return read_po(f, locale="qu")


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.get_data(as_text=True)


def test_a_producer_switches_to_runasimi_and_their_pages_render_in_it(client, login_as):
    producer = login_as("producer")
    product = factories.product(producer.organisation)
    booth_on_now(producer.organisation)
    dashboard = page(client, "/producer/")
    assert '<button class="link" type="submit" lang="qu">Runasimi</button>' in dashboard

    response = client.post("/language/qu?next=/producer/", data={})

    assert response.status_code == 302 and response.headers["Location"] == "/producer/"
    db.session.refresh(producer)
    assert producer.locale == "qu"
    for url, heading in [
        ("/producer/", "Huñunakuyniykuna"),
        (f"/producer/products/{product.id}/details", "Rurasqaq willakuyninkuna"),
        ("/producer/fulfilments/", "Apachinapaq mañakuykuna"),
        ("/producer/contacts/", "Feriakunapi riqsisqakuna"),
        ("/producer/contacts/new", "Musuq riqsisqa"),
    ]:
        html = page(client, url)
        assert '<html lang="qu">' in html, url
        assert f"<h1>{heading}</h1>" in html, url
        assert ">Rurasqaykuna</a>" in html and ">Lluqsiy</button>" in html  # the navigation
        assert ">Español</button>" in html and ">English</button>" in html  # the way back
    # The person met at the booth reads the consent on the producer's phone: in Spanish.
    assert re.search(r'name="consent_locale" type="hidden" value="es"', page(client, "/producer/contacts/new"))


def test_what_is_not_translated_shows_in_spanish(app, client, login_as):
    untranslated = next(m.id for m in quechua_catalogue()
                        if isinstance(m.id, str) and m.id and not m.string and not PLACEHOLDER.search(m.id))
    with app.test_request_context(), force_locale("qu"):
        assert _(untranslated) == untranslated
        assert _("Mis productos") == "Rurasqaykuna"
    producer = login_as("producer", locale="qu")
    product = factories.published_product(producer.organisation, name_es="Chullo de alpaca", name_en="Alpaca hat")
    html = page(client, f"/productos/{product.slug}")
    assert '<html lang="qu">' in html and "Chullo de alpaca" in html and "Alpaca hat" not in html


def test_money_and_dates_are_written_in_quechua_pages_too(app):
    with app.test_request_context(), force_locale("qu"):
        assert Money(1250).format() == "S/\xa012.50"  # prices are written as in Peru
        assert format_date(date(2026, 12, 3)) == "3 Dic 2026"


def test_public_pages_keep_spanish_and_english_only(client, login_as):
    product = factories.published_product(name_es="Chullo", name_en="Knitted hat")
    url = f"http://localhost/productos/{product.slug}"
    visitor = page(client, f"/productos/{product.slug}")
    assert "Runasimi" not in visitor and 'hreflang="qu"' not in visitor

    login_as("producer", locale="qu")
    html = page(client, f"/productos/{product.slug}")

    assert '<html lang="qu">' in html
    assert f'<link rel="canonical" href="{url}">' in html
    assert {m for m in re.findall(r'hreflang="([\w-]+)"', html)} <= {"es", "en", "x-default"}
    assert "lang=qu" not in html and 'content="es_PE"' in html
    index = client.get("/sitemap.xml").get_data(as_text=True)
    sitemaps = "".join(client.get(loc.removeprefix("http://localhost")).get_data(as_text=True)
                       for loc in re.findall(r"<loc>([^<]+)</loc>", index))
    assert f"{url}?lang=en" in sitemaps and "lang=qu" not in sitemaps and 'hreflang="qu"' not in sitemaps


def test_a_visitor_can_sign_up_in_runasimi(client):
    sign_up = page(client, "/account/sign-up")
    switch = re.search(r'<a class="lang-switch" href="([^"]+)" hreflang="qu" lang="qu" rel="nofollow">Runasimi</a>', sign_up)
    assert switch, "the sign-up page offers Runasimi"

    response = client.get(switch.group(1).replace("&amp;", "&"))

    assert response.status_code == 302 and response.headers["Location"] == "/account/sign-up"
    assert client.get_cookie("lang").value == "qu"
    html = page(client, "/account/sign-up")
    assert '<html lang="qu">' in html and "<h1>Cuentata kichay</h1>" in html


def test_the_booth_card_stays_in_spanish_for_the_fairs_visitors(client, login_as):
    producer = login_as("producer", locale="qu")
    booth = booth_on_now(producer.organisation)
    html = page(client, f"/producer/fairs/booths/{booth.id}/card")
    assert '<article class="booth-card" lang="es">' in html and "Escanea y mira nuestros productos:" in html


def test_every_quechua_message_carries_a_review_mark_and_keeps_its_placeholders():
    catalogue = quechua_catalogue()
    assert catalogue.num_plurals == 2  # Babel's rule for qu; both forms are written the same
    translated = [m for m in catalogue if m.id and m.string and (not isinstance(m.string, tuple) or any(m.string))]
    assert translated, "the Quechua catalogue has translations"
    for message in translated:
        marks = [c for c in message.user_comments if c.startswith(("sin revisar", "revisado"))]
        assert len(marks) == 1 and REVIEW_MARK.match(marks[0]), (message.id, message.user_comments)
        assert not message.fuzzy, message.id
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings), message.id  # every plural form
        expected = sorted(PLACEHOLDER.findall(ids[-1]))
        for text in strings:
            assert sorted(PLACEHOLDER.findall(text)) == expected, (message.id, text)


def test_the_compiled_quechua_catalogue_loads(tmp_path):
    compiled = tmp_path / "messages.mo"
    with open(compiled, "wb") as f:
        write_mo(f, quechua_catalogue())
    with open(compiled, "rb") as f:
        translations = gettext.GNUTranslations(f)
    assert translations.gettext("Mis productos") == "Rurasqaykuna"
    assert translations.info()["language"] == "qu"


def test_the_page_an_assisted_listing_link_opens_offers_runasimi(client):
    """A producer without a smartphone opens it from WhatsApp or SMS, signed out."""
    response = client.get("/confirmar/not-a-real-link")
    html = response.get_data(as_text=True)
    assert response.status_code == 410 and 'hreflang="qu" lang="qu" rel="nofollow">Runasimi</a>' in html
    client.set_cookie("lang", "qu")
    html = client.get("/confirmar/not-a-real-link").get_data(as_text=True)
    assert '<html lang="qu">' in html and "Mana valeq enlace" in html
