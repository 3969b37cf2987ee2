"""Webhooks of saved filters (issue 18, point 4): each new or changed event matching a saved
filter is POSTed as JSON to the filter's URL, signed `X-Dateline-Signature: sha256=HEX`
(HMAC-SHA256 of the body with the filter's secret), through the fetcher's address guard.

`notify` queues what changed since each filter last looked, then delivers: a 2xx answer is
delivered; no answer, a 429 or a 5xx is tried again after 1, 2, 4 ... seconds (`Backoff`,
4 tries); a redirect (never followed), another 4xx or an address the guard refuses is not.
A delivery given up is failed, with the answer or the error kept for the API and the
sources page. `dateline watch` calls it after every pass, the web app after a correction."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Engine

from dateline.ingest.fetch import Fetcher, Forbidden, Refused
from dateline.store import saved_filters as store
from dateline.store.queries import EventFilter, event_detail

SIGNATURE = "X-Dateline-Signature"
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Backoff:
    """How often and how patiently a delivery is tried: `attempts` tries, `first` seconds
    before the second, doubling, never more than `longest` between two."""

    attempts: int = 4
    first: float = 1.0
    longest: float = 30.0

    def wait(self, attempt: int) -> float:
        return min(self.first * 2 ** (attempt - 1), self.longest)


def sign(secret: str, body: bytes) -> str:
    """The signature header's value: `sha256=` and the hex HMAC-SHA256 of the body."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def filter_of(params: dict[str, str]) -> EventFilter:
    """A stored query (the keys of /api/events, checked when saved) as a filter."""
    values: dict[str, Any] = dict(params)
    for day in ("since", "until"):
        if values.get(day):
            values[day] = date.fromisoformat(values[day])
    if values.get("min_fatalities") is not None:
        values["min_fatalities"] = int(values["min_fatalities"])
    values["include_rejected"] = str(values.get("include_rejected", "")).lower() == "true"
    return EventFilter(**values)


def _plain(value: Any) -> str:
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


def payload(name: str, event: dict[str, Any]) -> bytes:
    """The JSON body: the saved filter's name and the event's full record."""
    return json.dumps({"filter": name, "event": event}, default=_plain).encode()


def queue_changes(engine: Engine) -> int:
    """Queue a delivery for every event changed since each filter last looked; how many."""
    queued = 0
    with engine.begin() as conn:
        for saved in store.all_saved_filters(conn):
            wanted = filter_of(saved["query"])
            changes = store.changed_events(conn, wanted, saved["checked_until"])
            queued += store.queue_deliveries(conn, saved["id"], changes)
    return queued


@dataclass(frozen=True)
class Attempt:
    """One POST's outcome: the status (None without an answer) and why it failed."""

    status: int | None
    error: str | None = None
    forbidden: bool = False  # refused by the address guard

    @property
    def worth_retrying(self) -> bool:
        """A failed connection, a timeout, a 429 or a 5xx may pass later; a refused
        address, a redirect (never followed) or another 4xx will not."""
        if self.error is None or self.forbidden:
            return False
        return self.status is None or self.status == 429 or self.status >= 500


def attempt(fetcher: Fetcher, item: dict[str, Any], body: bytes) -> Attempt:
    """One signed POST of `body` to the item's webhook."""
    headers = {
        "Content-Type": "application/json",
        SIGNATURE: sign(item["secret"], body),
        "X-Dateline-Delivery": str(item["id"]),
    }
    try:
        status = fetcher.post(item["webhook_url"], body, headers)
    except Forbidden as error:
        return Attempt(None, error.reason, forbidden=True)
    except Refused as error:
        return Attempt(None, error.reason)
    return Attempt(status) if 200 <= status < 300 else Attempt(status, f"answered {status}")


def deliver(engine: Engine, fetcher: Fetcher, item: dict[str, Any], backoff: Backoff) -> bool:
    """Deliver one queued event, with its retries; the outcome stored. True if delivered."""
    with engine.connect() as conn:
        event = event_detail(conn, item["event_id"])
    if event is None:
        with engine.begin() as conn:
            store.finish_delivery(conn, item["id"], "failed", 0, None, "the event is gone")
        return False
    body = payload(item["name"], event)
    tries = 0
    while True:
        tries += 1
        outcome = attempt(fetcher, item, body)
        if not outcome.worth_retrying or tries == backoff.attempts:
            break
        time.sleep(backoff.wait(tries))
    if outcome.error:
        log.warning("webhook %s: event %s: %s", item["name"], item["event_id"], outcome.error)
    state = "delivered" if outcome.error is None else "failed"
    with engine.begin() as conn:
        store.finish_delivery(conn, item["id"], state, tries, outcome.status, outcome.error)
    return outcome.error is None


def notify(engine: Engine, fetcher: Fetcher, backoff: Backoff | None = None) -> dict[str, int]:
    """Queue what changed, then deliver everything queued (left over by a stopped run too)."""
    queued = queue_changes(engine)
    with engine.connect() as conn:
        pending = store.pending_deliveries(conn)
    delivered = sum(deliver(engine, fetcher, item, backoff or Backoff()) for item in pending)
    return {"queued": queued, "delivered": delivered, "failed": len(pending) - delivered}
