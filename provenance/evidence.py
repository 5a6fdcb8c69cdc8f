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

from attrs import frozen

from provenance.cite import report_reference
from provenance.config import TraceConfig
from provenance.model import AlignedEvidence, Alignment, Citation, PairKind, Sentence, SentencePair

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
]

# How much an aligned pair counts as evidence of copying, by kind.
KIND_WEIGHT: Mapping[PairKind, float] = {"verbatim": 1.0, "near": 0.8, "paraphrase": 0.4}
# The share that is kept when both sentences are attributed to the same source:
# independent rewrites of one report agree in paraphrase, not word for word.
ATTRIBUTED_KEEP: Mapping[PairKind, float] = {"verbatim": 0.5, "near": 0.5, "paraphrase": 0.0}

SentenceKey = tuple[str, int]
T = TypeVar("T")


@frozen
class Link:
    """The evidence that documents ``a`` and ``b`` share text (undirected)."""

    a: str
    b: str
    pairs: tuple[tuple[SentencePair, float], ...]
    weight: float
    a_share: float
    b_share: float
    discounted: int
    # How much of each side the other accounts for, in its words: the best
    # fuzz.ratio of each of its sentences, over its eligible sentences (0-1).
    a_fit: float = 0.0
    b_fit: float = 0.0
    common: frozenset[str] = frozenset()


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


def weigh_link(
    alignment: Alignment,
    attributed: Mapping[str, Mapping[int, frozenset[str]]],
    quoted: Mapping[str, Mapping[int, float]],
    eligible: Mapping[str, int],
) -> Link:
    """The evidence of one alignment, each pair weighed by :func:`pair_weight`.

    ``attributed`` and ``quoted`` are by document then sentence index
    (:func:`by_document`); sentences absent from them are neither attributed
    nor quoted.
    """
    a, b = alignment.a, alignment.b
    pairs = alignment.pairs
    a_index, b_index = [p.a_index for p in pairs], [p.b_index for p in pairs]
    weights = [KIND_WEIGHT[p.kind] for p in pairs]  # pair_weight's value when nothing applies
    # How closely each sentence follows the other side's wording.
    closeness = [p.ratio / 100.0 for p in pairs]
    discounted = 0
    shared_sources: frozenset[str] = frozenset()
    attributed_a, attributed_b = attributed.get(a, _NOTHING), attributed.get(b, _NOTHING)
    quoted_a, quoted_b = quoted.get(a, _NOTHING), quoted.get(b, _NOTHING)
    special_a = attributed_a.keys() | quoted_a.keys()
    special_b = attributed_b.keys() | quoted_b.keys()
    for k, (ai, bi) in enumerate(zip(a_index, b_index, strict=True)):
        if ai not in special_a and bi not in special_b:
            continue
        sources_a, sources_b = attributed_a.get(ai), attributed_b.get(bi)
        common = sources_a & sources_b if sources_a and sources_b else frozenset()
        kind = pairs[k].kind
        weights[k] = pair_weight(kind, bool(common), quoted_a.get(ai, 0.0), quoted_b.get(bi, 0.0))
        discounted += weights[k] < KIND_WEIGHT[kind]
        shared_sources |= common
    # Each sentence counts once, on both sides: a split sentence is one piece of evidence.
    best_a, best_b = _best(a_index, weights), _best(b_index, weights)
    close_a, close_b = _best(a_index, closeness), _best(b_index, closeness)
    return Link(
        a=a,
        b=b,
        pairs=tuple(zip(pairs, weights, strict=True)),
        weight=round(min(sum(best_a), sum(best_b)), 4),
        a_share=len(best_a) / max(eligible.get(a, 0), len(best_a), 1),
        b_share=len(best_b) / max(eligible.get(b, 0), len(best_b), 1),
        discounted=discounted,
        common=shared_sources,
        a_fit=sum(close_a) / max(eligible.get(a, 0), len(close_a), 1),
        b_fit=sum(close_b) / max(eligible.get(b, 0), len(close_b), 1),
    )


def _best(sentences: list[int], values: list[float]) -> list[float]:
    """The largest value of each sentence, in the order sentences first appear."""
    if len(set(sentences)) == len(sentences):  # no split: one value per sentence
        return values
    best: dict[int, float] = {}
    for sentence, value in zip(sentences, values, strict=True):
        if value > best.get(sentence, -1.0):
            best[sentence] = value
    return list(best.values())


def strength(weight: float) -> float:
    """Confidence that shared text of this weight is copied, not chance: 1 - e^(-w/1.5)."""
    return 1.0 - math.exp(-weight / 1.5)


def describe(link: Link) -> str:
    kinds: dict[str, int] = defaultdict(int)
    for pair, _ in link.pairs:
        kinds[pair.kind] += 1
    parts = ", ".join(f"{n} {k}" for k, n in sorted(kinds.items()))
    text = f"{len(link.pairs)} aligned sentence pairs ({parts}), evidence weight {link.weight:.2f}"
    if link.discounted:
        text += f"; {link.discounted} discounted as quotations or attributed to a common source"
    return text


def aligned_evidence(link: Link, parent: str) -> tuple[AlignedEvidence, ...]:
    """The link's pairs seen from ``parent`` to the other document."""
    flip = parent != link.a
    return tuple(
        AlignedEvidence(
            parent_document=parent,
            parent_sentence=p.b_index if flip else p.a_index,
            child_sentence=p.a_index if flip else p.b_index,
            kind=p.kind,
            score=p.score,
            weight=w,
        )
        for p, w in sorted(
            link.pairs,
            key=lambda pw: (
                (pw[0].b_index, pw[0].a_index) if flip else (pw[0].a_index, pw[0].b_index)
            ),
        )
    )
