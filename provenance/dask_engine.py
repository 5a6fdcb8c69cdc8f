"""The dask engine: the alignment's partitions on a ``dask.distributed`` cluster.

:func:`dask_engine` opens a :class:`DaskEngine` for the length of a ``with``
block: on a cluster of its own (a ``LocalCluster`` of worker processes on this
machine) or on a running scheduler given by its address. The engine only moves
the partitions (see :mod:`provenance.engine`); what they compute is the same
code on the same data, so a trace is the same on every engine.

It needs the ``dask`` extra (``pip install 'provenance-tracer[dask]'``); dask is
imported when an engine is opened, never by ``import provenance``.
``docs/cluster.md`` tells how to run on a cluster of several machines.
"""

from __future__ import annotations

import gc
import importlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager, suppress
from types import ModuleType
from typing import Any, TypeVar

from attrs import field, frozen

from provenance.engine import available_cores
from provenance.errors import InputError, ProvenanceError

__all__ = ["CONNECT_TIMEOUT", "DaskEngine", "EngineError", "dask_engine"]

T = TypeVar("T")
R = TypeVar("R")

#: Seconds to wait for a scheduler to answer, and then for its first worker.
CONNECT_TIMEOUT = 10.0

_MISSING_EXTRA = "the dask engine needs the 'dask' extra: pip install 'provenance-tracer[dask]'"


class EngineError(ProvenanceError, RuntimeError):
    """An engine could not run the partitions.

    dask is not installed, the scheduler cannot be reached or has no workers, or
    a partition failed on a worker (the worker's exception is the ``__cause__``).
    """


def _at_least_one(instance: object, attribute: Any, value: int) -> None:
    if value < 1:
        raise InputError(f"{attribute.name} must be >= 1, got {value!r}")


@frozen
class DaskEngine:
    """Runs the partitions as tasks of a ``dask.distributed`` client.

    Usually opened by :func:`dask_engine`; wrap a client of your own with
    ``DaskEngine(client)``.

    Parameters
    ----------
    client : distributed.Client
        Connected to the cluster that runs the partitions. The engine does not
        close it.
    workers : int, default 1
        The threads rapidfuzz may use within one partition. 1 fits workers
        started with one thread each (``--nthreads 1``), as :func:`dask_engine`'s
        local cluster is; a partition that used more would compete with the
        other partitions running on the same machine.
    """

    client: Any
    workers: int = field(default=1, validator=_at_least_one)

    @property
    def parallel(self) -> int:
        """The partitions the cluster runs at once: its worker threads, now."""
        return max(1, int(sum(self.client.nthreads().values())))

    def map(self, function: Callable[[T], R], items: Sequence[T]) -> list[R]:
        """``[function(item) for item in items]``, one task per item, in input order.

        The items are scattered to the workers before the tasks are submitted,
        so the task graph holds keys, not data, however large the partitions.
        ``function`` must be importable on the workers (a module-level function
        of an installed package), as must everything the items hold.

        Raises
        ------
        EngineError
            A task failed (its exception is the ``__cause__``); the tasks still
            running are cancelled.
        """
        if not items:
            return []
        futures: list[Any] = []
        try:
            data = self.client.scatter(list(items), hash=False)
            futures = self.client.map(function, data, pure=False)
            results: list[R] = self.client.gather(futures)
        except Exception as error:
            with suppress(Exception):  # the connection may be what failed
                self.client.cancel(futures)
            raise EngineError(
                f"a partition failed on the dask cluster: {_describe(error)}"
            ) from error
        return results


