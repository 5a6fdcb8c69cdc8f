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
result symmetric and stable: adding sentences to a document never removes a pair.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process, utils

from provenance.config import TraceConfig
from provenance.model import Alignment, PairKind, Sentence, SentencePair

__all__ = ["align", "align_corpus", "classify", "content_words", "normalise"]

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

Pairs = dict[tuple[int, int], list[SentencePair]]


def normalise(text: str) -> str:
    """The text as alignment compares it: lower case, punctuation and extra spaces gone.

    >>> normalise("  The WSJ  reported, “on Sunday”!")
    'the wsj reported on sunday'
    """
    return " ".join(utils.default_process(text).split())


def content_words(normalised: str) -> frozenset[str]:
    """The words of a normalised sentence that are not stop words.

    >>> sorted(content_words("the taliban denied the reports"))
    ['denied', 'reports', 'taliban']
    """
    return frozenset(w for w in _WORD.findall(normalised) if w not in STOP_WORDS)


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
    sentences: Iterable[Sentence], *, config: TraceConfig | None = None
) -> tuple[Alignment, ...]:
    """Align every pair of documents in a corpus in one pass.

    Documents are taken in sorted id order; each :class:`Alignment` has
    ``a < b`` and only pairs of documents sharing at least one sentence appear.
    """
    config = config or TraceConfig()
    by_doc: dict[str, list[Sentence]] = {}
    for sentence in sentences:
        by_doc.setdefault(sentence.document, []).append(sentence)
    ids = sorted(by_doc)
    sides = [sorted(by_doc[i], key=lambda s: s.index) for i in ids]
    found = _align_sides(sides, config)
    return tuple(
        Alignment(a=ids[x], b=ids[y], pairs=tuple(sorted(found[(x, y)], key=_pair_key)))
        for x, y in sorted(found)
        if found[(x, y)]
    )


def _pair_key(pair: SentencePair) -> tuple[int, int]:
    return (pair.a_index, pair.b_index)


class _Corpus:
    """The flattened sentences of all sides, normalised once."""

    def __init__(self, sides: Sequence[Sequence[Sentence]], config: TraceConfig) -> None:
        self.sentences: list[Sentence] = []
        side_of: list[int] = []
        self.texts: list[str] = []
        self.words: list[frozenset[str]] = []
        for side, sentences in enumerate(sides):
            for sentence in sentences:
                text = normalise(sentence.text)
                words = content_words(text)
                # The documented drop rule: too short to tell copying from chance.
                if len(text.split()) < config.min_words or len(words) < config.min_shared_words:
                    continue
                self.sentences.append(sentence)
                side_of.append(side)
                self.texts.append(text)
                self.words.append(words)
        self.side = np.asarray(side_of, dtype=np.int64)
        self.size = len(self.sentences)

    def shared_word_counts(self) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """Each cross-side pair ``i < j`` sharing a content word, and how many they share.

        Returns the pair keys ``i * size + j`` and their counts, sorted by key.
        """
        vocabulary: dict[str, int] = {}
        sentence_ids: list[int] = []
        word_ids: list[int] = []
        for i, words in enumerate(self.words):
            for word in words:
                sentence_ids.append(i)
                word_ids.append(vocabulary.setdefault(word, len(vocabulary)))
        words_arr = np.asarray(word_ids, dtype=np.int64)
        order = np.argsort(words_arr, kind="stable")
        postings = np.asarray(sentence_ids, dtype=np.int64)[order]
        bounds = np.flatnonzero(np.diff(words_arr[order])) + 1
        blocks: list[npt.NDArray[np.int64]] = []
        for group in np.split(postings, bounds):
            if len(group) < 2:
                continue
            first, second = np.triu_indices(len(group), k=1)
            left, right = group[first], group[second]
            cross = self.side[left] != self.side[right]
            blocks.append(left[cross] * self.size + right[cross])
        if not blocks:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty
        keys, counts = np.unique(np.concatenate(blocks), return_counts=True)
        return keys, counts.astype(np.int64)


def _align_sides(sides: Sequence[Sequence[Sentence]], config: TraceConfig) -> Pairs:
    corpus = _Corpus(sides, config)
    found: Pairs = {}
    if corpus.size < 2:
        return found
    keys, counts = corpus.shared_word_counts()
    one_to_one = keys[counts >= config.min_shared_words]
    left, right = np.divmod(one_to_one, corpus.size)
    ratio, token_set = _score(corpus, left, right)
    scored = {
        (int(i), int(j)): (float(r), float(t))
        for i, j, r, t in zip(left, right, ratio, token_set, strict=True)
    }
    groups = _split_groups(corpus, keys, counts, scored, config)
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
    queries = [corpus.texts[i] for i in left]
    choices = [corpus.texts[j] for j in right]
    return _cpdist(queries, choices)


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
    return ratio.astype(np.float64), token_set.astype(np.float64)


Group = tuple[tuple[tuple[int, int], ...], tuple[PairKind, float], float, float]


def _split_groups(
    corpus: _Corpus,
    keys: npt.NDArray[np.int64],
    counts: npt.NDArray[np.int64],
    scored: dict[tuple[int, int], tuple[float, float]],
    config: TraceConfig,
) -> list[Group]:
    """One sentence against two consecutive sentences of the other side, joined.

    A group is kept when the joined text is a ``near`` (or better) match and beats
    each part alone; each sentence joins at most one group, best score first.
    """
    n = corpus.size
    left, right = np.divmod(keys, n)
    share = dict(zip(keys.tolist(), counts.tolist(), strict=True))
    triples: list[tuple[int, int, int, bool]] = []  # single, first, second, single-on-left
    for single, other, nxt, on_left in (
        (left, right, right + 1, True),  # left sentence split into right, right+1
        (right, left, left + 1, False),  # right sentence split into left, left+1
    ):
        ok = nxt < n
        ok[ok] &= corpus.side[nxt[ok]] == corpus.side[other[ok]]
        partner = np.where(on_left, single * n + nxt, nxt * n + single)
        ok &= np.isin(partner, keys)
        for s, o, x in zip(single[ok], other[ok], nxt[ok], strict=True):
            first = share[int(s * n + o) if on_left else int(o * n + s)]
            second = share[int(s * n + x) if on_left else int(x * n + s)]
            consecutive = corpus.sentences[int(x)].index == corpus.sentences[int(o)].index + 1
            if consecutive and first + second >= config.min_shared_words:
                triples.append((int(s), int(o), int(x), on_left))
    if not triples:
        return []
    joined = [corpus.texts[o] + " " + corpus.texts[x] for _, o, x, _ in triples]
    ratio, token_set = _cpdist([corpus.texts[s] for s, _, _, _ in triples], joined)
    candidates: list[tuple[float, int, int, Group]] = []
    for (s, o, x, on_left), r, t in zip(triples, ratio, token_set, strict=True):
        alone = max(_ratio_of(scored, s, o, on_left), _ratio_of(scored, s, x, on_left))
        if r < config.near_cutoff or r <= alone:
            continue
        kind: PairKind = "verbatim" if r >= config.verbatim_cutoff else "near"
        members = ((s, o), (s, x)) if on_left else ((o, s), (x, s))
        candidates.append((-float(r), s, o, (members, (kind, float(r)), float(r), float(t))))
    used: set[int] = set()
    groups: list[Group] = []
    for _, s, o, group in sorted(candidates, key=lambda c: c[:3]):
        touched = {s, o, o + 1}
        if touched & used:
            continue
        used |= touched
        groups.append(group)
    return groups


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
