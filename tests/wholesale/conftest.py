from tests.orders.shop import shop  # noqa: F401
from tests.payments.fake_stripe import card_payments, fake_stripe  # noqa: F401
