"""select_tree and max_arborescence, checked against the plain algorithm they replaced.

:func:`provenance.tree.select_tree` ranks the edges with numpy, and
:func:`provenance.tree.max_arborescence` builds a node's heap only when a cycle
through it is contracted, melds without recursion, and pops an arc from inside
a contracted node without contracting a cycle of one. None of this may change a
choice, ties included: floating-point reduced costs decide near-ties, so the
heaps must be shaped, and added to, exactly as before. Here both are compared
with a verbatim copy of the code before the change (``plain_*``, at the end).
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from provenance import Edge, Node, select_tree
from provenance.model import NODE_KINDS, RELATIONS
from provenance.tree import TOP_INCOMING, max_arborescence

Arc = tuple[int, int, float]
Graph = tuple[list[Node], list[Edge]]

# Ids that sort apart from their order of appearance ("B" < "a", "a10" < "a2").
NAMES = ("d", "a", "c", "b", "B", "a10", "a2", "a1", "e", "f", "g", "h", "z")
# Few values make ties; 0.1 + 0.2 != 0.3, so reduced costs also tie only nearly.
CONFIDENCES = (0.0, 0.1, 0.2, 0.3, 0.5, 0.5, 0.7, 0.9, 1.0)


@st.composite
def tied_graphs(draw: st.DrawFn, *, max_nodes: int = 10, max_edges: int = 60) -> Graph:
    """Nodes in any order; edges with repeated confidences, cycles, self-loops,
    duplicates, every relation, and ends that are no node."""
    ids = draw(st.lists(st.sampled_from(NAMES), max_size=max_nodes, unique=True))
    nodes = [Node(i, draw(st.sampled_from(NODE_KINDS)), i) for i in ids]
    end = st.sampled_from([*ids, "unknown"])
    edge = st.builds(Edge, end, end, st.sampled_from(RELATIONS), st.sampled_from(CONFIDENCES))
    return nodes, draw(st.lists(edge, max_size=max_edges))


@st.composite
def arc_lists(draw: st.DrawFn) -> tuple[int, list[Arc]]:
    """Arcs listed best first into each node (as select_tree lists them) or in any
    order, odd weights (NaN, infinity, -0.0, negative), and some root arcs missing."""
    size = draw(st.integers(1, 9))
    node = st.integers(0, size - 1)
    weight = st.sampled_from(CONFIDENCES) | st.sampled_from([math.nan, math.inf, -0.0, -0.5])
    arcs = draw(st.lists(st.tuples(node, node, weight), max_size=40))
    if draw(st.booleans()):
        arcs.sort(key=lambda a: (a[1], -a[2]))
    rooted = draw(st.lists(st.booleans() | st.just(True), min_size=size, max_size=size))
    return size, arcs + [(0, v, 0.0) for v in range(1, size) if rooted[v]]


def _outcome(function: Callable[..., Any], *args: Any) -> Any:
    """What a call returns, or the message of the ValueError it raises."""
    try:
        return function(*args)
    except ValueError as error:
        return f"ValueError: {error}"


@given(graph=tied_graphs())
def test_select_tree_chooses_as_the_plain_algorithm(graph: Graph) -> None:
    nodes, edges = graph
    assert select_tree(nodes, edges) == plain_select_tree(nodes, edges)


@given(graph=tied_graphs(max_nodes=13, max_edges=250))
def test_select_tree_keeps_the_same_few_edges_of_a_crowded_node(graph: Graph) -> None:
    # Some child has more than TOP_INCOMING incoming edges, most of them tied.
    nodes, edges = graph
    assert select_tree(nodes, edges) == plain_select_tree(nodes, edges)


@given(graph=arc_lists())
def test_max_arborescence_chooses_as_the_plain_algorithm(graph: tuple[int, list[Arc]]) -> None:
    size, arcs = graph
    assert _outcome(max_arborescence, size, arcs) == _outcome(plain_max_arborescence, size, arcs)


def test_a_contracted_cycle_changes_the_parent_of_a_node_outside_it() -> None:
    nodes = [Node(i, "document", i) for i in ("A", "B", "T")]
    edges = [
        Edge("A", "B", "copy", 0.9),  # B's best parent
        Edge("B", "A", "copy", 0.8),  # A's best parent: the cycle A -> B -> A
        Edge("T", "A", "copy", 0.7),
        Edge("A", "T", "copy", 0.5),  # T's best parent: T is in no cycle of best parents
    ]
    # T -> A -> B weighs 1.6, against 1.4 for A -> B with A -> T: the contracted
    # cycle is entered from T, and T, its best parent refused, becomes a root.
    expected = ((("A", "T"), ("B", "A")), ("T",))
    assert select_tree(nodes, edges) == plain_select_tree(nodes, edges) == expected


def test_a_near_tie_is_broken_as_before() -> None:
    # Two trees weigh 3.1: x1 -> x0 -> x4 -> x3 -> x5 and x3 -> x5 -> x1 -> x0 -> x4.
    # Reduced costs that tie in exact arithmetic differ in their last bits (as
    # 0.8 - 0.7 != 0.3 - 0.2), and how they round depends on the shape of the heaps:
    # built another way (the rest of a node's arcs heaped anew), they choose the
    # second tree. Found by a random search.
    nodes = [Node(i, "document", i) for i in ("x0", "x1", "x3", "x4", "x5")]
    edges = [
        Edge("x0", "x4", "common-source", 0.8),
        Edge("x3", "x5", "cites", 0.8),
        Edge("x4", "x3", "cites", 0.7),
        Edge("x5", "x1", "cites", 0.7),
        Edge("x5", "x3", "cites", 0.8),
        Edge("x1", "x0", "copy", 0.8),
        Edge("x3", "x4", "common-source", 0.2),
        Edge("x1", "x4", "cites", 0.2),
        Edge("x0", "x4", "common-source", 0.6),
        Edge("x3", "x1", "cites", 0.6),
        Edge("x5", "x4", "copy", 0.2),
    ]
    expected = ((("x0", "x1"), ("x3", "x4"), ("x4", "x0"), ("x5", "x3")), ("x1",))
    assert select_tree(nodes, edges) == plain_select_tree(nodes, edges) == expected


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_select_tree_chooses_as_the_plain_algorithm_on_thousands_of_nested_cycles(
    seed: int,
) -> None:
    # Mutual copies and chains into them, with few confidences (ties): some 550
    # cycles, contracted within one another into a node of about 1,400.
    rng = random.Random(seed)
    ids = [f"n{i}" for i in range(2000)]
    edges = []
    for child in ids:
        for _ in range(rng.randrange(1, 2 * TOP_INCOMING)):
            parent = rng.choice(ids)
            relation, confidence = rng.choice(RELATIONS), rng.choice(CONFIDENCES)
            edges.append(Edge(parent, child, relation, confidence))
            if rng.random() < 0.3:
                edges.append(Edge(child, parent, relation, rng.choice(CONFIDENCES)))
    nodes = [Node(i, "document", i) for i in ids]
    assert select_tree(nodes, edges) == plain_select_tree(nodes, edges)


def test_select_tree_refuses_repeated_ids_as_the_plain_algorithm() -> None:
    nodes = [Node(i, "document", i) for i in ("a", "b", "a")]
    edges = [Edge("a", "b", "copy", 0.5)]
    message = _outcome(plain_select_tree, nodes, edges)
    assert message == "ValueError: node 1 cannot be reached from the root"
    assert _outcome(select_tree, nodes, edges) == message


def test_select_tree_of_nothing_is_empty() -> None:
    assert select_tree([], []) == plain_select_tree([], []) == ((), ())


# ---------------------------------------------------------------------------
# The plain algorithm: provenance/tree.py's select_tree and max_arborescence as they
# were before they were made faster, copied verbatim but for the names.


def plain_select_tree(
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
    chosen = plain_max_arborescence(len(ids) + 1, arcs)
    parent = {ids[v - 1]: ids[u - 1] for u, v, _ in (arcs[k] for k in chosen) if u != 0}
    return (
        tuple(sorted(parent.items())),
        tuple(i for i in ids if i not in parent),
    )


def plain_max_arborescence(size: int, arcs: Sequence[tuple[int, int, float]]) -> list[int]:
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
    heaps: list[_PlainHeap | None] = [None] * size
    for index, (u, v, w) in enumerate(arcs):
        if u != v and v != 0:  # minimise the negated weight
            heaps[v] = _plain_merge(heaps[v], [-w, index, None, None, 0.0, 1])
    sets = _PlainRollbackSets(size)
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
            _plain_settle(heap)
            cost, index = heap[0], heap[1]
            rest = _plain_merge(heap[2], heap[3])
            if rest is not None:
                rest[4] -= cost  # the other arcs now pay only what they add over this one
            heaps[node] = rest
            taken.append(index)
            path.append(node)
            seen[node] = start
            node = sets.find(arcs[index][0])
            if seen[node] == start:  # a cycle: contract it into one node
                merged: _PlainHeap | None = None
                end, time = len(taken), sets.time()
                while True:
                    member = path.pop()
                    merged = _plain_merge(merged, heaps[member])
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
_PlainHeap = list[Any]


def _plain_settle(heap: _PlainHeap) -> None:
    """Apply a node's pending add to its own cost and hand it to its children."""
    if heap[4]:
        heap[0] += heap[4]
        for child in (heap[2], heap[3]):
            if child is not None:
                child[4] += heap[4]
        heap[4] = 0.0


def _plain_merge(a: _PlainHeap | None, b: _PlainHeap | None) -> _PlainHeap | None:
    if a is None:
        return b
    if b is None:
        return a
    _plain_settle(a)
    _plain_settle(b)
    if (b[0], b[1]) < (a[0], a[1]):
        a, b = b, a
    a[3] = _plain_merge(a[3], b)  # right spines are O(log n) long, so the recursion is shallow
    if a[2] is None or a[2][5] < a[3][5]:
        a[2], a[3] = a[3], a[2]
    a[5] = (a[3][5] if a[3] is not None else 0) + 1
    return a


class _PlainRollbackSets:
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
