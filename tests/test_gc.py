"""Pausing the garbage collector restores it, whatever happens in the block."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from provenance import trace
from provenance._gc import paused_gc


@pytest.fixture
def collector() -> Iterator[None]:
    enabled = gc.isenabled()
    yield
    if enabled:
        gc.enable()
    else:
        gc.disable()


@pytest.mark.usefixtures("collector")
@pytest.mark.parametrize("before", [True, False])
def test_the_collector_is_restored_after_a_block_nested_or_failing(before: bool) -> None:
    (gc.enable if before else gc.disable)()
    with paused_gc():
        with paused_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled() == before
    with pytest.raises(RuntimeError), paused_gc():
        raise RuntimeError("inside")
    assert gc.isenabled() == before


@pytest.mark.usefixtures("collector")
def test_tracing_leaves_the_collector_on() -> None:
    gc.enable()
    trace(Path(__file__).parent.parent / "seeds")
    assert gc.isenabled()
