"""The rules about collective brands a request can break; views turn each into a message."""
from __future__ import annotations

from ..errors import NotFound  # noqa: F401  (one for every feature)


class BrandError(Exception):
    """A collective-brand rule was broken."""


class NotAuthorised(BrandError):
    """The product's organisation is not currently authorised to use the brand."""


class AlreadyClaimed(BrandError):
    """The product already claims this brand; `listing` is the existing claim."""

    def __init__(self, listing):
        super().__init__(listing.id)
        self.listing = listing


class NotReadyForReview(BrandError):
    """The product lacks what reviewers must see; `missing` lists codes ("name_es", "photo")."""

    def __init__(self, missing: list[str]):
        super().__init__(", ".join(missing))
        self.missing = missing


class ProductNotPublishable(BrandError):
    """A brand is claimed only for a product that could go on sale; `missing` lists what it
    lacks, as the catalogue's codes (catalogue.products.MISSING)."""

    def __init__(self, missing: list[str]):
        super().__init__(", ".join(missing))
        self.missing = missing


class ReasonRequired(BrandError):
    """Sending back, rejecting, suspending and ending must say why."""


class NotYourMove(BrandError):
    """The person may not make this move (e.g. a producer approving, a steward of another brand)."""


class OwnListing(BrandError):
    """Nobody checks or approves a listing of an organisation they belong to."""


class AlreadyDecided(BrandError):
    """Someone else moved the record first (another tab, another colleague); nothing changed.

    `record` is the record as it is now; `by` is whoever made the last move, if anyone.
    """

    def __init__(self, record, by=None):
        super().__init__(getattr(record, "state", getattr(record, "status", "")))
        self.record = record
        self.by = by


class InvalidDocument(BrandError):
    """The rules document is not a readable PDF within the limit; `why` is "not_pdf",
    "unreadable" or "too_large"."""

    def __init__(self, why: str):
        super().__init__(why)
        self.why = why


class InvalidOwner(BrandError):
    """A collective brand is owned by an association or a consortium."""


class NotOwnerMember(BrandError):
    """Stewards are chosen among the members of the brand owner's organisation."""


class AlreadyAuthorised(BrandError):
    """The organisation already holds an authorisation for the brand that is not ended."""


class DatesOutOfOrder(BrandError):
    """An end date before its start date (authorisation, registration)."""
