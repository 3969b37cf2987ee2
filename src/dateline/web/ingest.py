"""Ingest one page from the web app or the API: analyse it and store the outcome.

The same `analyze` and `save_result` as the CLI; a page that cannot be analysed is stored as
failed with its reason, exactly as `dateline ingest` does.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
import time
from dataclasses import dataclass, field

import httpx
from sqlalchemy import Engine, select

from dateline.errors import DatelineError
from dateline.model import Article, Document, Failure
from dateline.pipeline import analyze
from dateline.settings import Settings
from dateline.store import document_status, save_result
from dateline.store.schema import mentions

HTML_TYPES = ("text/html", "application/xhtml+xml")
FETCH_SECONDS = 20.0  # for a whole fetch, redirects included
READ_SECONDS = 10.0  # the longest wait for any one connect or read
MAX_REDIRECTS = 5
NEUTRAL = "refused, unreachable, too slow, too large, or not a page"
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
EVERYWHERE: tuple[IPNetwork, ...] = (
    ipaddress.ip_network("0.0.0.0/0"),
    ipaddress.ip_network("::/0"),
)
log = logging.getLogger(__name__)


class FetchError(DatelineError):
    """A URL given to ingest could not be fetched."""

    stage = "ingest"


@dataclass
class IngestOutcome:
    document_id: str
    outcome: str  # "new", "known" or "failed"
    reason: str | None = None
    event_ids: list[int] = field(default_factory=list)


def media_type_of(name: str, declared: str | None, raw: bytes) -> str:
    """HTML when the name, the declared type or the first byte says so, else plain text."""
    lowered = name.lower()
    if lowered.endswith((".html", ".htm")) or (declared or "").split(";")[0] in HTML_TYPES:
        return "text/html"
    return "text/html" if raw.lstrip()[:1] == b"<" else "text/plain"


class _Refused(Exception):
    """Why a fetch was given up (logged for the operator, never shown to the client)."""


def is_public(address: IPAddress) -> bool:
    """Whether an address is on the public internet: not loopback, private, link-local,
    shared, multicast, reserved or unspecified, also when an IPv6 address carries an IPv4
    one (mapped ::ffff:a.b.c.d, 6to4 2002::/16)."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is not None:
            return is_public(embedded)
    return address.is_global and not (address.is_multicast or address.is_reserved)


def allowed_networks(setting: str | None) -> tuple[IPNetwork, ...]:
    """DATELINE_ALLOW_PRIVATE_URLS read: "1" allows every address, a comma-separated list of
    networks ("10.1.0.0/16,127.0.0.1") only those; unset or empty, none."""
    if not setting or not setting.strip():
        return ()
    if setting.strip() == "1":
        return EVERYWHERE
    try:
        return tuple(ipaddress.ip_network(part.strip()) for part in setting.split(","))
    except ValueError as error:
        raise ValueError(f"DATELINE_ALLOW_PRIVATE_URLS: {error}") from None


def resolve_checked(url: httpx.URL, allowed: tuple[IPNetwork, ...] = ()) -> str:
    """The address to connect to for `url`: its host resolved once (every numeric spelling
    of an IP, such as 2130706433 or 0x7f.1, resolves to the address it means), refused
    unless every address it resolves to is public or inside an allowed network."""
    host = url.raw_host.decode("ascii")
    if not host:
        raise _Refused("no host")
    try:
        found = socket.getaddrinfo(host, url.port or 80, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise _Refused(f"cannot resolve {host!r}: {error}") from None
    addresses = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in found]
    if not addresses:
        raise _Refused(f"{host!r} has no address")
    refused = [
        str(a)
        for a in addresses
        if not is_public(a) and not any(a.version == n.version and a in n for n in allowed)
    ]
    if refused:
        raise _Refused(f"{host!r} resolves to non-public {', '.join(refused)}")
    return str(addresses[0])


