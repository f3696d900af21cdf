"""Shipping: one parcel per producer, priced by where it goes (rates are settings)."""
from __future__ import annotations

from enum import StrEnum

from flask import current_app

from ..money import Money
from .models import CURRENCY


class Destination(StrEnum):
    PERU = "peru"
    ABROAD = "abroad"


def destination_of(country: str) -> Destination:
    return Destination.PERU if country.upper() == "PE" else Destination.ABROAD


def parcel_rate(destination: Destination) -> Money:
    """What one producer's parcel costs to send there."""
    return Money(int(current_app.config["SHIPPING_RATES"][destination.value]), CURRENCY)
