"""The ACLED taxonomy, loaded from `events/data/taxonomy.json` (data, not code).

Lookups: the event type of a sub-event type, CASE 2021 code <-> ACLED name, CAMEO root code.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA_FILE = Path(__file__).parent / "data" / "taxonomy.json"


@dataclass(frozen=True)
class EventType:
    name: str
    definition: str
    cameo: str | None


@dataclass(frozen=True)
class SubEventType:
    name: str
    event_type: str
    definition: str
    case2021: str
    cameo: str | None


@dataclass(frozen=True)
class Taxonomy:
    event_types: dict[str, EventType]
    sub_event_types: dict[str, SubEventType]
    aliases: dict[str, str]
    non_acled_codes: frozenset[str]

    def canonical(self, name: str) -> str:
        """The ACLED spelling of a sub-event type name (case-insensitive, known aliases)."""
        if name in self.sub_event_types:
            return name
        folded = {k.casefold(): k for k in self.sub_event_types}
        folded.update({k.casefold(): v for k, v in self.aliases.items()})
        try:
            return folded[name.casefold()]
        except KeyError:
            raise KeyError(f"unknown ACLED sub-event type: {name!r}") from None

    def sub_event(self, name: str) -> SubEventType:
        return self.sub_event_types[self.canonical(name)]

    def event_type_of(self, sub_event_type: str) -> str:
        """ "Air/drone strike" -> "Explosions/Remote violence"."""
        return self.sub_event(sub_event_type).event_type

    def sub_types_of(self, event_type: str) -> list[str]:
        return [s.name for s in self.sub_event_types.values() if s.event_type == event_type]

    def from_code(self, code: str) -> str | None:
        """CASE 2021 code ("AIR_STRIKE") -> ACLED name; None for the task's non-ACLED codes."""
        code = code.strip().upper()
        for sub in self.sub_event_types.values():
            if sub.case2021 == code:
                return sub.name
        if code in self.non_acled_codes:
            return None
        raise KeyError(f"unknown CASE 2021 code: {code!r}")

    def to_code(self, sub_event_type: str) -> str:
        return self.sub_event(sub_event_type).case2021

    def cameo_of(self, sub_event_type: str) -> str | None:
        return self.sub_event(sub_event_type).cameo


def _load(path: Path) -> Taxonomy:
    data = json.loads(path.read_text(encoding="utf-8"))
    types = {
        t["name"]: EventType(t["name"], t["definition"], t.get("cameo"))
        for t in data["event_types"]
    }
    subs = {}
    for s in data["sub_event_types"]:
        if s["event_type"] not in types:
            raise ValueError(f"{s['name']!r}: unknown event type {s['event_type']!r} in {path}")
        subs[s["name"]] = SubEventType(
            s["name"], s["event_type"], s["definition"], s["case2021"], s.get("cameo")
        )
    return Taxonomy(
        types, subs, dict(data.get("aliases", {})), frozenset(data.get("non_acled_case2021", []))
    )


@lru_cache(maxsize=1)
def get_taxonomy() -> Taxonomy:
    """The bundled taxonomy, loaded once per process."""
    return _load(DATA_FILE)


def event_type_of(sub_event_type: str) -> str:
    return get_taxonomy().event_type_of(sub_event_type)


def name_from_code(code: str) -> str | None:
    return get_taxonomy().from_code(code)


def code_of(sub_event_type: str) -> str:
    return get_taxonomy().to_code(sub_event_type)
