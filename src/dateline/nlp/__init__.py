"""The spaCy pipeline, built once per process."""

from dateline.nlp.pipeline import load_nlp

__all__ = ["load_nlp"]
