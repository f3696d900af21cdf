"""The demo data fills every chart of the figures page for the current month; loading twice adds nothing."""
from marketplace import demo
from marketplace.extensions import db
from marketplace.fairs.models import Contact
from marketplace.orders.models import Order


def test_demo_data_makes_every_chart_of_this_month_non_empty(app, client, login_as):
    demo.load()
    orders = db.session.scalar(db.select(db.func.count(Order.id)))
    assert demo.load() == 0
    assert db.session.scalar(db.select(db.func.count(Order.id))) == orders
    assert db.session.scalar(db.select(db.func.count(Contact.id))) > 0
    login_as("staff")
    page = client.get("/staff/figures/").get_data(as_text=True)
    assert page.count("<svg") == 6, "a chart of the current month is empty"
    assert "Nada que mostrar en este periodo." not in page
