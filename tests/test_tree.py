"""The maximum arborescence under the primary tree, checked against brute force.

:func:`provenance.tree.max_arborescence` is Tarjan's form of Chu–Liu/Edmonds
(heaps and a union-find that rolls back); here every small graph's answer is
compared with the best of all parent choices, enumerated.
"""

from __future__ import annotations

import itertools
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from provenance import Edge, Node, select_tree
from provenance.tree import max_arborescence

Arc = tuple[int, int, float]


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
