"""The one fetcher for every URL dateline reads: feeds, sitemaps, list pages, stories and the
web app's ingest-by-URL.

Polite (robots.txt obeyed and cached, a per-host rate and concurrency cap, conditional GET,
gzip, a User-Agent naming the project and a contact) and guarded (every request and every
redirect goes only to a public address unless the operator allows others; a total time limit
and a size cap). One class, so no caller can forget a rule.
"""

from __future__ import annotations

import email.utils
import ipaddress
import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import httpx
import lxml.html
from lxml import etree
from protego import Protego

from dateline import __version__
from dateline.errors import DatelineError
from dateline.ingest.warc import HTML_TYPES

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
EVERYWHERE: tuple[IPNetwork, ...] = (
    ipaddress.ip_network("0.0.0.0/0"),
    ipaddress.ip_network("::/0"),
)
ROBOTS_BYTES = 512 * 1024  # Google reads the first 500 KiB of a robots.txt
ROBOTS_SECONDS = 3600.0
MAX_CRAWL_DELAY = 60.0
# Query parameters that only say where a click came from: dropped, so one story has one URL.
TRACKING = frozenset(
    {
        *("fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid"),
        *("igshid", "mc_cid", "mc_eid", "_ga", "_gl", "ocid", "cmpid", "s_cid", "ref_src"),
        *("ref_url", "smid", "spm", "at_medium", "at_campaign", "at_custom1", "guccounter"),
    }
)


class FetchError(DatelineError):
    """A URL could not be fetched; the message says why."""

    stage = "ingest"


class Refused(FetchError):
    """A fetch given up: refused by the guard or robots.txt, an error answer, too slow, too
    large, too many redirects. `reason` is for the operator and the source's record."""

    @property
    def reason(self) -> str:
        return str(self)


class Forbidden(Refused):
    """Refused by the address guard: asking again would be refused again."""


class _Retry(Exception):
    """A 429 or 5xx answer: worth asking again after `wait` seconds (None: backoff)."""

    def __init__(self, status: int, wait: float | None) -> None:
        super().__init__(status)
        self.status = status
        self.wait = wait


def _env(name: str, default: str) -> str:
    return os.environ.get(f"DATELINE_{name.upper()}") or default


@dataclass(frozen=True)
class Politeness:
    """How the fetcher behaves; defaults from `DATELINE_*` variables where an operator may
    want another value (contact, per-host interval, concurrency)."""

    allowed: tuple[IPNetwork, ...] = ()
    contact: str | None = field(default_factory=lambda: _env("contact", "") or None)
    # For a whole fetch: waits, retries and redirects included.
    timeout: float = field(default_factory=lambda: float(_env("fetch_timeout", "20")))
    read_timeout: float = 10.0  # for any one connect or read
    max_bytes: int = field(
        default_factory=lambda: int(_env("max_document_bytes", str(10 * 1024 * 1024)))
    )
    max_redirects: int = 5
    host_interval: float = field(default_factory=lambda: float(_env("fetch_interval", "1.0")))
    host_concurrency: int = field(default_factory=lambda: int(_env("fetch_concurrency", "2")))
    retries: int = 2
    max_retry_wait: float = 10.0  # a longer Retry-After gives up instead of waiting
    obey_robots: bool = True

    @property
    def user_agent(self) -> str:
        contact = f"; contact: {self.contact}" if self.contact else ""
        return f"dateline/{__version__} (conflict-event coder{contact})"


@dataclass
class Fetched:
    """One answer: 200 with its body, or 304 (not modified since the validators given)."""

    url: str
    final_url: str
    status: int
    body: bytes = b""
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


# --- the address guard (issue 16) --------------------------------------------------------


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
        raise Refused("no host")
    try:
        found = socket.getaddrinfo(host, url.port or 80, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise Refused(f"cannot resolve {host!r}: {error}") from None
    addresses = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in found]
    if not addresses:
        raise Refused(f"{host!r} has no address")
    refused = [
        str(a)
        for a in addresses
        if not is_public(a) and not any(a.version == n.version and a in n for n in allowed)
    ]
    if refused:
        raise Forbidden(f"{host!r} resolves to non-public {', '.join(refused)}")
    return str(addresses[0])


