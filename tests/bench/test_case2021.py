"""bench.case2021: scoring by hand, and the command on a five-row file written here."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = str(Path(__file__).resolve().parents[2])
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

from bench.case2021 import CaseScore, Row, main, read_rows  # noqa: E402

TSV = (
    "id\tEventSnippet\tSubType\n"
    "1\tGovernment warplanes bombed the market in Idlib on Monday, killing four people.\t"
    "AIR_STRIKE\n"
    "2\tThousands of teachers marched peacefully through Nairobi on Tuesday.\tPEACE_PROTEST\n"
    "3\tHeavy rain flooded hundreds of homes along the river.\tNATURAL_DISASTER\n"
    "4\tThe two ministers met in Geneva to discuss trade.\tDIPLO\n"
    "5\tPolice arrested five opposition activists in Kampala.\tARREST\n"
)


def test_read_rows_maps_codes(tmp_path: Path) -> None:
    path = tmp_path / "case.tsv"
    path.write_text(TSV, encoding="utf-8")
    rows = read_rows(path)
    assert [r.gold for r in rows] == [
        "Air/drone strike",
        "Peaceful protest",
        None,
        None,
        "Arrests",
    ]
    assert rows[2].code == "NATURAL_DISASTER"


def test_case_score_by_hand() -> None:
    score = CaseScore()
    score.add(Row("1", "", "AIR_STRIKE", "Air/drone strike"), "Air/drone strike")
    score.add(Row("2", "", "ARREST", "Arrests"), None)
    score.add(Row("3", "", "AIR_STRIKE", "Air/drone strike"), "Shelling/artillery/missile attack")
    score.add(Row("4", "", "DIPLO", None), None)
    score.add(Row("5", "", "ORG_CRIME", None), "Attack")
    s = score.as_dict()
    assert s["acled_rows"] == 3 and s["non_acled_rows"] == 2
    assert s["accuracy"] == pytest.approx(1 / 3, abs=1e-4)
    # Air/drone strike: P 1/1, R 1/2 -> 2/3; Arrests: 0; (shelling has no gold rows)
    assert s["macro_f1"] == pytest.approx((2 / 3 + 0) / 2, abs=1e-4)
    assert s["weighted_f1"] == pytest.approx((2 / 3 * 2 + 0) / 3, abs=1e-4)
    assert s["non_acled_kept_out"] == pytest.approx(0.5)
    assert s["non_acled_kept_out_by_type"] == {"DIPLO": 1.0, "ORG_CRIME": 0.0}
    assert s["no_event_on_acled_rows"] == 1
    assert {(c["gold"], c["pred"]) for c in s["confusions"]} == {
        ("Arrests", "no event"),
        ("Air/drone strike", "Shelling/artillery/missile attack"),
        ("ORG_CRIME (not ACLED)", "Attack"),
    }  # a non-ACLED row kept out is right, not a confusion


def test_cli_on_five_rows(tmp_path: Path, capsys) -> None:
    path = tmp_path / "case.tsv"
    path.write_text(TSV, encoding="utf-8")
    out = tmp_path / "case2021.json"
    assert main([str(path), "--output", str(out)]) == 0
    result = json.loads(out.read_text(encoding="utf-8"))
    s = result["scores"]
    assert s["rows"] == 5 and s["acled_rows"] == 3 and s["non_acled_rows"] == 2
    assert s["errors"] == 0
    for name in ("accuracy", "macro_f1", "weighted_f1", "non_acled_kept_out"):
        assert 0.0 <= s[name] <= 1.0
    assert [p["id"] for p in result["predictions"]] == ["1", "2", "3", "4", "5"]
    assert "Heavy rain" not in out.read_text(encoding="utf-8")  # no snippet text stored
    assert "weighted_f1" in capsys.readouterr().out


def test_cli_skips_absent_file(tmp_path: Path, capsys) -> None:
    assert main([str(tmp_path / "absent.tsv"), "--output", str(tmp_path / "x.json")]) == 0
    assert "skipped" in capsys.readouterr().out
    assert not (tmp_path / "x.json").exists()
