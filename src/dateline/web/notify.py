"""After a write to an event succeeds (a correction, a confirmation, a merge: any POST to
`/api/events/...` or `/events/...` answered below 400), the saved filters' webhooks are
notified on a background thread: plain ASGI around the app, so no route has to remember it.
One notifier runs at a time; a write during a run makes it run once more."""

from __future__ import annotations

import logging
import threading

from sqlalchemy import Engine
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from dateline.ingest.fetch import Fetcher, Politeness
from dateline.ingest.webhooks import notify

WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
PREFIXES = ("/api/events/", "/events/")
log = logging.getLogger(__name__)


class Notifier:
    """Runs `notify` on a thread, never two at once, again if asked while running."""

    def __init__(self, engine: Engine, policy: Politeness) -> None:
        self.engine, self.policy = engine, policy
        self.lock = threading.Lock()
        self.again = threading.Event()
        self.thread: threading.Thread | None = None

    def poke(self) -> None:
        with self.lock:
            self.again.set()
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(target=self._run, name="webhooks", daemon=True)
                self.thread.start()

    def _run(self) -> None:
        while True:
            with self.lock:
                if not self.again.is_set():
                    return
                self.again.clear()
            try:
                with Fetcher(self.policy) as fetcher:
                    notify(self.engine, fetcher)
            except Exception:  # a notifier failure must not end the server's thread pool
                log.exception("webhooks: notifying failed")


class NotifyAfterWrites:
    """ASGI middleware: pokes the notifier after each successful write to an event."""

    def __init__(self, app: ASGIApp, notifier: Notifier) -> None:
        self.app, self.notifier = app, notifier

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] not in WRITES
            or not scope["path"].startswith(PREFIXES)
        ):
            await self.app(scope, receive, send)
            return
        status = 500

        async def noting(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        await self.app(scope, receive, noting)
        if status < 400:
            self.notifier.poke()
