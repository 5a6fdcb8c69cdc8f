"""The scale benchmark's arithmetic, verdicts and report, and a tiny run of its driver.

Nothing big runs here: the end-to-end run traces 20 and 40 simulated articles.
"""

from __future__ import annotations

import doctest
import importlib.util
import json
import re
import sys
import types
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import ClassVar

import attrs
import pytest

import benchmarks.scale as scale
from benchmarks.speed import STAGES, AlignRun, Outcome, TraceRun
from provenance.model import Document
from provenance.trace import Trace, trace_documents

STORE_MISSING = importlib.util.find_spec("provenance.store") is None


# --- the arithmetic --------------------------------------------------------------------------


def _trace(documents: int, seconds: float, **stages: float) -> TraceRun:
    return TraceRun(documents, "ok", seconds=seconds, peak_rss_mib=100.0, stages=stages)


def test_growth_fits_the_wall_time_and_each_stage_within_the_bounds() -> None:
    # wall ∝ n^1.1, align ∝ n^1.5, load ∝ n; 100,000 lies outside the bounds.
    runs = [
        _trace(n, 0.01 * n**1.1, align=1e-4 * n**1.5, load=0.002 * n)
        for n in (1000, 2000, 5000, 20000, 100000)
    ]
    fit = scale.growth(runs, low=1000, high=20000)
    assert fit is not None
    assert fit.sizes == (1000, 2000, 5000, 20000)
    assert fit.exponent == pytest.approx(1.1)
    align = scale.growth(runs, "align", low=1000, high=20000)
    assert align is not None
    assert align.exponent == pytest.approx(1.5)
    load = scale.growth(runs, "load")
    assert load is not None
    assert load.exponent == pytest.approx(1.0)
    assert load.sizes[-1] == 100000


def test_growth_skips_failed_sizes_and_zero_times_and_needs_two_sizes() -> None:
    runs = [
        _trace(1000, 10.0, cite=0.0),
        _trace(2000, 20.0, cite=0.0),
        TraceRun(20000, "timeout", "timed out after 1800 s", peak_rss_mib=900.0),
    ]
    fit = scale.growth(runs)
    assert fit is not None
    assert (fit.sizes, fit.exponent) == ((1000, 2000), pytest.approx(1.0))
    assert scale.growth(runs, "cite") is None  # a time of 0 has no logarithm
    assert scale.growth(runs, low=2000) is None


def test_the_docstring_examples_run() -> None:
    result = doctest.testmod(scale)
    assert result.attempted > 0
    assert result.failed == 0


def test_speedup_is_the_exhaustive_time_over_provenances() -> None:
    ours = AlignRun("provenance", 2000, "ok", seconds=2.5)
    exhaustive = AlignRun("exhaustive", 2000, "ok", seconds=125.0)
    assert scale.speedup([ours, exhaustive]) == pytest.approx(50.0)
    assert scale.speedup([ours]) is None
    timed_out = AlignRun("exhaustive", 2000, "timeout", "timed out after 1800 s")
    assert scale.speedup([ours, timed_out]) is None


# --- the verdicts and the report -------------------------------------------------------------


def _stages(seconds: float) -> dict[str, float]:
    return dict.fromkeys(STAGES, seconds / len(STAGES))


def _report(**changes: object) -> scale.ScaleReport:
    # Wall time ∝ n^1.1 from 1,000 to 20,000: 5 s at 1,000, 134.9 s at 20,000.
    finished = [
        TraceRun(
            n,
            "ok",
            seconds=5.0 * (n / 1000) ** 1.1,
            peak_rss_mib=0.15 * n,
            stages=_stages(5.0 * (n / 1000) ** 1.1),
            sentences=25 * n,
        )
        for n in (1000, 2000, 5000, 20000)
    ]
    stopped = TraceRun(100000, "timeout", "timed out after 1800 s, during align", peak_rss_mib=9e3)
    traces = (*finished, stopped)
    baseline = (
        AlignRun("provenance", 2000, "ok", seconds=2.0, pairs=900, recall_near=0.995,
                 recall_paraphrase=0.61, sentences=48000),
        AlignRun("exhaustive", 2000, "ok", seconds=120.0, pairs=800, recall_near=1.0,
                 recall_paraphrase=1.0),
    )  # fmt: skip
    report = scale.ScaleReport(
        command="python -m benchmarks scale",
        seed=0,
        machine="test machine",
        timeout=1800.0,
        memory_limit_gib=12.0,
        traces=traces,
        baseline_documents=2000,
        baseline=baseline,
        store=scale.StoreRun(20000, 1000, "unavailable", f"not measured: {scale.UNAVAILABLE}"),
        seconds=4000.0,
    )
    return attrs.evolve(report, **changes)


