"""Import: a polite HTTP client; one module owns every network request of the importers.

It names the project in its User-Agent, waits at least ``MIN_INTERVAL`` seconds
between two requests to the same slow host (arXiv asks for 3 s), retries
timeouts, connection errors, HTTP 429 and 5xx with exponential backoff (or after
the server's ``Retry-After``, up to a cap), and gives up with a one-line
``FetchError``. Each request has an overall deadline: a server that sends a byte
every few seconds cannot hang an import. Redirects are followed only to http(s).
The opener, clock and sleep are injectable so tests run without a network and
without waiting.
"""

from __future__ import annotations

import email.utils
import http.client
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import IO, Protocol

from generator.common import weburl

USER_AGENT = "reading-list-generator/0.1 (static site generator for curated paper lists)"
#: Hosts that ask for spacing between requests, and the seconds between two of them.
MIN_INTERVAL: dict[str, float] = {
    "export.arxiv.org": 3.0, "arxiv.org": 3.0, "rss.arxiv.org": 3.0,
}
DEFAULT_INTERVAL = 1.0
RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
#: Bigger answers are refused: no listing an importer reads comes near this.
MAX_BYTES = 50 * 1024 * 1024
CHUNK = 64 * 1024


class Response(Protocol):
    def read(self, amt: int = ..., /) -> bytes: ...
    def __enter__(self) -> Response: ...
    def __exit__(self, *args: object) -> object: ...


Opener = Callable[[urllib.request.Request, float], Response]


class _HttpRedirects(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only to http(s): urllib would also follow one to ftp."""

    def redirect_request(self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str,
                         headers: http.client.HTTPMessage, newurl: str
                         ) -> urllib.request.Request | None:
        if weburl.scheme(newurl) not in ("http", "https"):
            raise urllib.error.HTTPError(newurl, code, f"redirect to a non-http(s) URL "
                                         f"{newurl[:80]!r} refused", headers, fp)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_OPENER = urllib.request.build_opener(_HttpRedirects)


def _urlopen(request: urllib.request.Request, timeout: float) -> Response:
    response: Response = _OPENER.open(request, timeout=timeout)
    return response


class FetchError(Exception):
    """A request failed for good; ``body`` holds an HTTP error's answer when there was one."""

    def __init__(self, message: str, status: int | None = None, body: bytes = b"") -> None:
        super().__init__(message)
        self.status = status
        self.body = body


def retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (seconds or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


@dataclass
class Client:
    opener: Opener = _urlopen
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    #: Seconds one socket operation (connect, one read) may take.
    timeout: float = 30.0
    #: Seconds a whole request (connect and every read) may take.
    deadline: float = 60.0
    retries: int = 3
    backoff: float = 2.0
    #: The longest ``Retry-After`` waited for; a longer one ends the import with a message.
    max_retry_after: float = 60.0
    user_agent: str = USER_AGENT
    _last: dict[str, float] = field(default_factory=dict)

    def _wait_turn(self, host: str) -> None:
        interval = MIN_INTERVAL.get(host, DEFAULT_INTERVAL)
        last = self._last.get(host)
        if last is not None:
            wait = last + interval - self.clock()
            if wait > 0:
                self.sleep(wait)
        self._last[host] = self.clock()

    def _read(self, url: str, response: Response, started: float) -> bytes:
        """The body, chunk by chunk, the deadline checked after each one."""
        read = getattr(response, "read1", None) or response.read
        chunks: list[bytes] = []
        size = 0
        while True:
            if self.clock() - started > self.deadline:
                raise FetchError(f"{url}: no complete answer within {self.deadline:.0f} s")
            chunk = read(CHUNK)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
            size += len(chunk)
            if size > MAX_BYTES:
                raise FetchError(f"{url}: answer is larger than {MAX_BYTES // 2**20} MiB")

    def get(self, url: str) -> bytes:
        """The body at ``url``, or ``FetchError`` after the retries are spent."""
        parts = weburl.split(url)
        if parts is None:
            raise FetchError(f"{url[:80]!r}: {weburl.problem(url)}")
        host = parts.hostname or ""
        request = urllib.request.Request(url, headers={"User-Agent": self.user_agent})
        problem = ""
        wait: float | None = None
        for attempt in range(self.retries + 1):
            if attempt:
                self.sleep(wait if wait is not None else self.backoff * 2 ** (attempt - 1))
            wait = None
            self._wait_turn(host)
            started = self.clock()
            try:
                with self.opener(request, min(self.timeout, self.deadline)) as response:
                    return self._read(url, response, started)
            except urllib.error.HTTPError as exc:
                body = exc.read() if exc.fp is not None else b""
                if exc.code not in RETRY_STATUS:
                    raise FetchError(f"{url}: HTTP {exc.code} {exc.reason}", exc.code,
                                     body) from None
                problem = f"HTTP {exc.code} {exc.reason}"
                wait = retry_after(exc.headers.get("Retry-After") if exc.headers else None)
                if wait is not None and wait > self.max_retry_after:
                    raise FetchError(f"{url}: {problem}; the server asks to wait {wait:.0f} s, "
                                     f"more than {self.max_retry_after:.0f} s: try again later",
                                     exc.code, body) from None
            except (urllib.error.URLError, TimeoutError, OSError) as exc:
                reason = getattr(exc, "reason", None) or exc
                problem = f"cannot connect ({reason})"
        raise FetchError(f"{url}: {problem}, {self.retries + 1} attempts")
