"""Feeds: RSS 2.0, Atom 1.0 and JSON Feed 1.1 for the whole list and for each tag.

Expectations come from the YAML and mkdocs.yml directly, not from the generator's
own listing, so a sorting or counting bug in the core cannot hide itself.
"""

from __future__ import annotations

import json
import posixpath
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import feedparser
import pytest
import yaml

from generator.enrich.listing import build_listing
from generator.load.model import Content, Location, Note, Paper
from generator.load.settings import Settings, SettingsError, settings_from
from generator.render.feeds import build_feeds
from tests.helpers import (
    REPO,
    Build,
    copy_repo_project,
    make_project,
    mkdocs_build,
    repo_config,
    run_cli,
    serve,
    shared_file,
)

FEED_NAMES = ("feed.xml", "atom.xml", "feed.json")
MEDIA_TYPES = {"feed.xml": "application/rss+xml", "atom.xml": "application/atom+xml",
               "feed.json": "application/feed+json"}
TRICKY_TITLE = 'Why <b>x</b> < y & z ]]> "matters" 🚀'


# --- helpers -------------------------------------------------------------------------------

def repo_papers() -> list[dict[str, Any]]:
    papers: list[dict[str, Any]] = []
    for path in sorted((REPO / "content" / "papers").glob("*.yaml")):
        papers += yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader) or []
    return papers


def feed_size() -> int:
    for plugin in repo_config()["plugins"]:
        if isinstance(plugin, dict) and "reading-list" in plugin:
            return int(plugin["reading-list"].get("feed_size", 50))
    return 50


def feed_folders(site: Path) -> dict[str | None, Path]:
    """Tag (None for the whole list) -> the folder holding its three feeds."""
    folders: dict[str | None, Path] = {None: site}
    for folder in sorted((site / "tags").iterdir()):
        if (folder / "feed.xml").exists():
            folders[folder.name] = folder
    return folders


def feed_files(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes()
            for name in FEED_NAMES for path in site.rglob(name)}


def parsed_date(entry_time: Any) -> date:
    assert tuple(entry_time[3:6]) == (0, 0, 0), "items are dated at 00:00 UTC"
    return date(*entry_time[:3])


def rfc3339_date(text: str) -> date:
    moment = datetime.fromisoformat(text)
    assert moment.utcoffset() is not None, f"{text!r} has no time zone"
    return moment.date()


def check_json_feed(data: dict[str, Any], feed_url: str) -> None:
    """The fields JSON Feed 1.1 requires (and the URLs it strongly recommends)."""
    assert data["version"] == "https://jsonfeed.org/version/1.1"
    assert isinstance(data["title"], str) and data["title"]
    assert data["feed_url"] == feed_url
    assert data["home_page_url"].startswith(("https://", "http://"))
    assert isinstance(data["items"], list)
    ids = [item["id"] for item in data["items"]]
    assert len(set(ids)) == len(ids)
    for item in data["items"]:
        assert isinstance(item["id"], str) and item["id"]
        assert isinstance(item.get("content_html") or item.get("content_text"), str)
        assert item["url"].startswith(("https://", "http://"))
        rfc3339_date(item["date_published"])
        for author in item.get("authors", []):
            assert set(author) & {"name", "url", "avatar"}
        assert all(isinstance(tag, str) for tag in item.get("tags", []))


class LinkCollector(HTMLParser):
    """``<link rel=alternate>`` in the head, the Subscribe buttons and every link to a feed
    in the page's body."""

    def __init__(self) -> None:
        super().__init__()
        self.alternates: list[dict[str, str]] = []
        self.buttons: list[dict[str, str]] = []
        self.feed_links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {k: v or "" for k, v in attrs}
        if tag == "link" and attributes.get("rel") == "alternate":
            self.alternates.append(attributes)
        if tag == "a" and "rl-subscribe" in attributes.get("class", "").split():
            self.buttons.append(attributes)
        if tag == "a" and attributes.get("href", "").endswith(FEED_NAMES):
            self.feed_links.append(attributes["href"])


def links_of(html_file: Path) -> LinkCollector:
    collector = LinkCollector()
    collector.feed(html_file.read_text(encoding="utf-8"))
    return collector


def resolve(site: Path, html_file: Path, href: str) -> Path:
    folder = html_file.parent.relative_to(site).as_posix()
    return site / posixpath.normpath(posixpath.join(folder, href))


def paper_yaml(paper_id: str, title: str, added: str, tags: list[str], **extra: Any) -> str:
    entry = {"id": paper_id, "title": title, "added": date.fromisoformat(added), "tags": tags,
             **extra}
    return yaml.safe_dump([entry], sort_keys=False, allow_unicode=True)


