"""The ACLED taxonomy is data: 6 event types, 25 sub-event types, codes both ways."""

from __future__ import annotations

import csv

import pytest

from dateline.events.taxonomy import code_of, event_type_of, get_taxonomy, name_from_code

ACLED_SUB_TYPES = [
    "Armed clash", "Government regains territory", "Non-state actor overtakes territory",
    "Chemical weapon", "Air/drone strike", "Suicide bomb", "Shelling/artillery/missile attack",
    "Remote explosive/landmine/IED", "Grenade", "Sexual violence", "Attack",
    "Abduction/forced disappearance", "Peaceful protest", "Protest with intervention",
    "Excessive force against protesters", "Violent demonstration", "Mob violence", "Agreement",
    "Arrests", "Change to group/activity", "Disrupted weapons use",
    "Headquarters or base established", "Looting/property destruction",
    "Non-violent transfer of territory", "Other",
]  # fmt: skip


def test_six_event_types_and_25_sub_types():
    tax = get_taxonomy()
    assert len(tax.event_types) == 6
    assert sorted(tax.sub_event_types) == sorted(ACLED_SUB_TYPES)


def test_every_sub_type_has_a_parent_definition_and_code():
    tax = get_taxonomy()
    for sub in tax.sub_event_types.values():
        assert sub.event_type in tax.event_types
        assert sub.definition and sub.case2021


def test_lookups():
    assert event_type_of("Air/drone strike") == "Explosions/Remote violence"
    assert event_type_of("Government regains territory") == "Battles"
    assert code_of("Looting/property destruction") == "PROPERTY_DISTRUCT"
    assert name_from_code("GOV_REGAINS_TERIT") == "Government regains territory"
    assert name_from_code("REM_EXPLOS") == "Remote explosive/landmine/IED"
    assert name_from_code("ORG_CRIME") is None  # a CASE 2021 type outside ACLED
    assert get_taxonomy().canonical("Excessive force against protestors") == (
        "Excessive force against protesters"
    )
    assert get_taxonomy().cameo_of("Arrests") == "17"
    with pytest.raises(KeyError):
        name_from_code("NOT_A_CODE")


def test_sub_types_of():
    assert get_taxonomy().sub_types_of("Battles") == ACLED_SUB_TYPES[:3]


def test_every_case2021_code_maps(shared_dir):
    path = shared_dir / "eval" / "events" / "case2021-task2.dev.tsv"
    if not path.is_file():
        pytest.skip("case2021-task2.dev.tsv is absent")
    with path.open(encoding="utf-8") as fh:
        codes = {row["SubType"] for row in csv.DictReader(fh, delimiter="\t")}
    mapped = {name_from_code(c) for c in codes} - {None}
    assert len(mapped) == 25
