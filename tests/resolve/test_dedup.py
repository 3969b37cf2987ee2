"""Near-duplicate stories: MinHash signatures, band keys, clustering."""

from __future__ import annotations

from dateline.resolve import dedup

WIRE = (
    "An airstrike hit a crowded vegetable market in the Syrian city of Idlib on Sunday, killing "
    "12 civilians and wounding dozens of shoppers, rescue workers said. The civil defence group "
    "said warplanes struck the market shortly after noon, when it was at its busiest."
)
EDITED = WIRE.replace("rescue workers said", "rescue workers told reporters") + (
    " Residents carried the wounded to a field hospital."
)
OTHER = (
    "Police in Nairobi fired tear gas and water cannon on Tuesday to disperse thousands of "
    "protesters marching against a proposed finance bill, witnesses said, as shops closed."
)


def test_light_edits_stay_similar_and_other_stories_do_not() -> None:
    a, b, c = (dedup.signature(t) for t in (WIRE, EDITED, OTHER))
    assert dedup.similarity(a, b) >= dedup.THRESHOLD
    assert dedup.similarity(a, c) < 0.1


def test_signature_round_trips_through_bytes() -> None:
    sig = dedup.signature(WIRE)
    data = dedup.to_bytes(sig)
    assert len(data) == dedup.NUM_PERM * 4
    assert dedup.similarity(sig, dedup.from_bytes(data)) == 1.0
    assert dedup.band_keys(dedup.from_bytes(data)) == dedup.band_keys(sig)


def test_copies_share_a_band_key() -> None:
    keys = set(dedup.band_keys(dedup.signature(WIRE)))
    assert keys & set(dedup.band_keys(dedup.signature(EDITED)))
    assert not keys & set(dedup.band_keys(dedup.signature(OTHER)))
    bands, _rows = dedup.band_layout()
    assert len(keys) == bands


def test_cluster_texts_groups_copies_and_is_order_independent() -> None:
    texts = {"a": WIRE, "b": OTHER, "c": EDITED}
    assert dedup.cluster_texts(texts) == {"a": "a", "b": "b", "c": "a"}
    backwards = dedup.cluster_texts(dict(reversed(texts.items())))
    assert backwards["a"] == backwards["c"] != backwards["b"]


def test_short_notes_are_never_copies() -> None:
    assert not dedup.is_clusterable("Clashes in Idlib.")
    assert dedup.cluster_texts({"x": "Clashes in Idlib.", "y": "Clashes in Idlib."}) == {
        "x": "x",
        "y": "y",
    }


def test_choose_cluster_prefers_the_most_similar_and_breaks_ties_by_name() -> None:
    sig = dedup.signature(WIRE)
    same = dedup.signature(WIRE)
    assert dedup.choose_cluster(sig, {"d2": (same, "z"), "d1": (same, "a")}) == ("a", 1.0)
    assert dedup.choose_cluster(sig, {"d3": (dedup.signature(OTHER), None)}) == (None, 0.0)
