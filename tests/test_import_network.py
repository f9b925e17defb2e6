"""The polite client and the network paths of the importers, with a fake opener: no network."""

from __future__ import annotations

import http.server
import io
import json
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from email.message import Message
from pathlib import Path
from typing import Any

import pytest

from generator.adapters import cli
from generator.importers import client as client_module
from generator.importers.client import USER_AGENT, Client, FetchError, retry_after
from tests.helpers import FIXTURES, make_project, shared_file

Reply = bytes | int | Exception


class FakeNet:
    """Answers requests from a script of replies and a fake clock that sleeping advances."""

    def __init__(self, replies: list[Reply] | Callable[[str], Reply]) -> None:
        self.replies = replies
        self.now = 1000.0
        self.requests: list[tuple[float, str, str]] = []
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    def opener(self, request: urllib.request.Request, timeout: float) -> Any:
        assert timeout == 30.0
        url = request.full_url
        self.requests.append((self.now, url, str(request.get_header("User-agent"))))
        self.now += 0.5  # the request itself takes time
        reply = self.replies(url) if callable(self.replies) else self.replies.pop(0)
        if isinstance(reply, Exception):
            raise reply
        if isinstance(reply, int):
            body = b"<feed>error</feed>"
            raise urllib.error.HTTPError(url, reply, "Some Reason", Message(), io.BytesIO(body))
        return io.BytesIO(reply)

    def client(self) -> Client:
        return Client(opener=self.opener, clock=self.clock, sleep=self.sleep)


@pytest.fixture(autouse=True)
def no_real_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only this machine's own test servers (127.0.0.1) may be reached."""
    real_open = client_module._OPENER.open

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a test tried to use the network")

    def local_only(request: Any, *args: Any, **kwargs: Any) -> Any:
        url = request if isinstance(request, str) else request.full_url
        if not url.startswith("http://127.0.0.1:"):
            refuse()
        return real_open(request, *args, **kwargs)

    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    monkeypatch.setattr(client_module._OPENER, "open", local_only)


class _Slow(http.server.BaseHTTPRequestHandler):
    """/trickle sends one byte every 0.2 s, forever; /ftp redirects to an ftp:// URL."""

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        if self.path == "/ftp":
            self.send_response(302)
            self.send_header("Location", "ftp://127.0.0.1/secret")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Length", "1000000")
        self.end_headers()
        try:
            for _ in range(1000):
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(0.2)
        except OSError:
            pass


@pytest.fixture
def slow_server() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Slow)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_a_server_that_trickles_bytes_cannot_hang_an_import(slow_server: str) -> None:
    client = Client(deadline=1.5, timeout=1.0, retries=0)
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"no complete answer within 2 s"):
        client.get(f"{slow_server}/trickle")
    assert time.monotonic() - started < 4


def test_redirects_are_followed_only_to_http(slow_server: str) -> None:
    with pytest.raises(FetchError, match="redirect to a non-http"):
        Client(retries=0).get(f"{slow_server}/ftp")


def test_retry_after_is_honoured_up_to_a_cap() -> None:
    headers = Message()
    headers["Retry-After"] = "7"
    net = FakeNet([urllib.error.HTTPError("u", 429, "Too Many Requests", headers,
                                          io.BytesIO(b"")), b"ok"])
    assert net.client().get("https://example.org/x") == b"ok"
    assert 7 in net.sleeps
    long = Message()
    long["Retry-After"] = "3600"
    net = FakeNet([urllib.error.HTTPError("u", 503, "Unavailable", long, io.BytesIO(b""))])
    with pytest.raises(FetchError) as caught:
        net.client().get("https://example.org/x")
    assert str(caught.value) == ("https://example.org/x: HTTP 503 Unavailable; the server asks "
                                 "to wait 3600 s, more than 60 s: try again later")
    assert len(net.requests) == 1
    assert retry_after("Wed, 21 Oct 2015 07:28:00 GMT",
                       datetime(2015, 10, 21, 7, 27, 30, tzinfo=UTC)) == 30


