"""The polite fetcher (issue 18, point 2) against a real server on loopback: robots.txt,
per-host rate and concurrency, conditional GET, gzip, User-Agent, time and size caps,
retries on 429/5xx with Retry-After, the address guard on every redirect, canonical URLs."""

from __future__ import annotations

import gzip
import ipaddress
import itertools
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from dateline.ingest.fetch import (
    Fetcher,
    Politeness,
    Refused,
    canonical_url,
    link_canonical,
)
from tests.ingest.conftest import polite

PAGE = b"<html><head><title>t</title></head><body><p>Story.</p></body></html>"
HTML = {"Content-Type": "text/html"}


def test_a_page_with_user_agent_gzip_and_robots_read_once(site) -> None:
    site.routes["/a"] = (200, {**HTML, "Content-Encoding": "gzip"}, gzip.compress(PAGE))
    site.routes["/b"] = (200, HTML, PAGE)
    with Fetcher(polite()) as fetcher:
        assert fetcher.get(f"{site.base}/a").body == PAGE
        assert fetcher.get(f"{site.base}/b").content_type == "text/html"
    assert site.paths() == ["/robots.txt", "/a", "/b"]
    agent = site.hits[1][1]["User-Agent"]
    assert agent.startswith("dateline/") and "desk@example.org" in agent
    assert "gzip" in site.hits[1][1]["Accept-Encoding"]


def test_robots_txt_is_obeyed(site) -> None:
    rules = b"User-agent: *\nDisallow: /private/\n"
    site.routes["/robots.txt"] = (200, {"Content-Type": "text/plain"}, rules)
    site.routes["/private/story"] = (200, HTML, PAGE)
    site.routes["/redirect"] = (302, {"Location": "/private/story"}, b"")
    with Fetcher(polite()) as fetcher:
        with pytest.raises(Refused, match=r"robots\.txt .* disallows /private/story"):
            fetcher.get(f"{site.base}/private/story")
        with pytest.raises(Refused, match="disallows"):
            fetcher.get(f"{site.base}/redirect")
    assert "/private/story" not in site.paths() and site.paths().count("/robots.txt") == 1


def test_a_failing_robots_txt_disallows_the_site(site) -> None:
    site.routes["/robots.txt"] = (503, {}, b"down")
    site.routes["/a"] = (200, HTML, PAGE)
    with Fetcher(polite(retries=0)) as fetcher, pytest.raises(Refused, match=r"robots\.txt"):
        fetcher.get(f"{site.base}/a")
    assert "/a" not in site.paths()


def test_conditional_get(site) -> None:
    def feed(handler) -> None:
        fresh = handler.headers.get("If-None-Match") == '"v1"'
        validators = {"ETag": '"v1"', "Last-Modified": "Mon, 01 Jan 2024 00:00:00 GMT"}
        handler.answer(304 if fresh else 200, validators, b"" if fresh else PAGE)

    site.routes["/feed"] = feed
    with Fetcher(polite()) as fetcher:
        first = fetcher.get(f"{site.base}/feed")
        assert first.status == 200 and first.etag == '"v1"' and first.last_modified
        second = fetcher.get(
            f"{site.base}/feed", etag=first.etag, last_modified=first.last_modified
        )
    assert second.not_modified and second.body == b""
    assert site.hits[-1][1]["If-Modified-Since"] == "Mon, 01 Jan 2024 00:00:00 GMT"


def test_429_is_retried_after_the_time_it_asks(site) -> None:
    answers = iter([(429, {"Retry-After": "1"}, b"slow down"), (200, HTML, PAGE)])
    site.routes["/busy"] = lambda handler: handler.answer(*next(answers))
    began = time.monotonic()
    with Fetcher(polite()) as fetcher:
        assert fetcher.get(f"{site.base}/busy").body == PAGE
    assert time.monotonic() - began >= 1.0


