"""bench.acled: field scoring by hand, record selection, and the command on a five-record file
written here (made-up records in ACLED's columns, not ACLED data)."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from types import SimpleNamespace

ROOT = str(Path(__file__).resolve().parents[2])
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

from bench.acled import (  # noqa: E402
    FIELDS,
    AcledScore,
    choose,
    country_code,
    main,
    same_actor,
    score_record,
)


def record(**fields) -> dict:
    base = {
        "event_id_cnty": "XYZ1",
        "event_date": "2022-03-14",
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Air/drone strike",
        "actor1": "Military Forces of Syria (2000-)",
        "inter1": 1,
        "actor2": "Civilians (Syria)",
        "inter2": 7,
        "country": "Syria",
        "iso": 760,
        "location": "Idlib",
        "latitude": 35.93,
        "longitude": 36.63,
        "geo_precision": 1,
        "fatalities": 4,
        "notes": "On 14 March 2022, government warplanes struck a market in Idlib, killing 4.",
    }
    return {**base, **fields}


def mention(**fields) -> SimpleNamespace:
    base = {
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Air/drone strike",
        "actor1": SimpleNamespace(name="Military Forces of Syria", inter=1),
        "actor2": SimpleNamespace(name="Civilians (Syria)", inter=7),
        "place": SimpleNamespace(lat=35.95, lon=36.65, country="SY", geo_precision=1),
        "date": date(2022, 3, 14),
        "fatalities": 4,
        "background": True,
        "confidence": 0.8,
    }
    return SimpleNamespace(**{**base, **fields})


def test_all_fields_right() -> None:
    outcome = score_record(record(), mention())
    assert outcome.right == dict.fromkeys(FIELDS, True)
    assert outcome.background is True


def test_fields_wrong_one_by_one() -> None:
    far = SimpleNamespace(lat=33.51, lon=36.29, country="SY", geo_precision=2)  # Damascus
    o = score_record(
        record(),
        mention(
            sub_event_type="Shelling/artillery/missile attack",
            actor2=None,
            place=far,
            date=date(2022, 3, 13),
            fatalities=None,
        ),
    )
    assert o.right["event_type"] and o.right["country"] and o.right["inter1"]
    for name in ("sub_event_type", "inter2", "inter_both", "location_161km", "geo_precision"):
        assert not o.right[name], name
    assert not o.right["event_date"] and not o.right["fatalities"]
    # no second actor is right when ACLED codes none (inter2 0); no fatalities counts as 0
    o = score_record(
        record(actor2=None, inter2=0, fatalities=0), mention(actor2=None, fatalities=None)
    )
    assert o.right["inter2"] and o.right["fatalities"]


def test_no_mention_is_wrong_everywhere() -> None:
    o = score_record(record(), None)
    assert o.pred is None and not any(o.right.values())


def test_names_and_countries() -> None:
    assert same_actor("Military Forces of Russia", "Military Forces of Russia (2000-)")
    assert same_actor("Protesters", "Protesters (Chile)")
    assert not same_actor("Protesters (Peru)", "Protesters (Chile)")
    assert not same_actor(None, "Rioters (Chile)")
    assert country_code({"iso": 760, "country": "Syria"}) == "SY"
    assert country_code({"country": "Democratic Republic of Congo"}) == "CD"


def test_score_aggregates() -> None:
    score = AcledScore()
    score.outcomes.append(score_record(record(), mention()))
    score.outcomes.append(score_record(record(sub_event_type="Attack"), mention()))
    score.outcomes.append(score_record(record(), None))
    d = score.as_dict()
    assert d["records"] == 3 and d["no_mention"] == 1
    assert d["fields"]["sub_event_type"] == round(1 / 3, 4)
    assert d["fields"]["country"] == round(2 / 3, 4)
    assert d["confusions"][0]["count"] == 1


def test_choose() -> None:
    records = [{}] * 10
    assert choose(records, None, False) == list(range(10))
    assert choose(records, 3, False) == [0, 1, 2]
    sample = choose(records, 4, True)
    assert len(sample) == 4 and sample == sorted(sample) and sample == choose(records, 4, True)


def test_cli_on_five_records(tmp_path: Path, capsys) -> None:
    rows = [
        record(event_id_cnty=f"XYZ{i}", notes=text, sub_event_type=sub)
        for i, (text, sub) in enumerate(
            [
                ("On 14 March 2022, government warplanes struck a market in Idlib.",
                 "Air/drone strike"),
                ("On 2 May 2022, teachers protested peacefully in Nairobi. [size=no report]",
                 "Peaceful protest"),
                ("On 9 June 2022, police arrested five activists in Kampala.", "Arrests"),
                ("On 1 July 2022, rebels and soldiers clashed near Goma.", "Armed clash"),
                ("On 3 August 2022, a mob beat a suspected thief to death in Lagos.",
                 "Mob violence"),
            ],
            1,
        )
    ]  # fmt: skip
    path = tmp_path / "acled.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "acled.json"
    assert main([str(path), "--limit", "4", "--output", str(out)]) == 0
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["published_date_given"] is False
    assert result["scores"]["records"] == 4 and result["scores"]["errors"] == 0
    assert set(result["scores"]["fields"]) == set(FIELDS)
    assert all(0.0 <= v <= 1.0 for v in result["scores"]["fields"].values())
    assert "teachers" not in out.read_text(encoding="utf-8")  # no notes text stored
    assert main([str(path), "--sample", "--limit", "2", "--output", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["scores"]["records"] == 2
    assert "event_type" in capsys.readouterr().out


def test_cli_skips_absent_file(tmp_path: Path, capsys) -> None:
    assert main([str(tmp_path / "absent.jsonl"), "--output", str(tmp_path / "x.json")]) == 0
    assert "skipped" in capsys.readouterr().out
