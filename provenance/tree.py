"""The tree in the graph: primary parents, and where each sentence came from.

Pure functions over the derivation graph that :mod:`provenance.derive` builds.
"""

from __future__ import annotations

import functools
import itertools
import operator
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import Any

import numpy as np

from provenance.model import Alignment, Citation, DerivationTree, Edge, Node, Sentence, Source

__all__ = ["max_arborescence", "select_tree", "sentence_origins"]

TOP_INCOMING = 8
SentenceKey = tuple[str, int]
Arc = tuple[int, int, float]  # (parent, child, weight)
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
    ids = sorted(n.id for n in nodes)
    number = {node_id: i + 1 for i, node_id in enumerate(ids)}  # 0 is the virtual root
    arcs = _ranked_arcs(edges, number)
    arcs += [(0, number[i], 0.0) for i in ids]
    chosen = max_arborescence(len(ids) + 1, arcs)
    parent = {ids[v - 1]: ids[u - 1] for u, v, _ in (arcs[k] for k in chosen) if u != 0}
    return (
        tuple(sorted(parent.items())),
        tuple(i for i in ids if i not in parent),
    )


_RELATION_RANK = {"copy": 0, "common-source": 1, "cites": 2}
_PARENT = operator.attrgetter("parent")
_CHILD = operator.attrgetter("child")
_RELATION = operator.attrgetter("relation")
_CONFIDENCE = operator.attrgetter("confidence")


def _ranked_arcs(edges: Sequence[Edge], number: Mapping[str, int]) -> list[Arc]:
    """Each child's ``TOP_INCOMING`` best edges between numbered nodes, as arcs sorted by
    child and then by preference (higher confidence, relation, parent; input order last).

    ``number`` must be increasing in the id, so that numbers sort as the ids do.
    """
    count, rest = len(edges), itertools.repeat(0)  # 0: not a node
    u = np.fromiter(map(number.get, map(_PARENT, edges), rest), np.int64, count)
    v = np.fromiter(map(number.get, map(_CHILD, edges), rest), np.int64, count)
    relation = np.fromiter(map(_RELATION_RANK.__getitem__, map(_RELATION, edges)), np.int64, count)
    w = np.fromiter(map(_CONFIDENCE, edges), np.float64, count)
    order = np.flatnonzero((u > 0) & (v > 0) & (u != v))
    if not len(order):
        return []
    # Two stable sorts on integer keys, the minor key first: (relation, parent), then
    # (child, -confidence). Dense ranks of -confidence keep its ties (0.0 == -0.0).
    parents = int(u.max()) + 1
    order = order[np.argsort(relation[order] * parents + u[order], kind="stable")]
    descending = np.unique(-w[order], return_inverse=True)[1].reshape(-1)
    order = order[np.argsort(v[order] * (int(descending.max()) + 1) + descending, kind="stable")]
    child = v[order]
    place = np.arange(len(order))
    group_start = np.maximum.accumulate(np.where(np.r_[True, child[1:] != child[:-1]], place, 0))
    # Each node's few strongest incoming edges keep the optimum in practice and
    # bound the work (docs/method.md); the rest cannot be a primary parent.
    kept = order[place - group_start < TOP_INCOMING]
    return list(zip(u[kept].tolist(), v[kept].tolist(), w[kept].tolist(), strict=True))


def max_arborescence(size: int, arcs: Sequence[Arc]) -> list[int]:
    """Chu–Liu/Edmonds in Tarjan's form: the maximum-weight arborescence rooted at 0.

    ``arcs`` are ``(parent, child, weight)`` over nodes ``0..size-1``, listed in
    order of preference (an earlier arc wins a tie); every node must be
    reachable from 0. Returns the sorted indices of the chosen arcs, one into
    each node but 0. Mergeable heaps of incoming arcs and a union-find that can
    roll back make it O(E log E): networkx's version took minutes and
    gigabytes on a few thousand nodes (../shared/MEASURED.md). A node whose
    arcs are listed best first takes its first arc without a heap, and builds
    the heap of the rest only if a cycle through it is contracted.

    Raises
    ------
    ValueError
        When some node cannot be reached from node 0.
    """
    incoming: list[list[int]] = [[] for _ in range(size)]
    for index, (u, v, _) in enumerate(arcs):
        if u != v and v != 0:
            incoming[v].append(index)
    heaps: list[_Heap | None] = [None] * size
    # 0: the first arc is the best and not yet taken, 1: taken and the rest not yet in
    # heaps[node], 2: heaps[node] holds what is left.
    state = [2] * size
    for node, into in enumerate(incoming):
        if _best_first(arcs, into):
            state[node] = 0
        else:
            heaps[node] = _heap_of(arcs, into)
    sets = _RollbackSets(size)
    seen = [-1] * size
    seen[0] = 0
    chosen = [-1] * size  # the chosen arc into each node (or contracted node)
    cycles: list[tuple[int, int, list[int]]] = []
    for start in range(size):
        node, path, taken = start, [], []
        while seen[node] < 0:
            if state[node] == 0:
                index = incoming[node][0]
                state[node] = 1
            else:
                if state[node] == 1:  # its first arc was a loop in disguise (parent -1 is size - 1)
                    heaps[node], state[node] = _without_best(arcs, incoming[node]), 2
                heap = heaps[node]
                if heap is None:
                    raise ValueError(f"node {node} cannot be reached from the root")
                index, heaps[node] = _pop(heap)
            source = sets.find(arcs[index][0])
            # An arc from inside the contracted node: Tarjan's cycle of one, which
            # would be contracted and expanded again to no effect. Its pop was all.
            if source == node:
                continue
            taken.append(index)
            path.append(node)
            seen[node] = start
            node = source
            if seen[node] == start:  # a cycle: contract it into one node
                merged: _Heap | None = None
                end, time = len(taken), sets.time()
                while True:
                    member = path.pop()
                    if state[member] == 1:
                        heaps[member], state[member] = _without_best(arcs, incoming[member]), 2
                    merged = _merge(merged, heaps[member])
                    if not sets.join(node, member):
                        break
                cycle = taken[len(path) : end]
                del taken[len(path) :]
                node = sets.find(node)
                heaps[node] = merged
                state[node] = 2
                seen[node] = -1
                cycles.append((node, time, cycle))
        for node, index in zip(path, taken, strict=True):  # each arc into its path node
            chosen[node] = index
    for node, time, cycle in reversed(cycles):  # expand the cycles, last first
        sets.rollback(time)
        entering = chosen[node]
        for index in cycle:
            chosen[sets.find(arcs[index][1])] = index
        chosen[sets.find(arcs[entering][1])] = entering
    return sorted(chosen[1:])


