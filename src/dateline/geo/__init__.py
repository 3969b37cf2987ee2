"""Places: the gazetteer, the spaCy component that finds toponyms, resolution and event location.

- `get_gazetteer()`: the process-wide GeoNames gazetteer (cached on disk after the first build);
- `resolve_places(doc, article)`: every toponym of an analysed article, resolved to GeoNames;
- `locate(start, end, article)`: the place an event told in `article.text[start:end]` is coded at.
"""

from dateline.geo.gazetteer import Entry, Gazetteer, get_gazetteer, normalize
from dateline.geo.locate import locate
from dateline.geo.resolve import resolve_places

__all__ = ["Entry", "Gazetteer", "get_gazetteer", "locate", "normalize", "resolve_places"]
