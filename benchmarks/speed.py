"""Wall time and peak memory of the tracer at growing corpus sizes, baselines side by side.

Run from the repository root::

    python -m benchmarks speed quick              # 100 and 1,000 articles; baselines at 100
    python -m benchmarks speed full               # 100 to 20,000; baselines at 1,000 and 5,000
    python -m benchmarks.speed full --json speed.json --timeout 900

Corpora come from :mod:`benchmarks.simulate` and are written to a temporary
directory before anything is timed. Every measurement runs in a fresh Python
process: the child times its own work (``time.perf_counter``) and the parent
reads the child's peak resident memory from ``os.wait4`` (``ru_maxrss``, KiB on
Linux). A child that runs past ``--timeout`` is killed and reported as timed
out; one that exceeds ``--memory-limit`` (address space) as out of memory.

What is measured, on the same corpus for each size:

- **trace**: ``provenance.trace(directory)``, stage by stage (load, segment,
  align, cite, derive, origins: the steps of ``provenance.trace_documents``);
  the growth exponents of time and memory, fitted by least squares on log-log.
- **profile**: the same trace under ``cProfile``; the share of time inside
  rapidfuzz and the Python functions that take the most time themselves.
- **alignment step**: provenance's ``align_corpus`` against two baselines of
  :mod:`benchmarks.baselines`, exhaustive all-pairs ``process.cdist`` and
  MinHash LSH (``datasketch``), with the recall of each against the exhaustive one.
"""

from __future__ import annotations

import argparse
import cProfile
import importlib
import io
import itertools
import json
import math
import os
import platform
import pstats
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
import numpy.typing as npt
from attrs import frozen

if TYPE_CHECKING:
    from provenance.trace import Trace

__all__ = [
    "METHODS",
    "MODES",
    "STAGES",
    "AlignRun",
    "Fit",
    "Hotspot",
    "Laps",
    "Mode",
    "Outcome",
    "ProfileSummary",
    "Report",
    "TraceRun",
    "child_main",
    "fit_exponent",
    "is_rapidfuzz",
    "main",
    "rapidfuzz_share",
    "recall",
    "render_markdown",
    "run",
    "run_child",
    "timed_trace",
    "to_json",
    "visible_rapidfuzz",
]

ROOT = Path(__file__).resolve().parent.parent
STAGES = ("load", "segment", "align", "cite", "derive", "origins")
METHODS = ("provenance", "exhaustive", "minhash")
METHOD_LABELS = {
    "provenance": "provenance `align_corpus`",
    "exhaustive": "all-pairs `process.cdist`",
    "minhash": "MinHash LSH (`datasketch`) + verification",
}
# The targets of issue 3, reported (never asserted) by the benchmark.
TARGET_DOCUMENTS, TARGET_SECONDS, TARGET_MIB, TARGET_EXPONENT = 5000, 60.0, 2048.0, 1.3
# A child's exit status when it ran out of memory (it catches MemoryError).
OUT_OF_MEMORY = 3
# A child that fails with its peak RSS this close to the memory limit ran out of memory.
NEAR_LIMIT = 0.9
CHILD = "import sys; from benchmarks.speed import child_main; sys.exit(child_main(sys.argv[1:]))"


@frozen
class Mode:
    """What one mode measures: trace sizes, profile size, baseline sizes."""

    sizes: tuple[int, ...]
    profile_size: int
    baseline_sizes: tuple[int, ...]
    # Sizes at which the exhaustive baseline runs only if its estimated time fits.
    exhaustive_if_feasible: tuple[int, ...] = ()


MODES: dict[str, Mode] = {
    "quick": Mode(sizes=(100, 1000), profile_size=100, baseline_sizes=(100,)),
    "full": Mode(
        sizes=(100, 1000, 5000, 20000),
        profile_size=1000,
        baseline_sizes=(1000, 5000),
        exhaustive_if_feasible=(5000,),
    ),
}


@frozen
class Fit:
    """A growth exponent ``k`` (value ∝ nᵏ) and the sizes it was fitted on."""

    exponent: float
    sizes: tuple[int, ...]


@frozen
class TraceRun:
    """One traced corpus size. Times in seconds, memory in MiB; None when not measured.

    ``stages`` holds the seconds of each stage (those completed, when the run
    failed); ``stage_rss_mib`` the child's peak memory as each stage ended.
    """

    documents: int
    status: str
    message: str = ""
    seconds: float | None = None
    peak_rss_mib: float | None = None
    setup_rss_mib: float | None = None
    stages: dict[str, float] = attrs.field(factory=dict)
    stage_rss_mib: dict[str, float] = attrs.field(factory=dict)
    sentences: int | None = None
    aligned_pairs: int | None = None
    edges: int | None = None


@frozen
class Hotspot:
    """A profiled function, the time spent in it excluding its callees, and the
    nearest provenance function above it on its heaviest chain of callers (``via``;
    empty for provenance's own functions)."""

    function: str
    seconds: float
    calls: int
    via: str = ""


@frozen
class ProfileSummary:
    """How a profiled run's time splits between rapidfuzz and the rest."""

    total_seconds: float
    rapidfuzz_seconds: float
    top_python: tuple[Hotspot, ...]
    top_builtin: tuple[Hotspot, ...]
    documents: int = 0

    @property
    def share(self) -> float:
        """The share of the profiled time spent inside rapidfuzz (0 when nothing ran)."""
        return self.rapidfuzz_seconds / self.total_seconds if self.total_seconds else 0.0


