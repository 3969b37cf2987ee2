"""`dateline watch` against a site on loopback (issue 18, points 3 and 5): feeds, a news
sitemap and a list page; every fault (a slow source, garbage, a malformed feed, a 10 MB page,
a redirect loop, robots.txt, a 500, a redirect to a private address) is recorded with its
reason while the rest goes on; a second pass stores nothing twice; SIGTERM mid-poll loses
nothing and the next run resumes without fetching a story again."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select, update

from dateline.ingest.fetch import Fetcher
from dateline.ingest.watch import Watcher
from dateline.pipeline import analyze
from dateline.store import connect
from dateline.store import sources as store
from dateline.store.schema import documents, events, source_items, sources
from tests.ingest.conftest import polite

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "pages"
STORIES = sorted(p for p in SAMPLES.iterdir() if p.suffix in (".html", ".txt"))
HTML = {"Content-Type": "text/html"}
XML = {"Content-Type": "application/xml"}


def rss(base: str, paths: list[str]) -> bytes:
    items = "".join(f"<item><title>{p}</title><link>{base}{p}</link></item>" for p in paths)
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>wire</title>'
        f"<link>{base}/</link><description>d</description>{items}</channel></rss>"
    ).encode()


def atom(base: str, paths: list[str]) -> bytes:
    entries = "".join(
        f'<entry><title>{p}</title><id>{base}{p}</id><link href="{base}{p}"/>'
        "<updated>2024-05-07T09:00:00Z</updated></entry>"
        for p in paths
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>desk</title><id>{base}/atom</id><updated>2024-05-07T09:00:00Z</updated>"
        f"{entries}</feed>"
    ).encode()


def news_sitemap(base: str, paths: list[str]) -> bytes:
    urls = "".join(
        f"<url><loc>{base}{p}</loc><news:news><news:publication>"
        "<news:name>Desk</news:name><news:language>en</news:language></news:publication>"
        "<news:publication_date>2024-05-07</news:publication_date>"
        f"<news:title>{p}</news:title></news:news></url>"
        for p in paths
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
        f"{urls}</urlset>"
    ).encode()


def serve_stories(site, delay: float = 0.0) -> list[str]:
    """Every sample page at /story/N; with `delay`, each answer takes that long."""
    paths = []
    for number, page in enumerate(STORIES):
        kind = "text/html" if page.suffix == ".html" else "text/plain"
        body = page.read_bytes()
        path = f"/story/{number}"
        paths.append(path)
        if delay:

            def slow(handler, body=body, kind=kind) -> None:
                time.sleep(delay)
                handler.answer(200, {"Content-Type": kind}, body)

            site.routes[path] = slow
        else:
            site.routes[path] = (200, {"Content-Type": kind}, body)
    return paths


def slow_feed(handler) -> None:
    time.sleep(3)
    handler.send_response(200)
    handler.end_headers()


def add(engine: Engine, name: str, kind: str, url: str) -> None:
    with engine.begin() as conn:
        store.add_source(conn, name, kind, url, "en", "test", 60)


def watcher(engine: Engine) -> Watcher:
    policy = polite(timeout=2.0, retries=1, max_retry_wait=1.0)
    return Watcher(engine, Fetcher(policy), analyze, workers=4)


def items(engine: Engine) -> dict[str, tuple[str, str | None]]:
    with engine.connect() as conn:
        rows = conn.execute(select(source_items.c.url, source_items.c.state, source_items.c.reason))
        return {url.split("/", 3)[3]: (state, reason) for url, state, reason in rows}


def test_watch_stores_each_story_once_and_records_every_fault(site, engine: Engine) -> None:
    stories = serve_stories(site)
    base = site.base
    site.routes["/robots.txt"] = (200, {}, b"User-agent: *\nDisallow: /private/\n")
    site.routes["/feed.xml"] = (
        200,
        {**XML, "ETag": '"feed-1"'},
        rss(base, [*stories[:3], f"{stories[0]}?utm_source=rss", "/huge", "/loop"]),
    )
    site.routes["/atom.xml"] = (200, XML, atom(base, [stories[2], stories[3], "/private/x"]))
    site.routes["/news-sitemap.xml"] = (
        200,
        XML,
        news_sitemap(base, [stories[4], "/broken", "/away"]),
    )
    links = "".join(f'<a href="{p}">story</a>' for p in [stories[1], stories[5]])
    site.routes["/latest"] = (
        200,
        HTML,
        f"<html><body><a href='/'>home</a>{links}</body></html>".encode(),
    )
    site.routes["/huge"] = (200, HTML, b"<p>" + b"x" * 10_500_000 + b"</p>")
    site.routes["/loop"] = (302, {"Location": "/loop"}, b"")
    site.routes["/broken"] = (500, {}, b"oops")
    site.routes["/away"] = (302, {"Location": "http://[::1]:9/admin"}, b"")
    site.routes["/garbage"] = (200, XML, bytes(range(256)) * 40)
    site.routes["/malformed.xml"] = (200, XML, b"<rss><channel><item><link>oops</rss")
    site.routes["/slow.xml"] = slow_feed
    add(engine, "wire", "feed", f"{base}/feed.xml")
    add(engine, "desk", "feed", f"{base}/atom.xml")
    add(engine, "news", "sitemap", f"{base}/news-sitemap.xml")
    add(engine, "front", "links", f"{base}/latest")
    add(engine, "garbage", "feed", f"{base}/garbage")
    add(engine, "malformed", "feed", f"{base}/malformed.xml")
    add(engine, "slow", "feed", f"{base}/slow.xml")

    first = watcher(engine).poll_due()

    assert first.stored == 6
    seen = items(engine)
    assert {p: seen[p.lstrip("/")][0] for p in stories[:6]} == dict.fromkeys(stories[:6], "done")
    assert "utm_source" not in str(seen)  # the tracking copy is the same story
    assert "over 10,485,760" in seen["huge"][1] and "redirect loop" in seen["loop"][1]
    assert "robots.txt" in seen["private/x"][1] and "answered 500" in seen["broken"][1]
    assert "non-public" in seen["away"][1]
    with engine.connect() as conn:
        health = {s["name"]: s for s in store.list_sources(conn)}
        assert conn.execute(select(func.count()).select_from(events)).scalar() > 0
    assert "not a readable feed" in health["garbage"]["last_error"]
    assert "not a readable feed" in health["malformed"]["last_error"]
    assert "time allowed" in health["slow"]["last_error"]
    assert (
        health["wire"]["errors"] == 0 and health["wire"]["last_new_items"] == 5
    )  # 3 stories, 2 faults
    assert health["wire"]["next_poll_at"] > datetime.now(UTC)

    with engine.begin() as conn:  # every source due again: a second pass
        conn.execute(update(sources).values(next_poll_at=datetime(2000, 1, 1, tzinfo=UTC)))
    second = watcher(engine).poll_due()

    assert second.stored == 0 and all(p.new == 0 for p in second.polls)
    for path in stories[:6]:
        assert site.paths().count(path) == 1, path
    feed_hits = [headers for path, headers, _ in site.hits if path == "/feed.xml"]
    assert feed_hits[1].get("If-None-Match") == '"feed-1"'
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(documents)).scalar() == 6


def test_sigterm_mid_poll_loses_nothing_and_the_next_run_resumes(site, tmp_path: Path) -> None:
    stories = serve_stories(site, delay=0.4)
    site.routes["/feed.xml"] = (200, XML, rss(site.base, stories))
    url = f"sqlite:///{tmp_path / 'watch.db'}"
    engine = connect(url)
    add(engine, "wire", "feed", f"{site.base}/feed.xml")
    env = {
        **os.environ,
        "DATELINE_ALLOW_PRIVATE_URLS": "127.0.0.1",
        "DATELINE_FETCH_INTERVAL": "0",
        "DATELINE_CLASSIFIER_MODE": "off",
    }
    command = [sys.executable, "-m", "dateline.cli", "watch", "--workers", "1", "--db", url]
    running = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and running.poll() is None:
            if any(state == "done" for state, _ in items(engine).values()):
                break
            time.sleep(0.1)
        running.send_signal(signal.SIGTERM)
        output, errors = running.communicate(timeout=60)
    finally:
        if running.poll() is None:
            running.kill()
    assert running.returncode == 0, errors.decode()
    assert b"stopped" in output
    states = [state for state, _ in items(engine).values()]
    assert states.count("done") >= 1 and "pending" in states and "failed" not in states
    assert len(states) == len(stories)  # nothing lost: every link is recorded

    again = subprocess.run(
        [*command[:4], "--once", *command[4:]], env=env, capture_output=True, timeout=300
    )
    assert again.returncode == 0, again.stderr.decode()
    assert [state for state, _ in items(engine).values()] == ["done"] * len(stories)
    for path in stories:
        assert site.paths().count(path) == 1, path
    engine.dispose()


@pytest.mark.parametrize("kind", ["feed", "sitemap", "links"])
def test_an_unchanged_listing_is_not_read_again(site, engine: Engine, kind: str) -> None:
    body = {
        "feed": rss(site.base, []),
        "sitemap": news_sitemap(site.base, []),
        "links": b"<html><body>no links</body></html>",
    }[kind]

    def listing(handler) -> None:
        fresh = handler.headers.get("If-Modified-Since") == "Tue, 07 May 2024 09:00:00 GMT"
        validators = {"Last-Modified": "Tue, 07 May 2024 09:00:00 GMT"}
        handler.answer(304 if fresh else 200, validators, b"" if fresh else body)

    site.routes["/listing"] = listing
    add(engine, "one", kind, f"{site.base}/listing")
    for _ in range(2):
        report = watcher(engine).poll_due()
        assert report.polls[0].error is None
        with engine.begin() as conn:
            conn.execute(update(sources).values(next_poll_at=datetime(2000, 1, 1, tzinfo=UTC)))
    assert site.paths().count("/listing") == 2
