"""The data layer: schema, migrations, and the only functions that read or write SQL."""

from dateline.store.db import connect
from dateline.store.repository import (
    count_documents,
    count_events,
    document_status,
    get_event,
    list_events,
    save_result,
)

__all__ = [
    "connect",
    "count_documents",
    "count_events",
    "document_status",
    "get_event",
    "list_events",
    "save_result",
]
