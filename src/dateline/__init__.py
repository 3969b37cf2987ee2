"""dateline: news pages in, traceable conflict events out.

`analyze` is imported lazily so that `dateline.store` or `dateline.ingest` can be used (and
`dateline events` can list a database) without loading the language models.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dateline.model import Article, Document, Mention, Place

if TYPE_CHECKING:
    from dateline.pipeline import analyze

__all__ = ["Article", "Document", "Mention", "Place", "analyze"]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    if name == "analyze":
        from dateline.pipeline import analyze

        return analyze
    raise AttributeError(f"module 'dateline' has no attribute {name!r}")
