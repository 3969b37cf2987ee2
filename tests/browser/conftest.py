"""Browser fixtures: Playwright driving Debian's chromium, headless, with no network chatter.

Playwright never downloads a browser here; the tests skip with a reason when `/usr/bin/chromium`
or the `playwright` package is missing, or when the npm-built vendor assets were not built.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

PROJECT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
STATIC = PROJECT / "src" / "dateline" / "web" / "static"
SCREENSHOTS = PROJECT / "bench" / "results" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _require_browser() -> None:
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is absent (apt-get install chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        pytest.skip("the playwright package is not installed")
    if not (STATIC / "vendor" / "leaflet" / "leaflet.js").is_file():
        pytest.skip("static/vendor is not built: run make setup (npm ci + frontend/build.mjs)")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless chromium for the whole session."""
    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh context per test (own cookies), collecting uncaught page and console errors."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.page_errors = errors
    console: list[str] = []
    tab.on("console", lambda msg: console.append(msg.text) if msg.type == "error" else None)
    tab.console_errors = console
    try:
        yield tab
    finally:
        context.close()


@pytest.fixture(scope="session")
def screenshots_dir() -> Path:
    """Where test runs leave screenshots of the pages (gitignored)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@pytest.fixture(scope="session")
def harness() -> ModuleType:
    """tests/browser/harness.py (loaded by path: the tests folder is not a package)."""
    spec = importlib.util.spec_from_file_location(
        "dateline_browser_harness", Path(__file__).with_name("harness.py")
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def add_admin(database_url: str, username: str, password: str) -> None:
    """An admin user in the database at `database_url`, made with the store's own functions:
    each browser test's server starts from a database with one."""
    from dateline.store import connect
    from dateline.store.users import create_user
    from dateline.web.auth import hash_password

    engine = connect(database_url)
    with engine.begin() as conn:
        create_user(conn, username, hash_password(password), role="admin")
    engine.dispose()


def log_in(page: Any, base: str, username: str, password: str, path: str = "/") -> None:
    """Opens `path`, which must send a visitor to the login form, and logs in there: the
    start of every browser test that needs a session, done one way."""
    page.goto(base + path)
    assert "/login" in page.url  # every page needs a session
    page.fill("#login input[name=username]", username)
    page.fill("#login input[name=password]", password)
    page.click("#login button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)
