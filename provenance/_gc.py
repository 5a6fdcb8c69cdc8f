"""Pausing the cyclic garbage collector while the pipeline builds its values."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """Run the block with Python's cyclic garbage collector off, then restore it.

    The pipeline builds millions of values that hold no reference cycles, and
    each full collection would scan all of them again (docs/benchmarks.md
    measures what pausing saves). Reference counting still frees everything that
    goes out of use; only cycles wait for the collector to be back on. Nested
    blocks, and a collector already off, are left as they were.

    >>> with paused_gc():
    ...     gc.isenabled()
    False
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
