"""What a buyer typed, turned into plain search terms; and those terms marked in a text.

Whatever arrives in the search box (quotes, `*`, `NEAR`, `OR`, `-`, `(`, `:`, ten thousand
characters) becomes at most MAX_TERMS plain words of letters and digits, folded to lower case
without accents. No search operator survives, so no query can make the index raise an error.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from markupsafe import Markup, escape

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
MAX_TERM_LENGTH = 40
_WORD = re.compile(r"[^\W_]+")

# Words that carry no meaning on their own in Spanish or English queries ("miel de algarrobo",
# "honey from the dry forest"). They are still indexed; a query made only of them keeps them.
STOPWORDS = frozenset(
    "a al and con de del el en for from in la las lo los of on or para por the to un una with y".split()
)


class _FoldTable(dict):
    """str.translate table: every character to one lower-case character without its accent.

    One character in, one character out, so positions in the folded text are positions in the
    original (what highlighting needs). Filled lazily: the first look-up of a character decides.
    """

    def __missing__(self, code: int) -> str:
        char = chr(code)
        base = unicodedata.normalize("NFD", char)[0].lower()[:1] or char
        self[code] = base
        return base


_FOLD = _FoldTable()


def fold(text: str) -> str:
    """Lower case without accents, as long as `text`: "Algodón" → "algodon"."""
    return text.translate(_FOLD)


def _singular(word: str) -> str:
    """A plural's stem ("mantas" → "manta", "mieles" → "miel", "colores" → "color").

    Only ever cuts a suffix, so the result is a prefix of the word itself: with prefix
    matching the plural typed still finds itself, and also finds the singular.
    """
    if len(word) > 5 and word.endswith("es") and word[-3] in "lrndj":
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def parse(query: str | None) -> list[str]:
    """The plain terms of a query, in order, without repeats; [] when nothing is searchable."""
    words = [w[:MAX_TERM_LENGTH] for w in _WORD.findall(fold((query or "")[:MAX_QUERY_LENGTH]))]
    meaningful = [w for w in words if w not in STOPWORDS and (len(w) > 1 or w.isdigit())]
    terms: list[str] = []
    for word in meaningful or words:
        term = _singular(word)
        if term not in terms:
            terms.append(term)
    return terms[:MAX_TERMS]


def clean_query(query: str | None) -> str:
    """The query as it is shown back and kept in links: trimmed, on one line, not too long."""
    return " ".join((query or "")[:MAX_QUERY_LENGTH].split())


@lru_cache(maxsize=256)
def _pattern(terms: tuple[str, ...]) -> re.Pattern:
    alternatives = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
    return re.compile(rf"(?<![^\W_])(?:{alternatives})[^\W_]*")


def _spans(text: str, terms: tuple[str, ...]) -> list[tuple[int, int]]:
    if not terms or not text:
        return []
    return [m.span() for m in _pattern(terms).finditer(fold(text))]


def highlight(text: str | None, terms) -> Markup:
    """`text` escaped, with each word that starts with a term wrapped in <mark>."""
    text = text or ""
    out, last = [], 0
    for start, end in _spans(text, tuple(terms)):
        out.append(escape(text[last:start]))
        out.append(Markup("<mark>%s</mark>") % text[start:end])
        last = end
    out.append(escape(text[last:]))
    return Markup("").join(out)


def excerpt(text: str | None, terms, width: int = 180) -> Markup:
    """About `width` characters of `text` around the first match, highlighted."""
    text = " ".join((text or "").split())
    if len(text) <= width:
        return highlight(text, terms)
    spans = _spans(text, tuple(terms))
    start = 0
    if spans and spans[0][1] > width - 20:
        start = text.rfind(" ", 0, max(0, spans[0][0] - width // 3)) + 1
    end = text.rfind(" ", start, start + width)
    end = end if end > start else start + width
    prefix = "… " if start > 0 else ""
    return escape(prefix) + highlight(text[start:end], terms) + escape(" …")
