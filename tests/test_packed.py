"""The store's packed derivation (provenance.packed) gives back exactly what was packed."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from strategies import derived_corpora

from benchmarks.simulate import SimParams, simulate
from provenance.load import document_from_text
from provenance.model import (
    AlignedEvidence,
    Citation,
    DerivationTree,
    Edge,
    Evidence,
    Node,
    Source,
)
from provenance.packed import Derivation, pack, unpack
from provenance.trace import Trace, trace, trace_documents

SEEDS = Path(__file__).parent.parent / "seeds"


def _derivation(result: Trace) -> Derivation:
    return Derivation(result.tree, result.citations, result.sources, result.origins)


def test_the_seed_derivation_round_trips() -> None:
    derivation = _derivation(trace(SEEDS))
    # Every kind of value is there: latent and external nodes, relayed citations,
    # sentences with and without an origin.
    assert {n.kind for n in derivation.tree.nodes} == {"document", "external", "latent"}
    assert any(c.cited_by for c in derivation.citations)
    assert {origin is None for _, _, origin in derivation.origins} == {True, False}
    assert unpack(pack(derivation)) == derivation


def test_a_simulated_feed_round_trips() -> None:
    corpus = simulate(SimParams(n_documents=120), 3)
    result = trace_documents([document_from_text(d.text, d.id) for d in corpus.documents])
    derivation = _derivation(result)
    assert sum(len(e.evidence.aligned) for e in derivation.tree.edges) > 1000
    assert unpack(pack(derivation)) == derivation


@settings(max_examples=25, deadline=None)
@given(corpus=derived_corpora(dated=True))
def test_generated_derivations_round_trip(corpus: list[tuple[str, str]]) -> None:
    derivation = _derivation(trace_documents([document_from_text(t, n) for n, t in corpus]))
    assert unpack(pack(derivation)) == derivation


def _odd_derivation() -> Derivation:
    """Values a packing could get wrong: non-ASCII text, floats without a short
    decimal form, an edge without pairs, aliases, dates, a source-to-source edge."""
    pair = AlignedEvidence("Ünïcode “doc”", 2**31 - 1, 0, "paraphrase", 0.1 + 0.2, 1 / 3)
    other = AlignedEvidence("b", 4, 5, "verbatim", 100.0, 1.0)
    tree = DerivationTree(
        nodes=(
            Node("Ünïcode “doc”", "document", "Títle — with\nnewline", (), dt.date(1871, 2, 28)),
            Node("b", "document", "b"),
            Node("reuters", "external", "Reuters", ("Reuters", "路透社")),
            Node("latent-1", "latent", "unseen common source of b"),
        ),
        edges=(
            Edge("Ünïcode “doc”", "b", "copy", 0.1 + 0.2, Evidence((pair, pair), (), ("r",))),
            Edge("reuters", "latent-1", "cites", 0.7, Evidence((), ("Reuters said",), ())),
            Edge("latent-1", "b", "common-source", 1.0),
            # Pairs of two parent documents in one edge, after an edge with none.
            Edge("latent-1", "Ünïcode “doc”", "common-source", 0.5, Evidence((other, pair))),
        ),
        parent=(("b", "Ünïcode “doc”"), ("latent-1", "reuters")),
        roots=("Ünïcode “doc”", "reuters"),
    )
    citations = (
        Citation("b", 3, "reuters", "Reuters", "said Reuters", "said", 0, 12, "afp"),
        Citation("b", 4, "afp", "AFP", "AFP reported", "reported", 5, 5),
    )
    sources = (Source("reuters", "Reuters", "media", ("路透社",)), Source("x", "X", "person"))
    origins = (("b", 0, "Ünïcode “doc”"), ("b", 1, None), ("b", 3, "latent-1"))
    return Derivation(tree, citations, sources, origins)


def test_odd_values_round_trip() -> None:
    derivation = _odd_derivation()
    back = unpack(pack(derivation))
    assert back == derivation
    assert back.tree.edges[0].evidence.aligned[0].score == 0.1 + 0.2  # exactly, not rounded


def test_strings_are_stored_once() -> None:
    packed = pack(_odd_derivation())
    # The documents' ids are in the string table, pointed into by the pairs and origins.
    assert Counter(json.loads(packed.strings))["Ünïcode “doc”"] == 1


@pytest.mark.parametrize(
    "damage",
    [
        {"counts": b""},  # an edge without its count
        {"aligned": b""},  # the pairs lost
        {"aligned": pack(_odd_derivation()).aligned[:-1]},  # cut short
        {"origins": b"\x00"},
        {"strings": "[]"},  # the pairs' documents point nowhere
    ],
)
def test_a_damaged_derivation_is_refused(damage: dict[str, bytes]) -> None:
    packed = attrs.evolve(pack(_odd_derivation()), **damage)
    with pytest.raises(ValueError, match="damaged"):
        unpack(packed)
