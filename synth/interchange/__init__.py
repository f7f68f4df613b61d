"""Bringing other tools' work in: REFI-QDA projects (``.qdpx``) and codebooks in their shapes.

:mod:`synth.interchange.qdpx` reads a ``.qdpx`` safely into plain data;
:mod:`synth.interchange.importer` turns that data into trail events through
the same core every other command uses; :mod:`synth.interchange.codebooks`
writes codebooks in the CSV shapes Taguette and QualCoder read.
"""

from __future__ import annotations

from synth.extract.errors import FormError


class InterchangeError(FormError):
    """A file from another tool could not be read: one line naming the file and the reason.

    A kind of :class:`~synth.extract.FormError`, so every face that reports a bad form reports it too.
    """