# A leftist heap node: [cost, arc index, left, right, pending add, rank].
_Heap = list[Any]


def _best_first(arcs: Sequence[Arc], into: Sequence[int]) -> bool:
    """Whether the arcs ``into`` a node are listed from best to worst weight, and not empty."""
    weights = [arcs[index][2] for index in into]
    return bool(weights) and all(map(operator.ge, weights, weights[1:]))


def _heap_of(arcs: Sequence[Arc], into: Sequence[int]) -> _Heap | None:
    """The heap of the arcs ``into`` a node, inserted in their order (its shape depends on it)."""
    heap: _Heap | None = None
    for index in into:  # minimise the negated weight
        heap = _merge(heap, [-arcs[index][2], index, None, None, 0.0, 1])
    return heap


def _without_best(arcs: Sequence[Arc], into: Sequence[int]) -> _Heap | None:
    """What ``_pop(_heap_of(arcs, into))`` leaves of arcs listed best first, built directly."""
    made: list[_Heap | None] = [None] * (len(into) + 1)  # made[-1] stays None: no child
    for position, left, right, rank in _shape_without_best(len(into)):
        index = into[position]
        made[position] = [-arcs[index][2], index, made[left], made[right], 0.0, rank]
    rest = made[1] if len(into) > 1 else None  # the second best is the new top
    if rest is not None:
        rest[4] -= -arcs[into[0]][2]
    return rest


@functools.lru_cache(maxsize=256)  # select_tree asks for counts up to TOP_INCOMING + 1
def _shape_without_best(count: int) -> tuple[tuple[int, int, int, int], ...]:
    """The heap ``_pop(_heap_of(...))`` leaves of ``count`` arcs listed best first.

    Its shape depends on the count alone: every comparison is decided by the
    order of the list. Each node is (position in the list, left child's, right
    child's or -1, rank), children before parents. Taken from a run of the two,
    so it is their very shape.
    """
    heap = _heap_of([(0, 1, float(count - k)) for k in range(count)], range(count))
    rest = _pop(heap)[1] if heap is not None else None
    shape: list[tuple[int, int, int, int]] = []

    def visit(heap: _Heap | None) -> int:
        if heap is None:
            return -1
        left, right = visit(heap[2]), visit(heap[3])
        shape.append((heap[1], left, right, heap[5]))
        return int(heap[1])

    visit(rest)
    return tuple(shape)


def _pop(heap: _Heap) -> tuple[int, _Heap | None]:
    """Take the cheapest arc; the others now pay only what they add over it."""
    _settle(heap)
    cost, index = heap[0], heap[1]
    rest = _merge(heap[2], heap[3])
    if rest is not None:
        rest[4] -= cost
    return index, rest


def _settle(heap: _Heap) -> None:
    """Apply a node's pending add to its own cost and hand it to its children."""
    if heap[4]:
        heap[0] += heap[4]
        for child in (heap[2], heap[3]):
            if child is not None:
                child[4] += heap[4]
        heap[4] = 0.0


def _merge(a: _Heap | None, b: _Heap | None) -> _Heap | None:
    """Meld two leftist heaps: down the right spines, the cheaper top first, then
    back up swapping children so that the left one has the higher rank."""
    if a is None:
        return b
    if b is None:
        return a
    _settle(b)  # b stays settled: the tops that swap into it were settled first
    spine = []
    while True:
        add = a[4]
        if add:  # _settle(a), inlined: this loop is the hottest in the module
            a[0] += add
            if a[2] is not None:
                a[2][4] += add
            if a[3] is not None:
                a[3][4] += add
            a[4] = 0.0
        # (cost, index) order; no two nodes share a cost object, so NaN sorts as a tuple would.
        if b[0] < a[0] or (b[0] == a[0] and b[1] < a[1]):
            a, b = b, a
        spine.append(a)
        right = a[3]
        if right is None:
            break
        a = right
    merged = b  # what the meld below each spine node comes to, its new right child
    for node in reversed(spine):
        left = node[2]
        if left is None:
            node[2], node[3], node[5] = merged, None, 1
        elif left[5] < merged[5]:
            node[2], node[3], node[5] = merged, left, left[5] + 1
        else:
            node[3], node[5] = merged, merged[5] + 1
        merged = node
    return merged


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