@frozen
class AlignRun:
    """One aligner on one corpus. Recall is against the exhaustive baseline's pairs."""

    method: str
    documents: int
    status: str
    message: str = ""
    seconds: float | None = None
    peak_rss_mib: float | None = None
    setup_rss_mib: float | None = None
    sentences: int | None = None
    compared: int | None = None
    pairs: int | None = None
    recall_near: float | None = None
    recall_paraphrase: float | None = None
    outside: int | None = None
    runs: tuple[float, ...] = ()  # the seconds of each run; ``seconds`` is their median


@frozen
class Report:
    """Everything one run of the benchmark measured."""

    mode: str
    command: str
    seed: int
    machine: str
    timeout: float
    memory_limit_gib: float
    traces: tuple[TraceRun, ...]
    time_fit: Fit | None
    rss_fit: Fit | None
    profile: ProfileSummary | None
    profile_status: str
    baselines: tuple[AlignRun, ...]
    seconds: float


# --- analysis -----------------------------------------------------------------------


def fit_exponent(sizes: Sequence[float], values: Sequence[float]) -> float:
    """The slope ``k`` of the least-squares line through ``(log n, log value)``.

    Parameters
    ----------
    sizes, values : sequence of float
        Positive corpus sizes and the times (or memory) measured at each.

    Raises
    ------
    ValueError
        Fewer than two distinct sizes, lengths that differ, or a value that is not positive.

    Examples
    --------
    >>> round(fit_exponent([10, 100, 1000], [2.0, 20.0, 200.0]), 6)
    1.0
    """
    if len(sizes) != len(values):
        raise ValueError(
            f"sizes and values must have one length, got {len(sizes)} and {len(values)}"
        )
    if len(set(sizes)) < 2:
        raise ValueError(f"sizes: need at least 2 distinct sizes, got {list(sizes)}")
    if min(sizes) <= 0 or min(values) <= 0:
        raise ValueError(f"sizes and values must be positive, got {list(sizes)}, {list(values)}")
    slope = np.polyfit(np.log(np.asarray(sizes, float)), np.log(np.asarray(values, float)), 1)[0]
    return float(slope)


ProfileKey = tuple[str, int, str]


def is_rapidfuzz(key: ProfileKey) -> bool:
    """Whether a ``pstats`` key is a function of rapidfuzz.

    Python functions of the package (``.../rapidfuzz/process_cpp.py``: their own
    time includes the C++ work they call), the probes of :func:`visible_rapidfuzz`
    (file ``<rapidfuzz.fuzz>``), and C functions whose name mentions it
    (``{built-in method rapidfuzz...}``, ``{method ... of 'rapidfuzz...' objects}``).

    >>> is_rapidfuzz(("/x/site-packages/rapidfuzz/process_cpp.py", 94, "cpdist"))
    True
    >>> is_rapidfuzz(("~", 0, "<method 'split' of 'str' objects>"))
    False
    """
    filename, _, name = key
    if filename == "~":
        return "rapidfuzz" in name
    return filename.startswith("<rapidfuzz") or "rapidfuzz" in Path(filename).parts


def rapidfuzz_share(
    stats: Mapping[ProfileKey, Sequence[Any]], *, top: int = 5, documents: int = 0
) -> ProfileSummary:
    """Split a profile's time between rapidfuzz and everything else.

    Parameters
    ----------
    stats : mapping
        ``pstats.Stats(...).stats``: ``(file, line, name) -> (primitive calls,
        calls, tottime, cumtime, callers)``. Each function's ``tottime`` is its
        own time, so their sum is the profiled time.
    top : int
        How many hotspots to list.

    Returns
    -------
    ProfileSummary
        The total, the rapidfuzz part, and the ``top`` Python functions (and C
        built-ins outside rapidfuzz) by own time, largest first, ties by name.
    """
    total = sum(float(row[2]) for row in stats.values())
    fuzz_time = sum(float(row[2]) for key, row in stats.items() if is_rapidfuzz(key))
    python = [(k, r) for k, r in stats.items() if k[0] != "~" and not is_rapidfuzz(k)]
    builtin = [(k, r) for k, r in stats.items() if k[0] == "~" and not is_rapidfuzz(k)]
    return ProfileSummary(
        total_seconds=total,
        rapidfuzz_seconds=fuzz_time,
        top_python=_hotspots(python, top, stats),
        top_builtin=_hotspots(builtin, top, stats),
        documents=documents,
    )


def _hotspots(
    rows: list[tuple[ProfileKey, Sequence[Any]]],
    top: int,
    stats: Mapping[ProfileKey, Sequence[Any]],
) -> tuple[Hotspot, ...]:
    best = sorted(rows, key=lambda kr: (-float(kr[1][2]), _label(kr[0])))[:top]
    return tuple(
        Hotspot(_label(key), float(row[2]), int(row[1]), _via(key, stats)) for key, row in best
    )


def _is_ours(key: ProfileKey) -> bool:
    return "provenance" in Path(key[0]).parts