@contextmanager
def dask_engine(
    scheduler: str | None = None,
    *,
    jobs: int | None = None,
    workers: int = 1,
    timeout: float = CONNECT_TIMEOUT,
) -> Iterator[DaskEngine]:
    """Open a :class:`DaskEngine` for the length of a ``with`` block.

    Parameters
    ----------
    scheduler : str, optional
        The address of a running scheduler (``tcp://host:8786``), whose workers
        run the partitions. When omitted, a local cluster is started: ``jobs``
        worker processes of one thread each on this machine, closed on leaving
        the block. Its processes are spawned, so a script that opens it must do
        so under ``if __name__ == "__main__":``.
    jobs : int, optional
        The local cluster's worker processes (default: the cores available to
        this process). Only without ``scheduler``: a cluster's workers are
        started with ``dask worker``.
    workers : int, default 1
        The threads rapidfuzz may use within one partition
        (:attr:`DaskEngine.workers`).
    timeout : float, default CONNECT_TIMEOUT (10 s)
        How long to wait for ``scheduler`` to answer, then for its first worker.

    Raises
    ------
    EngineError
        dask is not installed; the scheduler does not answer within ``timeout``
        or has no worker by then; the local cluster does not start.
    InputError
        ``jobs`` or ``workers`` is below 1, ``timeout`` is not positive, or
        ``jobs`` is given with ``scheduler``.

    Examples
    --------
    >>> from provenance.trace import trace
    >>> with dask_engine(jobs=2) as engine:  # doctest: +SKIP
    ...     result = trace("seeds/", engine=engine)
    """
    if scheduler is not None and jobs is not None:
        raise InputError(
            f"jobs: expected none with a scheduler (its workers are started by `dask worker`), "
            f"got jobs={jobs} with scheduler {scheduler!r}"
        )
    if jobs is not None and jobs < 1:
        raise InputError(f"jobs must be >= 1, got {jobs!r}")
    if workers < 1:
        raise InputError(f"workers must be >= 1, got {workers!r}")
    if not timeout > 0:
        raise InputError(f"timeout must be > 0 seconds, got {timeout!r}")
    distributed = _import_distributed()
    with ExitStack() as stack:
        if scheduler is None:
            client = _start_local(distributed, jobs or available_cores(), stack)
        else:
            client = _connect(distributed, scheduler, timeout, stack)
        yield DaskEngine(client, workers=workers)


def _import_distributed() -> ModuleType:
    try:
        return importlib.import_module("distributed")
    except ImportError:
        raise EngineError(_MISSING_EXTRA) from None


def _start_local(distributed: ModuleType, jobs: int, stack: ExitStack) -> Any:
    """A client of a new local cluster of ``jobs`` one-thread worker processes."""
    try:
        cluster = stack.enter_context(
            distributed.LocalCluster(
                n_workers=jobs,
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                dashboard_address=None,
                # No dashboard, but the scheduler still serves HTTP (health checks):
                # on a free port, not 8787, which a cluster already running may hold.
                scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
            )
        )
        return stack.enter_context(distributed.Client(cluster, set_as_default=False))
    except Exception as error:
        raise EngineError(f"cannot start a local dask cluster: {_describe(error)}") from error


def _connect(distributed: ModuleType, scheduler: str, timeout: float, stack: ExitStack) -> Any:
    """A client of the scheduler at ``scheduler`` that has at least one worker."""
    reason: str | None = None
    try:
        client = distributed.Client(scheduler, timeout=timeout, set_as_default=False)
    except Exception as error:
        reason = _describe(error)
    if reason is not None:
        # The half-made client is left in a reference cycle. Collected now, while
        # its event loop runs, it closes at once; collected at exit, it would
        # stall the interpreter for twice the timeout.
        gc.collect()
        raise EngineError(f"--scheduler {scheduler}: cannot connect: {reason}")
    stack.enter_context(client)
    try:
        client.wait_for_workers(1, timeout=timeout)
    except TimeoutError:
        raise EngineError(
            f"--scheduler {scheduler}: no worker joined within {timeout:g} s "
            f"(start them with `dask worker {scheduler}`)"
        ) from None
    return client


def _describe(error: BaseException) -> str:
    """``error``'s type and the first non-blank line of its message, on one line."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    return f"{type(error).__name__}: {lines[0]}" if lines else type(error).__name__
