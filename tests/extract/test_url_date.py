"""The day a news URL carries in its path dates a page that states none."""

from __future__ import annotations

from datetime import date

import pytest

from dateline.extract.stamps import url_date


@pytest.mark.parametrize(
    ("url", "day"),
    [
        ("https://example.org/news/2018/03/31/police-arrest-five", date(2018, 3, 31)),
        ("https://example.org/world/2019/nov/18/a-city-on-the-brink", date(2019, 11, 18)),
        ("https://example.org/world/2016/May/2/talks-resume", date(2016, 5, 2)),
        ("https://example.org/world/2019/feb/31/no-such-day", None),
        ("https://example.org/world/2019/news/18/not-a-month", None),
        ("https://example.org/about-us", None),
        (None, None),
    ],
)
def test_the_day_in_a_url(url: str | None, day: date | None) -> None:
    found = url_date(url)
    assert (found.date() if found else None) == day
