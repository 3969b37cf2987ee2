"""`dateline_places`: a spaCy component that fixes the stock NER's place entities.

The small English model calls Palmyra a PERSON and Kobane an ORG and misses "Deir Ezzor".
This component scans capitalised token n-grams (names may hold connectors: "Deir ez-Zor",
"Ayn al Arab") against the gazetteer and sets the hits as GPE entities, keeping the model's
good entities. False positives from common words ("Army", "State", "Sunday") and from people's
names ("Vladimir Putin", "Mr Assad") are filtered out with a word list (`common_words.json`, data
a user can extend), the part of speech, and the model's own PERSON/ORG/NORP/DATE entities.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from dateline.geo.gazetteer import get_gazetteer, normalize, words

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# entity labels whose tokens are never (part of) a place name
BLOCKING_LABELS = frozenset(
    {"DATE", "TIME", "MONEY", "PERCENT", "CARDINAL", "ORDINAL", "QUANTITY", "NORP", "LANGUAGE"}
)
# labels of multi-token entities whose inner words are not places ("Islamic State", "Sky News")
NAME_LABELS = frozenset({"PERSON", "ORG", "WORK_OF_ART", "EVENT", "LAW", "PRODUCT"})
# lower-case words allowed inside a place name
CONNECTORS = words(
    "al el ul ad ar as ash at ath az an ed er es et ez en de del della di da do dos das du des "
    "la le les los las of on upon sur am im der den dem bin ibn bani beni abu um umm y e van von "
    "sous lès et-"
)
INNER_PUNCT = frozenset({"-", "‐", "'", "’", "."})
TITLES = words(
    "mr mrs ms dr president gen general col colonel lt maj major sgt capt captain sheikh "
    "minister premier king queen prince princess pope saint st sen senator rep governor gov "
    "mayor judge justice prof professor lord lady sir imam ayatollah emir sultan commander "
    "chief brig brigadier secretary ambassador envoy spokesman spokeswoman spokesperson"
)
SHORT_UPPER_OK = frozenset({"US", "UK", "USA", "UAE", "DRC", "U.S.", "U.K.", "U.S.A."})


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Capitalised common words that also name some village somewhere (data file + spaCy)."""
    path = Path(__file__).resolve().parent / "common_words.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    return frozenset({*STOP_WORDS, *(normalize(w) for w in data.get("words", []))})


def _capitalised(token) -> bool:
    text = token.text
    return bool(text) and text[0].isupper() and any(c.isalpha() for c in text)


DIRECTION_WORDS = frozenset(
    {"north", "south", "east", "west", "central", "northern", "southern", "eastern", "western",
     "northeast", "northwest", "southeast", "southwest", "metro", "tri state", "midwest"}
)  # fmt: skip
_LOCATIVE_WORDS = frozenset({"in", "near", "at", "outside", "around", "from"})
# "the Shatra district": a name the model calls a people, named as a place by its unit
_UNIT_WORDS = frozenset(
    {"district", "province", "governorate", "town", "village", "city", "county", "region",
     "municipality", "township", "subdistrict", "state", "camp", "neighbourhood", "neighborhood"}
)  # fmt: skip

# "Dane guns", "Kalashnikov rifles", "Katyusha rockets": a name before a weapon names the kind
WEAPON_WORDS = frozenset(
    {"gun", "rifle", "pistol", "missile", "rocket", "cocktail", "grenade", "launcher", "tank",
     "mortar", "shell", "drone", "jet", "fighter", "helicopter", "howitzer", "carbine"}
)  # fmt: skip


def _names_a_weapon(doc: Doc, end: int) -> bool:
    """The name is followed by a weapon noun, so it names the kind of weapon, not a place."""
    if end >= len(doc):
        return False
    after = doc[end]
    return after.is_lower and after.lower_.removesuffix("s") in WEAPON_WORDS


def _norp_is_place(ent: Span, gaz, common: frozenset[str]) -> bool:
    """A NORP the gazetteer knows as a place, not a people: a curated alias, or a single
    non-demonym name right after a locative word ("near Gusau")."""
    if gaz.demonym(ent.text):
        return False
    if gaz.is_alias(ent.text):
        return True
    after_locative = ent.start > 0 and ent.doc[ent.start - 1].lower_ in _LOCATIVE_WORDS
    before_unit = ent.end < len(ent.doc) and ent.doc[ent.end].lower_ in _UNIT_WORDS
    return (
        (after_locative or before_unit)
        and len(ent) == 1
        and gaz.knows(ent.text)
        and normalize(ent.text) not in common
    )


