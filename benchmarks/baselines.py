"""Baseline aligners for the speed benchmark: exhaustive all-pairs and MinHash LSH.

Both find the pairs :func:`provenance.align.align_corpus` defines, by a different
route to the candidates, and verify them exactly as provenance does:

- the same drop rule (fewer than ``min_words`` words or ``min_shared_words``
  content words: not aligned) and the same normalisation;
- ``fuzz.ratio`` and ``fuzz.token_set_ratio`` with ``processor=None`` on the
  normalised texts, rounded to two decimals, classified by the cut-offs of
  :func:`provenance.align.classify`;
- a pair of sentences of two different documents sharing at least
  ``min_shared_words`` content words.

They do not look for split or merged sentences (provenance's ``a_group`` /
``b_group``): a pair inside a split group is found here only if it passes the
cut-offs on its own.

Pairs are numbered by the sentences' positions in the sequence passed in:
``key = i * n + j`` with ``i < j``, ``n`` the length of that sequence.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from attrs import frozen
from rapidfuzz import fuzz, process

from provenance.align import classify_scores, content_words, normalise
from provenance.config import TraceConfig
from provenance.model import PairKind, Sentence

__all__ = [
    "KINDS",
    "PairSet",
    "Prepared",
    "exhaustive_pairs",
    "minhash_pairs",
    "pair_set",
    "prepare",
    "verify",
]

# Kind codes of PairSet.kinds, in order of strength.
KINDS: tuple[PairKind, ...] = ("verbatim", "near", "paraphrase")
# Bytes of one block of the all-pairs score matrix (float32): memory stays bounded.
BLOCK_BYTES = 64 * 2**20


@frozen(eq=False)
class Prepared:
    """The sentences an aligner compares, normalised once.

    Attributes
    ----------
    total : int
        Length of the sequence of sentences passed in (``n`` of the pair keys).
    positions : ndarray of int64
        Position, in that sequence, of each sentence kept by the drop rule.
    documents : ndarray of int64
        A number per document, for each kept sentence (equal means same document).
    texts : list of str
        The normalised text of each kept sentence.
    words : list of frozenset of str
        The content words of each kept sentence.
    """

    total: int
    positions: npt.NDArray[np.int64]
    documents: npt.NDArray[np.int64]
    texts: list[str]
    words: list[frozenset[str]]


@frozen(eq=False)
class PairSet:
    """Aligned sentence pairs found by one method.

    Attributes
    ----------
    keys : ndarray of int64
        Sorted pair keys ``i * n + j`` (``i < j``, positions in the input sequence).
    kinds : ndarray of int8
        Index into :data:`KINDS` of each pair's kind.
    compared : int
        How many sentence pairs the method scored with ``fuzz.ratio`` (its cost).
    """

    keys: npt.NDArray[np.int64]
    kinds: npt.NDArray[np.int8]
    compared: int


def prepare(sentences: Sequence[Sentence], config: TraceConfig) -> Prepared:
    """Normalise the sentences and apply provenance's drop rule."""
    document_ids: dict[str, int] = {}
    positions: list[int] = []
    documents: list[int] = []
    texts: list[str] = []
    words: list[frozenset[str]] = []
    for position, sentence in enumerate(sentences):
        text = normalise(sentence.text)
        content = content_words(text)
        # The drop rule of provenance.align (TraceConfig.min_words, min_shared_words).
        if len(text.split()) < config.min_words or len(content) < config.min_shared_words:
            continue
        positions.append(position)
        documents.append(document_ids.setdefault(sentence.document, len(document_ids)))
        texts.append(text)
        words.append(content)
    return Prepared(
        total=len(sentences),
        positions=np.asarray(positions, dtype=np.int64),
        documents=np.asarray(documents, dtype=np.int64),
        texts=texts,
        words=words,
    )


def verify(
    prepared: Prepared,
    left: npt.NDArray[np.int64],
    right: npt.NDArray[np.int64],
    config: TraceConfig,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int8]]:
    """Score candidate pairs (indices into ``prepared``) and keep the aligned ones.

    Returns the pair keys and kind codes (unsorted), classified as
    :func:`provenance.align.classify` does.
    """
    empty = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int8))
    if len(left) == 0:
        return empty
    texts = prepared.texts
    queries, choices = [texts[i] for i in left.tolist()], [texts[j] for j in right.tolist()]
    ratio = _two_decimals(
        process.cpdist(queries, choices, scorer=fuzz.ratio, processor=None, workers=-1)
    )
    floor = min(config.verbatim_cutoff, config.near_cutoff, config.paraphrase_min_ratio)
    kept = np.flatnonzero(ratio >= floor)
    token_set = np.zeros(len(left), dtype=np.float64)
    if len(kept):
        token_set[kept] = _two_decimals(
            process.cpdist(
                [queries[k] for k in kept.tolist()],
                [choices[k] for k in kept.tolist()],
                scorer=fuzz.token_set_ratio,
                processor=None,
                workers=-1,
            )
        )
    kinds, scores = _classify(ratio, token_set, config)
    words = prepared.words
    shared = np.asarray(
        [
            kinds[k] >= 0 and len(words[i] & words[j]) >= config.min_shared_words
            for k, (i, j) in enumerate(zip(left.tolist(), right.tolist(), strict=True))
        ],
        dtype=bool,
    )
    keep = shared & (kinds >= 0) & (scores >= config.score_cutoff)
    a, b = prepared.positions[left[keep]], prepared.positions[right[keep]]
    keys = np.minimum(a, b) * prepared.total + np.maximum(a, b)
    return keys, kinds[keep].astype(np.int8)


