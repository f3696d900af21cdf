"""What orders tell the features above them (payments, the ledger, fairs…), so that orders never
import them.

Each signal is sent by the one orders service that changes the order's state, inside its
transaction and before anything commits. The sender is the Order, the only argument a receiver
gets (`def receiver(order): ...`); who caused the change is in the order's events.

A receiver changes the session only: it never commits and never catches its own errors. An
exception it raises travels back through `send()` to the service that sent the signal, whose
transaction is then rolled back, so the receiver's effect is stored together with the order's
change or not at all.
"""
from blinker import Namespace

_signals = Namespace()

# checkout.place_order: a new order exists, awaiting payment, its rows flushed.
order_placed = _signals.signal("order-placed")

# lifecycle.mark_paid: the money is in (a card payment confirmed, or a transfer confirmed by staff).
order_paid = _signals.signal("order-paid")

# lifecycle.close_refunded: a paid order's money went back to the buyer.
order_refunded = _signals.signal("order-refunded")

# lifecycle.close_unpaid: an order that was never paid ended (cancelled, expired or failed).
order_cancelled = _signals.signal("order-cancelled")

# A question rather than news: the checkout page asks it just before placing an order, with
# `buyer` (a User or None) and the app as sender. A listener (the fairs feature, remembering a visit
# through a booth's QR) answers with an orders.checkout.FairCredit or None; the page passes the
# first credit given to place_order as a plain value, so the order is credited in the same
# transaction that places it and orders never asks how a credit is worked out.
checkout_credit_wanted = _signals.signal("checkout-credit-wanted")


def wanted_credit(buyer):
    """The fair credit a listener (the fairs feature) finds for this visit, or None: what the
    checkout, a sample request and a quote request each pass on to be stored with the record."""
    from flask import current_app

    answers = checkout_credit_wanted.send(current_app._get_current_object(), buyer=buyer)
    return next((credit for _receiver, credit in answers if credit is not None), None)
