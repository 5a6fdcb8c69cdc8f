"""The maximum arborescence under the primary tree, checked against brute force;
sentence origins, checked against the plain algorithm.

:func:`provenance.tree.max_arborescence` is Tarjan's form of Chu–Liu/Edmonds
(heaps and a union-find that rolls back); here every small graph's answer is
compared with the best of all parent choices, enumerated.
:func:`provenance.tree.sentence_origins` reads only the alignments its walk can
look at; here it is compared with the same walk over every alignment.
"""

from __future__ import annotations

import itertools
import random
from collections import defaultdict
from collections.abc import Sequence

import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import derived_corpora

from provenance import (
    Alignment,
    Citation,
    DerivationTree,
    Edge,
    Node,
    Sentence,
    SentencePair,
    Source,
    document_from_text,
    select_tree,
    sentence_origins,
    trace_documents,
)
from provenance.tree import max_arborescence

Arc = tuple[int, int, float]
SentenceKey = tuple[str, int]
OriginInputs = tuple[DerivationTree, list[Sentence], list[Alignment], list[Citation], list[Source]]


@st.composite
def rooted_graphs(draw: st.DrawFn) -> tuple[int, list[Arc]]:
    """Up to six nodes besides the root, arcs with repeated weights (ties), parallel arcs."""
    size = draw(st.integers(2, 7))
    node = st.integers(1, size - 1)
    weight = st.sampled_from([0.1, 0.25, 0.5, 0.5, 0.75, 1.0])
    arcs = draw(st.lists(st.tuples(node, node, weight), max_size=18))
    return size, [*arcs, *((0, v, 0.0) for v in range(1, size))]


def _best_by_brute_force(size: int, arcs: list[Arc]) -> float:
    into: dict[int, list[Arc]] = {
        v: [a for a in arcs if a[1] == v and a[0] != v] for v in range(1, size)
    }
    best = -1.0
    for choice in itertools.product(*(into[v] for v in range(1, size))):
        parent = {a[1]: a[0] for a in choice}
        if all(_reaches_root(v, parent) for v in parent):
            best = max(best, sum(a[2] for a in choice))
    return best


def _reaches_root(node: int, parent: dict[int, int]) -> bool:
    seen = set()
    while node != 0:
        if node in seen:
            return False
        seen.add(node)
        node = parent[node]
    return True


@given(graph=rooted_graphs())
def test_max_arborescence_is_a_tree_of_the_best_weight(graph: tuple[int, list[Arc]]) -> None:
    size, arcs = graph
    chosen = max_arborescence(size, arcs)
    assert sorted(arcs[k][1] for k in chosen) == list(range(1, size))
    parent = {arcs[k][1]: arcs[k][0] for k in chosen}
    assert all(_reaches_root(v, parent) for v in parent)
    assert sum(arcs[k][2] for k in chosen) == pytest.approx(_best_by_brute_force(size, arcs))


def test_max_arborescence_breaks_a_tie_for_the_earlier_arc() -> None:
    arcs = [(2, 1, 0.5), (3, 1, 0.5), (0, 1, 0.0), (0, 2, 0.0), (0, 3, 0.0)]

    def parent_of_1() -> int:
        return next(arcs[k][0] for k in max_arborescence(4, arcs) if arcs[k][1] == 1)

    assert parent_of_1() == 2
    arcs[0], arcs[1] = arcs[1], arcs[0]
    assert parent_of_1() == 3


def test_max_arborescence_refuses_an_unreachable_node() -> None:
    with pytest.raises(ValueError, match="node 2 cannot be reached"):
        max_arborescence(3, [(0, 1, 0.0), (1, 2, 0.5), (2, 1, 0.9)][:1])


def test_max_arborescence_handles_thousands_of_nested_cycles() -> None:
    # Random arcs both ways make cycles within contracted cycles, thousands deep:
    # the case that took networkx minutes and gigabytes (../shared/MEASURED.md).
    rng = random.Random(7)
    size = 3001
    arcs: list[Arc] = [
        (rng.randrange(1, size), v, rng.random()) for v in range(1, size) for _ in range(6)
    ]
    arcs = [a for a in arcs if a[0] != a[1]] + [(0, v, 0.0) for v in range(1, size)]
    chosen = max_arborescence(size, arcs)
    parent = {arcs[k][1]: arcs[k][0] for k in chosen}
    assert len(parent) == size - 1
    assert all(_reaches_root(v, parent) for v in parent)
    # No arc can replace a chosen one for a gain without making a cycle: the
    # swap test of optimality, applied to every arc into every node.
    weight = {arcs[k][1]: arcs[k][2] for k in chosen}
    for u, v, w in arcs:
        if w > weight[v] and u != 0:
            swapped = {**parent, v: u}
            assert not _reaches_root(v, swapped)


