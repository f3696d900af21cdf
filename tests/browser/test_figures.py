"""Staff on a laptop open the programme figures, change the period and download a table as CSV."""
from __future__ import annotations

import csv
import io

import pytest

from tests import factories
from tests.figures import data

from .conftest import sign_in

pytestmark = pytest.mark.browser


def test_staff_change_the_period_and_download_a_table(desktop, app):
    data.build()
    sign_in(desktop, factories.user(is_staff=True))
    desktop.click("nav.site-nav a:has-text('Cifras')")
    desktop.wait_for_url("**/staff/figures/")
    assert desktop.locator("svg.chart-svg").count() >= 1
    desktop.select_option("select[name=periodo]", "year")
    desktop.fill("input[name=dia]", "2026-11-14")
    desktop.click("form.figures-filters button[type=submit]")
    desktop.wait_for_url("**periodo=year**")
    sales = desktop.locator("tr[data-indicator=sales] td.current").inner_text().replace("\xa0", " ")
    assert sales == "S/ 380.00"  # orders A, B, C and F; not the refunded D nor the cancelled E
    assert desktop.locator("#grafico-ventas-por-region svg").is_visible()
    with desktop.expect_download() as download_info:
        desktop.click("#tabla-ventas-por-region a.csv-link")
    download = download_info.value
    assert download.suggested_filename == "cifras-ventas-por-region-2026.csv"
    body = open(download.path(), encoding="utf-8").read()
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body[1:])))
    assert rows == [["Región", "Ventas", "Pedidos"], ["Lambayeque", "240.00", "2"], ["Puno", "140.00", "3"]]
