"""Attribution accuracy on simulated corpora: many seeds, scored, with intervals.

Each scenario simulates a corpus per seed (:mod:`benchmarks.simulate`), traces
it in memory (``document_from_text`` is what the loader does after decoding a
file), scores it against its truth (:mod:`benchmarks.metrics`) and reports the
mean of every metric with a 95 % bootstrap interval over the seeds.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence

import attrs
from attrs import frozen

from benchmarks.metrics import Interval, Scores, score, summarise, truth_from_dict
from benchmarks.simulate import SimParams, simulate
from provenance import TraceConfig, document_from_text, trace_documents

__all__ = ["SCENARIOS", "Scenario", "ScenarioResult", "main", "run_scenario"]

METRICS = (
    ("parent_accuracy", "parent acc."),
    ("edge_f1", "edge F1"),
    ("undirected_f1", "undirected F1"),
    ("sentence_accuracy", "sentence origin acc."),
    ("alignment_precision", "align. P"),
    ("alignment_recall", "align. R"),
    ("alignment_f1", "align. F1"),
)


@frozen
class Scenario:
    """One row of the accuracy table: simulator parameters and a target."""

    name: str
    params: SimParams
    targets: tuple[tuple[str, float], ...] = ()


@frozen
class ScenarioResult:
    scenario: Scenario
    seeds: tuple[int, ...]
    scores: tuple[Scores, ...]
    summary: dict[str, Interval]
    seconds: float


SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        "50 articles, default edits",
        SimParams(n_documents=50),
        (("parent_accuracy", 0.95), ("alignment_f1", 0.95)),
    ),
    Scenario(
        "50 articles, a third of intermediates hidden",
        SimParams(n_documents=50, hide=1 / 3),
        (("parent_accuracy", 0.85),),
    ),
    Scenario("50 articles, no dates", SimParams(n_documents=50, date=0.0)),
    Scenario("200 articles (4 stories), default edits", SimParams(n_documents=200)),
)


def trace_corpus(params: SimParams, seed: int, config: TraceConfig | None = None) -> Scores:
    """Simulate one corpus, trace its visible documents and score the result."""
    corpus = simulate(params, seed)
    documents = [document_from_text(d.text, d.id) for d in corpus.documents if d.visible]
    return score(trace_documents(documents, config=config), truth_from_dict(corpus.truth))


def run_scenario(
    scenario: Scenario, seeds: Sequence[int], config: TraceConfig | None = None
) -> ScenarioResult:
    """Every seed of one scenario, scored and summarised."""
    start = time.perf_counter()
    scores = tuple(trace_corpus(scenario.params, seed, config) for seed in seeds)
    return ScenarioResult(
        scenario=scenario,
        seeds=tuple(seeds),
        scores=scores,
        summary=summarise(scores),
        seconds=time.perf_counter() - start,
    )


def _cell(interval: Interval) -> str:
    return f"{interval.mean:.3f} [{interval.low:.3f}, {interval.high:.3f}]"


def to_markdown(results: Sequence[ScenarioResult], command: str) -> str:
    """The accuracy table: mean [95 % bootstrap interval] over the seeds."""
    lines = [
        "### Simulated corpora",
        "",
        f"Command: `{command}`. Each cell: mean over the seeds [95 % percentile-bootstrap"
        " interval of the mean].",
        "",
        "| scenario | seeds | " + " | ".join(label for _, label in METRICS) + " | time |",
        "|---|---|" + "---|" * len(METRICS) + "---|",
    ]
    for r in results:
        cells = [_cell(r.summary[key]) for key, _ in METRICS]
        lines.append(
            f"| {r.scenario.name} | {len(r.seeds)} | "
            + " | ".join(cells)
            + f" | {r.seconds:.0f} s |"
        )
    lines += ["", "Targets:", ""]
    for r in results:
        for key, target in r.scenario.targets:
            got = r.summary[key].mean
            verdict = "met" if got >= target else "**missed**"
            lines.append(f"- {r.scenario.name}: {key} {got:.3f} ≥ {target} — {verdict}")
    non_default = {
        f.name: getattr(r.scenario.params, f.name)
        for r in results
        for f in attrs.fields(SimParams)
        if getattr(r.scenario.params, f.name) != f.default
    }
    lines += ["", f"Parameters other than the defaults: `{non_default}`.", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """``python -m benchmarks accuracy [--seeds N] [--quick]``."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks accuracy")
    parser.add_argument("--seeds", type=int, default=20, help="seeds per scenario (default 20)")
    parser.add_argument(
        "--quick", action="store_true", help="only the two 50-article target scenarios"
    )
    args = parser.parse_args(argv)
    scenarios = SCENARIOS[:2] if args.quick else SCENARIOS
    results = [run_scenario(s, range(args.seeds)) for s in scenarios]
    command = "python -m benchmarks accuracy" + (" --quick" if args.quick else "")
    if args.seeds != 20:
        command += f" --seeds {args.seeds}"
    print(to_markdown(results, command))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
