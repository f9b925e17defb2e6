"""Common: URLs, read and written in one place.

Reading: ``split`` is the project's one URL reader, and it never raises. The standard
library's ``urlsplit`` raises ``ValueError`` on text it cannot read (``http://[::1/x``:
"Invalid IPv6 URL"; a host that changes under NFKC normalisation; a port that is not a
number, found only when ``.port`` is asked for), and a URL can come from anywhere: an
abstract, a note, a ``links:`` value, an importer's answer, ``site_url``. Here such a URL
is ``None``, with ``problem`` saying why, so a caller reports it or treats it as text.

Writing: ``path`` makes the URL path of a file's path. A file name is outside text like
any other (``x" onmouseover="....yaml`` is a valid name): every segment is
percent-encoded, so no character of it can end an attribute or start a query.
"""

from __future__ import annotations

import functools
from urllib.parse import SplitResult, quote, urljoin, urlsplit


@functools.lru_cache(maxsize=4096)
def _read(url: str) -> tuple[SplitResult | None, str | None]:
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - a port that is not a number from 0 to 65535 raises here
    except ValueError as exc:
        reason = str(exc) or "unreadable"
        return None, f"not a readable URL: {reason[:1].lower()}{reason[1:]}"
    return parts, None


def split(url: str) -> SplitResult | None:
    """``url``'s parts, or None when it cannot be read as a URL."""
    return _read(url)[0]


def problem(url: str) -> str | None:
    """Why ``url`` cannot be read as a URL, or None when it can."""
    return _read(url)[1]


def scheme(url: str) -> str | None:
    """``url``'s scheme in lower case ("" for a relative URL), or None when unreadable."""
    parts = split(url)
    return None if parts is None else parts.scheme.lower()


def is_outside(url: str) -> bool:
    """Whether ``url`` leaves the site (it names a scheme or a host); an unreadable URL
    counts as outside, so nothing treats it as one of the site's own."""
    parts = split(url)
    return parts is None or bool(parts.scheme or parts.netloc)


def join(base: str, url: str) -> str:
    """``url`` resolved against ``base``; ``url`` as it is when either cannot be read."""
    if split(base) is None or split(url) is None:
        return url
    try:
        return urljoin(base, url)
    except ValueError:  # pragma: no cover - both parts were read above
        return url


def path(file_path: str) -> str:
    """A file's path (``/``-separated) as a URL path: each segment percent-encoded, the
    slashes between segments kept."""
    return "/".join(quote(segment, safe="") for segment in file_path.split("/"))
