"""The derivation tree: worked examples, then properties of generated corpora.

Corpora come from ``strategies.derived_corpora``: an original article and
copies of it (and of each other) with sentences dropped, edited, split, merged
and added, parsed with ``document_from_text`` and traced whole.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import example, given
from hypothesis import strategies as st
from strategies import derived_corpora, noisy_articles

from provenance import (
    DerivationTree,
    Document,
    Edge,
    Node,
    ProvenanceError,
    document_from_text,
    select_tree,
    trace_documents,
)

WSJ = "source:wall-street-journal"


def _documents(corpus: list[tuple[str, str]]) -> list[Document]:
    return [document_from_text(text, id) for id, text in corpus]


def _edges_between(tree: DerivationTree, first: str, second: str) -> list[Edge]:
    return [e for e in tree.edges if {e.parent, e.child} == {first, second}]


def _assert_well_formed(tree: DerivationTree) -> None:
    """One primary parent at most, no cycle, every node under a root, all ids known."""
    ids = [n.id for n in tree.nodes]
    assert len(ids) == len(set(ids))
    children = [child for child, _ in tree.parent]
    assert len(children) == len(set(children)), "a node has two primary parents"
    assert list(tree.parent) == sorted(tree.parent)
    parents = dict(tree.parent)
    assert set(parents) | set(parents.values()) <= set(ids)
    assert set(tree.roots) == set(ids) - set(parents)
    assert list(tree.roots) == sorted(tree.roots)
    for start in ids:
        seen = {start}
        walk = start
        while walk in parents:  # climbs to a root unless there is a cycle
            walk = parents[walk]
            assert walk not in seen, f"cycle through {walk}"
            seen.add(walk)
        assert walk in tree.roots
    edges = {(e.parent, e.child) for e in tree.edges}
    assert set(tree.parent) <= {(child, parent) for parent, child in edges}
    for edge in tree.edges:
        assert {edge.parent, edge.child} <= set(ids)
        assert edge.parent != edge.child
        assert 0.0 <= edge.confidence <= 1.0
    for start in ids:
        assert tree.parent_of(start) == parents.get(start)
        assert all(parents[child] == start for child in tree.children_of(start))


# ---------------------------------------------------------------------------
# Examples

BORDER = (
    "Taliban fighters took control of the border crossing at Torkham on Monday morning. "
    "Traders said hundreds of trucks were stranded on both sides of the frontier.\n\n"
    "The crossing is the main trade route between Afghanistan and Pakistan. "
    "Local officials said the gate would reopen once talks with the new authorities ended."
)
BORDER_ADDITIONS = (
    "Prices of flour and cooking oil rose sharply in the markets of Jalalabad. "
    "Residents said they feared shortages before the winter."
)
BRIDGE = (
    "A new bridge over the Kabul river was opened to traffic in the capital on Sunday. "
    "Engineers said the work had taken more than three years and cost millions of dollars."
)


def test_a_dated_verbatim_copy_with_additions_is_a_copy_of_the_earlier_article() -> None:
    a = document_from_text("01 November 2021\n\n" + BORDER, "a")
    b = document_from_text("03 November 2021\n\n" + BORDER + "\n\n" + BORDER_ADDITIONS, "b")
    c = document_from_text("02 November 2021\n\n" + BRIDGE, "c")
    assert (a.published, b.published) == (dt.date(2021, 11, 1), dt.date(2021, 11, 3))
    tree = trace_documents([c, b, a]).tree

    (edge,) = _edges_between(tree, "a", "b")
    assert (edge.parent, edge.child, edge.relation) == ("a", "b", "copy")
    assert [(x.parent_sentence, x.child_sentence, x.kind) for x in edge.evidence.aligned] == [
        (0, 0, "verbatim"),
        (1, 1, "verbatim"),
        (2, 2, "verbatim"),
        (3, 3, "verbatim"),
    ]
    assert tree.parent_of("b") == "a"
    assert tree.parent_of("a") is None
    assert not [e for e in tree.edges if "c" in (e.parent, e.child)]
    assert tree.roots == ("a", "c")


WSJ_X = """Taliban recruit former soldiers

Taliban commanders have started to recruit former soldiers of the Afghan army who were trained \
by the United States, the Wall Street Journal reported.
"We are hunted like animals and nobody pays us," one former officer told the Wall Street Journal.
The fighters are offered a salary and protection for their families, the newspaper said.
In Kabul, the new government announced a plan to rebuild the national bank."""
WSJ_Y = """Ex-soldiers join the Taliban