def test_select_tree_keeps_ids_that_sort_apart_from_their_numbers() -> None:
    nodes = [Node(i, "document", i) for i in ("b", "a", "c")]
    edges = [Edge("c", "a", "copy", 0.4), Edge("a", "b", "copy", 0.9), Edge("b", "a", "copy", 0.2)]
    assert select_tree(nodes, edges) == ((("a", "c"), ("b", "a")), ("c",))


def _origins_over_every_alignment(
    tree: DerivationTree,
    sentences: Sequence[Sentence],
    alignments: Sequence[Alignment],
    citations: Sequence[Citation],
    sources: Sequence[Source],
) -> dict[SentenceKey, str | None]:
    """The oracle: :func:`sentence_origins` as it was before it filtered the alignments."""
    partners: dict[SentenceKey, dict[str, int]] = defaultdict(dict)
    for al in alignments:
        for ai, bi in zip(al.pairs.a_index.tolist(), al.pairs.b_index.tolist(), strict=True):
            partners[(al.b, bi)].setdefault(al.a, ai)
            partners[(al.a, ai)].setdefault(al.b, bi)
    media = {s.id for s in sources if s.kind == "media"}
    citations = [c for c in citations if c.source in media and c.pattern != "dateline"]
    named = {
        (c.document, c.sentence): c.source
        for c in sorted(citations, key=lambda c: (c.document, c.sentence, c.start), reverse=True)
    }
    kinds = {n.id: n.kind for n in tree.nodes}
    parents = dict(tree.parent)
    children: dict[str, set[str]] = defaultdict(set)
    for child, its_parent in parents.items():
        children[its_parent].add(child)
    memo: dict[SentenceKey, str | None] = {}

    def origin(key: SentenceKey) -> str | None:
        climbed: list[tuple[SentenceKey, str]] = []
        found: str | None = None
        while key not in memo:
            memo[key] = None
            p = parents.get(key[0])
            if p is not None and kinds.get(p) == "document" and p in partners[key]:
                climbed.append((key, p))
                key = (p, partners[key][p])
                continue
            if p is not None and kinds.get(p) == "latent" and children[p] & set(partners[key]):
                found = p
            else:
                found = named.get(key)
            memo[key] = found
            break
        else:
            found = memo[key]
        for below, p in reversed(climbed):
            found = found or p
            memo[below] = found
        return found

    return {(s.document, s.index): origin((s.document, s.index)) for s in sentences}


@st.composite
def origin_inputs(draw: st.DrawFn) -> OriginInputs:
    """A hand-made tree and alignments for :func:`sentence_origins`.

    Documents have document parents (chains several deep; with ``cyclic``, parents
    anywhere, so that walks come back to a sentence they started from), latent
    parents of several children, external parents and parents that are no node.
    Alignments join any two documents (parents, siblings, strangers, a document
    and itself), both ways, with sentence indices repeated on either side so
    that which pair comes first matters. Citations name media and people.
    """
    documents = [f"d{i}" for i in range(draw(st.integers(2, 7)))]
    latent = [f"latent{i}" for i in range(draw(st.sampled_from([1, 2, 0])))]
    external = [f"external{i}" for i in range(draw(st.integers(0, 2)))]
    nodes = [
        *(Node(d, "document", d) for d in documents),
        *(Node(n, "latent", n) for n in latent),
        *(Node(n, "external", n) for n in external),
    ]
    cyclic = draw(st.booleans())
    parents: dict[str, str] = {}
    for number, document in enumerate(documents):
        # Without cycles a document's parent is an earlier one, as in a forest.
        earlier = documents if cyclic else documents[:number]
        kind = draw(st.sampled_from(["document", "latent", None, "document", "latent", "other"]))
        if kind == "document" and earlier:
            parents[document] = draw(st.sampled_from(earlier))
        elif kind == "latent" and latent:
            parents[document] = draw(st.sampled_from(latent))
        elif kind == "other":
            parents[document] = draw(st.sampled_from([*external, "nowhere"]))
    tree = DerivationTree(
        tuple(nodes),
        (),
        tuple(sorted(parents.items())),
        tuple(n.id for n in nodes if n.id not in parents),
    )
    counts = {d: draw(st.integers(1, 3)) for d in documents}
    sentences = draw(
        st.permutations(
            [
                Sentence(d, i, 10 * i, 10 * i + 5, "words")
                for d in documents
                for i in range(counts[d])
            ]
        )
    )
    index = st.integers(0, 3)
    pair = st.tuples(index, index).map(
        lambda p: SentencePair(p[0], p[1], "verbatim", 100, 100, 100)
    )
    # Half the alignments join a document to its parent or a sibling: the ones that count.
    related = [*parents.items()]
    related += [(d, o) for d in parents for o in parents if d != o and parents[d] == parents[o]]
    ends = st.sampled_from([*documents, *latent])
    alignments = []
    for _ in range(draw(st.integers(0, 14))):
        if related and draw(st.booleans()):
            a, b = draw(st.sampled_from(related))
        else:
            a, b = draw(ends), draw(ends)
        if draw(st.booleans()):
            a, b = b, a
        alignments.append(Alignment(a, b, draw(st.lists(pair, max_size=6))))
    sources = [Source("media0", "Media", "media"), Source("person0", "Person", "person")]
    citation = st.builds(
        lambda document, sentence, source, pattern, start: Citation(
            document, sentence, source, source, "said", pattern, start, start + 4
        ),
        st.sampled_from(documents),
        index,
        st.sampled_from(["media0", "media0", "person0", "unknown"]),
        st.sampled_from(["said", "reported", "dateline"]),
        st.integers(0, 30),
    )
    citations = draw(st.lists(citation, max_size=12))
    return tree, sentences, alignments, citations, sources


