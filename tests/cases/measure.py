"""Precision and recall of the aligner's cut-offs on the labelled seed pairs.

Run from anywhere::

    python tests/cases/measure.py

Each pair of ``seed_pairs.json`` is aligned on its own, exactly as
``tests/test_cases.py`` does (``provenance.align.align`` on two one-sentence
documents), once per configuration of a small grid around the defaults. A
``same`` pair that is aligned is a true positive, a ``different`` pair that is
aligned a false positive, a ``same`` pair that is not aligned a false negative.
``kind ok`` counts the true positives aligned with their ``expected_kind``.

Two tables are printed: all labels, and the clear labels only (pairs marked
``borderline`` left out); the row marked ``*`` is the default configuration.
A third table lists the candidate pairs scored near the cut-offs, which shows
how wide the margins are on each side.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import attrs
from rapidfuzz import fuzz

from provenance.align import align, content_words, normalise
from provenance.config import TraceConfig
from provenance.model import Sentence

CASES = Path(__file__).parent / "seed_pairs.json"
NEAR = (75.0, 80.0, 85.0)
PARAPHRASE = (70.0, 75.0, 80.0)
MIN_RATIO = (50.0, 55.0, 60.0, 65.0)
MIN_SHARED = (2, 3)
MARGIN_TOKEN_SET = 65.0
MARGIN_RATIO = 55.0


def aligned_kind(case: dict[str, Any], config: TraceConfig) -> str | None:
    """The kind the aligner gives the pair on its own, or None."""
    a = Sentence(case["a_doc"], 0, 0, len(case["a_text"]), case["a_text"])
    b = Sentence(case["b_doc"], 0, 0, len(case["b_text"]), case["b_text"])
    pairs = align([a], [b], config=config).pairs
    return pairs[0].kind if pairs else None


def is_candidate(case: dict[str, Any], config: TraceConfig) -> bool:
    """Whether the pair passes the drop rule and the candidate filter (no cut-off can
    align a pair that does not)."""
    texts = [normalise(case["a_text"]), normalise(case["b_text"])]
    if min(len(t.split()) for t in texts) < config.min_words:
        return False
    shared = content_words(texts[0]) & content_words(texts[1])
    return len(shared) >= config.min_shared_words


def _ratio(num: int, den: int) -> str:
    return f"{num / den:.3f}" if den else "n/a"


def table(cases: list[dict[str, Any]], title: str) -> list[str]:
    default = TraceConfig()
    same = [c for c in cases if c["label"] == "same"]
    reachable = sum(is_candidate(c, default) for c in same)
    lines = [
        f"### {title}",
        "",
        f"{len(cases)} pairs: {len(same)} same, {len(cases) - len(same)} different; "
        f"{reachable} of the {len(same)} same pairs pass the candidate filter "
        f"(min_words={default.min_words}, min_shared_words={default.min_shared_words}), "
        f"so recall is at most {_ratio(reachable, len(same))} whatever the cut-offs.",
        "",
        "| | min_shared_words | near_cutoff | paraphrase_cutoff | paraphrase_min_ratio "
        "| TP | FP | FN | precision | recall | F1 | kind ok |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for shared, near, para, min_ratio in itertools.product(MIN_SHARED, NEAR, PARAPHRASE, MIN_RATIO):
        config = attrs.evolve(
            default,
            min_shared_words=shared,
            near_cutoff=near,
            paraphrase_cutoff=para,
            paraphrase_min_ratio=min_ratio,
        )
        tp = fp = fn = kind_ok = 0
        for case in cases:
            kind = aligned_kind(case, config)
            if case["label"] == "same" and kind is not None:
                tp += 1
                kind_ok += kind == case["expected_kind"]
            elif case["label"] == "same":
                fn += 1
            elif kind is not None:
                fp += 1
        mark = "*" if config == default else ""
        f1 = _ratio(2 * tp, 2 * tp + fp + fn)
        lines.append(
            f"| {mark} | {shared} | {near:g} | {para:g} | {min_ratio:g} | {tp} | {fp} | {fn} "
            f"| {_ratio(tp, tp + fp)} | {_ratio(tp, tp + fn)} | {f1} | {kind_ok}/{tp} |"
        )
    return [*lines, ""]


def margins(cases: list[dict[str, Any]]) -> list[str]:
    """The candidate pairs whose scores lie near the cut-offs, best token_set first."""
    default = TraceConfig()
    lines = [
        "### Candidates near the cut-offs",
        "",
        f"Pairs that pass the candidate filter with token_set >= {MARGIN_TOKEN_SET:g} "
        f"or ratio >= {MARGIN_RATIO:g}; 'aligned' is the default configuration's verdict.",
        "",
        "| id | label | borderline | ratio | token_set | aligned |",
        "|---|---|---|---:|---:|---|",
    ]
    rows = []
    for case in cases:
        if not is_candidate(case, default):
            continue
        a, b = normalise(case["a_text"]), normalise(case["b_text"])
        ratio = fuzz.ratio(a, b, processor=None)
        token_set = fuzz.token_set_ratio(a, b, processor=None)
        if token_set >= MARGIN_TOKEN_SET or ratio >= MARGIN_RATIO:
            rows.append((-token_set, -ratio, case["id"], case, ratio, token_set))
    for *_, case, ratio, token_set in sorted(rows, key=lambda r: r[:3]):
        kind = aligned_kind(case, default) or "-"
        borderline = "yes" if case.get("borderline", False) else ""
        lines.append(
            f"| {case['id']} | {case['label']} | {borderline} | {ratio:.1f} | {token_set:.1f} "
            f"| {kind} |"
        )
    return [*lines, ""]


def main() -> None:
    cases = json.loads(CASES.read_text(encoding="utf-8"))
    clear = [c for c in cases if not c.get("borderline", False)]
    print("\n".join(table(cases, "All labelled pairs")))
    print("\n".join(table(clear, "Clear labels only (borderline pairs left out)")))
    print("\n".join(margins(cases)))


if __name__ == "__main__":
    main()
