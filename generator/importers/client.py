"""A polite HTTP client for the importers: one module owns every network request.

It names the project in its User-Agent, waits at least ``MIN_INTERVAL`` seconds
between two requests to the same slow host (arXiv asks for 3 s), retries
timeouts, connection errors, HTTP 429 and 5xx with exponential backoff, and
gives up with a one-line ``FetchError``. The opener, clock and sleep are
injectable so tests run without a network and without waiting.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol
from urllib.parse import urlsplit

USER_AGENT = "reading-list-generator/0.1 (static site generator for curated paper lists)"
#: Hosts that ask for spacing between requests, and the seconds between two of them.
MIN_INTERVAL: dict[str, float] = {
    "export.arxiv.org": 3.0, "arxiv.org": 3.0, "rss.arxiv.org": 3.0,
}
DEFAULT_INTERVAL = 1.0
RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
#: Bigger answers are refused: no listing an importer reads comes near this.
MAX_BYTES = 50 * 1024 * 1024


class Response(Protocol):
    def read(self, amt: int = ..., /) -> bytes: ...
    def __enter__(self) -> Response: ...
    def __exit__(self, *args: object) -> object: ...


Opener = Callable[[urllib.request.Request, float], Response]


def _urlopen(request: urllib.request.Request, timeout: float) -> Response:
    response: Response = urllib.request.urlopen(request, timeout=timeout)
    return response


class FetchError(Exception):
    """A request failed for good; ``body`` holds an HTTP error's answer when there was one."""

    def __init__(self, message: str, status: int | None = None, body: bytes = b"") -> None:
        super().__init__(message)
        self.status = status
        self.body = body


@dataclass
class Client:
    opener: Opener = _urlopen
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    timeout: float = 30.0
    retries: int = 3
    backoff: float = 2.0
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

    def get(self, url: str) -> bytes:
        """The body at ``url``, or ``FetchError`` after the retries are spent."""
        host = urlsplit(url).hostname or ""
        request = urllib.request.Request(url, headers={"User-Agent": self.user_agent})
        problem = ""
        for attempt in range(self.retries + 1):
            if attempt:
                self.sleep(self.backoff * 2 ** (attempt - 1))
            self._wait_turn(host)
            try:
                with self.opener(request, self.timeout) as response:
                    data = response.read(MAX_BYTES + 1)
            except urllib.error.HTTPError as exc:
                body = exc.read() if exc.fp is not None else b""
                if exc.code not in RETRY_STATUS:
                    raise FetchError(f"{url}: HTTP {exc.code} {exc.reason}", exc.code,
                                     body) from None
                problem = f"HTTP {exc.code} {exc.reason}"
                continue
            except (urllib.error.URLError, TimeoutError, OSError) as exc:
                reason = getattr(exc, "reason", None) or exc
                problem = f"cannot connect ({reason})"
                continue
            if len(data) > MAX_BYTES:
                raise FetchError(f"{url}: answer is larger than {MAX_BYTES // 2**20} MiB")
            return data
        raise FetchError(f"{url}: {problem}, {self.retries + 1} attempts")
