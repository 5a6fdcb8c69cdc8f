"""The store's packed derivation (provenance.packed) gives back exactly what was packed."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import attrs
import numpy as np
import pytest
from hypothesis import given, settings
from strategies import derived_corpora

from benchmarks.simulate import SimParams, simulate
from provenance.candidates import Candidates, Sibling
from provenance.derive import DerivationState, derive_from
from provenance.load import document_from_text
from provenance.model import AlignedEvidence, Citation, Edge, Evidence, Source
from provenance.packed import ORIGIN_ROW, Derivation, pack, unpack
from provenance.trace import Trace, trace, trace_documents

SEEDS = Path(__file__).parent.parent / "seeds"


def _derivation(result: Trace) -> Derivation:
    _, state = derive_from(
        result.documents,
        result.sentences,
        result.alignments,
        result.citations,
        result.sources,
        config=result.config,
    )
    return Derivation(state, result.citations, result.sources, result.origins)


def test_the_seed_derivation_round_trips() -> None:
    derivation = _derivation(trace(SEEDS))
    state = derivation.state
    # Values of most kinds are there: unoriented and undecided links, sibling
    # links, relayed citations, sentences with and without an origin.
    assert state.undecided
    assert state.candidates.siblings
    assert any(c.cited_by for c in derivation.citations)
    assert {origin is None for _, _, origin in derivation.origins} == {True, False}
    assert _round_trip(derivation) == derivation


def test_a_simulated_feed_round_trips() -> None:
    corpus = simulate(SimParams(n_documents=120), 3)
    result = trace_documents([document_from_text(d.text, d.id) for d in corpus.documents])
    derivation = _derivation(result)
    assert sum(len(e.evidence.aligned) for e in derivation.state.candidates.copies) > 1000
    assert derivation.state.closer
    assert _round_trip(derivation) == derivation


@settings(max_examples=25, deadline=None)
@given(corpus=derived_corpora(dated=True))
def test_generated_derivations_round_trip(corpus: list[tuple[str, str]]) -> None:
    derivation = _derivation(trace_documents([document_from_text(t, n) for n, t in corpus]))
    assert _round_trip(derivation) == derivation


def _odd_derivation() -> Derivation:
    """Values a packing could get wrong: non-ASCII text, floats without a short
    decimal form, an edge without pairs, citations and sources of other kinds."""
    pair = AlignedEvidence("Ünïcode “doc”", 2**31 - 1, 0, "paraphrase", 0.1 + 0.2, 1 / 3)
    other = AlignedEvidence("b", 4, 5, "verbatim", 100.0, 1.0)
    copies = (
        Edge("Ünïcode “doc”", "b", "copy", 0.1 + 0.2, Evidence((pair, pair), (), ("r",))),
        Edge("c", "b", "copy", 1.0),
        # Pairs of two parent documents in one edge, after an edge with none.
        Edge("b", "Ünïcode “doc”", "copy", 0.5, Evidence((other, pair), ("b said",))),
    )
    citations = (
        Citation("b", 3, "reuters", "Reuters", "said Reuters", "said", 0, 12, "afp"),
        Citation("b", 4, "afp", "AFP", "AFP reported", "reported", 5, 5),
    )
    sources = (Source("reuters", "Reuters", "media", ("路透社",)), Source("x", "X", "person"))
    state = DerivationState(
        documents=("Ünïcode “doc”", "b", "c"),
        cited=citations[:1],  # those of sources of kind media
        candidates=Candidates(
            copies=copies,
            unoriented=(("b", "c"), ("Ünïcode “doc”", "c")),
            siblings=(Sibling("b", "c", ("reuters", "路透社"), 3, 0.1 + 0.2),),
        ),
        closer=(("c", "b", "Ünïcode “doc”"),),
        undecided=(("Ünïcode “doc”", "c"),),
    )
    origins = (("b", 0, "Ünïcode “doc”"), ("b", 1, None), ("b", 3, "latent-1"))
    return Derivation(state, citations, sources, origins)


def test_odd_values_round_trip() -> None:
    derivation = _odd_derivation()
    back = _round_trip(derivation)
    assert back == derivation
    assert back.state.candidates.copies[0].evidence.aligned[0].score == 0.1 + 0.2  # exactly


def _round_trip(derivation: Derivation) -> Derivation:
    packed, copies = pack(derivation)
    return unpack(packed, copies)


def test_strings_are_stored_once() -> None:
    packed, _ = pack(_odd_derivation())
    # The documents' ids are in the string table, pointed into by the pairs and origins.
    assert Counter(json.loads(packed.strings))["Ünïcode “doc”"] == 1


@pytest.mark.parametrize(
    "damage",
    [
        {"counts": b""},  # an edge without its count
        {"aligned": b""},  # the pairs lost
        {"aligned": pack(_odd_derivation())[1][0].aligned[:-1]},  # cut short
        {"origins": b"\x00"},
        {"origins": np.array([(0, 1, 99)], dtype=ORIGIN_ROW).tobytes()},  # no such origin
        {"strings": "[]"},  # the pairs' documents point nowhere
    ],
)
def test_a_damaged_derivation_is_refused(damage: dict[str, bytes]) -> None:
    packed, copies = pack(_odd_derivation())
    if "strings" in damage or "origins" in damage:
        packed = attrs.evolve(packed, **damage)
    else:  # the first child's edges
        copies[0] = attrs.evolve(copies[0], **damage)
    with pytest.raises(ValueError, match="damaged"):
        unpack(packed, copies)


def test_a_derivation_read_back_packs_again_the_same() -> None:
    # The store packs the state it read back, with more edges: the edges read
    # share one string table, which must be mapped once, not once per edge.
    corpus = simulate(SimParams(n_documents=60), 5)
    derivation = _derivation(
        trace_documents([document_from_text(d.text, d.id) for d in corpus.documents])
    )
    for packed in (pack(derivation), pack(_odd_derivation())):
        assert pack(unpack(*packed)) == packed


def test_some_children_pack_against_the_strings_packed_before() -> None:
    derivation = _odd_derivation()
    packed, copies = pack(derivation)
    strings = json.loads(packed.strings)
    # Only child "b": its row as packed with all, pointing into a table that starts the same.
    again, only_b = pack(derivation, children={"b"}, strings=[*strings, "extra"])
    assert only_b == [row for row in copies if row.child == "b"]
    assert json.loads(again.strings)[: len(strings)] == strings
