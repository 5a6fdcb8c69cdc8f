"""The speed benchmark's analysis, baselines and report (nothing here is timed)."""

from __future__ import annotations

import cProfile
import io
import itertools
from pathlib import Path

import attrs
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from rapidfuzz import fuzz, process
from strategies import derived_corpora

import benchmarks.speed as speed
import provenance
from benchmarks.baselines import KINDS, exhaustive_pairs, minhash_pairs
from provenance.align import classify, content_words, normalise
from provenance.config import TraceConfig
from provenance.model import Sentence
from provenance.segment import segment

SEEDS = Path(__file__).parent.parent / "seeds"


# --- the growth exponent ---------------------------------------------------------------


@given(
    k=st.floats(min_value=0.2, max_value=3.0),
    scale=st.floats(min_value=1e-4, max_value=1e3),
    sizes=st.lists(st.integers(min_value=1, max_value=10**6), min_size=2, max_size=6, unique=True),
)
def test_fit_exponent_recovers_the_power_of_a_power_law(
    k: float, scale: float, sizes: list[int]
) -> None:
    times = [scale * n**k for n in sizes]
    assert speed.fit_exponent(sizes, times) == pytest.approx(k, abs=1e-6)


def test_fit_exponent_is_least_squares_on_noisy_points() -> None:
    # log t = 1 + 1.2 log n, with residuals +0.1, -0.1, +0.1, -0.1 that cancel
    sizes = [100, 1000, 10000, 100000]
    noise = [0.1, -0.1, -0.1, 0.1]
    times = [np.exp(1 + 1.2 * np.log(n) + e) for n, e in zip(sizes, noise, strict=True)]
    expected = np.polyfit(np.log(sizes), np.log(times), 1)[0]
    assert speed.fit_exponent(sizes, times) == pytest.approx(expected)
    assert 1.1 < speed.fit_exponent(sizes, times) < 1.3


@pytest.mark.parametrize(
    ("sizes", "values"),
    [([100], [1.0]), ([100, 100], [1.0, 2.0]), ([10, 100], [1.0]), ([10, 100], [0.0, 1.0])],
)
def test_fit_exponent_refuses_what_it_cannot_fit(sizes: list[int], values: list[float]) -> None:
    with pytest.raises(ValueError, match="sizes"):
        speed.fit_exponent(sizes, values)


# --- the rapidfuzz share -------------------------------------------------------------------

ALIGN = ("/repo/provenance/align.py", 263, "_overlap_join")
TRACE = ("/repo/provenance/trace.py", 120, "trace_documents")
UNIQUE = ("/venv/lib/python3.11/site-packages/numpy/lib/_arraysetops_impl.py", 145, "unique")
HASH = ("~", 0, "<built-in method numpy._core._multiarray_umath._unique_hash>")
CPDIST = ("/venv/lib/python3.11/site-packages/rapidfuzz/process_cpp.py", 94, "cpdist")
PROBE = ("<rapidfuzz.fuzz>", 1, "token_set_ratio")
RF_METHOD = ("~", 0, "<method 'extract' of 'rapidfuzz.process_cpp_impl.Thing' objects>")
SPLIT = ("~", 0, "<method 'split' of 'str' objects>")
LOOKALIKE = ("/repo/tests/test_rapidfuzz_like.py", 3, "helper")


def _row(tottime: float, cumtime: float, calls: int, callers: dict) -> tuple:
    return (calls, calls, tottime, cumtime, callers)


STATS = {
    TRACE: _row(0.5, 20.0, 1, {}),
    ALIGN: _row(4.0, 12.0, 1, {TRACE: (1, 1, 4.0, 12.0)}),
    UNIQUE: _row(0.25, 6.25, 2, {ALIGN: (2, 2, 0.25, 6.25)}),
    HASH: _row(6.0, 6.0, 2, {UNIQUE: (2, 2, 6.0, 6.0)}),
    CPDIST: _row(3.0, 3.0, 4, {ALIGN: (4, 4, 3.0, 3.0)}),
    PROBE: _row(1.5, 1.5, 1000, {TRACE: (1000, 1000, 1.5, 1.5)}),
    RF_METHOD: _row(0.5, 0.5, 10, {TRACE: (10, 10, 0.5, 0.5)}),
    SPLIT: _row(2.0, 2.0, 5000, {ALIGN: (5000, 5000, 2.0, 2.0)}),
    LOOKALIKE: _row(0.25, 0.25, 1, {}),
}


