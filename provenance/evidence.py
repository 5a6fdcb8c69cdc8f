"""Evidence: how much the sentences two documents share say that one copied.

Every aligned pair gets a weight (:func:`pair_weight`): text both documents
attribute to the same named source, or quote from a third party, counts for
little, because two outlets quoting one report share it without copying each
other. A :class:`Link` sums a document pair's weights, each sentence once.
See docs/method.md for the reasoning behind each weight.
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import TypeVar

import numpy as np
import numpy.typing as npt
from attrs import field, frozen

from provenance.cite import report_reference
from provenance.config import TraceConfig
from provenance.model import (
    EVIDENCE_ROW,
    PAIR_KINDS,
    AlignedPairs,
    Alignment,
    Citation,
    PairKind,
    Sentence,
    SentencePair,
    concatenate_pairs,
)

__all__ = [
    "ATTRIBUTED_KEEP",
    "KIND_WEIGHT",
    "Link",
    "LinkTable",
    "aligned_evidence",
    "aligned_evidences",
    "attributed_sentences",
    "by_document",
    "describe",
    "eligible_counts",
    "pair_weight",
    "strength",
    "weigh_link",
    "weigh_links",
    "weigh_table",
]

# How much an aligned pair counts as evidence of copying, by kind.
KIND_WEIGHT: Mapping[PairKind, float] = {"verbatim": 1.0, "near": 0.8, "paraphrase": 0.4}
# The share that is kept when both sentences are attributed to the same source:
# independent rewrites of one report agree in paraphrase, not word for word.
ATTRIBUTED_KEEP: Mapping[PairKind, float] = {"verbatim": 0.5, "near": 0.5, "paraphrase": 0.0}

SentenceKey = tuple[str, int]
IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
T = TypeVar("T")


@frozen
class Link:
    """The evidence that documents ``a`` and ``b`` share text (undirected).

    ``weights`` holds the weight of each of ``alignment.pairs``, in order.
    """

    a: str
    b: str
    alignment: Alignment
    weights: FloatArray = field(eq=False)
    weight: float
    a_share: float
    b_share: float
    discounted: int
    # How much of each side the other accounts for, in its words: the best
    # fuzz.ratio of each of its sentences, over its eligible sentences (0-1).
    a_fit: float = 0.0
    b_fit: float = 0.0
    common: frozenset[str] = frozenset()
    # How many pairs of each kind, in PAIR_KINDS order.
    kinds: tuple[int, ...] = (0, 0, 0)

    @property
    def pairs(self) -> tuple[tuple[SentencePair, float], ...]:
        """Each aligned pair with its weight."""
        return tuple(zip(self.alignment.pairs, self.weights.tolist(), strict=True))


def pair_weight(
    kind: PairKind, attributed_in_both: bool, quoted_a: float, quoted_b: float
) -> float:
    """How much one aligned pair counts as evidence that one text copied the other.

    >>> pair_weight("verbatim", False, 0.0, 0.0)
    1.0
    >>> pair_weight("paraphrase", True, 0.0, 0.0)
    0.0
    >>> pair_weight("near", False, 0.9, 0.8)  # a shared quotation of a third party
    0.08
    """
    weight = KIND_WEIGHT[kind]
    if attributed_in_both:
        weight *= ATTRIBUTED_KEEP[kind]
    # Quoted speech is the speaker's text, reached by both through some report.
    weight *= 1.0 - max(quoted_a, quoted_b)
    return round(weight, 4)


def eligible_counts(sentences: Iterable[Sentence], config: TraceConfig) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for s in sentences:
        if len(s.text.split()) >= config.min_words:
            counts[s.document] += 1
    return counts


def attributed_sentences(
    sentences: Sequence[Sentence], citations: Sequence[Citation]
) -> dict[SentenceKey, frozenset[str]]:
    """The named sources each sentence is attributed to.

    A sentence is attributed to the sources it cites; a sentence that points back
    to "the report" or "the publication" is attributed to the sources cited in
    the nearest sentence before it that cites any.
    """
    cited: dict[SentenceKey, set[str]] = defaultdict(set)
    for c in citations:
        if c.pattern != "dateline":  # a dateline names the publisher, not a report
            cited[(c.document, c.sentence)].add(c.source)
    attributed: dict[SentenceKey, frozenset[str]] = {}
    last: dict[str, frozenset[str]] = {}
    for s in sorted(sentences, key=lambda s: (s.document, s.index)):
        own = frozenset(cited.get((s.document, s.index), ()))
        if own:
            last[s.document] = own
            attributed[(s.document, s.index)] = own
        elif s.document in last and report_reference(s.text):
            attributed[(s.document, s.index)] = last[s.document]
    return attributed


def by_document(values: Mapping[SentenceKey, T]) -> dict[str, dict[int, T]]:
    """``{(document, index): value}`` regrouped as ``{document: {index: value}}``."""
    grouped: dict[str, dict[int, T]] = defaultdict(dict)
    for (document, index), value in values.items():
        grouped[document][index] = value
    return dict(grouped)


_KIND_WEIGHTS = np.asarray([KIND_WEIGHT[kind] for kind in PAIR_KINDS])
_ATTRIBUTED_KEEP = np.asarray([ATTRIBUTED_KEEP[kind] for kind in PAIR_KINDS])


def weigh_link(
    alignment: Alignment,
    attributed: Mapping[str, Mapping[int, frozenset[str]]],
    quoted: Mapping[str, Mapping[int, float]],
    eligible: Mapping[str, int],
) -> Link:
    """The evidence of one alignment: :func:`weigh_links` of it alone."""
    return weigh_links([alignment], attributed, quoted, eligible)[0]


def weigh_links(
    alignments: Sequence[Alignment],
    attributed: Mapping[str, Mapping[int, frozenset[str]]],
    quoted: Mapping[str, Mapping[int, float]],
    eligible: Mapping[str, int],
) -> list[Link]:
    """The evidence of each alignment, each pair weighed by :func:`pair_weight`.

    ``attributed`` and ``quoted`` are by document then sentence index
    (:func:`by_document`); sentences absent from them are neither attributed
    nor quoted. Every pair of the corpus is weighed at once, as columns: a
    pair with nothing attributed or quoted weighs its kind's weight.
    """
    table = weigh_table(alignments, attributed, quoted, eligible)
    return [table.link(k) for k in range(len(alignments))]


@frozen
class LinkTable:
    """:func:`weigh_links` as columns, one row per alignment: :meth:`link` makes
    row ``k``'s :class:`Link`. A corpus has a link per pair of documents that
    share a sentence, and only a few of them become edges."""

    alignments: Sequence[Alignment]
    weights: FloatArray = field(eq=False)  # every pair's, end to end
    ends: list[int]
    weight: list[float]
    a_share: list[float]
    b_share: list[float]
    a_fit: list[float]
    b_fit: list[float]
    discounted: list[int]
    common: dict[int, frozenset[str]]
    kinds: list[list[int]]

    def link(self, k: int) -> Link:
        """The link of row ``k``."""
        al, end = self.alignments[k], self.ends[k]
        return Link(
            a=al.a,
            b=al.b,
            alignment=al,
            weights=self.weights[end - len(al.pairs) : end],
            weight=self.weight[k],
            a_share=self.a_share[k],
            b_share=self.b_share[k],
            discounted=self.discounted[k],
            common=self.common.get(k, frozenset()),
            a_fit=self.a_fit[k],
            b_fit=self.b_fit[k],
            kinds=tuple(self.kinds[k]),
        )


def weigh_table(
    alignments: Sequence[Alignment],
    attributed: Mapping[str, Mapping[int, frozenset[str]]],
    quoted: Mapping[str, Mapping[int, float]],
    eligible: Mapping[str, int],
) -> LinkTable:
    """:func:`weigh_links` as a :class:`LinkTable`."""
    sizes = np.fromiter((len(al.pairs) for al in alignments), np.int64, len(alignments))
    rows = concatenate_pairs([al.pairs for al in alignments])
    link = np.repeat(np.arange(len(alignments)), sizes)
    a_index, b_index = rows["a_index"].astype(np.int64), rows["b_index"].astype(np.int64)
    kind = rows["kind"].astype(np.int64)
    weights_of_kind = _KIND_WEIGHTS[kind]
    weights = weights_of_kind.copy()
    special, weighed, shared = _special_weights(
        alignments, link, a_index, b_index, kind, attributed, quoted
    )
    weights[special] = weighed
    discounted = np.bincount(
        link[special], weights=weighed < weights_of_kind[special], minlength=len(alignments)
    ).astype(np.int64)
    common: dict[int, frozenset[str]] = {}
    for k, sources in shared.items():
        owner = int(link[k])
        common[owner] = common.get(owner, frozenset()) | sources
    # Each sentence counts once, on both sides: a split sentence is one piece of evidence.
    # How closely each sentence follows the other side's wording: its best ratio.
    count, closeness = len(alignments), rows["ratio"] / 100.0
    (weight_a, close_a), shared_a = _best_sums(link, a_index, (weights, closeness), count)
    (weight_b, close_b), shared_b = _best_sums(link, b_index, (weights, closeness), count)
    kinds = np.zeros((count, len(PAIR_KINDS)), dtype=np.int64)
    np.add.at(kinds, (link, kind), 1)
    weights.flags.writeable = False  # each link's weights are a slice of it
    a_eligible = np.fromiter((eligible.get(al.a, 0) for al in alignments), np.int64, count)
    b_eligible = np.fromiter((eligible.get(al.b, 0) for al in alignments), np.int64, count)
    # Both a true division of a float by an int, as Python's own would be.
    a_over = np.maximum(np.maximum(a_eligible, shared_a), 1)
    b_over = np.maximum(np.maximum(b_eligible, shared_b), 1)
    return LinkTable(
        alignments=alignments,
        weights=weights,
        ends=np.cumsum(sizes).tolist(),
        weight=[round(w, 4) for w in np.minimum(weight_a, weight_b).tolist()],
        a_share=(shared_a / a_over).tolist(),
        b_share=(shared_b / b_over).tolist(),
        a_fit=(close_a / a_over).tolist(),
        b_fit=(close_b / b_over).tolist(),
        discounted=discounted.tolist(),
        common=common,
        kinds=kinds.tolist(),
    )


def _special_weights(
    alignments: Sequence[Alignment],
    link: IntArray,
    a_index: IntArray,
    b_index: IntArray,
    kind: IntArray,
    attributed: Mapping[str, Mapping[int, frozenset[str]]],
    quoted: Mapping[str, Mapping[int, float]],
) -> tuple[IntArray, FloatArray, dict[int, frozenset[str]]]:
    """The pairs with a sentence attributed or quoted on either side (the others weigh
    their kind's weight), their :func:`pair_weight`, and the sources both sides of a
    pair are attributed to, where they share one, by pair."""
    ids: dict[str, int] = {}
    a_doc = np.asarray([ids.setdefault(al.a, len(ids)) for al in alignments], dtype=np.int64)
    b_doc = np.asarray([ids.setdefault(al.b, len(ids)) for al in alignments], dtype=np.int64)
    wide = int(max(a_index.max(initial=0), b_index.max(initial=0))) + 1

    def keyed(by_index: Mapping[str, Mapping[int, T]]) -> tuple[IntArray, list[T]]:
        # Each sentence of the alignments' documents as document * wide + index, sorted.
        found = sorted(
            (
                (ids[document] * wide + index, value)
                for document, values in by_index.items()
                if document in ids
                for index, value in values.items()
                if index < wide
            ),
            key=lambda entry: entry[0],
        )
        return np.asarray([key for key, _ in found], dtype=np.int64), [v for _, v in found]

    quoted_keys, shares = keyed(quoted)
    attributed_keys, sources = keyed(attributed)
    a_key, b_key = a_doc[link] * wide + a_index, b_doc[link] * wide + b_index
    either = np.union1d(quoted_keys, attributed_keys)
    special = np.flatnonzero(np.isin(a_key, either) | np.isin(b_key, either))
    a_key, b_key = a_key[special], b_key[special]
    share = np.asarray([0.0, *shares])  # place 0: not quoted

    def place(keys: IntArray, among: IntArray) -> IntArray:
        # 1 + the key's place in ``among``, or 0 where it is not there.
        if not len(among):
            return np.zeros(len(keys), dtype=np.int64)
        at = np.searchsorted(among, keys).clip(max=len(among) - 1)
        return np.where(among[at] == keys, at + 1, 0)

    a_sources, b_sources = place(a_key, attributed_keys), place(b_key, attributed_keys)
    shared = {
        int(k): both
        for k, i, j in zip(special.tolist(), a_sources.tolist(), b_sources.tolist(), strict=True)
        if i and j and (both := sources[i - 1] & sources[j - 1])
    }
    # pair_weight, over arrays: the same operations in the same order, rounded by Python.
    weight = _KIND_WEIGHTS[kind[special]]
    in_both = np.isin(special, np.fromiter(shared, np.int64, len(shared)))
    weight = np.where(in_both, weight * _ATTRIBUTED_KEEP[kind[special]], weight)
    quoted_share = np.maximum(share[place(a_key, quoted_keys)], share[place(b_key, quoted_keys)])
    weight = weight * (1.0 - quoted_share)
    rounded = np.asarray([round(w, 4) for w in weight.tolist()], dtype=np.float64)
    return special, rounded, shared


def _best_sums(
    link: IntArray, index: IntArray, values: Sequence[FloatArray], count: int
) -> tuple[list[FloatArray], IntArray]:
    """Per link, for each of ``values``: the sum over its sentences of each one's
    largest value; and how many sentences each link has.

    Summed in the order the sentences first appear among the pairs, as a loop would.
    """
    order = _stable_order(link, index)  # stable: a sentence's pairs keep their order
    ordered_link, ordered_index = link[order], index[order]
    change = (ordered_link[1:] != ordered_link[:-1]) | (ordered_index[1:] != ordered_index[:-1])
    start = np.flatnonzero(np.concatenate(([True], change))) if len(order) else order
    if not len(start):
        return [np.zeros(count, dtype=np.float64) for _ in values], np.zeros(count, dtype=np.int64)
    first = np.minimum.reduceat(order, start)
    in_order = np.argsort(first, kind="stable")
    owner = ordered_link[start]
    sums = [
        np.bincount(
            owner[in_order], weights=np.maximum.reduceat(v[order], start)[in_order], minlength=count
        ).astype(np.float64)
        for v in values
    ]
    return sums, np.bincount(owner, minlength=count).astype(np.int64)


def _stable_order(link: IntArray, index: IntArray) -> IntArray:
    """The stable order that sorts by ``link`` then ``index``, both non-negative.

    The aligner's pairs come sorted by link then a-side index: that side needs no sort.
    """
    wide = int(index.max(initial=0)) + 1
    if len(link) * wide >= 2**62:  # no room for one packed key
        return np.lexsort((index, link))
    key = link * wide + index
    if bool((key[1:] >= key[:-1]).all()):
        return np.arange(len(key))
    return np.argsort(key, kind="stable")


def strength(weight: float) -> float:
    """Confidence that shared text of this weight is copied, not chance: 1 - e^(-w/1.5)."""
    return 1.0 - math.exp(-weight / 1.5)


def describe(link: Link) -> str:
    counted = sorted((k, n) for k, n in zip(PAIR_KINDS, link.kinds, strict=True) if n)
    parts = ", ".join(f"{n} {k}" for k, n in counted)
    text = f"{sum(link.kinds)} aligned sentence pairs ({parts}), evidence weight {link.weight:.2f}"
    if link.discounted:
        text += f"; {link.discounted} discounted as quotations or attributed to a common source"
    return text


def aligned_evidence(link: Link, parent: str) -> AlignedPairs:
    """The link's pairs seen from ``parent`` to the other document, sorted by
    parent sentence then child sentence."""
    return aligned_evidences([(link, parent)])[0]


def aligned_evidences(seen: Sequence[tuple[Link, str]]) -> list[AlignedPairs]:
    """:func:`aligned_evidence` of each ``(link, parent)``, made all at once."""
    if not seen:
        return []
    rows = concatenate_pairs([link.alignment.pairs for link, _ in seen])
    weights = np.concatenate([link.weights for link, _ in seen])
    sizes = [len(link.weights) for link, _ in seen]
    owner = np.repeat(np.arange(len(seen)), sizes)
    flip = np.asarray([parent != link.a for link, parent in seen])[owner]
    a_index, b_index = rows["a_index"], rows["b_index"]
    mine, theirs = np.where(flip, b_index, a_index), np.where(flip, a_index, b_index)
    order = np.lexsort((theirs, mine, owner))  # stable, so each link's as if sorted alone
    table = np.zeros(len(order), dtype=EVIDENCE_ROW)  # document 0: each edge's one parent
    table["parent_sentence"], table["child_sentence"] = mine[order], theirs[order]
    table["kind"], table["score"] = rows["kind"][order], rows["score"][order]
    table["weight"] = weights[order]
    table.flags.writeable = False  # and so are its slices, each edge's pairs
    ends = itertools.accumulate(sizes)
    return [
        AlignedPairs._trusted(table[end - size : end], (parent,))
        for (_, parent), end, size in zip(seen, ends, sizes, strict=True)
    ]