def _target_rows(text: str) -> dict[str, tuple[str, str]]:
    """The target table: goal -> (measured, verdict)."""
    rows = {}
    table = text.split("| target | measured | verdict |")[1].split("\n\n")[0]
    for line in table.splitlines()[2:]:
        goal, measured, verdict = (cell.strip() for cell in line.strip("|").split(" | "))
        rows[goal] = (measured, verdict)
    return rows


def _row(rows: dict[str, tuple[str, str]], start: str) -> tuple[str, str]:
    (key,) = (goal for goal in rows if goal.startswith(start))
    return rows[key]


def test_the_targets_say_met_missed_or_not_measured() -> None:
    rows = _target_rows(scale.render_markdown(_report()))
    assert len(rows) == len(scale.targets(_report())) == 8
    # 5 s × 20^1.1 = 134.9 s: over 2 minutes; 3,000 MiB: under 4 GiB.
    assert _row(rows, "20,000 articles traced in < 2 min") == ("134.9 s (2.2 min)", "**missed**")
    assert _row(rows, "20,000 articles traced in < 4 GiB") == ("2.93 GiB", "met")
    assert _row(rows, "100,000 articles") == (
        "timed out after 1800 s, during align",
        "**missed**",
    )
    assert _row(rows, "growth exponent") == ("k = 1.10 (over 1,000, 2,000, 5,000, 20,000)", "met")
    assert _row(rows, "alignment ≥ 50×") == ("60.0× (2.00 s against 120.0 s)", "met")
    assert _row(rows, "recall of all-pairs verbatim") == ("0.9950", "met")
    assert _row(rows, "recall of all-pairs paraphrase") == ("0.6100", "no target")
    assert _row(rows, "add 1,000 articles") == (
        "not measured: provenance.store is not available",
        "not measured",
    )


def test_an_unmeasured_row_never_shows_a_number() -> None:
    empty = _report(traces=(), baseline=(), baseline_documents=None, store=None)
    rows = _target_rows(scale.render_markdown(empty))
    assert {verdict for _, verdict in rows.values()} == {"not measured"}
    for measured, _ in rows.values():
        assert measured.startswith("not measured: ")
        assert not re.search(r"\d", measured), measured
    # A trace that stopped below the memory target says nothing of the memory at the end.
    stopped = TraceRun(20000, "timeout", "timed out after 1800 s", peak_rss_mib=2000.0)
    rows = _target_rows(scale.render_markdown(_report(traces=(stopped,))))
    assert _row(rows, "20,000 articles traced in < 4 GiB") == (
        "not measured: the trace did not finish",
        "not measured",
    )
    skipped = TraceRun(100000, "skipped", "not run: a smaller size failed")
    rows = _target_rows(scale.render_markdown(_report(traces=(skipped,))))
    assert _row(rows, "100,000 articles") == (
        "not measured: a smaller size failed",
        "not measured",
    )


