"""map.js and timeline.js in a real headless chromium, against the harness page and API.

These pin down the front end's own promises independently of the back end: offline outlines and
no tiles unless configured, markers from the GeoJSON, filters that re-query, a timeline drag
that sets since/until and refreshes the map, and popups that show hostile text literally.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

STATIC = Path(__file__).resolve().parents[2] / "src" / "dateline" / "web" / "static"


@pytest.fixture(scope="module")
def site(harness: ModuleType, browser: Any) -> Iterator[tuple[str, list[str]]]:
    with harness.serve(STATIC) as served:
        yield served


def _open(page: Any, url: str) -> None:
    requests: list[str] = []
    page.on("request", lambda req: requests.append(req.url))
    page.requests = requests
    page.goto(url)
    page.wait_for_selector("#map[data-state=ready]")
    page.wait_for_selector("#timeline[data-state=ready]")


def _count(page: Any) -> int:
    return int(page.get_attribute("#map", "data-count"))


def test_map_draws_markers_and_offline_outlines_without_tiles(page: Any, site: tuple) -> None:
    base, _ = site
    _open(page, base + "/")
    assert _count(page) == 3
    assert page.inner_text("#map-status") == "3 events"
    # The world outline is drawn as vector paths; no tile images without a configured tile URL.
    assert page.locator(".leaflet-overlay-pane path").count() > 100
    assert page.locator(".leaflet-tile").count() == 0
    assert all(url.startswith(base) for url in page.requests), page.requests
    assert page.page_errors == []


def test_tiles_load_only_when_configured(page: Any, site: tuple) -> None:
    base, _ = site
    _open(page, base + "/?tiles=1")
    page.wait_for_selector(".leaflet-tile-loaded")
    assert any("/tiles/" in url for url in page.requests)
    assert page.locator(".leaflet-overlay-pane path").count() == 0


def test_form_filters_requery_the_map_and_the_url(page: Any, site: tuple) -> None:
    base, log = site
    _open(page, base + "/")
    page.fill("#filters input[name=since]", "2024-03-04")
    page.dispatch_event("#filters", "change")
    page.wait_for_function("document.querySelector('#map').dataset.count === '2'")
    assert any("since=2024-03-04" in path for path in log if path.startswith("/api/events.geo"))
    assert "since=2024-03-04" in page.url
    page.select_option("#filters select[name=event_type]", "Riots")
    page.wait_for_function("document.querySelector('#map').dataset.count === '1'")
    assert page.inner_text("#map-status") == "1 event"


def test_timeline_drag_sets_the_date_range_and_refreshes_the_map(page: Any, site: tuple) -> None:
    base, _ = site
    _open(page, base + "/")
    assert page.get_attribute("#timeline", "data-days") == "3"
    # Bars: 2024-03-01, 03-05, 03-10. Drag from the start over the first two days only.
    box = page.evaluate(
        """() => {
          const u = window.datelineTimeline.plot();
          const rect = u.over.getBoundingClientRect();
          const day = 86400;
          const start = Date.UTC(2024, 2, 1) / 1000;
          return {
            y: rect.top + rect.height / 2,
            x0: rect.left + u.valToPos(start - day / 3, 'x'),
            x1: rect.left + u.valToPos(start + 4 * day + day / 3, 'x'),
          };
        }"""
    )
    page.mouse.move(box["x0"], box["y"])
    page.mouse.down()
    page.mouse.move((box["x0"] + box["x1"]) / 2, box["y"], steps=5)
    page.mouse.move(box["x1"], box["y"], steps=5)
    page.mouse.up()
    page.wait_for_function("document.querySelector('#map').dataset.count === '2'")
    assert page.input_value("#filters input[name=since]") == "2024-03-01"
    assert page.input_value("#filters input[name=until]") == "2024-03-05"
    # "All dates" clears the range and brings every marker back.
    page.click("#timeline .timeline-clear")
    page.wait_for_function("document.querySelector('#map').dataset.count === '3'")
    assert page.input_value("#filters input[name=since]") == ""


def test_popup_shows_hostile_text_literally(page: Any, site: tuple, harness: ModuleType) -> None:
    base, _ = site
    _open(page, base + "/")
    page.evaluate(
        """() => new Promise((done, fail) => {
          setTimeout(() => fail(new Error('marker not shown in 5 s')), 5000);
          const group = window.datelineMap.clusters;
          const hostile = group.getLayers().find((m) => m.options.title.includes('onerror'));
          group.zoomToShowLayer(hostile, () => { hostile.openPopup(); done(); });
        })"""
    )
    popup = page.wait_for_selector(".leaflet-popup-content .event-popup")
    text = popup.inner_text()
    assert harness.HOSTILE in text
    assert popup.query_selector("img, script") is None
    href = popup.query_selector("a.event-link").get_attribute("href")
    assert href == "/events/2"
    page.wait_for_timeout(200)
    assert page.evaluate("typeof window.__pwned") == "undefined"


def test_timeline_axis_fits_the_data_with_day_week_or_month_bars(page: Any, site: tuple) -> None:
    base, _ = site
    _open(page, base + "/?country=CO")  # one event, on 2024-03-10
    page.wait_for_function("document.querySelector('#map').dataset.count === '1'")
    page.wait_for_function("document.querySelector('#timeline').dataset.days === '1'")
    fit = page.evaluate(
        """() => {
          const u = window.datelineTimeline.plot();
          const day = Date.UTC(2024, 2, 10) / 1000;
          return {min: u.scales.x.min, max: u.scales.x.max, day: day,
                  x: u.valToPos(day, 'x'), width: u.bbox.width / devicePixelRatio};
        }"""
    )
    assert fit["min"] >= fit["day"] - 2 * 86400 and fit["max"] <= fit["day"] + 2 * 86400
    assert abs(fit["x"] - fit["width"] / 2) < fit["width"] * 0.1  # the bar in the middle
    assert page.get_attribute("#timeline", "data-bin") == "day"
    bins = page.evaluate(
        """() => {
          const t = window.datelineTimeline;
          const weeks = t.bins(['2024-01-01', '2024-01-03', '2024-05-20'], [1, 2, 4]);
          const months = t.bins(['2021-01-05', '2021-01-20', '2024-02-01'], [1, 1, 3]);
          return {week: [weeks.bin, weeks.ys], month: [months.bin, months.ys]};
        }"""
    )
    assert bins["week"] == ["week", [3, 4]]
    assert bins["month"] == ["month", [2, 3]]


def test_popups_show_actors_and_status_and_markers_are_coloured_by_type(
    page: Any, site: tuple
) -> None:
    base, _ = site
    _open(page, base + "/")
    page.evaluate(
        """() => new Promise((done, fail) => {
          setTimeout(() => fail(new Error('marker not shown in 5 s')), 5000);
          const group = window.datelineMap.clusters;
          const kharkiv = group.getLayers().find((m) => m.options.title === 'Kharkiv');
          group.zoomToShowLayer(kharkiv, () => { kharkiv.openPopup(); done(); });
        })"""
    )
    page.wait_for_selector(".leaflet-popup-content .event-popup")
    rows = page.eval_on_selector(
        ".leaflet-popup-content .event-popup dl",
        """(dl) => Object.fromEntries([...dl.querySelectorAll('dt')].map(
             (dt) => [dt.textContent, dt.nextElementSibling.textContent]))""",
    )
    assert rows["Actor 1"] == "Military Forces of Russia (2000-)"
    assert rows["Actor 2"] == "Civilians (Ukraine)"
    assert rows["Fatalities"] == "3" and rows["Status"] == "confirmed"
    assert page.get_attribute(".leaflet-popup-content a.event-link", "href") == "/events/1"
    colours = page.eval_on_selector_all(
        ".event-marker .event-dot", "(dots) => dots.map((d) => d.style.background)"
    )
    assert colours and len(set(colours)) == len(colours)  # three types, three colours
    legend = page.inner_text("#map-legend")
    assert "Battles" in legend and "Riots" in legend
