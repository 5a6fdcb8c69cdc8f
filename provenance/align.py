"""Sentence alignment: which sentences of two documents carry the same text.

The method, in three steps, each done in bulk:

1. **Normalise** every sentence once (``rapidfuzz.utils.default_process``: lower
   case, punctuation to spaces, whitespace trimmed) and take its *content words*
   (words not in a short stop-word list).
2. **Candidates**: an inverted index from content word to sentences gives, with
   numpy, every cross-document pair of sentences sharing at least
   ``min_shared_words`` content words. Sharing content words is part of what an
   aligned pair *is*, so the filter loses nothing an exhaustive search would find.
3. **Score** the candidates with ``rapidfuzz.process.cpdist`` (C++, both cores):
   ``fuzz.ratio`` decides ``verbatim`` and ``near``, ``fuzz.token_set_ratio``
   decides ``paraphrase``. A sentence split in two (or two merged into one) is
   found by scoring a sentence against two consecutive sentences joined.

All pairs above the cut-offs are kept (no one-to-one matching), which makes the
result symmetric and stable: adding sentences to a document never removes a pair
(except a sentence long enough to be aligned put between the two halves of a split,
which undoes the split).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from typing import Literal

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process, utils
from rapidfuzz.distance import Levenshtein

from provenance.config import TraceConfig
from provenance.engine import Engine
from provenance.model import Alignment, PairKind, Sentence, SentencePair

__all__ = [
    "align",
    "align_corpus",
    "alignable_words",
    "boilerplate",
    "classify",
    "content_words",
    "normalise",
    "word_edits",
    "words",
]

# English function words: they say nothing about shared text. Other languages
# simply keep all their words as content words.
STOP_WORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each
    few for from further had has have having he her here hers herself him himself his how
    i if in into is it its itself just me more most my myself no nor not now of off on
    once only or other our ours ourselves out over own same she should so some such than
    that the their theirs them themselves then there these they this those through to too
    under until up very was we were what when where which while who whom why will with
    would you your yours yourself yourselves said says say told tell according""".split()
)
_WORD = re.compile(r"\w+")
# Han and kana: scripts written without spaces, where a "word" is a character pair.
_UNSPACED = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")

Pairs = dict[tuple[int, int], list[SentencePair]]


def normalise(text: str) -> str:
    """The text as alignment compares it: lower case, punctuation and extra spaces gone.

    >>> normalise("  The WSJ  reported, “on Sunday”!")
    'the wsj reported on sunday'
    """
    # NFC first: a decomposed "é" would otherwise split into "e" and a space.
    return " ".join(utils.default_process(unicodedata.normalize("NFC", text)).split())


def words(normalised: str) -> list[str]:
    """The words of a normalised sentence; Chinese and Japanese runs as character pairs.

    >>> words("the 記者会見 began")
    ['the', '記者', '者会', '会見', 'began']
    """
    found: list[str] = []
    for word in _WORD.findall(normalised):
        if not _UNSPACED.search(word):
            found.append(word)
            continue
        for piece in re.split(f"({_UNSPACED.pattern})", word):
            if _UNSPACED.fullmatch(piece):
                found += [piece[k : k + 2] for k in range(max(len(piece) - 1, 1))]
            elif piece:
                found.append(piece)
    return found


def content_words(normalised: str) -> frozenset[str]:
    """The stems of the words of a normalised sentence that are not stop words.

    Stems are crude on purpose (a few English endings cut off): "joined" and
    "join" must count as one shared word. Single letters (the "s" of "Ghani's")
    are not words.

    >>> sorted(content_words("the taliban denied the reports of bombings"))
    ['bomb', 'deni', 'report', 'taliban']
    """
    return frozenset(
        w if _UNSPACED.match(w) else _stem(w)
        for w in words(normalised)
        if w not in STOP_WORDS and (len(w) > 1 or w.isdigit())
    )


_ENDINGS = ("ings", "ing", "ed", "es", "s", "e")


def _stem(word: str) -> str:
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word


