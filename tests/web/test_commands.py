"""`dateline users ...` and `dateline serve`: the first admin, tokens, and a real server."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from dateline.cli import app
from dateline.store import connect
from dateline.store.users import find_user, user_for_token
from dateline.web.auth import verify_password
from tests.conftest import free_port, installed_dateline

runner = CliRunner()


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'cli.db'}"


def test_first_admin_then_token(db: str) -> None:
    added = runner.invoke(
        app,
        ["users", "add", "amina", "--admin", "--password-stdin", "--db", db],
        input="a long passphrase\n",
    )
    assert added.exit_code == 0, added.output
    assert "role admin" in added.output
    again = runner.invoke(
        app, ["users", "add", "amina", "--password-stdin", "--db", db], input="another one!\n"
    )
    assert again.exit_code == 1 and "exists" in again.output
    short = runner.invoke(
        app, ["users", "add", "bo", "--password-stdin", "--db", db], input="short\n"
    )
    assert short.exit_code == 1 and "8 characters" in short.output
    odd = runner.invoke(
        app, ["users", "add", "cy", "--role", "boss", "--password-stdin", "--db", db], input="x\n"
    )
    assert odd.exit_code != 0
    made = runner.invoke(app, ["users", "token", "amina", "--db", db])
    assert made.exit_code == 0
    token = made.output.strip()
    engine = connect(db)
    with engine.begin() as conn:
        user = find_user(conn, "amina")
        assert user["role"] == "admin"
        assert user["password_hash"].startswith("$argon2id$")
        assert verify_password(user["password_hash"], "a long passphrase")
        assert not verify_password(user["password_hash"], "a long passphrasf")
        assert user_for_token(conn, token)["username"] == "amina"
    engine.dispose()
    assert runner.invoke(app, ["users", "token", "nobody", "--db", db]).exit_code == 1


def test_role_and_password_changes(db: str) -> None:
    runner.invoke(
        app, ["users", "add", "dev", "--password-stdin", "--db", db], input="first password\n"
    )
    assert runner.invoke(app, ["users", "role", "dev", "viewer", "--db", db]).exit_code == 0
    changed = runner.invoke(
        app, ["users", "password", "dev", "--password-stdin", "--db", db], input="second one!\n"
    )
    assert changed.exit_code == 0
    engine = connect(db)
    with engine.connect() as conn:
        user = find_user(conn, "dev")
    engine.dispose()
    assert user["role"] == "viewer" and verify_password(user["password_hash"], "second one!")
    assert runner.invoke(app, ["users", "role", "dev", "boss", "--db", db]).exit_code == 1


def test_serve_answers_on_its_port(db: str, tmp_path: Path) -> None:
    command = installed_dateline()
    port = free_port()
    server = subprocess.Popen(
        [command, "serve", "--db", db, "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                login = httpx.get(base + "/login", timeout=2)
                break
            except httpx.HTTPError:
                assert server.poll() is None, server.stdout.read().decode()
                assert time.monotonic() < deadline, "no answer within 30 s"
                time.sleep(0.1)
        assert login.status_code == 200 and 'id="login"' in login.text
        assert httpx.get(base + "/api/events").status_code == 401
        assert httpx.get(base + "/openapi.json").json()["info"]["title"] == "dateline"
    finally:
        server.terminate()
        server.wait(timeout=10)
