"""SentencePairs as a value: round trips, equality and hashing, compact(), immutability, rows."""

from __future__ import annotations

import attrs
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from provenance.model import (
    PAIR_KINDS,
    PAIR_ROW,
    Alignment,
    SentencePair,
    SentencePairs,
    concatenate_pairs,
)

SCORES = st.floats(min_value=0.0, max_value=100.0)
# Members of split groups come from a small range, so that pairs share groups.
MEMBERS = st.lists(st.integers(0, 12), min_size=2, max_size=3, unique=True).map(
    lambda members: tuple(sorted(members))
)


@st.composite
def sentence_pairs(draw: st.DrawFn) -> SentencePair:
    """A valid SentencePair; each group is (), the sentence alone, or 2-3 sentences."""
    a_index, b_index = draw(st.integers(0, 10_000)), draw(st.integers(0, 10_000))

    def group(index: int) -> tuple[int, ...]:
        return draw(st.one_of(st.just(()), st.just((index,)), MEMBERS))

    return SentencePair(
        a_index,
        b_index,
        draw(st.sampled_from(PAIR_KINDS)),
        draw(SCORES),
        draw(SCORES),
        draw(SCORES),
        group(a_index),
        group(b_index),
    )


PAIR_LISTS = st.lists(sentence_pairs(), max_size=8)


@st.composite
def grouped_rows(draw: st.DrawFn) -> tuple[np.ndarray, tuple[tuple[int, ...], ...]]:
    """PAIR_ROW rows and a groups table that may hold groups no row points to."""
    table = tuple(draw(st.lists(MEMBERS, max_size=5, unique=True)))
    group = st.integers(-2, len(table) - 1)
    count = draw(st.integers(0, 8))
    rows = np.zeros(count, dtype=PAIR_ROW)
    for k in range(count):
        rows[k] = (
            draw(st.integers(0, 10_000)),
            draw(st.integers(0, 10_000)),
            draw(st.integers(0, len(PAIR_KINDS) - 1)),
            draw(SCORES),
            draw(SCORES),
            draw(SCORES),
            draw(group),
            draw(group),
        )
    return rows, table


def materialise(rows: np.ndarray, table: tuple[tuple[int, ...], ...]) -> list[SentencePair]:
    """The pairs the rows stand for: -1 is the sentence alone, -2 no group, else table[g]."""

    def decode(group: int, index: int) -> tuple[int, ...]:
        return (index,) if group == -1 else () if group == -2 else table[group]

    return [
        SentencePair(
            int(r["a_index"]),
            int(r["b_index"]),
            PAIR_KINDS[int(r["kind"])],
            float(r["score"]),
            float(r["ratio"]),
            float(r["token_set"]),
            decode(int(r["a_group"]), int(r["a_index"])),
            decode(int(r["b_group"]), int(r["b_index"])),
        )
        for r in rows
    ]


@given(PAIR_LISTS, st.data())
def test_round_trip(pairs: list[SentencePair], data: st.DataObject) -> None:
    sp = SentencePairs.of(pairs)
    assert tuple(sp) == tuple(pairs)
    assert len(sp) == len(pairs)
    assert [p for p in sp] == pairs  # noqa: C416  # iteration itself is under test
    assert [sp[i] for i in range(len(pairs))] == pairs
    assert [sp[-i] for i in range(1, len(pairs) + 1)] == pairs[::-1]
    assert all(type(p.a_index) is int and type(p.score) is float for p in sp)
    assert sp[1:3] == tuple(pairs)[1:3]
    assert isinstance(sp[1:3], SentencePairs)
    cut = data.draw(st.slices(max(len(pairs), 1)))
    assert tuple(sp[cut]) == tuple(pairs[cut])
    assert sp.a_index.tolist() == [p.a_index for p in pairs]
    assert sp.b_index.tolist() == [p.b_index for p in pairs]
    assert sp.kind.tolist() == [PAIR_KINDS.index(p.kind) for p in pairs]
    assert sp.ratio.tolist() == [p.ratio for p in pairs]
    for bad in (len(pairs), len(pairs) + 3, -len(pairs) - 1):
        with pytest.raises(IndexError):
            sp[bad]
    assert SentencePairs.of(sp) is sp


@given(PAIR_LISTS, sentence_pairs())
def test_equality_and_hash(pairs: list[SentencePair], other: SentencePair) -> None:
    sp = SentencePairs.of(pairs)
    assert sp == tuple(pairs)
    assert tuple(pairs) == sp  # reflected
    assert sp == list(pairs)
    assert list(pairs) == sp
    assert sp == SentencePairs.of(list(pairs))
    assert hash(sp) == hash(SentencePairs.of(tuple(pairs))) == hash(tuple(pairs))
    assert sp != (*pairs, other)
    assert sp != SentencePairs.of([*pairs, other])
    if pairs:
        assert sp != tuple(pairs[:-1])
        changed = attrs.evolve(pairs[0], a_index=pairs[0].a_index + 1)
        assert sp != (changed, *pairs[1:])
        assert sp != SentencePairs.of((changed, *pairs[1:]))
    assert sp != "not pairs"
    assert sp != 3
    from_tuple, from_pairs = Alignment("a", "b", tuple(pairs)), Alignment("a", "b", sp)
    assert from_tuple == from_pairs
    assert hash(from_tuple) == hash(from_pairs)
    assert isinstance(from_tuple.pairs, SentencePairs)
    assert Alignment("a", "b", tuple(pairs)) != Alignment("a", "c", tuple(pairs))


