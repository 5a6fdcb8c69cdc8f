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


def weigh_link(
    alignment: Alignment,
    attributed: Mapping[SentenceKey, frozenset[str]],
    quoted: Mapping[SentenceKey, float],
    eligible: Mapping[str, int],
) -> Link:
    a, b = alignment.a, alignment.b
    weighed: list[tuple[SentencePair, float]] = []
    best_a: dict[int, float] = defaultdict(float)
    best_b: dict[int, float] = defaultdict(float)
    # How closely each sentence follows the other side's wording.
    close_a: dict[int, float] = defaultdict(float)
    close_b: dict[int, float] = defaultdict(float)
    discounted = 0
    shared_sources: frozenset[str] = frozenset()
    for pair in alignment.pairs:
        common = attributed.get((a, pair.a_index), frozenset()) & attributed.get(
            (b, pair.b_index), frozenset()
        )
        weight = pair_weight(
            pair.kind,
            bool(common),
            quoted.get((a, pair.a_index), 0.0),
            quoted.get((b, pair.b_index), 0.0),
        )
        discounted += weight < KIND_WEIGHT[pair.kind]
        shared_sources |= common
        weighed.append((pair, weight))
        best_a[pair.a_index] = max(best_a[pair.a_index], weight)
        best_b[pair.b_index] = max(best_b[pair.b_index], weight)
        close = pair.ratio / 100.0
        close_a[pair.a_index] = max(close_a[pair.a_index], close)
        close_b[pair.b_index] = max(close_b[pair.b_index], close)
    # Each sentence counts once, on both sides: a split sentence is one piece of evidence.
    weight = min(sum(best_a.values()), sum(best_b.values()))
    return Link(
        a=a,
        b=b,
        pairs=tuple(weighed),
        weight=round(weight, 4),
        a_share=len(best_a) / max(eligible.get(a, 0), len(best_a), 1),
        b_share=len(best_b) / max(eligible.get(b, 0), len(best_b), 1),
        discounted=discounted,
        common=shared_sources,
        a_fit=sum(close_a.values()) / max(eligible.get(a, 0), len(close_a), 1),
        b_fit=sum(close_b.values()) / max(eligible.get(b, 0), len(close_b), 1),
    )


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
