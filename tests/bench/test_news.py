"""bench.news: scoring mentions against hand-coded real news (most articles with no event)."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

ROOT = str(Path(__file__).resolve().parents[2])
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

from bench.events import Pred  # noqa: E402
from bench.news import date_right, load_news, main, score_article  # noqa: E402

SENTENCE = "Gunmen killed five villagers in Gidan Kara on Sunday, residents said."


def mention(sub: str, evidence: str, when: date | None = None, **extra) -> dict:
    pred = Pred("Violence against civilians", sub, None, None, None, when, None,
                extra.pop("background", False), evidence)  # fmt: skip
    return {"pred": pred, "date_to": None, "lat": None, "lon": None, "reasons": ["r"], **extra}


def write_gold(path: Path, rows: list[dict]) -> Path:
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def article(events: list[dict], text: str = SENTENCE) -> dict:
    return {"id": "x:1", "source": "X", "title": "t", "url": None, "published": "2020-05-10",
            "text": text, "conflict": bool(events), "events": events}  # fmt: skip


GOLD_EVENT = {"event_type": "Violence against civilians", "sub_event_type": "Attack",
              "location": "Gidan Kara", "country": "NG", "geonameid": None,
              "date": "2020-05-10", "fatalities": 5, "background": False, "optional": False,
              "evidence": SENTENCE}  # fmt: skip


def test_a_false_event_in_an_article_with_none_counts_against_precision(tmp_path) -> None:
    (doc,) = load_news(write_gold(tmp_path / "g.jsonl", [article([])]))
    score, lines = score_article(doc, [mention("Attack", SENTENCE)])
    assert (score.events.tp, score.events.pred, score.events.gold) == (0, 1, 0)
    assert score.quiet_articles == 1 and score.false_in_quiet == 1
    assert lines[0].startswith("FALSE")


def test_the_right_event_is_found_and_its_date_checked(tmp_path) -> None:
    (doc,) = load_news(write_gold(tmp_path / "g.jsonl", [article([GOLD_EVENT])]))
    right = mention("Attack", SENTENCE, date(2020, 5, 10))
    score, lines = score_article(doc, [right, mention("Attack", SENTENCE)])  # a second telling
    assert (score.events.tp, score.events.pred, score.events.gold) == (1, 1, 1)
    assert (score.date.tp, score.date.gold) == (1, 1)
    assert score.quiet_articles == 0 and lines == []
    wrong_type, _ = score_article(doc, [mention("Abduction/forced disappearance", SENTENCE)])
    assert (wrong_type.events.tp, wrong_type.events.pred) == (0, 1)


def test_background_mentions_count_neither_way(tmp_path) -> None:
    (doc,) = load_news(write_gold(tmp_path / "g.jsonl", [article([])]))
    score, _ = score_article(doc, [mention("Attack", SENTENCE, background=True)])
    assert score.events.pred == 0 and score.false_in_quiet == 0


def test_a_range_is_right_only_when_it_holds_the_day_and_is_no_vaguer_than_a_month() -> None:
    gold = {"date": "2016-03-27"}
    near = mention("Attack", SENTENCE, date(2016, 3, 20), date_to=date(2016, 4, 10))
    assert date_right(near, gold)
    vague = mention("Attack", SENTENCE, date(2016, 1, 1), date_to=date(2016, 6, 30))
    assert not date_right(vague, gold)
    assert date_right(mention("Attack", SENTENCE, date(2016, 3, 27)), gold)
    assert date_right(mention("Attack", SENTENCE), {"date": None}) is None


def test_main_writes_results_and_the_listing(tmp_path) -> None:
    gold = write_gold(tmp_path / "x.dev.jsonl", [article([GOLD_EVENT]), article([])])
    out = tmp_path / "news.json"
    assert main([str(gold), "--output", str(out), "--workers", "1"]) == 0
    result = json.loads(out.read_text())
    assert result["sources"]["all"]["articles"] == 2
    assert result["sources"]["all"]["gold"] == 1
    assert (tmp_path / "news-errors.txt").is_file()