def _via(key: ProfileKey, stats: Mapping[ProfileKey, Sequence[Any]]) -> str:
    """The first provenance function up the chain of heaviest callers (by cumulative time)."""
    start, seen = key, {key}
    while not _is_ours(key):
        callers: Mapping[ProfileKey, Sequence[Any]] = stats[key][4] if key in stats else {}
        if not callers:
            return ""
        key = max(callers, key=lambda c: (float(callers[c][3]), c))
        if key in seen:
            return ""
        seen.add(key)
    return "" if key == start else _label(key)


def _label(key: ProfileKey) -> str:
    filename, line, name = key
    if filename == "~":
        return name
    parts = Path(filename).parts
    # Package-relative paths: "provenance/align.py", "numpy/lib/_arraysetops_impl.py".
    for anchor, keep in (("site-packages", 0), ("provenance", 1), ("benchmarks", 1)):
        if anchor in parts:
            start = len(parts) - parts[::-1].index(anchor) - keep
            return f"{Path(*parts[start:])}:{line}({name})"
    return f"{filename}:{line}({name})"


def recall(found: npt.NDArray[np.int64], reference: npt.NDArray[np.int64]) -> float | None:
    """The share of ``reference`` keys that are in ``found`` (None if there are none)."""
    if len(reference) == 0:
        return None
    return float(np.isin(reference, found).sum() / len(reference))


# --- the children -------------------------------------------------------------------


def timed_trace(
    directory: Path, on_stage: Callable[[str, float], None] | None = None
) -> tuple[Trace, dict[str, float]]:
    """``provenance.trace(directory)`` with the time of each stage.

    Returns the Trace and the seconds per stage, keyed by :data:`STAGES`
    ("origins" includes assembling the Trace), read off
    :func:`provenance.trace_documents`'s ``on_stage`` calls.
    ``on_stage(stage, seconds)`` is called as each stage ends.
    """
    # Imported here: the profiling child wraps rapidfuzz before provenance binds names.
    from provenance.load import load_corpus
    from provenance.trace import trace_documents

    lap = Laps(on_stage)
    documents, warnings = load_corpus([directory])
    lap("load")
    result = trace_documents(documents, warnings=warnings, on_stage=lap)
    return result, lap.seconds


class Laps:
    """A stopwatch: ``lap(name)`` records the seconds since the last lap (or the start).

    ``on_lap(name, seconds)`` is called after each, e.g. to write progress that
    a child killed later still leaves behind.
    """

    def __init__(self, on_lap: Callable[[str, float], None] | None = None) -> None:
        self.seconds: dict[str, float] = {}
        self._on_lap = on_lap
        self._clock = time.perf_counter()

    def __call__(self, name: str) -> None:
        now = time.perf_counter()
        self.seconds[name] = now - self._clock
        self._clock = now
        if self._on_lap is not None:
            self._on_lap(name, self.seconds[name])


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _trace_child(directory: Path, out: Path) -> None:
    importlib.import_module("provenance")  # so that the setup memory includes the imports
    setup = _rss_mib()
    progress: dict[str, dict[str, float]] = {"stages": {}, "stage_rss_mib": {}}

    def record(stage: str, seconds: float) -> None:
        # Written after every stage, so that a child that dies says where.
        progress["stages"][stage] = seconds
        progress["stage_rss_mib"][stage] = _rss_mib()
        out.with_suffix(".progress").write_text(json.dumps(progress), encoding="utf-8")

    started = time.perf_counter()
    result, stages = timed_trace(directory, record)
    seconds = time.perf_counter() - started
    payload = {
        "seconds": seconds,
        "stages": stages,
        "stage_rss_mib": progress["stage_rss_mib"],
        "setup_rss_mib": setup,
        "sentences": len(result.sentences),
        "aligned_pairs": sum(len(a.pairs) for a in result.alignments),
        "edges": len(result.tree.edges),
    }
    out.with_suffix(".json").write_text(json.dumps(payload), encoding="utf-8")


@contextmanager
def visible_rapidfuzz() -> Iterator[None]:
    """Make rapidfuzz's Cython functions visible to cProfile while the block runs.

    cProfile does not see Cython functions (``fuzz.ratio``,
    ``utils.default_process``, ``Levenshtein.opcodes``): their time is charged to
    the Python caller. Each public function of ``rapidfuzz.fuzz``, ``utils`` and
    ``distance.*`` is replaced by a one-line Python probe whose code says it is
    that function (file ``<rapidfuzz.fuzz>``); the scorer attributes are copied,
    so ``process.cdist(scorer=...)`` still runs the C++ scorer.
    """
    names = ("fuzz", "utils", "distance.Levenshtein", "distance.Indel", "distance.JaroWinkler")
    modules = [importlib.import_module(f"rapidfuzz.{name}") for name in names]
    saved: list[tuple[Any, str, Any]] = []
    for module in modules:
        for name in getattr(module, "__all__", dir(module)):
            function = getattr(module, name, None)
            cython = type(function).__name__ == "cython_function_or_method"
            if name.startswith("_") or not cython or not callable(function):
                continue
            saved.append((module, name, function))
            setattr(module, name, _probe(function, module.__name__, name))
    try:
        yield
    finally:
        for module, name, function in saved:
            setattr(module, name, function)


