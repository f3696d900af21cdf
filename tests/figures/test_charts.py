"""The SVG charts' geometry: bars in proportion, inside the picture, and an empty chart said so."""
from marketplace.figures import charts


def test_horizontal_bars_are_in_proportion_and_fit_the_picture():
    chart = charts.horizontal_bars("Ventas por región", [("Lambayeque", 240, "S/ 2.40"), ("Puno", 120, "S/ 1.20"),
                                                         ("Cusco", 0.5, "S/ 0.01"), ("Ayacucho", 0, "S/ 0.00")])
    lambayeque, puno, cusco, ayacucho = chart.bars
    assert lambayeque.width == charts.WIDTH - charts.LABEL_WIDTH - charts.VALUE_WIDTH
    assert puno.width == lambayeque.width / 2
    assert cusco.width == 1.0 and ayacucho.width == 0  # a tiny sale still shows, nothing shows nothing
    assert all(bar.x + bar.width + charts.VALUE_WIDTH <= chart.width for bar in chart.bars)
    assert chart.bars[-1].y + charts.BAR_HEIGHT <= chart.height
    assert not chart.is_empty


def test_columns_stand_on_one_axis_left_to_right():
    chart = charts.columns("Ventas por mes", [("oct", 50, "S/ 0.50"), ("nov", 100, "S/ 1.00")])
    october, november = chart.bars
    assert october.x < november.x and november.height == charts.COLUMN_HEIGHT and october.height == 50 * 1.8
    assert october.y + october.height == november.y + november.height  # the same baseline
    assert november.x + november.width <= chart.width


def test_a_chart_with_nothing_to_draw_is_empty():
    assert charts.horizontal_bars("Nada", []).is_empty
    assert charts.columns("Ceros", [("oct", 0, "S/ 0.00")]).is_empty
