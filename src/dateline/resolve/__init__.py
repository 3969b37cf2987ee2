"""Resolving across documents: near-duplicate stories (MinHash LSH) and merging the mentions
of one real-world event, told by many sources, into one Event."""

from dateline.resolve.dedup import cluster_texts, signature, similarity
from dateline.resolve.merge import choose_event, combine, match_key

__all__ = ["choose_event", "cluster_texts", "combine", "match_key", "signature", "similarity"]
