"""Provenance: where and how a product was made, who made it, and the heritage it draws on."""
from __future__ import annotations

from dataclasses import dataclass, field

from .. import audit, ubigeo
from ..accounts.models import User
from ..extensions import db
from .errors import InvalidAmount, UnknownDistrict, UnknownHeritageElement
from .models import HeritageElement, MakerCredit, Product, Provenance, Technique
from .products import blank_to_none, mark_changed
from .signals import tell_changed

MAX_HOURS = 10_000  # a large tapestry takes months, not years


@dataclass
class MakerDetails:
    name: str
    consent: bool = False


@dataclass
class ProvenanceDetails:
    community: str | None = None
    district_code: str | None = None
    technique: Technique | None = None
    technique_other: str | None = None
    fibre: str | None = None
    dyes: str | None = None
    iconography: str | None = None
    iconography_meaning_es: str | None = None
    iconography_meaning_en: str | None = None
    hours_of_work: int | None = None
    makers: list[MakerDetails] = field(default_factory=list)
    heritage_element_ids: list[int] = field(default_factory=list)


def heritage_elements_by_id(ids: list[int]) -> list[HeritageElement]:
    """The cited elements, refusing any id staff do not keep. Raises UnknownHeritageElement."""
    wanted = set(ids)
    if not wanted:
        return []
    found = list(db.session.scalars(db.select(HeritageElement).where(HeritageElement.id.in_(wanted))))
    unknown = wanted - {element.id for element in found}
    if unknown:
        raise UnknownHeritageElement(sorted(unknown))
    return found


NOTE_FIELDS = ("community", "district_code", "technique", "technique_other", "fibre", "dyes", "iconography",
               "iconography_meaning_es", "iconography_meaning_en", "hours_of_work")


def _provenance_of(product: Product) -> tuple:
    """The notes, the makers credited and the heritage cited, to tell whether a save changed them."""
    notes = product.provenance
    return (
        None if notes is None else tuple(getattr(notes, name) for name in NOTE_FIELDS),
        [(maker.name, bool(maker.consent)) for maker in product.makers],
        sorted(element.id for element in product.heritage_elements),
    )


def save_provenance(product: Product, details: ProvenanceDetails, *, by: User,
                    review_confirmed: bool = True) -> list[str]:
    """Save the provenance notes, makers and cited heritage elements of a product; return the
    names of the brand seals the edit sent back to review.

    Makers are replaced by the list given (blank names dropped); only those with consent are
    ever shown to buyers. Raises UnknownDistrict, UnknownHeritageElement, InvalidAmount, and
    ReviewAhead when the edit would send a seal back to review without `review_confirmed`.
    """
    district_code = blank_to_none(details.district_code)
    if district_code is not None and ubigeo.district(district_code) is None:
        raise UnknownDistrict(district_code)
    hours = details.hours_of_work
    if hours is not None and not 0 < hours <= MAX_HOURS:
        raise InvalidAmount("hours_of_work")
    elements = heritage_elements_by_id(details.heritage_element_ids)

    before = _provenance_of(product)
    provenance = product.provenance
    if provenance is None:
        provenance = Provenance(product=product)
        db.session.add(provenance)
    provenance.community = blank_to_none(details.community)
    provenance.district_code = district_code
    provenance.technique = details.technique
    provenance.technique_other = blank_to_none(details.technique_other) if details.technique == Technique.OTHER else None
    provenance.fibre = blank_to_none(details.fibre)
    provenance.dyes = blank_to_none(details.dyes)
    provenance.iconography = blank_to_none(details.iconography)
    provenance.iconography_meaning_es = blank_to_none(details.iconography_meaning_es)
    provenance.iconography_meaning_en = blank_to_none(details.iconography_meaning_en)
    provenance.hours_of_work = hours

    product.makers.clear()
    named = [maker for maker in details.makers if blank_to_none(maker.name)]
    for position, maker in enumerate(named):
        product.makers.append(MakerCredit(name=blank_to_none(maker.name), consent=maker.consent, position=position))
    product.heritage_elements = elements
    mark_changed(product)
    audit.record("product.provenance_saved", product, actor=by)
    sent_back = tell_changed(product, {"provenance"} if _provenance_of(product) != before else set(), by=by,
                             review_confirmed=review_confirmed)
    db.session.commit()
    return sent_back
