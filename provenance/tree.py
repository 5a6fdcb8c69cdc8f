"""The tree in the graph: primary parents, and where each sentence came from.

Pure functions over the derivation graph that :mod:`provenance.derive` builds.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from provenance.model import Alignment, Citation, DerivationTree, Edge, Node, Sentence, Source

__all__ = ["select_tree", "sentence_origins"]

ROOT = "__root__"
TOP_INCOMING = 8
SentenceKey = tuple[str, int]


def select_tree(
    nodes: Sequence[Node], edges: Sequence[Edge]
) -> tuple[tuple[tuple[str, str], ...], tuple[str, ...]]:
    """Each node's primary parent: the maximum spanning arborescence of the graph.

    Every node may also be a root (an edge of weight 0 from a virtual root), so
    the result is a forest. Each node's best incoming edge (ties: higher
    confidence, then relation ``copy`` < ``common-source`` < ``cites``, then
    parent id) is optimal when it makes no cycle; otherwise Edmonds' algorithm
    (networkx) decides.

    Returns
    -------
    (parent, roots)
        Sorted ``(child, parent)`` pairs and the sorted ids of the roots.
    """
    order = {"copy": 0, "common-source": 1, "cites": 2}
    best: dict[str, Edge] = {}
    for e in sorted(edges, key=lambda e: (e.child, -e.confidence, order[e.relation], e.parent)):
        best.setdefault(e.child, e)
    parent = {child: e.parent for child, e in best.items()}
    if _has_cycle(parent):
        parent = _edmonds(nodes, edges)
    ids = sorted(n.id for n in nodes)
    return (
        tuple(sorted((c, p) for c, p in parent.items())),
        tuple(i for i in ids if i not in parent),
    )


def _has_cycle(parent: Mapping[str, str]) -> bool:
    for start in parent:
        seen = {start}
        node = parent.get(start)
        while node is not None:
            if node in seen:
                return True
            seen.add(node)
            node = parent.get(node)
    return False


def _edmonds(nodes: Sequence[Node], edges: Sequence[Edge]) -> dict[str, str]:
    import networkx as nx  # only needed when the greedy choice has a cycle

    graph: nx.DiGraph[str] = nx.DiGraph()
    graph.add_nodes_from([ROOT, *sorted(n.id for n in nodes)])
    for n in sorted(n.id for n in nodes):
        graph.add_edge(ROOT, n, weight=0.0)
    # Each node's few strongest incoming edges keep the optimum in practice and
    # keep networkx's Edmonds fast (docs/method.md).
    incoming: dict[str, dict[str, float]] = defaultdict(dict)
    for e in edges:
        incoming[e.child][e.parent] = max(e.confidence, incoming[e.child].get(e.parent, 0.0))
    for child in sorted(incoming):
        strongest = sorted(incoming[child].items(), key=lambda pw: (-pw[1], pw[0]))[:TOP_INCOMING]
        for parent, weight in sorted(strongest):
            graph.add_edge(parent, child, weight=weight)
    tree = nx.maximum_spanning_arborescence(graph, attr="weight", preserve_attrs=True)
    return {child: p for p, child in tree.edges() if p != ROOT}


def sentence_origins(
    tree: DerivationTree,
    sentences: Sequence[Sentence],
    alignments: Sequence[Alignment],
    citations: Sequence[Citation],
    sources: Sequence[Source],
) -> dict[SentenceKey, str | None]:
    """Where each sentence came from: the furthest ancestor along the primary tree
    that carries it (a document, or an unseen source shared with a sibling), else
    the named source it is attributed to, else None (the document's own text).
    """
    partners: dict[SentenceKey, dict[str, int]] = defaultdict(dict)
    for al in alignments:
        for p in al.pairs:
            partners[(al.b, p.b_index)].setdefault(al.a, p.a_index)
            partners[(al.a, p.a_index)].setdefault(al.b, p.b_index)
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
        # Iterative walk up the tree: a chain of copies may be thousands deep.
        climbed: list[tuple[SentenceKey, str]] = []
        found: str | None = None
        while key not in memo:
            memo[key] = None  # guards against cycles through shared sentences
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
