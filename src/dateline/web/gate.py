"""The gate every write request passes before a byte of its body is read.

An unauthenticated `POST /api/ingest` with a 300 MB JSON body used to be read and parsed in
full before the log-in check answered 401. Here, plain ASGI and before any route runs: a
write needs a logged-in user or a valid API token (only the log-in form is open), and its
body is capped per route: a declared Content-Length over the cap is refused at once, and a
body that grows past it while being read stops with 413."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from dateline.web.auth import SAFE_METHODS, current_user
from dateline.web.config import WebSettings

OPEN_WRITES = frozenset({"/login"})  # the only write a visitor may make without a user
DEFAULT_BODY_LIMIT = 256 * 1024  # forms, corrections, replies (10,000 characters), tokens
FORM_OVERHEAD = 1024 * 1024  # multipart boundaries and the small fields beside a file


class BodyTooLarge(HTTPException):
    """Raised from `receive` when a body passes its cap; FastAPI passes it on as a 413."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request body is over {limit:,} bytes")


def body_limit(path: str, settings: WebSettings) -> int:
    """The most bytes a request body to `path` may have. A page for ingest may be as large as
    the ingest allows (JSON escapes non-ASCII text to up to three times its UTF-8 size)."""
    document = settings.core.max_document_bytes
    if path == "/api/ingest/upload":
        return document + FORM_OVERHEAD
    if path == "/api/ingest":
        return 3 * document + DEFAULT_BODY_LIMIT
    return DEFAULT_BODY_LIMIT


def _refusal(status: int, detail: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"detail": detail}, status, headers=headers)


async def _anonymous_refusal(request: Request) -> JSONResponse | None:
    """A 401 for a write without a valid user; None when someone is logged in. The user
    found is cached on the request, so the route does not look it up again."""
    try:
        user = await run_in_threadpool(current_user, request)
    except HTTPException as error:  # a wrong or revoked API token
        return _refusal(error.status_code, str(error.detail), dict(error.headers or {}))
    if user is None:
        return _refusal(401, "log in or send an API token", {"WWW-Authenticate": "Bearer"})
    return None


def _counting(receive: Receive, limit: int) -> Receive:
    received = 0

    async def counted() -> Message:
        nonlocal received
        message = await receive()
        if message["type"] == "http.request":
            received += len(message.get("body", b""))
            if received > limit:
                raise BodyTooLarge(limit)
        return message

    return counted


class RequestGate:
    """Credentials first, then a capped body, for every write (see the module's doc)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in SAFE_METHODS:
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        refusal = None
        if scope["path"] not in OPEN_WRITES:
            refusal = await _anonymous_refusal(request)
        limit = body_limit(scope["path"], scope["app"].state.settings)
        declared = request.headers.get("content-length")
        if refusal is None and declared is not None:
            if not declared.isdigit():
                refusal = _refusal(400, "Content-Length is not a number")
            elif int(declared) > limit:
                refusal = _refusal(413, f"the request body is over {limit:,} bytes")
        if refusal is not None:
            await refusal(scope, receive, send)
            return
        started = False

        async def tracking(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, _counting(receive, limit), tracking)
        except BodyTooLarge as error:
            if started:
                raise
            await _refusal(413, str(error.detail))(scope, receive, send)
