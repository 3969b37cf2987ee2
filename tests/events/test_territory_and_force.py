"""ACLED's conventions for ground that changes hands and for force used on protesters: a
clash that ends in taking ground is coded by its outcome, unless the outcome is only its aim;
a foreign army takes ground, it does not regain it; ground taken without a fight is a
non-violent transfer; weapons seized are a disrupted weapons use; and beating protesters is an
intervention, not the lethal force ACLED calls excessive."""

from __future__ import annotations

import pytest

from dateline import analyze

PUBLISHED = "2022-06-20T12:00:00+00:00"


def coded(text: str) -> list[tuple[str, str | None]]:
    return [
        (m.sub_event_type, m.actor1.name if m.actor1 else None)
        for m in analyze(text, published=PUBLISHED).mentions
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a clash that ends in ground regained is coded by its outcome
        ("The FARDC clashed with M23 rebels near Kanombe on Monday and regained the hill.",
         "Government regains territory"),
        # but a clash fought to regain something is still a clash
        ("Tribesmen clashed with Houthi forces near Al Hazm on Monday to regain control of a "
         "fuel truck.", "Armed clash"),
        # a foreign army takes ground: ACLED keeps "regains" for a state's own forces
        ("Following clashes, Russian forces captured Starohnativka, Donetsk region, on Monday.",
         "Non-state actor overtakes territory"),
        # ground taken without a fight, said in the sentence or the one after it
        ("Somaliland forces took control of Boocame town on Monday. No clashes were reported.",
         "Non-violent transfer of territory"),
        ("Government forces peacefully took over the military camp near Ataq on Monday.",
         "Non-violent transfer of territory"),
        # weapons seized are no ground
        ("Soldiers seized 34 firearms from a rebel arms depot near Catubig on Monday.",
         "Disrupted weapons use"),
        # beating protesters is an intervention; lethal force is excessive
        ("Police assaulted protesters outside the town hall in Nablus on Monday.",
         "Protest with intervention"),
        ("Police shot dead two protesters in Omdurman on Monday.",
         "Excessive force against protesters"),
    ],
)  # fmt: skip
def test_acled_conventions_for_ground_and_force(text: str, expected: str) -> None:
    assert [sub for sub, _ in coded(text)] == [expected]


def test_a_national_army_named_by_its_acronym_is_the_state_military() -> None:
    (mention,) = coded("The FAMa killed two militants near Nara on Monday.")
    assert mention == ("Armed clash", "Military Forces of Mali")


def test_ground_occupied_by_protesters_is_part_of_the_protest() -> None:
    text = (
        "Teachers took over the offices of the tax service in Morelia on Monday to protest "
        "against unpaid wages."
    )
    assert [sub for sub, _ in coded(text)] == ["Peaceful protest"]
