"""Engines: what runs the independent partitions of the alignment.

The aligner cuts its heavy work (scoring candidate sentence pairs) into
partitions, each a pure function of its input, and hands them to an engine's
``map``. An engine only decides *where* they run, never what they compute, so
every engine gives the same result:

- :class:`LocalEngine` (the default): this process, rapidfuzz on ``jobs`` threads.
- ``DaskEngine`` (:mod:`provenance.dask_engine`, the ``dask`` extra): a
  ``dask.distributed`` cluster.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import Protocol, TypeVar

from attrs import field, frozen

__all__ = ["Engine", "LocalEngine", "available_cores"]

T = TypeVar("T")
R = TypeVar("R")


class Engine(Protocol):
    """Runs a function over partitions and returns the results in input order."""

    @property
    def workers(self) -> int:
        """The threads rapidfuzz may use within one partition."""
        ...

    @property
    def parallel(self) -> int:
        """How many partitions run at once (the aligner cuts at least twice as many)."""
        ...

    def map(self, function: Callable[[T], R], items: Sequence[T]) -> list[R]:
        """``[function(item) for item in items]``, possibly in parallel."""
        ...


def available_cores() -> int:
    """The cores this process may use (the affinity mask, not the machine's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS and Windows have no affinity call
        return os.cpu_count() or 1


def _positive(instance: object, attribute: object, value: int) -> None:
    if value < 1:
        raise ValueError(f"jobs must be >= 1, got {value!r}")


@frozen
class LocalEngine:
    """This process, with ``jobs`` threads for the scoring (default: the cores available).

    The partitions run one after the other; each scores its pairs with
    rapidfuzz on ``jobs`` threads, where the time goes (rapidfuzz releases the
    GIL). Worker processes would add pickling for no gain on the numpy parts.
    """

    jobs: int = field(factory=available_cores, validator=_positive)

    @property
    def workers(self) -> int:
        """rapidfuzz's ``workers`` within each partition: all ``jobs`` threads."""
        return self.jobs

    @property
    def parallel(self) -> int:
        """One partition at a time (each uses every thread)."""
        return 1

    def map(self, function: Callable[[T], R], items: Sequence[T]) -> list[R]:
        """Run ``function`` over ``items`` in order."""
        return [function(item) for item in items]