def _hand_made(
    parents: dict[str, str], aligned: list[tuple[str, str, list[tuple[int, int]]]]
) -> OriginInputs:
    """Documents ``d0``–``d7`` of three sentences each under ``parents``; ``d0``'s sentence 1
    is attributed to a medium."""
    documents = [f"d{i}" for i in range(8)]
    nodes = [Node(d, "document", d) for d in documents]
    nodes += [Node(n, "latent", n) for n in ("latent0", "latent1")]
    tree = DerivationTree(
        tuple(nodes),
        (),
        tuple(sorted(parents.items())),
        tuple(n.id for n in nodes if n.id not in parents),
    )
    sentences = [Sentence(d, i, 10 * i, 10 * i + 5, "words") for d in documents for i in range(3)]
    alignments = [
        Alignment(a, b, [SentencePair(ai, bi, "verbatim", 100, 100, 100) for ai, bi in pairs])
        for a, b, pairs in aligned
    ]
    citations = [Citation("d0", 1, "media0", "Media", "Media reported", "reported", 0, 14)]
    return tree, sentences, alignments, citations, [Source("media0", "Media", "media")]


def test_sentence_origins_follow_parents_and_latent_siblings() -> None:
    inputs = _hand_made(
        {"d1": "d0", "d2": "latent0", "d3": "latent0", "d4": "d2", "d5": "latent1"}
        | {"d6": "d7", "d7": "d6"},
        [
            ("d1", "d2", [(0, 0)]),  # neither's parent nor sibling: changes nothing
            ("d0", "d1", [(2, 0), (1, 0)]),  # the first pair wins: d0's 2, not its cited 1
            ("d2", "d3", [(1, 0)]),  # siblings under latent0
            ("d4", "d2", [(0, 1)]),  # d4 takes d2's sentence 1, which latent0 gave it
            ("d5", "d5", [(0, 1)]),  # an alignment of a document with itself
            ("d6", "d7", [(0, 0)]),  # a cycle of parents through shared sentences
        ],
    )
    origins = sentence_origins(*inputs)
    assert list(origins.items()) == list(_origins_over_every_alignment(*inputs).items())
    expected = {("d1", 0): "d0", ("d2", 1): "latent0", ("d3", 0): "latent0"}
    expected |= {("d4", 0): "latent0", ("d5", 0): "latent1", ("d5", 1): "latent1"}
    # Round the cycle the walk from d6 stops at d6's own sentence: both get d6.
    expected |= {("d6", 0): "d6", ("d7", 0): "d6", ("d0", 1): "media0", ("d2", 0): None}
    assert {key: origins[key] for key in expected} == expected


@given(inputs=origin_inputs())
def test_sentence_origins_read_only_the_alignments_that_matter(inputs: OriginInputs) -> None:
    origins = sentence_origins(*inputs)
    assert list(origins.items()) == list(_origins_over_every_alignment(*inputs).items())


@given(corpus=derived_corpora())
def test_sentence_origins_of_a_trace_are_the_plain_algorithm(
    corpus: list[tuple[str, str]],
) -> None:
    result = trace_documents([document_from_text(text, id) for id, text in corpus])
    inputs = (result.tree, result.sentences, result.alignments, result.citations, result.sources)
    origins = sentence_origins(*inputs)
    assert list(origins.items()) == list(_origins_over_every_alignment(*inputs).items())
