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


def test_the_region_map_places_every_region_once_and_shades_by_sales():
    names = {code: f"Región {code}" for code in charts.REGION_TILES}
    drawn = charts.region_map("Ventas por región", names, {"08": (1000, "S/ 10"), "14": (500, "S/ 5"), "21": (1, "S/ 0.01")})
    assert len(drawn.tiles) == 25
    assert len({(tile.x, tile.y) for tile in drawn.tiles}) == 25  # no two regions on one square
    level = {tile.code: tile.level for tile in drawn.tiles}
    assert level["08"] == charts.LEVELS and level["14"] == 3 and level["21"] == 1 and level["15"] == 0
    assert all(0 <= tile.x <= drawn.width - charts.TILE and tile.y <= drawn.height - charts.TILE for tile in drawn.tiles)
    by_code = {tile.code: tile for tile in drawn.tiles}
    assert by_code["24"].y < by_code["14"].y < by_code["15"].y < by_code["23"].y  # Tumbes, Lambayeque, Lima, Tacna
    assert by_code["07"].x < by_code["15"].x < by_code["08"].x  # Callao on the coast, Cusco inland
    assert not drawn.is_empty and charts.region_map("x", names, {}).is_empty
