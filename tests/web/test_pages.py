"""Server-rendered pages: log-in, roles, CSRF on every form, escaping of hostile text,
review forms, and the map page's contract with the front end."""

from __future__ import annotations

import json
import re

from fastapi.testclient import TestClient

HOSTILE = '<script>alert("owned")</script>'  # in the second article's title and text (conftest)


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF token on the page"
    return found.group(1)


PAGES = ["/", "/events", "/events/2", "/articles"]


def test_anonymous_pages_go_to_login(client: TestClient) -> None:
    for path in PAGES:
        response = client.get(path, follow_redirects=False)
        assert response.status_code == 303
        assert response.headers["location"].startswith("/login?next=")
    assert client.get("/login").status_code == 200


def test_login_wrong_password_then_right_one_follows_next(client: TestClient) -> None:
    page = client.get("/login", params={"next": "/events/2"})
    token = csrf_of(page.text)
    assert 'id="login"' in page.text and 'name="username"' in page.text
    wrong = client.post(
        "/login",
        data={"username": "viewer", "password": "nope", "csrf_token": token, "next": "/events/2"},
    )
    assert wrong.status_code == 401 and "Wrong user name or password" in wrong.text
    unknown = client.post(
        "/login", data={"username": "ghost", "password": "nope", "csrf_token": token}
    )
    assert unknown.status_code == 401
    right = client.post(
        "/login",
        data={
            "username": "viewer",
            "password": "correct horse battery",
            "csrf_token": token,
            "next": "/events/2",
        },
        follow_redirects=False,
    )
    assert right.status_code == 303 and right.headers["location"] == "/events/2"
    assert client.get("/events/2").status_code == 200


def test_login_never_redirects_off_site(client: TestClient) -> None:
    token = csrf_of(client.get("/login").text)
    response = client.post(
        "/login",
        data={
            "username": "viewer",
            "password": "correct horse battery",
            "csrf_token": token,
            "next": "//evil.example/",
        },
        follow_redirects=False,
    )
    assert response.headers["location"] == "/"


def test_login_form_needs_csrf(client: TestClient) -> None:
    client.get("/login")
    response = client.post(
        "/login", data={"username": "viewer", "password": "correct horse battery"}
    )
    assert response.status_code == 403
    assert client.get("/api/me").json() == {"user": None}


def test_map_page_contract(as_role) -> None:
    html = as_role("viewer").get("/").text
    assert (
        '<div id="map" data-geojson="/api/events.geojson" data-labels="/api/places/labels"'
        ' data-admin1="/api/places/admin1">' in html
    )
    assert '<div id="timeline" data-histogram="/api/events/histogram"></div>' in html
    assert '<form id="filters"' in html
    for name in ("country", "since", "until", "event_type", "q"):
        assert f'name="{name}"' in html
    assets = re.findall(r'(?:href|src)="(/static/[^"]+)"', html)
    assert assets == [
        "/static/css/app.css",
        "/static/vendor/leaflet/leaflet.css",
        "/static/vendor/leaflet.markercluster/MarkerCluster.css",
        "/static/vendor/leaflet.markercluster/MarkerCluster.Default.css",
        "/static/vendor/uplot/uPlot.min.css",
        "/static/vendor/leaflet/leaflet.js",
        "/static/vendor/leaflet.markercluster/leaflet.markercluster.js",
        "/static/vendor/uplot/uPlot.iife.min.js",
        "/static/vendor/topojson-client/topojson-client.min.js",
        "/static/js/outlines.js",
        "/static/js/map.js",
        "/static/js/timeline.js",
    ]
    config = re.search(r'<script id="config" type="application/json">(.*?)</script>', html)
    assert json.loads(config.group(1)) == {"tile_url": None}


def test_events_table_filters(as_role) -> None:
    viewer = as_role("viewer")
    html = viewer.get("/events", params={"country": "SY", "since": "", "q": ""}).text
    assert re.findall(r'<tr data-id="(\d+)"', html) == ["3", "2"]
    assert 'href="/api/events.csv?country=SY"' in html
    assert viewer.get("/events", params={"since": "nope"}).status_code == 422


def test_hostile_article_text_is_escaped(as_role) -> None:
    viewer = as_role("viewer")
    document_id = next(
        a["document_id"]
        for a in viewer.get("/api/articles").json()["articles"]
        if a["title"].startswith("Strikes")
    )
    for path in ("/events/2", f"/articles/{document_id}", "/articles"):
        html = viewer.get(path).text
        assert HOSTILE not in html
        assert "<script>alert" not in html
    article = viewer.get(f"/articles/{document_id}").text
    assert "&lt;script&gt;alert(&#34;owned&#34;)&lt;/script&gt;" in article
    assert '<mark class="evidence" title="Air/drone strike">Warplanes struck Aleppo' in article


def test_event_page_highlights_evidence_and_shows_who_updated(as_role) -> None:
    viewer = as_role("viewer")
    html = viewer.get("/events/2").text
    assert (
        '<mark class="evidence">Warplanes struck Aleppo on Tuesday, killing 3 people.</mark>'
        in html
    )
    assert "Rebels and soldiers clashed" in html  # the sentence after, as context
    assert "by the machine" in html
    assert 'id="review"' not in html and 'id="reply"' not in html  # viewers do not review
    assert 'href="https://news.example/two.txt"' in html
    assert viewer.get("/events/99").status_code == 404


