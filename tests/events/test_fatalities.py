"""Fatality counts: numbers tied to death words, never wounded, shots or sorties."""

from __future__ import annotations

import pytest

from dateline.events.fatalities import fatalities_in, single_victim


@pytest.fixture(scope="module")
def nlp():
    from dateline.nlp import load_nlp

    return load_nlp()


def count(nlp, text: str) -> int | None:
    doc = nlp(text)
    f = fatalities_in(doc[:])
    if f is None:
        f = next((v for v in map(single_victim, doc) if v is not None), None)
    return f.count if f else None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A suicide car bomb has killed 13 soldiers aboard a bus and wounded 56 more.", 13),
        ("Turkish bus attack: 13 off-duty soldiers killed by car bomb", 13),
        ("It also said the extremists had suffered around 400 deaths.", 400),
        ("It comes a week after 44 people were killed in a PKK attack in Istanbul.", 44),
        ("Dozens of people were killed in the fighting.", 12),
        ("Three other people were wounded in the attack.", None),
        ("The gunman fired at least eight shots.", None),
        ("Their jets carried out more than 40 combat sorties, targeting 158 positions.", None),
        ("It blew up two temples and a dozen tower tombs.", None),
        ("A Turkish policeman fatally shot Russia's ambassador on Monday.", 1),
        ("The gunman got into a shootout with police before he was killed.", 1),
        ("The death toll rose to 30 on Tuesday.", 30),
    ],
)
def test_counts(nlp, text, expected):
    assert count(nlp, text) == expected