def alignable_words(text: str, config: TraceConfig) -> frozenset[str] | None:
    """The content words a sentence is aligned by, or None if it is too short to align.

    The documented drop rule: fewer than ``config.min_words`` words, or fewer than
    ``config.min_shared_words`` content words, and two sentences cannot be told
    apart from chance. Takes the sentence as written.

    >>> sorted(alignable_words("The Taliban denied the reports of bombings.", TraceConfig()))
    ['bomb', 'deni', 'report', 'taliban']
    >>> alignable_words("Read more:", TraceConfig()) is None
    True
    """
    normalised = normalise(text)
    content = content_words(normalised)
    if len(words(normalised)) < config.min_words or len(content) < config.min_shared_words:
        return None
    return content


def boilerplate(sentences: Iterable[Sentence], config: TraceConfig) -> dict[str, int]:
    """The normalised texts that occur more than ``config.max_copies`` times, with their counts.

    Such sentences are not aligned (see :attr:`TraceConfig.max_copies`).
    """
    counts: dict[str, int] = {}
    for sentence in sentences:
        text = normalise(sentence.text)
        counts[text] = counts.get(text, 0) + 1
    return {text: n for text, n in sorted(counts.items()) if n > config.max_copies}


EditOp = Literal["equal", "replace", "delete", "insert"]
# rapidfuzz names its opcodes with plain strings; this gives them their type.
_EDIT_OPS: dict[str, EditOp] = {
    "equal": "equal",
    "replace": "replace",
    "delete": "delete",
    "insert": "insert",
}


def word_edits(a: str, b: str) -> tuple[tuple[EditOp, str, str], ...]:
    """The word-level edits that turn sentence ``a`` into ``b``.

    Words are matched after normalisation (case and punctuation do not count)
    and reported as written: ``(op, words of a, words of b)``.

    >>> for edit in word_edits("The WSJ report states that", "the WSJ report reads that"):
    ...     print(edit)
    ('equal', 'The WSJ report', 'the WSJ report')
    ('replace', 'states', 'reads')
    ('equal', 'that', 'that')
    """
    a_words, b_words = a.split(), b.split()
    ops = Levenshtein.opcodes([normalise(w) for w in a_words], [normalise(w) for w in b_words])
    return tuple(
        (
            _EDIT_OPS[op.tag],
            " ".join(a_words[op.src_start : op.src_end]),
            " ".join(b_words[op.dest_start : op.dest_end]),
        )
        for op in ops
    )


def classify(ratio: float, token_set: float, config: TraceConfig) -> tuple[PairKind, float] | None:
    """The kind of a scored pair and the score that decided it, or None if unrelated.

    >>> classify(100.0, 100.0, TraceConfig())
    ('verbatim', 100.0)
    >>> classify(60.0, 90.0, TraceConfig())
    ('paraphrase', 90.0)
    >>> classify(40.0, 90.0, TraceConfig()) is None
    True
    """
    if ratio >= config.verbatim_cutoff:
        found: tuple[PairKind, float] = ("verbatim", ratio)
    elif ratio >= config.near_cutoff:
        found = ("near", ratio)
    elif token_set >= config.paraphrase_cutoff and ratio >= config.paraphrase_min_ratio:
        found = ("paraphrase", token_set)
    else:
        return None
    return found if found[1] >= config.score_cutoff else None


def align(
    a: Sequence[Sentence], b: Sequence[Sentence], *, config: TraceConfig | None = None
) -> Alignment:
    """Align the sentences of two documents.

    Parameters
    ----------
    a, b : sequence of Sentence
        The sentences of each document, in order (``Sentence.index`` is kept).
    config : TraceConfig, optional
        Cut-offs; the defaults when omitted.

    Returns
    -------
    Alignment
        Every aligned pair, sorted by ``(a_index, b_index)``.

    Examples
    --------
    >>> from provenance.model import Sentence
    >>> s = Sentence("x", 0, 0, 37, "The Taliban denied the reports today.")
    >>> [p.kind for p in align([s], [s]).pairs]
    ['verbatim']
    """
    config = config or TraceConfig()
    a_id = a[0].document if a else "a"
    b_id = b[0].document if b else "b"
    pairs = _align_sides([a, b], config).get((0, 1), [])
    return Alignment(a=a_id, b=b_id, pairs=tuple(sorted(pairs, key=_pair_key)))