def _probe(function: Callable[..., Any], module: str, name: str) -> Callable[..., Any]:
    def probe(*args: Any, **kwargs: Any) -> Any:
        return function(*args, **kwargs)

    # cProfile keys a function by its code's file and name: make them rapidfuzz's.
    probe.__code__ = probe.__code__.replace(
        co_filename=f"<{module}>", co_name=name, co_qualname=name
    )
    for attribute in ("_RF_ScorerPy", "_RF_Scorer", "_RF_OriginalScorer"):
        if hasattr(function, attribute):
            setattr(probe, attribute, getattr(function, attribute))
    return probe


def _profile_child(directory: Path, out: Path) -> None:
    profiler = cProfile.Profile()
    with visible_rapidfuzz():
        profiler.enable()
        timed_trace(directory)
        profiler.disable()
    profiler.dump_stats(out.with_suffix(".pstats"))
    out.with_suffix(".json").write_text("{}", encoding="utf-8")


def _align_child(method: str, directory: Path, out: Path) -> None:
    from benchmarks.baselines import KINDS, exhaustive_pairs, minhash_pairs, pair_set, prepare
    from provenance.align import align_corpus
    from provenance.config import TraceConfig
    from provenance.load import load_corpus
    from provenance.segment import segment

    config = TraceConfig()
    documents, _ = load_corpus([directory])
    sentences = tuple(s for d in sorted(documents, key=lambda d: d.id) for s in segment(d))
    setup = _rss_mib()
    started = time.perf_counter()
    if method == "provenance":
        alignments = align_corpus(sentences, config=config)
        seconds = time.perf_counter() - started
        position = {(s.document, s.index): k for k, s in enumerate(sentences)}
        n = len(sentences)
        keys, kinds = [], []
        for alignment in alignments:
            for pair in alignment.pairs:
                i = position[(alignment.a, pair.a_index)]
                j = position[(alignment.b, pair.b_index)]
                keys.append(min(i, j) * n + max(i, j))
                kinds.append(KINDS.index(pair.kind))
        found = pair_set(np.asarray(keys, np.int64), np.asarray(kinds, np.int8), -1)
    else:
        aligner = exhaustive_pairs if method == "exhaustive" else minhash_pairs
        found = aligner(sentences, config)
        seconds = time.perf_counter() - started
    np.savez(out.with_suffix(".npz"), keys=found.keys, kinds=found.kinds)
    payload = {
        "seconds": seconds,
        "setup_rss_mib": setup,
        "sentences": len(prepare(sentences, config).texts),
        "compared": None if found.compared < 0 else found.compared,
        "pairs": len(found.keys),
    }
    out.with_suffix(".json").write_text(json.dumps(payload), encoding="utf-8")


def child_main(argv: Sequence[str]) -> int:
    """Entry of a measuring child: ``TASK DIRECTORY OUT`` (TASK: trace, profile, align-METHOD).

    Writes its numbers to ``OUT.json`` (and ``OUT.npz`` / ``OUT.pstats``);
    exits with :data:`OUT_OF_MEMORY` when memory runs out.
    """
    task, directory, out = argv[0], Path(argv[1]), Path(argv[2])
    try:
        if task == "trace":
            _trace_child(directory, out)
        elif task == "profile":
            _profile_child(directory, out)
        elif task.startswith("align-") and task[6:] in METHODS:
            _align_child(task[6:], directory, out)
        else:
            raise ValueError(f"task must be trace, profile or align-METHOD, got {task!r}")
    except MemoryError:
        print("MemoryError", file=sys.stderr)
        return OUT_OF_MEMORY
    return 0


@frozen
class Outcome:
    """How a child ended: status ``ok``, ``timeout``, ``out-of-memory`` or ``failed``."""

    status: str
    message: str
    peak_rss_mib: float
    payload: dict[str, Any]
    files: dict[str, bytes]
    elapsed: float = 0.0
    progress: dict[str, Any] = attrs.field(factory=dict)


def run_child(
    task: str,
    directory: Path,
    *,
    timeout: float,
    memory_limit_gib: float,
    extra: Sequence[str] = (),
    code: str = CHILD,
) -> Outcome:
    """Run one measuring child; never wait longer than ``timeout`` seconds.

    The child runs ``code`` with the arguments ``task directory *extra out``
    (``out``: where it writes its ``.json``, ``.progress`` and other files).
    """
    limit = int(memory_limit_gib * 2**30)

    def cap_memory() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    with tempfile.TemporaryDirectory(prefix="provenance-speed-") as scratch:
        out = Path(scratch) / "out"
        with open(Path(scratch) / "stderr", "w+", encoding="utf-8") as errors:
            child = subprocess.Popen(
                [sys.executable, "-c", code, task, str(directory), *extra, str(out)],
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
                stderr=errors,
                preexec_fn=cap_memory,
            )
            started = time.monotonic()
            status, usage, timed_out = _wait(child, timeout)
            elapsed = time.monotonic() - started
            errors.seek(0)
            lines = errors.read().strip().splitlines()
        rss = usage.ru_maxrss / 1024
        code = os.waitstatus_to_exitcode(status)
        progress_file = out.with_suffix(".progress")
        progress = json.loads(progress_file.read_text("utf-8")) if progress_file.exists() else {}
        if timed_out:
            status_, message = "timeout", f"timed out after {timeout:.0f} s"
        elif code == OUT_OF_MEMORY or (code != 0 and rss >= NEAR_LIMIT * memory_limit_gib * 1024):
            # C extensions do not always raise MemoryError when an allocation fails.
            status_ = "out-of-memory"
            message = f"out of memory (limit {memory_limit_gib:g} GiB) after {elapsed:.0f} s"
            if code != OUT_OF_MEMORY and lines:
                message += f" ({lines[-1]})"
        elif code != 0:
            why = f"killed by signal {-code}" if code < 0 else f"exit status {code}"
            status_, message = "failed", f"failed ({why})" + (f": {lines[-1]}" if lines else "")
        else:
            payload = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
            files = {
                path.suffix: path.read_bytes()
                for path in Path(scratch).iterdir()
                if path.suffix in {".npz", ".pstats"}
            }
            return Outcome("ok", "", rss, payload, files, elapsed, progress)
        return Outcome(status_, message, rss, {}, {}, elapsed, progress)


