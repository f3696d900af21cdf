"""What a buyer types becomes plain, safe search terms; matches are marked without trusting the text."""
from marketplace.search.terms import MAX_TERMS, excerpt, highlight, parse


def test_accents_case_and_operators_are_dropped():
    assert parse("ALGODÓN Nativo") == ["algodon", "nativo"]
    assert parse('"miel" OR (algarrobo) NEAR/2 -olmos* col:umna') == ["miel", "algarrobo", "near", "2", "olmo", "col", "umna"]


def test_little_words_are_dropped_unless_nothing_else_is_left():
    assert parse("miel de algarrobo") == ["miel", "algarrobo"]
    assert parse("honey from the dry forest") == ["honey", "dry", "forest"]
    assert parse("de la") == ["de", "la"]


def test_plurals_are_cut_to_a_prefix_of_themselves():
    assert parse("mantas mieles colores chullos") == ["manta", "miel", "color", "chullo"]


def test_nothing_searchable_and_endless_queries():
    assert parse("") == [] and parse(None) == [] and parse("*** ( ) : - ''") == []
    assert len(parse("palabra " * 5000)) == 1
    assert len(parse(" ".join(f"p{n}x" for n in range(50)))) == MAX_TERMS


def test_highlight_marks_word_starts_and_escapes_the_rest():
    marked = highlight("Camino de <b>algodón</b> nativo & Algodonero", ["algodon"])
    assert str(marked) == "Camino de &lt;b&gt;<mark>algodón</mark>&lt;/b&gt; nativo &amp; <mark>Algodonero</mark>"
    assert str(highlight("desalgodonado", ["algodon"])) == "desalgodonado"


def test_excerpt_starts_near_the_first_match():
    text = "Palabras de relleno " * 30 + "miel de algarrobo del bosque seco " + "y más relleno " * 20
    snippet = str(excerpt(text, ["algarrobo"], width=120))
    assert "<mark>algarrobo</mark>" in snippet and snippet.startswith("… ") and len(snippet) < 200
