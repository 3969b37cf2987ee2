"""The analyst's workbench, round two (issue 17), through the API and the pages: rounded
coordinates, threaded replies, the review form's fields, filters, sorting, the dashboard,
merging and splitting, map labels, admin-1 outlines and ACLED actor names."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, update

from dateline.store.schema import events
from dateline.web.admin1 import ADMIN1_DIR
from dateline.web.labels import labels_json, place_labels
from tests.web.conftest import csrf_of

NOISY_LAT, NOISY_LON = 22.123456789012, 95.29545999999999


def _noisy(engine: Engine, event_id: int = 1) -> None:
    with engine.begin() as conn:
        conn.execute(
            update(events)
            .where(events.c.id == event_id)
            .values(latitude=NOISY_LAT, longitude=NOISY_LON)
        )


def test_coordinates_print_to_five_places(as_role, filled: Engine) -> None:
    _noisy(filled)
    viewer = as_role("viewer")
    one = viewer.get("/api/events/1").json()
    assert (one["latitude"], one["longitude"]) == (22.12346, 95.29546)
    listed = next(e for e in viewer.get("/api/events").json()["events"] if e["id"] == 1)
    assert listed["longitude"] == 95.29546
    feature = next(f for f in viewer.get("/api/events.geojson").json()["features"] if f["id"] == 1)
    assert feature["geometry"]["coordinates"] == [95.29546, 22.12346]
    rows = list(csv.DictReader(io.StringIO(viewer.get("/api/events.csv").text)))
    row = next(r for r in rows if r["event_id"] == "1")
    assert (row["latitude"], row["longitude"]) == ("22.12346", "95.29546")
    page = viewer.get("/events/1").text
    assert "95.29546" in page and "95.29545999" not in page
    assert "22.123456789" not in viewer.get("/api/events.json").text


def test_parquet_and_geojson_properties_carry_the_rounded_coordinates(as_role, filled) -> None:
    import pyarrow.parquet as pq

    _noisy(filled)
    viewer = as_role("viewer")
    table = pq.read_table(io.BytesIO(viewer.get("/api/events.parquet").content)).to_pylist()
    row = next(r for r in table if r["event_id"] == 1)
    assert (row["latitude"], row["longitude"]) == (22.12346, 95.29546)
    feature = next(f for f in viewer.get("/api/events.geojson").json()["features"] if f["id"] == 1)
    properties = feature["properties"]
    assert (properties["latitude"], properties["longitude"]) == (22.12346, 95.29546)


def test_replies_answer_replies_and_an_empty_thread_is_no_list_item(as_role) -> None:
    analyst = as_role("analyst")
    html = analyst.get("/events/1").text
    assert "No replies yet." in html
    assert "<li" not in html.split('id="replies"')[1].split("No replies yet.")[0]
    token = csrf_of(html)
    first = analyst.post("/events/1/reply", data={"csrf_token": token, "body": "Who saw it?"})
    assert first.status_code == 200
    parent = analyst.get("/api/events/1").json()["comments"][0]["id"]
    answer = {"csrf_token": token, "body": "The regional office did.", "parent_id": str(parent)}
    sent = analyst.post("/events/1/reply", data=answer, follow_redirects=False)
    assert sent.status_code == 303 and "#reply-" in sent.headers["location"]
    comments = analyst.get("/api/events/1").json()["comments"]
    assert [c["parent_id"] for c in comments] == [None, parent]
    html = analyst.get("/events/1").text
    outer = html.split(f'id="reply-{parent}"')[1]
    assert '<ol class="replies">' in outer.split("The regional office did.")[0]
    assert "No replies yet." not in html
    bad = {"csrf_token": token, "body": "x", "parent_id": "99999"}
    assert analyst.post("/events/1/reply", data=bad).status_code == 404
    worse = {"csrf_token": token, "body": "x", "parent_id": str(2**70)}
    assert analyst.post("/events/1/reply", data=worse).status_code == 422


def test_review_form_has_every_field_and_the_event_page_shows_notes_and_inter(as_role) -> None:
    analyst = as_role("analyst")
    html = analyst.get("/events/1").text
    review = html.split('id="review"')[1].split("</form>")[0]
    for name in (
        "sub_event_type",
        "event_date",
        "time_precision",
        "fatalities",
        "actor1",
        "actor1_inter",
        "actor2",
        "actor2_inter",
        "assoc_actors",
        "location",
        "admin1",
        "country",
        "latitude",
        "longitude",
        "geo_precision",
        "notes",
    ):
        assert f'name="{name}"' in review, name
    assert 'data-field="notes"' in html and 'data-field="actor1_inter"' in html
    assert "Police arrested 5 protesters" in html.split('data-field="notes"')[1][:200]
    token = csrf_of(html)
    values = {
        "admin1": "Nairobi Area",
        "country": "ke",
        "latitude": "-1.28333",
        "longitude": "36.81667",
        "geo_precision": "2",
        "time_precision": "2",
        "actor1_inter": "1",
        "actor2_inter": "6",
        "assoc_actors": "Students (Kenya); Journalists (Kenya)",
        "notes": "Five arrested.\r\nPolice said so.",
    }
    sent = analyst.post(
        "/events/1/review",
        data={"csrf_token": token, "action": "correct", **values},
        follow_redirects=False,
    )
    assert sent.status_code == 303, sent.text
    event = analyst.get("/api/events/1").json()
    assert event["geo_precision"] == 2 and event["time_precision"] == 2
    assert event["actor2_inter"] == 6 and event["notes"] == "Five arrested.\nPolice said so."
    assert [a["name"] for a in event["assoc_actors"]] == [
        "Students (Kenya)",
        "Journalists (Kenya)",
    ]
    page = analyst.get("/events/1").text
    assert "Students (Kenya); Journalists (Kenya)" in page
    bad = {"csrf_token": token, "action": "correct", "assoc_actors": "x" * 400}
    assert analyst.post("/events/1/review", data=bad).status_code == 422


def test_confirm_refuses_to_drop_typed_edits(as_role) -> None:
    analyst = as_role("analyst")
    html = analyst.get("/events/2").text
    token = csrf_of(html)
    review = html.split('id="review"')[1].split("</form>")[0]
    # The form as drawn, unchanged: Confirm confirms.
    fields = dict(re.findall(r'<input name="(\w+)" value="([^"]*)"', review))
    same = analyst.post(
        "/events/2/review",
        data={"csrf_token": token, "action": "confirm", **fields},
        follow_redirects=False,
    )
    assert same.status_code == 303
    assert analyst.get("/api/events/2").json()["status"] == "confirmed"
    # Fatalities typed, then Confirm: refused, and the typed value is still in the form.
    typed = {**fields, "fatalities": "7"}
    refused = analyst.post(
        "/events/2/review", data={"csrf_token": token, "action": "confirm", **typed}
    )
    assert refused.status_code == 409
    assert "fatalities" in refused.text and 'value="7"' in refused.text
    event = analyst.get("/api/events/2").json()
    assert event["fatalities"] == 3 and len(event["history"]) == 1


def ids(client, **params) -> list[int]:
    response = client.get("/api/events", params=params)
    assert response.status_code == 200, response.text
    return sorted(event["id"] for event in response.json()["events"])


def test_new_filters_in_the_api_exports_and_pages(as_role) -> None:
    viewer = as_role("viewer")
    assert ids(viewer, min_fatalities=1) == [2]
    assert ids(viewer, min_fatalities=0) == [2]  # unknown fatalities are not "at least 0"
    assert ids(viewer, sub_event_type="Armed clash") == [3]
    assert ids(viewer, admin1="nairobi area") == [1]
    assert ids(viewer, source="news.example/two") == [2, 3]
    assert ids(viewer, source="elsewhere.org") == []
    assert viewer.get("/api/events", params={"min_fatalities": "-1"}).status_code == 422
    assert viewer.get("/api/events", params={"min_fatalities": "many"}).status_code == 422
    csv_text = viewer.get("/api/events.csv", params={"min_fatalities": 1}).text
    assert len(csv_text.strip().splitlines()) == 2
    page = viewer.get("/", params={"country": "SY", "min_fatalities": "1", "source": "two"}).text
    assert 'href="/api/events.csv?country=SY&amp;min_fatalities=1&amp;source=two"' in page
    assert 'name="min_fatalities" type="number" min="0" size="4" value="1"' in page
    for name in ("sub_event_type", "admin1", "actor", "status", "tag", "source"):
        assert f'name="{name}"' in page.split('id="filters"')[1].split("</form>")[0]
    assert 'type="date"' not in page and 'placeholder="YYYY-MM-DD"' in page
    table = viewer.get("/events", params={"min_fatalities": "1"}).text
    assert 'id="total">1<' in table


def _table_ids(html: str) -> list[int]:
    return [int(found) for found in re.findall(r'<tr data-id="(\d+)">', html)]


def test_table_sorts_by_whitelisted_keys_and_pages_keep_the_filter(as_role, monkeypatch) -> None:
    import dateline.web.pages as pages

    viewer = as_role("viewer")
    assert _table_ids(viewer.get("/events", params={"sort": "-fatalities"}).text)[0] == 2
    assert _table_ids(viewer.get("/events", params={"sort": "type"}).text) == [3, 2, 1]
    assert _table_ids(viewer.get("/events", params={"sort": "-type"}).text) == [1, 2, 3]
    assert _table_ids(viewer.get("/events", params={"sort": "country"}).text)[0] == 1
    assert _table_ids(viewer.get("/events", params={"sort": "-country"}).text)[-1] == 1
    assert _table_ids(viewer.get("/events", params={"sort": "date"}).text) == [1, 2, 3]
    for bad in ("-updated", "event_date; drop table events", "location"):
        assert viewer.get("/events", params={"sort": bad}).status_code == 422
    html = viewer.get("/events", params={"country": "SY", "sort": "date"}).text
    assert 'href="/events?country=SY&amp;sort=-date"' in html  # the header flips the order
    assert 'href="/events?country=SY&amp;sort=fatalities"' in html
    monkeypatch.setattr(pages, "PAGE_SIZE", 1)
    first = viewer.get("/events", params={"country": "SY", "sort": "-fatalities"}).text
    assert _table_ids(first) == [2]
    assert 'rel="next" href="/events?country=SY&amp;sort=-fatalities&amp;page=2"' in first
    second = viewer.get("/events?country=SY&sort=-fatalities&page=2").text
    assert _table_ids(second) == [3] and 'name="sort" value="-fatalities"' in second


def test_dashboard_counts_tops_and_queue_follow_the_filter(as_role, filled: Engine) -> None:
    viewer = as_role("viewer")
    figures = viewer.get("/api/dashboard").json()
    weekly = figures["weekly"]
    assert weekly["weeks"] == ["2024-05-06"]  # Monday of the week of 6-8 May 2024
    assert weekly["counts"]["Battles"] == [1] and weekly["totals"] == [3]
    assert weekly["fatalities"] == [3]
    actors = {a["actor"]: a["events"] for a in figures["top_actors"]}
    assert actors["Military Forces of Syria"] == 1 and actors["Rebels"] == 1
    assert figures["top_places"][0]["location"] == "Aleppo"
    assert figures["top_places"][0]["events"] == 2
    assert [e["id"] for e in figures["queue"]["events"]] == [1, 2, 3]
    with filled.begin() as conn:
        conn.execute(update(events).where(events.c.id == 2).values(status="confirmed"))
    syria = viewer.get("/api/dashboard", params={"country": "SY"}).json()
    assert [e["id"] for e in syria["queue"]["events"]] == [3]
    assert syria["weekly"]["totals"] == [2]
    assert all(p["location"] == "Aleppo" for p in syria["top_places"])
    html = viewer.get("/dashboard", params={"country": "SY"}).text
    assert 'href="/dashboard" id="nav-dashboard"' in html
    assert 'id="review-queue"' in html and '<tr data-id="3">' in html
    assert '<tr data-id="1">' not in html and 'name="country" size="3" value="SY"' in html
    assert viewer.get("/dashboard", params={"min_fatalities": "x"}).status_code == 422


def _changes(event: dict, field: str) -> list:
    return [h["new_value"] for h in event["history"] if h["field"] == field]


def test_merge_combines_sources_and_tags_and_keeps_both_histories(as_role) -> None:
    analyst = as_role("analyst")
    assert analyst.post("/api/events/3/tags", json={"tag": "checked"}).status_code == 200
    merged = analyst.post("/api/events/2/merge", json={"other": 3, "note": "one fight"})
    assert merged.status_code == 200, merged.text
    kept = merged.json()
    assert len(kept["mentions"]) == 2 and "checked" in kept["tags"]
    assert _changes(kept, "merged_from") == [3]
    absorbed = analyst.get("/api/events/3").json()
    assert absorbed["status"] == "rejected" and absorbed["merged_into"] == 2
    assert _changes(absorbed, "merged_into") == [2] and absorbed["mentions"] == []
    assert absorbed["tags"] == ["checked"]  # its own history and tags stay
    assert "Merged into" in analyst.get("/events/3").text
    assert ids(analyst, country="SY") == [2]
    assert analyst.post("/api/events/2/merge", json={"other": 2}).status_code == 422
    assert analyst.post("/api/events/2/merge", json={"other": 999}).status_code == 404
    assert analyst.post("/api/events/3/merge", json={"other": 1}).status_code == 422
    viewer = as_role("viewer")
    assert viewer.post("/api/events/2/merge", json={"other": 1}).status_code == 403


def test_split_moves_one_source_to_a_new_event_from_the_page(as_role) -> None:
    analyst = as_role("analyst")
    html = analyst.get("/events/2").text
    token = csrf_of(html)
    assert 'class="inline split"' not in html  # one source: nothing to split
    sent = analyst.post(
        "/events/2/merge", data={"csrf_token": token, "other": "KE1"}, follow_redirects=False
    )
    assert sent.status_code == 303, sent.text
    event = analyst.get("/api/events/2").json()
    documents = [s["document_id"] for s in event["sources_list"]]
    assert len(documents) == 2 and event["sources"] == 2
    nairobi = next(m["document_id"] for m in event["mentions"] if m["location"] == "Nairobi")
    assert 'class="inline split"' in analyst.get("/events/2").text
    refused = analyst.post("/events/2/split", data={"document_id": nairobi})
    assert refused.status_code == 403  # no CSRF token
    split = analyst.post(
        "/events/2/split",
        data={"csrf_token": token, "document_id": nairobi},
        follow_redirects=False,
    )
    assert split.status_code == 303
    new_id = int(split.headers["location"].rsplit("/", 1)[1])
    new = analyst.get(f"/api/events/{new_id}").json()
    assert [m["location"] for m in new["mentions"]] == ["Nairobi"]
    assert new["location"] == "Nairobi" and _changes(new, "split_from") == [2]
    old = analyst.get("/api/events/2").json()
    assert nairobi not in [s["document_id"] for s in old["sources_list"]]
    assert _changes(old, "split_to") == [new_id] and old["sources"] == 1
    only = old["sources_list"][0]["document_id"]
    body = {"document_id": only}
    assert analyst.post("/api/events/2/split", json=body).status_code == 422
    assert analyst.post("/api/events/2/split", json={"document_id": "nope"}).status_code == 404


def test_map_labels_for_capitals_and_large_cities(as_role, client) -> None:
    assert client.get("/api/places/labels").status_code == 401
    answer = as_role("viewer").get("/api/places/labels")
    assert answer.status_code == 200 and "max-age" in answer.headers["cache-control"]
    labels = {(label["country"], label["name"]): label for label in answer.json()["labels"]}
    kyiv, kharkiv = labels[("UA", "Kyiv")], labels[("UA", "Kharkiv")]
    assert kyiv["capital"] and kyiv["min_zoom"] == 4
    assert not kharkiv["capital"] and kharkiv["min_zoom"] == 6
    assert labels[("MM", "Nay Pyi Taw")]["capital"]
    assert all(label["min_zoom"] <= 7 for label in labels.values())
    assert ("UA", "Darnytsya") not in labels  # a district of Kyiv, listed as a city
    page = as_role("viewer").get("/").text
    assert 'data-labels="/api/places/labels"' in page


def test_map_labels_are_encoded_once_per_process(as_role) -> None:
    viewer = as_role("viewer")
    answer = viewer.get("/api/places/labels")
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/json"
    assert labels_json() is labels_json()  # the same bytes, not encoded again
    assert answer.content == labels_json()
    expected = json.dumps({"labels": place_labels()}, ensure_ascii=False, separators=(",", ":"))
    assert answer.content == expected.encode()  # as FastAPI encoded the list before


def _admin1(viewer, bbox: str, zoom: int, **params: str) -> dict:
    answer = viewer.get("/api/places/admin1", params={"bbox": bbox, "zoom": zoom, **params})
    assert answer.status_code == 200, answer.text
    return {entry["country"]: entry for entry in answer.json()["countries"]}


@pytest.mark.skipif(
    not (ADMIN1_DIR / "ukr.topo.json").is_file(),
    reason="static/vendor is not built: run make setup (npm ci + frontend/build.mjs)",
)
def test_admin1_outlines_for_the_view_from_zoom_5(as_role, client) -> None:
    over_ukraine = "22.0,44.0,40.5,52.5"
    assert (
        client.get("/api/places/admin1", params={"bbox": over_ukraine, "zoom": 7}).status_code
        == 401
    )
    viewer = as_role("viewer")
    answer = viewer.get("/api/places/admin1", params={"bbox": over_ukraine, "zoom": 7})
    assert answer.json()["min_zoom"] == 5 and "max-age" in answer.headers["cache-control"]
    assert answer.headers["content-encoding"] == "gzip"  # the test client accepts gzip

    found = _admin1(viewer, over_ukraine, 7)
    ukraine = found["UA"]
    topology = ukraine["topology"]
    oblasts = topology["objects"][ukraine["object"]]["geometries"]
    names = {oblast["properties"]["name"] for oblast in oblasts}
    assert ukraine["regions"] == len(oblasts) == 27
    assert {"Kharkiv", "Kiev", "L'viv", "Odessa", "Crimea"} <= names
    assert topology["type"] == "Topology" and topology["arcs"]
    assert {"RU", "BY", "PL", "MD"} <= set(found)  # neighbours with regions in view
    assert not {"US", "FR", "MM"} & set(found)

    assert _admin1(viewer, over_ukraine, 2) == {}  # too far out to matter
    assert _admin1(viewer, "-170,-60,170,75", 4) == {}
    assert "UA" not in _admin1(viewer, over_ukraine, 7, skip="ukr,rus")  # drawn already
    assert "RU" not in _admin1(viewer, over_ukraine, 7, skip="ukr,rus")
    # Across the antimeridian: Chukotka from either side, as a wrapped map reports it.
    assert "RU" in _admin1(viewer, "178,62,190,70", 5)
    assert "RU" in _admin1(viewer, "-185,62,-170,70", 5)
    assert "RU" not in _admin1(viewer, "-10,36,10,48", 6)  # Chukotka spans no world

    for bad in ("1,2,3", "a,b,c,d", "10,50,0,60", "0,0,nan,10", "-170,-60,170,75"):
        refused = viewer.get("/api/places/admin1", params={"bbox": bad, "zoom": 6})
        assert refused.status_code == 422, bad
    assert viewer.get("/api/places/admin1", params={"bbox": over_ukraine}).status_code == 422
    page = viewer.get("/").text
    assert 'data-admin1="/api/places/admin1"' in page


@pytest.mark.skipif(
    not (ADMIN1_DIR / "ukr.topo.json").is_file(),
    reason="static/vendor is not built: run make setup (npm ci + frontend/build.mjs)",
)
def test_admin1_topologies_are_read_and_encoded_once_per_process(as_role, monkeypatch) -> None:
    viewer = as_role("viewer")
    params = {"bbox": "22.0,44.0,40.5,52.5", "zoom": 7}
    first = viewer.get("/api/places/admin1", params=params)
    assert first.status_code == 200
    read = []
    read_text = Path.read_text

    def counted(path: Path, *args, **kwargs) -> str:
        if path.parent == ADMIN1_DIR:
            read.append(path.name)
        return read_text(path, *args, **kwargs)

    monkeypatch.setattr(Path, "read_text", counted)
    again = viewer.get("/api/places/admin1", params={**params, "zoom": 8})
    assert read == []  # nothing read from disk again
    answer = again.json()
    assert answer["zoom"] == 8 and answer["min_zoom"] == 5
    assert again.content == json.dumps(answer, separators=(",", ":")).encode()  # compact
    assert first.json()["countries"] == answer["countries"]
    ukraine = next(entry for entry in answer["countries"] if entry["code"] == "ukr")
    stored = json.loads(read_text(ADMIN1_DIR / "ukr.topo.json", encoding="utf-8"))
    assert ukraine["topology"] == stored


def test_acled_actor_names_with_period_suffixes_in_records_and_exports(
    as_role, filled: Engine
) -> None:
    viewer = as_role("viewer")
    rows = list(csv.DictReader(io.StringIO(viewer.get("/api/events.csv").text)))
    actors = {row["event_id"]: row["actor1"] for row in rows}
    assert actors["1"] == "Police Forces of Kenya (2022-)"
    assert actors["2"] == "Military Forces of Syria (2000-2024)"
    assert actors["3"] == "Rebels"
    one = viewer.get("/api/events/2").json()
    assert one["actor1"] == "Military Forces of Syria"  # the coder's and scorer's name
    assert one["acled_actor1"] == "Military Forces of Syria (2000-2024)"
    listed = {e["id"]: e for e in viewer.get("/api/events").json()["events"]}
    assert listed[1]["acled_actor2"] == "Protesters (Kenya)"
    exported = {e["id"]: e for e in viewer.get("/api/events.json").json()}
    assert exported[2]["acled_actor1"].endswith("(2000-2024)")
    assert exported[2]["actor1"] == "Military Forces of Syria"
    with filled.begin() as conn:
        conn.execute(update(events).where(events.c.id == 2).values(event_date=date(2024, 12, 20)))
    feature = next(f for f in viewer.get("/api/events.geojson").json()["features"] if f["id"] == 2)
    assert feature["properties"]["actor1"] == "Military Forces of Syria (2024-)"
    page = viewer.get("/events/2").text
    assert "ACLED: Military Forces of Syria (2024-)" in page
