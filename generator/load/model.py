"""Load: the typed data model: one paper entry, its links, and a curator's long notes."""

from __future__ import annotations

import hashlib
import operator
import re
import unicodedata
from dataclasses import dataclass, field, fields
from datetime import date
from enum import StrEnum

from generator.common import weburl


class Status(StrEnum):
    TO_READ = "to-read"
    READING = "reading"
    READ = "read"


#: Link kinds a paper may carry, in the order pages show them.
LINK_KINDS: tuple[str, ...] = (
    "paper", "pdf", "code", "project", "hf", "data", "video", "slides", "blog",
)
LINK_LABELS: dict[str, str] = {
    "paper": "Paper",
    "pdf": "PDF",
    "code": "Code",
    "project": "Project page",
    "hf": "Hugging Face",
    "data": "Data",
    "video": "Video",
    "slides": "Slides",
    "blog": "Blog post",
}

#: Ids become URLs and feed GUIDs: lowercase ASCII, no path separators, no ``..``, and no
#: dot at the end (Windows drops it: ``x.`` would be the folder of ``x``).
ID_RE = re.compile(r"^[a-z0-9](?:[a-z0-9_-]|\.(?![.]|$))*$")
ID_MAX = 100
TAG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
#: New-style (2401.10000, optional version) and old-style (hep-th/9901001) arXiv ids.
ARXIV_RE = re.compile(r"^(?:\d{4}\.\d{4,5}|[a-z][a-z.-]*(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?$")
SLUG_MAX = 60
#: Names Windows refuses for a file or folder, with any extension (``con.txt`` too).
WINDOWS_RESERVED = frozenset({"con", "prn", "aux", "nul", *(f"com{n}" for n in range(10)),
                              *(f"lpt{n}" for n in range(10))})


def windows_reserved(name: str) -> bool:
    """Whether ``name`` (an id or a tag: a file or folder of the site) cannot exist on
    Windows, so the site could not be unpacked there."""
    return name.split(".", 1)[0].casefold() in WINDOWS_RESERVED


