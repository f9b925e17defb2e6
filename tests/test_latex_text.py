"""``latex_to_text``: the one decoder of text-mode LaTeX, its contract case by case."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.load.formulas import formulas
from generator.load.latex_text import latex_to_text, math_spans


@pytest.mark.parametrize("latex, text", [
    # accents, in every spelling BibTeX files and arXiv feeds use
    (r'Schr\"odinger', "Schrödinger"),
    (r'Schr{\"o}dinger', "Schrödinger"),
    (r'Schr\"{o}dinger', "Schrödinger"),
    (r"Erd\H{o}s", "Erdős"),
    (r"S{\'e}bastien Bubeck", "Sébastien Bubeck"),
    (r"\'{E}mile \c{C}a\u{g}lar \v{S}ediv\'{y} \r{A}ngstr\"{o}m", "Émile Çağlar Šedivý Ångström"),
    (r'M\"{u}ller and \"{\i}', "Müller and ï"),
    (r"\`a la \^ete \~n", "à la ête ñ"),
    # letters
    (r"Pawe{\l} Niedbalski", "Paweł Niedbalski"),
    (r"Przemys\l{}aw", "Przemysław"),
    (r"Stra{\ss}e and Gau\ss{}", "Straße and Gauß"),
    (r"{\O}ystein {\aa}se {\AE}sir", "Øystein åse Æsir"),
    # escapes and specials
    (r"Tom \& Jerry", "Tom & Jerry"),
    (r"50\% less memory", "50% less memory"),
    ("50% less memory & more", "50% less memory & more"),  # bare: the characters
    (r"the set \{x\}", "the set {x}"),
    (r"\textbackslash emph\{sequential\}", r"\emph{sequential}"),
    (r"a \#1 hit", "a #1 hit"),
    (r"snake\_case", "snake_case"),
    # ligatures and spaces
    ("pages 1--11", "pages 1–11"),
    ("yes---no", "yes—no"),
    ("``quoted''", "“quoted”"),
    ("it's fine", "it's fine"),
    ("D.~E. Knuth", "D. E. Knuth"),
    ("achieves ~10x the speed, {a}bout ~ 50%", "achieves ~10x the speed, about ~ 50%"),
    ("Fig.~1 and Section~3, i.e.,~this", "Fig. 1 and Section 3, i.e., this"),  # ties
    ("queries (~ 9 million) and (~9 more)", "queries (~ 9 million) and (~9 more)"),  # about
    (r"10\,000 steps", "10 000 steps"),
    # formatting and grouping
    (r"\emph{Deep} learning", "Deep learning"),
    (r"{\em Deep} {\bf learning} \textit{is} \textbf{here} \textsc{now}",
     "Deep learning is here now"),
    ("{B}ayesian {{Deep}} {L}earning", "Bayesian Deep Learning"),
    (r"{{Nested {groups {of {braces}}}}}", "Nested groups of braces"),
    (r"\mbox{k}-means with \LaTeX\ and \TeX{}", "k-means with LaTeX and TeX"),
    (r"\myvenue{ICML} 2023", "ICML 2023"),  # an unknown macro: its arguments kept
    (r"\unknownword here", "here"),
    # links
    (r"code \href{https://github.com/Kanyooo/EEG-DCNet}{here}.",
     "code here (https://github.com/Kanyooo/EEG-DCNet)."),
    (r"at \url{https://x.org/a\_b%20c~d}", "at https://x.org/a_b%20c~d"),
    ("at https://x.org/~user/a%20b_c.html now", "at https://x.org/~user/a%20b_c.html now"),
    # whitespace
    ("  many   spaces\n and\tlines  ", "many spaces and lines"),
    ("one\nparagraph\n\n  and  another\n\n\n\nthird", "one paragraph\n\nand another\n\nthird"),
])
def test_text_mode_latex_becomes_unicode(latex: str, text: str) -> None:
    assert latex_to_text(latex) == text


@pytest.mark.parametrize("latex", [
    r"$\mathcal{O}(1/k^2)$",
    r"Radix-2\({}^{\mbox{k}}\)",
    r"$$\frac{a}{b}$$",
    r"\[ x^{2} \]",
    r"$\{x\}_{i}$",
    "\\begin{equation*}\n  \\left\\{\\begin{array}{l} u=0 \\end{array}\\right. \\end{equation*}",
    r"\begin{align} a &= b \\ c &= d \end{align}",
])
def test_math_is_kept_exactly_as_written(latex: str) -> None:
    assert latex_to_text(f"Before {latex} after") == f"Before {latex} after"
    assert latex_to_text(f"{{B}}efore {latex} {{a}}fter") == f"Before {latex} after"


def test_math_and_text_in_one_title() -> None:
    assert latex_to_text(r"Schr\"odinger's $\psi_{t}$ and {B}ayes' \(p(x)\)") == \
        r"Schrödinger's $\psi_{t}$ and Bayes' \(p(x)\)"


@pytest.mark.parametrize("text", [
    "costs $5 to $10",          # dollars that open no formula (the site's rule)
    r"a \$5 bill",              # the site's escaped dollar stays its escape
    r"an \(unclosed formula",
    "a plain title: nothing to do, 100% sure & more",
    "Ünïcödé already",
])
def test_what_is_not_latex_stays_as_written(text: str) -> None:
    assert latex_to_text(text) == text


def test_math_spans_are_the_sites_formulas_and_display_environments() -> None:
    text = r"a $x$ b \begin{equation} y \end{equation} c \(z\) \begin{equation} open"
    spans = [text[s:e] for s, e in math_spans(text)]
    assert spans == ["$x$", r"\begin{equation} y \end{equation}", r"\(z\)"]
    plain = "a $x$ and $y$"
    assert [(s, e) for s, e in math_spans(plain)] == [(f.start, f.end)
                                                      for f in formulas(plain)]


@pytest.mark.parametrize("hostile", [
    "{" * 20_000, "}" * 20_000, "$" * 20_000, "$1" * 20_000, "\\(" * 20_000,
    "\\begin{equation}" * 3_000, "\\begin{a}" * 3_000, "\\emph{" * 5_000, "\\emph" * 5_000,
    "x\\" * 10_000, '\\"' * 10_000, "%" * 20_000, "&" * 20_000, "\\href{" * 5_000,
    "{a}" * 10_000, "\U000f0000" * 100, "\\url{" * 5_000, "~" * 20_000,
])
def test_hostile_input_never_raises_and_takes_linear_time(hostile: str) -> None:
    started = time.perf_counter()
    result = latex_to_text(hostile)
    assert isinstance(result, str)
    assert time.perf_counter() - started < 3, "linear time: a few seconds at most"
    assert "\U000f0001" not in result  # no stand-in character leaks out


def test_more_kept_spans_than_stand_ins_falls_back_to_a_plain_reading() -> None:
    text = r"{\"o} " + "$" * 70_000
    assert latex_to_text(text).startswith("o ")  # plain, but never an error


_PIECES = [*"ab {}$\\^_%&~'`-\n", "\\emph", '\\"', "\\(", "\\)", "\\begin{equation}",
           "\\end{equation}"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join))
def test_any_text_decodes_without_error_and_keeps_its_formulas(text: str) -> None:
    result = latex_to_text(text)
    assert isinstance(result, str) and result == result.strip()
    for start, end in math_spans(text):
        assert text[start:end] in result