def test_the_store_target_counts_the_add_and_the_trace_after_it() -> None:
    phases = {"index": 300.0, "first trace": 20.0, "add": 4.0, "trace": 12.5}
    store = scale.StoreRun(20000, 1000, "ok", phases=phases, peak_rss_mib=3000.0, documents=21000)
    text = scale.render_markdown(_report(store=store))
    assert _row(_target_rows(text), "add 1,000 articles") == (
        "16.5 s (add 4.0 s + trace() 12.5 s)",
        "**missed**",
    )
    assert "| index | 300.00 |" in text
    assert "The trace after the add has 21,000 documents." in text
    assert "by stage" not in text  # none were reported
    staged = attrs.evolve(store, trace_stages={"load": 2.0, "cite": 0.5, "derive": 8.0})
    assert (
        "by stage (`Store.trace`'s `on_stage`): load 2.00 s, cite 0.50 s, derive 8.00 s; "
        "the other 2.00 s are storing the derivation"
    ) in scale.render_markdown(_report(store=staged))
    quick = attrs.evolve(store, phases={**phases, "trace": 1.0}, base=1000)
    rows = _target_rows(scale.render_markdown(_report(store=quick)))
    assert _row(rows, "add 1,000 articles")[1] == "not measured"  # not the target's sizes


def test_a_store_that_fails_says_in_which_phase() -> None:
    progress = {"phases": {"index": 300.0, "first trace": 20.0}}
    outcome = Outcome("timeout", "timed out after 1800 s", 5000.0, {}, {}, 1800.0, progress)
    run = scale._store_run(20000, 1000, outcome)
    assert run.message == "timed out after 1800 s, during add"
    rows = _target_rows(scale.render_markdown(_report(store=run)))
    assert _row(rows, "add 1,000 articles") == ("timed out after 1800 s, during add", "**missed**")
    # Dying while indexing measures nothing of the add.
    early = scale._store_run(20000, 1000, attrs.evolve(outcome, progress={}))
    rows = _target_rows(scale.render_markdown(_report(store=early)))
    assert _row(rows, "add 1,000 articles")[1] == "not measured"


def test_the_report_has_every_size_the_stage_exponents_and_the_command() -> None:
    text = scale.render_markdown(_report())
    for size in ("1,000", "2,000", "5,000", "20,000", "100,000"):
        assert re.search(rf"^\| {size} \|", text, re.MULTILINE), size
    assert "Command: `python -m benchmarks scale`" in text
    assert (
        "| 1,000–20,000 | 1,000, 2,000, 5,000, 20,000 | 1.10 | "
        + " | ".join(["1.10"] * len(STAGES))
        in text
    )
    assert "Speed-up: 60.0×." in text
    data = scale.to_json(_report())
    assert [t["documents"] for t in data["traces"]] == [1000, 2000, 5000, 20000, 100000]
    assert data["targets"][4]["met"] is True


def test_main_prints_the_report_and_writes_it_with_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    calls = []

    def fake_run(sizes: Sequence[int], **options: object) -> scale.ScaleReport:
        calls.append((tuple(sizes), options["store"], options["command"]))
        return _report(command=options["command"])

    monkeypatch.setattr(scale, "run", fake_run)
    out = tmp_path / "scale.md"
    assert scale.main(["--quick", "-o", str(out), "--json", str(tmp_path / "s.json")]) == 0
    assert calls == [((1000, 2000), (1000, 1000), f"python -m benchmarks scale --quick -o {out} "
                      f"--json {tmp_path / 's.json'}")]  # fmt: skip
    printed = capsys.readouterr().out
    assert out.read_text(encoding="utf-8") == printed
    assert json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))["seed"] == 0
    scale.main(["--sizes", "20,40"])
    assert calls[-1][:2] == ((20, 40), (scale.STORE_BASE, scale.STORE_ADDED))


# --- the store child, against a stand-in store -------------------------------------------------


class _FakeStore:
    """What the benchmark needs of provenance.store.Store, kept in memory per path."""

    saved: ClassVar[dict[Path, tuple[Document, ...]]] = {}

    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    @contextmanager
    def open(cls, path: Path) -> Iterator[_FakeStore]:
        yield cls(path)

    def add(self, documents: Sequence[Document]) -> None:
        self.saved[self.path] = (*self.saved.get(self.path, ()), *documents)

    def trace(self, on_stage: Callable[[str], None] | None = None) -> Trace:
        return trace_documents(self.saved[self.path], on_stage=on_stage)