# --- URLs -------------------------------------------------------------------------------


def canonical_url(url: str) -> str:
    """One spelling per story: scheme and host lower-cased, default port, fragment and
    tracking parameters (utm_*, fbclid, ...) dropped; other parameters kept in order."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if ":" in host:
        host = f"[{host}]"
    port = parts.port
    if port and (scheme, port) not in (("http", 80), ("https", 443)):
        host = f"{host}:{port}"
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith("utm_") and k.lower() not in TRACKING
    ]
    return urlunsplit((scheme, host, parts.path or "/", urlencode(query), ""))


def link_canonical(html: bytes, base: str) -> str | None:
    """The page's own `<link rel=canonical>`, made absolute and canonical (None without)."""
    try:
        tree = lxml.html.fromstring(html)
    except (ValueError, etree.ParserError):
        return None
    for link in tree.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            found = str(httpx.URL(base).join(link.get("href").strip()))
            return canonical_url(found) if found.startswith(("http://", "https://")) else None
    return None


def media_type_of(name: str, declared: str | None, raw: bytes) -> str:
    """HTML when the name, the declared type or the first byte says so, else plain text."""
    lowered = name.lower()
    if lowered.endswith((".html", ".htm")) or (declared or "").split(";")[0] in HTML_TYPES:
        return "text/html"
    return "text/html" if raw.lstrip()[:1] == b"<" else "text/plain"


def retry_after(value: str | None) -> float | None:
    """Seconds a Retry-After header asks for (a number or an HTTP date), None without."""
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


# --- per-host limits and robots.txt -------------------------------------------------------


class _Host:
    def __init__(self, concurrency: int) -> None:
        self.slots = threading.BoundedSemaphore(concurrency)
        self.next_at = 0.0


class HostLimits:
    """At most `host_concurrency` requests at once and one start per interval, per host
    (host and port); shared by every fetcher given the same instance."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._hosts: dict[str, _Host] = {}
        self.log: list[tuple[str, float]] = []  # (host, start): the benchmark checks rates

    @contextmanager
    def slot(self, host: str, interval: float, concurrency: int, deadline: float) -> Iterator[None]:
        with self._lock:
            state = self._hosts.setdefault(host, _Host(concurrency))
        if not state.slots.acquire(timeout=max(0.0, deadline - time.monotonic())):
            raise Refused("took longer than the time allowed (waiting for the host)")
        try:
            with self._lock:
                now = time.monotonic()
                start = max(now, state.next_at)
                state.next_at = start + interval
                if len(self.log) < 100_000:
                    self.log.append((host, start))
            if start > deadline:
                raise Refused("took longer than the time allowed (waiting for the host)")
            time.sleep(start - now)
            yield
        finally:
            state.slots.release()


class RobotsCache:
    """Parsed robots.txt per site, kept `ROBOTS_SECONDS`; an unreachable or failing one
    (5xx) disallows the site for a minute, as RFC 9309 says, a missing one (4xx) allows."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._sites: dict[str, tuple[float, Protego | None, str]] = {}
        self._loading: dict[str, threading.Lock] = {}

    def loading(self, site: str) -> threading.Lock:
        """Held while a site's robots.txt is fetched, so threads do not fetch it twice."""
        with self._lock:
            return self._loading.setdefault(site, threading.Lock())

    def get(self, site: str) -> tuple[Protego | None, str] | None:
        with self._lock:
            found = self._sites.get(site)
        if found is None or found[0] < time.monotonic():
            return None
        return found[1], found[2]

    def put(self, site: str, rules: Protego | None, why: str, seconds: float) -> None:
        with self._lock:
            self._sites[site] = (time.monotonic() + seconds, rules, why)


# --- the fetcher --------------------------------------------------------------------------


