"""End-to-end tests of the tracer on the five seed articles."""

from __future__ import annotations

from pathlib import Path

import pytest

import provenance
from provenance import Trace, TraceConfig, select_tree, trace

SEEDS = Path(__file__).parent.parent / "seeds"
S000, S001, S002, S003, S004 = sorted(p.stem for p in SEEDS.glob("*.txt"))
WSJ = "source:wall-street-journal"


@pytest.fixture(scope="module")
def seeds() -> Trace:
    return trace(SEEDS)


def _ancestors(result: Trace, node: str) -> list[str]:
    chain = []
    parent = result.tree.parent_of(node)
    while parent is not None:
        chain.append(parent)
        parent = result.tree.parent_of(parent)
    return chain


def test_agency_paragraphs_of_000_and_003_are_aligned(seeds: Trace) -> None:
    alignment = seeds.alignment(S000, S003)
    assert alignment is not None
    text0 = {s.index: s.text for s in seeds.sentences_of(S000)}
    text3 = {s.index: s.text for s in seeds.sentences_of(S003)}
    pairs = {(text0[p.a_index][:40], text3[p.b_index][:40], p.kind) for p in alignment.pairs}
    assert (
        "Afghanistan has been witnessing a spike ",
        "Afghanistan has been witnessing a spike ",
        "verbatim",
    ) in pairs
    shared = " ".join(text3[p.b_index] for p in alignment.pairs)
    assert "According to media reports, Nangarhar" in shared
    assert "former security personnel are mostly US-trained" in shared
    assert "left broke after the government collapse" in shared


def test_000_and_003_are_linked(seeds: Trace) -> None:
    parent0, parent3 = seeds.tree.parent_of(S000), seeds.tree.parent_of(S003)
    directly = parent0 == S003 or parent3 == S000
    through_latent = parent0 == parent3 and seeds.tree.node(parent0 or "").kind == "latent"
    assert directly or through_latent
    edge = next(e for e in seeds.tree.edges if e.child == S003 and e.parent == parent3)
    assert edge.relation in {"copy", "common-source"}
    assert len(edge.evidence.aligned) >= 3


def test_002_and_004_are_not_copies_of_each_other(seeds: Trace) -> None:
    # They share quotations and paraphrases of the WSJ report: siblings under it.
    assert seeds.alignment(S002, S004) is not None
    for edge in seeds.tree.edges:
        assert {edge.parent, edge.child} != {S002, S004}
    assert seeds.tree.parent_of(S002) != seeds.tree.parent_of(S004) or (
        seeds.tree.node(seeds.tree.parent_of(S002) or "").kind == "external"
    )


def test_wall_street_journal_appears_once_as_a_source_of_every_seed(seeds: Trace) -> None:
    journals = [n for n in seeds.tree.nodes if "Wall Street Journal" in n.label]
    assert [n.id for n in journals] == [WSJ]
    assert journals[0].kind == "external"
    for doc in (S000, S001, S002, S003, S004):
        cites = [e for e in seeds.tree.edges if e.parent == WSJ and e.child == doc]
        assert cites, f"{doc} has no edge from the WSJ"
        assert cites[0].relation == "cites"
        assert WSJ in _ancestors(seeds, doc)


def test_people_are_not_nodes(seeds: Trace) -> None:
    labels = " ".join(n.label for n in seeds.tree.nodes)
    for person in ("Rahmatullah Nabil", "Colin Kahl", "McKenzie"):
        assert person not in labels


def test_every_edge_carries_confidence_and_evidence(seeds: Trace) -> None:
    for edge in seeds.tree.edges:
        assert 0.0 <= edge.confidence <= 1.0
        assert edge.evidence.aligned or edge.evidence.citations
        assert edge.evidence.reasons


def test_the_tree_is_rederived_from_the_evidence(seeds: Trace) -> None:
    # As ftfy replays its explanation: the edges alone give back the same tree.
    assert select_tree(seeds.tree.nodes, seeds.tree.edges) == (
        seeds.tree.parent,
        seeds.tree.roots,
    )


def test_aligned_evidence_points_at_real_sentences(seeds: Trace) -> None:
    keys = {(s.document, s.index) for s in seeds.sentences}
    for edge in seeds.tree.edges:
        for pair in edge.evidence.aligned:
            assert (pair.parent_document, pair.parent_sentence) in keys
            assert (edge.child, pair.child_sentence) in keys


def test_sentence_origins(seeds: Trace) -> None:
    origins = {(d, i): o for d, i, o in seeds.origins}
    text3 = {s.index: s.text for s in seeds.sentences_of(S003)}
    spike = next(i for i, t in text3.items() if t.startswith("Afghanistan has been witnessing"))
    assert origins[(S003, spike)] == seeds.tree.parent_of(S003)
    blinken = next(i for i, t in text3.items() if t.startswith("United States Secretary"))
    assert origins[(S003, blinken)] is None
    node_ids = {n.id for n in seeds.tree.nodes}
    assert {o for o in origins.values() if o is not None} <= node_ids


def test_order_of_documents_does_not_matter() -> None:
    documents = provenance.load_documents([SEEDS])
    forward = provenance.trace_documents(documents)
    backward = provenance.trace_documents(tuple(reversed(documents)))
    assert forward == backward


def test_a_single_document_is_an_error() -> None:
    with pytest.raises(provenance.EmptyCorpusError, match="at least 2"):
        trace(SEEDS / f"{S000}.txt")


def test_threshold_only_removes(seeds: Trace) -> None:
    strict = trace(SEEDS, config=TraceConfig(score_cutoff=95.0))
    loose_pairs = {(a.a, a.b, p.a_index, p.b_index) for a in seeds.alignments for p in a.pairs}
    strict_pairs = {(a.a, a.b, p.a_index, p.b_index) for a in strict.alignments for p in a.pairs}
    assert strict_pairs < loose_pairs
    assert all(p.score >= 95.0 for a in strict.alignments for p in a.pairs)


def test_siblings_under_the_wsj_are_explained(seeds: Trace) -> None:
    edge = next(e for e in seeds.tree.edges if (e.parent, e.child) == (WSJ, S002))
    assert any(S004 in r and "siblings" in r for r in edge.evidence.reasons)


def test_named_constructors_parse_like_the_load_stage() -> None:
    path = SEEDS / f"{S003}.txt"
    assert provenance.Document.from_path(path) == provenance.read_document(path)
    text = path.read_text(encoding="utf-8")
    assert provenance.Document.from_text(text, S003) == provenance.document_from_text(text, S003)
