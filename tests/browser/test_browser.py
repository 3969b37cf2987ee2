"""The web app end to end in headless chromium: log in, filter the map, open an event from the
map, correct it, reply, see the change in its history, and prove hostile article text is shown
literally and never runs.

One real server for the module: sample pages plus a hostile one are ingested with the real
`dateline ingest` into a temporary SQLite database, an admin is created with the store's own
functions, and the real `dateline serve` runs as a subprocess on a free port. Screenshots of the
map page and the event page go to bench/results/screenshots/.
"""

from __future__ import annotations

import ctypes
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.browser.conftest import add_admin, log_in
from tests.conftest import free_port, installed_dateline

pytest.importorskip("dateline.web.app", reason="the web app (dateline.web.app) is not available")

PROJECT = Path(__file__).resolve().parents[2]
SAMPLES = PROJECT / "samples" / "pages"
PAGES = (
    "ukraine-kharkiv-shelling.html",
    "kabul-bank-bombing.txt",
    "bogota-riot.html",
    "mali-menaka.html",
    "myanmar-kanbalu-airstrike.html",
    "kenya-protests.txt",
)
SCRIPT = "<script>window.__pwned = 1</script>"
IMG = '<img src=x onerror="window.__pwned = 1">'
HOSTILE_TEXT = (
    f"KANDAHAR, Afghanistan — Gunmen attacked a village near Kandahar on Monday {SCRIPT}, "
    f"killing four civilians {IMG}, police said. Witnesses said the attackers fled on "
    "motorbikes before security forces arrived."
)
USER, PASSWORD = "ana", "correct horse battery staple"


def _die_with_parent() -> None:
    """Linux: the server gets SIGTERM when the test process dies, even if pytest is killed."""
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