def _classify(
    ratio: npt.NDArray[np.float64], token_set: npt.NDArray[np.float64], config: TraceConfig
) -> tuple[npt.NDArray[np.int8], npt.NDArray[np.float64]]:
    """provenance's own bulk classification, kind codes as int8 (-1: unrelated)."""
    kinds, scores = classify_scores(ratio, token_set, config)
    return kinds.astype(np.int8), scores


def _two_decimals(scores: npt.ArrayLike) -> npt.NDArray[np.float64]:
    # provenance decides kinds on scores rounded to two decimals; so must we.
    return np.asarray(np.round(np.asarray(scores, dtype=np.float64), 2), dtype=np.float64)


def pair_set(keys: npt.NDArray[np.int64], kinds: npt.NDArray[np.int8], compared: int) -> PairSet:
    """A :class:`PairSet` with its keys sorted (duplicates removed, first kind kept)."""
    unique, first = np.unique(keys, return_index=True)
    return PairSet(keys=unique.astype(np.int64), kinds=kinds[first], compared=compared)


def exhaustive_pairs(
    sentences: Sequence[Sentence], config: TraceConfig, *, block_bytes: int = BLOCK_BYTES
) -> PairSet:
    """Every aligned pair, by scoring all pairs of sentences with ``process.cdist``.

    The simplest honest baseline: ``fuzz.ratio`` over the upper triangle of the
    all-pairs matrix, computed in blocks of rows (``block_bytes`` of float32 each,
    so memory stays bounded), on all cores; the pairs whose ratio can reach a
    cut-off are then verified by :func:`verify`. No candidate filter, no
    de-duplication of repeated texts.
    """
    prepared = prepare(sentences, config)
    texts, n = prepared.texts, len(prepared.texts)
    floor = min(config.verbatim_cutoff, config.near_cutoff, config.paraphrase_min_ratio)
    rows = max(1, block_bytes // (4 * max(n, 1)))
    lefts: list[npt.NDArray[np.int64]] = [np.zeros(0, dtype=np.int64)]
    rights: list[npt.NDArray[np.int64]] = [np.zeros(0, dtype=np.int64)]
    for start in range(0, n, rows):
        stop = min(n, start + rows)
        scores = process.cdist(
            texts[start:stop],
            texts[start:],
            scorer=fuzz.ratio,
            processor=None,
            dtype=np.float32,
            workers=-1,
        )
        # float32 may round a score just under a cut-off; verify() rescores exactly.
        row, column = np.nonzero(scores >= floor - 0.01)
        i, j = row.astype(np.int64) + start, column.astype(np.int64) + start
        cross = (j > i) & (prepared.documents[i] != prepared.documents[j])
        lefts.append(i[cross])
        rights.append(j[cross])
    keys, kinds = verify(prepared, np.concatenate(lefts), np.concatenate(rights), config)
    return pair_set(keys, kinds, n * (n - 1) // 2)


def minhash_pairs(
    sentences: Sequence[Sentence],
    config: TraceConfig,
    *,
    threshold: float = 0.5,
    num_perm: int = 128,
    seed: int = 1,
) -> PairSet:
    """Aligned pairs among the candidates of a MinHash LSH index (``datasketch``).

    Each sentence is the set of its normalised words; ``MinHashLSH`` with the
    given Jaccard ``threshold`` and ``num_perm`` permutations proposes the pairs
    whose estimated similarity may reach it, and :func:`verify` keeps the
    aligned ones. Approximate: a pair whose word sets are less similar than the
    threshold is usually missed, however high its ``fuzz.ratio``.
    """
    from datasketch import MinHash, MinHashLSH  # the optional extra "bench"

    prepared = prepare(sentences, config)
    hashes = MinHash.bulk(
        [[w.encode("utf-8") for w in set(text.split())] for text in prepared.texts],
        num_perm=num_perm,
        seed=seed,
    )
    index = MinHashLSH(threshold=threshold, num_perm=num_perm)
    with index.insertion_session() as session:
        for i, minhash in enumerate(hashes):
            session.insert(i, minhash, check_duplication=False)
    lefts: list[int] = []
    rights: list[int] = []
    documents = prepared.documents.tolist()
    for i, minhash in enumerate(hashes):
        for j in index.query(minhash):
            if j > i and documents[i] != documents[j]:
                lefts.append(i)
                rights.append(j)
    left = np.asarray(lefts, dtype=np.int64)
    right = np.asarray(rights, dtype=np.int64)
    keys, kinds = verify(prepared, left, right, config)
    return pair_set(keys, kinds, len(left))
