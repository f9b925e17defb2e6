"""A card's teaser is the abstract's first sentence (``markup.teaser``): the rule that finds
where that sentence ends, case by case, and the shipped card that read "1."."""

from __future__ import annotations

import pytest

from generator.enrich.markup import teaser
from tests.helpers import Build
from tests.test_site import main_content, read


@pytest.mark.parametrize("abstract, first", [
    ("First sentence here. Second one.", "First sentence here."),
    ("Is it causal? We ask. Then.", "Is it causal?"),
    ("It works! We show it.", "It works!"),
    # a numbered start, and numbered items after a colon
    ("1. The popularity of ML has risen. It keeps rising.", "1. The popularity of ML has risen."),
    ("1) We study X. Then Y.", "1) We study X."),
    ("(1) We study X. Then Y.", "(1) We study X."),
    ("A. We start here. Next.", "A. We start here."),
    ("iv. Fourth item here. Next.", "iv. Fourth item here."),
    ("Two ways: 1. By pruning. 2. By search.", "Two ways: 1. By pruning."),
    ("We do three things; a. We prune. b. We search.", "We do three things; a. We prune."),
    # abbreviations
    ("We use corpora, e.g. The Pile, for this. Next.", "We use corpora, e.g. The Pile, for this."),
    ("Errors, i.e. Type I errors, drop. Next.", "Errors, i.e. Type I errors, drop."),
    ("Jin et al. (2023) show it. Next.", "Jin et al. (2023) show it."),
    ("Jin et al. Showed it first. Next.", "Jin et al. Showed it first."),
    ("As Fig. 1 shows, it works. Next.", "As Fig. 1 shows, it works."),
    ("See Eq. (3) and Sec. 4 for it. Next.", "See Eq. (3) and Sec. 4 for it."),
    ("We compare GPT vs. BERT here. Next.", "We compare GPT vs. BERT here."),
    ("This differs (cf. Smith 2020) from it. Next.", "This differs (cf. Smith 2020) from it."),
    ("Loss w.r.t. The input is bounded. Next.", "Loss w.r.t. The input is bounded."),
    ("Data from the U.S. Census is used. Next.", "Data from the U.S. Census is used."),
    # decimals and numbers
    ("It costs 3.5 units, and 0.05 more. Next.", "It costs 3.5 units, and 0.05 more."),
    ("Released in 2023. We then study it.", "Released in 2023."),
    ("Accuracy rises to 91.2%. 10 models fail.", "Accuracy rises to 91.2%."),
    # letters spaced out: abbreviations and initials
    ("We assume (i. i. d) data and more. Next.", "We assume (i. i. d) data and more."),
    ("It holds, i. e. This one holds. Next.", "It holds, i. e. This one holds."),
    ("Use e. g. The Pile here. Next.", "Use e. g. The Pile here."),
    ("For all n. We show it.", "For all n."),
    # initials before a name; a variable ending a sentence before a common word
    ("Work by J. Pearl shows this. Next.", "Work by J. Pearl shows this."),
    ("As J. M. Robins showed, it holds. Next.", "As J. M. Robins showed, it holds."),
    ("We intervene on X. Then Y changes.", "We intervene on X."),
    ("We intervene on X. We see Y.", "We intervene on X."),
    # quotes and brackets closing on the stop; formulas never cut
    ('We call it "causal." Then more.', 'We call it "causal."'),
    ("It holds (see the proof.) Then more.", "It holds (see the proof.)"),
    ("We show $x. Y$ holds. Then more.", "We show $x. Y$ holds."),
    ("We bound it. $G$ is a graph.", "We bound it."),
    ("No end at all", "No end at all"),
])
def test_the_first_sentence_ends_where_a_reader_ends_it(abstract: str, first: str) -> None:
    assert teaser(abstract) == first


def test_a_long_first_sentence_is_cut_at_a_word() -> None:
    long = " ".join(f"w{n}" for n in range(60))
    assert teaser(long) == " ".join(f"w{n}" for n in range(30)) + " …"
    assert teaser("1. " + long).startswith("1. w0 w1")


def test_only_the_first_paragraph_is_read() -> None:
    assert teaser("One paragraph, no stop\n\nSecond. Third.") == "One paragraph, no stop"


def test_the_shipped_card_that_read_1_reads_its_first_sentence(repo_site: Build) -> None:
    html, _, _ = read(repo_site.site, "index.html")
    content = main_content(html)
    start = content.index("Machine Learning and Deep Learning")
    card = content[start: content.index("</article>", start)]
    assert ('<p class="rl-card__teaser">1. The popularity of Machine learning (ML), Deep '
            "learning (DL), and Artificial intelligence (AI) has risen sharply in recent "
            "years.</p>") in card
    # the paper's page shows the abstract once: the first sentence is not repeated
    page, _, _ = read(repo_site.site,
                      "papers/machine-learning-and-deep-learning-a-review-for-ecologists/"
                      "index.html")
    assert main_content(page).count("The popularity of Machine learning (ML)") == 1


def test_many_stops_that_end_nothing_cost_linear_time() -> None:
    """Each stop's word is looked for in a window before it, not in all the text before."""
    import time

    for unit in ("e.g. X ", "J. Pearl ", "Fig. 1 ", "((((: 1. B "):
        abstract = (unit * (20_000 // len(unit)))[:20_000]  # the abstract's limit
        started = time.perf_counter()
        teaser(abstract)
        assert time.perf_counter() - started < 0.5, unit
