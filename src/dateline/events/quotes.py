"""Direct quotes and who said them.

Quotes are text in curly (“...”) or straight ("...") double quotes. The speaker comes from the
attribution around the quote, looked for in this order:

1. before the quote, in the same sentence: "X said: “...”", "Mr Assad was quoted as saying: “...”",
   "X said that militants were trying to "...""
2. after the quote, up to the end of the sentence: "“...”, X said", "“...” in 2013, Observatory
   director Rami Abdel Rahman said."
3. a quote with no attribution that continues the previous quote's paragraph takes its speaker.

Pronouns ("He added:") resolve to the most recent speaker or person named before the quote;
short names ("Mr Assad", "Putin") to the fullest form given earlier ("Bashar al Assad").
Quotes under four words without an attribution are scare quotes ("bride of the desert") and
are skipped, as are all quotes under three words ("158 terrorist").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from dateline.model import Article, Quote

_QUOTE_RE = re.compile(r"“([^”“]{1,3000})”|\"([^\"]{1,3000})\"")
_SPEECH = (
    r"(?:was\s+quoted\s+as\s+saying|were\s+quoted\s+as\s+saying|quoted\s+\w+\s+as\s+saying|"
    r"said|says|added|adds|told\s+(?:\w+\s+){0,3}?|tells|stated|states|declared|explained|"
    r"warned|continued|wrote|writes|tweeted|insisted|noted|claimed|announced|replied|asked|"
    r"argued|stressed|urged|saying|shouting|shouted|yelled|called|calls|described|"
    r"condemned|acknowledged|admitted|vowed|told\s+reporters)"
)
# Attribution just before the quote: "<speaker> <verb> [words]: “"
_BEFORE_RE = re.compile(rf"(?P<who>[^.!?;:]*?)\s+(?P<verb>{_SPEECH})\b(?P<rest>[^.!?;]*)$", re.I)
# Attribution after the quote: "”, <speaker> said" or "”, said <speaker>"
_AFTER_RE = re.compile(
    rf"^(?P<pre>[^.!?;]*?)(?:^|,|\s)\s*(?:(?P<who>[^,.!?;]+?)\s+(?P<verb>{_SPEECH})\b|"
    rf"(?P<verb2>said|says|added)\s+(?P<who2>[^,.!?;]+))",
    re.I,
)
_PRONOUNS = {"he", "she", "they", "we", "i", "him", "her"}
_HONORIFICS = {"mr", "mrs", "ms", "miss", "dr", "prof", "sir", "mr.", "mrs.", "ms.", "dr."}
_TITLE_WORDS = {
    "president",
    "prime",
    "minister",
    "deputy",
    "foreign",
    "interior",
    "defence",
    "defense",
    "secretary",
    "secretary-general",
    "general",
    "gen.",
    "colonel",
    "col.",
    "governor",
    "regional",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "director",
    "chief",
    "commander",
    "leader",
    "ambassador",
    "senator",
    "sen.",
    "rep.",
    "king",
    "queen",
    "prince",
    "sheikh",
    "mayor",
    "u.n.",
    "un",
    "russian",
    "turkish",
    "syrian",
    "american",
    "british",
    "observatory",
}
# Sentence ends: punctuation (maybe inside a closing quote) before a space, or a blank line.
# Single newlines are not ends: scraped text is often hard-wrapped.
_BOUNDARY_RE = re.compile(r"[.!?][\"”]?(?=\s|$)|\n\s*\n")
_MAX_SPEAKER_WORDS = 6
_MIN_WORDS = 4  # below this, only an attributed quote counts
_ALWAYS_SKIP_WORDS = 3  # below this, never a quote


@dataclass
class _Found:
    quote: Quote
    speaker_pos: int  # where the speaker was named (for pronouns that follow)
    attributed: bool


def _words(text: str) -> int:
    return len(re.findall(r"\w+", text))


def _sentence_start(masked: str, pos: int) -> int:
    """Start of the sentence holding `pos` (in text whose quotes are masked)."""
    best = 0
    for m in _BOUNDARY_RE.finditer(masked[:pos]):
        best = m.end()
    return best


def _sentence_end(masked: str, pos: int) -> int:
    m = _BOUNDARY_RE.search(masked[pos:])
    return pos + m.end() if m else len(masked)


def _persons(doc: Any) -> list[tuple[int, int, str]]:
    if doc is None:
        return []
    return [(e.start_char, e.end_char, e.text) for e in doc.ents if e.label_ == "PERSON"]


def _strip_titles(name: str) -> str:
    tokens = name.split()
    # "Observatory director Rami Abdel Rahman": the capitalised run after the last lowercase word
    lower = [
        i for i, t in enumerate(tokens) if t[:1].islower() and t not in ("al", "el", "bin", "ibn")
    ]
    function_words = {"and", "of", "in", "to", "the", "for", "with", "from", "by", "on", "at"}
    if (
        lower
        and 0 < lower[-1] < len(tokens) - 1
        and tokens[lower[-1]].lower() not in function_words
    ):
        tokens = tokens[lower[-1] + 1 :]
    while len(tokens) > 1 and tokens[0].lower().strip(",") in _TITLE_WORDS:
        tokens = tokens[1:]
    return " ".join(tokens)


def _clean_speaker(who: str, start: int, persons: list[tuple[int, int, str]]) -> tuple[str, int]:
    """The speaker named in `who` (which begins at `start`), and where it is named."""
    who = who.strip(" ,\n\t")
    # the clause after the last comma: "In a video message ..., Erdogan" -> "Erdogan"
    if "," in who:
        cut = who.rfind(",") + 1
        rest = who[cut:].strip()
        start += len(who) - len(who[cut:].lstrip()) if rest else 0
        who = rest or who
    who = re.sub(r"^(?:earlier|later|meanwhile|however|but|and|then|also)\s+", "", who, flags=re.I)
    who = re.sub(r"\s+(?:also|later|then|earlier|had|has|have|was|is)$", "", who, flags=re.I)
    end = start + len(who) + 40
    inside = [p for p in persons if p[0] >= start - 1 and p[1] <= end and p[2] in who]
    if inside:
        return inside[-1][2], inside[-1][0]
    if not who or _words(who) > _MAX_SPEAKER_WORDS:
        return "", start  # a clause, not a speaker: "appeared to condemn ... in Syria"
    return _strip_titles(who), start


def _full_name(name: str, before: int, text: str, persons: list[tuple[int, int, str]]) -> str:
    """ "Mr Assad" -> "Bashar al Assad" when the full name was given earlier."""
    tokens = name.split()
    if tokens and tokens[0].lower().rstrip(".") in {h.rstrip(".") for h in _HONORIFICS}:
        tokens = tokens[1:]
    if len(tokens) != 1:
        return name
    surname = tokens[0]
    best = None
    for start, _end, person in persons:
        parts = person.split()
        longer = best is None or len(person) > len(best)
        if start < before and len(parts) > 1 and parts[-1] == surname and longer:
            best = person
    if best is None:
        particle = r"(?:al|el|bin|ibn|de|van|von|Abdel|Abdul)"
        rx = re.compile(rf"((?:(?:[A-Z][\w'’-]+|{particle})\s+){{1,3}}){re.escape(surname)}\b")
        for m in rx.finditer(text[:before]):
            candidate = _strip_titles(m.group(0))
            if len(candidate.split()) > 1 and (best is None or len(candidate) > len(best)):
                best = candidate
    return best or (surname if name.split()[0].lower().rstrip(".") in _HONORIFICS else name)


def find_quotes(doc: Any, article: Article) -> list[Quote]:
    """Direct quotes in `article.text` with their speakers (None when nobody is named).

    `doc` is the spaCy Doc of `article.text` (its PERSON entities help find and expand names);
    None works too, with plain-text heuristics only. `Quote.start`/`end` delimit the quoted
    words (without the quote marks or a trailing comma) in `article.text`.
    """
    text = article.text or ""
    matches = [m for m in _QUOTE_RE.finditer(text) if not re.search(r"\n\s*\n", m.group())]
    if not matches:
        return []
    masked = list(text)
    for m in matches:
        for i in range(m.start() + 1, m.end() - 1):
            if masked[i] != "\n":
                masked[i] = "x"
    masked_text = "".join(masked)
    persons = [p for p in _persons(doc) if not any(m.start() <= p[0] < m.end() for m in matches)]

    found: list[_Found] = []
    for m in matches:
        inner_start, inner_end = m.start() + 1, m.end() - 1
        while inner_start < inner_end and text[inner_start].isspace():
            inner_start += 1
        while inner_end > inner_start and (
            text[inner_end - 1].isspace() or text[inner_end - 1] == ","
        ):
            inner_end -= 1
        body = text[inner_start:inner_end]
        words = _words(body)
        if words < _ALWAYS_SKIP_WORDS:
            continue
        speaker, pos, tight = _attribution(m, text, masked_text, persons)
        if speaker is None and found and words >= _MIN_WORDS:
            prev = found[-1]
            gap = text[prev.quote.end : m.start()]
            if "\n" not in gap and _words(gap) <= 12 and prev.quote.speaker:
                speaker, pos, tight = prev.quote.speaker, prev.speaker_pos, False
        if words <= _MIN_WORDS and not tight:
            continue  # a scare quote: "bride of the desert"
        if speaker and speaker.split()[0].lower() in _PRONOUNS:
            speaker, pos = _resolve_pronoun(m.start(), found, persons, pos)
        elif speaker:
            speaker = _full_name(speaker, m.start(), text, persons)
        quote = Quote(speaker, body, inner_start, inner_end)
        found.append(_Found(quote, max(pos, m.end()) if speaker else m.end(), tight))
    return [f.quote for f in found]


def _attribution(
    m: re.Match[str], text: str, masked: str, persons: list[tuple[int, int, str]]
) -> tuple[str | None, int, bool]:
    """(speaker, where named, tight): tight when the attribution sits right by the quote."""
    start = _sentence_start(masked, m.start())
    before = masked[start : m.start()]
    b = _BEFORE_RE.search(before)
    if b and b.group("who").strip() and "xxx" not in b.group("who"):
        who_start = start + b.start("who")
        speaker, pos = _clean_speaker(text[who_start : start + b.end("who")], who_start, persons)
        if speaker:
            rest = b.group("rest")
            return speaker, pos, "xxx" not in rest and _words(rest) <= 4
    body = m.group()[1:-1].rstrip()
    following = text[m.end() : m.end() + 3].lstrip(" \t")
    if body[-1:] in ".!?" and (not following or following[0].isupper() or following[0] == "\n"):
        return None, m.end(), False  # the quote ends its sentence: nothing after attributes it
    end = _sentence_end(masked, m.end())
    after = masked[m.end() : end]
    a = _AFTER_RE.search(after)
    if a:
        group = "who" if a.group("who") else "who2"
        raw = a.group(group)
        if raw and "xxx" not in raw and "xxx" not in (a.group("pre") or ""):
            who_start = m.end() + a.start(group)
            speaker, pos = _clean_speaker(
                text[who_start : m.end() + a.end(group)], who_start, persons
            )
            if speaker:
                return speaker, pos, _words(a.group("pre") or "") <= 4
    return None, m.end(), False


def _resolve_pronoun(
    quote_start: int, found: list[_Found], persons: list[tuple[int, int, str]], pos: int
) -> tuple[str | None, int]:
    """The latest of: the previous quote's speaker, a person named before the quote."""
    best: tuple[int, str | None] = (-1, None)
    if found and found[-1].quote.speaker:
        best = (found[-1].speaker_pos, found[-1].quote.speaker)
    for start, _end, person in persons:
        if start < quote_start and start > best[0]:
            best = (start, person)
    if best[1] is None:
        return None, pos
    name = best[1]
    if len(name.split()) == 1:
        name = _full_name(name, quote_start, "", persons)
    return name, max(best[0], 0)