# "Shar-e-Naw", "Mazar-i-Sharif", "Hay al-Wahda": the joining particles of a longer name
NAME_PARTICLES = frozenset(
    {"e", "i", "al", "el", "ul", "ud", "ad", "an", "ar", "as", "ash", "at", "az", "ez", "es",
     "ed", "ibn", "bin", "bint", "abu", "umm", "de", "la", "le", "du"}
)  # fmt: skip


def _part_of_hyphenated_name(doc: Doc, i: int, j: int) -> bool:
    """Whether doc[i:j] is glued by a hyphen to more of a name ("Shar" in "Shar-e-Naw"),
    not followed by an English compound ("Abu Dhabi-based" is still Abu Dhabi)."""

    def glued(hyphen: int, other: int) -> bool:
        if not (0 <= hyphen < len(doc) and 0 <= other < len(doc)):
            return False
        if doc[hyphen].text != "-":
            return False
        word = doc[other].text
        return word[:1].isupper() or word.lower() in NAME_PARTICLES

    after = j < len(doc) and not doc[j - 1].whitespace_ and glued(j, j + 1)
    before = i >= 2 and not doc[i - 2].whitespace_ and glued(i - 1, i - 2)
    return after or before


def _last_word_of_unit_name(tok) -> bool:
    """ "Kyun Taw village", "Ywar Thar Yar villages": the unit word names the whole run of
    capitalised words before it, so its last word alone ("Taw", "Yar") is no place."""
    doc = tok.doc
    if tok.i == 0 or tok.is_sent_start or tok.i + 1 >= len(doc):
        return False
    before, after = doc[tok.i - 1], doc[tok.i + 1]
    named_before = before.pos_ == "PROPN" and before.is_alpha and _capitalised(before)
    return named_before and after.lower_.rstrip("s") in _UNIT_WORDS and after.is_lower


def _name_parts(ent: Span, at_dashes: bool) -> list[Span]:
    """A name cut at its commas, and at spaced dashes when asked: the model reads "Piskivka,
    Kyiv" (a village, then its province) or "Chisinau - Buiucani" (a city, then its district)
    as one name; "Guinea-Bissau" stays one."""
    doc = ent.doc
    parts, start = [], ent.start
    for tok in ent:
        spaced = tok.i > ent.start and bool(doc[tok.i - 1].whitespace_ and tok.whitespace_)
        if tok.text == "," or (at_dashes and tok.text in ("-", "–", "—") and spaced):
            parts.append(Span(doc, start, tok.i, label=ent.label_))
            start = tok.i + 1
    parts.append(Span(doc, start, ent.end, label=ent.label_))
    return [part for part in parts if len(part)]


def _balanced(text: str) -> bool:
    """False for the model's mis-cut names: "Accra (Accra, Greater Accra" is no organisation,
    so the places inside it must still be found."""
    return text.count("(") == text.count(")")


