"""The answer is due within 15 business days: Monday to Friday, Peru's national holidays excepted;
the consumer and staff see how many are left, and staff see which are overdue."""
from datetime import date, datetime, timedelta, timezone

from marketplace.clock import lima_today
from marketplace.complaints import services
from marketplace.complaints.deadlines import Deadline, add_business_days, business_days_after, is_business_day
from marketplace.extensions import db

from .sheets import filed, text


def test_weekends_and_national_holidays_are_not_business_days():
    assert is_business_day(date(2026, 12, 7))  # a Monday
    assert not is_business_day(date(2026, 12, 5))  # Saturday
    assert not is_business_day(date(2026, 12, 8))  # Inmaculada Concepción
    assert not is_business_day(date(2026, 12, 9))  # Batalla de Ayacucho
    assert not is_business_day(date(2026, 12, 25))
    assert not is_business_day(date(2027, 7, 28))  # Fiestas Patrias


def test_fifteen_business_days_from_a_december_monday_end_on_new_years_eve():
    # 8 and 9 December and Christmas are holidays; the term starts the day after filing.
    assert add_business_days(date(2026, 12, 7), 15) == date(2026, 12, 31)


def test_a_sheet_filed_on_a_saturday_counts_from_monday():
    assert add_business_days(date(2026, 11, 14), 1) == date(2026, 11, 16)
    assert add_business_days(date(2026, 11, 14), 15) == add_business_days(date(2026, 11, 15), 15) == date(2026, 12, 4)


def test_days_left_count_business_days_up_to_the_due_day():
    due = date(2026, 12, 31)
    assert business_days_after(date(2026, 12, 24), due) == 4  # 28, 29, 30, 31
    assert Deadline(due, date(2026, 12, 29)).days_left == 2
    assert Deadline(due, due).due_today and not Deadline(due, due).overdue
    assert Deadline(due, date(2027, 1, 2)).overdue


def test_the_deadline_is_a_setting(app, monkeypatch):
    monkeypatch.setattr(services, "utcnow", lambda: datetime(2026, 12, 7, 15, 0, tzinfo=timezone.utc))
    app.config["COMPLAINT_ANSWER_BUSINESS_DAYS"] = 3

    sheet = filed()

    # 8 and 9 December are holidays: the 10th, the 11th and Monday the 14th.
    assert (sheet.filed_on, sheet.answer_due_on) == (date(2026, 12, 7), date(2026, 12, 14))


def test_a_new_sheet_shows_fifteen_business_days_left(client, login_as):
    buyer = login_as("buyer")
    sheet = filed(user=buyer)

    page = text(client.get("/libro-de-reclamaciones/mis-hojas"))
    assert "Quedan 15 días hábiles" in page
    assert sheet.answer_due_on == add_business_days(lima_today(), 15)


def test_staff_see_overdue_sheets_highlighted_and_counted(client, login_as):
    late, soon = filed(consumer_name="Consumidora Atrasada"), filed(consumer_name="Consumidor A Tiempo")
    late.answer_due_on = lima_today() - timedelta(days=3)
    db.session.commit()
    login_as("staff")

    page = text(client.get("/staff/complaints/"))

    assert "1 hoja pasó su plazo de respuesta." in page
    rows = page.split("<tr")[2:]
    assert "Consumidora Atrasada" in rows[0] and 'class="overdue"' in rows[0] and "Vencida" in rows[0]
    assert "Consumidor A Tiempo" in rows[1] and "overdue" not in rows[1] and "Quedan 15 días hábiles" in rows[1]
    assert soon.code in page
