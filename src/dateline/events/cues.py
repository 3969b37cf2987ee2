"""Stage 1, match cues: the cue lexicon (`data/cues.json`) and where its cues fire in a sentence.

A cue is a lemma/word pattern ("seize back", "suicide car bomb", "tear gas"; "..." skips up to
`GAP` tokens) of one ACLED sub-event type, with a weight, the parts of speech its trigger word
may have and the context words it needs or refuses. `lexicon()` loads the lexicon once, with
the word lists the later stages read (irrealis, negation and reaction heads, generic markers,
victims, non-conflict domains, which type supersedes which); `match_cues(sentence)` gives every
`CueHit` (the cue and its trigger token), before any judgement of whether it reports an event.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from dateline.events.syntax import _object_among
from dateline.events.taxonomy import get_taxonomy
from dateline.events.vocab import PLACE_LABELS

DATA_FILE = Path(__file__).parent / "data" / "cues.json"

GAP = 4  # tokens a "..." in a cue pattern may skip


@dataclass(frozen=True)
class Cue:
    sub_event_type: str
    pattern: tuple[tuple[str, ...] | None, ...]  # None = a gap
    weight: float
    text: str
    trigger: int = 0
    pos: frozenset[str] = frozenset()
    ctx: tuple[str, ...] = ()
    not_ctx: tuple[str, ...] = ()
    territory: bool = False
    subject_is: str | None = None
    kill: bool = False
    weak: bool = False
    finite: bool = False  # the trigger must tell an act, not describe a noun ("displaced people")
    obj: frozenset[str] = frozenset()  # lemmas one of which the trigger's object must be


@dataclass(frozen=True)
class Lexicon:
    cues: tuple[Cue, ...]
    supersedes: dict[str, frozenset[str]]
    irrealis_heads: frozenset[str]
    factual_heads: frozenset[str]
    gathering_heads: frozenset[str]
    modal_aux: frozenset[str]
    negation_heads: frozenset[str]
    reaction_heads: frozenset[str]
    generic_markers: tuple[str, ...]
    armed_victims: frozenset[str]
    non_conflict: dict[str, frozenset[str]]
    civilian_victims: frozenset[str]


def _parse_pattern(text: str) -> tuple[tuple[str, ...] | None, ...]:
    return tuple(None if part == "..." else tuple(part.split("|")) for part in text.split())


def load_lexicon(path: Path = DATA_FILE) -> Lexicon:
    data = json.loads(path.read_text(encoding="utf-8"))
    taxonomy = get_taxonomy()
    cues = []
    for sub, entries in data["cues"].items():
        sub = taxonomy.canonical(sub)
        for e in entries:
            pattern = _parse_pattern(e["p"])
            trigger = int(e.get("trigger", 0))
            if pattern[trigger] is None:
                raise ValueError(f"cue {e['p']!r}: the trigger cannot be a gap")
            cues.append(
                Cue(
                    sub_event_type=sub,
                    pattern=pattern,
                    weight=float(e["w"]),
                    text=e["p"],
                    trigger=trigger,
                    pos=frozenset(e.get("pos", [])),
                    ctx=tuple(e.get("ctx", [])),
                    not_ctx=tuple(e.get("not_ctx", [])),
                    territory=bool(e.get("territory")),
                    subject_is=e.get("subject_is"),
                    kill=bool(e.get("kill")),
                    weak=bool(e.get("weak")),
                    finite=bool(e.get("finite")),
                    obj=frozenset(e.get("obj", [])),
                )
            )
    sup = {
        taxonomy.canonical(k): frozenset(map(taxonomy.canonical, v))
        for k, v in data["supersedes"].items()
    }
    return Lexicon(
        cues=tuple(cues),
        supersedes=sup,
        irrealis_heads=frozenset(data["irrealis_heads"]),
        factual_heads=frozenset(data["factual_heads"]),
        gathering_heads=frozenset(data["gathering_heads"]),
        modal_aux=frozenset(data["modal_aux"]),
        negation_heads=frozenset(data["negation_heads"]),
        reaction_heads=frozenset(data["reaction_heads"]),
        generic_markers=tuple(data["generic_markers"]),
        armed_victims=frozenset(data["armed_victim_words"]),
        civilian_victims=frozenset(data["civilian_victim_words"]),
        non_conflict={
            domain: frozenset(words)
            for domain, words in data["non_conflict_words"].items()
            if domain != "about"
        },
    )


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    return load_lexicon()


@lru_cache(maxsize=1)
def _cue_index() -> tuple[dict[str, tuple[int, ...]], tuple[int, ...]]:
    """The cues (by position in the lexicon) each word can start, and the cues that can
    start anywhere: a sentence tries only the cues its own words can start."""
    by_first: dict[str, list[int]] = {}
    anywhere: list[int] = []
    for n, cue in enumerate(lexicon().cues):
        if cue.pattern[0] is None:
            anywhere.append(n)
            continue
        for alt in cue.pattern[0]:
            by_first.setdefault(alt, []).append(n)
    return {k: tuple(v) for k, v in by_first.items()}, tuple(anywhere)


def _keys(token: Any) -> set[str]:
    keys = {token.lemma_.lower(), token.text.lower(), token.text}
    unlemmatised = token.lemma_.lower() == token.lower_ and token.text.islower()
    return keys | _past_stems(token.lower_) if unlemmatised and token.pos_ != "VERB" else keys


@lru_cache(maxsize=8192)
def _past_stems(word: str) -> frozenset[str]:
    """Verb stems an unlemmatised past form may have: the small model sometimes tags a verb
    as a noun and leaves "protested" as its own lemma."""
    if len(word) < 5 or not word.endswith("ed"):
        return frozenset()
    stems = {word[:-2], word[:-1]}
    if word.endswith("ied"):
        stems.add(word[:-3] + "y")
    if len(word) > 5 and word[-3] == word[-4]:
        stems.add(word[:-3])  # "stopped"
    return frozenset(stems)


@lru_cache(maxsize=4096)
def _has_upper(text: str) -> bool:
    """Whether a cue word is case-sensitive (cached: asked for every cue and token)."""
    return any(c.isupper() for c in text)


def _alt_matches(alts: tuple[str, ...], token: Any) -> bool:
    keys = _keys(token)
    for alt in alts:
        if _has_upper(alt):
            if token.text == alt:
                return True
        elif alt in keys:
            return True
    return False


def _match_at(
    pattern: tuple[tuple[str, ...] | None, ...], tokens: list[Any], i: int
) -> list[int] | None:
    """Token indices (into `tokens`) matched by the pattern starting at i, or None."""
    matched: list[int] = []
    pos = i
    k = 0
    while k < len(pattern):
        part = pattern[k]
        if part is None:  # a gap: the next part within GAP tokens
            nxt = pattern[k + 1]
            assert nxt is not None
            for j in range(pos, min(pos + GAP + 1, len(tokens))):
                if tokens[j].is_punct and tokens[j].text in ".;":
                    break
                if _alt_matches(nxt, tokens[j]):
                    matched.append(j)
                    pos = j + 1
                    break
            else:
                return None
            if len(matched) < sum(1 for p in pattern[: k + 2] if p is not None):
                return None
            k += 2
            continue
        if pos >= len(tokens) or not _alt_matches(part, tokens[pos]):
            return None
        matched.append(pos)
        pos += 1
        k += 1
    return matched


def _context_ok(cue: Cue, words: set[str], lowered: str) -> bool:
    def present(w: str) -> bool:
        if " " in w:
            return f" {w.lower()} " in lowered
        return w in words if _has_upper(w) else w.lower() in words

    if cue.ctx and not any(present(w) for w in cue.ctx):
        return False
    return not any(present(w) for w in cue.not_ctx)


@dataclass
class CueHit:
    cue: Cue
    trigger: Any  # the spaCy token
    tokens: list[Any]


def _starts(
    first: tuple[str, ...] | None, by_key: dict[str, list[int]], by_text: dict[str, list[int]]
) -> list[int] | None:
    """Where a pattern's first part matches (as `_alt_matches` would), in order; None: anywhere.

    Looking starts up in the sentence's index instead of trying every cue at every token keeps
    cue matching from dominating the pipeline's time.
    """
    if first is None:
        return None
    found: set[int] = set()
    for alt in first:
        found.update((by_text if _has_upper(alt) else by_key).get(alt, ()))
    return sorted(found)


def match_cues(sentence: Any) -> list[CueHit]:
    tokens = [t for t in sentence if not t.is_space]
    words: set[str] = set()
    by_key: dict[str, list[int]] = {}
    by_text: dict[str, list[int]] = {}
    for i, t in enumerate(tokens):
        if t.ent_type_ == "DATE" and t.text.istitle():
            continue  # "4 March 2022": a month is no march, in a cue or its context
        keys = _keys(t)
        words |= keys
        for key in keys:
            by_key.setdefault(key, []).append(i)
        by_text.setdefault(t.text, []).append(i)
    if any(e.label_ in PLACE_LABELS for e in sentence.ents):
        words.add("GPE")
    lowered = " " + " ".join(t.text.lower() for t in tokens) + " "
    hits = []
    cues = lexicon().cues
    index, anywhere = _cue_index()
    wanted = set(anywhere)
    for word in by_key.keys() | by_text.keys():
        wanted.update(index.get(word, ()))
    for n in sorted(wanted):
        cue = cues[n]
        starts = _starts(cue.pattern[0], by_key, by_text)
        if starts == [] or not _context_ok(cue, words, lowered):
            continue
        for i in range(len(tokens)) if starts is None else starts:
            idx = _match_at(cue.pattern, tokens, i)
            if idx is None:
                continue
            real = [k for k, p in enumerate(cue.pattern) if p is not None].index(cue.trigger)
            trigger = tokens[idx[real]]
            if cue.pos and trigger.pos_ not in cue.pos:
                continue
            if cue.obj and not _object_among(trigger, cue.obj):
                continue
            hits.append(CueHit(cue, trigger, [tokens[k] for k in idx]))
    return hits