class PlaceRecognizer:
    """Marks gazetteer toponyms as GPE entities and corrects the model's place errors."""

    def __init__(self, max_tokens: int = 6) -> None:
        self.max_tokens = max_tokens

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        gaz = get_gazetteer()
        common = common_words()
        ents = list(doc.ents)
        blocked: set[int] = set()  # token indices that cannot start or be inside a place
        soft: dict[int, Span] = {}  # tokens of multi-token names: only the whole name may match
        person_words: set[str] = set()
        ner_place: set[int] = set()
        for ent in ents:
            if ent.label_ == "NORP" and _norp_is_place(ent, gaz, common):
                continue  # the model calls Aleppo and "near Gusau" a NORP: places win
            if ent.label_ in BLOCKING_LABELS:
                blocked.update(range(ent.start, ent.end))
            elif ent.label_ in NAME_LABELS and len(ent) > 1 and _balanced(ent.text):
                for part in _name_parts(ent, at_dashes=True):
                    for i in range(part.start, part.end):
                        soft[i] = part
                if ent.label_ == "PERSON":
                    person_words.update(t.lower_ for t in ent if _capitalised(t))
            elif ent.label_ in PLACE_LABELS:
                ner_place.update(range(ent.start, ent.end))

        found: list[Span] = []
        n_tokens = len(doc)
        i = 0
        while i < n_tokens:
            span = self._match_at(doc, i, gaz, common, blocked, soft, person_words, ner_place)
            if span is None:
                i += 1
                continue
            found.append(span)
            i = span.end

        if not found:
            return doc
        covered = {t for span in found for t in range(span.start, span.end)}
        kept = [
            part
            for e in ents
            if not covered.intersection(range(e.start, e.end)) or e.label_ in PLACE_LABELS
            for part in (_name_parts(e, at_dashes=False) if e.label_ in PLACE_LABELS else [e])
        ]
        # new spans first: on equal length, filter_spans keeps the earlier-listed one
        doc.ents = filter_spans(found + kept)
        return doc

    def _match_at(self, doc, i, gaz, common, blocked, soft, person_words, ner_place):
        first = doc[i]
        if i in blocked or not _capitalised(first):
            return None
        if not first.is_alpha and first.text not in SHORT_UPPER_OK:
            return None
        if i > 0 and doc[i - 1].lower_.rstrip(".") in TITLES and i not in ner_place:
            return None  # "Mr Assad", "President Hadi"
        limit = min(len(doc), i + self.max_tokens)
        for j in range(limit, i, -1):  # longest first
            last = doc[j - 1]
            if not _capitalised(last) or (j - 1) in blocked:
                continue
            if not self._inner_ok(doc, i, j, blocked):
                continue
            name_ent = soft.get(i)
            if name_ent is not None and not (name_ent.start == i and name_ent.end == j):
                continue  # a word inside "Vladimir Putin" / "Islamic State"
            if any(k in soft and soft[k] is not name_ent for k in range(i, j)):
                continue
            span = doc[i:j]
            if _part_of_hyphenated_name(doc, i, j):
                continue
            if not gaz.knows(span.text):
                continue
            if j - i == 1 and not self._single_ok(first, gaz, common, person_words, ner_place):
                return None
            if j - i > 1 and normalize(span.text) in common:
                continue
            if gaz.demonym(span.text) or _names_a_weapon(doc, j):
                return None
            return Span(doc, i, j, label="GPE")
        return None

    @staticmethod
    def _inner_ok(doc, i, j, blocked) -> bool:
        for k in range(i + 1, j - 1):
            tok = doc[k]
            if k in blocked:
                return False
            if _capitalised(tok):
                continue
            if tok.text in INNER_PUNCT and not doc[k - 1].whitespace_:
                continue
            if tok.lower_ in CONNECTORS:
                continue
            return False
        # no gap-spanning over sentence ends or commas
        return all(doc[k].text not in {",", ";", ":"} for k in range(i, j))

    @staticmethod
    def _single_ok(tok, gaz, common, person_words, ner_place) -> bool:
        text = tok.text
        is_alias = gaz.is_alias(text)
        if tok.i in ner_place and normalize(text) in DIRECTION_WORDS and not is_alias:
            return False  # "the North side", "Central district": a direction, not a place
        if tok.i in ner_place or is_alias:
            return not gaz.demonym(text)
        if text.isupper() and len(text) <= 3 and text not in SHORT_UPPER_OK:
            return False  # "IS", "UN", "AP"
        norm = normalize(text)
        if norm in common or tok.lower_ in person_words:
            return False
        if gaz.demonym(text) or _last_word_of_unit_name(tok):
            return False
        if text.isupper() and len(text) > 3:
            # "DAMASCUS" in a headline or dateline (POS is unreliable there), but not an
            # acronym that is only another spelling of some village ("NANS", "ASUU")
            return any(c.main_name for c in gaz.lookup(text, limit=5))
        return tok.pos_ in ("PROPN", "X")


@Language.factory("dateline_places", default_config={"max_tokens": 6})
def make_place_recognizer(nlp: Language, name: str, max_tokens: int) -> PlaceRecognizer:
    return PlaceRecognizer(max_tokens=max_tokens)
