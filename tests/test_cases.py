"""Golden cases kept as data: labelled seed sentence pairs and small corpora.

The cases live in ``tests/cases/*.json``; ``tests/cases/README.md`` gives their
schema and the meaning of every expectation. A case the library gets wrong today
is kept, marked as a known failure, and run as ``xfail(strict=True)``: when a
change fixes it the test XPASSes, which fails the run until the label is updated.
"""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from provenance.align import align
from provenance.load import document_from_text
from provenance.model import Sentence
from provenance.trace import Trace, trace_documents

CASES = Path(__file__).parent / "cases"
SEEDS = Path(__file__).parent.parent / "seeds"
LABELS = ("same", "different")
KINDS = ("verbatim", "near", "paraphrase")

Case = dict[str, Any]


def _load(name: str) -> list[Case]:
    cases: list[Case] = json.loads((CASES / name).read_text(encoding="utf-8"))
    return cases


SEED_PAIRS = _load("seed_pairs.json")
CORPORA = _load("negatives.json")


# ---------------------------------------------------------------------------
# Seed sentence pairs


def aligned_kind(case: Case) -> str | None:
    """The kind the aligner gives the pair on its own, or None if it does not align it."""
    a = Sentence(case["a_doc"], 0, 0, len(case["a_text"]), case["a_text"])
    b = Sentence(case["b_doc"], 0, 0, len(case["b_text"]), case["b_text"])
    pairs = align([a], [b]).pairs
    return pairs[0].kind if pairs else None


def _seed_param(case: Case, failing: bool, reason: str) -> Any:
    marks = [pytest.mark.xfail(strict=True, reason=reason)] if failing else []
    return pytest.param(case, id=case["id"], marks=marks)


def _verdict_params() -> list[Any]:
    return [
        _seed_param(case, case.get("known_failure", False), case["note"]) for case in SEED_PAIRS
    ]


def _kind_params() -> list[Any]:
    # The kind is checked apart from the verdict, and only for pairs expected to be
    # aligned: a "same" pair aligned with another kind is found, it only counts as
    # evidence with another weight. A fixed known failure joins once its mark is removed.
    return [
        _seed_param(case, case.get("kind_known_failure", False), case["note"])
        for case in SEED_PAIRS
        if case["label"] == "same"
        and case["expected_kind"] is not None
        and not case.get("known_failure", False)
    ]


def test_seed_pairs_are_well_formed() -> None:
    ids = [case["id"] for case in SEED_PAIRS]
    assert len(ids) == len(set(ids)), "case ids must be unique"
    for case in SEED_PAIRS:
        assert case["label"] in LABELS, case["id"]
        assert case["a_doc"] < case["b_doc"], case["id"]
        if case["label"] == "same":
            assert case["expected_kind"] in (*KINDS, None), case["id"]
        else:
            assert case["expected_kind"] is None, case["id"]
            assert not case.get("kind_known_failure"), case["id"]
        assert case["note"], case["id"]


@pytest.mark.parametrize("case", SEED_PAIRS, ids=[c["id"] for c in SEED_PAIRS])
def test_seed_pair_texts_come_from_the_seeds(case: Case) -> None:
    for side in ("a", "b"):
        text = (SEEDS / f"{case[side + '_doc']}.txt").read_text(encoding="utf-8")
        assert case[side + "_text"] in text


@pytest.mark.parametrize("case", _verdict_params())
def test_seed_pair_verdict(case: Case) -> None:
    kind = aligned_kind(case)
    if case["label"] == "same":
        assert kind is not None, "a 'same' pair must be aligned"
    else:
        assert kind is None, f"a 'different' pair must not be aligned, got {kind!r}"


@pytest.mark.parametrize("case", _kind_params())
def test_seed_pair_kind(case: Case) -> None:
    assert aligned_kind(case) == case["expected_kind"]


# ---------------------------------------------------------------------------
# Small corpora


def _trace(case: Case) -> Trace:
    documents = [document_from_text(text, doc_id) for doc_id, text in case["documents"].items()]
    return trace_documents(documents)


def _has_edge(result: Trace, parent: str, child: str, relation: str) -> bool:
    return any(
        (e.parent, e.child, e.relation) == (parent, child, relation) for e in result.tree.edges
    )


def _linked(result: Trace, a: str, b: str) -> bool:
    """A copy edge either way, one unseen (latent) source with an edge to each, or
    one document with a copy edge to each (siblings under a common parent)."""
    if _has_edge(result, a, b, "copy") or _has_edge(result, b, a, "copy"):
        return True
    nodes = {n.id: n.kind for n in result.tree.nodes}
    relation = {"latent": "common-source", "document": "copy"}
    return any(
        _has_edge(result, node, a, relation[kind]) and _has_edge(result, node, b, relation[kind])
        for node, kind in nodes.items()
        if kind in relation
    )


