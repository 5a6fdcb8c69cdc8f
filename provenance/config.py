"""The one configuration object of the tracer.

Make variants with :func:`attrs.evolve`::

    >>> from provenance import TraceConfig
    >>> import attrs
    >>> attrs.evolve(TraceConfig(), near_cutoff=85.0).near_cutoff
    85.0
"""

from __future__ import annotations

import attrs
from attrs import field, frozen

__all__ = ["TraceConfig"]


def _score(instance: object, attribute: attrs.Attribute[float], value: float) -> None:
    if not 0.0 <= value <= 100.0:
        raise ValueError(f"{attribute.name} must lie in [0, 100], got {value!r}")


def _unit(instance: object, attribute: attrs.Attribute[float], value: float) -> None:
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"{attribute.name} must lie in [0, 1], got {value!r}")


def _non_negative(instance: object, attribute: attrs.Attribute[float], value: float) -> None:
    if value < 0:
        raise ValueError(f"{attribute.name} must be >= 0, got {value!r}")


def _positive(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if value < 1:
        raise ValueError(f"{attribute.name} must be >= 1, got {value!r}")


@frozen
class TraceConfig:
    """Every knob of the tracer, with its default.

    All scores use one scale, 0–100, as rapidfuzz does; confidences lie in [0, 1].

    Attributes
    ----------
    min_words : int, default 4
        Sentences with fewer words are not aligned (rapidfuzz scores two empty
        strings 100, and three-word lines such as "Read more:" or a dateline
        match by accident). They still count for citations.
    min_shared_words : int, default 3
        Two sentences are compared only if they share this many content words
        (stems of words that are not stop words). This is the candidate filter,
        and it is part of the definition of an aligned pair, so the fast aligner
        and an exhaustive one give the same pairs. 2 finds two more true seed
        pairs and no false one, but compares 2–3 times as many pairs, and in a
        corpus about one story most sentences share two words ("Taliban",
        "Afghan"): see docs/thresholds.md.
    verbatim_cutoff : float, default 97.0
        ``fuzz.ratio`` (after case, punctuation and whitespace are normalised)
        at or above which a pair is ``verbatim``.
    near_cutoff : float, default 80.0
        ``fuzz.ratio`` at or above which a pair is ``near`` (light edits).
    paraphrase_cutoff : float, default 75.0
        ``fuzz.token_set_ratio`` at or above which a pair whose ratio is below
        ``near_cutoff`` is a ``paraphrase`` (same words, reworded).
    paraphrase_min_ratio : float, default 60.0
        A paraphrase must also reach this ``fuzz.ratio``: token-set similarity
        alone calls a short sentence contained in a long one a paraphrase. On the
        hand-labelled seed pairs (``tests/cases/seed_pairs.json``), among pairs
        with a token-set score of 75 or more, no different pair had a ratio above
        50 and no aligned true paraphrase one below 71.9; the cut-offs
        (verbatim 97, near 80, paraphrase 75/60) gave precision 1.00 and recall
        0.27 there (most true pairs missed are translations and loose rewrites).
        See docs/thresholds.md for the measured grid.
    score_cutoff : float, default 0.0
        The user's threshold (``--threshold``): pairs whose ``score`` is below it
        are dropped. Raising it never adds a pair.
    min_link_weight : float, default 1.0
        Two documents are linked as copies (directly or through an unseen common
        source) when their shared sentences weigh at least this much: a verbatim
        sentence weighs 1, a near one 0.8, a paraphrase 0.4, and sentences that both
        documents attribute to the same named source, or that are quotations, much
        less (see docs/method.md). One unattributed verbatim sentence is enough.
    min_confidence : float, default 0.2
        Edges whose confidence is below this are not reported.
    max_copies : int, default 1000
        A sentence whose normalised text occurs more often than this in the
        corpus is boilerplate or a stock line (a newsletter prompt on every page,
        one sentence pasted 100,000 times): it is not aligned, and the trace
        warns which text was skipped and how often it occurs. Aligning every
        copy with every other would cost ``copies²/2`` pairs.
    """

    min_words: int = field(default=4, validator=_positive)
    min_shared_words: int = field(default=3, validator=_positive)
    verbatim_cutoff: float = field(default=97.0, validator=_score)
    near_cutoff: float = field(default=80.0, validator=_score)
    paraphrase_cutoff: float = field(default=75.0, validator=_score)
    paraphrase_min_ratio: float = field(default=60.0, validator=_score)
    score_cutoff: float = field(default=0.0, validator=_score)
    min_link_weight: float = field(default=1.0, validator=_non_negative)
    min_confidence: float = field(default=0.2, validator=_unit)
    max_copies: int = field(default=1000, validator=_positive)