def _wait_until_up(base: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"dateline serve exited: {log.read_text(errors='replace')[-2000:]}")
        try:
            if httpx.get(base + "/login", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    pytest.fail("dateline serve did not answer within 60 s")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, browser: Any) -> Iterator[str]:
    """Base URL of a live `dateline serve` over freshly ingested pages and one admin user."""
    root = tmp_path_factory.mktemp("web")
    pages = root / "pages"
    pages.mkdir()
    for name in PAGES:
        shutil.copy(SAMPLES / name, pages / name)
    record = {"text": HOSTILE_TEXT, "url": "https://example.org/k", "published": "2024-06-04"}
    (pages / "hostile.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    url = f"sqlite:///{root / 'web.db'}"
    command = [installed_dateline()]
    subprocess.run(
        [*command, "ingest", "--db", url, str(pages)], check=True, capture_output=True, timeout=300
    )
    add_admin(url, USER, PASSWORD)

    port = free_port()
    log = root / "serve.log"
    env = {**os.environ, "DATELINE_SECRET_KEY": "browser-test-secret", "DATELINE_TILE_URL": ""}
    with log.open("wb") as sink:
        proc = subprocess.Popen(
            [*command, "serve", "--db", url, "--host", "127.0.0.1", "--port", str(port)],
            stdout=sink,
            stderr=subprocess.STDOUT,
            env=env,
            preexec_fn=_die_with_parent if sys.platform == "linux" else None,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, proc, log)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _map_ready(page: Any) -> int:
    page.wait_for_selector("#map[data-state=ready]")
    page.wait_for_selector("#timeline[data-state=ready]")
    return int(page.get_attribute("#map", "data-count"))


def _api(page: Any, path: str) -> Any:
    """A GET with the page's own session cookie."""
    return page.evaluate("(p) => fetch(p).then((r) => r.json())", path)


def _hostile_event_id(page: Any) -> int:
    features = _api(page, "/api/events.geojson?q=Kandahar")["features"]
    ids = [f["properties"]["id"] for f in features if f["properties"]["fatalities"] == 4]
    assert ids, features
    return ids[0]


def test_wrong_password_is_refused(page: Any, server: str) -> None:
    page.goto(server + "/login")
    page.fill("#login input[name=username]", USER)
    page.fill("#login input[name=password]", "not the password")
    page.click("#login button[type=submit]")
    assert page.inner_text("#login-error")
    assert "/login" in page.url


def test_log_in_and_see_markers_on_the_map(page: Any, server: str) -> None:
    log_in(page, server, USER, PASSWORD)
    assert USER in page.inner_text("#whoami")
    count = _map_ready(page)
    expected = [f for f in _api(page, "/api/events.geojson")["features"] if f["geometry"]]
    assert count == len(expected) >= 10
    assert page.locator(".leaflet-marker-icon").count() > 0
    # Offline outlines, no tiles: nothing asked of any host but this server.
    assert page.locator(".leaflet-overlay-pane path").count() > 100
    assert page.locator(".leaflet-tile").count() == 0
    # The scripts work under the server's Content-Security-Policy (no inline code, no eval).
    assert page.page_errors == []
    assert not [m for m in page.console_errors if "Content Security Policy" in m]


def test_date_range_changes_the_markers(page: Any, server: str, screenshots_dir: Path) -> None:
    log_in(page, server, USER, PASSWORD)
    before = _map_ready(page)
    page.screenshot(path=str(screenshots_dir / "map.png"), full_page=True)
    days = _api(page, "/api/events/histogram")["days"]
    since, until = days[1], days[-2]
    wanted = _api(page, f"/api/events.geojson?since={since}&until={until}")["features"]
    expected = sum(1 for f in wanted if f["geometry"])
    assert 0 < expected < before
    page.fill("#filters input[name=since]", since)
    page.fill("#filters input[name=until]", until)
    page.dispatch_event("#filters", "change")
    page.wait_for_function(
        "(n) => document.querySelector('#map').dataset.count === String(n)", arg=expected
    )
    assert f"since={since}" in page.url
    # The timeline keeps every day and shades the chosen range.
    assert page.get_attribute("#timeline", "data-days") == str(len(days))
    assert page.locator("#timeline .u-select").bounding_box()["width"] > 0
    page.screenshot(path=str(screenshots_dir / "map-filtered.png"), full_page=True)


def test_open_correct_reply_and_see_history(page: Any, server: str, screenshots_dir: Path) -> None:
    log_in(page, server, USER, PASSWORD)
    _map_ready(page)
    # Open an event from a (single, unclustered) marker's popup, as an analyst would.
    page.click(".leaflet-marker-icon:not(.marker-cluster)")
    page.click(".leaflet-popup-content a.event-link")
    page.wait_for_url("**/events/*")
    old = page.inner_text("[data-field=sub_event_type]").strip()
    choices = page.eval_on_selector_all(
        "#review select[name=sub_event_type] option", "(opts) => opts.map((o) => o.value)"
    )
    assert old in choices and len(choices) == 25
    new = next(c for c in choices if c != old)
    page.select_option("#review select[name=sub_event_type]", new)
    page.fill("#review input[name=note]", "the source says otherwise")
    page.click("#review #correct")
    page.wait_for_load_state()
    assert page.inner_text("[data-field=sub_event_type]").strip() == new
    assert page.inner_text("#status").strip() == "corrected"
    history = page.inner_text("#history")
    assert old in history and new in history and USER in history

    reply = f"Checked against the regional report: {new}, not {old}."
    page.fill("#reply textarea[name=body]", reply)
    page.click("#reply button[type=submit]")
    page.wait_for_load_state()
    assert reply in page.inner_text("#comments")
    assert new in page.inner_text("#history")
    page.screenshot(path=str(screenshots_dir / "event.png"), full_page=True)
    assert page.page_errors == []


def test_hostile_text_is_shown_literally_and_never_runs(page: Any, server: str) -> None:
    log_in(page, server, USER, PASSWORD)
    _map_ready(page)
    event_id = _hostile_event_id(page)
    page.goto(f"{server}/events/{event_id}")
    evidence = page.inner_text("#sources")
    assert SCRIPT in evidence and IMG in evidence
    assert page.locator("#sources script, #sources img").count() == 0
    page.wait_for_timeout(300)
    assert page.evaluate("typeof window.__pwned") == "undefined"

    page.click("#sources a[href^='/articles/']")
    page.wait_for_url("**/articles/*")
    text = page.inner_text("#article-text")
    assert SCRIPT in text and IMG in text
    assert page.locator("#article-text script, #article-text img").count() == 0
    page.wait_for_timeout(300)
    assert page.evaluate("typeof window.__pwned") == "undefined"


def test_review_form_keeps_edits_and_picks_coordinates_on_the_map(
    page: Any, server: str, screenshots_dir: Path
) -> None:
    log_in(page, server, USER, PASSWORD)
    _map_ready(page)
    event_id = _hostile_event_id(page)
    page.goto(f"{server}/events/{event_id}")
    page.wait_for_selector("#pick-map[data-state=ready]")
    assert page.inner_text("[data-field=notes]").strip()
    assert page.is_enabled("#review #confirm")
    # Typed fatalities 7: Confirm can no longer throw the edit away.
    page.fill("#review input[name=fatalities]", "7")
    assert page.is_disabled("#review #confirm")
    assert "fatalities" in page.inner_text("#review-hint")
    # A click on the map writes the point into latitude and longitude (5 places).
    old = page.input_value("#review input[name=latitude]")
    box = page.locator("#pick-map").bounding_box()
    spot = {"x": box["width"] * 0.3, "y": box["height"] * 0.4}
    page.locator("#pick-map").click(position=spot)
    picked = page.input_value("#review input[name=latitude]")
    assert picked != old and len(picked.split(".")[1]) == 5
    page.select_option("#review select[name=geo_precision]", "2")
    page.select_option("#review select[name=actor1_inter]", "3")
    page.fill("#review input[name=admin1]", "Kandahar")
    page.fill("#review input[name=assoc_actors]", "Villagers (Afghanistan)")
    page.fill("#review textarea[name=notes]", "Four civilians killed; police report.")
    page.screenshot(path=str(screenshots_dir / "review-form.png"), full_page=True)
    page.click("#review #correct")
    page.wait_for_load_state()
    assert page.inner_text("[data-field=fatalities]").strip() == "7"
    assert float(page.inner_text("[data-field=latitude]")) == float(picked)
    assert page.inner_text("[data-field=actor1_inter]").strip() == "3"
    assert page.inner_text("[data-field=assoc_actors]").strip() == "Villagers (Afghanistan)"
    assert "police report" in page.inner_text("[data-field=notes]")
    assert page.is_enabled("#review #confirm")
    assert page.page_errors == []


def test_filters_live_in_the_url_and_drive_the_downloads(
    page: Any, server: str, screenshots_dir: Path
) -> None:
    log_in(page, server, USER, PASSWORD)
    _map_ready(page)
    countries = {f["properties"]["iso"] for f in _api(page, "/api/events.geojson")["features"]}
    country = sorted(c for c in countries if c)[0]
    page.fill("#filters input[name=country]", country)
    page.dispatch_event("#filters", "change")
    expected = len(_api(page, f"/api/events.geojson?country={country}")["features"])
    page.wait_for_function(
        "(n) => document.querySelector('#map').dataset.count === String(n)", arg=expected
    )
    assert f"country={country}" in page.url
    for fmt in ("csv", "json", "geojson", "parquet"):
        href = page.get_attribute(f"#downloads a[data-export={fmt}]", "href")
        assert href == f"/api/events.{fmt}?country={country}", href
    page.screenshot(path=str(screenshots_dir / "map-filtered-downloads.png"), full_page=True)
    # A date typed in another format is refused on the page, not sent.
    page.fill("#filters input[name=since]", "03/06/2024")
    page.dispatch_event("#filters", "change")
    page.wait_for_selector("#filter-error:not([hidden])")
    assert "YYYY-MM-DD" in page.inner_text("#filter-error")
    assert "since=" not in page.url
    # A bookmarked view opens as it was left: the form, the map and the downloads.
    bookmark = f"/?country={country}&min_fatalities=1&status=auto"
    page.goto(server + bookmark)
    wanted = _api(page, "/api/events.geojson" + bookmark[1:])["features"]
    assert _map_ready(page) == len(wanted)
    assert page.input_value("#filters input[name=min_fatalities]") == "1"
    assert page.input_value("#filters select[name=status]") == "auto"
    href = page.get_attribute("#downloads a[data-export=csv]", "href")
    assert "min_fatalities=1" in href and f"country={country}" in href
    assert page.page_errors == []


def test_dashboard_from_the_nav_follows_the_filter(
    page: Any, server: str, screenshots_dir: Path
) -> None:
    log_in(page, server, USER, PASSWORD)
    page.click("#nav-dashboard")
    page.wait_for_url("**/dashboard")
    figures = _api(page, "/api/dashboard")
    queue = figures["queue"]["events"]
    assert queue and page.locator("#review-queue tbody tr[data-id]").count() == len(queue)
    first = page.get_attribute("#review-queue tbody tr[data-id]", "data-id")
    assert int(first) == queue[0]["id"]
    assert page.locator("#weekly tbody tr[data-week]").count() == len(figures["weekly"]["weeks"])
    assert page.locator("#top-actors tbody tr").count() == len(figures["top_actors"])
    page.screenshot(path=str(screenshots_dir / "dashboard.png"), full_page=True)
    country = queue[0]["country"]
    page.fill("#filters input[name=country]", country)
    page.click("#filters button[type=submit]")
    page.wait_for_url(f"**/dashboard?*country={country}*")
    rows = page.locator("#review-queue tbody tr[data-id]")
    wanted = _api(page, f"/api/dashboard?country={country}")["queue"]["events"]
    assert rows.count() == len(wanted) <= len(queue)
    assert page.page_errors == []


def _labels_shown(page: Any) -> list[str]:
    return page.eval_on_selector_all(
        ".place-label .place-name", "els => els.map(e => e.textContent)"
    )


# Sets the view until it holds (the map's own first fit may still be under way), then waits
# for a label of that name.
LABEL_AT = """([lat, lon, zoom, name]) => {
    const map = window.datelineMap.map;
    if (map.getZoom() !== zoom) map.setView([lat, lon], zoom, {animate: false});
    return [...document.querySelectorAll('.place-name')].some((e) => e.textContent === name);
}"""


def test_offline_map_labels_places_by_zoom(page: Any, server: str, screenshots_dir: Path) -> None:
    log_in(page, server, USER, PASSWORD)
    _map_ready(page)
    page.wait_for_function(LABEL_AT, arg=[49.0, 32.0, 4, "Kyiv"], polling=200)
    shown = _labels_shown(page)
    assert "Kyiv" in shown and "Kharkiv" not in shown
    page.wait_for_function(LABEL_AT, arg=[48.6, 32.0, 6, "Kharkiv"], polling=200)
    shown = _labels_shown(page)
    assert {"Kyiv", "Kharkiv", "Odesa", "Dnipro"} <= set(shown)
    assert shown.count("Kyiv") == 1 and "Darnytsya" not in shown  # a district of Kyiv
    page.screenshot(path=str(screenshots_dir / "map-labels.png"), full_page=True)
    assert page.page_errors == []


# Sets the view until it holds, then waits for Ukraine's admin-1 lines (shown) or for none.
ADMIN1_AT = """([lat, lon, zoom, shown]) => {
    const map = window.datelineMap.map;
    if (map.getZoom() !== zoom) map.setView([lat, lon], zoom, {animate: false});
    const count = map.getContainer().getAttribute('data-admin1-shown');
    const ukraine = document.querySelector('#map .leaflet-admin1-pane path.admin1-ukr');
    return shown ? count !== null && count !== '0' && ukraine !== null : count === '0';
}"""


def _stroke_widths(page: Any, selector: str) -> set[float]:
    return set(
        page.eval_on_selector_all(
            selector, "els => els.map(e => parseFloat(e.getAttribute('stroke-width')))"
        )
    )


def test_offline_map_draws_admin1_outlines_zoomed_in(
    page: Any, server: str, screenshots_dir: Path
) -> None:
    log_in(page, server, USER, PASSWORD)
    _map_ready(page)
    page.wait_for_function(ADMIN1_AT, arg=[49.0, 32.0, 3, False], polling=200)
    assert page.locator("#map .leaflet-admin1-pane path").count() == 0
    page.wait_for_function(ADMIN1_AT, arg=[49.0, 32.0, 7, True], polling=200)
    # The borders between Ukraine's oblasts, thinner than the country borders under them.
    admin1 = _stroke_widths(page, "#map .leaflet-admin1-pane path")
    borders = _stroke_widths(page, "#map .leaflet-overlay-pane path")
    assert admin1 and borders and max(admin1) < min(borders)
    assert page.locator("#map .leaflet-admin1-pane path.admin1-rus").count() == 1
    page.wait_for_function(LABEL_AT, arg=[49.0, 32.0, 7, "Kyiv"], polling=200)
    page.screenshot(path=str(screenshots_dir / "map-admin1.png"), full_page=True)
    # Zoomed out again they leave the map (and come back from the browser's memory).
    page.wait_for_function(ADMIN1_AT, arg=[49.0, 32.0, 4, False], polling=200)
    assert page.get_attribute("#map", "data-admin1-shown") == "0"
    page.wait_for_function(ADMIN1_AT, arg=[48.5, 35.0, 6, True], polling=200)
    # The event page's small map draws them with the same code.
    ukraine = _api(page, "/api/events.geojson?country=UA")["features"]
    assert ukraine
    page.goto(f"{server}/events/{ukraine[0]['properties']['id']}")
    page.wait_for_selector("#pick-map .leaflet-admin1-pane path.admin1-ukr", state="attached")
    assert page.page_errors == [] and page.console_errors == []
