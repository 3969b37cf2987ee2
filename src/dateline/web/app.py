"""`create_app(settings)`: the FastAPI app over the same database the CLI writes."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import quote, urlsplit

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders
from starlette.middleware.sessions import SessionMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from dateline.ingest.fetch import Politeness
from dateline.store import connect
from dateline.web import (
    api,
    feed_keys_api,
    feeds,
    pages,
    saved_filters_api,
    sources_api,
    sources_pages,
)
from dateline.web.auth import LoginRequired
from dateline.web.config import WebSettings
from dateline.web.gate import RequestGate
from dateline.web.notify import Notifier, NotifyAfterWrites
from dateline.web.throttle import LoginThrottle

STATIC = Path(__file__).resolve().parent / "static"


def content_security_policy(tile_url: str | None) -> str:
    """Scripts only from this server (an injected inline <script> never runs); images also
    from the configured tile server."""
    images = "'self' data:"
    if tile_url:
        parts = urlsplit(tile_url.replace("{s}", "a"))
        host = parts.netloc.replace("a.", "*.", 1) if "{s}" in tile_url else parts.netloc
        images += f" {parts.scheme}://{host}"
    return (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        f"img-src {images}; connect-src 'self'; object-src 'none'; base-uri 'self'; "
        "frame-ancestors 'none'; form-action 'self'"
    )


# Answers that may be kept in a browser's or a proxy's cache: the bundled scripts, styles
# and outlines, the same for everyone. Everything else is a user's data (pages, API
# answers, exports) and is `no-store`, so a shared computer's cache or a proxy keeps none.
CACHEABLE_PREFIXES = ("/static/",)
NO_STORE = {"Cache-Control": "no-store"}


class SecurityHeaders:
    """Adds headers to every HTTP answer as it starts (plain ASGI), and `Cache-Control:
    no-store` to every answer outside `CACHEABLE_PREFIXES`.

    Not Starlette's `@app.middleware("http")`: that one ends a streamed body cleanly when
    the app fails half-way, so a cut export looked whole; here the error reaches the server,
    which drops the connection."""

    def __init__(self, app: ASGIApp, headers: dict[str, str]) -> None:
        self.app = app
        self.headers = headers
        self.uncached = {**headers, **NO_STORE}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        cacheable = scope["path"].startswith(CACHEABLE_PREFIXES)
        added = self.headers if cacheable else self.uncached

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in added.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)


def settle_memory() -> None:
    """Exempt what the server holds from its start (spaCy, the gazetteer, the routes: some
    200,000 objects) from Python's cycle collector, which otherwise walked them all on every
    full collection while every request waited: 50-100 ms, every few seconds under load
    (bench.load, 20 clients), more than the p99 latency the API aims at. Objects made later
    are collected as before. Run once the app is built, in each server process."""
    gc.collect()
    gc.freeze()


def create_app(settings: WebSettings | None = None) -> FastAPI:
    """The web app: JSON API under /api, pages, static files under /static."""
    settings = settings or WebSettings()
    # Parsed first: a mistyped DATELINE_ALLOW_PRIVATE_URLS stops the start, not a fetch.
    networks = settings.allowed_networks
    engine = connect(settings.database_url)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        settle_memory()
        yield
        engine.dispose()

    app = FastAPI(
        lifespan=lifespan,
        title="dateline",
        summary="Conflict events from news pages, each traceable to its source sentences.",
        version="0.1.0",
        # Swagger UI and ReDoc load their scripts from a CDN: nothing here may need the internet.
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.login_throttle = LoginThrottle()
    app.state.allowed_networks = networks
    policy = content_security_policy(settings.tile_url)

    # Outermost last: the headers on every answer, the session, then the gate (which needs
    # the session to know who asks).
    app.add_middleware(RequestGate)
    app.add_middleware(NotifyAfterWrites, notifier=Notifier(engine, Politeness(allowed=networks)))
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.secret_key,
        session_cookie="dateline_session",
        max_age=settings.session_max_age,
        same_site="lax",
        https_only=settings.https_only,
    )
    app.add_middleware(
        SecurityHeaders,
        headers={
            "Content-Security-Policy": policy,
            "X-Content-Type-Options": "nosniff",
            "X-Frame-Options": "DENY",
            "Referrer-Policy": "same-origin",
        },
    )

    @app.exception_handler(LoginRequired)
    async def to_login(_request: Request, error: LoginRequired) -> Response:
        return RedirectResponse(f"/login?next={quote(error.next_path, safe='')}", 303)

    app.include_router(feeds.router)  # before api: /events.atom is not an export format
    app.include_router(api.router)
    app.include_router(sources_api.router)
    app.include_router(feed_keys_api.router)
    app.include_router(saved_filters_api.router)
    app.include_router(pages.router)
    app.include_router(sources_pages.router)
    STATIC.mkdir(parents=True, exist_ok=True)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app
