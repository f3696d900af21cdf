"""Filters and globals every template may use."""
from flask import Flask, request
from flask_babel import format_date, format_datetime

from .. import ubigeo
from ..catalogue.models import SALE_UNIT_LABELS
from ..catalogue.units import units
from ..i18n import LANGUAGE_NAMES, language_name, locale_code, localized, offered_languages
from ..producers.forms import KIND_LABELS, VERIFICATION_LABELS


def register_template_helpers(app: Flask) -> None:
    @app.template_filter("localized")
    def localized_filter(obj, field: str) -> str:
        return localized(obj, field, locale_code())

    app.jinja_env.filters["datetime"] = lambda value, fmt="medium": format_datetime(value, fmt) if value else ""
    app.jinja_env.filters["date"] = lambda value, fmt="medium": format_date(value, fmt) if value else ""
    app.jinja_env.globals.update(
        KIND_LABELS=KIND_LABELS,
        VERIFICATION_LABELS=VERIFICATION_LABELS,
        LANGUAGE_NAMES=LANGUAGE_NAMES,
        SALE_UNIT_LABELS=SALE_UNIT_LABELS,
        units=units,
        language_name=language_name,
        offered_languages=offered_languages,
        region_name=lambda code: (ubigeo.region(code).name if ubigeo.region(code) else ""),
        current_locale=locale_code,
        current_path=lambda: request.full_path.rstrip("?") if request else "/",
    )
