"""The rules of the catalogue a request can break; views turn each into a message."""
from __future__ import annotations

from ..errors import NotFound  # noqa: F401  (one for every feature)


class CatalogueError(Exception):
    """A catalogue rule was broken."""


class ListingNotReady(CatalogueError):
    """The product cannot be public yet; `missing` lists what it lacks, as codes (see MISSING)."""

    def __init__(self, missing: list[str]):
        super().__init__(", ".join(missing))
        self.missing = missing


class ReviewAhead(CatalogueError):
    """The edit would send the product's brand seals back to review and the producer has not
    said yes yet; `seals` names them."""

    def __init__(self, seals: list[str]):
        super().__init__(", ".join(seals))
        self.seals = seals


class OrganisationNotVerified(CatalogueError):
    """Only products of organisations verified by staff can be published."""


class TooManyPhotos(CatalogueError):
    def __init__(self, limit: int):
        super().__init__(f"at most {limit} photos")
        self.limit = limit


class MissingSpanishName(CatalogueError):
    pass


class UnknownCategory(CatalogueError):
    pass


class UnknownHeritageElement(CatalogueError):
    pass


class UnknownDistrict(CatalogueError):
    pass


class InvalidPrice(CatalogueError):
    """A price must be more than zero, in soles."""


class NegativeStock(CatalogueError):
    pass


class InvalidAmount(CatalogueError):
    """Hours of work, net weight or moisture out of range; `field` says which."""

    def __init__(self, field: str):
        super().__init__(field)
        self.field = field


class DuplicateSku(CatalogueError):
    pass


class UnnamedVariant(CatalogueError):
    """With more than one variant each needs a name; `which` is "new" (the one being added) or
    "first" (the one the product was sold as until now)."""

    def __init__(self, which: str):
        super().__init__(which)
        self.which = which


class LastVariant(CatalogueError):
    """Every product keeps at least one variant: the thing that is sold."""


class MissingHarvestDate(CatalogueError):
    pass


class MissingLotCode(CatalogueError):
    pass


class DuplicateLotCode(CatalogueError):
    pass


class LotWithdrawn(CatalogueError):
    """A lot taken off sale (recalled) cannot be the lot on sale again."""


class LotDatesOutOfOrder(CatalogueError):
    """The best-before date comes before the harvest date."""


class StillInUse(CatalogueError):
    """A category or heritage element that products still use cannot be deleted."""

    def __init__(self, count: int):
        super().__init__(f"used by {count}")
        self.count = count


class InvalidParent(CatalogueError):
    """A category's parent must be a top-level category other than itself."""


class AwaitingProducerConfirmation(CatalogueError):
    """Listed with help: only the producer (by the link, or signed in) may put it on sale."""
