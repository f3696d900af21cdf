"""What the catalogue tells the features above it (brands…), so that it never imports them.

`product_changed` is sent by the catalogue service that edited a product, inside its transaction
and before it commits, only when something really changed. The sender is the Product; with it
come `parts`, a frozenset naming what changed, and `by`, the User who changed it:

  name, category, description, price, stock   the details step
  variants                                    a variant added, edited or removed
  wholesale_terms                             a variant's unit, tiers, minimum, lead time or sample price
  provenance                                  provenance notes, makers or cited heritage
  lot                                         a lot added, corrected, removed or put on sale
  photos, photo_order                         a photo added or removed; the order changed

A receiver changes the session only (no commit) and lets its errors through, so its effect is
stored with the edit or not at all: `def receiver(product, *, parts, by): ...`. It may return
the names of the brand seals the change sent back to review, so the producer can be told.

`seals_at_stake` asks, before an edit is kept, which seals changing `parts` would send back to
review (a receiver returns their names): the producer is warned first.
"""
from blinker import Namespace

_signals = Namespace()

product_changed = _signals.signal("product-changed")
review_at_stake = _signals.signal("review-at-stake")


def seals_at_stake(product, parts) -> list[str]:
    """The names of the seals an edit of `parts` would send back to review (none: nothing at stake)."""
    if not parts:
        return []
    answers = review_at_stake.send(product, parts=frozenset(parts))
    return sorted({name for _receiver, names in answers for name in names or []})


def tell_changed(product, parts, *, by, review_confirmed: bool = True) -> list[str]:
    """Send `product_changed` if anything changed; return the names of the seals it sent back
    to review. Unless `review_confirmed`, an edit that would send a seal back is undone and
    refused with ReviewAhead, so the producer is asked first."""
    if not parts:
        return []
    if not review_confirmed:
        names = seals_at_stake(product, parts)
        if names:
            from ..extensions import db
            from .errors import ReviewAhead

            db.session.rollback()
            raise ReviewAhead(names)
    answers = product_changed.send(product, parts=frozenset(parts), by=by)
    return sorted({name for _receiver, names in answers for name in names or []})
