"""The figures page, its CSV files, the printed report and the targets, as staff use them."""
from __future__ import annotations

import csv
import io

import pytest

from marketplace.figures.models import IndicatorTarget

from . import data

NOVEMBER = "periodo=month&dia=2026-11-14"
PAGES = ["/staff/figures/", "/staff/figures/informe", "/staff/figures/metas", "/staff/figures/historial",
         "/staff/figures/indicadores.csv", "/staff/figures/beneficiarios.csv"]


@pytest.fixture
def shop(app):
    return data.build()


def text(response) -> str:
    return response.get_data(as_text=True).replace("\xa0", " ")


def csv_rows(response) -> list[list[str]]:
    body = response.get_data(as_text=True)
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


@pytest.mark.parametrize("path", PAGES)
def test_producers_and_buyers_get_403_and_visitors_are_sent_to_sign_in(client, login_as, path):
    assert client.get(path).status_code == 302
    login_as("producer")
    assert client.get(path).status_code == 403
    assert client.post("/staff/figures/metas", data={"indicator": "sales", "year": 2026}).status_code == 403


def test_an_unknown_table_is_404(client, login_as):
    login_as("staff")
    assert client.get("/staff/figures/pedidos-de-todos.csv").status_code == 404


def test_staff_see_the_month_s_figures_against_the_previous_month(client, login_as, shop):
    login_as("staff")
    page = text(client.get(f"/staff/figures/?{NOVEMBER}"))
    assert "S/ 225.00" in page and "S/ 35.00" in page  # November, and October before it
    assert 'data-indicator="sales"' in page
    assert "< 3" in page  # two buyers
    assert "Algodón Nativo Muchik" in page and "Textiles" in page and "Lambayeque" in page
    assert page.count("<svg") == 6  # month, region map, region, brand, category, fair funnel
    assert page.count("chart-tile-") == 25 and "<title>Cusco: " in page
    assert "<script" not in page.split("<main", 1)[1]  # the charts need no script


def test_filters_change_the_figures(client, login_as, shop):
    login_as("staff")
    page = text(client.get(f"/staff/figures/?{NOVEMBER}&mujeres=si"))
    current = page.split('data-indicator="sales"')[1].split("</tr>")[0]
    assert "S/ 120.00" in current
    page = text(client.get(f"/staff/figures/?{NOVEMBER}&categoria={shop.honey_category.id}"))
    assert "S/ 105.00" in page.split('data-indicator="sales"')[1].split("</tr>")[0]


def test_a_custom_period_needs_both_days_in_order_and_keeps_what_was_typed(client, login_as):
    login_as("staff")
    response = client.get("/staff/figures/?periodo=custom&desde=2026-11-30&hasta=2026-11-01")
    assert response.status_code == 422
    assert "La fecha final es anterior a la inicial" in text(response)
    assert 'value="2026-11-30"' in text(response)
    assert client.get("/staff/figures/?periodo=custom&desde=2026-11-01").status_code == 422
    assert client.get("/staff/figures/?periodo=custom&desde=2026-11-01&hasta=2026-11-30").status_code == 200


def test_each_table_downloads_as_csv_with_the_page_s_rows(client, login_as, shop):
    login_as("staff")
    response = client.get(f"/staff/figures/ventas-por-region.csv?{NOVEMBER}")
    assert response.headers["Content-Type"].startswith("text/csv")
    assert 'filename=cifras-ventas-por-region-2026-11.csv' in response.headers["Content-Disposition"]
    assert csv_rows(response) == [["Región", "Ventas", "Pedidos"], ["Lambayeque", "120.00", "1"], ["Puno", "105.00", "2"]]
    rows = csv_rows(client.get(f"/staff/figures/indicadores.csv?{NOVEMBER}"))
    by_name = {row[0]: row[1:] for row in rows[1:]}
    assert by_name["Ventas pagadas, sin reembolsos"][:2] == ["225.00", "35.00"]
    assert by_name["Compradores"][0] == "< 3"
    assert by_name["Parte de las ventas de organizaciones lideradas por mujeres"][0] == "53.3"
    funnel = csv_rows(client.get(f"/staff/figures/embudo-ferias.csv?{NOVEMBER}"))
    assert [row[1] for row in funnel[1:]] == ["15", "4", "2", "1", "1"]


def test_beneficiaries_csv_hides_counts_of_fewer_than_three_people(client, login_as, shop):
    login_as("staff")
    rows = csv_rows(client.get(f"/staff/figures/beneficiarios.csv?{NOVEMBER}"))
    assert rows[0] == ["Región", "Organizaciones", "Lideradas por mujeres", "Integrantes", "Mujeres", "Hombres",
                       "Vendieron en el periodo"]
    assert rows[1] == ["Lambayeque", "1", "1", "18", "11", "7", "1"]
    assert rows[2] == ["Puno", "1", "0", "< 3", "0", "0", "1"]
    assert rows[3][0] == "Total" and rows[3][3] == "20"


def test_csv_cells_never_run_as_formulas(client, login_as, shop, db):
    shop.weavers.name = "=HYPERLINK(\"http://x\")"
    db.session.commit()
    login_as("staff")
    rows = csv_rows(client.get(f"/staff/figures/ventas-por-productor.csv?{NOVEMBER}"))
    assert rows[1][0] == "'=HYPERLINK(\"http://x\")"


def test_the_printable_report_has_every_table_and_chart_and_no_filters(client, login_as, shop):
    login_as("staff")
    page = text(client.get(f"/staff/figures/informe?{NOVEMBER}&region=14"))
    assert "Informe de cifras del programa" in page
    assert page.count("<svg") == 6 and "figures-filters" not in page
    assert "Región" in page and "Lambayeque" in page
    assert "Descargar CSV" not in page


def test_staff_set_a_baseline_and_target_and_see_them_against_the_figure(client, login_as, shop, db):
    login_as("staff")
    response = client.post("/staff/figures/metas", data={"indicator": "sales", "year": "2026",
                                                         "baseline": "200", "target": "450,00"})
    assert response.status_code == 302
    saved = db.session.scalar(db.select(IndicatorTarget))
    assert (saved.indicator, saved.year, saved.baseline, saved.target) == ("sales", 2026, 20000, 45000)
    row = text(client.get(f"/staff/figures/?{NOVEMBER}")).split('data-indicator="sales"')[1].split("</tr>")[0]
    assert "S/ 200.00" in row and "S/ 450.00" in row and "50 %" in row
    client.post("/staff/figures/metas", data={"indicator": "women_led_share", "year": "2026", "target": "65.5"})
    assert db.session.scalar(db.select(IndicatorTarget.target).where(IndicatorTarget.indicator == "women_led_share")) == 655


def test_a_target_that_is_not_a_number_is_refused_with_what_was_typed(client, login_as, db):
    login_as("staff")
    response = client.post("/staff/figures/metas", data={"indicator": "sales", "year": "2026", "target": "mucho"})
    assert response.status_code == 422
    assert "Escribe un número" in text(response) and 'value="mucho"' in text(response)
    assert db.session.scalar(db.select(IndicatorTarget)) is None


def test_the_page_reads_in_english(client, login_as, shop):
    login_as("staff", locale="en")
    page = text(client.get(f"/staff/figures/?{NOVEMBER}"))
    assert "Programme figures" in page and "Paid sales, net of refunds" in page


def test_staff_menu_links_to_the_figures(client, login_as):
    login_as("staff")
    assert 'href="/staff/figures/"' in text(client.get("/"))