def _pinned_request(
    client: httpx.Client, url: httpx.URL, address: str, timeout: float
) -> httpx.Request:
    """A GET of `url` sent to the address that was checked (a second lookup could answer
    differently: DNS rebinding), with the host's name in Host and in TLS SNI."""
    return client.build_request(
        "GET",
        url.copy_with(host=address),
        headers={"Host": url.netloc.decode("ascii")},
        extensions={"sni_hostname": url.raw_host.decode("ascii")},
        timeout=timeout,
    )


def _remaining(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise _Refused("took longer than the time allowed")
    return left


def _read_capped(response: httpx.Response, limit: int, deadline: float) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise _Refused(f"declares {declared} bytes, over {limit:,}")
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > limit:
            raise _Refused(f"larger than {limit:,} bytes")
        chunks.append(chunk)
        _remaining(deadline)
    return b"".join(chunks)


def _fetch_checked(
    url: str, limit: int, deadline: float, allowed: tuple[IPNetwork, ...]
) -> tuple[bytes, str | None]:
    """The body and declared type of `url`, following up to MAX_REDIRECTS redirects, each
    target checked like the first; no proxy from the environment is used."""
    current = httpx.URL(url)
    with httpx.Client(trust_env=False, follow_redirects=False) as client:
        for _ in range(MAX_REDIRECTS + 1):
            if current.scheme not in ("http", "https"):
                raise _Refused(f"redirected to a {current.scheme!r} address")
            address = resolve_checked(current, allowed)
            timeout = min(_remaining(deadline), READ_SECONDS)
            request = _pinned_request(client, current, address, timeout)
            response = client.send(request, stream=True)
            try:
                if response.is_redirect and "location" in response.headers:
                    current = current.join(response.headers["location"])
                    continue
                if response.status_code != 200:
                    raise _Refused(f"answered {response.status_code}")
                raw = _read_capped(response, limit, deadline)
                return raw, response.headers.get("content-type")
            finally:
                response.close()
    raise _Refused(f"more than {MAX_REDIRECTS} redirects")


def fetch(
    url: str,
    settings: Settings,
    timeout: float = FETCH_SECONDS,
    allowed: tuple[IPNetwork, ...] = (),
) -> Document:
    """Download one page (http or https only, at most max_document_bytes, within `timeout`
    seconds in all) from a public address; see `resolve_checked`.

    Every failure gives the same message, so the answers cannot be used to scan ports or
    tell hosts apart; the reason goes to the server's log."""
    if not url.lower().startswith(("http://", "https://")):
        raise FetchError(f"{url!r}: only http:// and https:// addresses can be fetched")
    deadline = time.monotonic() + timeout
    try:
        raw, declared = _fetch_checked(url, settings.max_document_bytes, deadline, allowed)
    except (_Refused, httpx.HTTPError, httpx.InvalidURL, OSError, ValueError) as error:
        log.warning("ingest: fetching %s failed: %s", url, error or type(error).__name__)
        raise FetchError(f"could not fetch {url}: {NEUTRAL}") from None
    return Document.from_bytes(raw, url, media_type_of(url, declared, raw), {"url": url})


def ingest_document(engine: Engine, document: Document, settings: Settings) -> IngestOutcome:
    """Analyse and store one document; never raises for a bad page."""
    failure: Failure | None = None
    article: Article | None = None
    with engine.connect() as conn:
        known = document_status(conn, document.id) == "analyzed"
    try:
        if not known:  # a page stored before is not analysed again
            article = analyze(document, settings=settings)
    except DatelineError as error:
        reason = str(error) or type(error).__name__
        failure = Failure(
            document.id, document.uri, error.stage, reason, document.raw, document.media_type
        )
    with engine.begin() as conn:
        outcome = "known" if known else save_result(conn, document, article, failure)
        query = (
            select(mentions.c.event_id)
            .where(mentions.c.document_id == document.id, mentions.c.event_id.is_not(None))
            .distinct()
        )
        event_ids = sorted(conn.execute(query).scalars())
    return IngestOutcome(document.id, outcome, failure.reason if failure else None, event_ids)