def test_the_store_child_times_each_phase(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "provenance.store", types.SimpleNamespace(Store=_FakeStore))
    seeds = sorted((Path(__file__).parent.parent / "seeds").glob("*.txt"))
    base, new = tmp_path / "base", tmp_path / "new"
    for directory, files in ((base, seeds[:-2]), (new, seeds[-2:])):
        directory.mkdir()
        for path in files:
            (directory / path.name).write_bytes(path.read_bytes())
    out = tmp_path / "out"
    assert scale.child_main(["store", str(base), str(new), str(tmp_path / "store"), str(out)]) == 0
    payload = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    assert tuple(payload["phases"]) == scale.STORE_PHASES
    assert payload["documents"] == len(seeds)
    # The stand-in traces from scratch, so its stages are trace_documents'.
    assert tuple(payload["trace_stages"]) == ("segment", "align", "cite", "derive", "origins")
    assert sum(payload["trace_stages"].values()) <= payload["phases"]["trace"]


def test_the_newest_articles_are_split_off_by_date(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    dates = {"d1": "2024-03-01", "d2": "2024-01-01", "d3": "2024-03-01", "d4": "2024-02-01"}
    for name in dates:
        (corpus / f"{name}.txt").write_text(f"{name}\n\nText.\n", encoding="utf-8")
    documents = [{"id": n, "published": d, "visible": True} for n, d in dates.items()]
    documents.append({"id": "d5", "published": "2025-01-01", "visible": False})
    truth = tmp_path / "truth.json"
    truth.write_text(json.dumps({"documents": documents}), encoding="utf-8")
    base, new = scale._split_by_date(corpus, truth, 2, tmp_path)
    assert sorted(p.stem for p in base.iterdir()) == ["d2", "d4"]
    assert sorted(p.stem for p in new.iterdir()) == ["d1", "d3"]  # the newest; ties by id
    with pytest.raises(ValueError, match="added"):
        scale._split_by_date(corpus, truth, 4, tmp_path / "again")


# --- a tiny run of the driver ----------------------------------------------------------------


@pytest.fixture(scope="module")
def tiny() -> scale.ScaleReport:
    return scale.run((20, 40), baseline_documents=40, store=(30, 10), timeout=300)


def test_a_tiny_run_traces_each_size_and_aligns_against_the_exhaustive_baseline(
    tiny: scale.ScaleReport,
) -> None:
    assert [(r.documents, r.status) for r in tiny.traces] == [(20, "ok"), (40, "ok")]
    assert all(set(r.stages) == set(STAGES) for r in tiny.traces)
    assert all(r.peak_rss_mib and r.sentences for r in tiny.traces)
    assert [(r.method, r.status) for r in tiny.baseline] == [
        ("provenance", "ok"),
        ("exhaustive", "ok"),
    ]
    ours = tiny.baseline[0]
    assert ours.recall_near is not None
    assert ours.recall_near >= 0.99
    assert scale.speedup(tiny.baseline) is not None
    text = scale.render_markdown(tiny)
    assert re.search(r"^\| 20 \| [\d,]+ \|", text, re.MULTILINE)
    assert re.search(r"^\| 40 \| [\d,]+ \|", text, re.MULTILINE)
    assert "| every finished size | 20, 40 |" in text


@pytest.mark.skipif(not STORE_MISSING, reason="provenance.store is available")
def test_a_tiny_run_without_the_store_says_so(tiny: scale.ScaleReport) -> None:
    assert tiny.store is not None
    assert tiny.store.status == "unavailable"
    assert "| not measured: provenance.store is not available | not measured |" in (
        scale.render_markdown(tiny)
    )


@pytest.mark.skipif(STORE_MISSING, reason="provenance.store is not available yet")
def test_a_tiny_run_adds_to_a_store(tiny: scale.ScaleReport) -> None:
    assert tiny.store is not None
    assert (tiny.store.base, tiny.store.added, tiny.store.status) == (30, 10, "ok")
    assert tuple(tiny.store.phases) == scale.STORE_PHASES
    assert tiny.store.documents == 40  # every simulated article is visible by default
    assert tuple(tiny.store.trace_stages) == ("load", "cite", "derive", "origins")