def align_corpus(
    sentences: Iterable[Sentence],
    *,
    config: TraceConfig | None = None,
    new: Collection[str] | None = None,
    skip: Collection[str] | None = None,
    engine: Engine | None = None,
) -> tuple[Alignment, ...]:
    """Align every pair of documents in a corpus in one pass.

    Documents are taken in sorted id order; each :class:`Alignment` has
    ``a < b`` and only pairs of documents sharing at least one sentence appear.

    Parameters
    ----------
    sentences : iterable of Sentence
        The sentences of every document.
    config : TraceConfig, optional
        Cut-offs; the defaults when omitted.
    new : collection of str, optional
        Align only the pairs of documents of which at least one is in ``new``
        (for adding documents to a corpus already aligned). The alignment of two
        documents depends on those two alone, so the pairs found are those a
        whole-corpus run finds for them (given the same ``skip``).
    skip : collection of str, optional
        Normalised sentence texts not to align: by default
        :func:`boilerplate`'s, the texts that occur more than
        ``config.max_copies`` times in ``sentences``.
    engine : Engine, optional
        Where the scoring partitions run (:mod:`provenance.engine`); the result
        does not depend on it.
    """
    config = config or TraceConfig()
    sentences = list(sentences)
    skipped = frozenset(boilerplate(sentences, config) if skip is None else skip)
    by_doc: dict[str, list[Sentence]] = {}
    for sentence in sentences:
        by_doc.setdefault(sentence.document, []).append(sentence)
    ids = sorted(by_doc)
    sides = [sorted(by_doc[i], key=lambda s: s.index) for i in ids]
    fresh = None if new is None else np.asarray([i in set(new) for i in ids], dtype=bool)
    found = _align_sides(sides, config, fresh, skipped)
    return tuple(
        Alignment(a=ids[x], b=ids[y], pairs=tuple(sorted(found[(x, y)], key=_pair_key)))
        for x, y in sorted(found)
        if found[(x, y)]
    )


def _pair_key(pair: SentencePair) -> tuple[int, int]:
    return (pair.a_index, pair.b_index)


class _Corpus:
    """The flattened sentences of all sides, normalised once."""

    def __init__(
        self,
        sides: Sequence[Sequence[Sentence]],
        config: TraceConfig,
        skip: frozenset[str] = frozenset(),
    ) -> None:
        self.sentences: list[Sentence] = []
        side_of: list[int] = []
        self.texts: list[str] = []
        self.words: list[frozenset[str]] = []
        for side, sentences in enumerate(sides):
            for sentence in sentences:
                text = normalise(sentence.text)
                content = alignable_words(sentence.text, config)
                if content is None or text in skip:
                    continue
                self.sentences.append(sentence)
                side_of.append(side)
                self.texts.append(text)
                self.words.append(content)
        self.side = np.asarray(side_of, dtype=np.int64)
        self.size = len(self.sentences)

    def candidate_pairs(self, min_shared: int) -> npt.NDArray[np.int64]:
        """Every cross-side pair ``i < j`` sharing ``min_shared`` content words.

        Sentences with the same content words (copies) are joined once, as one
        word set, and the pairs of their copies expanded afterwards, so a story
        reprinted a hundred times costs one comparison per sentence, not 5,000.
        Returns the sorted pair keys ``i * size + j``.
        """
        set_ids: dict[frozenset[str], int] = {}
        set_of = np.asarray(
            [set_ids.setdefault(words, len(set_ids)) for words in self.words], dtype=np.int64
        )
        count = len(set_ids)
        first_set, second_set = np.divmod(_overlap_join(list(set_ids), min_shared), count)
        order = np.argsort(set_of, kind="stable")
        starts = np.searchsorted(set_of[order], np.arange(count))
        ends = np.searchsorted(set_of[order], np.arange(count), side="right")
        repeated = np.flatnonzero(ends - starts > 1)
        blocks: list[npt.NDArray[np.int64]] = [np.zeros(0, dtype=np.int64)]
        for u, v in zip(
            np.concatenate((first_set, repeated)).tolist(),
            np.concatenate((second_set, repeated)).tolist(),
            strict=True,
        ):
            mu, mv = order[starts[u] : ends[u]], order[starts[v] : ends[v]]
            if u == v:
                first, second = np.triu_indices(len(mu), k=1)
                left, right = mu[first], mu[second]
            else:
                left, right = np.repeat(mu, len(mv)), np.tile(mv, len(mu))
                left, right = np.minimum(left, right), np.maximum(left, right)
            cross = self.side[left] != self.side[right]
            blocks.append(left[cross] * self.size + right[cross])
        return np.sort(np.concatenate(blocks))


