"""The candidate index: which word sets share enough words to be worth scoring.

Two sentences are compared only if their content-word sets share at least
``min_shared`` words (:attr:`TraceConfig.min_shared_words`). This module finds
all such pairs of sets without comparing every set with every other, in numpy
arrays (no Python object per word or per posting):

- Every word is ranked by how many sets contain it, rarest first, ties by the
  word itself (so the ranking, like the result, does not depend on input order).
- If two sets share ``t >= 2`` words, the two rarest shared words lie among the
  first ``len - t + 2`` words of each set (rarest first), the rarest of them
  among the first ``len - t + 1``. So each set is indexed under the *pairs* of
  its words at those positions, and two sets sharing ``t`` words always meet
  under one pair. Word pairs are far rarer than words, so far fewer candidates
  are proposed than by the classic prefix filter on single rare words.
- Each candidate is then checked exactly, in bulk, against the sorted postings.

Two caps keep pathological input bounded, each reported as a :class:`Cap`:

- only the first :data:`MAX_PREFIX` words of a set are indexed (a very long
  sentence sharing words only beyond them with another is not found);
- a word pair indexing more than ``max_postings`` sets (boilerplate in many
  variants) is dropped: sets that share only such common pairs are not paired.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from attrs import frozen

__all__ = ["MAX_POSTINGS", "MAX_PREFIX", "Cap", "overlap_join", "unique", "unique_rows"]

Int64Array = npt.NDArray[np.int64]

MAX_PREFIX = 48
MAX_POSTINGS = 5000
# Candidate pairs are checked this many at a time, to bound the arrays of the check.
_CHUNK = 1 << 21


def unique(keys: Int64Array) -> Int64Array:
    """The sorted distinct keys (``np.unique``, by a sort: numpy 2's hash-based unique
    was measured 100 times slower on 3 M random int64 keys)."""
    ordered = np.sort(keys)
    return ordered[np.concatenate(([True], ordered[1:] != ordered[:-1]))] if len(keys) else ordered


def unique_rows(rows: Int64Array) -> tuple[Int64Array, Int64Array]:
    """The distinct rows of a 2-D array, sorted, and the index of each row among them."""
    if not len(rows):
        return rows, np.zeros(0, dtype=np.int64)
    order = np.lexsort(rows.T[::-1])
    ordered = rows[order]
    starts = np.concatenate(([True], (ordered[1:] != ordered[:-1]).any(axis=1)))
    inverse = np.empty(len(rows), dtype=np.int64)
    inverse[order] = np.cumsum(starts) - 1
    return ordered[starts], inverse


@frozen
class Cap:
    """A limit the index applied: ``what`` was capped, ``count`` times."""

    what: str
    count: int


def overlap_join(
    word_sets: Sequence[frozenset[str]],
    min_shared: int,
    *,
    max_postings: int = MAX_POSTINGS,
    fresh: npt.NDArray[np.bool_] | None = None,
) -> tuple[Int64Array, tuple[Cap, ...]]:
    """Every pair ``u < v`` of word sets sharing at least ``min_shared`` words.

    Returns the pairs as sorted keys ``u * len(word_sets) + v`` and the caps
    applied (empty unless the input is pathological; see the module notes).
    With ``fresh`` (a mask over the sets), only the pairs with a fresh set: the
    pairs a corpus gains when the fresh sets are added to it.

    >>> sets = [frozenset("abcd"), frozenset("abcx"), frozenset("wxyz")]
    >>> keys, caps = overlap_join(sets, 3)
    >>> [divmod(int(k), 3) for k in keys], caps
    ([(0, 1)], ())
    """
    n = len(word_sets)
    if n < 2:
        return np.zeros(0, dtype=np.int64), ()
    ranks, starts, lengths, vocabulary = _ranked_postings(word_sets)
    features, owners, caps = _features(ranks, starts, lengths, vocabulary, min_shared)
    pairs, capped = _pairs_in_groups(features, owners, n, max_postings, fresh)
    if capped:
        caps += (Cap(f"word pairs shared by more than {max_postings:,} sentences", capped),)
    return _check(pairs, ranks, starts, lengths, vocabulary, n, min_shared), caps


def _ranked_postings(
    word_sets: Sequence[frozenset[str]],
) -> tuple[Int64Array, Int64Array, Int64Array, int]:
    """Each set's words as ranks (0 = rarest), sorted, flattened: ranks, starts, lengths."""
    vocabulary: dict[str, int] = {}
    flat: list[int] = []
    lengths = np.fromiter((len(s) for s in word_sets), dtype=np.int64, count=len(word_sets))
    for words in word_sets:
        flat.extend(vocabulary.setdefault(w, len(vocabulary)) for w in words)
    word_ids = np.asarray(flat, dtype=np.int64)
    size = len(vocabulary)
    alphabetical = np.empty(size, dtype=np.int64)
    alphabetical[[vocabulary[w] for w in sorted(vocabulary)]] = np.arange(size)
    frequency = np.bincount(word_ids, minlength=size)
    rank = np.empty(size, dtype=np.int64)
    rank[np.lexsort((alphabetical, frequency))] = np.arange(size)
    owner = np.repeat(np.arange(len(word_sets), dtype=np.int64), lengths)
    ranks = rank[word_ids]
    order = np.lexsort((ranks, owner))
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1])).astype(np.int64)
    return ranks[order], starts, lengths, size