def test_rapidfuzz_share_counts_package_functions_probes_and_c_methods() -> None:
    summary = speed.rapidfuzz_share(STATS, top=2)
    assert summary.total_seconds == pytest.approx(18.0)
    assert summary.rapidfuzz_seconds == pytest.approx(3.0 + 1.5 + 0.5)
    assert summary.share == pytest.approx(5.0 / 18.0)


def test_rapidfuzz_share_lists_hotspots_by_own_time_with_their_provenance_caller() -> None:
    summary = speed.rapidfuzz_share(STATS, top=2)
    assert [(h.function, h.seconds) for h in summary.top_python] == [
        ("provenance/align.py:263(_overlap_join)", 4.0),
        ("provenance/trace.py:120(trace_documents)", 0.5),
    ]
    assert [h.via for h in summary.top_python] == ["", ""]
    builtins = summary.top_builtin
    assert [h.function for h in builtins] == [HASH[2], SPLIT[2]]
    # The C hash is reached through numpy's unique, called by _overlap_join.
    assert builtins[0].via == "provenance/align.py:263(_overlap_join)"
    assert builtins[0].calls == 2


@pytest.mark.parametrize(
    ("key", "expected"),
    [(CPDIST, True), (PROBE, True), (RF_METHOD, True), (SPLIT, False), (LOOKALIKE, False)],
)
def test_is_rapidfuzz(key: tuple[str, int, str], expected: bool) -> None:
    assert speed.is_rapidfuzz(key) is expected


def test_probes_make_cython_calls_visible_and_keep_the_cpp_scorers() -> None:
    texts = [normalise(s) for s in ("The Taliban denied it on Sunday.", "Taliban denied it.")]
    expected = process.cdist(texts, texts, scorer=fuzz.ratio, processor=None)
    profiler = cProfile.Profile()
    with speed.visible_rapidfuzz():
        profiler.enable()
        ratio = fuzz.ratio(texts[0], texts[1], processor=None)
        matrix = process.cdist(texts, texts, scorer=fuzz.ratio, processor=None)
        profiler.disable()
        probe = fuzz.token_set_ratio
    profiler.create_stats()
    stats = profiler.stats  # type: ignore[attr-defined]
    assert ("<rapidfuzz.fuzz>", probe.__code__.co_firstlineno, "ratio") in stats
    assert ratio == expected[0, 1]
    assert np.array_equal(matrix, expected)
    assert probe is not fuzz.token_set_ratio  # restored on exit
    assert speed.rapidfuzz_share(stats).rapidfuzz_seconds > 0


# --- the baselines against an obvious double loop ------------------------------------------


def _oracle(sentences: list[Sentence], config: TraceConfig) -> dict[int, str]:
    """Every aligned pair, by a double loop over all pairs of sentences with rapidfuzz.fuzz."""
    n = len(sentences)
    found: dict[int, str] = {}
    for (i, a), (j, b) in itertools.combinations(enumerate(sentences), 2):
        x, y = normalise(a.text), normalise(b.text)
        wx, wy = content_words(x), content_words(y)
        if a.document == b.document or any(
            len(t.split()) < config.min_words or len(w) < config.min_shared_words
            for t, w in ((x, wx), (y, wy))
        ):
            continue
        if len(wx & wy) < config.min_shared_words:
            continue
        ratio = round(fuzz.ratio(x, y, processor=None), 2)
        token_set = round(fuzz.token_set_ratio(x, y, processor=None), 2)
        verdict = classify(ratio, token_set, config)
        if verdict is not None:
            found[i * n + j] = verdict[0]
    return found


def _sentences(corpus: list[tuple[str, str]]) -> list[Sentence]:
    return [s for i, text in corpus for s in segment(provenance.document_from_text(text, i))]


