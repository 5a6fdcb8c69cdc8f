"""Evidence: how much the sentences two documents share say that one copied.

Every aligned pair gets a weight (:func:`pair_weight`): text both documents
attribute to the same named source, or quote from a third party, counts for
little, because two outlets quoting one report share it without copying each
other. A :class:`Link` sums a document pair's weights, each sentence once.
See docs/method.md for the reasoning behind each weight.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt
from attrs import field, frozen

from provenance.cite import report_reference
from provenance.config import TraceConfig
from provenance.model import (
    PAIR_KINDS,
    AlignedEvidence,
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
    "aligned_evidence",
    "attributed_sentences",
    "by_document",
    "describe",
    "eligible_counts",
    "pair_weight",
    "strength",
    "weigh_link",
    "weigh_links",
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
        elif report_reference(s.text) and s.document in last:
            attributed[(s.document, s.index)] = last[s.document]
    return attributed


def by_document(values: Mapping[SentenceKey, T]) -> dict[str, dict[int, T]]:
    """``{(document, index): value}`` regrouped as ``{document: {index: value}}``."""
    grouped: dict[str, dict[int, T]] = defaultdict(dict)
    for (document, index), value in values.items():
        grouped[document][index] = value
    return dict(grouped)


_NOTHING: Mapping[int, Any] = {}
_KIND_WEIGHTS = np.asarray([KIND_WEIGHT[kind] for kind in PAIR_KINDS])


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
    if not alignments:
        return []
    sizes = np.fromiter((len(al.pairs) for al in alignments), np.int64, len(alignments))
    rows = concatenate_pairs([al.pairs for al in alignments])
    link = np.repeat(np.arange(len(alignments)), sizes)
    a_index, b_index = rows["a_index"].astype(np.int64), rows["b_index"].astype(np.int64)
    kind = rows["kind"].astype(np.int64)
    weights = _KIND_WEIGHTS[kind]
    discounted = np.zeros(len(alignments), dtype=np.int64)
    common: dict[int, frozenset[str]] = {}
    for k in _special(alignments, link, a_index, b_index, attributed, quoted).tolist():
        al, ai, bi = alignments[link[k]], int(a_index[k]), int(b_index[k])
        sources_a = attributed.get(al.a, _NOTHING).get(ai)
        sources_b = attributed.get(al.b, _NOTHING).get(bi)
        shared = sources_a & sources_b if sources_a and sources_b else frozenset()
        pair_kind = PAIR_KINDS[kind[k]]
        weight = pair_weight(
            pair_kind,
            bool(shared),
            quoted.get(al.a, _NOTHING).get(ai, 0.0),
            quoted.get(al.b, _NOTHING).get(bi, 0.0),
        )
        weights[k] = weight
        discounted[link[k]] += weight < KIND_WEIGHT[pair_kind]
        if shared:
            common[int(link[k])] = common.get(int(link[k]), frozenset()) | shared
    # Each sentence counts once, on both sides: a split sentence is one piece of evidence.
    count = len(alignments)
    weight_a, shared_a = _best_sums(link, a_index, weights, count)
    weight_b, shared_b = _best_sums(link, b_index, weights, count)
    # How closely each sentence follows the other side's wording.
    closeness = rows["ratio"] / 100.0
    close_a, _ = _best_sums(link, a_index, closeness, count)
    close_b, _ = _best_sums(link, b_index, closeness, count)
    kinds = np.zeros((count, len(PAIR_KINDS)), dtype=np.int64)
    np.add.at(kinds, (link, kind), 1)
    weights.flags.writeable = False  # each link's weights are a slice of it
    ends = np.cumsum(sizes).tolist()
    links = []
    for k, (al, end, size) in enumerate(zip(alignments, ends, sizes.tolist(), strict=True)):
        a_eligible, b_eligible = eligible.get(al.a, 0), eligible.get(al.b, 0)
        n_a, n_b = int(shared_a[k]), int(shared_b[k])
        links.append(
            Link(
                a=al.a,
                b=al.b,
                alignment=al,
                weights=weights[end - size : end],
                weight=round(min(float(weight_a[k]), float(weight_b[k])), 4),
                a_share=n_a / max(a_eligible, n_a, 1),
                b_share=n_b / max(b_eligible, n_b, 1),
                discounted=int(discounted[k]),
                common=common.get(k, frozenset()),
                a_fit=float(close_a[k]) / max(a_eligible, n_a, 1),
                b_fit=float(close_b[k]) / max(b_eligible, n_b, 1),
                kinds=tuple(kinds[k].tolist()),
            )
        )
    return links


def _special(
    alignments: Sequence[Alignment],
    link: IntArray,
    a_index: IntArray,
    b_index: IntArray,
    attributed: Mapping[str, Mapping[int, frozenset[str]]],
    quoted: Mapping[str, Mapping[int, float]],
) -> IntArray:
    """The pairs with a sentence attributed or quoted on either side: few, weighed one by one."""
    ids: dict[str, int] = {}
    a_doc = np.asarray([ids.setdefault(al.a, len(ids)) for al in alignments], dtype=np.int64)
    b_doc = np.asarray([ids.setdefault(al.b, len(ids)) for al in alignments], dtype=np.int64)
    wide = int(max(a_index.max(initial=0), b_index.max(initial=0))) + 1
    keys = [
        ids[document] * wide + index
        for by_index in (attributed, quoted)
        for document, indices in by_index.items()
        if document in ids
        for index in indices
        if index < wide
    ]
    special = np.unique(np.asarray(keys, dtype=np.int64))
    on_a = np.isin(a_doc[link] * wide + a_index, special)
    on_b = np.isin(b_doc[link] * wide + b_index, special)
    return np.flatnonzero(on_a | on_b)


def _best_sums(
    link: IntArray, index: IntArray, values: FloatArray, count: int
) -> tuple[FloatArray, IntArray]:
    """Per link: the sum over its sentences of each one's largest value, and how many sentences.

    Summed in the order the sentences first appear among the pairs, as a loop would.
    """
    order = np.lexsort((index, link))  # stable: a sentence's pairs keep their order
    ordered_link, ordered_index = link[order], index[order]
    change = (ordered_link[1:] != ordered_link[:-1]) | (ordered_index[1:] != ordered_index[:-1])
    start = np.flatnonzero(np.concatenate(([True], change))) if len(order) else order
    if not len(start):
        return np.zeros(count, dtype=np.float64), np.zeros(count, dtype=np.int64)
    best = np.maximum.reduceat(values[order], start)
    first = np.minimum.reduceat(order, start)
    in_order = np.argsort(first, kind="stable")
    owner = ordered_link[start]
    sums = np.bincount(owner[in_order], weights=best[in_order], minlength=count)
    return sums.astype(np.float64), np.bincount(owner, minlength=count).astype(np.int64)


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


def aligned_evidence(link: Link, parent: str) -> tuple[AlignedEvidence, ...]:
    """The link's pairs seen from ``parent`` to the other document."""
    flip = parent != link.a
    pairs = link.alignment.pairs
    mine, theirs = (pairs.b_index, pairs.a_index) if flip else (pairs.a_index, pairs.b_index)
    order = np.lexsort((theirs, mine))
    return tuple(
        AlignedEvidence(parent, p, c, PAIR_KINDS[k], score, weight)
        for p, c, k, score, weight in zip(
            mine[order].tolist(),
            theirs[order].tolist(),
            pairs.kind[order].tolist(),
            pairs.score[order].tolist(),
            link.weights[order].tolist(),
            strict=True,
        )
    )
