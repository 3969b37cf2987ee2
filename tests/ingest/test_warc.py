"""WARC input: HTML responses become documents with their target URI and crawl date."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime
from pathlib import Path

import pytest

from dateline.ingest import Skipped, iter_inputs
from dateline.model import Document, Failure


@pytest.mark.parametrize("compressed", [True, False])
def test_html_responses_are_documents_with_uri_and_crawl_date(
    tmp_path: Path, compressed: bool, make_warc
) -> None:
    name = "news.warc.gz" if compressed else "news.warc"
    items = list(iter_inputs([make_warc(tmp_path / name, gzip=compressed)]))
    documents = [i for i in items if isinstance(i, Document)]
    assert [d.uri for d in documents] == [
        "https://news.example/mali/kidal",
        "https://news.example/mali/kidal-2",
    ]
    assert documents[0].fetched_at == datetime(2024, 3, 6, 8, 0, tzinfo=UTC)
    assert documents[0].media_type == "text/html"
    assert b"Kidal" in documents[0].raw


def test_a_pdf_response_is_skipped_with_its_reason(tmp_path: Path, make_warc) -> None:
    items = list(iter_inputs([make_warc(tmp_path / "news.warc.gz")]))
    (skip,) = [i for i in items if isinstance(i, Skipped)]
    assert skip.uri == "https://news.example/report.pdf"
    assert "application/pdf" in skip.reason


def test_a_truncated_archive_keeps_the_records_before_the_damage(tmp_path: Path, make_warc) -> None:
    whole = make_warc(tmp_path / "whole.warc", gzip=False).read_bytes()
    cut = tmp_path / "cut.warc.gz"
    # compress the first record whole, then append garbage where the rest should be
    first_end = whole.index(b"WARC/1.0", whole.index(b"WARC/1.0", 10) + 10)
    cut.write_bytes(gzip.compress(whole[:first_end]) + b"\x1f\x8b\x08\x00garbage" * 20)
    items = list(iter_inputs([cut]))
    documents = [i for i in items if isinstance(i, Document)]
    failures = [i for i in items if type(i) is Failure]
    assert [d.uri for d in documents] == ["https://news.example/mali/kidal"]
    assert len(failures) == 1 and "damaged" in failures[0].reason


def test_a_damaged_archive_is_summed_up_in_one_short_readable_line(
    tmp_path: Path, make_warc
) -> None:
    """Issue 16, point 10: binary garbage with no line break after a good record made the
    reason quote 5,748 characters of it."""
    whole = make_warc(tmp_path / "whole.warc", gzip=False).read_bytes()
    first_end = whole.index(b"WARC/1.0", whole.index(b"WARC/1.0", 10) + 10)
    noise = bytes(range(0x86, 0x100)) + bytes(range(0, 9))  # no line break of any kind
    bad = tmp_path / "bad.warc"
    bad.write_bytes(whole[:first_end] + noise * 50)
    items = list(iter_inputs([bad]))
    (damage,) = [i for i in items if type(i) is Failure]
    assert "damaged after 1 response record" in damage.reason
    assert len(damage.reason) <= 250, len(damage.reason)
    assert damage.reason.isprintable()
    assert all(c.isascii() or c == "…" for c in damage.reason)


def test_a_warc_page_is_analysed_like_any_page(tmp_path: Path, make_warc) -> None:
    from dateline import analyze

    document = next(
        i for i in iter_inputs([make_warc(tmp_path / "n.warc.gz")]) if isinstance(i, Document)
    )
    article = analyze(document)
    assert article.url == "https://news.example/mali/kidal"
    assert any(m.sub_event_type == "Armed clash" for m in article.mentions)
