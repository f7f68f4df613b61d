"""The one error every report writer raises, below them all so that each can raise it."""


class ReportError(Exception):
    """A report could not be written; the message names the file."""
