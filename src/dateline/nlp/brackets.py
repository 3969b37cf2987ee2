"""Whether a point of a text lies inside brackets: asides such as "(means not specified)" and
the units after a place ("Pirque (Cochabamba)") are read differently from the running text."""

from __future__ import annotations


def inside_brackets(before: str) -> bool:
    """Whether the text that ends here has left a round or square bracket open."""
    opened = before.count("(") + before.count("[")
    return opened > before.count(")") + before.count("]")