def _features(
    ranks: Int64Array, starts: Int64Array, lengths: Int64Array, vocabulary: int, min_shared: int
) -> tuple[Int64Array, Int64Array, tuple[Cap, ...]]:
    """The (feature, owner) postings: word pairs at the prefix positions (single words if t=1)."""
    by_length = np.argsort(-lengths, kind="stable")
    sorted_lengths = lengths[by_length]
    longest = int(sorted_lengths[0]) if len(lengths) else 0

    def owners_with(minimum: int) -> Int64Array:
        # Sets of at least `minimum` words: a prefix of the sets sorted by length.
        count = int(np.searchsorted(-sorted_lengths, -minimum, side="right"))
        return by_length[:count]

    features: list[Int64Array] = [np.zeros(0, dtype=np.int64)]
    owners: list[Int64Array] = [np.zeros(0, dtype=np.int64)]
    if min_shared == 1:
        for i in range(min(longest, MAX_PREFIX)):
            sets = owners_with(i + 1)
            features.append(ranks[starts[sets] + i])
            owners.append(sets)
    else:
        # First of the pair at i <= len - t, second at j <= len - t + 1 (0-based).
        for j in range(1, min(longest - min_shared + 2, MAX_PREFIX)):
            for i in range(j):
                sets = owners_with(max(i + min_shared, j + min_shared - 1))
                first, second = ranks[starts[sets] + i], ranks[starts[sets] + j]
                features.append(first * vocabulary + second)
                owners.append(sets)
    long_sets = int(np.count_nonzero(lengths - min_shared + 2 > MAX_PREFIX))
    caps = (
        (
            Cap(
                f"sentences with more than {MAX_PREFIX} content words indexed by their rarest",
                long_sets,
            ),
        )
        if long_sets
        else ()
    )
    return np.concatenate(features), np.concatenate(owners), caps


def _pairs_in_groups(
    features: Int64Array,
    owners: Int64Array,
    n: int,
    max_postings: int,
    fresh: npt.NDArray[np.bool_] | None = None,
) -> tuple[Int64Array, int]:
    """Every pair of owners that share a feature, as unique keys ``u * n + v`` (u < v).

    With ``fresh``, only the pairs with a fresh owner.
    """
    if fresh is None:
        order = np.argsort(features, kind="stable")
    else:
        # Fresh owners first in each group: each pairs with those after it, the others with none.
        order = np.lexsort((~fresh[owners], features))
    features, owners = features[order], owners[order]
    bounds = np.flatnonzero(np.diff(features)) + 1
    group_start = np.concatenate(([0], bounds)).astype(np.int64)
    group_size = np.diff(np.concatenate((group_start, [len(features)]))).astype(np.int64)
    too_big = group_size > max_postings
    # Each element pairs with the elements after it in its group.
    size_of = np.repeat(np.where(too_big, 1, group_size), group_size)
    offset = np.arange(len(features)) - np.repeat(group_start, group_size)
    after = size_of - 1 - offset
    after[after < 0] = 0
    if fresh is not None:
        after[~fresh[owners]] = 0
    blocks: list[Int64Array] = [np.zeros(0, dtype=np.int64)]
    cumulative = np.cumsum(after)
    # Expanded in chunks of elements, so that no array holds every raw pair at once.
    begin = 0
    while begin < len(features):
        end = int(np.searchsorted(cumulative, cumulative[begin] - after[begin] + _CHUNK, "right"))
        end = max(end, begin + 1)
        counts = after[begin:end]
        left = np.repeat(np.arange(begin, end, dtype=np.int64), counts)
        step = np.arange(len(left), dtype=np.int64) - np.repeat(np.cumsum(counts) - counts, counts)
        u, v = owners[left], owners[left + 1 + step]
        blocks.append(unique(np.minimum(u, v) * n + np.maximum(u, v)))
        begin = end
    return unique(np.concatenate(blocks)), int(np.count_nonzero(too_big))


def _check(
    keys: Int64Array,
    ranks: Int64Array,
    starts: Int64Array,
    lengths: Int64Array,
    vocabulary: int,
    n: int,
    min_shared: int,
) -> Int64Array:
    """The keys whose two sets share at least ``min_shared`` words, checked exactly."""
    postings = np.repeat(np.arange(n, dtype=np.int64), lengths) * vocabulary + ranks
    kept: list[Int64Array] = [np.zeros(0, dtype=np.int64)]
    for begin in range(0, len(keys), _CHUNK // 8):
        chunk = keys[begin : begin + _CHUNK // 8]
        u, v = np.divmod(chunk, n)
        # Look the words of the shorter set up among the longer set's postings.
        swap = lengths[u] > lengths[v]
        short, long = np.where(swap, v, u), np.where(swap, u, v)
        counts = lengths[short]
        pair = np.repeat(np.arange(len(chunk)), counts)
        within = np.arange(len(pair)) - np.repeat(np.cumsum(counts) - counts, counts)
        wanted = long[pair] * vocabulary + ranks[starts[short][pair] + within]
        at = np.searchsorted(postings, wanted)
        hit = postings[np.minimum(at, len(postings) - 1)] == wanted
        shared = np.bincount(pair[hit], minlength=len(chunk))
        kept.append(chunk[shared >= min_shared])
    return np.concatenate(kept)
