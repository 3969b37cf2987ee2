"""Near-duplicate stories: the same wire story on many sites, lightly edited.

Each article's text becomes a set of word shingles (`SHINGLE_WORDS` words in a row, case and
punctuation ignored) and a MinHash signature of that set (datasketch). Two stories whose
estimated Jaccard similarity reaches `THRESHOLD` are copies of one story; a cluster of copies
counts as one source for an event.

Candidate pairs are found by LSH banding: the signature is cut into `BANDS` bands of `ROWS`
values (datasketch's optimum for the threshold) and each band is hashed to a key. Stories that
share a band key are candidates; the signature confirms them. The band keys are what the store
indexes, so finding the copies of a new article is one indexed lookup, not a scan.

Everything here is pure: the store calls it with what it has read.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from functools import cache

import numpy as np
from datasketch import MinHash, MinHashLSH
from datasketch.lsh import _optimal_param

NUM_PERM = 128
SHINGLE_WORDS = 5
THRESHOLD = 0.5
SEED = 1
# The hashing scheme is pinned: stored signatures are only comparable with ones made the same way.
SCHEME = "affine32"
# Fewer words than this give too few shingles to call two stories copies of each other.
MIN_WORDS = 12

_WORD = re.compile(r"\w+", re.UNICODE)


@cache
def band_layout() -> tuple[int, int]:
    """(bands, rows per band): datasketch's choice for `THRESHOLD` and `NUM_PERM`."""
    return _optimal_param(THRESHOLD, NUM_PERM, 0.5, 0.5)


def words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(text or "")]


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[bytes]:
    """The word `size`-grams of the text (the text's own words when shorter)."""
    tokens = words(text)
    if len(tokens) < size:
        return {" ".join(tokens).encode("utf-8")} if tokens else set()
    return {" ".join(tokens[i : i + size]).encode("utf-8") for i in range(len(tokens) - size + 1)}


def signature(text: str) -> MinHash:
    """The MinHash signature of a story's shingles."""
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)
    minhash.update_batch(list(shingles(text)))
    return minhash


def to_bytes(minhash: MinHash) -> bytes:
    """A signature as 4 bytes per permutation (MinHash values are below 2**32)."""
    return np.asarray(minhash.hashvalues, dtype="<u4").tobytes()


def from_bytes(data: bytes) -> MinHash:
    values = np.frombuffer(data, dtype="<u4").astype(np.uint64)
    return MinHash(num_perm=len(values), seed=SEED, hashvalues=values, scheme=SCHEME)


def similarity(a: MinHash, b: MinHash) -> float:
    """Estimated Jaccard similarity of two stories' shingle sets."""
    return float(a.jaccard(b))


def band_keys(minhash: MinHash) -> list[str]:
    """One key per LSH band ("3:9f2c…"): stories sharing any key are candidate copies."""
    bands, rows = band_layout()
    values = np.asarray(minhash.hashvalues, dtype="<u4")
    keys = []
    for band in range(bands):
        chunk = values[band * rows : (band + 1) * rows].tobytes()
        keys.append(f"{band}:{hashlib.blake2b(chunk, digest_size=8).hexdigest()}")
    return keys


def is_clusterable(text: str) -> bool:
    """Long enough to be compared: a one-line note says too little to be a copy of anything."""
    return len(words(text)) >= MIN_WORDS


def choose_cluster(
    minhash: MinHash, candidates: Mapping[str, tuple[MinHash, str | None]]
) -> tuple[str | None, float]:
    """The cluster of the most similar candidate at or over `THRESHOLD`, and that similarity.

    `candidates` maps a document id to (its signature, its cluster). A candidate without a
    cluster is its own cluster (named by its document id). Ties go to the smallest cluster id,
    so the choice does not depend on the order the store returns rows in.
    """
    best: tuple[float, str] | None = None
    for document_id, (other, cluster) in candidates.items():
        score = similarity(minhash, other)
        if score < THRESHOLD:
            continue
        name = cluster or document_id
        if best is None or score > best[0] or (score == best[0] and name < best[1]):
            best = (score, name)
    return (best[1], best[0]) if best else (None, 0.0)


def cluster_texts(texts: Mapping[str, str]) -> dict[str, str]:
    """Cluster stories in memory: document id -> cluster id (the first id of its cluster).

    Copies are joined transitively (A~B and B~C puts all three together), the same as the
    store does when each new article joins the cluster of its closest stored copy.
    """
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    signatures: dict[str, MinHash] = {}
    cluster: dict[str, str] = {}
    for document_id, text in texts.items():
        minhash = signature(text)
        signatures[document_id] = minhash
        name = document_id
        if is_clusterable(text):
            found = {other: (signatures[other], cluster[other]) for other in lsh.query(minhash)}
            name = choose_cluster(minhash, found)[0] or document_id
            lsh.insert(document_id, minhash)
        cluster[document_id] = name
    return cluster


def pairs(groups: Iterable[Iterable[str]]) -> set[frozenset[str]]:
    """Every unordered pair of items that share a group."""
    found: set[frozenset[str]] = set()
    for group in groups:
        items = sorted(set(group))
        found.update(frozenset((a, b)) for i, a in enumerate(items) for b in items[i + 1 :])
    return found