def test_a_long_retry_after_or_a_lasting_500_gives_up(site) -> None:
    site.routes["/later"] = (429, {"Retry-After": "3600"}, b"")
    site.routes["/broken"] = (500, {}, b"oops")
    began = time.monotonic()
    with Fetcher(polite(retries=2)) as fetcher:
        with pytest.raises(Refused, match="answered 429"):
            fetcher.get(f"{site.base}/later")
        with pytest.raises(Refused, match=r"answered 500 \(3 tries"):
            fetcher.get(f"{site.base}/broken")
    assert site.paths().count("/later") == 1 and site.paths().count("/broken") == 3
    assert time.monotonic() - began < 5  # backoff 0.5 s, then 1 s


def test_time_size_and_redirect_limits(site) -> None:
    def slow(handler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.end_headers()
        try:
            for _ in range(100):
                handler.wfile.write(b"<p>drip</p>")
                handler.wfile.flush()
                time.sleep(0.2)
        except OSError:
            return

    site.routes["/slow"] = slow
    site.routes["/huge"] = (200, HTML, b"<p>" + b"a" * 10_500_000 + b"</p>")
    site.routes["/loop"] = (302, {"Location": "/loop2"}, b"")
    site.routes["/loop2"] = (301, {"Location": "/loop"}, b"")
    began = time.monotonic()
    with Fetcher(polite(timeout=1.0)) as fetcher, pytest.raises(Refused, match="time allowed"):
        fetcher.get(f"{site.base}/slow")
    assert time.monotonic() - began < 3
    with Fetcher(polite()) as fetcher:
        with pytest.raises(Refused, match="over 10,485,760"):
            fetcher.get(f"{site.base}/huge")
        with pytest.raises(Refused, match="redirect loop"):
            fetcher.get(f"{site.base}/loop")


def test_a_redirect_to_a_private_address_is_refused(site) -> None:
    only_this = (ipaddress.ip_network("127.0.0.1/32"),)
    site.routes["/away"] = (302, {"Location": "http://127.0.0.2:9/admin"}, b"")
    site.routes["/inside"] = (302, {"Location": "http://[::1]:9/admin"}, b"")
    with Fetcher(polite(allowed=only_this)) as fetcher:
        for path in ("/away", "/inside"):
            with pytest.raises(Refused, match="non-public"):
                fetcher.get(f"{site.base}{path}")
    with Fetcher(Politeness()) as fetcher, pytest.raises(Refused, match="non-public"):
        fetcher.get(f"{site.base}/away")  # nothing allowed: not even the first request
    assert site.paths().count("/away") == 1


def test_the_per_host_rate_and_concurrency(site) -> None:
    def pause(handler) -> None:
        time.sleep(0.3)
        handler.answer(200, HTML, PAGE)

    site.routes["/a"] = (200, HTML, PAGE)
    site.routes["/pause"] = pause
    with Fetcher(polite(host_interval=0.2)) as fetcher, ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda _: fetcher.get(f"{site.base}/a"), range(5)))
    starts = sorted(when for path, _, when in site.hits)
    assert all(b - a >= 0.15 for a, b in itertools.pairwise(starts))
    busy = []
    lock = threading.Lock()
    with Fetcher(polite(host_concurrency=1)) as fetcher, ThreadPoolExecutor(3) as pool:

        def timed(_: int) -> None:
            began = time.monotonic()
            fetcher.get(f"{site.base}/pause")
            with lock:
                busy.append((began, time.monotonic()))

        list(pool.map(timed, range(3)))
    ends = sorted(end for _, end in busy)
    assert ends[2] - ends[0] >= 0.55  # one at a time: 0.3 s each


def test_canonical_urls() -> None:
    url = "HTTPS://News.Example:443/a/story?id=7&utm_source=x&fbclid=y&UTM_Medium=z#top"
    assert canonical_url(url) == "https://news.example/a/story?id=7"
    assert canonical_url("http://news.example:8080") == "http://news.example:8080/"
    html = b'<html><head><link rel="Canonical" href="/story?utm_campaign=c"></head></html>'
    assert link_canonical(html, "http://news.example/amp/story") == "http://news.example/story"
    assert link_canonical(b"<html><p>none</p></html>", "http://news.example/") is None
    assert link_canonical(b"\x00\x01", "http://news.example/") is None
