"""Fixtures for the web app: a filled database (SQLite, and PostgreSQL when
DATELINE_TEST_POSTGRES_URL is set), the app, and logged-in clients for every role."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from dateline.model import Actor, Article, Document, Mention, Place, Span
from dateline.settings import Settings
from dateline.store import save_result
from dateline.store.users import create_token, create_user
from dateline.web.app import create_app
from dateline.web.auth import hash_password
from dateline.web.config import WebSettings

PASSWORD = "correct horse battery"
ROLES = ("viewer", "analyst", "admin")
HOSTILE = '<script>alert("owned")</script>'

NAIROBI = Place("Nairobi", 0, 7, 184745, "Nairobi", "KE", "Nairobi Area", -1.283, 36.817)
ALEPPO = Place("Aleppo", 0, 6, 170063, "Aleppo", "SY", "Aleppo", 36.202, 37.158)


@pytest.fixture(scope="session")
def password_hash() -> str:
    """One argon2 hash for every test user (hashing is slow on purpose)."""
    return hash_password(PASSWORD)


def _article(uri: str, text: str, title: str, *found: Mention) -> tuple[Document, Article]:
    document = Document.from_bytes(
        text.encode(), uri, "text/plain", {"url": f"https://news.example/{uri}"}
    )
    article = Article(
        document_id=document.id,
        text=text,
        title=title,
        url=f"https://news.example/{uri}",
        site="news.example",
        page_published=datetime(2024, 5, 7, 9, tzinfo=UTC),
        mentions=list(found),
    )
    return document, article


def _mention(text: str, sentence: str, **values) -> Mention:
    start = text.index(sentence)
    return Mention(
        values.pop("kind"),
        values.pop("sub"),
        Span(sentence, start, start + len(sentence)),
        **values,
    )


def fill(engine: Engine) -> None:
    """Three events: an arrest in Nairobi, an air strike and a clash in Aleppo; the second
    article carries hostile markup in its title and text."""
    first = "Police arrested 5 protesters in Nairobi on Monday. Calm returned later."
    second = (
        f"{HOSTILE} Warplanes struck Aleppo on Tuesday, killing 3 people. "
        "Rebels and soldiers clashed in Aleppo on Wednesday."
    )
    items = [
        _article(
            "one.txt",
            first,
            "Arrests in Nairobi",
            _mention(
                first,
                "Police arrested 5 protesters in Nairobi on Monday.",
                kind="Strategic developments",
                sub="Arrests",
                place=NAIROBI,
                date=date(2024, 5, 6),
                actor1=Actor("Police Forces of Kenya", 1),
                actor2=Actor("Protesters (Kenya)", 6),
            ),
        ),
        _article(
            "two.txt",
            second,
            f"Strikes {HOSTILE}",
            _mention(
                second,
                "Warplanes struck Aleppo on Tuesday, killing 3 people.",
                kind="Explosions/Remote violence",
                sub="Air/drone strike",
                place=ALEPPO,
                date=date(2024, 5, 7),
                fatalities=3,
                actor1=Actor("Military Forces of Syria", 1),
            ),
            _mention(
                second,
                "Rebels and soldiers clashed in Aleppo on Wednesday.",
                kind="Battles",
                sub="Armed clash",
                place=ALEPPO,
                date=date(2024, 5, 8),
                actor1=Actor("Rebels", 2),
            ),
        ),
    ]
    for document, article in items:
        with engine.begin() as conn:
            assert save_result(conn, document, article, None) == "new"


@pytest.fixture
def filled(engine: Engine) -> Engine:
    fill(engine)
    return engine


@pytest.fixture
def users(filled: Engine, password_hash: str) -> dict[str, int]:
    """One user per role, named after it."""
    with filled.begin() as conn:
        return {role: create_user(conn, role, password_hash, role) for role in ROLES}


@pytest.fixture
def app(filled: Engine, users: dict[str, int]):
    settings = WebSettings(core=Settings(database_url=str(filled.url.render_as_string(False))))
    application = create_app(settings)
    yield application
    application.state.engine.dispose()


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF token on the page"
    return found.group(1)


def log_in(client: TestClient, username: str, password: str = PASSWORD) -> TestClient:
    page = client.get("/login")
    response = client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": csrf_of(page.text)},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return client


@pytest.fixture
def client(app) -> TestClient:
    """Anonymous."""
    return TestClient(app)


@pytest.fixture
def as_role(app) -> Callable[[str], TestClient]:
    """A client logged in as the user of a role; its CSRF header set for JSON writes."""

    def make(role: str) -> TestClient:
        browser = log_in(TestClient(app), role)
        token = csrf_of(browser.get("/events").text)
        browser.headers["X-CSRF-Token"] = token
        return browser

    return make


@pytest.fixture
def token_client(app, filled: Engine, users: dict[str, int]) -> TestClient:
    """A script with an analyst's API token (no cookies, no CSRF)."""
    with filled.begin() as conn:
        token = create_token(conn, users["analyst"], "test")
    return TestClient(app, headers={"Authorization": f"Bearer {token}"})