def slugify(text: str, max_length: int = SLUG_MAX) -> str:
    """Lowercase ASCII slug; cut at a word boundary so long titles give readable URLs.

    Changing this function changes derived ids, which are URLs: importers write
    the id out explicitly so published entries never depend on it.
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > max_length:
        cut = slug[: max_length + 1]
        slug = cut[: cut.rfind("-")] if "-" in cut else slug[:max_length]
    return slug.strip("-")


#: Words an id cut short should not end on (``...-transformers-with``).
STOPWORDS = frozenset(
    "a an and are as at by for from in into is it its of on or over the their to toward "
    "towards under via vs versus with without".split())


def new_id(title: str) -> str:
    """The id an importer gives a new paper without an arXiv id: its title's slug, cut at a
    word boundary and without the stopwords a cut leaves at its end.

    Only for ids written out when a paper is added: an entry with no ``id:`` keeps the
    id ``slugify`` derives, which is already its URL.
    """
    slug = slugify(title)
    full = slugify(title, max_length=10_000)
    if slug != full:
        words = slug.split("-")
        while len(words) > 1 and words[-1] in STOPWORDS:
            words.pop()
        slug = "-".join(words)
    return slug or fallback_id(title)


#: An arXiv abs or pdf address, the id in its first group.
ARXIV_URL = re.compile(r"arxiv\.org/(?:abs|pdf)/([^\s?#]+?)(?:\.pdf)?(?:[?#]|$)", re.I)


def normalise_arxiv(text: str) -> str | None:
    """An arXiv id from ``2305.07922``, ``arXiv:2305.07922v2`` or an abs/pdf URL, else None:
    the one rule for reading an arXiv id, in entries and in importers."""
    value = text.strip()
    url = ARXIV_URL.search(value)
    if url:
        value = url.group(1)
    value = re.sub(r"^arxiv:\s*", "", value, flags=re.I)
    return value if ARXIV_RE.fullmatch(value) else None


def http_url(value: object) -> str | None:
    """``value`` if it is a plain http(s) URL, else None: the one rule for the links a paper
    may carry (``links:``, imported code and project pages)."""
    if not isinstance(value, str):
        return None
    url = value.strip()
    parts = weburl.split(url)
    if parts is None or parts.scheme.lower() not in ("http", "https") or not parts.netloc \
            or " " in url:
        return None
    return url


def arxiv_base(arxiv: str) -> str:
    """The arXiv id without its version: the identity of a paper across revisions."""
    return re.sub(r"v\d+$", "", arxiv)


def id_from_arxiv(arxiv: str) -> str:
    return arxiv_base(arxiv).lower().replace("/", "-")


def normalise_title(title: str) -> str:
    """Titles compared for duplicates: case, accents, punctuation and spacing ignored.

    Letters of every script count (a Chinese or Russian title is not empty).
    """
    decomposed = unicodedata.normalize("NFKD", title).casefold()
    return "".join(ch for ch in decomposed if ch.isalnum())


def fallback_id(title: str) -> str:
    """An id for a title with no ASCII letters to slug: short, stable, from the title."""
    digest = hashlib.sha1(normalise_title(title).encode("utf-8")).hexdigest()[:10]
    return f"paper-{digest}"


@dataclass(frozen=True, slots=True, order=True)
class PubDate:
    """A publication date of year, month or day precision (BibTeX often knows only the
    year): shown as written, sorted as its first day."""

    first: date
    precision: str = "day"
    """``year``, ``month`` or ``day``."""

    def __post_init__(self) -> None:
        if self.precision not in ("year", "month", "day"):
            raise ValueError(f"precision: expected year, month or day, got {self.precision!r}")

    @classmethod
    def parse(cls, text: str) -> PubDate:
        """``2019``, ``2019-06`` or ``2019-06-09``; ``ValueError`` for anything else."""
        parts = text.split("-")
        if not 1 <= len(parts) <= 3 or not all(p.isdigit() for p in parts) \
                or [len(p) for p in parts] != [4, 2, 2][: len(parts)]:
            raise ValueError(text)
        numbers = [int(p) for p in parts] + [1] * (3 - len(parts))
        return cls(date(*numbers), ("year", "month", "day")[len(parts) - 1])

    def iso(self) -> str:
        """As written: ``2019``, ``2019-06`` or ``2019-06-09`` (also valid in ``<time>``)."""
        return self.first.isoformat()[: {"year": 4, "month": 7, "day": 10}[self.precision]]

    def label(self) -> str:
        """As a reader reads it: ``2019``, ``June 2019`` or ``Jun 9, 2019``."""
        if self.precision == "year":
            return str(self.first.year)
        if self.precision == "month":
            return f"{self.first:%B} {self.first.year}"
        return f"{self.first:%b} {self.first.day}, {self.first.year}"

    def isoformat(self) -> str:
        return self.iso()

    def __str__(self) -> str:
        return self.iso()


@dataclass(frozen=True, slots=True)
class Location:
    path: str
    line: int
    column: int

    def __reduce__(self) -> tuple[type[Location], tuple[str, int, int]]:
        return Location, (self.path, self.line, self.column)


@dataclass(frozen=True, slots=True)
class Paper:
    id: str
    title: str
    added: date
    source: Location
    arxiv: str | None = None
    authors: tuple[str, ...] = ()
    author_count: int | None = None
    org: str | None = None
    published: PubDate | None = None
    upvotes: int | None = None
    tags: tuple[str, ...] = ()
    abstract: str | None = None
    """Plain text: paragraphs joined by one blank line, each on one line (``entries``)."""
    links: tuple[tuple[str, str], ...] = ()
    note: str | None = None
    status: Status | None = None
    rating: int | None = None
    id_is_explicit: bool = True
    et_al: bool = False
    """``authors`` names only the first authors (BibTeX's ``and others``)."""
    aliases: tuple[str, ...] = ()
    """Ids the paper had before, oldest first: old URLs redirect to its page."""
    pick: bool = False
    """A curator's pick: highlighted on the home page and its tag pages."""
    see_also: tuple[str, ...] = ()
    """Ids of papers the curator relates to this one: shown first among related papers."""
    note_at: Location | None = None
    """Where the ``note`` text starts in its file: its links are reported from there."""

    @property
    def guid_id(self) -> str:
        """The id feeds name the paper by: its first id, so a renamed paper is not new."""
        return self.aliases[0] if self.aliases else self.id

    def __reduce__(self) -> tuple[type[Paper], tuple[object, ...]]:
        """Pickled as its fields, for parallel loading (``forking``): the dataclass way,
        a Python ``__getstate__`` and ``__setstate__`` per paper, cost twice as much."""
        return Paper, _paper_fields(self)

    @property
    def link_map(self) -> dict[str, str]:
        """Links given by the curator, completed from the arXiv id where it has one."""
        links = dict(self.links)
        if self.arxiv:
            links.setdefault("paper", f"https://arxiv.org/abs/{self.arxiv}")
            links.setdefault("pdf", f"https://arxiv.org/pdf/{self.arxiv}")
            links.setdefault("hf", f"https://huggingface.co/papers/{arxiv_base(self.arxiv)}")
        return {kind: links[kind] for kind in LINK_KINDS if kind in links}

    @property
    def byline(self) -> str:
        """Authors as a daily-papers page shows them: names, else a count, else the organisation."""
        if self.authors:
            if len(self.authors) > 3 or self.et_al:
                return f"{', '.join(self.authors[:3])} et al."
            return ", ".join(self.authors)
        parts = []
        if self.author_count is not None:
            parts.append(f"{self.author_count} author" + ("" if self.author_count == 1 else "s"))
        if self.org:
            parts.append(self.org)
        return " · ".join(parts)

    @property
    def credits(self) -> str:
        """Every author (else the count), then the organisation: the paper page's byline,
        so search finds a paper by any of its authors or its organisation."""
        if self.authors:
            parts = [", ".join(self.authors) + (" et al." if self.et_al else "")]
        elif self.author_count is not None:
            parts = [f"{self.author_count} author" + ("" if self.author_count == 1 else "s")]
        else:
            parts = []
        if self.org:
            parts.append(self.org)
        return " · ".join(parts)

    @property
    def sort_key(self) -> tuple[int, int, str]:
        """Newest addition first, then newest publication, then title: a total, stable order."""
        published = self.published.first.toordinal() if self.published else 0
        return (-self.added.toordinal(), -published, self.title.casefold())


_paper_fields = operator.attrgetter(*(f.name for f in fields(Paper)))


@dataclass(frozen=True, slots=True)
class Note:
    """A long note from ``content/notes/<id>.md``."""

    paper_id: str
    body: str
    source: Location
    """The file, and the line its body starts on (below any front matter)."""
    heading: str = "Reading notes"
    updated: date | None = None


@dataclass(frozen=True, slots=True)
class Content:
    """Everything loaded from the content folder, validated."""

    papers: tuple[Paper, ...]
    notes: dict[str, Note] = field(default_factory=dict)
    intro: str | None = None