@given(
    corpus=derived_corpora(min_documents=2, max_documents=5), threshold=st.sampled_from([80, 90])
)
def test_exhaustive_baseline_finds_exactly_the_double_loop_pairs(
    corpus: list[tuple[str, str]], threshold: int
) -> None:
    config = TraceConfig(near_cutoff=float(threshold))
    sentences = _sentences(corpus)
    expected = _oracle(sentences, config)
    # A tiny block forces many blocks of rows: chunking must not lose or repeat a pair.
    found = exhaustive_pairs(sentences, config, block_bytes=64)
    assert dict(zip(found.keys.tolist(), [KINDS[k] for k in found.kinds], strict=True)) == expected
    n = len([s for s in sentences if len(normalise(s.text).split()) >= config.min_words])
    assert found.compared <= n * (n - 1) // 2


@given(corpus=derived_corpora(min_documents=2, max_documents=5))
def test_minhash_baseline_finds_only_double_loop_pairs_and_every_identical_text(
    corpus: list[tuple[str, str]],
) -> None:
    # The peer is in the `bench` extra; the README's test command installs only `test`.
    pytest.importorskip("datasketch", reason='the MinHash peer needs: pip install ".[bench]"')
    config = TraceConfig()
    sentences = _sentences(corpus)
    expected = _oracle(sentences, config)
    found = minhash_pairs(sentences, config)
    pairs = dict(zip(found.keys.tolist(), [KINDS[k] for k in found.kinds], strict=True))
    assert pairs.items() <= expected.items()
    n = len(sentences)
    identical = {
        key
        for key in expected
        if normalise(sentences[key // n].text) == normalise(sentences[key % n].text)
    }
    # Equal word sets give equal MinHash signatures, so LSH always pairs them.
    assert identical <= pairs.keys()


# --- the staged trace and the children -----------------------------------------------------


def test_timed_trace_is_provenance_trace_with_stage_times() -> None:
    result, stages = speed.timed_trace(SEEDS)
    assert result == provenance.trace(SEEDS)
    assert tuple(stages) == speed.STAGES
    assert all(seconds >= 0 for seconds in stages.values())


def test_a_trace_child_reports_its_numbers_and_memory() -> None:
    outcome = speed.run_child("trace", SEEDS, timeout=120, memory_limit_gib=4)
    assert outcome.status == "ok", outcome.message
    assert outcome.payload["sentences"] == len(provenance.trace(SEEDS).sentences)
    assert set(outcome.payload["stages"]) == set(speed.STAGES)
    assert outcome.peak_rss_mib >= outcome.payload["setup_rss_mib"] > 0


def test_a_child_past_its_timeout_is_killed_and_reported() -> None:
    outcome = speed.run_child("trace", SEEDS, timeout=0.01, memory_limit_gib=4)
    assert (outcome.status, outcome.message) == ("timeout", "timed out after 0 s")


def test_repeated_baselines_report_the_median_run_and_each_run(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """With repeats, each aligner runs that many times in turns; its time is the median."""
    buffer = io.BytesIO()
    np.savez(buffer, keys=np.array([1, 2], np.int64), kinds=np.array([0, 2], np.int8))
    seconds = iter([0.9, 40.0, 0.6, 38.0, 0.7, 45.0])
    order: list[str] = []

    def child(task: str, directory: Path, **limits: float) -> speed.Outcome:
        order.append(task)
        payload = {
            "seconds": next(seconds),
            "setup_rss_mib": 1.0,
            "sentences": 3,
            "compared": None,
            "pairs": 2,
        }
        return speed.Outcome("ok", "", 10.0, payload, {".npz": buffer.getvalue()})

    monkeypatch.setattr(speed, "run_child", child)
    runs = speed._baselines(
        10,
        tmp_path,
        exhaustive=True,
        timeout=60,
        memory_limit_gib=1,
        guess=None,
        log=lambda message: None,
        methods=("provenance", "exhaustive"),
        repeats=3,
    )
    assert order == ["align-provenance", "align-exhaustive"] * 3
    assert [(r.method, r.seconds, r.runs) for r in runs] == [
        ("provenance", 0.7, (0.9, 0.6, 0.7)),
        ("exhaustive", 40.0, (40.0, 38.0, 45.0)),
    ]
    assert (runs[0].recall_near, runs[0].recall_paraphrase) == (1.0, 1.0)


# --- the report ----------------------------------------------------------------------------


def _report() -> speed.Report:
    stages = dict.fromkeys(speed.STAGES, 0.5)
    traces = (
        speed.TraceRun(100, "ok", seconds=3.0, peak_rss_mib=80.0, stages=stages, sentences=2500),
        speed.TraceRun(1000, "ok", seconds=45.0, peak_rss_mib=900.0, stages=stages),
        speed.TraceRun(5000, "timeout", "timed out after 900 s", peak_rss_mib=1500.0),
        speed.TraceRun(20000, "skipped", "not run: 5,000 documents: timed out after 900 s"),
    )
    baselines = (
        speed.AlignRun("provenance", 1000, "ok", seconds=10.0, pairs=500, sentences=24000),
        speed.AlignRun("exhaustive", 1000, "ok", seconds=30.0, pairs=500, recall_near=1.0),
        speed.AlignRun("minhash", 1000, "ok", seconds=5.0, pairs=450, recall_near=0.9),
    )
    return speed.Report(
        mode="full",
        command="python -m benchmarks speed full",
        seed=0,
        machine="test machine",
        timeout=900.0,
        memory_limit_gib=12.0,
        traces=traces,
        time_fit=speed.Fit(1.18, (100, 1000)),
        rss_fit=speed.Fit(1.05, (100, 1000)),
        profile=speed.rapidfuzz_share(STATS, documents=1000),
        profile_status="ok",
        baselines=baselines,
        seconds=1000.0,
    )


def test_markdown_prints_every_measured_size_and_the_command() -> None:
    text = speed.render_markdown(_report())
    rows = [line for line in text.splitlines() if line.startswith("| ")]
    for size in ("100", "1,000", "5,000", "20,000"):
        assert any(row.startswith(f"| {size} |") for row in rows), size
    assert "| 5,000 | timed out after 900 s |" in text
    assert "`python -m benchmarks speed full`" in text
    assert "n^1.18 (least squares of log time on log n over 100, 1,000 documents)" in text
    assert "**not met**: timed out after 900 s" in text
    assert "(**28 %**)" in text  # 5 of 18 profiled seconds
    assert "| MinHash LSH (`datasketch`) + verification | 5.0 |" in text
    labels = tuple(f"| {label} |" for label in speed.METHOD_LABELS.values())
    ratios = [row.rsplit("|", 2)[1].strip() for row in rows if row.startswith(labels)]
    assert ratios == ["1.00", "3.00", "0.50"]  # time ÷ provenance


def test_json_has_the_raw_numbers() -> None:
    data = speed.to_json(_report())
    assert [t["documents"] for t in data["traces"]] == [100, 1000, 5000, 20000]
    assert data["profile"]["share"] == pytest.approx(5.0 / 18.0)
    assert data["time_fit"] == {"exponent": 1.18, "sizes": (100, 1000)}


def test_a_failed_size_says_which_stage_it_died_in_and_keeps_the_finished_ones() -> None:
    progress = {
        "stages": {"load": 9.0, "segment": 2.0, "align": 300.0},
        "stage_rss_mib": {"load": 900.0, "segment": 1200.0, "align": 9000.0},
    }
    outcome = speed.Outcome(
        "out-of-memory",
        "out of memory (limit 12 GiB) after 400 s",
        11416.0,
        {},
        {},
        400.0,
        progress,
    )
    run = speed._trace_run(20000, outcome)
    assert run.message == "out of memory (limit 12 GiB) after 400 s, during cite"
    assert run.stages == progress["stages"]
    report = speed.render_markdown(attrs.evolve(_report(), traces=(run,)))
    assert (
        "| 20,000 | out of memory (limit 12 GiB) after 400 s, during cite | | | | 11,416 |"
        in report
    )
    assert "| 20,000 | 900 | 1,200 | 9,000 |" in report  # memory as each stage ended
