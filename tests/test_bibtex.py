"""The BibTeX encoder: whatever the text, pybtex (which follows BibTeX's grammar: every
brace counts, no escapes) reads back exactly the entry we wrote, and LaTeX prints the text
we were given."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator.render import bibtex_text
from tests.helpers import make_project, mkdocs_build
from tests.safety import (
    bibtex_braces,
    check_bibtex,
    latex_to_text,
    person_text,
    read_bibtex,
)

#: Text with what BibTeX and LaTeX read as markup, often: braces, backslashes, $, %, ...
_HOSTILE = st.sampled_from([
    "{", "}", "\\", "\\{", "\\}", "$", "$x$", "$\\frac{a}{b}$", "\\(", "\\)", "\\(y\\)", "%",
    "&", "#", "_", "^", "~", "@misc(injected, title={x})", "@", ",", "=", '"', "'", "`", "-",
    "--", "?`", " and ", "others", "ö", "Schrödinger", "Ω", "中", "\u00a0", "\u200b", " ",
    "\n", "\t", "x", "Ab",
])
TEXT = st.one_of(st.text(), st.lists(_HOSTILE, max_size=25).map("".join))


def one_line(text: str) -> str:
    return " ".join(text.split())


def read_one(entry_text: str) -> tuple[str, object]:
    assert bibtex_braces(entry_text) is None, entry_text
    data = read_bibtex(entry_text)
    assert len(data.entries) == 1, entry_text
    [(key, entry)] = data.entries.items()
    return key, entry


@settings(max_examples=400, deadline=None)
@given(title=TEXT, note=TEXT)
@example(title="Quantum } @misc(injected, title={pwned}) {", note="")
@example(title="Schrödinger's $\\psi$ at 50% & {more}", note="a\\}b")
def test_any_text_gives_one_entry_that_reads_back_as_the_text(title: str, note: str) -> None:
    fields = [("title", "{" + bibtex_text.text(title) + "}"), ("note", bibtex_text.text(note)),
              ("year", "2024")]
    key, entry = read_one(bibtex_text.entry("misc", "paper-1", fields))
    assert key == "paper-1"
    assert set(entry.fields) == {"title", "note", "year"}  # type: ignore[attr-defined]
    read = entry.fields  # type: ignore[attr-defined]
    assert latex_to_text(read["title"]) == one_line(title)
    assert latex_to_text(read["note"]) == one_line(note)
    assert read["year"] == "2024"


NAME = TEXT.filter(lambda name: name.strip() != "")


@settings(max_examples=300, deadline=None)
@given(st.lists(NAME, min_size=1, max_size=4), st.booleans())
@example(["Smith, Jr.", "Ann and Bob", "others", "José van der Berg"], True)
@example(["\\(~\\)", "A \\(x~y\\) B"], False)
def test_any_names_give_the_same_authors(names: list[str], et_al: bool) -> None:
    fields = [("author", bibtex_text.names(names, et_al))]
    _, entry = read_one(bibtex_text.entry("misc", "p", fields))
    persons = entry.persons["author"]  # type: ignore[attr-defined]
    assert len(persons) == len(names) + et_al
    for person, name in zip(persons, names, strict=False):
        assert person_text(person) == one_line(name)
    if et_al:
        assert str(persons[-1]) == "others"


def test_a_name_is_braced_whole_only_where_bibtex_would_split_it() -> None:
    """An accent's tilde is not a tie: João keeps his first name."""
    assert bibtex_text.names(["João Silva", "Pablo Muñoz"]) == (
        "Jo{\\~a}o Silva and Pablo Mu{\\~n}oz")
    _, entry = read_one(bibtex_text.entry("misc", "p", [
        ("author", bibtex_text.names(["João Silva", "A \\(x~y\\) B"]))]))
    joao, formula = entry.persons["author"]  # type: ignore[attr-defined]
    assert [str(part) for part in joao.first_names] == ["Jo{\\~a}o"]
    assert person_text(formula) == "A \\(x~y\\) B"


def test_accents_are_braced_letters_and_formulas_stay_latex() -> None:
    assert bibtex_text.text("Schrödinger and Gödel") == 'Schr{\\"o}dinger and G{\\"o}del'
    assert bibtex_text.text("Cost $\\mathcal{O}(1/k^2)$ of 50% & #1_a ~b") == (
        "Cost $\\mathcal{O}(1/k^2)$ of 50\\% \\& \\#1\\_a {\\textasciitilde}b")
    assert bibtex_text.text("a {pair} and a lone } and { too") == (
        "a \\{pair\\} and a lone {\\textbraceright} and {\\textbraceleft} too")
    # a formula LaTeX or BibTeX would misread is written as text
    assert bibtex_text.text("$a % b$ and $\\}$") == (
        "\\$a \\% b\\$ and \\${\\textbackslash}{\\textbraceright}\\$")
    assert bibtex_text.text("a--b ``c''") == "a-{}-b `{}`c'{}'"
    assert bibtex_text.names(["Ann Author", "Smith, Jr.", "Bo and Co", "others"], True) == (
        "Ann Author and {Smith, Jr.} and {Bo and Co} and {others} and others")
    assert bibtex_text.key("a b,c{d}") == "a-b-c-d-"


def test_the_check_reads_braces_as_bibtex_does() -> None:
    """The old check took ``\\}`` for an escaped brace, as the old writer did; BibTeX
    counts it, and so does this one."""
    injected = ("@misc{a,\n  title = {a \\} @misc(injected, title={x}}\n}\n")
    assert check_bibtex(injected, "bad.bib")
    assert check_bibtex("@misc{a, title={x}}}", "bad.bib")
    assert check_bibtex("@misc{a,\n  title = {x},\n  injected = {y}\n}\n", "bad.bib")
    assert check_bibtex("@misc{a,\n  title = {x}\n}\n", "ok.bib") == []


@pytest.mark.slow
def test_a_hostile_title_gives_one_entry_in_every_bib_file(tmp_path: Path) -> None:
    title = "Quantum } @misc(injected, title={pwned}) { Schrödinger $\\}$ \\ ~ ^ % & # _"
    # as LaTeX, the title and names hold those braces and backslash (listing.readable)
    written = ("Quantum \\} @misc(injected, title=\\{pwned\\}) \\{ Schrödinger $\\}$ "
               "\\textbackslash{} ~ ^ % & # _")
    listing = (f"- id: hostile\n  title: '{written}'\n"
               "  authors: ['Ann \\} and \\{Bob', 'Smith, Jr.']\n"
               "  added: 2024-05-01\n  tags: [t]\n"
               "- id: plain\n  title: A plain one\n  added: 2024-05-02\n  tags: [t]\n")
    build = mkdocs_build(make_project(tmp_path, {"list.yaml": listing}))
    assert build.returncode == 0, build.output
    for name in ("papers.bib", "tags/t/papers.bib", "papers/hostile.bib"):
        text = (build.site / name).read_text(encoding="utf-8")
        assert check_bibtex(text, name) == []
    data = read_bibtex((build.site / "papers.bib").read_text(encoding="utf-8"))
    assert sorted(data.entries) == ["hostile", "plain"]
    entry = data.entries["hostile"]
    assert latex_to_text(entry.fields["title"]) == title
    assert [person_text(p) for p in entry.persons["author"]] == ["Ann } and {Bob", "Smith, Jr."]
