"""dateline: news pages in, traceable conflict events out."""

from dateline.model import Article, Document, Mention, Place
from dateline.pipeline import analyze

__all__ = ["Article", "Document", "Mention", "Place", "analyze"]
__version__ = "0.1.0"
