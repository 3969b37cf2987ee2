"""The sources page in headless chromium: an admin follows the nav link, adds a source with
the form and removes it again; the page runs no script and breaks no CSP rule. The real app
runs under Uvicorn on a free loopback port, in this process, over an empty database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import serve_app

USER, PASSWORD = "ada", "correct horse battery staple"


@pytest.fixture(scope="module")
def app_server(tmp_path_factory: pytest.TempPathFactory, browser: Any) -> Iterator[str]:
    """Base URL of the app over a fresh database with one admin."""
    from dateline.settings import Settings
    from dateline.store import connect
    from dateline.store.users import create_user
    from dateline.web.app import create_app
    from dateline.web.auth import hash_password
    from dateline.web.config import WebSettings

    url = f"sqlite:///{tmp_path_factory.mktemp('sources') / 'web.db'}"
    engine = connect(url)
    with engine.begin() as conn:
        create_user(conn, USER, hash_password(PASSWORD), role="admin")
    engine.dispose()
    app = create_app(WebSettings(core=Settings(database_url=url), tile_url=None))
    with serve_app(app) as base:
        yield base


def test_an_admin_adds_and_removes_a_source(
    page: Any, app_server: str, screenshots_dir: Path
) -> None:
    page.goto(app_server + "/sources")
    assert "/login" in page.url
    page.fill("#login input[name=username]", USER)
    page.fill("#login input[name=password]", PASSWORD)
    page.click("#login button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)
    page.click("header >> text=Sources")
    page.wait_for_url("**/sources")
    form = page.locator("#add-source")
    form.locator("input[name=name]").fill("wire")
    form.locator("input[name=url]").fill("http://127.0.0.1:9/feed.xml")
    form.locator("input[name=poll_minutes]").fill("15")
    form.locator("button[type=submit]").click()
    row = page.locator('tr[data-source="wire"]')
    row.wait_for()
    assert "never" in row.locator(".last-poll").inner_text()
    assert "every 15 min" in row.inner_text()
    page.screenshot(path=str(screenshots_dir / "sources.png"), full_page=True)
    row.locator("button.remove-source").click()
    page.wait_for_selector('tr[data-source="wire"]', state="detached")
    assert "No sources yet." in page.inner_text("#sources")
    assert page.page_errors == [] and page.console_errors == []
