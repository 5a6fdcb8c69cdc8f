"""The tree in the graph: primary parents, and where each sentence came from.

Pure functions over the derivation graph that :mod:`provenance.derive` builds.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import Any

from provenance.model import Alignment, Citation, DerivationTree, Edge, Node, Sentence, Source

__all__ = ["max_arborescence", "select_tree", "sentence_origins"]

TOP_INCOMING = 8
SentenceKey = tuple[str, int]
_NO_PARTNERS: Mapping[str, int] = MappingProxyType({})  # an unaligned sentence's, shared


def select_tree(
    nodes: Sequence[Node], edges: Sequence[Edge]
) -> tuple[tuple[tuple[str, str], ...], tuple[str, ...]]:
    """Each node's primary parent: the maximum spanning arborescence of the graph.

    Every node may also be a root (an edge of weight 0 from a virtual root), so
    the result is a forest. Each node's best incoming edge (ties: higher
    confidence, then relation ``copy`` < ``common-source`` < ``cites``, then
    parent id) is optimal when it makes no cycle; otherwise Chu–Liu/Edmonds
    contracts the cycles and decides (:func:`max_arborescence`).

    Returns
    -------
    (parent, roots)
        Sorted ``(child, parent)`` pairs and the sorted ids of the roots.
    """
    order = {"copy": 0, "common-source": 1, "cites": 2}
    ids = sorted(n.id for n in nodes)
    number = {node_id: i + 1 for i, node_id in enumerate(ids)}  # 0 is the virtual root
    # Each node's few strongest incoming edges keep the optimum in practice and
    # bound the work (docs/method.md); the rest cannot be a primary parent.
    ranked = sorted(
        (e for e in edges if e.parent in number and e.child in number and e.parent != e.child),
        key=lambda e: (e.child, -e.confidence, order[e.relation], e.parent),
    )
    arcs: list[tuple[int, int, float]] = []
    kept: dict[str, int] = defaultdict(int)
    for e in ranked:  # listed in order of preference, so earlier arcs win ties
        if kept[e.child] < TOP_INCOMING:
            kept[e.child] += 1
            arcs.append((number[e.parent], number[e.child], e.confidence))
    arcs += [(0, number[i], 0.0) for i in ids]
    chosen = max_arborescence(len(ids) + 1, arcs)
    parent = {ids[v - 1]: ids[u - 1] for u, v, _ in (arcs[k] for k in chosen) if u != 0}
    return (
        tuple(sorted(parent.items())),
        tuple(i for i in ids if i not in parent),
    )


def max_arborescence(size: int, arcs: Sequence[tuple[int, int, float]]) -> list[int]:
    """Chu–Liu/Edmonds in Tarjan's form: the maximum-weight arborescence rooted at 0.

    ``arcs`` are ``(parent, child, weight)`` over nodes ``0..size-1``, listed in
    order of preference (an earlier arc wins a tie); every node must be
    reachable from 0. Returns the sorted indices of the chosen arcs, one into
    each node but 0. Mergeable heaps of incoming arcs and a union-find that can
    roll back make it O(E log E): networkx's version took minutes and
    gigabytes on a few thousand nodes (../shared/MEASURED.md).

    Raises
    ------
    ValueError
        When some node cannot be reached from node 0.
    """
    heaps: list[_Heap | None] = [None] * size
    for index, (u, v, w) in enumerate(arcs):
        if u != v and v != 0:  # minimise the negated weight
            heaps[v] = _merge(heaps[v], [-w, index, None, None, 0.0, 1])
    sets = _RollbackSets(size)
    seen = [-1] * size
    seen[0] = 0
    into = [-1] * size  # the chosen arc into each node (or contracted node)
    cycles: list[tuple[int, int, list[int]]] = []
    for start in range(size):
        node, path, taken = start, [], []
        while seen[node] < 0:
            heap = heaps[node]
            if heap is None:
                raise ValueError(f"node {node} cannot be reached from the root")
            _settle(heap)
            cost, index = heap[0], heap[1]
            rest = _merge(heap[2], heap[3])
            if rest is not None:
                rest[4] -= cost  # the other arcs now pay only what they add over this one
            heaps[node] = rest
            taken.append(index)
            path.append(node)
            seen[node] = start
            node = sets.find(arcs[index][0])
            if seen[node] == start:  # a cycle: contract it into one node
                merged: _Heap | None = None
                end, time = len(taken), sets.time()
                while True:
                    member = path.pop()
                    merged = _merge(merged, heaps[member])
                    if not sets.join(node, member):
                        break
                cycle = taken[len(path) : end]
                del taken[len(path) :]
                node = sets.find(node)
                heaps[node] = merged
                seen[node] = -1
                cycles.append((node, time, cycle))
        for index in taken:
            into[sets.find(arcs[index][1])] = index
    for node, time, cycle in reversed(cycles):  # expand the cycles, last first
        sets.rollback(time)
        entering = into[node]
        for index in cycle:
            into[sets.find(arcs[index][1])] = index
        into[sets.find(arcs[entering][1])] = entering
    return sorted(into[1:])


# A leftist heap node: [cost, arc index, left, right, pending add, rank].
_Heap = list[Any]


def _settle(heap: _Heap) -> None:
    """Apply a node's pending add to its own cost and hand it to its children."""
    if heap[4]:
        heap[0] += heap[4]
        for child in (heap[2], heap[3]):
            if child is not None:
                child[4] += heap[4]
        heap[4] = 0.0