def test_user_agent_and_three_seconds_between_arxiv_requests() -> None:
    net = FakeNet([b"one", b"two", b"three", b"hf"])
    client = net.client()
    assert client.get("https://export.arxiv.org/api/query?id_list=1") == b"one"
    assert client.get("https://export.arxiv.org/api/query?id_list=2") == b"two"
    assert client.get("https://export.arxiv.org/api/query?id_list=3") == b"three"
    assert client.get("https://huggingface.co/api/daily_papers") == b"hf"
    times = [t for t, _, _ in net.requests]
    assert times[1] - times[0] >= 3.0 and times[2] - times[1] >= 3.0
    assert times[3] == times[2] + 0.5  # another host does not wait for arXiv
    assert {agent for _, _, agent in net.requests} == {USER_AGENT}
    assert "reading-list-generator" in USER_AGENT


def test_retries_with_backoff_then_succeeds() -> None:
    net = FakeNet([503, urllib.error.URLError("timed out"), b"ok"])
    assert net.client().get("https://huggingface.co/api/daily_papers") == b"ok"
    assert len(net.requests) == 3
    assert net.sleeps[:1] == [2.0] and 4.0 in net.sleeps


def test_gives_up_with_one_line_after_the_retries() -> None:
    net = FakeNet([TimeoutError("timed out")] * 4)
    with pytest.raises(FetchError) as caught:
        net.client().get("https://huggingface.co/api/daily_papers")
    assert len(net.requests) == 4
    assert "\n" not in str(caught.value)
    assert "4 attempts" in str(caught.value)


def test_client_errors_are_not_retried_and_keep_the_body() -> None:
    net = FakeNet([400])
    with pytest.raises(FetchError) as caught:
        net.client().get("https://export.arxiv.org/api/query?id_list=abc")
    assert len(net.requests) == 1
    assert caught.value.status == 400 and caught.value.body == b"<feed>error</feed>"


# --- the import command over the (fake) network ------------------------------------------------

def run_import(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, net: FakeNet,
               *args: str) -> tuple[int, Path]:
    project = tmp_path / "project"
    if not project.exists():
        make_project(project, {"mine.yaml": "- title: Mine\n  added: 2024-01-02\n  tags: [a]\n"})
    monkeypatch.setattr(cli, "CLIENT_FACTORY", net.client)
    monkeypatch.chdir(project)
    code = cli.main(["import", *args])
    return code, project


def test_arxiv_ids_are_fetched_in_one_request(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
        ) -> None:
    net = FakeNet([(FIXTURES / "arxiv_api_2026.xml").read_bytes()])
    code, project = run_import(tmp_path, monkeypatch, net, "arxiv", "2603.01234v2",
                               "hep-th/9901001", "2603.09999")
    out = capsys.readouterr()
    assert code == 0, out.err
    assert len(net.requests) == 1
    url = net.requests[0][1]
    assert url.startswith("https://export.arxiv.org/api/query?")
    assert "id_list=2603.01234v2%2Chep-th%2F9901001%2C2603.09999" in url
    assert "arxiv: 2 found, 2 new, 0 already listed" in out.out
    assert "not found on arXiv: 2603.09999" in out.err
    assert (project / "content/papers/inbox.yaml").exists()


def test_arxiv_query(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                     capsys: pytest.CaptureFixture[str]) -> None:
    net = FakeNet([(FIXTURES / "arxiv_api_2016.xml").read_bytes()])
    code, _ = run_import(tmp_path, monkeypatch, net, "arxiv", "--query",
                         "ti:causal AND cat:cs.CL", "--max-results", "5", "--dry-run")
    assert code == 0, capsys.readouterr().err
    url = net.requests[0][1]
    assert "search_query=ti%3Acausal+AND+cat%3Acs.CL" in url and "max_results=5" in url
    assert "would add 1501.00001" in capsys.readouterr().out


