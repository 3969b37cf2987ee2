"""Stage 1, cues: the lexicon loads, and its cues fire on the words of a sentence before any
judgement of whether the sentence reports an event."""

from __future__ import annotations

import pytest

from dateline.events.cues import lexicon, load_lexicon, match_cues
from dateline.events.taxonomy import get_taxonomy


@pytest.fixture(scope="module")
def nlp():
    from dateline.nlp import load_nlp

    return load_nlp()


def fired(nlp, text: str) -> set[tuple[str, str]]:
    sentence = next(nlp(text).sents)
    return {(h.cue.sub_event_type, h.trigger.text) for h in match_cues(sentence)}


def test_every_cue_has_a_known_sub_event_type_and_a_word_as_trigger() -> None:
    taxonomy = get_taxonomy()
    lex = load_lexicon()
    assert lex.cues
    for cue in lex.cues:
        assert taxonomy.event_type_of(cue.sub_event_type)
        assert cue.pattern[cue.trigger] is not None
    assert lexicon() is lexicon()  # loaded once


def test_a_multiword_cue_fires_on_its_trigger(nlp) -> None:
    found = fired(nlp, "Police fired tear gas at protesters in Nairobi on Monday.")
    assert ("Protest with intervention", "gas") in found


def test_cues_fire_whatever_the_sentence_says_of_them(nlp) -> None:
    # "denied attacking": the cue fires; the reality stage rejects it
    assert ("Attack", "attacking") in fired(nlp, "The army denied attacking the village.")


def test_a_sentence_without_event_words_fires_nothing(nlp) -> None:
    assert fired(nlp, "The minister opened a new library in the capital on Monday.") == set()