def _aligned(result: Trace, a: str, b: str) -> bool:
    found = result.alignment(*sorted((a, b)))
    return found is not None and bool(found.pairs)


def _check_aligned(result: Trace, value: list[list[str]]) -> None:
    for a, b in value:
        assert _aligned(result, a, b), f"{a} and {b} share no aligned sentence"


def _check_not_aligned(result: Trace, value: list[list[str]]) -> None:
    for a, b in value:
        assert not _aligned(result, a, b), f"{a} and {b} have aligned sentences"


def _check_linked(result: Trace, value: list[list[str]]) -> None:
    for a, b in value:
        assert _linked(result, a, b), f"{a} and {b} are not linked"


def _check_not_linked(result: Trace, value: list[list[str]]) -> None:
    for a, b in value:
        assert not _linked(result, a, b), f"{a} and {b} are linked"


def _check_no_copy_between(result: Trace, value: list[list[str]]) -> None:
    for a, b in value:
        assert not _has_edge(result, a, b, "copy"), f"copy edge {a} -> {b}"
        assert not _has_edge(result, b, a, "copy"), f"copy edge {b} -> {a}"


def _check_parent(result: Trace, value: dict[str, str]) -> None:
    for child, parent in value.items():
        assert result.tree.parent_of(child) == parent, child


def _check_cites(result: Trace, value: list[list[str]]) -> None:
    for source, doc in value:
        assert _has_edge(result, source, doc, "cites"), f"no cites edge {source} -> {doc}"


def _check_removed(result: Trace, value: dict[str, dict[str, str]]) -> None:
    for doc, lines in value.items():
        removed = {r.text: r.reason for r in result.document(doc).removed}
        for line, reason in lines.items():
            assert removed.get(line) == reason, f"{doc}: {line!r}"


def _check_kept(result: Trace, value: dict[str, list[str]]) -> None:
    for doc, lines in value.items():
        document = result.document(doc)
        body = {document.text[start:end] for start, end in document.body}
        for line in lines:
            assert line in body, f"{doc}: {line!r} is not a body line"


CHECKS: dict[str, Callable[[Trace, Any], None]] = {
    "aligned": _check_aligned,
    "cites": _check_cites,
    "kept": _check_kept,
    "linked": _check_linked,
    "no_copy_between": _check_no_copy_between,
    "not_aligned": _check_not_aligned,
    "not_linked": _check_not_linked,
    "parent": _check_parent,
    "removed": _check_removed,
}


def _corpus_params() -> list[Any]:
    params = []
    for case in CORPORA:
        failures = case.get("known_failures", {})
        for key in sorted(case["expect"]):
            marks = (
                [pytest.mark.xfail(strict=True, reason=failures[key])] if key in failures else []
            )
            params.append(pytest.param(case, key, id=f"{case['name']}:{key}", marks=marks))
    return params


def test_corpora_are_well_formed() -> None:
    names = [case["name"] for case in CORPORA]
    assert len(names) == len(set(names)), "case names must be unique"
    for case in CORPORA:
        assert len(case["documents"]) >= 2, case["name"]
        assert set(case["expect"]) <= set(CHECKS), case["name"]
        assert set(case.get("known_failures", {})) <= set(case["expect"]), case["name"]


@pytest.fixture(scope="module")
def traces() -> dict[str, Trace]:
    return {case["name"]: _trace(case) for case in CORPORA}


@pytest.mark.parametrize(("case", "key"), _corpus_params())
def test_corpus_expectation(case: Case, key: str, traces: dict[str, Trace]) -> None:
    CHECKS[key](traces[case["name"]], case["expect"][key])


def test_docs_thresholds_shows_what_measure_prints(capsys: pytest.CaptureFixture[str]) -> None:
    # docs/thresholds.md quotes tests/cases/measure.py; a change of the aligner
    # or of the labels that moves a number must be re-measured there.
    spec = importlib.util.spec_from_file_location("measure", CASES / "measure.py")
    assert spec is not None
    assert spec.loader is not None
    measure = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(measure)
    measure.main()
    printed = [line for line in capsys.readouterr().out.splitlines() if line.strip()]
    doc = (Path(__file__).parent.parent / "docs" / "thresholds.md").read_text(encoding="utf-8")
    assert printed
    assert [line for line in printed if line not in doc] == []
