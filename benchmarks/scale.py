"""The tracer at 1,000 to 100,000 articles, measured against the targets of the scale issue.

Run from the repository root::

    python -m benchmarks scale                        # 1,000 to 100,000 articles (long)
    python -m benchmarks scale --quick                # 1,000 and 2,000 articles
    python -m benchmarks scale --sizes 1000,5000 -o scale.md --json scale.json

The targets, each reported as met, missed or not measured (never asserted):

1. 20,000 simulated articles (about 500,000 sentences) traced in under 2 minutes
   and 4 GiB of peak RSS; 100,000 articles in under 15 minutes.
2. The growth exponent of the wall time from 1,000 to 20,000 articles at most
   1.15 (least squares on log-log, :func:`benchmarks.speed.fit_exponent`); the
   exponent of each stage is reported beside it.
3. The alignment step at least 50 times faster than exhaustive all-pairs
   ``process.cdist`` on 2,000 articles (the median of 3 runs each, in turns),
   with a recall of the exhaustive verbatim and near pairs of at least 0.99
   (the recall of its paraphrase pairs is reported too, without a target).
4. Adding 1,000 articles to a store of 20,000 (:mod:`provenance.store`) in under
   15 seconds.

The machinery is :mod:`benchmarks.speed`'s: corpora simulated by
:mod:`benchmarks.simulate` (seed 0), written to a temporary directory once per
size before anything is timed; every measurement in a fresh Python process
that times its own work, its peak RSS read by the parent from ``os.wait4``; a
timeout and an address-space limit per process, so that a size that blows up
is reported as timed out or out of memory. A size that fails stops the larger
ones.

The store: a corpus of 21,000 simulated articles is split by publication date
(ties by id); one process opens a new store, adds the 20,000 oldest and calls
``trace()`` ("index"), then opens it again, adds the 1,000 newest and calls
``trace()`` ("add"). The verdict counts the add and the ``trace()`` after it:
the store aligns the new articles in ``add`` and re-derives the tree in the
next ``trace()``, so the updated tree is in hand only after both. ``--quick``
splits its 2,000-article corpus into 1,000 + 1,000 instead, which exercises
the store but not the target.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import attrs
from attrs import frozen

from benchmarks import speed
from benchmarks.speed import STAGES, AlignRun, Fit, Outcome, TraceRun, fit_exponent

__all__ = [
    "SIZES",
    "STORE_PHASES",
    "ScaleReport",
    "StoreRun",
    "Target",
    "child_main",
    "growth",
    "main",
    "render_markdown",
    "run",
    "speedup",
    "targets",
    "to_json",
]

SIZES = (1000, 2000, 5000, 20000, 100000)
QUICK_SIZES = (1000, 2000)
# The targets of the scale issue, reported (never asserted).
TARGET_DOCUMENTS, TARGET_SECONDS, TARGET_GIB = 20000, 120.0, 4.0
LARGE_DOCUMENTS, LARGE_SECONDS = 100000, 900.0
GROWTH_FROM, GROWTH_TO, TARGET_EXPONENT = 1000, 20000, 1.15
BASELINE_DOCUMENTS, TARGET_SPEEDUP, TARGET_RECALL = 2000, 50.0, 0.99
# Runs of each aligner against the baseline: the speed-up is of their median times.
BASELINE_REPEATS = 3
STORE_BASE, STORE_ADDED, TARGET_ADD_SECONDS = 20000, 1000, 15.0
QUICK_STORE = (1000, 1000)
# What the store process times, in order: "index" is open + add(the oldest
# articles), "first trace" its trace() and close; "add" is open + add(the
# newest), "trace" its trace() and close.
STORE_PHASES = ("index", "first trace", "add", "trace")
UNAVAILABLE = "provenance.store is not available"
CHILD = "import sys; from benchmarks.scale import child_main; sys.exit(child_main(sys.argv[1:]))"


@frozen
class StoreRun:
    """The store measured: ``base`` articles indexed, then ``added`` more added.

    ``status`` is ``ok``, ``timeout``, ``out-of-memory``, ``failed`` or
    ``unavailable`` (no :mod:`provenance.store`); ``phases`` holds the seconds of
    each of :data:`STORE_PHASES` completed, and ``trace_stages`` those of the
    stages of the ``trace()`` after the add (``Store.trace``'s ``on_stage``);
    ``documents`` the documents of the Trace after the add.
    """

    base: int
    added: int
    status: str
    message: str = ""
    phases: dict[str, float] = attrs.field(factory=dict)
    peak_rss_mib: float | None = None
    documents: int | None = None
    trace_stages: dict[str, float] = attrs.field(factory=dict)

    @property
    def add_seconds(self) -> float | None:
        """The add and the ``trace()`` after it, or None unless both were timed."""
        if "add" not in self.phases or "trace" not in self.phases:
            return None
        return self.phases["add"] + self.phases["trace"]


@frozen
class ScaleReport:
    """Everything one run of the scale benchmark measured.

    ``baseline`` holds provenance's alignment and the exhaustive one on
    ``baseline_documents`` articles (empty when not run); ``store`` is None
    when the store was not measured at all.
    """

    command: str
    seed: int
    machine: str
    timeout: float
    memory_limit_gib: float
    traces: tuple[TraceRun, ...]
    baseline_documents: int | None
    baseline: tuple[AlignRun, ...]
    store: StoreRun | None
    seconds: float


@frozen
class Target:
    """One target: what it asks, what was measured (None: not measured, and why), the verdict.

    ``met`` is None when there is no verdict: nothing measured, or a number
    reported without a target.
    """

    goal: str
    result: str | None
    met: bool | None
    why: str = ""


# --- analysis -----------------------------------------------------------------------


def growth(
    traces: Sequence[TraceRun],
    stage: str | None = None,
    *,
    low: float = 0,
    high: float = math.inf,
) -> Fit | None:
    """The growth exponent of the wall time (or of one stage's) over the finished sizes.

    Only sizes in ``[low, high]`` whose time is positive count; None when fewer
    than two remain.

    >>> runs = [TraceRun(n, "ok", seconds=n / 100) for n in (1000, 2000, 4000)]
    >>> fit = growth(runs, high=2000)
    >>> round(fit.exponent, 6), fit.sizes
    (1.0, (1000, 2000))
    """
    points = []
    for r in traces:
        value = r.seconds if stage is None else r.stages.get(stage)
        if r.status == "ok" and value and value > 0 and low <= r.documents <= high:
            points.append((r.documents, value))
    if len({n for n, _ in points}) < 2:
        return None
    sizes = tuple(n for n, _ in points)
    return Fit(fit_exponent(sizes, [v for _, v in points]), sizes)


def speedup(baseline: Sequence[AlignRun]) -> float | None:
    """The exhaustive aligner's time over provenance's, or None unless both finished.

    >>> speedup([AlignRun("provenance", 2000, "ok", seconds=2.0),
    ...          AlignRun("exhaustive", 2000, "ok", seconds=120.0)])
    60.0
    """
    times = {r.method: r.seconds for r in baseline if r.status == "ok" and r.seconds}
    if "provenance" not in times or "exhaustive" not in times:
        return None
    return times["exhaustive"] / times["provenance"]


def targets(report: ScaleReport) -> tuple[Target, ...]:
    """Every target of the scale issue against what ``report`` measured."""
    return (
        _time_target(report, TARGET_DOCUMENTS, TARGET_SECONDS, "2 min"),
        _memory_target(report),
        _time_target(report, LARGE_DOCUMENTS, LARGE_SECONDS, "15 min"),
        _growth_target(report),
        *_baseline_targets(report),
        _store_target(report),
    )


def _trace_at(report: ScaleReport, documents: int) -> TraceRun | None:
    return next((r for r in report.traces if r.documents == documents), None)


def _unmeasured(run: TraceRun | None) -> str:
    if run is None:
        return "not among this run's sizes"
    return "a smaller size failed" if run.status == "skipped" else "the trace did not finish"


def _time_target(report: ScaleReport, documents: int, limit: float, shown: str) -> Target:
    goal = f"{documents:,} articles traced in < {shown}"
    run = _trace_at(report, documents)
    if run is None or run.status == "skipped":
        return Target(goal, None, None, _unmeasured(run))
    if run.status != "ok" or run.seconds is None:
        return Target(goal, run.message, False)
    shown = f"{run.seconds:,.1f} s" + (
        f" ({run.seconds / 60:.1f} min)" if run.seconds >= 60 else ""
    )
    return Target(goal, shown, run.seconds < limit)


def _memory_target(report: ScaleReport) -> Target:
    goal = f"{TARGET_DOCUMENTS:,} articles traced in < {TARGET_GIB:g} GiB peak RSS"
    run = _trace_at(report, TARGET_DOCUMENTS)
    if run is None or run.status == "skipped" or run.peak_rss_mib is None:
        return Target(goal, None, None, _unmeasured(run))
    gib = run.peak_rss_mib / 1024
    if run.status == "ok":
        return Target(goal, f"{gib:.2f} GiB", gib < TARGET_GIB)
    if run.status == "out-of-memory" or gib >= TARGET_GIB:
        return Target(goal, f"{run.message} (peak {gib:.2f} GiB)", False)
    # Stopped below the limit: its memory at the end is unknown.
    return Target(goal, None, None, _unmeasured(run))


def _growth_target(report: ScaleReport) -> Target:
    goal = (
        f"growth exponent of the wall time, {GROWTH_FROM:,} → {GROWTH_TO:,} articles, "
        f"≤ {TARGET_EXPONENT}"
    )
    ends = [_trace_at(report, n) for n in (GROWTH_FROM, GROWTH_TO)]
    fit = growth(report.traces, low=GROWTH_FROM, high=GROWTH_TO)
    if fit is None or any(r is None or r.status != "ok" for r in ends):
        return Target(goal, None, None, "needs finished traces at both ends")
    shown = f"k = {fit.exponent:.2f} (over {_sizes(fit.sizes)})"
    return Target(goal, shown, fit.exponent <= TARGET_EXPONENT)


def _baseline_targets(report: ScaleReport) -> tuple[Target, Target, Target]:
    at = f"{BASELINE_DOCUMENTS:,} articles"
    goals = (
        f"alignment ≥ {TARGET_SPEEDUP:g}× faster than all-pairs `cdist`, {at}",
        f"recall of all-pairs verbatim + near pairs ≥ {TARGET_RECALL}, {at}",
        f"recall of all-pairs paraphrase pairs (no target), {at}",
    )
    runs = {r.method: r for r in report.baseline}
    ours, exhaustive = runs.get("provenance"), runs.get("exhaustive")
    if ours is None or exhaustive is None:
        return tuple(Target(goal, None, None, "the baselines were not run") for goal in goals)
    if report.baseline_documents != BASELINE_DOCUMENTS:
        why = "this run's baseline corpus is another size (see below)"
        return tuple(Target(goal, None, None, why) for goal in goals)
    failed = next((r for r in (ours, exhaustive) if r.status != "ok"), None)
    if failed is not None:
        message = f"{failed.method}: {failed.message}"
        return tuple(Target(goal, None, None, message) for goal in goals)
    factor = speedup(report.baseline)
    fast = (
        Target(goals[0], None, None, "a time of zero")
        if factor is None
        else Target(
            goals[0],
            f"{factor:,.1f}× ({ours.seconds:,.2f} s against {exhaustive.seconds:,.1f} s)",
            factor >= TARGET_SPEEDUP,
        )
    )
    near, paraphrase = ours.recall_near, ours.recall_paraphrase
    return (
        fast,
        Target(goals[1], None, None, "no such pairs")
        if near is None
        else Target(goals[1], f"{near:.4f}", near >= TARGET_RECALL),
        Target(goals[2], None, None, "no such pairs")
        if paraphrase is None
        else Target(goals[2], f"{paraphrase:.4f}", None),
    )


def _store_target(report: ScaleReport) -> Target:
    goal = (
        f"add {STORE_ADDED:,} articles to a {STORE_BASE:,}-article store in "
        f"< {TARGET_ADD_SECONDS:g} s"
    )
    store = report.store
    if store is None:
        return Target(goal, None, None, "the store was not run")
    if store.status == "unavailable":
        return Target(goal, None, None, UNAVAILABLE)
    if (store.base, store.added) != (STORE_BASE, STORE_ADDED):
        return Target(goal, None, None, "this run's store is smaller (see below)")
    if store.status != "ok" or store.add_seconds is None:
        if "index" not in store.phases or "first trace" not in store.phases:
            return Target(goal, None, None, f"indexing failed: {store.message}")
        return Target(goal, store.message, False)
    result = (
        f"{store.add_seconds:,.1f} s (add {store.phases['add']:,.1f} s + trace() "
        f"{store.phases['trace']:,.1f} s)"
    )
    return Target(goal, result, store.add_seconds < TARGET_ADD_SECONDS)


# --- the store child ----------------------------------------------------------------


def _store_child(base: Path, new: Path, path: Path, out: Path) -> None:
    from provenance.load import load_corpus

    old_documents = load_corpus([base])[0]
    new_documents = load_corpus([new])[0]
    # Apart from the import above: isort calls it third-party while store.py is missing.
    from provenance.store import Store

    def progress(phase: str, seconds: float) -> None:
        # Written after every phase, so that a child that dies says where.
        text = json.dumps({"phases": lap.seconds})
        out.with_suffix(".progress").write_text(text, encoding="utf-8")

    lap = speed.Laps(progress)

    with Store.open(path) as store:
        store.add(old_documents)
        lap("index")
        store.trace()
    lap("first trace")
    with Store.open(path) as store:
        store.add(new_documents)
        lap("add")
        stages = speed.Laps()
        result = store.trace(on_stage=stages)
    lap("trace")
    payload = {
        "phases": lap.seconds,
        "trace_stages": stages.seconds,
        "documents": len(result.documents),
        "rss_mib": speed._rss_mib(),
    }
    out.with_suffix(".json").write_text(json.dumps(payload), encoding="utf-8")


def child_main(argv: Sequence[str]) -> int:
    """Entry of the store child: ``store BASE NEW STORE OUT``.

    Writes its numbers to ``OUT.json``; exits with :data:`benchmarks.speed.OUT_OF_MEMORY`
    when memory runs out.
    """
    task, *paths = argv
    if task != "store" or len(paths) != 4:
        raise ValueError(f"expected: store BASE NEW STORE OUT, got {' '.join(argv)}")
    try:
        _store_child(*(Path(p) for p in paths))
    except MemoryError:
        print("MemoryError", file=sys.stderr)
        return speed.OUT_OF_MEMORY
    return 0


def _run_store_child(base: Path, new: Path, *, timeout: float, memory_limit_gib: float) -> Outcome:
    """The store child of this module, run by :func:`benchmarks.speed.run_child`."""
    with tempfile.TemporaryDirectory(prefix="provenance-scale-") as scratch:
        return speed.run_child(
            "store",
            base,
            timeout=timeout,
            memory_limit_gib=memory_limit_gib,
            extra=(str(new), str(Path(scratch) / "store.db")),
            code=CHILD,
        )


def _store_import_error() -> str | None:
    """Why the children cannot import provenance.store (None: they can).

    Asked of a fresh interpreter in the children's directory, so that the answer
    is theirs, not this process's.
    """
    probe = subprocess.run(
        [sys.executable, "-c", "import provenance.store"],
        cwd=speed.ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if probe.returncode == 0:
        return None
    lines = probe.stderr.strip().splitlines()
    return lines[-1] if lines else f"exit status {probe.returncode}"


def _split_by_date(directory: Path, truth: Path, added: int, into: Path) -> tuple[Path, Path]:
    """Hard-link a corpus's ``added`` newest articles into ``into/new``, the rest to ``into/base``.

    Newest by the truth's publication date, ties by id.
    """
    documents = json.loads(truth.read_text(encoding="utf-8"))["documents"]
    visible = sorted((d["published"], d["id"]) for d in documents if d["visible"])
    if not 0 < added < len(visible):
        raise ValueError(f"added must be in 1..{len(visible) - 1}, got {added}")
    base, new = into / "base", into / "new"
    for target, part in ((base, visible[:-added]), (new, visible[-added:])):
        target.mkdir(parents=True)
        for _, document in part:
            os.link(directory / f"{document}.txt", target / f"{document}.txt")
    return base, new


def _store_run(base: int, added: int, outcome: Outcome) -> StoreRun:
    if outcome.status != "ok":
        done = outcome.progress.get("phases", {})
        where = next((phase for phase in STORE_PHASES if phase not in done), None)
        during = f", during {where}" if where else ""
        return StoreRun(
            base,
            added,
            outcome.status,
            f"{outcome.message}{during}",
            phases=done,
            peak_rss_mib=outcome.peak_rss_mib or None,
        )
    return StoreRun(
        base,
        added,
        "ok",
        phases=outcome.payload["phases"],
        peak_rss_mib=outcome.peak_rss_mib,
        documents=outcome.payload["documents"],
        trace_stages=outcome.payload.get("trace_stages", {}),
    )


# --- the alignment baseline ---------------------------------------------------------


def _baseline(
    documents: int,
    directory: Path,
    *,
    timeout: float,
    memory_limit_gib: float,
    log: Callable[[str], None],
) -> tuple[AlignRun, ...]:
    """Provenance's alignment and the exhaustive one, with recall against the exhaustive."""
    return tuple(
        speed._baselines(
            documents,
            directory,
            exhaustive=True,
            timeout=timeout,
            memory_limit_gib=memory_limit_gib,
            guess=None,
            log=log,
            methods=("provenance", "exhaustive"),
            repeats=BASELINE_REPEATS,
        )
    )


# --- the benchmark ------------------------------------------------------------------


def run(
    sizes: Sequence[int] = SIZES,
    *,
    baseline_documents: int | None = BASELINE_DOCUMENTS,
    store: tuple[int, int] | None = (STORE_BASE, STORE_ADDED),
    seed: int = 0,
    timeout: float = 1800.0,
    memory_limit_gib: float = 12.0,
    command: str = "",
    log: Callable[[str], None] = lambda message: None,
) -> ScaleReport:
    """Trace each of ``sizes``, align at ``baseline_documents``, index and add ``store``.

    ``store`` is ``(base, added)``: a corpus of ``base + added`` simulated
    articles whose ``added`` newest are added to a store of the others. Each
    corpus size is simulated and written once, used by every measurement at
    that size, and deleted before the next size. None skips a part.
    """
    started = time.perf_counter()
    child = {"timeout": timeout, "memory_limit_gib": memory_limit_gib}
    store_size = None if store is None else sum(store)
    wanted = sorted({*sizes, *(n for n in (baseline_documents, store_size) if n)})
    store_error = None if store is None else _store_import_error()
    traces: list[TraceRun] = []
    baseline: tuple[AlignRun, ...] = ()
    store_run: StoreRun | None = None
    stopped = ""
    with tempfile.TemporaryDirectory(prefix="provenance-scale-") as scratch:
        for documents in wanted:
            tracing = documents in sizes
            if tracing and stopped:
                traces.append(TraceRun(documents, "skipped", f"not run: {stopped}"))
                tracing = False
            storing = store is not None and documents == store_size and store_error is None
            aligning = documents == baseline_documents
            if not (tracing or storing or aligning):
                continue
            root = Path(scratch) / str(documents)
            directory = root / "corpus"
            log(f"simulating {documents} documents (seed {seed})")
            speed._write_corpus(documents, seed, directory)
            if tracing:
                log(f"tracing {documents} documents")
                traced = speed._trace_run(documents, speed.run_child("trace", directory, **child))
                traces.append(traced)
                log(
                    f"  ok: {traced.seconds:.1f} s, {traced.peak_rss_mib:.0f} MiB"
                    if traced.status == "ok"
                    else f"  {traced.message}"
                )
                if traced.status != "ok":
                    stopped = f"a smaller size failed ({documents:,} articles: {traced.message})"
            if aligning:
                baseline = _baseline(documents, directory, log=log, **child)
            if storing and store is not None:
                base, new = _split_by_date(directory, root / "truth.json", store[1], root)
                log(f"indexing {store[0]} documents in a store, then adding {store[1]}")
                store_run = _store_run(*store, _run_store_child(base, new, **child))
                log(f"  {store_run.status} {store_run.message}".rstrip())
            _remove(root)
    if store is not None and store_error is not None:
        missing = "No module named 'provenance.store'" in store_error
        store_run = StoreRun(
            *store,
            "unavailable" if missing else "failed",
            f"not measured: {UNAVAILABLE}"
            if missing
            else f"import provenance.store failed: {store_error}",
        )
    return ScaleReport(
        command=command or "python -m benchmarks scale",
        seed=seed,
        machine=speed._machine(),
        timeout=timeout,
        memory_limit_gib=memory_limit_gib,
        traces=tuple(traces),
        baseline_documents=baseline_documents,
        baseline=baseline,
        store=store_run,
        seconds=time.perf_counter() - started,
    )


def _remove(root: Path) -> None:
    """Delete a size's corpus (100,000 files) as soon as it is no longer needed."""
    import shutil

    shutil.rmtree(root, ignore_errors=True)


# --- the report ---------------------------------------------------------------------


def _num(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:,.{digits}f}"


def _int(value: int | None) -> str:
    return "–" if value is None else f"{value:,}"


def _sizes(sizes: Sequence[int]) -> str:
    return ", ".join(f"{n:,}" for n in sizes)


def _verdict(target: Target) -> str:
    if target.met is None:
        return "not measured" if target.result is None else "no target"
    return "met" if target.met else "**missed**"


def render_markdown(report: ScaleReport) -> str:
    """The benchmark's results as a Markdown section: the targets, then the measurements."""
    lines = [
        "### Scale",
        "",
        f"Command: `{report.command}` (simulator seed {report.seed}; every measurement in a "
        f"fresh process; timeout {report.timeout:.0f} s, address-space limit "
        f"{report.memory_limit_gib:g} GiB per process). {report.machine}.",
        "",
        "| target | measured | verdict |",
        "|---|---|---|",
    ]
    for t in targets(report):
        result = t.result if t.result is not None else f"not measured: {t.why}"
        lines.append(f"| {t.goal} | {result} | {_verdict(t)} |")
    lines.append("")
    if report.traces:
        lines += _trace_lines(report) + _growth_lines(report)
    lines += _baseline_lines(report)
    lines += _store_lines(report)
    lines += [f"_Whole scale benchmark: {report.seconds:.0f} s._", ""]
    return "\n".join(lines)


def _trace_lines(report: ScaleReport) -> list[str]:
    lines = [
        "#### `provenance.trace` by corpus size",
        "",
        "| articles | sentences | aligned pairs | edges | wall (s) | peak RSS (MiB) | "
        + " | ".join(STAGES)
        + " |",
        "|" + "---:|" * (6 + len(STAGES)),
    ]
    for r in report.traces:
        stages = " | ".join(_num(r.stages[s], 2) if s in r.stages else "" for s in STAGES)
        peak = _num(r.peak_rss_mib, 0) if r.peak_rss_mib else ""
        if r.status == "ok":
            lines.append(
                f"| {r.documents:,} | {_int(r.sentences)} | {_int(r.aligned_pairs)} | "
                f"{_int(r.edges)} | {_num(r.seconds)} | {peak} | {stages} |"
            )
        else:
            lines.append(f"| {r.documents:,} | {r.message} | | | | {peak} | {stages} |")
    return [
        *lines,
        "",
        "Stage times in seconds, measured inside the child (load is reading the files); "
        "wall is their sum. Peak RSS is the child's `ru_maxrss`. A size that failed shows "
        "the stages it finished.",
        "",
    ]


def _growth_lines(report: ScaleReport) -> list[str]:
    fits: list[tuple[str, Fit | None]] = [
        (f"{GROWTH_FROM:,}–{GROWTH_TO:,}", growth(report.traces, low=GROWTH_FROM, high=GROWTH_TO))
    ]
    every = growth(report.traces)
    if every is not None and every != fits[0][1]:
        fits.append(("every finished size", every))
    lines = [
        "#### Growth exponents (time ∝ nᵏ, least squares on log-log)",
        "",
        "| sizes | fitted on | wall | " + " | ".join(STAGES) + " |",
        "|---|---|" + "---:|" * (1 + len(STAGES)),
    ]
    for label, fit in fits:
        if fit is None:
            lines.append(f"| {label} | fewer than two finished sizes |" + " |" * (1 + len(STAGES)))
            continue
        low, high = min(fit.sizes), max(fit.sizes)
        stages = [growth(report.traces, s, low=low, high=high) for s in STAGES]
        cells = " | ".join("–" if f is None else f"{f.exponent:.2f}" for f in stages)
        lines.append(f"| {label} | {_sizes(fit.sizes)} | {fit.exponent:.2f} | {cells} |")
    ok = [(r.documents, r.seconds) for r in report.traces if r.status == "ok" and r.seconds]
    steps = [
        f"{n:,}→{m:,}: {math.log(u / t) / math.log(m / n):.2f}"
        for (n, t), (m, u) in itertools.pairwise(ok)
    ]
    if steps:
        lines += ["", f"Wall-time exponent between consecutive sizes: {'; '.join(steps)}."]
    return [*lines, ""]


def _baseline_lines(report: ScaleReport) -> list[str]:
    if not report.baseline:
        return []
    sentences = next((r.sentences for r in report.baseline if r.sentences), None)
    lines = [
        f"#### The alignment step against exhaustive all-pairs `cdist` "
        f"({report.baseline_documents:,} articles, {_int(sentences)} alignable sentences)",
        "",
        "| method | wall (s) | peak RSS (MiB) | aligned pairs | recall verbatim+near | "
        "recall paraphrase | not in exhaustive |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in report.baseline:
        label = speed.METHOD_LABELS[r.method]
        if r.status != "ok":
            lines.append(f"| {label} | {r.message} |" + " |" * 5)
            continue
        lines.append(
            f"| {label} | {_num(r.seconds, 2)}{_spread(r.runs)} | {_num(r.peak_rss_mib, 0)} | "
            f"{_int(r.pairs)} | "
            f"{_num(r.recall_near, 4)} | {_num(r.recall_paraphrase, 4)} | {_int(r.outside)} |"
        )
    factor = speedup(report.baseline)
    lines += [
        "",
        ("Speed-up: not measured." if factor is None else f"Speed-up: {factor:,.1f}×.")
        + " The alignment only, on the same corpus, each in its own process (loading and "
        "segmenting are not timed): `benchmarks.speed`'s `align-provenance` and "
        f"`align-exhaustive` children, run {BASELINE_REPEATS} times each in turns; a time is "
        "the median of the runs (each run's in brackets), as one fresh process's time "
        "varies by 10–30 % here. Recall is the share of the exhaustive baseline's pairs "
        "of each kind that provenance aligns; the exhaustive baseline does not look for split "
        "or merged sentences, so provenance's pairs not in it are mostly their halves.",
        "",
    ]
    return lines


def _spread(runs: Sequence[float]) -> str:
    """`` [0.66, 0.71, 0.88]``: each run's seconds, when there were several."""
    return " [" + ", ".join(f"{t:.2f}" for t in runs) + "]" if len(runs) > 1 else ""


def _store_lines(report: ScaleReport) -> list[str]:
    store = report.store
    if store is None:
        return []
    title = f"#### The store: {store.base:,} articles indexed, then {store.added:,} added"
    if store.status == "unavailable":
        return [title, "", f"Not measured: {UNAVAILABLE}.", ""]
    lines = [
        title,
        "",
        "| phase | seconds |",
        "|---|---:|",
        *(
            f"| {phase} | {_num(store.phases[phase], 2)} |"
            for phase in STORE_PHASES
            if phase in store.phases
        ),
        "",
    ]
    if store.status != "ok":
        lines += [f"Stopped: {store.message}.", ""]
    peak = "" if store.peak_rss_mib is None else f" Peak RSS {store.peak_rss_mib:,.0f} MiB."
    found = (
        ""
        if store.documents is None
        else f" The trace after the add has {store.documents:,} documents."
    )
    lines += [
        f"The articles of a {store.base + store.added:,}-article corpus, the newest "
        f"{store.added:,} by publication date added last. index: `Store.open` + "
        "`add(oldest)`; first trace: its `trace()` and closing; add: `Store.open` + "
        "`add(newest)`; trace: its `trace()` and closing. The target counts add + trace: "
        "the store aligns the new articles in `add` and re-derives the tree in the next "
        "`trace()`, so the tree is up to date only after both." + peak + found,
        "",
    ]
    stages = store.trace_stages
    if stages and "trace" in store.phases:
        rest = store.phases["trace"] - sum(stages.values())
        lines += [
            "The `trace()` after the add, by stage (`Store.trace`'s `on_stage`): "
            + ", ".join(f"{name} {seconds:,.2f} s" for name, seconds in stages.items())
            + f"; the other {rest:,.2f} s are storing the derivation and closing the store.",
            "",
        ]
    return lines


def to_json(report: ScaleReport) -> dict[str, Any]:
    """The raw numbers of a report and the verdicts, for ``--json``."""
    data = attrs.asdict(report)
    data["targets"] = [attrs.asdict(t) for t in targets(report)]
    return data


def _sizes_option(text: str) -> tuple[int, ...]:
    try:
        sizes = tuple(int(x) for x in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected sizes like 1000,2000, got {text!r}") from None
    if min(sizes) < 2:
        raise argparse.ArgumentTypeError(f"sizes must be at least 2 articles, got {text!r}")
    return sizes


def main(argv: list[str] | None = None) -> int:
    """``python -m benchmarks scale [--quick | --sizes N,N] [-o FILE] [--json FILE] ...``."""
    args_list = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks scale", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="1,000 and 2,000 articles; the store at 1,000 + 1,000",
    )
    parser.add_argument(
        "--sizes", type=_sizes_option, help=f"trace sizes (default {','.join(map(str, SIZES))})"
    )
    parser.add_argument("-o", "--output", type=Path, help="also write the Markdown to this file")
    parser.add_argument("--json", type=Path, help="also write the raw numbers to this file")
    parser.add_argument("--timeout", type=float, default=1800.0, help="seconds per child (1800)")
    parser.add_argument(
        "--memory-limit", type=float, default=12.0, help="GiB of address space per child (12)"
    )
    parser.add_argument("--seed", type=int, default=0, help="simulator seed (0)")
    args = parser.parse_args(args_list)
    if args.timeout <= 0 or args.memory_limit <= 0:
        parser.error(
            f"--timeout and --memory-limit must be > 0, got {args.timeout}, {args.memory_limit}"
        )
    sizes = args.sizes or (QUICK_SIZES if args.quick else SIZES)
    report = run(
        sizes,
        store=QUICK_STORE if args.quick else (STORE_BASE, STORE_ADDED),
        seed=args.seed,
        timeout=args.timeout,
        memory_limit_gib=args.memory_limit,
        command=" ".join(["python -m benchmarks scale", *args_list]),
        log=lambda message: print(message, file=sys.stderr, flush=True),
    )
    text = render_markdown(report)
    print(text)
    if args.output is not None:
        args.output.write_text(text + "\n", encoding="utf-8")
        print(f"wrote {args.output}", file=sys.stderr)
    if args.json is not None:
        args.json.write_text(json.dumps(to_json(report), indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