Former soldiers of the Afghan army who were trained by the United States are being recruited by \
Taliban commanders, the Wall Street Journal reported.
"We are hunted like animals and nobody pays us," a former intelligence officer said, according \
to the Wall Street Journal.
Each recruit gets protection for his family and a monthly salary, according to the Journal.
Floods in the northern province of Kunduz destroyed dozens of houses last week."""


def test_articles_sharing_only_quotes_of_one_outlet_are_not_copies() -> None:
    result = trace_documents([document_from_text(WSJ_X, "x"), document_from_text(WSJ_Y, "y")])
    # They do share text: a paraphrase and a quotation, both attributed to the WSJ...
    alignment = result.alignment("x", "y")
    assert alignment is not None
    assert {p.kind for p in alignment.pairs} == {"paraphrase", "near"}
    # ...which makes them siblings under the WSJ, not one the copy of the other.
    assert _edges_between(result.tree, "x", "y") == []
    assert not [e for e in result.tree.edges if e.relation != "cites"]
    assert result.tree.parent_of("x") == result.tree.parent_of("y") == WSJ


def test_select_tree_resolves_a_cycle_to_the_maximum_arborescence() -> None:
    nodes = [Node(i, "document", i) for i in ("A", "B", "R")]
    edges = [
        Edge("A", "B", "copy", 0.9),
        Edge("B", "A", "copy", 0.8),
        Edge("R", "A", "copy", 0.5),
    ]
    # Each node's best parent makes the cycle A -> B -> A; of the trees, R -> A -> B
    # weighs 1.4, against 0.9 for A -> B alone and 0.8 for B -> A alone.
    parent, roots = select_tree(nodes, edges)
    assert parent == (("A", "R"), ("B", "A"))
    assert roots == ("R",)
    assert select_tree(nodes, list(reversed(edges))) == (parent, roots)


def test_select_tree_takes_each_best_parent_when_there_is_no_cycle() -> None:
    nodes = [Node(i, "document", i) for i in ("A", "B", "C")]
    edges = [
        Edge("A", "B", "copy", 0.6),
        Edge("C", "B", "cites", 0.6),  # a tie: copy before cites
        Edge("A", "C", "common-source", 0.3),
        Edge("B", "C", "copy", 0.7),
    ]
    assert select_tree(nodes, edges) == ((("B", "A"), ("C", "B")), ("A",))


# ---------------------------------------------------------------------------
# Properties


@given(corpus=derived_corpora())
def test_the_tree_is_a_well_formed_forest(corpus: list[tuple[str, str]]) -> None:
    result = trace_documents(_documents(corpus))
    _assert_well_formed(result.tree)
    documents = {n.id for n in result.tree.nodes if n.kind == "document"}
    assert documents == {id for id, _ in corpus}


@given(corpus=derived_corpora())
def test_edge_evidence_is_made_of_aligned_sentence_pairs(corpus: list[tuple[str, str]]) -> None:
    result = trace_documents(_documents(corpus))
    for edge in result.tree.edges:
        for item in edge.evidence.aligned:
            # Seen from the parent (copy) or from the sibling that stands for it (latent).
            first, second = sorted((item.parent_document, edge.child))
            alignment = result.alignment(first, second)
            assert alignment is not None
            key = (item.parent_sentence, item.child_sentence)
            if first != item.parent_document:
                key = key[::-1]
            matches = [p for p in alignment.pairs if (p.a_index, p.b_index) == key]
            assert (item.kind, item.score) in {(p.kind, p.score) for p in matches}
        if edge.relation == "copy":
            assert {item.parent_document for item in edge.evidence.aligned} == {edge.parent}


@given(corpus=derived_corpora(), data=st.data())
def test_the_trace_does_not_depend_on_input_order(
    corpus: list[tuple[str, str]], data: st.DataObject
) -> None:
    documents = _documents(corpus)
    shuffled = data.draw(st.permutations(documents))
    assert trace_documents(shuffled) == trace_documents(documents)


@given(corpus=derived_corpora())
def test_select_tree_replays_the_tree_from_its_edges(corpus: list[tuple[str, str]]) -> None:
    tree = trace_documents(_documents(corpus)).tree
    assert select_tree(tree.nodes, tree.edges) == (tree.parent, tree.roots)


@given(texts=st.lists(st.text(), max_size=5))
# "ſ" (long s) matches "s" case-insensitively: the month lookup raised KeyError.
@example(texts=["2 ſep 2021", ""])
def test_arbitrary_text_never_crashes_the_pipeline(texts: list[str]) -> None:
    documents = [document_from_text(text, f"d{i}") for i, text in enumerate(texts)]
    try:
        result = trace_documents(documents)
    except ProvenanceError:
        assert len(documents) < 2  # the only error these inputs call for
        return
    _assert_well_formed(result.tree)


@given(corpus=derived_corpora(dated=True))
def test_a_copy_is_never_dated_before_its_parent(corpus: list[tuple[str, str]]) -> None:
    result = trace_documents(_documents(corpus))
    published = {d.id: d.published for d in result.documents}
    assert None not in published.values()  # every generated article carries a date
    for edge in result.tree.edges:
        if edge.relation == "copy":
            parent, child = published[edge.parent], published[edge.child]
            assert parent is not None
            assert child is not None
            assert parent <= child
    _assert_well_formed(result.tree)


@given(texts=st.lists(noisy_articles(), min_size=2, max_size=5))
def test_article_shaped_noise_never_crashes_the_pipeline(texts: list[str]) -> None:
    result = trace_documents([document_from_text(text, f"d{i}") for i, text in enumerate(texts)])
    _assert_well_formed(result.tree)


@given(corpus=derived_corpora())
def test_no_two_articles_copy_each_other(corpus: list[tuple[str, str]]) -> None:
    result = trace_documents(_documents(corpus))
    copies = {(e.parent, e.child) for e in result.tree.edges if e.relation == "copy"}
    assert not {(c, p) for p, c in copies} & copies
