"""Issue 16, point 4: log-in attempts are throttled per account and per client address.

Before, 60 wrong passwords in 19 s were all answered and then the right one worked."""

from __future__ import annotations

from fastapi.testclient import TestClient

from dateline.web.throttle import ACCOUNT, ADDRESS, LoginThrottle
from tests.web.conftest import PASSWORD, csrf_of


class Clock:
    """Time that moves only when a test says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def attempt(client: TestClient, username: str, password: str = "wrong guess"):
    token = csrf_of(client.get("/login").text)
    return client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": token},
        follow_redirects=False,
    )


def with_clock(app) -> Clock:
    clock = Clock()
    app.state.login_throttle = LoginThrottle(clock)
    return clock


def test_guessing_an_account_is_stopped_even_for_the_right_password(app) -> None:
    with_clock(app)
    guesser = TestClient(app)
    answers = [attempt(guesser, "viewer").status_code for _ in range(ACCOUNT.free + 2)]
    assert answers == [401] * (ACCOUNT.free + 1) + [429]
    refused = attempt(guesser, "viewer", PASSWORD)
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) >= 1
    assert "Too many failed log-ins" in refused.text
    # The owner, from another address, is held too, but only until the block ends.
    owner = TestClient(app, client=("10.0.0.7", 5000))
    assert attempt(owner, "viewer", PASSWORD).status_code == 429


def test_the_wait_grows_with_each_failure_up_to_a_short_cap(app) -> None:
    clock = with_clock(app)
    guesser = TestClient(app)
    waits = []
    for _ in range(ACCOUNT.free + 9):
        answer = attempt(guesser, "viewer")
        if answer.status_code == 429:
            wait = int(answer.headers["Retry-After"])
            waits.append(wait)
            clock.now += wait  # a patient attacker waits each block out, then fails again
    assert waits == sorted(waits) and waits[0] == 1 and waits[-1] <= ACCOUNT.cap
    assert len(set(waits)) >= 4  # 1, 2, 4, 8 ... seconds
    clock.now += ACCOUNT.cap
    owner = TestClient(app, client=("10.0.0.7", 5000))
    assert attempt(owner, "viewer", PASSWORD).status_code == 303  # not locked out for long


def test_one_address_spraying_many_accounts_is_stopped(app) -> None:
    with_clock(app)
    sprayer = TestClient(app)
    answers = [attempt(sprayer, f"name{n}").status_code for n in range(ADDRESS.free + 2)]
    assert answers[: ADDRESS.free + 1] == [401] * (ADDRESS.free + 1) and answers[-1] == 429
    assert attempt(sprayer, "analyst", PASSWORD).status_code == 429
    elsewhere = TestClient(app, client=("10.0.0.8", 5000))
    assert attempt(elsewhere, "analyst", PASSWORD).status_code == 303


def test_a_success_clears_the_account_and_old_failures_are_forgotten() -> None:
    clock = Clock()
    throttle = LoginThrottle(clock)
    for _ in range(ACCOUNT.free):
        throttle.failed("rita", "10.0.0.1")
    throttle.succeeded("Rita")
    throttle.failed("rita", "10.0.0.1")
    assert throttle.wait("rita", "10.0.0.2") == 0
    for _ in range(ACCOUNT.free + 1):
        throttle.failed("bo", "10.0.0.3")
    assert throttle.wait("bo", "10.0.0.4") == 1
    clock.now += ACCOUNT.forget_after + 1
    throttle.failed("bo", "10.0.0.3")
    assert throttle.wait("bo", "10.0.0.4") == 0  # counting started again
