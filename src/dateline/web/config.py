"""The web app's settings: the database, the session secret and an optional tile server.

Defaults come from `DATELINE_*` environment variables, like every other setting."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field

from dateline.settings import Settings
from dateline.web.ingest import IPNetwork, allowed_networks


def _env(name: str) -> str | None:
    return os.environ.get(f"DATELINE_{name.upper()}") or None


@dataclass(frozen=True)
class WebSettings:
    """Everything `create_app` needs.

    `secret_key` signs session cookies: set DATELINE_SECRET_KEY so sessions survive a restart
    and are shared between workers; without it a random key is made per process.
    `tile_url` is a Leaflet tile URL template; without one the map draws the bundled country
    and admin-1 outlines and place labels (nothing is fetched from the internet).
    """

    core: Settings = field(default_factory=Settings)
    secret_key: str = field(default_factory=lambda: _env("secret_key") or secrets.token_hex(32))
    tile_url: str | None = field(default_factory=lambda: _env("tile_url"))
    https_only: bool = field(default_factory=lambda: _env("https_only") == "1")
    # Ingest by URL refuses loopback, private and other non-public addresses except these:
    # DATELINE_ALLOW_PRIVATE_URLS=1 for all, or networks such as "10.1.0.0/16,127.0.0.1"
    # (an intranet news archive, tests that serve pages on loopback).
    allow_private_urls: str | None = field(default_factory=lambda: _env("allow_private_urls"))
    session_max_age: int = 14 * 24 * 3600
    max_page_size: int = 1000

    @property
    def allowed_networks(self) -> tuple[IPNetwork, ...]:
        return allowed_networks(self.allow_private_urls)

    @property
    def database_url(self) -> str:
        return self.core.database_url