def write_site(project: Path, target: Path) -> Path:
    done = run_cli(project, "write", str(target))
    assert done.returncode == 0, done.stdout + done.stderr
    return target


# --- the repository's own site -------------------------------------------------------------

@pytest.mark.slow
def test_every_feed_of_the_site_reads_right_in_feedparser(repo_site: Build) -> None:
    papers = repo_papers()
    base = repo_config()["site_url"].rstrip("/") + "/"
    size = feed_size()
    folders = feed_folders(repo_site.site)
    tags = {tag for p in papers for tag in p.get("tags", [])}
    assert set(folders) == {None, *tags}, "one set of feeds per tag, plus the whole list's"
    for tag, folder in folders.items():
        prefix = "" if tag is None else f"tags/{tag}/"
        expected = [p for p in papers if tag is None or tag in p.get("tags", [])]
        added = {f"{base}papers/{p['id']}/": p["added"] for p in expected}
        newest = max(added.values())
        count = min(size, len(expected))
        for name, version in (("feed.xml", "rss20"), ("atom.xml", "atom10")):
            where = f"{prefix}{name}"
            parsed = feedparser.parse((folder / name).read_bytes())
            assert not parsed.bozo, f"{where}: {parsed.get('bozo_exception')!r}"
            assert parsed.version == version, where
            assert len(parsed.entries) == count, where
            links = [entry.link for entry in parsed.entries]
            assert len(set(links)) == count and set(links) <= set(added), where
            dates = [parsed_date(entry.published_parsed) for entry in parsed.entries]
            assert dates == sorted(dates, reverse=True), f"{where}: newest first"
            for entry, day in zip(parsed.entries, dates, strict=True):
                assert entry.id == entry.link, f"{where}: the GUID/id is the permalink"
                assert day == added[entry.link], f"{where}: {entry.link} dated by 'added'"
                assert entry.title and entry.summary
            assert parsed_date(parsed.feed.updated_parsed) == newest, where
            self_links = [link.href for link in parsed.feed.links if link.rel == "self"]
            assert self_links == [f"{base}{prefix}{name}"], where
            assert parsed.feed.link == f"{base}{prefix}", where
        data = json.loads((folder / "feed.json").read_bytes())
        check_json_feed(data, f"{base}{prefix}feed.json")
        assert [item["id"] for item in data["items"]] == [
            entry.link for entry in feedparser.parse((folder / "feed.xml").read_bytes()).entries]


