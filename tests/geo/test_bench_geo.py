"""bench.geo's scoring on a tiny hand-made gold file (both corpus forms)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = str(Path(__file__).resolve().parents[2])
if ROOT not in sys.path:  # `bench` is a top-level folder of the project, not an installed package
    sys.path.insert(0, ROOT)

from bench.geo import (  # noqa: E402
    CorpusScore,
    Prediction,
    haversine_km,
    match_spans,
    parse_corpus,
)

LGL_STYLE = """<?xml version='1.0' encoding='utf-8'?>
<articles><article docid="1"><text>Fargo and Moorhead flooded. Paris too.</text><toponyms>
<toponym><start>0</start><end>5</end><phrase>Fargo</phrase>
  <gaztag geonameid="5059163"><lat>46.8772</lat><lon>-96.7898</lon></gaztag></toponym>
<toponym><start>10</start><end>18</end><phrase>Moorhead</phrase>
  <gaztag geonameid="5038108"><lat>46.8738</lat><lon>-96.7678</lon></gaztag></toponym>
<toponym><start>28</start><end>33</end><phrase>Paris</phrase>
  <gaztag geonameid="2988507"><lat>48.8534</lat><lon>2.3488</lon></gaztag></toponym>
<toponym><start>34</start><end>37</end><phrase>too</phrase></toponym>
</toponyms></article></articles>
"""

GWN_STYLE = """<?xml version='1.0' encoding='utf-8'?>
<articles><article file="7"><text>The scene in Rome was calm.</text><toponyms>
<toponym><extractedName>scene</extractedName><type>Literal_Expression</type>
  <start>4</start><end>9</end></toponym>
<toponym><extractedName>Rome</extractedName><type>Literal</type><start>13</start><end>17</end>
  <geonamesID>3169070</geonamesID><latitude>41.89193</latitude><longitude>12.51133</longitude>
</toponym></toponyms></article></articles>
"""


def test_haversine():
    assert haversine_km(0, 0, 0, 1) == pytest.approx(111.2, abs=0.2)
    assert haversine_km(46.8772, -96.7898, 46.8772, -96.7898) == 0


def test_scores_lgl_form(tmp_path):
    path = tmp_path / "tiny.dev.xml"
    path.write_text(LGL_STYLE, encoding="utf-8")
    (art,) = parse_corpus(path)
    assert [t.phrase for t in art.toponyms if t.scored] == ["Fargo", "Moorhead", "Paris"]
    preds = [
        # Fargo: right id and point
        Prediction(0, 5, 5059163, 46.8772, -96.7898, (5059163, 46.8772, -96.7898)),
        # Moorhead: wrong id but within 161 km; baseline far away
        Prediction(10, 18, 1, 46.0, -96.0, (2, 10.0, 10.0)),
        # "Paris too": overlaps Paris (wrong point: Paris, Texas) and the unscored "too"
        Prediction(28, 37, 4717560, 33.66, -95.55, (2988507, 48.8534, 2.3488)),
        # a false positive
        Prediction(19, 26, 3, 0.0, 0.0, None),
    ]
    score = CorpusScore("tiny")
    score.add_article(art.toponyms, preds)
    r = score.recognition
    assert (r.tp, r.pred, r.gold) == (3, 4, 3)
    assert score.resolved == 3 and score.within == 2 and score.exact == 1
    assert score.baseline_within == 2 and score.baseline_exact == 2
    d = score.as_dict()
    assert d["acc_161km"] == pytest.approx(2 / 3, abs=1e-4)
    assert d["recognition"]["precision"] == 0.75 and d["recognition"]["recall"] == 1.0


def test_scores_gwn_form_and_ignores_unscored(tmp_path):
    path = tmp_path / "GWN.dev.xml"
    path.write_text(GWN_STYLE, encoding="utf-8")
    (art,) = parse_corpus(path)
    assert art.docid == "7" and [t.scored for t in art.toponyms] == [False, True]
    preds = [Prediction(4, 9, 9, 0.0, 0.0), Prediction(13, 17, 3169070, 41.9, 12.5)]
    pairs, ignored = match_spans(art.toponyms, preds)
    assert pairs == [(1, 1)] and ignored == {0}
    score = CorpusScore("gwn")
    score.add_article(art.toponyms, preds)
    assert (score.recognition.tp, score.recognition.pred, score.recognition.gold) == (1, 1, 1)
    assert score.exact == 1 and score.within == 1