def test_pages_send_a_content_security_policy(as_role) -> None:
    response = as_role("viewer").get("/events/2")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("style-src")[0]
    assert response.headers["x-content-type-options"] == "nosniff"


def test_analyst_reviews_through_the_forms(as_role) -> None:
    analyst = as_role("analyst")
    page = analyst.get("/events/3").text
    token = csrf_of(page)
    for element in (
        'id="review"',
        'name="sub_event_type"',
        'id="confirm"',
        'id="correct"',
        'id="reject"',
        'id="reply"',
        'name="body"',
        'id="tags"',
        'name="tag"',
        'id="history"',
    ):
        assert element in page
    sent = analyst.post(
        "/events/3/review",
        data={
            "csrf_token": token,
            "action": "correct",
            "sub_event_type": "Non-state actor overtakes territory",
            "event_date": "2024-05-08",
            "actor1": "Rebels",
            "actor2": "",
            "location": "Aleppo",
            "fatalities": "2",
        },
        follow_redirects=False,
    )
    assert sent.status_code == 303 and sent.headers["location"] == "/events/3"
    event = analyst.get("/api/events/3").json()
    assert event["status"] == "corrected" and event["fatalities"] == 2
    assert event["sub_event_type"] == "Non-state actor overtakes territory"
    fields = {c["field"] for c in event["history"]}
    assert fields == {"sub_event_type", "fatalities", "status"}
    analyst.post("/events/3/tags", data={"csrf_token": token, "tag": "front line"})
    analyst.post("/events/3/reply", data={"csrf_token": token, "body": f"See {HOSTILE}"})
    html = analyst.get("/events/3").text
    assert "front line" in html and "<script>alert" not in html
    assert "See &lt;script&gt;" in html
    assert "by analyst" in html
    history = html.split('id="history"')[1]
    assert "Armed clash" in history and "Non-state actor overtakes territory" in history
    analyst.post(
        "/events/3/tags", data={"csrf_token": token, "tag": "front line", "action": "remove"}
    )
    assert analyst.get("/api/events/3").json()["tags"] == []
    analyst.post("/events/3/review", data={"csrf_token": token, "action": "reject"})
    assert analyst.get("/api/events/3").json()["status"] == "rejected"
    bad = analyst.post("/events/3/review", data={"csrf_token": token, "action": "delete"})
    assert bad.status_code == 422


def test_forms_without_the_csrf_token_are_refused(as_role) -> None:
    analyst = as_role("analyst")
    assert analyst.post("/events/1/review", data={"action": "confirm"}).status_code == 403
    forged = {"action": "confirm", "csrf_token": "forged"}
    assert analyst.post("/events/1/review", data=forged).status_code == 403
    assert analyst.post("/events/1/reply", data={"body": "hi"}).status_code == 403
    assert analyst.post("/events/1/tags", data={"tag": "x"}).status_code == 403
    event = analyst.get("/api/events/1").json()
    assert event["status"] == "auto" and event["comments"] == [] and event["tags"] == []


def test_viewer_cannot_post_review_forms(as_role) -> None:
    viewer = as_role("viewer")
    token = csrf_of(viewer.get("/events/1").text)
    data = {"csrf_token": token, "action": "confirm"}
    assert viewer.post("/events/1/review", data=data).status_code == 403
    assert (
        viewer.post("/events/1/reply", data={"csrf_token": token, "body": "x"}).status_code == 403
    )
    assert viewer.get("/api/events/1").json()["status"] == "auto"


def test_logout_ends_the_session(as_role) -> None:
    browser = as_role("admin")
    token = csrf_of(browser.get("/events").text)
    assert (
        browser.post("/logout", data={"csrf_token": token}, follow_redirects=False).status_code
        == 303
    )
    assert browser.get("/events", follow_redirects=False).status_code == 303


def test_a_configured_tile_server_is_allowed_and_passed_to_the_map() -> None:
    from dateline.web.app import content_security_policy

    policy = content_security_policy("https://{s}.tile.example.org/{z}/{x}/{y}.png")
    assert "img-src 'self' data: https://*.tile.example.org;" in policy
    assert "img-src 'self' data:;" in content_security_policy(None)


def test_map_page_carries_the_tile_url(filled, users) -> None:
    from dateline.settings import Settings
    from dateline.web.app import create_app
    from dateline.web.config import WebSettings

    url = filled.url.render_as_string(False)
    tiles = "https://tiles.example.org/{z}/{x}/{y}.png?a=<b>"
    app = create_app(WebSettings(core=Settings(database_url=url), tile_url=tiles))
    browser = TestClient(app)
    token = csrf_of(browser.get("/login").text)
    form = {"username": "viewer", "password": "correct horse battery", "csrf_token": token}
    browser.post("/login", data=form)
    html = browser.get("/").text
    config = re.search(r'<script id="config" type="application/json">(.*?)</script>', html)
    assert "<b>" not in config.group(1)  # escaped for a script element
    assert json.loads(config.group(1)) == {"tile_url": tiles}
    app.state.engine.dispose()
