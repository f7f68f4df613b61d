"""The error every form reader raises, below the readers and the extract package that uses them."""

from __future__ import annotations


class FormError(Exception):
    """A form could not be read: one line naming the file and the reason."""

    def __init__(self, message: str, path: str = ""):
        super().__init__(message)
        self.path = path
