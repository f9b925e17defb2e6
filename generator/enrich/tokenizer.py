"""Enrich: the one tokenizer, how the search index, its worker and related papers split
text into words (lower case, accents dropped, split at anything not a letter or digit).
The worker (``theme/assets/javascripts/workers/paper-search.js``) must split alike:
``tests/test_search.py`` runs both on the same text.
"""

from __future__ import annotations

import re
import unicodedata

#: Lunr's English stop words, which Material's search drops too.
STOP_WORDS = frozenset("""
a able about across after all almost also am among an and any are as at be because been
but by can cannot could dear did do does either else ever every for from get got had has
have he her hers him his how however i if in into is it its just least let like likely
may me might most must my neither no nor not of off often on only or other our own
rather said say says she should since so some than that the their them then there these
they this tis to too twas us wants was we were what when where which while who whom why
will with would yet you your""".split())

#: A word: letters and digits of any script (``[\p{L}\p{N}]+`` in the worker; Python's
#: ``\w`` without ``_`` is the same set, checked over every character by the tests).
_WORD = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    """The worker's ``fold``: lower case, compatibility decomposition (NFKD), and every
    mark dropped (Unicode category M: accents, and the vowel signs of Devanagari or
    Tamil, which are not combining characters, so dropping only those split ``हिन्दी``
    in the index and not in the worker)."""
    plain = text.lower()
    if plain.isascii():
        return plain
    return "".join(char for char in unicodedata.normalize("NFKD", plain)
                   if unicodedata.category(char)[0] != "M")


def words(text: str) -> list[str]:
    """The words of ``text`` as the index and the worker read them."""
    return _WORD.findall(fold(text))


def tokens(text: str, start: int = 0) -> list[tuple[int, str]]:
    """(position, word) of each word, counted from ``start``: lower case, marks dropped
    (Schölkopf is found as scholkopf), split at anything not a letter or digit. Stop
    words keep their position but are not indexed. The worker's ``words`` is the same
    rule (tests/test_tokenizer.py)."""
    return [(position, word) for position, word in enumerate(words(text), start)
            if word not in STOP_WORDS]
