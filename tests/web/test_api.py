"""The JSON API, route by route and role by role (anonymous, viewer, analyst, admin, token),
on SQLite and, when configured, PostgreSQL."""

from __future__ import annotations

import csv
import io
import json

import pyarrow.parquet as pq
import pytest
from fastapi.testclient import TestClient

READS = [
    "/api/events",
    "/api/events/histogram",
    "/api/events.geojson",
    "/api/events.csv",
    "/api/events.json",
    "/api/events.parquet",
    "/api/events/1",
    "/api/articles",
    "/api/tokens",
]


def ids(client: TestClient, **params) -> list[int]:
    response = client.get("/api/events", params=params)
    assert response.status_code == 200, response.text
    return [event["id"] for event in response.json()["events"]]


def test_openapi_document_lists_the_routes(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in (
        "/api/events",
        "/api/events/{event_id}",
        "/api/events/histogram",
        "/api/events.geojson",
        "/api/events.{fmt}",
        "/api/events/{event_id}/correct",
        "/api/ingest",
        "/api/ingest/upload",
        "/api/articles/{document_id}",
        "/api/users",
        "/api/tokens",
    ):
        assert path in paths
    assert client.get("/docs").status_code == 404  # Swagger UI would load scripts from a CDN


@pytest.mark.parametrize("path", READS)
def test_anonymous_reads_are_refused(client: TestClient, path: str) -> None:
    assert client.get(path).status_code == 401


def test_anonymous_writes_are_refused(client: TestClient) -> None:
    assert client.post("/api/events/1/confirm").status_code == 401
    assert client.post("/api/ingest", json={"text": "x"}).status_code == 401
    assert client.get("/api/me").json() == {"user": None}


@pytest.mark.parametrize("role", ["viewer", "analyst", "admin"])
@pytest.mark.parametrize("path", READS)
def test_every_role_reads(as_role, role: str, path: str) -> None:
    assert as_role(role).get(path).status_code == 200


def test_me_names_the_user(as_role) -> None:
    user = as_role("analyst").get("/api/me").json()["user"]
    assert user["username"] == "analyst" and user["role"] == "analyst"
    assert "password_hash" not in user


def test_list_filters_and_pagination(as_role) -> None:
    viewer = as_role("viewer")
    assert ids(viewer) == [1, 2, 3]
    assert ids(viewer, country="sy") == [2, 3]
    assert ids(viewer, admin1="aleppo") == [2, 3]
    assert ids(viewer, since="2024-05-07", until="2024-05-07") == [2]
    assert ids(viewer, event_type="Battles") == [3]
    assert ids(viewer, sub_event_type="air/drone strike") == [2]
    assert ids(viewer, actor="police") == [1]
    assert ids(viewer, actor="protesters") == [1]
    assert ids(viewer, q="warplanes killing") == [2]
    assert ids(viewer, q="clashed") == [3]
    assert ids(viewer, q='"); DROP TABLE events; --') == []
    assert ids(viewer, status="confirmed") == []
    assert ids(viewer, sort="-date") == [3, 2, 1]
    page = viewer.get("/api/events", params={"limit": 2}).json()
    assert page["total"] == 3 and len(page["events"]) == 2 and page["next"]
    rest = viewer.get(page["next"]).json()
    assert [e["id"] for e in rest["events"]] == [3] and rest["next"] is None
    assert viewer.get("/api/events", params={"since": "May"}).status_code == 422
    assert viewer.get("/api/events", params={"status": "odd"}).status_code == 422
    assert viewer.get("/api/events", params={"limit": 0}).status_code == 422
    assert viewer.get("/api/events", params={"sort": "x"}).status_code == 422


def test_histogram_counts_per_day(as_role) -> None:
    viewer = as_role("viewer")
    assert viewer.get("/api/events/histogram").json() == {
        "days": ["2024-05-06", "2024-05-07", "2024-05-08"],
        "counts": [1, 1, 1],
    }
    data = viewer.get("/api/events/histogram", params={"country": "SY"}).json()
    assert data["days"] == ["2024-05-07", "2024-05-08"]


def test_geojson_for_the_map(as_role) -> None:
    response = as_role("viewer").get("/api/events.geojson", params={"country": "KE"})
    collection = response.json()
    assert collection["type"] == "FeatureCollection"
    (feature,) = collection["features"]
    assert feature["geometry"] == {"type": "Point", "coordinates": [36.817, -1.283]}
    props = feature["properties"]
    assert props["id"] == 1 and props["url"] == "/events/1"
    assert props["event_type"] == "Strategic developments"
    assert props["sub_event_type"] == "Arrests" and props["event_date"] == "2024-05-06"
    assert props["location"] == "Nairobi" and "fatalities" in props


def test_exports_stream_acled_columns(as_role) -> None:
    viewer = as_role("viewer")
    response = viewer.get("/api/events.csv", params={"country": "SY"})
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [r["event_id_cnty"] for r in rows] == ["SY2", "SY3"]
    assert rows[0]["sub_event_type"] == "Air/drone strike" and rows[0]["fatalities"] == "3"
    events = json.loads(viewer.get("/api/events.json").text)
    assert [e["id"] for e in events] == [1, 2, 3]
    table = pq.read_table(io.BytesIO(viewer.get("/api/events.parquet").content))
    assert table.column("event_id").to_pylist() == [1, 2, 3]
    assert table.column("iso").to_pylist() == ["KE", "SY", "SY"]
    assert viewer.get("/api/events.xml").status_code == 422


def test_one_event_with_mentions_sources_and_history(as_role) -> None:
    viewer = as_role("viewer")
    event = viewer.get("/api/events/2").json()
    assert event["sub_event_type"] == "Air/drone strike"
    (mention,) = event["mentions"]
    assert mention["evidence"].startswith("Warplanes struck Aleppo")
    assert event["sources_list"][0]["url"] == "https://news.example/two.txt"
    assert event["history"] == [] and event["tags"] == [] and event["comments"] == []
    assert viewer.get("/api/events/99").status_code == 404


def test_articles_list_and_one(as_role) -> None:
    viewer = as_role("viewer")
    listed = viewer.get("/api/articles").json()
    assert listed["total"] == 2
    document_id = next(
        a["document_id"] for a in listed["articles"] if a["title"] == "Arrests in Nairobi"
    )
    article = viewer.get(f"/api/articles/{document_id}").json()
    assert article["text"].startswith("Police arrested")
    assert article["mentions"][0]["event_id"] == 1
    assert viewer.get("/api/articles/nope").status_code == 404


def test_viewer_cannot_write(as_role) -> None:
    viewer = as_role("viewer")
    assert viewer.post("/api/events/1/confirm").status_code == 403
    assert viewer.post("/api/events/1/correct", json={"values": {}}).status_code == 403
    assert viewer.post("/api/events/1/reject").status_code == 403
    assert viewer.post("/api/events/1/tags", json={"tag": "x"}).status_code == 403
    assert viewer.delete("/api/events/1/tags/x").status_code == 403
    assert viewer.post("/api/events/1/comments", json={"body": "hi"}).status_code == 403
    assert viewer.post("/api/ingest", json={"text": "x"}).status_code == 403
    assert viewer.get("/api/users").status_code == 403


def test_analyst_confirms_and_the_record_says_who(as_role) -> None:
    analyst = as_role("analyst")
    event = analyst.post("/api/events/1/confirm", json={"note": "checked"}).json()
    assert event["status"] == "confirmed" and event["updated_by"] == "analyst"
    (change,) = event["history"]
    assert change["old_value"] == "auto" and change["new_value"] == "confirmed"
    assert change["username"] == "analyst" and change["note"] == "checked"
    assert analyst.post("/api/events/99/confirm").status_code == 404


def test_correction_keeps_the_machine_version(as_role) -> None:
    analyst = as_role("analyst")
    response = analyst.post(
        "/api/events/3/correct",
        json={"values": {"sub_event_type": "government regains territory", "fatalities": "4"}},
    )
    event = response.json()
    assert event["status"] == "corrected"
    assert event["sub_event_type"] == "Government regains territory"
    assert event["event_type"] == "Battles" and event["fatalities"] == 4
    changed = {c["field"]: (c["old_value"], c["new_value"]) for c in event["history"]}
    assert changed["sub_event_type"] == ("Armed clash", "Government regains territory")
    assert changed["fatalities"] == (None, 4)
    assert changed["status"] == ("auto", "corrected")
    bad = analyst.post("/api/events/3/correct", json={"values": {"sub_event_type": "Picnic"}})
    assert bad.status_code == 422
    bad = analyst.post("/api/events/3/correct", json={"values": {"id": 7}})
    assert bad.status_code == 422
    bad = analyst.post("/api/events/3/correct", json={"values": {"event_date": "soon"}})
    assert bad.status_code == 422


def test_reject_hides_the_event(as_role) -> None:
    analyst = as_role("analyst")
    assert analyst.post("/api/events/2/reject").json()["status"] == "rejected"
    assert ids(analyst) == [1, 3]
    assert ids(analyst, include_rejected="true") == [1, 2, 3]
    assert ids(analyst, status="rejected") == [2]
    assert analyst.get("/api/events/histogram").json()["counts"] == [1, 1]


def test_tags_add_filter_remove(as_role) -> None:
    analyst = as_role("analyst")
    assert analyst.post("/api/events/1/tags", json={"tag": " Needs  Source "}).json() == {
        "tags": ["needs source"]
    }
    assert ids(analyst, tag="needs source") == [1]
    assert analyst.delete("/api/events/1/tags/needs source").json() == {"tags": []}
    assert analyst.delete("/api/events/1/tags/needs source").status_code == 404
    assert ids(analyst, tag="needs source") == []
    actions = [c["action"] for c in analyst.get("/api/events/1").json()["history"]]
    assert actions == ["tag", "untag"]


def test_comments(as_role) -> None:
    analyst = as_role("analyst")
    made = analyst.post("/api/events/1/comments", json={"body": "Source is thin."})
    assert made.status_code == 201
    reply = analyst.post(
        "/api/events/1/comments", json={"body": "Agreed.", "parent_id": made.json()["id"]}
    )
    comments = reply.json()["comments"]
    assert [c["body"] for c in comments] == ["Source is thin.", "Agreed."]
    assert comments[1]["parent_id"] == comments[0]["id"] and comments[0]["username"] == "analyst"
    assert analyst.post("/api/events/1/comments", json={"body": " "}).status_code == 422
    assert analyst.post("/api/events/9/comments", json={"body": "x"}).status_code == 404


def test_session_writes_need_the_csrf_header(as_role) -> None:
    analyst = as_role("analyst")
    del analyst.headers["X-CSRF-Token"]
    assert analyst.post("/api/events/1/confirm").status_code == 403
    analyst.headers["X-CSRF-Token"] = "forged"
    assert analyst.post("/api/events/1/confirm").status_code == 403
    assert analyst.get("/api/events/1").json()["status"] == "auto"


def test_token_acts_as_its_user_without_csrf(token_client: TestClient) -> None:
    assert token_client.get("/api/me").json()["user"]["username"] == "analyst"
    event = token_client.post("/api/events/1/confirm").json()
    assert event["status"] == "confirmed" and event["updated_by"] == "analyst"
    assert token_client.get("/api/users").status_code == 403


def test_bad_and_revoked_tokens(app, token_client: TestClient, as_role) -> None:
    stranger = TestClient(app, headers={"Authorization": "Bearer dl_guess"})
    assert stranger.get("/api/events").status_code == 401
    assert token_client.post("/api/tokens", json={"name": "second"}).status_code == 403
    made = as_role("analyst").post("/api/tokens", json={"name": "second"})
    assert made.status_code == 201
    second = TestClient(app, headers={"Authorization": f"Bearer {made.json()['token']}"})
    assert second.get("/api/events").status_code == 200
    listed = token_client.get("/api/tokens").json()["tokens"]
    assert [t["name"] for t in listed] == ["test", "second"]
    assert "token_hash" not in listed[0]
    assert token_client.delete(f"/api/tokens/{listed[1]['id']}").status_code == 204
    assert second.get("/api/events").status_code == 401
    assert token_client.delete(f"/api/tokens/{listed[1]['id']}").status_code == 404


def test_admin_manages_users(as_role, app) -> None:
    admin = as_role("admin")
    names = [u["username"] for u in admin.get("/api/users").json()["users"]]
    assert names == ["admin", "analyst", "viewer"]
    made = admin.post(
        "/api/users", json={"username": "dana", "password": "long enough pw", "role": "viewer"}
    )
    assert made.status_code == 201
    again = admin.post("/api/users", json={"username": "dana", "password": "long enough pw"})
    assert again.status_code == 409
    weak = admin.post("/api/users", json={"username": "eve", "password": "short"})
    assert weak.status_code == 422
    assert (
        as_role("analyst")
        .post("/api/users", json={"username": "x", "password": "long enough pw"})
        .status_code
        == 403
    )


def test_comment_markup_is_returned_as_data(as_role) -> None:
    analyst = as_role("analyst")
    analyst.post("/api/events/1/comments", json={"body": '<img src=x onerror="alert(1)">'})
    body = analyst.get("/api/events/1").json()["comments"][0]["body"]
    assert body == '<img src=x onerror="alert(1)">'