def _overlap_join(word_sets: Sequence[frozenset[str]], min_shared: int) -> npt.NDArray[np.int64]:
    """Every pair ``u < v`` of word sets sharing ``min_shared`` words, as ``u * n + v``.

    Exact, by prefix filtering (as in set-similarity joins): order each set's
    words rarest first; two sets sharing ``t`` words must share one of the first
    ``len - t + 1`` words of each. Only those prefix words are indexed, so
    common words never make huge posting lists.
    """
    n = len(word_sets)
    vocabulary: dict[str, int] = {}
    set_ids: list[int] = []
    word_ids: list[int] = []
    for i, words in enumerate(word_sets):
        for word in words:
            set_ids.append(i)
            word_ids.append(vocabulary.setdefault(word, len(vocabulary)))
    set_arr = np.asarray(set_ids, dtype=np.int64)
    word_arr = np.asarray(word_ids, dtype=np.int64)
    frequency = np.bincount(word_arr)
    rank = np.empty_like(frequency)
    rank[np.lexsort((np.arange(len(frequency)), frequency))] = np.arange(len(frequency))
    order = np.lexsort((rank[word_arr], set_arr))
    set_arr, word_arr = set_arr[order], word_arr[order]
    lengths = np.bincount(set_arr, minlength=n)
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    position = np.arange(len(set_arr)) - starts[set_arr]
    prefix = position < lengths[set_arr] - min_shared + 1
    set_arr, word_arr = set_arr[prefix], word_arr[prefix]

    order = np.argsort(word_arr, kind="stable")
    postings = set_arr[order]
    bounds = np.flatnonzero(np.diff(word_arr[order])) + 1
    blocks: list[npt.NDArray[np.int64]] = [np.zeros(0, dtype=np.int64)]
    for group in np.split(postings, bounds):
        if len(group) > 1:
            first, second = np.triu_indices(len(group), k=1)
            blocks.append(group[first] * n + group[second])
    keys = np.unique(np.concatenate(blocks))
    left, right = np.divmod(keys, max(n, 1))
    shared = [
        len(word_sets[i] & word_sets[j]) for i, j in zip(left.tolist(), right.tolist(), strict=True)
    ]
    return keys[np.asarray(shared, dtype=np.int64) >= min_shared]


