"""A producer sees what they are owed on screen, month by month: sales, commission, samples,
payouts, advances and the balance at each month's end."""
from datetime import date

from marketplace.clock import lima_today
from marketplace.ledger import statement
from marketplace.ledger.models import EntryKind
from tests import factories
from tests.orders.shop import text


def month_before(day: date) -> date:
    return date(day.year - 1, 12, 10) if day.month == 1 else date(day.year, day.month - 1, 10)


def owed_url(org, month: date | None = None) -> str:
    url = f"/producer/organisations/{org.id}/owed"
    return url + (f"?mes={month:%Y-%m}" if month else "")


def a_ledger(org):
    """Last month: a sale of S/ 120 (commission S/ 12) and a sample of S/ 15 (no commission);
    this month: a payout of S/ 100 and another sale."""
    today = lima_today()
    last = month_before(today)
    factories.ledger_entry(org, occurred_on=last)
    factories.ledger_entry(org, EntryKind.SAMPLE, gross_amount=1500, commission_amount=0, net_amount=1500,
                           commission_percent=0, occurred_on=last)
    factories.ledger_entry(org, EntryKind.PAYOUT, occurred_on=today.replace(day=1))
    factories.ledger_entry(org, gross_amount=5000, commission_amount=500, net_amount=4500, occurred_on=today)
    return today, last


def test_the_statement_sums_each_month_and_carries_the_balance(app):
    org = factories.organisation()
    factories.ledger_entry(org, occurred_on=date(2020, 1, 5))  # long before: only in the opening balance
    today, last = a_ledger(org)
    months = statement.statement(org.id, today)
    assert len(months.months) == 12 and months.months[0].month == (today.year, today.month)
    previous = months.month((last.year, last.month))
    assert (previous.sales.amount, previous.commission.amount, previous.samples.amount, previous.sample_count) == (
        12000, 1200, 1500, 1)
    assert previous.owed.amount == 10800 + 10800 + 1500
    current = months.months[0]
    assert (current.sales.amount, current.commission.amount, current.paid_out.amount) == (5000, 500, 10000)
    assert current.owed.amount == 10800 + 10800 + 1500 - 10000 + 4500
    assert current.advances.amount == 0


def test_advances_have_a_seam_that_is_empty_until_wholesale_advances_exist(app):
    org = factories.organisation()
    assert statement.advances_by_month(org.id, date(2026, 1, 1), date(2026, 12, 31)) == {}


def test_the_producer_reads_the_month_on_their_phone(client, login_as):
    producer = login_as("producer")
    org = producer.organisation
    today, last = a_ledger(org)
    page = text(client.get(owed_url(org, last)))
    assert "Lo que te debemos" in page
    assert "S/ 120.00" in page and "S/ 12.00" in page
    assert "1 muestra (sin comisión)" in page and "S/ 15.00" in page
    assert "muestra" in page and "Adelantos" in page
    this_month = text(client.get(owed_url(org)))
    assert "S/ 68.00" in this_month  # 108 + 15 − 100 + 45


def test_the_organisation_page_links_to_it(client, login_as):
    producer = login_as("producer")
    page = text(client.get(f"/producer/organisations/{producer.organisation.id}"))
    assert owed_url(producer.organisation) in page


def test_another_organisations_statement_is_not_found(client, login_as):
    login_as("producer")
    other = factories.organisation()
    assert client.get(owed_url(other)).status_code == 404


def test_a_month_typed_by_hand_outside_the_table_is_not_found(client, login_as):
    producer = login_as("producer")
    for month in ("2019-01", "2026-13", "hoy", "2026-1"):
        assert client.get(f"{owed_url(producer.organisation)}?mes={month}").status_code == 404


def test_the_page_makes_the_same_few_queries_however_long_the_ledger(client, login_as, app):
    from sqlalchemy import event

    from marketplace.extensions import db

    producer = login_as("producer")
    org = producer.organisation
    a_ledger(org)
    counts = []
    for _ in range(2):
        statements = []
        listener = lambda *args, **kwargs: statements.append(args[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            assert client.get(owed_url(org)).status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        counts.append(len(statements))
        for _ in range(5):
            factories.ledger_entry(org, occurred_on=lima_today())
    assert counts[0] == counts[1]
