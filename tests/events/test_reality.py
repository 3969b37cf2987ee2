"""Stage 2, reality: why a cue does not report a real event (`rejection`), or None when it
does."""

from __future__ import annotations

import pytest

from dateline.events.cues import match_cues
from dateline.events.reality import rejection


@pytest.fixture(scope="module")
def nlp():
    from dateline.nlp import load_nlp

    return load_nlp()


def reasons(nlp, text: str) -> list[str | None]:
    sentence = next(nlp(text).sents)
    return [rejection(hit) for hit in match_cues(sentence)]


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("The army denied attacking the village.", "denied"),
        ("Rebels threatened to attack the town.", "purpose or intention"),
        ("US officials said American forces had launched a rescue mission to free the hostages "
         "at one point that failed to find the hostages.", "purpose or intention"),
        ("Rebels could attack the town.", "modal or future"),
        ("Rebels did not attack the town.", "negated"),
        ("The footage reveals a harrowing pattern of unlawful killings by the police.", "generic"),
    ],
)
def test_not_a_real_event(nlp, text: str, why: str) -> None:
    found = reasons(nlp, text)
    assert found
    assert all(r is not None and r.startswith(why) for r in found), found


def test_an_act_told_is_real(nlp) -> None:
    assert reasons(nlp, "Rebels attacked the town of Beni on Monday.") == [None]


def test_a_protest_where_people_called_for_something_is_real(nlp) -> None:
    """'to call for better pay ... in a protest': the protest is where they called, not what
    they called for."""
    text = (
        "Several thousand teachers surrounded the Statehouse on Tuesday to call for better pay "
        "in a protest that closed half of the state's school districts."
    )
    assert None in reasons(nlp, text)
    assert reasons(nlp, "Teachers called for a protest on Friday.") != [None]
