"""What accounts tell the features above them, so that accounts never import them.

Sent by the service that knows, before it commits: a receiver changes the session only, so its
effect is stored with the account or not at all. The sender is the User.
"""
from blinker import Namespace

_signals = Namespace()

# confirm_sign_up: a new account exists (its email confirmed by the link), with its lower-cased email.
signed_up = _signals.signal("signed-up")
