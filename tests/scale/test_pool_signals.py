"""Issue 16, point 5: `dateline ingest --workers N` never leaves its workers behind.

Before, after `kill -9` of the parent its workers (about 475 MB each) waited for work
forever, and SIGTERM killed the run without a word. Now every worker ends with its parent,
and SIGTERM stops the run as Ctrl-C does, with a message."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import RUN_CLI

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "pages"

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")


def _stat(pid: int) -> tuple[str, int] | None:
    """(state, parent pid) of a process, or None once it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    state, parent = text.rsplit(")", 1)[1].split()[:2]
    return state, int(parent)


def descendants(root: int) -> set[int]:
    parents = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit() and (found := _stat(int(entry))) is not None:
            parents[int(entry)] = found[1]
    family, grew = {root}, True
    while grew:
        more = {pid for pid, parent in parents.items() if parent in family} - family
        family |= more
        grew = bool(more)
    return family - {root}


def alive(pid: int) -> bool:
    found = _stat(pid)
    return found is not None and found[0] != "Z"  # a zombie is over, only not yet reaped


@pytest.fixture
def pages(tmp_path: Path) -> Path:
    """300 distinct pages in one JSONL file: a run that lasts well beyond its start-up."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))]
    path = tmp_path / "pages.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for number in range(300):
            text = f"{texts[number % len(texts)]}\n\nReport {number}."
            out.write(json.dumps({"text": text, "url": f"https://news.example/{number}"}) + "\n")
    return path


@pytest.fixture
def ingest(pages: Path, tmp_path: Path) -> Iterator[subprocess.Popen]:
    """`dateline ingest --workers 2` running, once its workers exist; whatever it left
    behind is killed afterwards (by process id)."""
    command = [sys.executable, "-c", RUN_CLI, "ingest", str(pages), "--workers", "2"]
    command += ["--db", f"sqlite:///{tmp_path / 'run.db'}"]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    family: set[int] = set()
    deadline = time.monotonic() + 120
    while len(family) < 3:  # the fork server and two workers (and a resource tracker)
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the workers did not start"
        time.sleep(0.2)
        family = descendants(process.pid)
    time.sleep(3)  # the workers are running their initializer
    process.family = descendants(process.pid)
    yield process
    for pid in process.family | {process.pid}:
        if alive(pid):
            os.kill(pid, signal.SIGKILL)
    process.communicate()


def gone_within(pids: set[int], seconds: float) -> set[int]:
    """The processes still alive after `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and any(alive(pid) for pid in pids):
        time.sleep(0.2)
    return {pid for pid in pids if alive(pid)}


def test_workers_end_when_the_parent_is_killed(ingest: subprocess.Popen) -> None:
    assert ingest.poll() is None, "the run ended before the test could kill it"
    os.kill(ingest.pid, signal.SIGKILL)
    ingest.wait(10)
    assert gone_within(ingest.family, 30) == set()


def test_sigterm_ends_the_run_cleanly_with_a_message(ingest: subprocess.Popen) -> None:
    assert ingest.poll() is None, "the run ended before the test could stop it"
    os.kill(ingest.pid, signal.SIGTERM)
    _, stderr = ingest.communicate(timeout=60)
    assert ingest.returncode == 130, stderr
    assert "interrupted" in stderr and "Traceback" not in stderr
    assert gone_within(ingest.family, 30) == set()