def _wait(child: subprocess.Popen[bytes], timeout: float) -> tuple[int, Any, bool]:
    """Reap the child with ``os.wait4`` (it gives the resource usage); kill it at ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid:
            timed_out = False
            break
        if time.monotonic() > deadline:
            child.kill()
            _, status, usage = os.wait4(child.pid, 0)
            timed_out = True
            break
        time.sleep(0.05)
    # Tell Popen the child is reaped, so that it never waits for it again.
    child.returncode = os.waitstatus_to_exitcode(status)
    return status, usage, timed_out


# --- the benchmark ------------------------------------------------------------------


def _write_corpus(documents: int, seed: int, directory: Path) -> None:
    """Simulate a corpus into ``directory``: the articles only (``truth.json`` goes beside it)."""
    from benchmarks.simulate import SimParams, simulate, write_corpus

    write_corpus(simulate(SimParams(n_documents=documents), seed), directory)
    # The tracer reads every file of the directory; the truth is not an article.
    (directory / "truth.json").replace(directory.parent / "truth.json")


def _trace_run(documents: int, outcome: Outcome) -> TraceRun:
    if outcome.status != "ok":
        done = outcome.progress.get("stages", {})
        where = next((stage for stage in STAGES if stage not in done), None)
        during = f", during {where}" if where else ""
        return TraceRun(
            documents,
            outcome.status,
            f"{outcome.message}{during}",
            peak_rss_mib=outcome.peak_rss_mib,
            stages=done,
            stage_rss_mib=outcome.progress.get("stage_rss_mib", {}),
        )
    p = outcome.payload
    return TraceRun(
        documents=documents,
        status="ok",
        seconds=p["seconds"],
        peak_rss_mib=outcome.peak_rss_mib,
        setup_rss_mib=p["setup_rss_mib"],
        stages=p["stages"],
        stage_rss_mib=p["stage_rss_mib"],
        sentences=p["sentences"],
        aligned_pairs=p["aligned_pairs"],
        edges=p["edges"],
    )


def _profile(outcome: Outcome, documents: int, scratch: Path) -> ProfileSummary | None:
    if outcome.status != "ok":
        return None
    path = scratch / "profile.pstats"
    path.write_bytes(outcome.files[".pstats"])
    # B009: typeshed does not declare Stats.stats, the documented raw table.
    table = pstats.Stats(str(path))
    stats: Mapping[ProfileKey, Sequence[Any]] = getattr(table, "stats")  # noqa: B009
    return rapidfuzz_share(stats, documents=documents)


def _baselines(
    documents: int,
    directory: Path,
    *,
    exhaustive: bool,
    timeout: float,
    memory_limit_gib: float,
    guess: float | None,
    log: Callable[[str], None],
    methods: Sequence[str] = METHODS,
    repeats: int = 1,
) -> list[AlignRun]:
    """The aligners ``methods`` on one corpus, with recall against the exhaustive one.

    With ``repeats``, each aligner runs that many times, in turns (each in a
    fresh process), and its time is the median: one fresh process's time
    varies by 10-30 % on a shared machine. A failed run fails the aligner.
    """
    outcomes: dict[str, Outcome] = {}
    if "exhaustive" in methods and not exhaustive:
        why = "no smaller size to estimate from" if guess is None else f"estimated {guess:.0f} s"
        outcomes["exhaustive"] = Outcome(
            "skipped", f"not run: {why}, timeout {timeout:.0f} s", 0.0, {}, {}
        )
    times: dict[str, list[float]] = defaultdict(list)
    pairs: dict[str, tuple[npt.NDArray[np.int64], npt.NDArray[np.int8]]] = {}
    for turn in range(repeats):
        for method in methods:
            if method in outcomes and outcomes[method].status != "ok":
                continue  # skipped, or failed in an earlier turn
            run = f", run {turn + 1}" if turn else ""
            log(f"align with {method} at {documents} documents{run}")
            outcome = run_child(
                f"align-{method}", directory, timeout=timeout, memory_limit_gib=memory_limit_gib
            )
            if method not in outcomes or outcome.status != "ok":
                outcomes[method] = outcome
            if outcome.status != "ok":
                continue
            times[method].append(outcome.payload["seconds"])
            if method not in pairs:
                with np.load(io.BytesIO(outcome.files[".npz"])) as data:
                    pairs[method] = (data["keys"], data["kinds"])
    runs: list[AlignRun] = []
    reference = pairs.get("exhaustive")
    for method in methods:
        outcome = outcomes[method]
        if outcome.status != "ok":
            runs.append(
                AlignRun(
                    method,
                    documents,
                    outcome.status,
                    outcome.message,
                    peak_rss_mib=outcome.peak_rss_mib or None,
                )
            )
            continue
        p, keys = outcome.payload, pairs[method][0]
        near = paraphrase = None
        outside = None
        if reference is not None:
            ref_keys, ref_kinds = reference
            near = recall(keys, ref_keys[ref_kinds <= 1])
            paraphrase = recall(keys, ref_keys[ref_kinds == 2])
            outside = int((~np.isin(keys, ref_keys)).sum())
        runs.append(
            AlignRun(
                method=method,
                documents=documents,
                status="ok",
                seconds=statistics.median(times[method]),
                runs=tuple(times[method]),
                peak_rss_mib=outcome.peak_rss_mib,
                setup_rss_mib=p["setup_rss_mib"],
                sentences=p["sentences"],
                compared=p["compared"],
                pairs=p["pairs"],
                recall_near=near,
                recall_paraphrase=paraphrase,
                outside=outside,
            )
        )
    return runs


def _fit(runs: Sequence[TraceRun], value: Callable[[TraceRun], float | None]) -> Fit | None:
    points = [(r.documents, value(r)) for r in runs if r.status == "ok" and value(r)]
    if len({n for n, _ in points}) < 2:
        return None
    sizes = tuple(n for n, _ in points)
    return Fit(fit_exponent(sizes, [float(v or 0) for _, v in points]), sizes)


def _revision() -> str:
    """`` at <commit>`` of the checkout (``+ local changes`` to provenance/), or ""."""
    try:
        commit = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        changes = subprocess.run(
            ["git", "-C", str(ROOT), "status", "--porcelain", "--", "provenance"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""  # not a git checkout (an sdist): the version says enough
    return f" at {commit}" + (" + local changes" if changes else "")


def _machine() -> str:
    import rapidfuzz

    import provenance

    try:
        from importlib.metadata import version

        datasketch = f", datasketch {version('datasketch')}"
    except ImportError:
        datasketch = ""
    return (
        f"provenance {provenance.__version__}{_revision()}, Python {platform.python_version()}, "
        f"rapidfuzz {rapidfuzz.__version__}{datasketch}, numpy {np.__version__}, "
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores"
    )


def run(
    mode: str,
    *,
    seed: int = 0,
    timeout: float = 900.0,
    memory_limit_gib: float = 12.0,
    sizes: Sequence[int] | None = None,
    command: str = "",
    log: Callable[[str], None] = lambda message: None,
) -> Report:
    """Measure everything ``mode`` (a key of :data:`MODES`) asks for.

    ``sizes`` overrides the mode's trace sizes. A size that times out or fails
    stops the larger ones (they are reported as not run).
    """
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}, got {mode!r}")
    plan = MODES[mode]
    trace_sizes = tuple(sizes) if sizes is not None else plan.sizes
    wanted = sorted({*trace_sizes, plan.profile_size, *plan.baseline_sizes})
    started = time.perf_counter()
    traces: list[TraceRun] = []
    baselines: list[AlignRun] = []
    profile: ProfileSummary | None = None
    profile_status = "not run"
    stopped = ""
    child = {"timeout": timeout, "memory_limit_gib": memory_limit_gib}

    def estimate(documents: int) -> float | None:
        # The exhaustive cost grows as sentences²: scale from the size measured.
        ok = [r for r in baselines if r.method == "exhaustive" and r.status == "ok"]
        if not ok or not ok[-1].seconds:
            return None
        return ok[-1].seconds * (documents / ok[-1].documents) ** 2

    for documents in wanted:
        tracing = documents in trace_sizes
        if tracing and stopped:
            traces.append(TraceRun(documents, "skipped", f"not run: {stopped}"))
            tracing = False
        if not (tracing or documents == plan.profile_size or documents in plan.baseline_sizes):
            continue
        with tempfile.TemporaryDirectory(prefix=f"provenance-speed-{documents}-") as scratch:
            directory = Path(scratch) / "corpus"
            log(f"simulating {documents} documents (seed {seed})")
            _write_corpus(documents, seed, directory)
            if tracing:
                log(f"tracing {documents} documents")
                traced = _trace_run(documents, run_child("trace", directory, **child))
                traces.append(traced)
                log(
                    f"  ok: {traced.seconds:.1f} s, {traced.peak_rss_mib:.0f} MiB"
                    if traced.status == "ok"
                    else f"  {traced.message}"
                )
                if traced.status != "ok":
                    stopped = f"{documents:,} documents: {traced.message}"
            if documents == plan.profile_size:
                log(f"profiling the trace of {documents} documents")
                outcome = run_child("profile", directory, **child)
                profile = _profile(outcome, documents, Path(scratch))
                profile_status = outcome.status if profile else outcome.message
            if documents in plan.baseline_sizes:
                guess = estimate(documents)
                feasible = documents not in plan.exhaustive_if_feasible or (
                    guess is not None and guess < timeout
                )
                baselines += _baselines(
                    documents, directory, exhaustive=feasible, guess=guess, log=log, **child
                )
    return Report(
        mode=mode,
        command=command or f"python -m benchmarks speed {mode}",
        seed=seed,
        machine=_machine(),
        timeout=timeout,
        memory_limit_gib=memory_limit_gib,
        traces=tuple(traces),
        time_fit=_fit(traces, lambda r: r.seconds),
        rss_fit=_fit(traces, lambda r: r.peak_rss_mib),
        profile=profile,
        profile_status=profile_status,
        baselines=tuple(baselines),
        seconds=time.perf_counter() - started,
    )


# --- the report ---------------------------------------------------------------------


def _num(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:,.{digits}f}"


def _int(value: int | None) -> str:
    return "–" if value is None else f"{value:,}"


def _verdict(ok: bool) -> str:
    return "met" if ok else "**not met**"


def render_markdown(report: Report) -> str:
    """The benchmark's results as a Markdown section: tables, targets and the command."""
    lines = [
        "### Speed and memory",
        "",
        f"Command: `{report.command}` (simulator seed {report.seed}; every measurement in a "
        f"fresh process; timeout {report.timeout:.0f} s, address-space limit "
        f"{report.memory_limit_gib:g} GiB). {report.machine}.",
        "",
        "#### `provenance.trace` by corpus size",
        "",
        "| documents | sentences | aligned pairs | edges | wall (s) | peak RSS (MiB) | "
        + " | ".join(STAGES)
        + " |",
        "|" + "---:|" * (6 + len(STAGES)),
    ]
    for r in report.traces:
        stages = " | ".join(_num(r.stages.get(s), 2) if s in r.stages else "" for s in STAGES)
        peak = _num(r.peak_rss_mib, 0) if r.peak_rss_mib else ""
        if r.status == "ok":
            lines.append(
                f"| {r.documents:,} | {_int(r.sentences)} | {_int(r.aligned_pairs)} | "
                f"{_int(r.edges)} | {_num(r.seconds)} | {peak} | {stages} |"
            )
        else:
            lines.append(f"| {r.documents:,} | {r.message} | | | | {peak} | {stages} |")
    setup = [r.setup_rss_mib for r in report.traces if r.setup_rss_mib]
    lines += [
        "",
        "Stage times in seconds, measured inside the child; wall is their sum. Peak RSS is "
        "the child's `ru_maxrss`"
        + (
            f", of which about {min(setup):.0f} MiB is the interpreter and imports."
            if setup
            else "."
        ),
        "",
    ]
    lines += _stage_memory_lines(report)
    lines += _fit_lines(report)
    lines += _target_lines(report)
    lines += _profile_lines(report)
    lines += _baseline_lines(report)
    lines += [f"_Whole speed benchmark: {report.seconds:.0f} s._", ""]
    return "\n".join(lines)


