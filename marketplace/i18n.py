"""Which language and time zone a request is served in."""
from flask import current_app, g, has_request_context, request
from flask_login import current_user

LOCALE_COOKIE = "lang"
# A public page's URL names its language (`?lang=en`), so each version can be shared and crawled.
LOCALE_PARAM = "lang"
LOCALE_COOKIE_MAX_AGE = 365 * 24 * 3600
# The languages of the public shop (buyers, search engines, buyer contacts met at a fair).
LANGUAGE_NAMES = {"es": "Español", "en": "English"}
# Languages offered to producers only: their own pages are translated, the public shop is not.
PRODUCER_LANGUAGE_NAMES = {"qu": "Runasimi"}
# Where the pages a producer uses live: under these paths, in these blueprints (signing up and
# in), and the page an assisted listing's link opens (a producer without a smartphone confirms).
PRODUCER_PATH_PREFIXES = ("/producer/",)
PRODUCER_BLUEPRINTS = {"accounts"}
PRODUCER_ENDPOINTS = {"assisted.confirm"}


def public_locales() -> list[str]:
    """The languages public pages have a URL, an hreflang and a sitemap entry for (es, en)."""
    return current_app.config["LANGUAGES"]


def supported_locales() -> list[str]:
    """Every language a person may choose: the public ones and the producers' ones (qu)."""
    return [*current_app.config["LANGUAGES"], *current_app.config["PRODUCER_LANGUAGES"]]


def language_name(code: str) -> str:
    """A language's name in itself ("Runasimi"); the code for one we do not know."""
    return LANGUAGE_NAMES.get(code) or PRODUCER_LANGUAGE_NAMES.get(code) or code


def public_locale() -> str:
    """The language a public URL (canonical, hreflang, links between public pages) names for this
    page: the one being rendered when it is public, else Spanish (a producer reading in Quechua
    shares links to the Spanish pages)."""
    locale = locale_code()
    return locale if locale in public_locales() else current_app.config["BABEL_DEFAULT_LOCALE"]


def offers_producer_languages() -> bool:
    """Whether the language switch offers the producers' languages: to a member of an organisation
    anywhere, and to anyone on a producer's page (under /producer/, signing up or in, confirming
    an assisted listing)."""
    if current_user and getattr(current_user, "is_authenticated", False) and current_user.memberships:
        return True
    rule = request.url_rule
    return (bool(rule and rule.rule.startswith(PRODUCER_PATH_PREFIXES)) or request.blueprint in PRODUCER_BLUEPRINTS
            or request.endpoint in PRODUCER_ENDPOINTS)


def select_locale() -> str:
    """The language the URL names wins, then a signed-in person's profile, then the cookie set by
    the switch (a choice made once sticks), then the browser's languages on a first visit, then
    Spanish."""
    named = request.args.get(LOCALE_PARAM)
    if named in supported_locales():
        return named
    if current_user and getattr(current_user, "is_authenticated", False) and current_user.locale:
        if current_user.locale in supported_locales():
            return current_user.locale
    chosen = request.cookies.get(LOCALE_COOKIE)
    if chosen in supported_locales():
        return chosen
    return browser_locale() or current_app.config["BABEL_DEFAULT_LOCALE"]


def offered_languages() -> dict[str, str]:
    """The language switch's choices, code → name: es and en, and Runasimi where offered."""
    if offers_producer_languages():
        return {**LANGUAGE_NAMES, **PRODUCER_LANGUAGE_NAMES}
    return LANGUAGE_NAMES


def browser_locale() -> str | None:
    """The first of our languages the browser asks for (`Accept-Language: en-GB,en;q=0.9`); a phone
    set to Quechua (`qu-PE`) gets the producers' Quechua."""
    return request.accept_languages.best_match(supported_locales())


def locale_depends_on_browser() -> bool:
    """True when this request's language came from its cookie or Accept-Language (no `?lang=`):
    a shared cache must then keep one copy per language it was asked in."""
    return request.args.get(LOCALE_PARAM) not in supported_locales()


def locale_code() -> str:
    """The language being rendered in, as a code ("es"). Pages ask for it dozens of times (every
    link, every translated field) and Babel's Locale is costly to turn into a string, so the
    string is kept for as long as Babel answers with the same Locale (force_locale, used for
    emails, answers with another)."""
    from flask_babel import get_locale

    locale = get_locale()
    if not has_request_context():
        return str(locale)
    known = g.get("locale_code")
    if known is None or known[0] is not locale:
        known = g.locale_code = (locale, str(locale))
    return known[1]


def select_timezone() -> str:
    return current_app.config["BABEL_DEFAULT_TIMEZONE"]


def localized(obj, field: str, locale: str) -> str:
    """A translatable field in the reader's language, falling back to Spanish."""
    if locale != "es":
        value = getattr(obj, f"{field}_{locale}", None)
        if value:
            return value
    return getattr(obj, f"{field}_es") or ""
