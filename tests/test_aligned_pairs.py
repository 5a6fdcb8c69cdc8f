"""AlignedPairs, an edge's aligned sentences as columns: a value equal to its AlignedEvidence."""

from __future__ import annotations

import pickle
from pathlib import Path

import attrs
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from provenance.model import (
    EVIDENCE_ROW,
    PAIR_KINDS,
    AlignedEvidence,
    AlignedPairs,
    Edge,
    Evidence,
)
from provenance.trace import trace

DOCUMENTS = st.sampled_from(("a", "b", "Ünïcode “c”"))
EVIDENCE = st.builds(
    AlignedEvidence,
    DOCUMENTS,
    st.integers(0, 2**31 - 1),
    st.integers(0, 2**31 - 1),
    st.sampled_from(PAIR_KINDS),
    st.floats(min_value=0.0, max_value=100.0),
    st.floats(min_value=0.0, max_value=1.0),
)
EVIDENCE_LISTS = st.lists(EVIDENCE, max_size=8)


@given(EVIDENCE_LISTS, st.data())
def test_columns_round_trip_and_index_like_the_tuple(
    evidence: list[AlignedEvidence], data: st.DataObject
) -> None:
    pairs = AlignedPairs.of(evidence)
    assert tuple(pairs) == tuple(evidence)
    assert len(pairs) == len(evidence)
    assert AlignedPairs.of(pairs) is pairs
    if evidence:
        k = data.draw(st.integers(-len(evidence), len(evidence) - 1))
        assert pairs[k] == evidence[k]
    cut = data.draw(st.slices(len(evidence) + 1))
    assert pairs[cut] == tuple(evidence[cut])
    assert pairs.child_sentence.tolist() == [e.child_sentence for e in evidence]
    assert pairs.score.tolist() == [e.score for e in evidence]
    with pytest.raises(IndexError):
        pairs[len(evidence)]


@given(EVIDENCE_LISTS, EVIDENCE_LISTS)
def test_equality_and_hash_are_those_of_the_values(
    first: list[AlignedEvidence], second: list[AlignedEvidence]
) -> None:
    one, other = AlignedPairs.of(first), AlignedPairs.of(second)
    assert (one == other) == (first == second)
    assert (one == tuple(second)) == (first == second)
    if first == second:
        assert hash(one) == hash(other) == hash(tuple(first))
    # The same values over another documents table are the same value.
    rows = one.rows.copy()
    rows["document"] += 1
    shifted = AlignedPairs(rows, ("elsewhere", *one.documents))
    assert shifted == one
    assert hash(shifted) == hash(one)


def test_a_different_document_or_value_is_a_different_value() -> None:
    pair = AlignedEvidence("a", 1, 2, "near", 90.0, 0.8)
    pairs = AlignedPairs.of([pair])
    assert pairs != AlignedPairs.of([attrs.evolve(pair, parent_document="b")])
    assert pairs != AlignedPairs.of([attrs.evolve(pair, weight=0.7)])
    assert pairs != AlignedPairs.of([pair, pair])


def test_evidence_keeps_any_sequence_as_columns() -> None:
    pair = AlignedEvidence("a", 1, 2, "verbatim", 100.0, 1.0)
    evidence = Evidence(aligned=[pair])
    assert isinstance(evidence.aligned, AlignedPairs)
    assert evidence == Evidence(aligned=(pair,))
    assert Evidence().aligned == ()
    assert not Evidence().aligned
    assert Edge("a", "b", "copy", 0.9, evidence).evidence.aligned[0] == pair


def test_columns_are_immutable() -> None:
    pairs = AlignedPairs.of([AlignedEvidence("a", 1, 2, "near", 90.0, 0.8)])
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        pairs.rows = pairs.rows  # type: ignore[misc]
    with pytest.raises(ValueError, match="read-only"):
        pairs.rows["score"][0] = 1.0
    rows = np.zeros(1, dtype=EVIDENCE_ROW)
    kept = AlignedPairs(rows, ("a",))
    rows["score"] = 50.0  # the caller's array, copied
    assert kept[0].score == 0.0


@pytest.mark.parametrize("rows", [np.zeros(3), np.zeros((2, 2), dtype=EVIDENCE_ROW)])
def test_the_constructor_rejects_other_rows(rows: np.ndarray) -> None:
    with pytest.raises(ValueError, match="EVIDENCE_ROW"):
        AlignedPairs(rows, ("a",))


def test_a_trace_pickles() -> None:
    # A notebook or a pipeline hands traces between processes (multiprocessing, joblib).
    result = trace(Path(__file__).parent.parent / "seeds")
    assert any(e.evidence.aligned for e in result.tree.edges)
    assert pickle.loads(pickle.dumps(result)) == result