def _align_sides(
    sides: Sequence[Sequence[Sentence]],
    config: TraceConfig,
    fresh: npt.NDArray[np.bool_] | None = None,
    skip: frozenset[str] = frozenset(),
) -> Pairs:
    corpus = _Corpus(sides, config, skip)
    found: Pairs = {}
    if corpus.size < 2:
        return found
    keys = corpus.candidate_pairs(config.min_shared_words)
    left, right = np.divmod(keys, corpus.size)
    if fresh is not None:
        touching = fresh[corpus.side[left]] | fresh[corpus.side[right]]
        left, right = left[touching], right[touching]
    ratio, token_set = _score(corpus, left, right)
    # A part of a split sentence has (almost) only words of the whole: token-set
    # similarity is high. Only such pairs are tried as splits.
    part = token_set >= min(config.near_cutoff, config.paraphrase_cutoff)
    # A necessary condition of classify(), checked in bulk before the per-pair call.
    maybe = (ratio >= min(config.near_cutoff, config.verbatim_cutoff)) | (
        (token_set >= config.paraphrase_cutoff) & (ratio >= config.paraphrase_min_ratio)
    )
    keep = part | maybe
    scored = {
        (i, j): (r, t)
        for i, j, r, t in zip(
            left[keep].tolist(),
            right[keep].tolist(),
            ratio[keep].tolist(),
            token_set[keep].tolist(),
            strict=True,
        )
    }
    groups = _split_groups(corpus, left[part], right[part], scored, config)
    grouped = {pair for group in groups for pair in group[0]}
    for (i, j), (r, t) in scored.items():
        if (i, j) in grouped:
            continue
        verdict = classify(r, t, config)
        if verdict is not None:
            _add(found, corpus, i, j, verdict, r, t, (i,), (j,))
    for members, (kind, score), r, t in groups:
        if score < config.score_cutoff:
            continue
        lefts = tuple(sorted({i for i, _ in members}))
        rights = tuple(sorted({j for _, j in members}))
        for i, j in members:
            _add(found, corpus, i, j, (kind, score), r, t, lefts, rights)
    return found