def _stage_memory_lines(report: Report) -> list[str]:
    runs = [r for r in report.traces if r.stage_rss_mib]
    if not runs:
        return []
    lines = [
        "Peak RSS (MiB) of the child as each stage ended (where the memory goes):",
        "",
        "| documents | " + " | ".join(STAGES) + " |",
        "|" + "---:|" * (1 + len(STAGES)),
    ]
    for r in runs:
        cells = (_num(r.stage_rss_mib[s], 0) if s in r.stage_rss_mib else "" for s in STAGES)
        lines.append(f"| {r.documents:,} | " + " | ".join(cells) + " |")
    return [*lines, ""]


def _fit_lines(report: Report) -> list[str]:
    lines: list[str] = []
    for what, fit in (("Time", report.time_fit), ("Peak RSS", report.rss_fit)):
        if fit is None:
            lines.append(f"{what} growth exponent: not enough sizes measured.")
            continue
        lines.append(
            f"{what} grows as n^{fit.exponent:.2f} (least squares of log {what.lower()} on "
            f"log n over {', '.join(f'{n:,}' for n in fit.sizes)} documents)."
        )
    ok = [(r.documents, r.seconds) for r in report.traces if r.status == "ok" and r.seconds]
    steps = [
        f"{n:,}→{m:,}: {math.log(u / t) / math.log(m / n):.2f}"
        for (n, t), (m, u) in itertools.pairwise(ok)
    ]
    if len(steps) > 1:
        lines.append(f"Time exponent between consecutive sizes: {'; '.join(steps)}.")
    return [*lines, ""]


