"""Issue 16, point 10: the smaller findings of the web app, each as it was reproduced.

Answers holding a user's data are not cached; the API's docstring names only documents
that are served; a search with no word in it finds nothing instead of every event; user
names are plain."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from dateline.web import api

PRIVATE_GETS = [
    "/",
    "/events",
    "/events/1",
    "/articles",
    "/api/me",
    "/api/events",
    "/api/events/1",
    "/api/events/histogram",
    "/api/events.csv",
    "/api/events.geojson",
    "/api/tokens",
    "/api/events/999999",  # an error answer too
]


@pytest.fixture
def viewer(as_role) -> TestClient:
    return as_role("viewer")


@pytest.mark.parametrize("path", PRIVATE_GETS)
def test_logged_in_pages_and_api_answers_are_not_stored(viewer: TestClient, path: str) -> None:
    response = viewer.get(path)
    assert response.headers.get("cache-control") == "no-store", (path, response.status_code)


def test_token_answers_are_not_stored(token_client: TestClient) -> None:
    assert token_client.get("/api/events").headers.get("cache-control") == "no-store"


def test_static_files_may_be_cached(viewer: TestClient) -> None:
    response = viewer.get("/static/css/app.css")
    assert response.status_code == 200
    assert "no-store" not in response.headers.get("cache-control", "")


def test_the_api_docstring_names_only_documents_that_are_served(viewer: TestClient) -> None:
    named = re.findall(r"/(?:openapi\.json|docs|redoc)\b", api.__doc__ or "")
    assert named, "the docstring should say where the API is described"
    for path in named:
        assert viewer.get(path).status_code == 200, path


@pytest.mark.parametrize("q", ["*", '"', "\N{BOMB}", "-- ** ()"])
def test_a_search_without_words_is_refused(viewer: TestClient, q: str) -> None:
    for path in ("/api/events", "/api/events/histogram", "/api/events.csv", "/events"):
        response = viewer.get(path, params={"q": q})
        assert response.status_code == 422, (path, q, response.status_code)
        assert "q:" in response.text


def test_a_search_with_words_still_finds(viewer: TestClient) -> None:
    found = viewer.get("/api/events", params={"q": "Warplanes!"}).json()
    assert found["total"] == 1


def test_the_store_finds_nothing_for_a_search_without_words(filled) -> None:
    from dateline.store.queries import EventFilter, count_matching, search_events

    with filled.connect() as conn:
        assert search_events(conn, EventFilter(q="*")) == []
        assert count_matching(conn, EventFilter(q="\N{BOMB}")) == 0
        assert count_matching(conn, EventFilter()) == 3


BAD_NAMES = ["<b>eve</b>", "eve smith", "ev\u0435", "-eve", "", "e" * 65, "e\tve", "a'b"]


@pytest.mark.parametrize("name", BAD_NAMES)
def test_the_admin_api_refuses_user_names_that_are_not_plain(as_role, name: str) -> None:
    admin = as_role("admin")
    made = admin.post("/api/users", json={"username": name, "password": "long enough pw"})
    assert made.status_code == 422, made.text
    names = [u["username"] for u in admin.get("/api/users").json()["users"]]
    assert names == ["admin", "analyst", "viewer"]


@pytest.mark.parametrize("name", ["<script>x</script>", "eve smith", "ev\u0435"])
def test_the_cli_refuses_user_names_that_are_not_plain(tmp_path, name: str) -> None:
    from typer.testing import CliRunner

    from dateline.cli import app as cli
    from dateline.store import connect
    from dateline.store.users import list_users

    db = f"sqlite:///{tmp_path / 'users.db'}"
    added = CliRunner().invoke(
        cli, ["users", "add", name, "--password-stdin", "--db", db], input="a long passphrase\n"
    )
    assert added.exit_code != 0 and "not a valid user name" in added.output
    engine = connect(db)
    with engine.connect() as conn:
        assert list_users(conn) == []
    engine.dispose()


def test_plain_user_names_are_accepted(as_role) -> None:
    admin = as_role("admin")
    for name in ("dana", "j.doe-2", "ops_bot", "rita@example.org"):
        made = admin.post("/api/users", json={"username": name, "password": "long enough pw"})
        assert made.status_code == 201, made.text


def test_every_web_setting_is_in_the_readme() -> None:
    """DATELINE_HTTPS_ONLY (the cookie's `Secure`) was read but documented nowhere."""
    from pathlib import Path

    import dateline.web.config as config

    source = Path(config.__file__).read_text(encoding="utf-8")
    names = {f"DATELINE_{name.upper()}" for name in re.findall(r'_env\("(\w+)"\)', source)}
    assert "DATELINE_HTTPS_ONLY" in names
    readme = (Path(__file__).resolve().parents[3] / "README.md").read_text(encoding="utf-8")
    assert {name for name in names if name not in readme} == set()
