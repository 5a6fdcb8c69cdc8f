"""The exceptions the library raises.

Every error the library raises on purpose is a :class:`ProvenanceError`. Each
subclass also subclasses the builtin it refines, so ``except ValueError`` keeps
working for callers who do not know this package.
"""

from __future__ import annotations

__all__ = [
    "CapWarning",
    "EmptyCorpusError",
    "InputError",
    "ProvenanceError",
    "UnreadableFileError",
]


class ProvenanceError(Exception):
    """Base class of every error raised by ``provenance``."""


class InputError(ProvenanceError, ValueError):
    """An argument or an input file is not what the library can work with."""


class UnreadableFileError(InputError):
    """A file is missing, binary, or in an encoding that cannot be decoded."""


class EmptyCorpusError(InputError):
    """There is nothing (or too little) to trace: no documents, or only one."""


class CapWarning(UserWarning):
    """A limit on pathological input was applied (boilerplate, a huge line): what, and how often.

    Issued with :func:`warnings.warn`; :func:`provenance.trace.trace` collects
    these into :attr:`Trace.warnings`.
    """
