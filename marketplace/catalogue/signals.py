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
stored with the edit or not at all: `def receiver(product, *, parts, by): ...`.
"""
from blinker import Namespace

_signals = Namespace()

product_changed = _signals.signal("product-changed")


def tell_changed(product, parts, *, by) -> None:
    """Send `product_changed` if anything changed."""
    if parts:
        product_changed.send(product, parts=frozenset(parts), by=by)
