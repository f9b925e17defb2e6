"""LaTeX in titles and abstracts: found as TeX finds it, MathML or LaTeX shown, plain where
markup cannot go."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.enrich import latex_math
from generator.enrich.markup import teaser, text_html, title_html
from generator.load import formulas
from tests.helpers import make_project, mkdocs_build, run_cli
from tests.safety import check_html


@pytest.mark.parametrize("text, found", [
    ("$\\omega$Test", [("\\omega", False)]),
    ("It costs $5M to $10M", []),                      # a closing $ before a digit: text
    ("$ x$ and $x $", []),                             # space after the opening, before closing
    ("a \\$5 fee and $y$", [("y", False)]),            # an escaped dollar is a dollar
    ("$$\\sum_i x_i$$ and \\[a^2\\] and \\(b\\)", [("\\sum_i x_i", True), ("a^2", True),
                                                   ("b", False)]),
    ("unclosed $x and \\[ y", []),
])
def test_formulas_are_found_as_tex_finds_them(text: str, found: list[tuple[str, bool]]) -> None:
    assert [(f.latex, f.display) for f in formulas.formulas(text)] == found


def test_mathml_with_the_latex_as_its_text_alternative() -> None:
    html = title_html("$\\omega$Test: fast $\\varepsilon_1$")
    assert html.startswith('<math xmlns="http://www.w3.org/1998/Math/MathML" display="inline">')
    assert "<mi>ω</mi>" in html and "<msub><mi>ε</mi><mn>1</mn></msub>" in html
    assert '<annotation encoding="application/x-tex" data-search-exclude="">\\omega' in html
    assert html.endswith("</math>Test: fast " + html.split("Test: fast ")[1])
    assert check_html(html, "title", page=False) == []


@pytest.mark.parametrize("latex", ["\\frac{a}{", "\\text{a<b}", "\\undefinedmacro{x}"])
def test_a_formula_that_does_not_convert_is_shown_as_its_latex(latex: str) -> None:
    html = text_html(f"Before ${latex}$ after.")
    assert "<math" not in html
    escaped = latex.replace("<", "&lt;")
    assert f'<code class="rl-tex">${escaped}$</code>' in html
    assert formulas.failed(f"${latex}$") == [latex]


def test_plain_text_form_for_titles_feeds_and_search() -> None:
    assert latex_math.to_text("$\\omega$Test") == "ωTest"
    assert latex_math.to_text("Costs \\$5 with $\\mathcal{O}(1/k^2)$") == "Costs $5 with 𝒪(1/k^2)"
    assert latex_math.to_text("No math at all") == "No math at all"


def test_hostile_latex_comes_out_inert() -> None:
    for latex in ("\\href{javascript:alert('pwned')}{x}", "\\style{x}{y}", "<script>",
                  "\\text{</math><img src=x onerror=alert('pwned')>}"):
        assert check_html(text_html(f"${latex}$"), "abstract", page=False) == []


def test_teasers_end_at_the_first_sentence_never_inside_a_formula() -> None:
    assert teaser("First sentence here. Second one.") == "First sentence here."
    assert teaser("We show $x. Y$ holds. Then more.") == "We show $x. Y$ holds."
    long = " ".join(f"w{n}" for n in range(60))
    assert teaser(long) == " ".join(f"w{n}" for n in range(30)) + " …"


def test_a_formula_in_a_title_is_mathml_on_the_page_and_plain_elsewhere(tmp_path: Path) -> None:
    listing = ("- id: omega\n  title: '$\\omega$Test: Testing with $\\frac{a}{$'\n"
               "  added: 2024-05-01\n  tags: [t]\n"
               "  abstract: 'We bound $\\varepsilon_1$ by \\[ \\sum_i x_i \\] for $5M to $10M.'\n")
    project = make_project(tmp_path, {"list.yaml": listing})
    check = run_cli(project, "check")
    assert check.returncode == 0
    assert ("content/papers/list.yaml:1:3: notice: paper 'omega': title: formula $\\frac{a}{$ "
            "does not convert to MathML; it is shown as LaTeX") in check.stdout
    build = mkdocs_build(project)  # --strict: a notice fails nothing
    assert build.returncode == 0, build.output
    page = (build.site / "papers" / "omega" / "index.html").read_text(encoding="utf-8")
    assert "<title>ωTest: Testing with $\\frac{a}{$ - " in page
    assert '<h1 data-search-exclude><math xmlns="http://www.w3.org/1998/Math/MathML"' in page
    assert '<math xmlns="http://www.w3.org/1998/Math/MathML" display="block">' in page
    assert "for $5M to $10M." in page
    feed = (build.site / "feed.xml").read_text(encoding="utf-8")
    assert "<title>ωTest: Testing with $\\frac{a}{$</title>" in feed


@pytest.mark.parametrize(("note", "kept"), [
    ("An identity: $x_1^2 + y_1$ holds.", "x_1^2 + y_1"),
    ("Display: $$\\sum_i a_i$$ here.", "\\sum_i a_i"),
    ("Both \\(a_b\\) and \\[c_d\\].", "a_b"),
])
def test_formulas_in_notes_are_mathml_and_underscores_no_emphasis(note: str, kept: str) -> None:
    """A note's formulas are MathML with their LaTeX as the annotation, never read as
    Markdown (``_`` would be emphasis); code keeps its text; prices stay text."""
    from generator.enrich.markup import Markup

    made = Markup().html(note, "papers/a.md")
    assert "<math" in made and f">{kept}</annotation>" in made
    assert "<em>" not in made
    assert Markup().html("Code `$x_1$` and $5 or $10.", "papers/a.md") == (
        "<p>Code <code>$x_1$</code> and $5 or $10.</p>")


def test_a_formula_nested_past_the_limit_in_a_note_is_refused_by_check(tmp_path: Path) -> None:
    deep = "$" + "{" * 20 + "x" + "}" * 20 + "$"
    project = make_project(tmp_path / "p", {"a.yaml": (
        f"- id: deep\n  title: Deep\n  added: 2024-01-01\n  note: 'See {deep}.'\n")})
    done = run_cli(project, "check")
    assert done.returncode == 2
    assert "a.yaml:4:" in done.stdout and "formula has" in done.stdout