def _merge(a: _Heap | None, b: _Heap | None) -> _Heap | None:
    if a is None:
        return b
    if b is None:
        return a
    _settle(a)
    _settle(b)
    if (b[0], b[1]) < (a[0], a[1]):
        a, b = b, a
    a[3] = _merge(a[3], b)  # right spines are O(log n) long, so the recursion is shallow
    if a[2] is None or a[2][5] < a[3][5]:
        a[2], a[3] = a[3], a[2]
    a[5] = (a[3][5] if a[3] is not None else 0) + 1
    return a


class _RollbackSets:
    """Union-find without path compression, so that unions can be undone."""

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))
        self.size = [1] * size
        self.history: list[tuple[int, int]] = []

    def find(self, x: int) -> int:
        while self.parent[x] != x:
            x = self.parent[x]
        return x

    def time(self) -> int:
        return len(self.history)

    def join(self, a: int, b: int) -> bool:
        a, b = self.find(a), self.find(b)
        if a == b:
            return False
        if self.size[a] < self.size[b]:
            a, b = b, a
        self.history.append((a, b))
        self.parent[b] = a
        self.size[a] += self.size[b]
        return True

    def rollback(self, time: int) -> None:
        while len(self.history) > time:
            a, b = self.history.pop()
            self.parent[b] = b
            self.size[a] -= self.size[b]


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
    # origin() reads only these alignments; the rest (most of a big corpus) cannot change it.
    partners = _partners(a for a in alignments if _consulted(a.a, a.b, parents, kinds))
    memo: dict[SentenceKey, str | None] = {}

    def origin(key: SentenceKey) -> str | None:
        # Iterative walk up the tree: a chain of copies may be thousands deep.
        climbed: list[tuple[SentenceKey, str]] = []
        found: str | None = None
        while key not in memo:
            memo[key] = None  # guards against cycles through shared sentences
            p = parents.get(key[0])
            aligned = partners.get(key, _NO_PARTNERS)
            if p is not None and kinds.get(p) == "document" and p in aligned:
                climbed.append((key, p))
                key = (p, aligned[p])
                continue
            if p is not None and kinds.get(p) == "latent" and not children[p].isdisjoint(aligned):
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


def _partners(alignments: Iterable[Alignment]) -> dict[SentenceKey, dict[str, int]]:
    """Each sentence's partner in each document it is aligned with: the first pair, in the
    order given, that pairs it with that document."""
    partners: dict[SentenceKey, dict[str, int]] = defaultdict(dict)
    for al in alignments:
        for ai, bi in zip(al.pairs.a_index.tolist(), al.pairs.b_index.tolist(), strict=True):
            partners[(al.b, bi)].setdefault(al.a, ai)
            partners[(al.a, ai)].setdefault(al.b, bi)
    return partners


def _consulted(a: str, b: str, parents: Mapping[str, str], kinds: Mapping[str, str]) -> bool:
    """Whether :func:`sentence_origins` looks at the pairs of documents ``a`` and ``b``: when
    one is the other's primary parent and a document, or both are children of one latent node.

    An entry ``partners[(d, i)][o]`` comes only from alignments of ``d`` with ``o``, and a
    filter keeps their order, so dropping the others leaves every entry it reads as it was.
    """
    pa, pb = parents.get(a), parents.get(b)
    if (pa == b and kinds.get(b) == "document") or (pb == a and kinds.get(a) == "document"):
        return True
    return pa is not None and pa == pb and kinds.get(pa) == "latent"
