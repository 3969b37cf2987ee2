"""Log-in throttling per account and per client address.

Without it, 60 wrong passwords in 19 s were all answered and ten parallel guessers slowed
everyone (each guess costs an argon2 hash). A key (an account name, a client address) gets a
few free failures; each further failure blocks it for twice as long as the last, up to a
cap. The account's cap is short, so an attacker cannot lock its owner out for long; the
address's is long, since that is the attacker. A blocked attempt is answered 429 before any
password is checked, and a success clears the account's failures. Kept in memory: each
server process throttles on its own (with N workers an attacker gets N times the budget).
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Policy:
    free: int  # failures answered without delay
    cap: float  # the longest block, in seconds
    forget_after: float  # seconds after the last failure when the count starts again


ACCOUNT = Policy(free=5, cap=60.0, forget_after=15 * 60)
ADDRESS = Policy(free=20, cap=15 * 60.0, forget_after=60 * 60)
MAX_KEYS = 100_000  # names sprayed at random must not fill the memory


def _account(username: str) -> str:
    """The key of an account (a name is at most 64 characters; longer is no account)."""
    return f"account:{username.strip().lower()[:65]}"


@dataclass
class _Record:
    failures: int = 0
    last: float = 0.0
    blocked_until: float = 0.0


class LoginThrottle:
    """Failure counts per key; thread-safe (log-ins run on the thread pool)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._records: dict[str, tuple[_Record, Policy]] = {}
        self._lock = threading.Lock()

    @staticmethod
    def keys(username: str, address: str | None) -> dict[str, Policy]:
        return {_account(username): ACCOUNT, f"address:{address}": ADDRESS}

    def wait(self, username: str, address: str | None) -> int:
        """Whole seconds until this log-in may be tried (0: now)."""
        now = self.clock()
        with self._lock:
            found = (self._records.get(key) for key in self.keys(username, address))
            remaining = max((r.blocked_until - now for r, _ in filter(None, found)), default=0)
        return math.ceil(remaining) if remaining > 0 else 0

    def failed(self, username: str, address: str | None) -> None:
        """Count a wrong password against the account and the address."""
        now = self.clock()
        with self._lock:
            for key, policy in self.keys(username, address).items():
                record = self._record(key, policy, now)
                if now - record.last > policy.forget_after:
                    record.failures = 0
                record.failures += 1
                record.last = now
                excess = record.failures - policy.free
                if excess > 0:
                    record.blocked_until = now + min(policy.cap, 2.0 ** (excess - 1))

    def succeeded(self, username: str) -> None:
        """The account's owner got in: its failures are forgotten (the address's are not)."""
        with self._lock:
            self._records.pop(_account(username), None)

    def _record(self, key: str, policy: Policy, now: float) -> _Record:
        if key not in self._records and len(self._records) >= MAX_KEYS:
            self._forget_old(now)
        record, _ = self._records.setdefault(key, (_Record(), policy))
        return record

    def _forget_old(self, now: float) -> None:
        """Drop records past their forget time; if none, the oldest tenth."""
        stale = [k for k, (r, p) in self._records.items() if now - r.last > p.forget_after]
        for key in stale or list(self._records)[: MAX_KEYS // 10]:
            del self._records[key]