def _target_lines(report: Report) -> list[str]:
    at = next((r for r in report.traces if r.documents == TARGET_DOCUMENTS), None)
    if at is None:
        size = "not measured in this mode (run `full`)"
    elif at.status != "ok":
        size = f"**not met**: {at.message}"
    else:
        ok = (at.seconds or 0) < TARGET_SECONDS and (at.peak_rss_mib or 0) < TARGET_MIB
        size = f"{_verdict(ok)}: {at.seconds:.1f} s, {at.peak_rss_mib:,.0f} MiB"
    fit = report.time_fit
    growth = (
        "not measured"
        if fit is None
        else f"{_verdict(fit.exponent <= TARGET_EXPONENT)}: k = {fit.exponent:.2f}"
    )
    return [
        "| target | result |",
        "|---|---|",
        f"| {TARGET_DOCUMENTS:,} documents in < {TARGET_SECONDS:.0f} s and < 2 GiB | {size} |",
        f"| growth exponent ≤ {TARGET_EXPONENT} | {growth} |",
        "",
    ]


def _profile_lines(report: Report) -> list[str]:
    p = report.profile
    if p is None:
        return ["#### Where the time goes", "", f"Profile: {report.profile_status}.", ""]
    lines = [
        f"#### Where the time goes (cProfile, {p.documents:,} documents)",
        "",
        f"Inside rapidfuzz: {p.rapidfuzz_seconds:.1f} s of {p.total_seconds:.1f} s profiled "
        f"(**{100 * p.share:.0f} %**); the rest is Python, numpy and the interpreter. "
        "Profiling slows Python calls, not C++, so the true rapidfuzz share is somewhat higher.",
        "",
        "| Python function (own time) | s | calls | called from |",
        "|---|---:|---:|---|",
    ]
    lines += [_hotspot_row(h) for h in p.top_python]
    lines += [
        "",
        "| built-in (own time, outside rapidfuzz) | s | calls | called from |",
        "|---|---:|---:|---|",
    ]
    lines += [_hotspot_row(h) for h in p.top_builtin]
    return [*lines, ""]


