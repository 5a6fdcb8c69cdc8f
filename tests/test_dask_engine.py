"""The dask engine runs the partitions on a cluster and changes nothing in the result.

One local cluster of two worker processes serves the whole module, so every
partition is pickled to another process and back. The tests that need a
cluster skip without the ``dask`` extra; the argument checks and the
missing-extra message run everywhere.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

import pytest
from attrs import define
from hypothesis import given
from hypothesis import strategies as st

from provenance.dask_engine import DaskEngine, EngineError, dask_engine
from provenance.errors import InputError, ProvenanceError
from provenance.load import document_from_text
from provenance.trace import Trace, trace, trace_documents

T = TypeVar("T")
R = TypeVar("R")

SEEDS = Path(__file__).parent.parent / "seeds"
#: Nothing listens on port 1 here: the connection is refused, again and again.
UNREACHABLE = "tcp://127.0.0.1:1"


def _square(x: int) -> int:
    return x * x


def _process_id(_: int) -> int:
    return os.getpid()


def _fail_on_three(x: int) -> int:
    if x == 3:
        raise ValueError(f"no {x}\nsecond line")
    return x


@pytest.fixture(scope="module")
def engine() -> Iterator[DaskEngine]:
    pytest.importorskip("distributed")
    with dask_engine(jobs=2) as opened:
        yield opened


def _same_trace(via_dask: Trace, local: Trace) -> None:
    assert via_dask.alignments == local.alignments
    assert via_dask.tree == local.tree
    assert via_dask.origins == local.origins
    assert via_dask == local


# --- the engine -------------------------------------------------------------------


@given(items=st.lists(st.integers(min_value=-(10**6), max_value=10**6), max_size=12))
def test_map_keeps_the_input_order(engine: DaskEngine, items: list[int]) -> None:
    assert engine.map(_square, items) == [_square(x) for x in items]


def test_map_runs_in_the_worker_processes(engine: DaskEngine) -> None:
    pids = engine.map(_process_id, list(range(8)))
    assert os.getpid() not in pids


def test_the_local_cluster_has_jobs_one_thread_workers(engine: DaskEngine) -> None:
    workers = engine.client.scheduler_info()["workers"].values()
    assert [w["nthreads"] for w in workers] == [1, 1]
    assert engine.workers == 1


def test_a_failed_partition_is_an_engine_error_of_one_line(engine: DaskEngine) -> None:
    with pytest.raises(EngineError) as caught:
        engine.map(_fail_on_three, [1, 2, 3, 4])
    assert str(caught.value) == "a partition failed on the dask cluster: ValueError: no 3"
    assert isinstance(caught.value.__cause__, ValueError)
    assert isinstance(caught.value, ProvenanceError)
    # The engine is still usable afterwards.
    assert engine.map(_fail_on_three, [1, 2]) == [1, 2]


# --- the same result as the local engine --------------------------------------------


def test_the_seeds_trace_the_same_on_dask(engine: DaskEngine) -> None:
    _same_trace(trace(SEEDS, engine=engine), trace(SEEDS))


@define
class _Counting:
    """An engine that counts the partitions it passes on to another."""

    engine: DaskEngine
    partitions: int = 0

    @property
    def workers(self) -> int:
        return self.engine.workers

    @property
    def parallel(self) -> int:
        return self.engine.parallel

    def map(self, function: Callable[[T], R], items: Sequence[T]) -> list[R]:
        self.partitions += len(items)
        return self.engine.map(function, items)


def test_a_hundred_simulated_articles_trace_the_same_on_dask(engine: DaskEngine) -> None:
    from benchmarks.simulate import SimParams, simulate

    corpus = simulate(SimParams(n_documents=100), seed=7)
    documents = [document_from_text(d.text, d.id) for d in corpus.documents if d.visible]
    assert len(documents) > 50
    counting = _Counting(engine)
    _same_trace(trace_documents(documents, engine=counting), trace_documents(documents))
    # The scoring ran on the cluster, cut so that both workers had work.
    assert counting.partitions >= 2 * engine.parallel


# --- opening an engine --------------------------------------------------------------


def test_an_unreachable_scheduler_is_an_engine_error_within_the_timeout() -> None:
    pytest.importorskip("distributed")
    start = time.monotonic()
    with (
        pytest.raises(EngineError, match=rf"^--scheduler {UNREACHABLE}: cannot connect: "),
        dask_engine(UNREACHABLE, timeout=1),
    ):
        pass
    assert time.monotonic() - start < 5


def test_a_failed_connection_does_not_stall_the_exit(tmp_path: Path) -> None:
    # A tls:// address without certificates fails at once, and left dask's half-made
    # client to be closed at exit, which waited twice the timeout.
    pytest.importorskip("distributed")
    code = (
        "from provenance.dask_engine import dask_engine\n"
        "with dask_engine('tls://127.0.0.1:1', timeout=4):\n"
        "    pass\n"
    )
    start = time.monotonic()
    run = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert time.monotonic() - start < 7.5
    assert "EngineError: --scheduler tls://127.0.0.1:1: cannot connect: " in run.stderr
    assert "Exception ignored" not in run.stderr


def test_a_scheduler_without_workers_is_an_engine_error() -> None:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=0, dashboard_address=None) as cluster:
        address = cluster.scheduler_address
        expected = rf"^--scheduler {address}: no worker joined within 1 s \(start them with "
        with pytest.raises(EngineError, match=expected), dask_engine(address, timeout=1):
            pass


def test_without_the_extra_the_message_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed fails
    with pytest.raises(EngineError) as caught, dask_engine():
        pass
    assert str(caught.value) == (
        "the dask engine needs the 'dask' extra: pip install 'provenance-tracer[dask]'"
    )


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"jobs": 0}, "jobs must be >= 1, got 0"),
        ({"workers": 0}, "workers must be >= 1, got 0"),
        ({"timeout": 0}, "timeout must be > 0 seconds, got 0"),
        (
            {"scheduler": UNREACHABLE, "jobs": 2},
            "jobs: expected none with a scheduler (its workers are started by `dask worker`), "
            f"got jobs=2 with scheduler '{UNREACHABLE}'",
        ),
    ],
)
def test_bad_arguments_are_input_errors(arguments: dict[str, Any], message: str) -> None:
    with pytest.raises(InputError) as caught, dask_engine(**arguments):
        pass
    assert str(caught.value) == message


def test_the_engine_validates_its_threads() -> None:
    with pytest.raises(InputError, match=r"^workers must be >= 1, got 0$"):
        DaskEngine(object(), workers=0)
