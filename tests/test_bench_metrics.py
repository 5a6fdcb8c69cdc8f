"""Tests of ``benchmarks.metrics``: scoring a trace against a simulator's truth.

Truths are small dicts in the ``truth.json`` schema built here; traces are real
``trace_documents`` results, or the same with a hand-set tree, origins and
alignments (``attrs.evolve``) where a test needs exact control of the prediction.
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import benchmarks.metrics as metrics
from provenance import (
    Alignment,
    DerivationTree,
    Edge,
    Node,
    SentencePair,
    Trace,
    document_from_text,
    segment,
    trace_documents,
)

# Distinct sentences: none shares three content words with another, so no two align by accident.
POOL = (
    "The army said the convoy crossed the northern border before the evening attack.",
    "Officials confirmed that five soldiers were injured in the bombing near the airport.",
    "The minister promised a new budget for every school in the province.",
    "A local reporter described the angry crowd gathered in the central square.",
    "Hospital doctors treated dozens of civilian residents after the explosion.",
    "The court rejected the appeal of the former police commander on Monday.",
    "Refugee families waited at the checkpoint for food and clean water.",
    "Parliament discussed the pension law during a long and heated session.",
    "Market prices for bread doubled within a week across the capital.",
    "A senior intelligence source revealed the secret plan to journalists.",
    "The regional council urged the company to rebuild the destroyed bridge.",
    "Several broadcasters questioned the treaty signed at the summit.",
    "Young workers joined the peaceful protest outside the bank headquarters.",
    "The elite unit captured a weapon depot hidden under the mosque.",
    "Election observers feared violent clashes in the eastern district.",
    "Winter season storms closed the only road to the mountain village.",
)


def make_documents(layout: Mapping[str, Sequence[str]]) -> dict[str, Any]:
    """Visible documents, one sentence per line, each line the text of its unit's pool entry.

    ``layout`` maps a document id to the units of its sentences; a unit ``"x:k"``
    gets ``POOL`` entry ``index`` of all distinct units in first-seen order.
    """
    order: dict[str, int] = {}
    for units in layout.values():
        for unit in units:
            order.setdefault(unit, len(order))
    return {
        doc: document_from_text("\n".join(POOL[order[u]] for u in units), doc)
        for doc, units in layout.items()
    }


def truth_dict(
    layout: Mapping[str, Sequence[str]],
    parents: Mapping[str, Sequence[str]],
    *,
    hidden: Mapping[str, Sequence[str]] = {},
    outlets: Mapping[str, str] = {},
    credits: Mapping[str, Sequence[str]] = {},
    boilerplate: frozenset[tuple[str, int]] = frozenset(),
) -> dict[str, Any]:
    """A ``truth.json`` dict: visible documents with the spans ``segment`` finds,
    hidden documents (``hidden``: id → units) with made-up spans."""
    docs = make_documents(layout)
    documents = []
    for doc, units in layout.items():
        spans = [(s.start, s.end) for s in segment(docs[doc])]
        assert len(spans) == len(units)
        documents.append(
            {
                "id": doc,
                "visible": True,
                "role": "outlet" if parents.get(doc) else "original",
                "outlet": outlets.get(doc, f"Outlet {doc}"),
                "story": 0,
                "parents": list(parents.get(doc, ())),
                "published": "2026-03-02",
                "shown_date": None,
                "credits": list(credits.get(doc, ())),
                "sentences": [
                    {"start": a, "end": b, "units": [u], "boilerplate": (doc, k) in boilerplate}
                    for k, ((a, b), u) in enumerate(zip(spans, units, strict=True))
                ],
                "text": None,
            }
        )
    for doc, units in hidden.items():
        documents.append(
            {
                "id": doc,
                "visible": False,
                "role": "agency",
                "outlet": outlets.get(doc, f"Outlet {doc}"),
                "parents": list(parents.get(doc, ())),
                "sentences": [
                    {"start": 10 * k, "end": 10 * k + 5, "units": [u]} for k, u in enumerate(units)
                ],
            }
        )
    return {"schema": metrics.TRUTH_SCHEMA, "seed": 1, "params": {}, "documents": documents}


def unit_pairs(trace: Trace, layout: Mapping[str, Sequence[str]]) -> tuple[Alignment, ...]:
    """Every pair of sentences of two documents that carry the same unit (all pairs)."""
    alignments = []
    for a, b in itertools.combinations(sorted(layout), 2):
        pairs = tuple(
            SentencePair(i, j, "verbatim", 100.0, 100.0, 100.0)
            for i, u in enumerate(layout[a])
            for j, v in enumerate(layout[b])
            if u == v
        )
        if pairs:
            alignments.append(Alignment(a, b, pairs))
    return tuple(alignments)


def make_trace(
    layout: Mapping[str, Sequence[str]],
    parent: Mapping[str, str],
    *,
    nodes: Mapping[str, tuple[str, str]] = {},
    stand_for: Mapping[str, str] = {},
    origins: Mapping[tuple[str, int], str | None] = {},
    alignments: tuple[Alignment, ...] | None = None,
) -> Trace:
    """A trace of ``layout``'s documents with this primary tree.

    ``nodes``: extra node id → (kind, label). Origins default to the writer of
    each sentence's unit (None for its own), written as the trace node that
    ``stand_for`` names for it; ``origins`` overrides some. Alignments default
    to :func:`unit_pairs`.
    """
    real = trace_documents(make_documents(layout).values())
    all_nodes = tuple(Node(d, "document", d) for d in sorted(layout)) + tuple(
        Node(i, kind, label) for i, (kind, label) in sorted(nodes.items())
    )
    tree = DerivationTree(
        nodes=all_nodes,
        edges=tuple(Edge(p, c, "copy", 0.9) for c, p in sorted(parent.items())),
        parent=tuple(sorted(parent.items())),
        roots=tuple(sorted(n.id for n in all_nodes if n.id not in parent)),
    )
    found: dict[tuple[str, int], str | None] = {}
    for doc, units in layout.items():
        for k, unit in enumerate(units):
            writer = unit.split(":")[0]
            found[(doc, k)] = None if writer == doc else stand_for.get(writer, writer)
    found.update(origins)
    return attrs.evolve(
        real,
        tree=tree,
        origins=tuple((d, k, o) for (d, k), o in sorted(found.items())),
        alignments=unit_pairs(real, layout) if alignments is None else alignments,
    )


# An original O; a hidden agency H (Reuters) rewrites it for V1 and V2; V3 copies O.
AGENCY_LAYOUT = {
    "O": ["O:0", "O:1", "O:2"],
    "V1": ["O:0", "O:1", "H:0", "V1:0"],
    "V2": ["O:0", "H:0", "V2:0"],
    "V3": ["O:2", "V3:0"],
}
AGENCY_PARENTS = {"H": ["O"], "V1": ["H"], "V2": ["H"], "V3": ["O"]}
AGENCY_HIDDEN = {"H": ["O:0", "O:1", "H:0"]}


def agency_truth(**kwargs: Any) -> metrics.Truth:
    return metrics.truth_from_dict(
        truth_dict(AGENCY_LAYOUT, AGENCY_PARENTS, hidden=AGENCY_HIDDEN, **kwargs)
    )


def agency_trace(parent: Mapping[str, str] | None = None, **kwargs: Any) -> Trace:
    perfect = {"V1": "latent-1", "V2": "latent-1", "latent-1": "O", "V3": "O"}
    return make_trace(
        AGENCY_LAYOUT,
        perfect if parent is None else parent,
        nodes={"latent-1": ("latent", "unseen common source")},
        stand_for={"H": "latent-1"},
        **kwargs,
    )


def metric_values(scores: metrics.Scores) -> dict[str, float]:
    return {name: getattr(scores, name) for name in metrics.METRICS}


# ---------------------------------------------------------------------------
# Scores


def test_perfect_prediction_scores_one_everywhere() -> None:
    scores = metrics.score(agency_trace(), agency_truth())
    assert metric_values(scores) == dict.fromkeys(metrics.METRICS, 1.0)
    assert (scores.n_documents, scores.n_edges_true, scores.n_edges_predicted) == (4, 4, 4)
    assert (scores.n_hidden_scored, scores.n_hidden_contracted, scores.n_nodes_mapped) == (1, 0, 1)
    # 11 visible sentences; true pairs: O:0 ×3 docs (3), O:1 ×2 (1), O:2 ×2 (1), H:0 ×2 (1).
    assert (scores.n_sentences, scores.n_pairs_true, scores.n_pairs_predicted) == (12, 6, 6)


def test_reversed_edge_hurts_direction_not_topology() -> None:
    parent = {"V1": "latent-1", "V2": "latent-1", "latent-1": "O", "O": "V3"}
    scores = metrics.score(agency_trace(parent), agency_truth())
    assert scores.edge_precision == scores.edge_recall == 3 / 4
    assert scores.undirected_f1 == 1.0
    # O should be a root and V3 should hang from O: two of the four documents are wrong.
    assert scores.parent_accuracy == 2 / 4


def test_latent_node_that_groups_the_right_children_stands_for_the_hidden_parent() -> None:
    truth = agency_truth()
    right = agency_trace()
    assert metrics.node_mapping(right, truth) == {"latent-1": "H"}
    # Two of H's visible descendants plus one outsider: Jaccard 2/3, still H.
    wide = agency_trace({"V1": "latent-1", "V2": "latent-1", "V3": "latent-1"})
    assert metrics.node_mapping(wide, truth) == {"latent-1": "H"}


def test_latent_node_that_groups_the_wrong_children_stands_for_nothing() -> None:
    truth = agency_truth()
    wrong = agency_trace({"V1": "latent-1", "V3": "latent-1", "V2": "O"})
    assert metrics.node_mapping(wrong, truth) == {}  # Jaccard {V1, V3} vs {V1, V2} is 1/3
    scores = metrics.score(wrong, truth)
    assert scores.parent_accuracy == 1 / 4  # only O, a root, is right
    assert scores.edge_precision == 0.0
    assert scores.n_nodes_mapped == 0
    # H's sentence in V1 came from H; the trace's latent-1 stands for nothing now.
    assert scores.sentence_accuracy < 1.0


@pytest.mark.parametrize(
    ("parent", "expected"),
    [
        # Both groups have Jaccard 1/2 with H: the tie goes to the smaller node id.
        ({"V1": "latent-2", "V2": "latent-1"}, {"latent-1": "H"}),
        # latent-1 groups {V1, V2} (Jaccard 1), latent-2 below it only {V1} (1/2).
        ({"V1": "latent-2", "latent-2": "latent-1", "V2": "latent-1"}, {"latent-1": "H"}),
        ({"V1": "latent-1", "latent-1": "latent-2", "V2": "latent-2"}, {"latent-2": "H"}),
    ],
)
def test_each_hidden_document_goes_to_the_best_group(
    parent: dict[str, str], expected: dict[str, str]
) -> None:
    trace = make_trace(
        AGENCY_LAYOUT,
        {**parent, "V3": "O"},
        nodes={"latent-1": ("latent", "a"), "latent-2": ("latent", "b")},
    )
    assert metrics.node_mapping(trace, agency_truth()) == expected


# A hidden H between a visible original O and its only visible copy V.
CHAIN_LAYOUT = {"O": ["O:0", "O:1"], "V": ["O:0", "H:0", "V:0"]}
CHAIN_PARENTS = {"H": ["O"], "V": ["H"]}
CHAIN_HIDDEN = {"H": ["O:0", "O:1", "H:0"]}


def test_undetectable_hidden_document_is_contracted() -> None:
    truth = metrics.truth_from_dict(truth_dict(CHAIN_LAYOUT, CHAIN_PARENTS, hidden=CHAIN_HIDDEN))
    assert metrics.identifiable(truth) == frozenset()
    assert metrics.contracted_parents(truth) == {"O": None, "V": "O"}
    # The tracer can only see V copy O; H's own sentence looks like V's own text.
    trace = make_trace(CHAIN_LAYOUT, {"V": "O"}, origins={("V", 1): None})
    contracted = metrics.score(trace, truth)
    assert metric_values(contracted) == dict.fromkeys(metrics.METRICS, 1.0)
    assert (contracted.n_hidden_scored, contracted.n_hidden_contracted) == (0, 1)
    raw = metrics.score(trace, truth, contract=False)
    assert raw.parent_accuracy == 1 / 2  # V should hang from H
    assert (raw.edge_precision, raw.edge_recall) == (0.0, 0.0)
    assert raw.sentence_accuracy == 4 / 5  # V's sentence H:0 came from H


def test_credited_hidden_document_is_kept_and_named_by_an_external_node() -> None:
    truth = metrics.truth_from_dict(
        truth_dict(
            CHAIN_LAYOUT,
            CHAIN_PARENTS,
            hidden=CHAIN_HIDDEN,
            outlets={"H": "Reuters"},
            credits={"V": ["REUTERS"]},
        )
    )
    assert metrics.identifiable(truth) == frozenset({"H"})
    assert metrics.contracted_parents(truth) == {"H": "O", "O": None, "V": "H"}
    # The external node has no child at all: only its name ties it to H.
    trace = make_trace(
        CHAIN_LAYOUT,
        {"V": "O"},
        nodes={"source:reuters": ("external", "Reuters")},
        stand_for={"H": "source:reuters"},
    )
    assert metrics.node_mapping(trace, truth) == {"source:reuters": "H"}
    scores = metrics.score(trace, truth)
    assert scores.sentence_accuracy == 1.0
    assert scores.parent_accuracy == 1 / 2  # V's parent is H, not O
    named = make_trace(
        CHAIN_LAYOUT,
        {"V": "source:reuters", "source:reuters": "O"},
        nodes={"source:reuters": ("external", "The Reuters")},
        stand_for={"H": "source:reuters"},
    )
    assert metric_values(metrics.score(named, truth)) == dict.fromkeys(metrics.METRICS, 1.0)


def test_origin_in_a_contracted_writer_is_the_topmost_scored_carrier() -> None:
    # Hidden original R (one branch) → hidden agency H (two branches) → V1, V2.
    layout = {"V1": ["R:0", "H:0", "V1:0"], "V2": ["R:0", "H:0"]}
    truth = metrics.truth_from_dict(
        truth_dict(
            layout,
            {"H": ["R"], "V1": ["H"], "V2": ["H"]},
            hidden={"R": ["R:0"], "H": ["R:0", "H:0"]},
        )
    )
    assert metrics.contracted_parents(truth) == {"H": None, "V1": "H", "V2": "H"}
    parent = {"V1": "latent-1", "V2": "latent-1"}
    nodes = {"latent-1": ("latent", "unseen")}
    stand_for = {"R": "latent-1", "H": "latent-1"}
    good = make_trace(layout, parent, nodes=nodes, stand_for=stand_for)
    assert metrics.score(good, truth).sentence_accuracy == 1.0
    own = make_trace(layout, parent, nodes=nodes, stand_for=stand_for, origins={("V1", 0): None})
    assert metrics.score(own, truth).sentence_accuracy == 4 / 5


# A trace sentence of A covers two truth sentences (A:0, A:1), which B writes apart.
SPLIT_TEXTS = {
    "A": POOL[0][:-1] + ", and " + POOL[1][0].lower() + POOL[1][1:] + "\n" + POOL[2],
    "B": POOL[0] + "\n" + POOL[1] + "\n" + POOL[3],
}


def split_case(extra_pairs: tuple[SentencePair, ...] = ()) -> tuple[Trace, metrics.Truth]:
    docs = {d: document_from_text(t, d) for d, t in SPLIT_TEXTS.items()}
    a_spans = [(s.start, s.end) for s in segment(docs["A"])]
    b_spans = [(s.start, s.end) for s in segment(docs["B"])]
    assert len(a_spans) == 2
    assert len(b_spans) == 3
    cut = SPLIT_TEXTS["A"].index(", and")
    a_truth = [(a_spans[0][0], cut), (cut + 2, a_spans[0][1]), a_spans[1]]
    data = {
        "schema": metrics.TRUTH_SCHEMA,
        "documents": [
            {
                "id": "A",
                "visible": True,
                "parents": [],
                "sentences": [
                    {"start": a, "end": b, "units": [f"A:{k}"]} for k, (a, b) in enumerate(a_truth)
                ],
            },
            {
                "id": "B",
                "visible": True,
                "parents": ["A"],
                "sentences": [
                    {"start": a, "end": b, "units": [u]}
                    for (a, b), u in zip(b_spans, ["A:0", "A:1", "B:0"], strict=True)
                ],
            },
        ],
    }
    real = trace_documents(docs.values())
    pairs = (
        SentencePair(0, 0, "near", 90.0, 90.0, 90.0, (0,), (0, 1)),
        SentencePair(0, 1, "near", 90.0, 90.0, 90.0, (0,), (0, 1)),
        *extra_pairs,
    )
    trace = attrs.evolve(
        real,
        alignments=(Alignment("A", "B", pairs),),
        tree=attrs.evolve(real.tree, parent=(("B", "A"),), roots=("A",)),
        origins=(("A", 0, None), ("A", 1, None), ("B", 0, "A"), ("B", 1, "A"), ("B", 2, None)),
    )
    return trace, metrics.truth_from_dict(data)


def test_a_trace_sentence_covering_two_truth_sentences_counts_each_pair_once() -> None:
    trace, truth = split_case()
    scores = metrics.score(trace, truth)
    assert (scores.n_pairs_true, scores.n_pairs_predicted) == (2, 2)
    assert metric_values(scores) == dict.fromkeys(metrics.METRICS, 1.0)
    # A pair of sentences that share no unit adds one false pair, not one per covered sentence.
    wrong, _ = split_case((SentencePair(0, 2, "paraphrase", 80.0, 60.0, 80.0),))
    scores = metrics.score(wrong, truth)
    assert scores.n_pairs_predicted == 3
    assert scores.alignment_precision == 2 / 3
    assert scores.alignment_recall == 1.0


def test_boilerplate_counts_neither_way() -> None:
    layout = {"O": ["O:0", "O:1", "X:0"], "V": ["O:0", "X:0"], "X": ["X:0"]}
    truth = metrics.truth_from_dict(
        truth_dict(layout, {"V": ["O"]}, boilerplate=frozenset({("O", 2), ("V", 1), ("X", 0)}))
    )
    trace = make_trace(layout, {"V": "O"}, origins={("V", 1): "X"})
    with_boilerplate = metrics.score(trace, truth)
    assert metric_values(with_boilerplate) == dict.fromkeys(metrics.METRICS, 1.0)
    assert (with_boilerplate.n_sentences, with_boilerplate.n_pairs_true) == (3, 1)
    # The same without the (wrongly aligned) boilerplate pairs: nothing changes.
    without = make_trace(
        layout,
        {"V": "O"},
        alignments=(Alignment("O", "V", (SentencePair(0, 0, "verbatim", 100.0, 100.0, 100.0),)),),
    )
    assert metrics.score(without, truth) == with_boilerplate


def test_sentences_outside_every_truth_span_are_counted_apart() -> None:
    data = truth_dict(AGENCY_LAYOUT, AGENCY_PARENTS, hidden=AGENCY_HIDDEN)
    v3 = next(d for d in data["documents"] if d["id"] == "V3")
    del v3["sentences"][1]
    scores = metrics.score(agency_trace(), metrics.truth_from_dict(data))
    assert (scores.n_sentences, scores.n_sentences_unmatched) == (11, 1)


def test_real_trace_of_a_dated_copy_scores_one() -> None:
    lines = [POOL[0], POOL[1], POOL[2]]
    a = document_from_text("01 November 2021\n\n" + "\n".join(lines), "a")
    b = document_from_text("02 November 2021\n\n" + "\n".join([*lines[:2], POOL[3]]), "b")
    trace = trace_documents([b, a])
    data = {
        "schema": metrics.TRUTH_SCHEMA,
        "documents": [
            {
                "id": doc.id,
                "visible": True,
                "parents": parents,
                "sentences": [
                    {"start": s.start, "end": s.end, "units": [u]}
                    for s, u in zip(segment(doc), units, strict=True)
                ],
            }
            for doc, parents, units in (
                (a, [], ["a:0", "a:1", "a:2"]),
                (b, ["a"], ["a:0", "a:1", "b:0"]),
            )
        ],
    }
    scores = metrics.score(trace, metrics.truth_from_dict(data))
    assert metric_values(scores) == dict.fromkeys(metrics.METRICS, 1.0)


def test_trace_of_other_documents_is_a_mismatch() -> None:
    layout = {"O": AGENCY_LAYOUT["O"], "V3": AGENCY_LAYOUT["V3"]}
    trace = make_trace(layout, {"V3": "O"})
    with pytest.raises(metrics.MismatchError, match="not in the trace \\['V1', 'V2'\\]"):
        metrics.score(trace, agency_truth())


def test_empty_edge_sets_agree_exactly() -> None:
    layout = {"A": ["A:0"], "B": ["B:0"]}
    truth = metrics.truth_from_dict(truth_dict(layout, {}))
    scores = metrics.score(make_trace(layout, {}), truth)
    assert (scores.edge_precision, scores.edge_recall, scores.edge_f1) == (1.0, 1.0, 1.0)
    assert (scores.n_pairs_true, scores.n_pairs_predicted, scores.alignment_f1) == (0, 0, 1.0)
    wrong = metrics.score(make_trace(layout, {"B": "A"}), truth)
    assert (wrong.edge_precision, wrong.edge_recall, wrong.edge_f1) == (0.0, 0.0, 0.0)


# ---------------------------------------------------------------------------
# Properties


@st.composite
def predicted_trees(draw: st.DrawFn) -> dict[str, str]:
    """A random forest over the agency documents and two latent nodes."""
    order = draw(st.permutations(["O", "V1", "V2", "V3", "latent-1", "source:reuters"]))
    parent = {}
    for k, node in enumerate(order):
        choice = draw(st.sampled_from([None, *order[:k]]))
        if choice is not None:
            parent[node] = choice
    return parent


@given(
    parent=predicted_trees(),
    origin_choice=st.lists(
        st.sampled_from([None, "O", "V1", "latent-1", "source:reuters"]), min_size=12, max_size=12
    ),
    keep=st.lists(st.booleans(), min_size=6, max_size=6),
)
def test_metrics_lie_in_the_unit_interval(
    parent: dict[str, str], origin_choice: list[str | None], keep: list[bool]
) -> None:
    keys = [(d, k) for d, units in AGENCY_LAYOUT.items() for k in range(len(units))]
    perfect = agency_trace()
    pairs = [(al, p) for al in perfect.alignments for p in al.pairs]
    alignments = tuple(
        Alignment(al.a, al.b, (p,)) for (al, p), kept in zip(pairs, keep, strict=True) if kept
    )
    trace = make_trace(
        AGENCY_LAYOUT,
        parent,
        nodes={"latent-1": ("latent", "x"), "source:reuters": ("external", "Reuters")},
        origins=dict(zip(keys, origin_choice, strict=True)),
        alignments=alignments,
    )
    scores = metrics.score(trace, agency_truth(outlets={"H": "Reuters"}))
    for name, value in metric_values(scores).items():
        assert 0.0 <= value <= 1.0, name
    assert scores.alignment_precision == 1.0 or not alignments
    assert scores.alignment_recall == sum(keep) / 6


@given(order=st.permutations(range(5)), parent=predicted_trees())
def test_order_of_truth_documents_does_not_matter(order: list[int], parent: dict[str, str]) -> None:
    data = truth_dict(AGENCY_LAYOUT, AGENCY_PARENTS, hidden=AGENCY_HIDDEN)
    shuffled = {**data, "documents": [data["documents"][i] for i in order]}
    trace = make_trace(
        AGENCY_LAYOUT,
        parent,
        nodes={"latent-1": ("latent", "x"), "source:reuters": ("external", "Outlet H")},
    )
    assert metrics.score(trace, metrics.truth_from_dict(shuffled)) == metrics.score(
        trace, metrics.truth_from_dict(data)
    )


@given(
    units=st.lists(
        st.lists(st.sets(st.sampled_from(["A:0", "A:1", "B:0", "C:0"]), min_size=1), max_size=4),
        min_size=3,
        max_size=3,
    ),
    drop=st.integers(min_value=0, max_value=100),
)
def test_true_pairs_match_an_all_pairs_oracle(units: list[list[set[str]]], drop: int) -> None:
    ids = ["A", "B", "C"]
    texts, counter = {}, itertools.count()
    for doc, sentences in zip(ids, units, strict=True):
        texts[doc] = "\n".join(POOL[next(counter)] for _ in sentences) or POOL[15]
    docs = [document_from_text(texts[d], d) for d in ids]
    sentences = {d.id: segment(d)[: len(u)] for d, u in zip(docs, units, strict=True)}
    data = {
        "schema": metrics.TRUTH_SCHEMA,
        "documents": [
            {
                "id": doc,
                "visible": True,
                "parents": [],
                "sentences": [
                    {"start": s.start, "end": s.end, "units": sorted(u)}
                    for s, u in zip(sentences[doc], us, strict=True)
                ],
            }
            for doc, us in zip(ids, units, strict=True)
        ],
    }
    oracle = [
        (a, i, b, j)
        for (a, ua), (b, ub) in itertools.combinations(zip(ids, units, strict=True), 2)
        for i, j in itertools.product(range(len(ua)), range(len(ub)))
        if ua[i] & ub[j]
    ]
    kept = [pair for k, pair in enumerate(oracle) if k != drop]
    alignments = tuple(
        Alignment(a, b, tuple(SentencePair(i, j, "near", 90.0, 90.0, 90.0) for _, i, _, j in grp))
        for (a, b), grp in itertools.groupby(kept, key=lambda p: (p[0], p[2]))
    )
    real = trace_documents(docs)
    trace = attrs.evolve(real, alignments=alignments)
    scores = metrics.score(trace, metrics.truth_from_dict(data))
    assert scores.n_pairs_true == len(oracle)
    assert scores.n_pairs_predicted == len(kept)
    assert scores.alignment_precision == (1.0 if kept or not oracle else 0.0)
    assert scores.alignment_recall == (len(kept) / len(oracle) if oracle else 1.0)


# ---------------------------------------------------------------------------
# Bootstrap intervals


def test_bootstrap_interval_contains_the_mean_and_is_deterministic() -> None:
    values = [0.61, 0.72, 0.55, 0.9, 0.68, 0.74, 0.59, 0.81, 0.66, 0.7] * 2
    interval = metrics.bootstrap(values)
    assert interval.mean == pytest.approx(float(np.mean(values)))
    assert interval.low < interval.mean < interval.high
    assert interval.n == 20
    assert metrics.bootstrap(values) == interval
    assert metrics.bootstrap(values, seed=1) != interval
    narrower = metrics.bootstrap(values, confidence=0.5)
    assert interval.low < narrower.low < narrower.high < interval.high


def test_bootstrap_interval_shrinks_with_more_samples() -> None:
    rng = np.random.default_rng(3)
    few = metrics.bootstrap(rng.uniform(size=20))
    many = metrics.bootstrap(rng.uniform(size=2000))
    assert many.high - many.low < (few.high - few.low) / 4


@given(st.lists(st.floats(min_value=0.0, max_value=1.0), min_size=1, max_size=40))
def test_bootstrap_interval_brackets_the_mean(values: list[float]) -> None:
    interval = metrics.bootstrap(values, resamples=200)
    assert interval.low <= interval.mean + 1e-12
    assert interval.mean <= interval.high + 1e-12
    assert min(values) - 1e-12 <= interval.low
    assert interval.high <= max(values) + 1e-12


@pytest.mark.parametrize(
    ("values", "kwargs", "message"),
    [
        ([], {}, "at least one value"),
        ([0.5, math.nan], {}, "finite"),
        ([0.5], {"resamples": 0}, "resamples"),
        ([0.5], {"confidence": 1.0}, "confidence"),
    ],
)
def test_bootstrap_refuses_bad_arguments(
    values: list[float], kwargs: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        metrics.bootstrap(values, **kwargs)


def test_summarise_gives_every_metric_and_skips_nan() -> None:
    base = metrics.score(agency_trace(), agency_truth())
    worse = attrs.evolve(base, parent_accuracy=0.5, sentence_accuracy=math.nan)
    summary = metrics.summarise([base, worse, base])
    assert tuple(summary) == metrics.METRICS
    assert summary["parent_accuracy"].mean == pytest.approx(2.5 / 3)
    assert summary["parent_accuracy"].n == 3
    assert summary["sentence_accuracy"] == metrics.Interval(1.0, 1.0, 1.0, 2)
    nothing = metrics.summarise([attrs.evolve(base, sentence_accuracy=math.nan)])
    assert nothing["sentence_accuracy"].n == 0
    assert math.isnan(nothing["sentence_accuracy"].mean)
    with pytest.raises(ValueError, match="scores"):
        metrics.summarise([])


# ---------------------------------------------------------------------------
# Reading the truth


def valid_truth() -> dict[str, Any]:
    return truth_dict(AGENCY_LAYOUT, AGENCY_PARENTS, hidden=AGENCY_HIDDEN)


def break_schema(d: dict[str, Any]) -> None:
    d["schema"] = "provenance.benchmark.truth/0"


def duplicate_id(d: dict[str, Any]) -> None:
    d["documents"][1]["id"] = "O"


def unknown_parent(d: dict[str, Any]) -> None:
    d["documents"][1]["parents"] = ["nowhere"]


def cycle(d: dict[str, Any]) -> None:
    d["documents"][0]["parents"] = ["V3"]


def bad_unit(d: dict[str, Any]) -> None:
    d["documents"][0]["sentences"][0]["units"] = ["O-0"]


def unit_of_nobody(d: dict[str, Any]) -> None:
    d["documents"][0]["sentences"][0]["units"] = ["Z:0"]


def overlapping_sentences(d: dict[str, Any]) -> None:
    d["documents"][0]["sentences"][1]["start"] = d["documents"][0]["sentences"][0]["start"]


def bad_date(d: dict[str, Any]) -> None:
    d["documents"][0]["published"] = "2 March"


def visible_not_bool(d: dict[str, Any]) -> None:
    d["documents"][0]["visible"] = 1


def missing_sentences(d: dict[str, Any]) -> None:
    del d["documents"][2]["sentences"]


def unknown_role(d: dict[str, Any]) -> None:
    d["documents"][0]["role"] = "blog"


def no_units(d: dict[str, Any]) -> None:
    d["documents"][0]["sentences"][0]["units"] = []


@pytest.mark.parametrize(
    ("breaker", "message"),
    [
        (break_schema, "schema"),
        (duplicate_id, "appears twice"),
        (unknown_parent, "nowhere"),
        (cycle, "cycle"),
        (bad_unit, "O-0"),
        (unit_of_nobody, "names no document"),
        (overlapping_sentences, "sentences\\[1\\]"),
        (bad_date, "ISO date"),
        (visible_not_bool, "visible"),
        (missing_sentences, "sentences: missing"),
        (unknown_role, "role"),
        (no_units, "at least one unit"),
    ],
)
def test_malformed_truth_is_refused_in_one_line(breaker: Any, message: str) -> None:
    data = valid_truth()
    metrics.truth_from_dict(data)
    breaker(data)
    with pytest.raises(metrics.TruthError, match=message) as caught:
        metrics.truth_from_dict(data)
    assert isinstance(caught.value, ValueError)
    assert "\n" not in str(caught.value)


def test_load_truth_reads_a_file_or_its_directory(tmp_path: Path) -> None:
    data = valid_truth()
    (tmp_path / "truth.json").write_text(json.dumps(data), encoding="utf-8")
    expected = metrics.truth_from_dict(data)
    assert metrics.load_truth(tmp_path) == expected
    assert metrics.load_truth(tmp_path / "truth.json") == expected
    assert expected.visible == ("O", "V1", "V2", "V3")
    assert expected.document("H").sentences[2].writer == "H"


def test_load_truth_errors_name_the_file(tmp_path: Path) -> None:
    with pytest.raises(metrics.TruthError, match="cannot read"):
        metrics.load_truth(tmp_path)
    (tmp_path / "truth.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(metrics.TruthError, match="not JSON"):
        metrics.load_truth(tmp_path)
    (tmp_path / "truth.json").write_text(json.dumps({"schema": "x"}), encoding="utf-8")
    with pytest.raises(metrics.TruthError, match=r"truth\.json: truth\.schema"):
        metrics.load_truth(tmp_path)