class Fetcher:
    """Fetches URLs politely and safely; thread-safe, so a pool of threads can share one."""

    def __init__(
        self,
        policy: Politeness | None = None,
        hosts: HostLimits | None = None,
        robots: RobotsCache | None = None,
    ) -> None:
        self.policy = policy or Politeness()
        self.hosts = hosts or HostLimits()
        self.robots = robots or RobotsCache()
        self.client = httpx.Client(
            trust_env=False,
            follow_redirects=False,
            headers={"User-Agent": self.policy.user_agent, "Accept-Encoding": "gzip, deflate"},
        )

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def get(
        self,
        url: str,
        etag: str | None = None,
        last_modified: str | None = None,
        max_bytes: int | None = None,
    ) -> Fetched:
        """GET `url` (conditional when validators are given): 200 or 304, else Refused.
        429 and 5xx answers are asked again after Retry-After or a growing backoff, as
        long as the wait is short and the time allowed lasts."""
        if not url.lower().startswith(("http://", "https://")):
            raise Refused(f"{url!r}: only http:// and https:// addresses can be fetched")
        deadline = time.monotonic() + self.policy.timeout
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        limit = max_bytes or self.policy.max_bytes
        for attempt in range(self.policy.retries + 1):
            try:
                return self._follow(url, headers, limit, deadline, robots=True)
            except _Retry as answer:
                wait = answer.wait if answer.wait is not None else 0.5 * 2**attempt
                last = attempt == self.policy.retries
                if last or wait > self.policy.max_retry_wait or _left(deadline) <= wait:
                    tries = f"{attempt + 1} tr{'y' if attempt == 0 else 'ies'}"
                    raise Refused(f"answered {answer.status} ({tries}, then gave up)") from None
                time.sleep(wait)
            except httpx.TimeoutException:
                raise Refused("took longer than the time allowed") from None
            except (httpx.HTTPError, httpx.InvalidURL, OSError, ValueError) as error:
                raise Refused(f"{type(error).__name__}: {error}") from None
        raise AssertionError("unreachable")  # pragma: no cover

    def post(self, url: str, body: bytes, headers: dict[str, str]) -> int:
        """POST `body` once to `url` through the same guard (no robots.txt: this is no
        crawl); its status, redirects not followed. Refused when the guard or the time
        allowed says no, or the connection fails."""
        current = httpx.URL(url)
        if current.scheme not in ("http", "https"):
            raise Refused(f"{url!r}: only http:// and https:// addresses can be posted to")
        deadline = time.monotonic() + self.policy.timeout
        try:
            with self._send(current, headers, deadline, body=body) as response:
                return response.status_code  # its body is not read: the status is enough
        except httpx.TimeoutException:
            raise Refused("took longer than the time allowed") from None
        except (httpx.HTTPError, OSError, ValueError) as error:
            raise Refused(f"{type(error).__name__}: {error}") from None

    def _follow(
        self, url: str, headers: dict[str, str], limit: int, deadline: float, robots: bool
    ) -> Fetched:
        """Follow redirects by hand, each target checked by the guard and robots.txt."""
        current = httpx.URL(url)
        for _ in range(self.policy.max_redirects + 1):
            if current.scheme not in ("http", "https"):
                raise Refused(f"redirected to a {current.scheme!r} address")
            with self._send(current, headers, deadline, robots=robots) as response:
                if response.is_redirect and "location" in response.headers:
                    current = current.join(response.headers["location"])
                    continue
                return self._answer(url, current, response, limit, deadline)
        raise Refused(f"more than {self.policy.max_redirects} redirects (a redirect loop?)")

    def _answer(
        self, url: str, current: httpx.URL, response: httpx.Response, limit: int, deadline: float
    ) -> Fetched:
        status = response.status_code
        if status == 429 or 500 <= status < 600:
            raise _Retry(status, retry_after(response.headers.get("retry-after")))
        if status not in (200, 304):
            raise Refused(f"answered {status}")
        body = _read_capped(response, limit, deadline) if status == 200 else b""
        return Fetched(
            url,
            str(current),
            status,
            body,
            response.headers.get("content-type"),
            response.headers.get("etag"),
            response.headers.get("last-modified"),
        )

    @contextmanager
    def _send(
        self,
        url: httpx.URL,
        headers: dict[str, str],
        deadline: float,
        robots: bool = False,
        body: bytes | None = None,
    ) -> Iterator[httpx.Response]:
        """One request, a GET or (with a `body`) a POST, and every request goes through
        here: the host resolved once and refused unless allowed (`resolve_checked`, the
        address guard), robots.txt asked when `robots`, then the request sent to the checked
        address (a second lookup could answer differently: DNS rebinding), the host's name
        in Host and TLS SNI, inside the host's limits (a POST is no crawl: no interval)."""
        address = resolve_checked(url, self.policy.allowed)
        if robots and self.policy.obey_robots:
            self._check_robots(url, deadline)
        host = url.netloc.decode("ascii")
        delay = max(self.policy.host_interval, self._crawl_delay(url)) if body is None else 0.0
        with self.hosts.slot(host, delay, self.policy.host_concurrency, deadline):
            request = self.client.build_request(
                "GET" if body is None else "POST",
                url.copy_with(host=address),
                content=body,
                headers={**headers, "Host": host},
                extensions={"sni_hostname": url.raw_host.decode("ascii")},
                timeout=min(_left(deadline), self.policy.read_timeout),
            )
            response = self.client.send(request, stream=True)
        try:
            yield response
        finally:
            response.close()

    def _site(self, url: httpx.URL) -> str:
        return f"{url.scheme}://{url.netloc.decode('ascii')}"

    def _crawl_delay(self, url: httpx.URL) -> float:
        found = self.robots.get(self._site(url)) if self.policy.obey_robots else None
        if not found or found[0] is None:
            return 0.0
        delay = found[0].crawl_delay(self.policy.user_agent)
        return min(float(delay), MAX_CRAWL_DELAY) if delay else 0.0

    def _check_robots(self, url: httpx.URL, deadline: float) -> None:
        site = self._site(url)
        found = self.robots.get(site)
        if found is None:
            with self.robots.loading(site):
                found = self.robots.get(site) or self._load_robots(site, deadline)
        rules, why = found
        if rules is None:
            raise Refused(why)
        if not rules.can_fetch(str(url), self.policy.user_agent):
            raise Refused(f"robots.txt of {site} disallows {url.raw_path.decode('ascii')}")

    def _load_robots(self, site: str, deadline: float) -> tuple[Protego | None, str]:
        """Fetch and parse a site's robots.txt (through the same guard, no retries)."""
        try:
            answer = self._follow(f"{site}/robots.txt", {}, ROBOTS_BYTES, deadline, robots=False)
            rules: Protego | None = Protego.parse(answer.body.decode("utf-8", "replace"))
            why, seconds = "", ROBOTS_SECONDS
        except Refused as error:
            if str(error).startswith("answered 4"):
                rules, why, seconds = Protego.parse(""), "", ROBOTS_SECONDS
            else:
                rules, why, seconds = None, f"robots.txt of {site} unreadable: {error}", 60.0
        except _Retry as error:
            rules, why, seconds = None, f"robots.txt of {site} answered {error.status}", 60.0
        except (httpx.HTTPError, httpx.InvalidURL, OSError, ValueError) as error:
            rules, why, seconds = None, f"robots.txt of {site} unreachable: {error}", 60.0
        self.robots.put(site, rules, why, seconds)
        return rules, why


def _left(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise Refused("took longer than the time allowed")
    return left


def _read_capped(response: httpx.Response, limit: int, deadline: float) -> bytes:
    """The body, decompressed, refused once it passes `limit` bytes or the deadline."""
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit and "content-encoding" not in response.headers:
        raise Refused(f"declares {declared} bytes, over {limit:,}")
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > limit:
            raise Refused(f"larger than {limit:,} bytes")
        chunks.append(chunk)
        _left(deadline)
    return b"".join(chunks)
