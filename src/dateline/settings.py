"""Every option in one place: defaults, overridden by `DATELINE_*` environment variables,
overridden in turn by CLI flags (which build a Settings with explicit values)."""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field


def _env(name: str, default: str) -> str:
    return os.environ.get(f"DATELINE_{name.upper()}", default)


@dataclass(frozen=True)
class Settings:
    database_url: str = field(default_factory=lambda: _env("database_url", "sqlite:///dateline.db"))
    # Documents larger than this are recorded as failed instead of analysed.
    max_document_bytes: int = field(
        default_factory=lambda: int(_env("max_document_bytes", str(10 * 1024 * 1024)))
    )
    # Clean text longer than this is not run through the language model.
    max_text_chars: int = field(default_factory=lambda: int(_env("max_text_chars", "1000000")))
    # Mentions below this confidence are dropped.
    min_confidence: float = field(default_factory=lambda: float(_env("min_confidence", "0.3")))

    def replace(self, **changes: object) -> Settings:
        """A copy with the given options; None means "not given" (an unset CLI flag)."""
        return dataclasses.replace(self, **{k: v for k, v in changes.items() if v is not None})
