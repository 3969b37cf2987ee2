"""Sources in the API (issue 18, point 1): admins add and remove them, viewers read their
health; others are refused."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from dateline.store.users import create_token


def client_of(app, engine: Engine, user_id: int) -> TestClient:
    with engine.begin() as conn:
        token = create_token(conn, user_id, "test")
    return TestClient(app, headers={"Authorization": f"Bearer {token}"})


def test_admins_manage_sources_and_viewers_read_them(app, filled, users) -> None:
    admin = client_of(app, filled, users["admin"])
    viewer = client_of(app, filled, users["viewer"])
    body = {"name": "wire", "url": "http://127.0.0.1:9/feed.xml", "poll_minutes": 15}
    assert viewer.post("/api/sources", json=body).status_code == 403
    made = admin.post("/api/sources", json=body)
    assert made.status_code == 201, made.text
    assert made.json()["poll_minutes"] == 15 and made.json()["items"] == {}
    assert admin.post("/api/sources", json=body).status_code == 422  # the name is taken
    bad = admin.post("/api/sources", json={**body, "name": "x", "kind": "podcast"})
    assert bad.status_code == 422 and "kind" in bad.json()["detail"]
    listed = viewer.get("/api/sources").json()["sources"]
    assert [s["name"] for s in listed] == ["wire"] and listed[0]["errors"] == 0
    assert viewer.get("/api/sources/wire").json()["kind"] == "feed"
    assert viewer.delete("/api/sources/wire").status_code == 403
    assert admin.delete("/api/sources/wire").status_code == 204
    assert admin.get("/api/sources/wire").status_code == 404
    assert TestClient(app).get("/api/sources").status_code == 401
