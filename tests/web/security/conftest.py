"""A real server for the hostile cases a TestClient cannot show (a dropped connection)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack

import pytest
from fastapi import FastAPI

from tests.conftest import serve_app


@pytest.fixture
def serve() -> Iterator[Callable[[FastAPI], str]]:
    """`serve(app)` runs the app under Uvicorn on a loopback port; returns its base URL.
    Quiet (log level critical): the hostile clients here drop connections on purpose."""
    with ExitStack() as servers:
        yield lambda app: servers.enter_context(serve_app(app, log_level="critical"))
