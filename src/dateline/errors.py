"""One error type per stage, each carrying a message a user can act on."""


class DatelineError(Exception):
    """Base of every error dateline raises on purpose."""

    stage = "dateline"


class IngestError(DatelineError):
    """A file or record could not be read into a Document."""

    stage = "ingest"


class ExtractError(DatelineError):
    """A Document's bytes could not be turned into article text."""

    stage = "extract"


class AnalyzeError(DatelineError):
    """The language pipeline failed on an article."""

    stage = "analyze"


class StoreError(DatelineError):
    """The database could not be read or written."""

    stage = "store"
