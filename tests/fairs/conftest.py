from tests.orders.shop import shop  # noqa: F401