def _score(
    corpus: _Corpus, left: npt.NDArray[np.int64], right: npt.NDArray[np.int64]
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    # Copies repeat the same pair of texts: score each distinct pair once.
    text_ids: dict[str, int] = {}
    text_of = np.asarray([text_ids.setdefault(t, len(text_ids)) for t in corpus.texts])
    texts = list(text_ids)
    if len(left) == 0:
        return _cpdist([], [])
    a, b = text_of[left], text_of[right]
    low, high = np.minimum(a, b), np.maximum(a, b)  # both scorers are symmetric
    keys, inverse = np.unique(low * len(texts) + high, return_inverse=True)
    first, second = np.divmod(keys, len(texts))
    ratio, token_set = _cpdist([texts[i] for i in first], [texts[j] for j in second])
    return ratio[inverse], token_set[inverse]


def _cpdist(
    queries: list[str], choices: list[str]
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    if not queries:
        empty = np.zeros(0, dtype=np.float64)
        return empty, empty
    # Texts are normalised up front, so rapidfuzz must not process them again.
    ratio = process.cpdist(queries, choices, scorer=fuzz.ratio, processor=None, workers=-1)
    token_set = process.cpdist(
        queries, choices, scorer=fuzz.token_set_ratio, processor=None, workers=-1
    )
    # Scores are decided and reported at two decimals, so a reported 97.0 is verbatim.
    return _two_decimals(ratio), _two_decimals(token_set)


def _two_decimals(scores: npt.ArrayLike) -> npt.NDArray[np.float64]:
    return np.asarray(np.round(np.asarray(scores, dtype=np.float64), 2), dtype=np.float64)


Group = tuple[tuple[tuple[int, int], ...], tuple[PairKind, float], float, float]


def _split_groups(
    corpus: _Corpus,
    left: npt.NDArray[np.int64],
    right: npt.NDArray[np.int64],
    scored: dict[tuple[int, int], tuple[float, float]],
    config: TraceConfig,
) -> list[Group]:
    """One sentence against two consecutive sentences of the other side, joined.

    For every candidate pair that may be part of a split, the other side's
    sentence is joined with its neighbour before and after. A group is kept
    when the joined text is a ``near`` (or better) match and beats each part
    alone; each sentence joins at most one group per pair of documents, best
    score first.
    """
    n = corpus.size
    triples: set[tuple[int, int, int, bool]] = set()  # single, first, second, single-on-left
    for single, other, on_left in ((left, right, True), (right, left, False)):
        for s, o in zip(single.tolist(), other.tolist(), strict=True):
            for first, second in ((o - 1, o), (o, o + 1)):
                if first >= 0 and second < n and _consecutive(corpus, first, second):
                    triples.add((s, first, second, on_left))
    if not triples:
        return []
    size = [len(text) for text in corpus.texts]
    # fuzz.ratio <= 200 * min(len) / (sum of lengths): skip joins that cannot reach near.
    ordered = [
        (s, o, x, on_left)
        for s, o, x, on_left in sorted(triples)
        if 200 * min(size[s], size[o] + size[x] + 1)
        >= config.near_cutoff * (size[s] + size[o] + size[x] + 1)
    ]
    if not ordered:
        return []
    joined = [corpus.texts[o] + " " + corpus.texts[x] for _, o, x, _ in ordered]
    queries = [corpus.texts[s] for s, _, _, _ in ordered]
    ratio = _two_decimals(
        process.cpdist(queries, joined, scorer=fuzz.ratio, processor=None, workers=-1)
    )
    candidates: list[tuple[float, tuple[tuple[str, int, str], ...], int, int, Group]] = []
    for (s, o, x, on_left), query, text, r in zip(ordered, queries, joined, ratio, strict=True):
        alone = max(_ratio_of(scored, s, o, on_left), _ratio_of(scored, s, x, on_left))
        if r < config.near_cutoff or r <= alone:
            continue
        kind: PairKind = "verbatim" if r >= config.verbatim_cutoff else "near"
        members = ((s, o), (s, x)) if on_left else ((o, s), (x, s))
        token_set = round(fuzz.token_set_ratio(query, text, processor=None), 2)
        # Ties are broken by the sentences themselves, not by corpus positions, so
        # that aligning B with A mirrors aligning A with B.
        key = tuple(
            sorted(
                (corpus.sentences[k].document, corpus.sentences[k].index, corpus.texts[k])
                for k in (s, o, x)
            )
        )
        candidates.append((-float(r), key, s, o, (members, (kind, float(r)), float(r), token_set)))
    # Each sentence joins at most one group per pair of documents.
    used: dict[tuple[int, ...], set[int]] = defaultdict(set)
    groups: list[Group] = []
    for _, _, s, o, group in sorted(candidates, key=lambda c: c[:2]):
        touched = {s, o, o + 1}
        sides = tuple(sorted((int(corpus.side[s]), int(corpus.side[o]))))
        if touched & used[sides]:
            continue
        used[sides] |= touched
        groups.append(group)
    return groups


def _consecutive(corpus: _Corpus, first: int, second: int) -> bool:
    """Neighbours among the aligned sentences of one document (a short line between
    the two halves of a split, such as "Read more:", does not undo it)."""
    a, b = corpus.sentences[first], corpus.sentences[second]
    same_side = corpus.side[first] == corpus.side[second]
    return bool(same_side) and a.document == b.document and b.index > a.index


def _ratio_of(
    scored: dict[tuple[int, int], tuple[float, float]], single: int, other: int, on_left: bool
) -> float:
    key = (single, other) if on_left else (other, single)
    return scored.get(key, (0.0, 0.0))[0]


def _add(
    found: Pairs,
    corpus: _Corpus,
    i: int,
    j: int,
    verdict: tuple[PairKind, float],
    ratio: float,
    token_set: float,
    lefts: tuple[int, ...],
    rights: tuple[int, ...],
) -> None:
    a, b = corpus.sentences[i], corpus.sentences[j]
    index = corpus.sentences
    pair = SentencePair(
        a_index=a.index,
        b_index=b.index,
        kind=verdict[0],
        score=round(verdict[1], 2),
        ratio=round(ratio, 2),
        token_set=round(token_set, 2),
        a_group=tuple(index[k].index for k in lefts),
        b_group=tuple(index[k].index for k in rights),
    )
    sides = (int(corpus.side[i]), int(corpus.side[j]))
    found.setdefault(sides, []).append(pair)