@pytest.mark.slow
def test_every_rss_feed_passes_the_shared_checker(repo_site: Build) -> None:
    checker = shared_file("tools/rsscheck/check_rss.py")
    feeds = sorted(str(folder / "feed.xml") for folder in feed_folders(repo_site.site).values())
    done = subprocess.run([sys.executable, str(checker), *feeds], capture_output=True,
                          text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count(": VALID") == len(feeds)
    assert "WARN" not in done.stdout, done.stdout


@pytest.mark.slow
def test_rss_channel_carries_mkdocs_settings(repo_site: Build) -> None:
    config = repo_config()
    channel = ET.parse(repo_site.site / "feed.xml").getroot().find("channel")
    assert channel is not None
    assert channel.findtext("title") == config["site_name"]
    assert channel.findtext("description") == config["site_description"]
    assert channel.findtext("language") == config["theme"]["language"]
    assert channel.findtext("link") == config["site_url"]
    newest = max(p["added"] for p in repo_papers())
    assert channel.findtext("lastBuildDate") == f"{newest:%a, %d %b %Y} 00:00:00 +0000"


@pytest.mark.slow
def test_rebuilds_give_identical_feed_bytes(repo_site: Build, tmp_path: Path) -> None:
    first = feed_files(repo_site.site)
    assert len(first) == 3 * len(feed_folders(repo_site.site))
    again = mkdocs_build(copy_repo_project(tmp_path / "elsewhere"))
    assert again.returncode == 0, again.output
    assert feed_files(again.site) == first
    written = write_site(tmp_path / "elsewhere", tmp_path / "written")
    assert feed_files(written) == first, "the CLI writes the same feeds as MkDocs"


@pytest.mark.slow
def test_pages_announce_their_feeds_and_show_buttons(repo_site: Build) -> None:
    site = repo_site.site
    tag = sorted(t for t in feed_folders(site) if t)[0]
    pages = {
        "home": site / "index.html",
        "paper": next((site / "papers").glob("*/index.html")),
        "tag": site / "tags" / tag / "index.html",
        "tags index": site / "tags" / "index.html",
    }
    for label, html_file in pages.items():
        links = links_of(html_file)
        site_wide = [resolve(site, html_file, link["href"]) for link in links.alternates
                     if resolve(site, html_file, link["href"]).parent == site]
        assert sorted(p.name for p in site_wide) == sorted(FEED_NAMES), label
        for link in links.alternates:
            target = resolve(site, html_file, link["href"])
            assert target.is_file(), f"{label}: {link['href']} does not exist"
            assert link["type"] == MEDIA_TYPES[target.name], label
            assert link.get("title"), label
        own = {resolve(site, html_file, link["href"]) for link in links.alternates} - {
            site / name for name in FEED_NAMES}
        if label == "tag":
            assert own == {site / "tags" / tag / name for name in FEED_NAMES}
        else:
            assert not own, f"{label} announces only the whole list's feeds"
    # a person is sent to the Subscribe page, not to a feed (a browser shows its XML)
    for label, fragment in (("home", ""), ("tag", f"#tag-{tag}")):
        links = links_of(pages[label])
        [button] = links.buttons
        href, _, anchor = button["href"].partition("#")
        assert resolve(site, pages[label], href) == site / "subscribe", label
        assert (f"#{anchor}" if anchor else "") == fragment, label
        assert "md-button" in button["class"] and links.feed_links == [], label


@pytest.mark.slow
@pytest.mark.browser
def test_subscribe_leads_to_every_feed_with_a_copy_button(repo_site: Build, browser: Any
                                                           ) -> None:
    """Home and tag pages have one Subscribe button; the Subscribe page gives each feed's
    absolute address (from site_url), and its Copy button puts that address on the
    clipboard."""
    tag = sorted(t for t in feed_folders(repo_site.site) if t)[0]
    base_url = repo_config()["site_url"]
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    tab = context.new_page()
    tab.route("**/*", lambda r: r.continue_() if r.request.url.startswith("http://127.0.0.1")
              else r.abort())
    with serve(repo_site.site) as root:
        for path, target in (("/", "/subscribe/"), (f"/tags/{tag}/", f"/subscribe/#tag-{tag}")):
            tab.goto(root + path)
            button = tab.locator("a.rl-subscribe")
            assert button.count() == 1 and button.is_visible(), path
            button.click()
            tab.wait_for_url(root + target)
        assert tab.locator(f"#tag-{tag}").is_visible()
        addresses = tab.locator(".rl-feed code").all_inner_texts()
        expected = [base_url + name for name in FEED_NAMES] + [
            f"{base_url}tags/{t}/feed.xml" for t in feed_folders(repo_site.site) if t]
        assert sorted(addresses) == sorted(expected)
        for address in addresses:  # each is a feed this site serves
            response = tab.request.get(root + "/" + address.removeprefix(base_url))
            assert response.status == 200, address
            assert response.body().startswith((b"<?xml", b"{"))
        tab.locator(f"#tag-{tag} button").click()
        tab.get_by_text("Copied to clipboard").wait_for(timeout=5000)
        assert tab.evaluate("navigator.clipboard.readText()") == f"{base_url}tags/{tag}/feed.xml"
    context.close()


# --- small projects ------------------------------------------------------------------------

def three_papers() -> dict[str, str]:
    return {"list.yaml": "".join([
        paper_yaml("old", "Old paper", "2024-01-05", ["a", "b"]),
        paper_yaml("mid", "Middle paper", "2024-02-10", ["a"],
                   authors=["Ada Lovelace", "Alan Turing"]),
        paper_yaml("new", "New paper", "2024-03-15", ["b"], org="Some Lab"),
    ])}


def test_adding_one_paper_puts_exactly_that_item_first(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", three_papers())
    before = feed_files(write_site(project, tmp_path / "before"))
    with (project / "content" / "papers" / "list.yaml").open("a", encoding="utf-8") as stream:
        stream.write(paper_yaml("newest", "Newest paper", "2024-04-01", ["a"]))
    after = feed_files(write_site(project, tmp_path / "after"))

    base = "https://example.github.io/reading-list/"
    for name in ("feed.xml", "tags/a/feed.xml", "atom.xml", "tags/a/atom.xml"):
        old, new = feedparser.parse(before[name]), feedparser.parse(after[name])
        assert [e.link for e in new.entries] == [f"{base}papers/newest/"] + [
            e.link for e in old.entries], name
        assert parsed_date(new.feed.updated_parsed) == date(2024, 4, 1), name
    for name in ("feed.xml", "tags/a/feed.xml"):
        old_items, new_items = before[name].split(b"<item>"), after[name].split(b"<item>")
        assert new_items[2:] == old_items[1:], f"{name}: older items unchanged, byte for byte"
    for name in ("feed.json", "tags/a/feed.json"):
        old_json, new_json = json.loads(before[name]), json.loads(after[name])
        assert new_json["items"][1:] == old_json["items"], name
        assert new_json["items"][0]["id"] == f"{base}papers/newest/"
    for name in ("feed.xml", "atom.xml", "feed.json"):
        assert after[f"tags/b/{name}"] == before[f"tags/b/{name}"], "other tags: no churn"


def test_items_carry_dates_authors_tags_and_order(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", three_papers())
    files = feed_files(write_site(project, tmp_path / "site"))
    rss = feedparser.parse(files["feed.xml"])
    atom = feedparser.parse(files["atom.xml"])
    for parsed in (rss, atom):
        assert [e.title for e in parsed.entries] == ["New paper", "Middle paper", "Old paper"]
        assert [parsed_date(e.published_parsed) for e in parsed.entries] == [
            date(2024, 3, 15), date(2024, 2, 10), date(2024, 1, 5)]
        assert [[t.term for t in e.tags] for e in parsed.entries] == [["b"], ["a"], ["a", "b"]]
        assert [a["name"] for a in parsed.entries[1].authors] == ["Ada Lovelace", "Alan Turing"]
        assert [a["name"] for a in parsed.entries[0].authors] == ["Some Lab"]
    item = ET.fromstring(files["feed.xml"]).find("channel/item")
    assert item is not None
    assert item.findtext("pubDate") == "Fri, 15 Mar 2024 00:00:00 +0000"
    guid = item.find("guid")
    assert guid is not None and guid.get("isPermaLink") == "true"
    assert b"<updated>2024-03-15T00:00:00Z</updated>" in files["atom.xml"]
    data = json.loads(files["feed.json"])
    check_json_feed(data, "https://example.github.io/reading-list/feed.json")
    assert data["items"][0]["date_published"] == "2024-03-15T00:00:00Z"
    assert data["items"][1]["authors"] == [{"name": "Ada Lovelace"}, {"name": "Alan Turing"}]
    assert json.loads(files["tags/a/feed.json"])["title"].endswith(": a")


def test_tricky_title_round_trips_through_every_feed(tmp_path: Path) -> None:
    abstract = "First: a < b && c ]]> d.\n\nSecond <script>alert(1)</script> paragraph."
    note = "Read **this**: <img src=x onerror=alert(1)> & `a<b`"
    papers = {"list.yaml": paper_yaml("tricky", TRICKY_TITLE, "2024-05-01", ["t"],
                                      abstract=abstract, note=note)}
    project = make_project(tmp_path / "project", papers)
    files = feed_files(write_site(project, tmp_path / "site"))
    for name in ("feed.xml", "atom.xml", "tags/t/feed.xml", "tags/t/atom.xml"):
        parsed = feedparser.parse(files[name])
        assert not parsed.bozo, f"{name}: {parsed.get('bozo_exception')!r}"
        entry = parsed.entries[0]
        assert entry.title == TRICKY_TITLE, name
        assert "<p>First: a &lt; b &amp;&amp; c ]]&gt; d.</p>" in entry.summary, name
        assert "&lt;script&gt;" in entry.summary and "<script" not in entry.summary, name
        assert "<strong>this</strong>" in entry.summary, name
        # a raw <img> in a note is cleaned: an image of the site itself, no handler
        assert "onerror" not in entry.summary and 'src="https://' in entry.summary, name
        assert "<code>a&lt;b</code>" in entry.summary, name
    for name in ("feed.json", "tags/t/feed.json"):
        item = json.loads(files[name])["items"][0]
        assert item["title"] == TRICKY_TITLE
        assert "<script" not in item["content_html"] and "onerror" not in item["content_html"]
    assert "🚀".encode() in files["feed.xml"], "UTF-8, not character references"


def test_control_characters_are_removed(tmp_path: Path) -> None:
    paper = Paper(id="ctl", title="Bell\x07 and\x0b tab\tok\x9f", added=date(2024, 1, 2),
                  source=Location("x.yaml", 1, 1), authors=("Null\x00 Person",),
                  abstract="Form\x0cfeed & <more>", note="note\x1b[31m")
    listing = build_listing(Content((paper,)))
    settings = Settings(site_name="Site\x01", site_url="https://example.org/x",
                        description="About\x02")
    files = build_feeds(listing, settings)
    for name in FEED_NAMES:
        text = files[name].decode("utf-8")
        assert not any(ch in text for ch in "\x00\x01\x02\x07\x0b\x0c\x1b\x9f"), name
    for name in ("feed.xml", "atom.xml"):
        ET.fromstring(files[name])  # well-formed
        parsed = feedparser.parse(files[name])
        assert not parsed.bozo, name
        assert parsed.entries[0].title == "Bell and tab\tok"
        assert parsed.feed.title == "Site"
        assert parsed.entries[0].link == "https://example.org/x/papers/ctl/"


def test_feed_size_limits_every_feed() -> None:
    papers = tuple(Paper(id=f"p{n}", title=f"Paper {n}", added=date(2024, 1, 10 - n),
                         source=Location("x.yaml", n, 1), tags=("t",)) for n in range(5))
    listing = build_listing(Content(papers))
    files = build_feeds(listing, Settings(site_url="https://example.org/", feed_size=2))
    assert sorted(files) == sorted([*FEED_NAMES, *(f"tags/t/{n}" for n in FEED_NAMES)])
    for name in ("feed.xml", "tags/t/atom.xml"):
        assert [e.link for e in feedparser.parse(files[name]).entries] == [
            "https://example.org/papers/p0/", "https://example.org/papers/p1/"]
    assert len(json.loads(files["tags/t/feed.json"])["items"]) == 2
    with pytest.raises(SettingsError, match="feed_size"):
        settings_from({"site_url": "https://example.org/"}, {"feed_size": 0})


@pytest.mark.parametrize("site_url", [None, "", "/reading-list/", "example.org/list"])
def test_feeds_need_an_absolute_site_url(site_url: str | None) -> None:
    with pytest.raises(SettingsError) as caught:
        settings_from({"site_url": site_url}, {})
    assert str(caught.value).startswith("mkdocs.yml:1:1: site_url: feeds need ")
    assert "https://USER.github.io/REPO/" in str(caught.value)


@pytest.mark.slow
def test_missing_site_url_stops_both_builds_with_what_to_set(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", three_papers(), config={"site_url": None})
    build = mkdocs_build(project)
    assert build.returncode != 0
    assert "site_url: feeds need the site's public address" in build.output
    assert "site_url: https://USER.github.io/REPO/" in build.output
    assert "Traceback" not in build.output
    done = run_cli(project, "write", str(tmp_path / "out"))
    assert done.returncode == 2
    assert "site_url: feeds need the site's public address" in done.stdout + done.stderr
    assert not (tmp_path / "out").exists()


def test_links_in_notes_become_absolute() -> None:
    note = ("Compare with [the other](other.md#method), [a tag](../tags/t/index.md), "
            "[above](#abstract) and [arXiv](https://arxiv.org/abs/2401.00001).")
    paper = Paper(id="p", title="P", added=date(2024, 1, 2), source=Location("x.yaml", 1, 1),
                  note=note)
    listing = build_listing(Content((paper,)))
    files = build_feeds(listing, Settings(site_url="https://example.org/list"))
    content = json.loads(files["feed.json"])["items"][0]["content_html"]
    base = "https://example.org/list/"
    for href in (f"{base}papers/other/#method", f"{base}tags/t/", f"{base}papers/p/#abstract",
                 "https://arxiv.org/abs/2401.00001"):
        assert f'href="{href}"' in content


def test_feed_items_hold_the_note_the_abstract_and_the_long_note_in_page_order() -> None:
    paper = Paper(id="p", title="P", added=date(2024, 1, 2), source=Location("x.yaml", 1, 1),
                  abstract="An abstract.", note="Short **note**.")
    long_note = Note("p", "See [the method](#method).\n\n<script>alert(1)</script> *done*",
                     Location("notes/p.md", 1, 1), heading="Why <it> matters")
    listing = build_listing(Content((paper,), {"p": long_note}))
    files = build_feeds(listing, Settings(site_url="https://example.org/list"))
    content = json.loads(files["feed.json"])["items"][0]["content_html"]
    order = [content.index(part) for part in (
        "<strong>Curator’s note</strong>", "<strong>note</strong>", "<p>An abstract.</p>",
        "<strong>Why &lt;it&gt; matters</strong>",
        'href="https://example.org/list/papers/p/#method"', "<em>done</em>")]
    assert order == sorted(order)  # as the page shows them: note, abstract, long note
    assert "<script" not in content and "alert" not in content
    atom = feedparser.parse(files["atom.xml"])
    assert not atom.bozo and "Why &lt;it&gt; matters" in atom.entries[0].content[0].value