def test_empty_alignment_pairs_equal_the_empty_tuple() -> None:
    pairs = Alignment("a", "b", ()).pairs
    assert isinstance(pairs, SentencePairs)
    assert pairs == ()
    assert () == pairs  # noqa: SIM300  # reflected
    assert pairs == []
    assert len(pairs) == 0
    assert hash(pairs) == hash(())


@given(PAIR_LISTS, st.randoms(use_true_random=False))
def test_the_group_numbering_does_not_change_the_value(pairs: list[SentencePair], rnd) -> None:
    sp = SentencePairs.of(pairs)
    order = list(range(len(sp.groups)))
    rnd.shuffle(order)  # table[order[g]] is the old group g
    table = [()] * len(order)
    for old, new in enumerate(order):
        table[new] = sp.groups[old]
    rows = sp.rows.copy()
    renumber = np.asarray(order, dtype=np.int64)
    for column in ("a_group", "b_group"):
        grouped = rows[column] >= 0
        rows[column][grouped] = renumber[rows[column][grouped]]
    renumbered = SentencePairs(rows, tuple(table))
    assert renumbered == sp
    assert hash(renumbered) == hash(sp)


@given(grouped_rows())
def test_compact_keeps_the_pairs_and_only_the_used_groups(
    rows_table: tuple[np.ndarray, tuple[tuple[int, ...], ...]],
) -> None:
    rows, table = rows_table
    expected = materialise(rows, table)
    before = rows.copy()
    sp = SentencePairs(rows, table)
    assert list(sp) == expected
    compact = sp.compact()
    assert list(compact) == expected
    used = {int(g) for column in ("a_group", "b_group") for g in rows[column] if g >= 0}
    assert sorted(compact.groups) == sorted(table[g] for g in used)
    assert len(compact.groups) == len(used)
    for column in ("a_group", "b_group"):
        assert all(-2 <= g < len(compact.groups) for g in compact.rows[column].tolist())
    assert not compact.rows.flags.writeable
    # sp itself is unchanged
    assert sp.groups == table
    assert (sp.rows == before).all()
    assert list(sp) == expected


def test_compact_of_a_slice_drops_the_groups_of_the_other_pairs() -> None:
    pairs = [
        SentencePair(0, 0, "near", 90.0, 90.0, 95.0, (0, 1), ()),
        SentencePair(1, 0, "near", 85.0, 85.0, 95.0, (0, 1), ()),
        SentencePair(2, 1, "verbatim", 100.0, 100.0, 100.0, (2,), (1, 2)),
        SentencePair(2, 2, "verbatim", 100.0, 100.0, 100.0, (2,), (1, 2)),
    ]
    tail = SentencePairs.of(pairs)[2:]
    assert len(tail.groups) == 2
    assert tail.compact().groups == ((1, 2),)
    assert tail.compact() == pairs[2:]


@given(PAIR_LISTS)
def test_pairs_are_immutable(pairs: list[SentencePair]) -> None:
    sp = SentencePairs.of(pairs)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        sp.rows = np.zeros(0, dtype=PAIR_ROW)  # type: ignore[misc]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        sp.groups = ()  # type: ignore[misc]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        sp.other = 1  # type: ignore[attr-defined]
    assert not sp.rows.flags.writeable
    assert not sp[::2].rows.flags.writeable
    if pairs:
        with pytest.raises(ValueError, match="read-only"):
            sp.rows["a_index"][0] = 7
        with pytest.raises(ValueError, match="read-only"):
            sp.rows[0] = sp.rows[-1]
        with pytest.raises(ValueError, match="read-only"):
            sp.score[:] = 0.0
    assert list(sp) == pairs


@pytest.mark.parametrize(
    "rows",
    [
        np.zeros(3, dtype=np.float64),
        np.zeros((2, 2), dtype=PAIR_ROW),
        np.zeros((), dtype=PAIR_ROW),
        np.zeros(2, dtype=PAIR_ROW.newbyteorder(">")),
        np.zeros(2, dtype=[(name, PAIR_ROW[name]) for name in PAIR_ROW.names[:-1]]),
        np.zeros(2, dtype=np.dtype(PAIR_ROW.descr, align=True)),
    ],
    ids=["float", "2-d", "0-d", "big-endian", "missing-column", "aligned"],
)
def test_the_constructor_rejects_other_rows(rows: np.ndarray) -> None:
    with pytest.raises(ValueError, match="PAIR_ROW"):
        SentencePairs(rows)


@given(st.lists(st.tuples(PAIR_LISTS, st.slices(8)), max_size=4))
def test_concatenate_pairs(parts: list[tuple[list[SentencePair], slice]]) -> None:
    pieces = [SentencePairs.of(pairs)[cut] for pairs, cut in parts]
    joined = concatenate_pairs(pieces)
    assert joined.dtype == PAIR_ROW
    assert joined.ndim == 1
    expected = np.concatenate([p.rows for p in pieces] or [np.zeros(0, dtype=PAIR_ROW)])
    assert len(joined) == len(expected) == sum(len(p) for p in pieces)
    for name in PAIR_ROW.names:
        assert joined[name].tolist() == expected[name].tolist(), name


def test_concatenate_no_pairs() -> None:
    joined = concatenate_pairs([])
    assert joined.dtype == PAIR_ROW
    assert joined.shape == (0,)