def test_arxiv_http_400_explains_the_bad_id(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
        ) -> None:
    recorded = json.loads(shared_file(
        "fixtures/arxiv_api/id_abc_s0_m100_b79c8dcf6bc3.json").read_text(encoding="utf-8"))

    def answer(url: str) -> Reply:
        return urllib.error.HTTPError(url, recorded["status_code"], "Bad Request", Message(),
                                      io.BytesIO(recorded["body"].encode()))

    net = FakeNet(answer)
    code, project = run_import(tmp_path, monkeypatch, net, "arxiv", "2305.07922")
    err = capsys.readouterr().err
    assert code == 1
    assert err.strip().splitlines() == [
        "error: https://export.arxiv.org/api/query?start=0&max_results=1&id_list=2305.07922: "
        "arXiv API error: incorrect id format for abc (HTTP 400); nothing was written"]
    assert not (project / "content/papers/inbox.yaml").exists()


def test_network_failure_writes_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
        ) -> None:
    net = FakeNet(lambda url: urllib.error.URLError("Name or service not known"))
    code, project = run_import(tmp_path, monkeypatch, net, "hf-daily", "--date", "2026-06-12")
    err = capsys.readouterr().err
    assert code == 1
    assert len(err.strip().splitlines()) == 1
    assert "cannot connect (Name or service not known), 4 attempts; nothing was written" in err
    assert net.requests[0][1] == "https://huggingface.co/api/daily_papers?date=2026-06-12"
    assert not (project / "content/papers/inbox.yaml").exists()


def test_hf_daily_by_date_and_rss_by_category(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
        ) -> None:
    answers = {
        "https://huggingface.co/api/daily_papers?date=2026-03-01":
            (FIXTURES / "hf_daily_sample.json").read_bytes(),
        "https://rss.arxiv.org/rss/cs.CL": (FIXTURES / "arxiv_rss_sample.xml").read_bytes(),
    }
    net = FakeNet(lambda url: answers[url])
    code, _ = run_import(tmp_path, monkeypatch, net, "hf-daily", "--date", "2026-03-01")
    assert code == 0
    code, _ = run_import(tmp_path, monkeypatch, net, "arxiv-rss", "cs.CL")
    assert code == 0
    out = capsys.readouterr().out
    assert "hf-daily: 2 found, 2 new, 0 already listed" in out
    assert "arxiv-rss: 2 found, 2 new, 0 already listed" in out


def test_arxivs_rss_error_answer_is_an_error_and_a_quiet_day_is_not(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
        ) -> None:
    """arXiv answers a bad category with HTTP 200 and an empty feed holding its message:
    the import fails with that message; an empty feed of a real category is nothing new."""
    answers = {
        "https://rss.arxiv.org/rss/cs.XX": (FIXTURES / "arxiv_rss_error.xml").read_bytes(),
        "https://rss.arxiv.org/rss/cs.CL": (FIXTURES / "arxiv_rss_empty.xml").read_bytes(),
    }
    net = FakeNet(lambda url: answers[url])
    code, project = run_import(tmp_path, monkeypatch, net, "arxiv-rss", "cs.XX")
    assert code == 1
    err = capsys.readouterr().err
    assert ("https://rss.arxiv.org/rss/cs.XX: arXiv answered with an error: Bad category "
            "'cs.XX'. Valid categories for archive 'cs' are: cs.AI, cs.CL, cs.LG.") in err
    assert err.rstrip().endswith("nothing was written")
    code, _ = run_import(tmp_path, monkeypatch, net, "arxiv-rss", "cs.CL")
    assert code == 0
    out = capsys.readouterr().out
    assert "cs.CL updates on arXiv.org: no papers listed (nothing new)" in out
    assert "arxiv-rss: 0 found, 0 new, 0 already listed" in out
    assert not (project / "content/papers/inbox.yaml").exists()