def _hotspot_row(spot: Hotspot) -> str:
    via = f"`{spot.via}`" if spot.via else ""
    return f"| `{spot.function}` | {spot.seconds:.2f} | {spot.calls:,} | {via} |"


def _baseline_lines(report: Report) -> list[str]:
    lines: list[str] = []
    for documents in sorted({r.documents for r in report.baselines}):
        runs = [r for r in report.baselines if r.documents == documents]
        ours = next((r for r in runs if r.method == "provenance" and r.status == "ok"), None)
        sentences = next((r.sentences for r in runs if r.sentences), None)
        lines += [
            f"#### The alignment step against baselines ({documents:,} documents, "
            f"{_int(sentences)} alignable sentences)",
            "",
            "| method | wall (s) | peak RSS (MiB) | pairs scored | aligned pairs | "
            "recall verbatim+near | recall paraphrase | not in exhaustive | time ÷ provenance |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for r in runs:
            label = METHOD_LABELS[r.method]
            if r.status != "ok":
                lines.append(f"| {label} | {r.message} |" + " |" * 7)
                continue
            ratio = (
                _num(r.seconds / ours.seconds, 2) if ours and ours.seconds and r.seconds else "–"
            )
            lines.append(
                f"| {label} | {_num(r.seconds)} | {_num(r.peak_rss_mib, 0)} | "
                f"{_int(r.compared)} | {_int(r.pairs)} | {_num(r.recall_near, 4)} | "
                f"{_num(r.recall_paraphrase, 4)} | {_int(r.outside)} | {ratio} |"
            )
        lines.append("")
    if lines:
        lines += [
            "All three use provenance's drop rule, normalisation, scorers (`fuzz.ratio`, "
            "`fuzz.token_set_ratio`, `processor=None`) and cut-offs, and count a pair only "
            "between sentences of different documents sharing 3 content words; recall is "
            "against the exhaustive baseline's pairs of each kind. Not like for like: "
            "provenance's aligner also tries every sentence against two consecutive sentences "
            "joined (splits and merges) and builds `Alignment` objects, which the baselines "
            "do not; the exhaustive baseline scores every pair of sentences, without "
            "de-duplicating repeated texts. MinHash LSH: word sets, 128 permutations, "
            'Jaccard threshold 0.5. "pairs scored" is the number of `fuzz.ratio` calls '
            "(not reported for provenance, whose candidates are internal). Provenance's pairs "
            '"not in exhaustive" are halves of split or merged sentences, aligned as a group '
            "by the score of the joined text. Peak RSS includes loading and segmenting the "
            "corpus.",
            "",
        ]
    return lines


def to_json(report: Report) -> dict[str, Any]:
    """The raw numbers of a report, for ``--json``."""
    data = attrs.asdict(report)
    if report.profile is not None:
        data["profile"]["share"] = report.profile.share
    return data


def main(argv: list[str] | None = None) -> int:
    """``python -m benchmarks speed quick|full [--json PATH] [--timeout S] ...``."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks speed", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("mode", choices=sorted(MODES))
    parser.add_argument("--json", type=Path, help="also write the raw numbers to this file")
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds per child (900)")
    parser.add_argument(
        "--memory-limit", type=float, default=12.0, help="GiB of address space per child (12)"
    )
    parser.add_argument("--seed", type=int, default=0, help="simulator seed (0)")
    parser.add_argument(
        "--sizes",
        type=lambda s: tuple(int(x) for x in s.split(",")),
        help="trace sizes, e.g. 100,1000",
    )
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    if args.timeout <= 0 or args.memory_limit <= 0:
        parser.error(
            f"--timeout and --memory-limit must be > 0, got {args.timeout}, {args.memory_limit}"
        )
    command = " ".join(["python -m benchmarks speed", *(sys.argv[1:] if argv is None else argv)])
    report = run(
        args.mode,
        seed=args.seed,
        timeout=args.timeout,
        memory_limit_gib=args.memory_limit,
        sizes=args.sizes,
        command=command,
        log=lambda message: print(message, file=sys.stderr, flush=True),
    )
    print(render_markdown(report))
    if args.json is not None:
        args.json.write_text(json.dumps(to_json(report), indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
