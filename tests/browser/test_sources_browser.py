"""The sources page in headless chromium: an admin follows the nav link, adds a source with
the form and removes it again; the page runs no script and breaks no CSP rule. The real app
runs under Uvicorn on a free loopback port, in this process, over an empty database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import add_admin, log_in
from tests.conftest import serve_app

USER, PASSWORD = "ada", "correct horse battery staple"


@pytest.fixture(scope="module")
def app_server(tmp_path_factory: pytest.TempPathFactory, browser: Any) -> Iterator[str]:
    """Base URL of the app over a fresh database with one admin."""
    from dateline.settings import Settings
    from dateline.web.app import create_app
    from dateline.web.config import WebSettings

    url = f"sqlite:///{tmp_path_factory.mktemp('sources') / 'web.db'}"
    add_admin(url, USER, PASSWORD)
    app = create_app(WebSettings(core=Settings(database_url=url), tile_url=None))
    with serve_app(app) as base:
        yield base


def test_an_admin_adds_and_removes_a_source(
    page: Any, app_server: str, screenshots_dir: Path
) -> None:
    log_in(page, app_server, USER, PASSWORD, "/sources")
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
