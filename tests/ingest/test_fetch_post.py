"""The fetcher's POST (what webhooks send through): the same address guard as every GET,
so a post to a private address is refused before any connection; an allowed one is sent
once to the checked address with its body, and a redirect is answered, not followed."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator

import pytest

from dateline.ingest.fetch import Fetcher, Forbidden, Refused
from tests.conftest import LoopbackHTTPServer, serve_posts
from tests.ingest.conftest import polite


@pytest.fixture
def receiver() -> Iterator[LoopbackHTTPServer]:
    with serve_posts(status=202) as server:
        yield server


def test_a_post_to_a_private_address_is_refused_before_any_connection(receiver) -> None:
    with Fetcher(polite(allowed=())) as fetcher:  # nothing private allowed
        with pytest.raises(Forbidden, match=r"non-public 127\.0\.0\.1"):
            fetcher.post(receiver.base + "/hook", b"{}", {})
        for url in (
            "http://10.0.0.1/hook",
            "http://169.254.169.254/latest/meta-data",
            "http://[::1]:9/hook",
            "http://[::ffff:127.0.0.1]:9/hook",
            "http://2130706433:9/hook",  # 127.0.0.1 spelt as one number
        ):
            with pytest.raises(Forbidden, match="non-public"):
                fetcher.post(url, b"{}", {})
    only_this = (ipaddress.ip_network("127.0.0.1/32"),)
    with Fetcher(polite(allowed=only_this)) as fetcher:
        with pytest.raises(Forbidden, match="non-public ::1"):
            fetcher.post("http://[::1]:9/hook", b"{}", {})
        with pytest.raises(Refused, match="only http"):
            fetcher.post("file:///etc/passwd", b"{}", {})
    assert receiver.posts == []


def test_an_allowed_post_is_sent_once_and_a_redirect_is_not_followed(receiver) -> None:
    with Fetcher(polite()) as fetcher:
        sent = fetcher.post(receiver.base + "/hook", b'{"a": 1}', {"X-Test": "yes"})
        receiver.status = 302
        moved = fetcher.post(receiver.base + "/hook", b"{}", {})
    assert (sent, moved) == (202, 302)
    assert [path for path, _, _ in receiver.posts] == ["/hook", "/hook"]  # not /elsewhere
    _, headers, body = receiver.posts[0]
    assert body == b'{"a": 1}' and headers["X-Test"] == "yes"
    assert headers["Host"] == receiver.base.removeprefix("http://")
    assert headers["User-Agent"].startswith("dateline/")
