"""Issue 16, point 3: sessions and tokens can be revoked; users can be disabled.

Before, a saved session cookie still worked after log-out and after `dateline users
password`, tokens never expired, a token could make tokens that outlived it, and no user
could be disabled nor anyone's tokens listed or revoked by an admin."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from alembic import command
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select, text, update
from typer.testing import CliRunner

from dateline.cli import app as cli
from dateline.store import connect
from dateline.store.db import alembic_config
from dateline.store.schema import api_tokens
from dateline.store.users import create_token
from tests.web.conftest import PASSWORD, csrf_of, log_in

runner = CliRunner()


def copy_of(app, browser: TestClient) -> TestClient:
    """Another client holding the same session cookie (a stolen or saved copy)."""
    return TestClient(app, cookies=dict(browser.cookies))


def who(client: TestClient) -> str | None:
    user = client.get("/api/me").json()["user"]
    return user and user["username"]


def db_args(engine: Engine) -> list[str]:
    return ["--db", engine.url.render_as_string(hide_password=False)]


def test_log_out_ends_every_session_of_the_user(app) -> None:
    laptop = log_in(TestClient(app), "analyst")
    phone = log_in(TestClient(app), "analyst")
    saved = copy_of(app, laptop)
    other = log_in(TestClient(app), "viewer")
    assert who(saved) == "analyst"
    token = csrf_of(laptop.get("/events").text)
    assert laptop.post("/logout", data={"csrf_token": token}).status_code == 200
    assert who(laptop) is None and who(saved) is None and who(phone) is None
    assert saved.get("/api/events").status_code == 401
    assert who(other) == "viewer"  # other users keep their sessions
    assert who(log_in(TestClient(app), "analyst")) == "analyst"  # and one logs in again


def test_a_new_password_ends_every_session(app, filled: Engine) -> None:
    browser = log_in(TestClient(app), "viewer")
    changed = runner.invoke(
        cli,
        ["users", "password", "viewer", "--password-stdin", *db_args(filled)],
        input="another long passphrase\n",
    )
    assert changed.exit_code == 0, changed.output
    assert who(browser) is None
    assert who(log_in(TestClient(app), "viewer", "another long passphrase")) == "viewer"


def test_tokens_expire(app, filled: Engine, users) -> None:
    with filled.begin() as conn:
        token = create_token(conn, users["viewer"], "cron", days=1)
    script = TestClient(app, headers={"Authorization": f"Bearer {token}"})
    assert script.get("/api/events").status_code == 200
    with filled.begin() as conn:
        past = datetime.now(UTC) - timedelta(seconds=1)
        conn.execute(update(api_tokens).values(expires_at=past))
    assert script.get("/api/events").status_code == 401


def test_tokens_carry_their_expiry_and_cannot_make_tokens(app, as_role) -> None:
    browser = as_role("analyst")
    made = browser.post("/api/tokens", json={"name": "cron", "days": 30})
    assert made.status_code == 201 and made.json()["days"] == 30
    assert browser.post("/api/tokens", json={"days": 366}).status_code == 422
    (listed,) = browser.get("/api/tokens").json()["tokens"]
    expires = datetime.fromisoformat(listed["expires_at"])
    created = datetime.fromisoformat(listed["created_at"])
    assert timedelta(days=29) < expires - created <= timedelta(days=30)
    script = TestClient(app, headers={"Authorization": f"Bearer {made.json()['token']}"})
    assert script.post("/api/tokens", json={"name": "child"}).status_code == 403
    assert len(browser.get("/api/tokens").json()["tokens"]) == 1


def test_cli_disables_a_user_who_stays_in_the_history(app, filled: Engine, users) -> None:
    browser = log_in(TestClient(app), "analyst")
    browser.headers["X-CSRF-Token"] = csrf_of(browser.get("/events").text)
    assert browser.post("/api/events/1/confirm").status_code == 200
    with filled.begin() as conn:
        token = create_token(conn, users["analyst"], "cron")
    script = TestClient(app, headers={"Authorization": f"Bearer {token}"})
    disabled = runner.invoke(cli, ["users", "disable", "analyst", *db_args(filled)])
    assert disabled.exit_code == 0, disabled.output
    assert who(browser) is None and script.get("/api/events").status_code == 401
    refused = TestClient(app)
    page = refused.post(
        "/login",
        data={
            "username": "analyst",
            "password": PASSWORD,
            "csrf_token": csrf_of(refused.get("/login").text),
        },
    )
    assert page.status_code == 401
    viewer = log_in(TestClient(app), "viewer")
    (change,) = viewer.get("/api/events/1").json()["history"]
    assert change["username"] == "analyst"
    enabled = runner.invoke(cli, ["users", "enable", "analyst", *db_args(filled)])
    assert enabled.exit_code == 0
    assert who(log_in(TestClient(app), "analyst")) == "analyst"
    assert script.get("/api/events").status_code == 401  # its tokens were deleted


def test_admin_disables_users_and_revokes_their_tokens(app, filled: Engine, users, as_role) -> None:
    admin = as_role("admin")
    with filled.begin() as conn:
        token = create_token(conn, users["viewer"], "cron")
    script = TestClient(app, headers={"Authorization": f"Bearer {token}"})
    (listed,) = admin.get(f"/api/users/{users['viewer']}/tokens").json()["tokens"]
    assert listed["name"] == "cron" and "token_hash" not in listed
    revoke = admin.delete(f"/api/users/{users['viewer']}/tokens/{listed['id']}")
    assert revoke.status_code == 204
    assert script.get("/api/events").status_code == 401
    assert admin.delete(f"/api/users/{users['viewer']}/tokens/{listed['id']}").status_code == 404
    viewer = log_in(TestClient(app), "viewer")
    off = admin.post(f"/api/users/{users['viewer']}/disable")
    assert off.status_code == 200 and off.json()["active"] is False
    assert who(viewer) is None
    assert admin.post(f"/api/users/{users['admin']}/disable").status_code == 409
    assert admin.post("/api/users/999/disable").status_code == 404
    on = admin.post(f"/api/users/{users['viewer']}/enable")
    assert on.json()["active"] is True
    analyst = as_role("analyst")
    assert analyst.post(f"/api/users/{users['viewer']}/disable").status_code == 403
    assert analyst.get(f"/api/users/{users['viewer']}/tokens").status_code == 403


def test_tokens_made_before_the_migration_get_an_expiry(tmp_path) -> None:
    engine = connect(f"sqlite:///{tmp_path / 'old.db'}")
    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0004")
        conn.execute(
            text(
                "INSERT INTO users (username, role, active, created_at) "
                "VALUES ('old', 'viewer', 1, '2024-01-01 00:00:00')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO api_tokens (user_id, name, token_hash, created_at) "
                "VALUES (1, 'old', 'x', '2024-01-01 00:00:00')"
            )
        )
        command.upgrade(config, "head")
        expires = conn.execute(select(api_tokens.c.expires_at)).scalar_one()
    engine.dispose()
    assert expires is not None
