"""Hostile input at the limits: each family, as large as ``check`` accepts, rendered.

    .venv/bin/python benchmarks/hostile_markdown.py [--runs R] [--build] [FAMILY...]

For each family of hostile Markdown (nested ``[``, emphasis runs, list markers, ``>``,
definitions, open links and HTML tags, headings splitting a paragraph, ...), finds the
largest repetition ``bounds.markdown_problem`` accepts, renders it as a note is rendered
(``markup.Markup``: Python-Markdown, then the allowlist), and prints the best of R runs
with the rule that refuses one repetition more. The target: every family under 1 s.
Also times formulas in a 100 KB title-like text (the scan was quadratic), real reading
lists from ``../shared/fixtures`` when present (they must be accepted), and with
``--build`` a strict ``mkdocs build`` of ``tests/cases/markdown_at_the_limits`` beside
the same project with one-line notes.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from generator.enrich import latex_math  # noqa: E402
from generator.enrich.markup import Markup  # noqa: E402
from generator.load import bounds  # noqa: E402
from generator.load.formulas import formulas as find_formulas  # noqa: E402

_NEST = bounds.MAX_NESTING


def _repeat(unit: str) -> Callable[[int], str]:
    return lambda n: unit * n


#: Family -> text of ``n`` repetitions. Each is superlinear (or recursive) in Python-Markdown
#: when unbounded; the limits keep the largest accepted one fast.
FAMILIES: dict[str, Callable[[int], str]] = {
    "nested [": lambda n: "[" * n + "x" + "]" * n,
    "nested [ at the limit, repeated": _repeat("[" * _NEST + "x" + "]" * _NEST + " "),
    "open [": _repeat("["),
    "open [ at the limit, per paragraph": _repeat("[" * _NEST + "x\n\n"),
    "emphasis run": lambda n: "*" * n + "x" + "*" * n,
    "nested emphasis": lambda n: "*a " * n + "x" + " a*" * n,
    "nested strong": lambda n: "**a " * n + "x" + " a**" * n,
    "open emphasis": _repeat("*a "),
    "underscores": lambda n: "_" * n + "x" + "_" * n,
    "list markers on a line": lambda n: "- " * n + "x",
    "list markers at the limit, repeated": _repeat("- " * _NEST + "x\n"),
    "ordered markers on a line": lambda n: "1. " * n + "x",
    "> on a line": lambda n: "> " * n + "x",
    "> at the limit, repeated": _repeat("> " * _NEST + "x\n"),
    "> and list markers": lambda n: "> - " * n + "x",
    "indented lists": lambda n: "".join("    " * i + "- x\n" for i in range(n)),
    "admonitions indented": lambda n: "".join("    " * i + "!!! note\n" for i in range(n)),
    "definitions in a paragraph": lambda n: "Term\n" + ": d\nTerm\n" * n,
    "links with an open title": _repeat('[a](b "x) '),
    "links with an open (": _repeat("[a]("),
    "links with an open title, paragraphs": _repeat('[a](b "x)\n\n'),
    "links with an open title, then prose": lambda n: '[a](b "x) ' * n + "word " * 5_000,
    "open HTML tags, then prose": lambda n: "<a " * n + "word " * 5_000,
    "headings, then prose": lambda n: "# a\n" * n + "word " * 5_000,
    "open HTML tags": _repeat("<a "),
    "open HTML tags, paragraphs": _repeat("<a \n\n"),
    "formatting tags": _repeat("<b>"),
    "formatting tags, paragraphs": _repeat("<b>\n\n"),
    "closed tags": _repeat("<b>x</b> "),
    "nested blocks": _repeat("<div>"),
    "open attribute quotes": _repeat('<a b="'),
    "open autolinks": _repeat("<http://a "),
    "formulas": _repeat("$x_1$ "),
    "formulas, one per mark": _repeat("$x$"),
    "unclosed $ before digits": _repeat("$1"),
    "unclosed \\(": _repeat("\\("),
    "unclosed \\[": _repeat("\\["),
    "unclosed $$": _repeat("$$a"),
    "formulas nested at the limit": _repeat("$" + "{" * _NEST + "x" + "}" * _NEST + "$ "),
    "open comments": _repeat("<!--a "),
    "headings in a paragraph": _repeat("# a\n"),
    "rules in a paragraph": _repeat("***\n"),
    "setext in a paragraph": _repeat("a\n=\n"),
    "abbreviations": lambda n: "".join(f"*[A{i}]: x\n" for i in range(n)) + "\nA1 b " * n,
    "link definitions": lambda n: "".join(f"[r{i}]: http://a\n" for i in range(n)) + "[r1] " * n,
    "backticks": _repeat("`a "),
    "escapes": _repeat("\\"),
    "entities": _repeat("&amp;"),
    "list items": _repeat("- a\n"),
    "table rows": lambda n: "| a | b |\n|---|---|\n" + "| a | b |\n" * n,
    "fences": _repeat("```\n"),
    "paragraphs": _repeat("a\n\n"),
}


def largest(make: Callable[[int], str]) -> int:
    """The largest ``n`` whose text ``check`` accepts (0: not even one)."""
    low, high = 0, 1
    while bounds.markdown_problem(make(high)) is None:
        low, high = high, high * 2
    while low + 1 < high:
        middle = (low + high) // 2
        if bounds.markdown_problem(make(middle)) is None:
            low = middle
        else:
            high = middle
    return low


def best(run: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def render(text: str) -> None:
    Markup().html(text, "notes/x.md")


def families(names: list[str], runs: int) -> float:
    worst = 0.0
    print(f"{'family':40} {'n':>7} {'chars':>7} {'render':>8}  refused one step more for")
    for name, make in FAMILIES.items():
        if names and name not in names:
            continue
        n = largest(make)
        text = make(n)
        seconds = best(lambda text=text: render(text), runs) if n else 0.0
        worst = max(worst, seconds)
        why = bounds.markdown_problem(make(n + 1))
        reason = why.message.split(";")[0].split(":")[0][:48] if why else "-"
        print(f"{name:40} {n:7} {len(text):7} {seconds:7.3f}s  {reason}", flush=True)
    print(f"worst: {worst:.3f} s")
    return worst


def formulas(runs: int) -> None:
    for unit in ("$1", "\\(", "\\[", "$$ ", "$a. B$ "):
        text = unit * (100_000 // len(unit))
        seconds = best(lambda text=text: (list(find_formulas(text)),
                                          latex_math.to_text(text)), runs)
        print(f"formulas in 100 KB of {unit!r:10}: {seconds:.3f} s")


def real(runs: int) -> None:
    folder = REPO.parent / "shared" / "fixtures" / "reading_lists"
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        text = path.read_text(encoding="utf-8")
        verdict = bounds.markdown_problem(text)
        seconds = best(lambda text=text: render(text), runs)
        print(f"real: {path.name} ({len(text):,} chars): "
              f"{'accepted' if verdict is None else 'REFUSED: ' + verdict.message}, "
              f"renders in {seconds:.3f} s")


def build(runs: int) -> None:
    from tests.golden import CASES, make_case
    from tests.helpers import mkdocs_build

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        hostile = make_case(CASES / "markdown_at_the_limits", root / "hostile")
        plain = make_case(CASES / "markdown_at_the_limits", root / "plain")
        for note in (plain / "content" / "notes").glob("*.md"):
            note.write_text("A short note.\n", encoding="utf-8")
        for label, project in (("hostile notes at the limits", hostile),
                               ("the same papers, one-line notes", plain)):
            times = []
            for run in range(runs):
                shutil.rmtree(project / ".cache", ignore_errors=True)  # cold: every page
                start = time.perf_counter()
                done = mkdocs_build(project, site=root / f"site-{label[:4]}-{run}")
                times.append(time.perf_counter() - start)
                if done.returncode != 0:
                    sys.exit(f"build failed:\n{done.output[-2000:]}")
            print(f"mkdocs build --strict, cold, {label}: best {min(times):.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("family", nargs="*", help="only these families")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--build", action="store_true",
                        help="also build tests/cases/markdown_at_the_limits with MkDocs")
    args = parser.parse_args()
    print(f"limits: {bounds.NOTE_MAX:,} characters, nesting {bounds.MAX_NESTING}, "
          f"{bounds.MARKDOWN_WORK_MAX:,} characters reread")
    families(args.family, args.runs)
    if not args.family:
        formulas(args.runs)
        real(args.runs)
    if args.build:
        build(max(1, args.runs - 1))


if __name__ == "__main__":
    main()
