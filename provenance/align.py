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

import functools
import itertools
import operator
import re
import unicodedata
import warnings
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process, utils
from rapidfuzz.distance import Levenshtein

from provenance._gc import paused_gc
from provenance.config import TraceConfig
from provenance.engine import Engine, LocalEngine
from provenance.errors import CapWarning
from provenance.index import overlap_join, unique, unique_rows
from provenance.model import (
    PAIR_KINDS,
    PAIR_ROW,
    Alignment,
    PairKind,
    Sentence,
    SentencePairs,
    take_rows,
)

__all__ = [
    "align",
    "align_corpus",
    "align_normalised",
    "alignable_words",
    "boilerplate",
    "classify",
    "classify_scores",
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

Pairs = dict[tuple[int, int], SentencePairs]
IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
# Text pairs scored per partition: enough to amortise shipping, few enough to spread.
PARTITION = 100_000


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
    if normalised.isascii() and normalised.replace(" ", "").isalnum():
        return normalised.split()  # the commonest case, at a third of the regex's cost
    if not _UNSPACED.search(normalised):  # words are runs of \w
        return _WORD.findall(normalised)
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
    return _content_words(words(normalised))


def _content_words(found: list[str]) -> frozenset[str]:
    stems = frozenset(map(_content_stem, found))
    return stems - {""} if "" in stems else stems


_ENDINGS = ("ings", "ing", "ed", "es", "s", "e")


@functools.lru_cache(maxsize=1 << 16)
def _content_stem(word: str) -> str:
    """The word's stem, or "" for a stop word or a single letter (cached: words repeat)."""
    if word in STOP_WORDS or (len(word) == 1 and not word.isdigit()):
        return ""
    return word if _UNSPACED.match(word) else _stem(word)


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
    return _alignable(normalise(text), config)


def _alignable(normalised: str, config: TraceConfig) -> frozenset[str] | None:
    """:func:`alignable_words` of a text already normalised."""
    found = words(normalised)
    content = _content_words(found)
    if len(found) < config.min_words or len(content) < config.min_shared_words:
        return None
    return content


def boilerplate(sentences: Iterable[Sentence], config: TraceConfig) -> dict[str, int]:
    """The normalised texts that occur more than ``config.max_copies`` times, with their counts.

    Such sentences are not aligned (see :attr:`TraceConfig.max_copies`).
    """
    # Reprints repeat raw texts: count those, then normalise each once.
    raw = Counter(s.text for s in sentences)
    return _over_copies(raw, {text: normalise(text) for text in raw}, config)


def _over_copies(
    raw: Mapping[str, int], normalised: Mapping[str, str], config: TraceConfig
) -> dict[str, int]:
    """:func:`boilerplate` from the count and the normalised form of each raw text."""
    counts: dict[str, int] = {}
    for text, n in raw.items():
        counts[normalised[text]] = counts.get(normalised[text], 0) + n
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
    pairs = _align_sides([a, b], config).get((0, 1), ())
    return Alignment(a=a_id, b=b_id, pairs=pairs)


@paused_gc()
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
    raw = Counter(s.text for s in sentences)
    normalised = {text: normalise(text) for text in raw}  # once per distinct text
    skipped = frozenset(_over_copies(raw, normalised, config) if skip is None else skip)
    by_doc: dict[str, list[Sentence]] = {}
    for sentence in sentences:
        by_doc.setdefault(sentence.document, []).append(sentence)
    ids = sorted(by_doc)
    sides = [sorted(by_doc[i], key=_by_index) for i in ids]
    wanted = None if new is None else set(new)
    fresh = None if wanted is None else np.asarray([i in wanted for i in ids], dtype=bool)
    return _alignments(ids, _align_sides(sides, config, fresh, skipped, engine, normalised))


@paused_gc()
def align_normalised(
    names: Sequence[str],
    side: IntArray,
    index: IntArray,
    text_of: IntArray,
    texts: Sequence[str] | Mapping[int, str],
    words: Sequence[frozenset[str]] | Mapping[int, frozenset[str]],
    *,
    config: TraceConfig,
    fresh: npt.NDArray[np.bool_] | None = None,
    engine: Engine | None = None,
) -> tuple[Alignment, ...]:
    """:func:`align_corpus` of sentences already normalised (what a store keeps).

    ``names`` are the documents, sorted; each sentence is ``(side, index,
    text_of)``: its document as a place in ``names``, its index, and its text as
    a key of ``texts`` (distinct normalised texts, by id) and ``words`` (their
    :func:`alignable_words`). Only the sentences to align are given (none too
    short, none boilerplate), sorted by side then index. ``fresh`` is a mask
    over ``names``, as ``new`` is for :func:`align_corpus`; the result is the
    one :func:`align_corpus` gives for the same sentences.
    """
    if any(x >= y for x, y in itertools.pairwise(names)):
        raise ValueError("names: must be sorted and distinct")
    used, text_of = np.unique(text_of, return_inverse=True)
    set_ids: dict[frozenset[str], int] = {}
    set_of_text = [set_ids.setdefault(words[t], len(set_ids)) for t in used.tolist()]
    corpus = _Corpus(
        names,
        np.asarray(side, dtype=np.int64),
        np.asarray(index, dtype=np.int64),
        text_of.astype(np.int64).reshape(-1),
        [texts[t] for t in used.tolist()],
        np.asarray(set_of_text, dtype=np.int64),
        list(set_ids),
    )
    return _alignments(names, _align_corpus(corpus, config, fresh, engine))


def _alignments(names: Sequence[str], found: Pairs) -> tuple[Alignment, ...]:
    made = Alignment.of_columns  # the pairs are SentencePairs already: no conversion
    return tuple(made(names[x], names[y], found[(x, y)]) for x, y in sorted(found))


_by_index = operator.attrgetter("index")


class _Corpus:
    """The alignable sentences of all sides, flattened in side order, as arrays.

    Copies are the rule in news (a wire story reprinted a hundred times), so
    work is done once per distinct normalised text and once per distinct
    content-word set, and spread to the copies at the end.
    """

    def __init__(
        self,
        names: Sequence[str],
        side: IntArray,
        index: IntArray,
        text_of: IntArray,
        texts: list[str],
        set_of_text: IntArray,
        word_sets: list[frozenset[str]],
    ) -> None:
        self.names = list(names)  # each side's document
        self.side, self.index, self.text_of = side, index, text_of
        self.texts = texts  # distinct normalised texts
        self.text_size = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
        self.set_of_text, self.word_sets = set_of_text, word_sets  # distinct content-word sets
        self.size = len(side)

    @classmethod
    def of(
        cls,
        sides: Sequence[Sequence[Sentence]],
        config: TraceConfig,
        skip: frozenset[str] = frozenset(),
        normalised: Mapping[str, str] | None = None,
    ) -> _Corpus:
        """The alignable sentences of ``sides``, each side's sorted by index.

        ``normalised`` maps raw texts to :func:`normalise`'s (computed when not given).
        """
        side_of: list[int] = []
        index: list[int] = []
        text_of: list[int] = []
        set_of_text: list[int] = []
        text_ids: dict[str, int] = {}
        set_ids: dict[frozenset[str], int] = {}
        verdicts: dict[str, int | None] = {}  # raw text -> text id, None: not aligned
        for side, sentences in enumerate(sides):
            for sentence in sentences:
                raw = sentence.text
                if raw not in verdicts:
                    verdicts[raw] = cls._text_id(
                        normalised[raw] if normalised is not None else normalise(raw),
                        config,
                        skip,
                        text_ids,
                        set_ids,
                        set_of_text,
                    )
                text = verdicts[raw]
                if text is None:
                    continue
                side_of.append(side)
                index.append(sentence.index)
                text_of.append(text)
        return cls(
            [s[0].document if s else "" for s in sides],
            np.asarray(side_of, dtype=np.int64),
            np.asarray(index, dtype=np.int64),
            np.asarray(text_of, dtype=np.int64),
            list(text_ids),
            np.asarray(set_of_text, dtype=np.int64),
            list(set_ids),
        )

    def rank(self) -> IntArray:
        """Each sentence's place in (document, index, text) order (corpus order is side order)."""
        side_rank = np.unique(np.asarray(self.names, dtype=object), return_inverse=True)[1]
        text_rank = np.empty(len(self.texts), dtype=np.int64)
        text_rank[sorted(range(len(self.texts)), key=self.texts.__getitem__)] = np.arange(
            len(self.texts)
        )
        order = np.lexsort((text_rank[self.text_of], self.index, side_rank[self.side]))
        rank = np.empty(self.size, dtype=np.int64)
        rank[order] = np.arange(self.size)
        return rank

    @staticmethod
    def _text_id(
        text: str,
        config: TraceConfig,
        skip: frozenset[str],
        text_ids: dict[str, int],
        set_ids: dict[frozenset[str], int],
        set_of_text: list[int],
    ) -> int | None:
        if text in skip:
            return None
        if text not in text_ids:
            content = _alignable(text, config)
            if content is None:
                return None
            text_ids[text] = len(text_ids)
            set_of_text.append(set_ids.setdefault(content, len(set_ids)))
        return text_ids[text]


def _members(groups: IntArray, count: int) -> tuple[IntArray, IntArray, IntArray]:
    """Items grouped by group id: (items in group order, start of each group, size of each)."""
    order = np.argsort(groups, kind="stable")
    size = np.bincount(groups, minlength=count).astype(np.int64)
    start = np.concatenate(([0], np.cumsum(size)[:-1])).astype(np.int64)
    return order.astype(np.int64), start, size


def _cross(
    first: IntArray, second: IntArray, members: tuple[IntArray, IntArray, IntArray]
) -> tuple[IntArray, IntArray, IntArray]:
    """Every (member of group a, member of group b) for the group pairs ``(first, second)``.

    Returns the two members and the index of the group pair each came from; a
    group paired with itself gives each unordered pair of its members once.
    """
    order, start, size = members
    same = first == second
    count = np.where(same, size[first] * (size[first] - 1) // 2, size[first] * size[second])
    source = np.repeat(np.arange(len(first), dtype=np.int64), count)
    step = np.arange(len(source), dtype=np.int64) - np.repeat(np.cumsum(count) - count, count)
    a_size, b_size = size[first][source], size[second][source]
    i, j = np.divmod(step, np.maximum(b_size, 1))
    # Pairs of one group: step -> (i, j) with i < j, from the rows of the upper triangle.
    tri = same[source]
    if tri.any():
        ti, tj = _triangle(step[tri], a_size[tri])
        i[tri], j[tri] = ti, tj
    return order[start[first][source] + i], order[start[second][source] + j], source


def _triangle(step: IntArray, size: IntArray) -> tuple[IntArray, IntArray]:
    """The ``step``-th pair ``(i, j)``, ``i < j < size``, in row order."""
    # Row i holds size - 1 - i pairs: solve the quadratic, then correct rounding.
    i = np.floor((2 * size - 1 - np.sqrt((2.0 * size - 1) ** 2 - 8.0 * step)) / 2).astype(np.int64)
    i = np.clip(i, 0, np.maximum(size - 2, 0))
    i = np.where(_rows_before(i, size) > step, i - 1, i)
    i = np.where(_rows_before(i + 1, size) <= step, i + 1, i)
    return i, step - _rows_before(i, size) + i + 1


def _rows_before(i: IntArray, size: IntArray) -> IntArray:
    """Pairs in the rows before row ``i`` of the upper triangle of a ``size`` square."""
    return np.asarray(i * size - i * (i + 1) // 2, dtype=np.int64)


def _align_sides(
    sides: Sequence[Sequence[Sentence]],
    config: TraceConfig,
    fresh: npt.NDArray[np.bool_] | None = None,
    skip: frozenset[str] = frozenset(),
    engine: Engine | None = None,
    normalised: Mapping[str, str] | None = None,
) -> Pairs:
    """Every aligned pair of sentences of different sides, by (side, side), sorted."""
    return _align_corpus(_Corpus.of(sides, config, skip, normalised), config, fresh, engine)


def _align_corpus(
    corpus: _Corpus,
    config: TraceConfig,
    fresh: npt.NDArray[np.bool_] | None = None,
    engine: Engine | None = None,
) -> Pairs:
    if corpus.size < 2:
        return {}
    engine = engine or LocalEngine()
    if fresh is None:
        text_pairs = _text_candidates(corpus, config)
    else:
        # Adding documents: only pairs with a text of a new document are scored.
        in_fresh = np.zeros(len(corpus.texts), dtype=bool)
        in_fresh[corpus.text_of[fresh[corpus.side]]] = True
        text_pairs = _text_candidates(corpus, config, in_fresh)
        text_pairs = text_pairs[in_fresh[text_pairs[:, 0]] | in_fresh[text_pairs[:, 1]]]
    ratio, token_set = _score_texts(corpus, text_pairs, engine)
    # A part of a split sentence has (almost) only words of the whole: token-set
    # similarity is high. Only such pairs are tried as splits, and only where a
    # join could beat the part (not where the part is a reprint, say).
    part = token_set >= min(config.near_cutoff, config.paraphrase_cutoff)
    x, y = corpus.text_size[text_pairs[:, 0]], corpus.text_size[text_pairs[:, 1]]
    part &= _may_join(x, np.maximum(y + 1, x), ratio, config) | _may_join(
        y, np.maximum(x + 1, y), ratio, config
    )
    kind, score = classify_scores(ratio, token_set, config)
    wanted = part | (kind >= 0)
    pairs = _SentencePairs.expand(corpus, text_pairs[wanted], fresh)
    pairs.text_ratio = ratio[wanted]
    pairs.ratio, pairs.token_set = ratio[wanted][pairs.source], token_set[wanted][pairs.source]
    pairs.kind, pairs.score = kind[wanted][pairs.source], score[wanted][pairs.source]
    pairs.part = part[wanted][pairs.source]
    groups = _split_groups(corpus, pairs, engine, config)
    return _assemble(corpus, pairs, groups, config)


def _text_candidates(
    corpus: _Corpus, config: TraceConfig, fresh: npt.NDArray[np.bool_] | None = None
) -> IntArray:
    """Pairs of distinct texts ``(x, y)``, ``x <= y``, whose word sets share enough words.

    ``x == y`` stands for two copies of one text. Rows of a ``(count, 2)`` array.
    With ``fresh`` (a mask over the texts), at least all the pairs with a fresh text.
    """
    fresh_sets = None
    if fresh is not None:
        fresh_sets = np.zeros(len(corpus.word_sets), dtype=bool)
        fresh_sets[corpus.set_of_text[fresh]] = True
    set_keys, caps = overlap_join(corpus.word_sets, config.min_shared_words, fresh=fresh_sets)
    for cap in caps:
        warnings.warn(f"candidate index: {cap.what} ({cap.count:,})", CapWarning, stacklevel=4)
    u, v = np.divmod(set_keys, len(corpus.word_sets))
    # A set with itself: its texts with each other, and copies of one text.
    every = np.arange(len(corpus.word_sets), dtype=np.int64)
    first, second = np.concatenate((u, every)), np.concatenate((v, every))
    texts = _members(corpus.set_of_text, len(corpus.word_sets))
    x, y, _ = _cross(first, second, texts)
    copies = np.bincount(corpus.text_of, minlength=len(corpus.texts))
    repeated = np.flatnonzero(copies > 1)
    x, y = np.concatenate((x, repeated)), np.concatenate((y, repeated))
    return np.column_stack((np.minimum(x, y), np.maximum(x, y)))


def _score_texts(
    corpus: _Corpus, text_pairs: IntArray, engine: Engine
) -> tuple[FloatArray, FloatArray]:
    """``fuzz.ratio`` and ``fuzz.token_set_ratio`` of each text pair (copies score 100)."""
    ratio = np.full(len(text_pairs), 100.0)
    token_set = np.full(len(text_pairs), 100.0)
    differ = np.flatnonzero(text_pairs[:, 0] != text_pairs[:, 1])
    texts = corpus.texts
    ratio[differ], token_set[differ] = _score_on(
        engine,
        [texts[i] for i in text_pairs[differ, 0].tolist()],
        [texts[j] for j in text_pairs[differ, 1].tolist()],
    )
    return ratio, token_set


def _score_on(
    engine: Engine, queries: list[str], choices: list[str]
) -> tuple[FloatArray, FloatArray]:
    """:func:`score_partition` over ``queries[k], choices[k]``, cut into partitions
    of at most PARTITION pairs and at least two per partition the engine runs at
    once (so that no worker idles)."""
    count = len(queries)
    if not count:
        return score_partition(([], [], engine.workers))
    parallel = engine.parallel
    parts = max(-(-count // PARTITION), min(count, 2 * parallel) if parallel > 1 else 1)
    bounds = np.linspace(0, count, parts + 1).astype(np.int64).tolist()
    partitions = [
        (queries[a:b], choices[a:b], engine.workers) for a, b in itertools.pairwise(bounds) if b > a
    ]
    scored = engine.map(score_partition, partitions)
    return np.concatenate([r for r, _ in scored]), np.concatenate([t for _, t in scored])


def score_partition(
    partition: tuple[list[str], list[str], int],
) -> tuple[FloatArray, FloatArray]:
    """Score one partition: ``fuzz.ratio`` and ``fuzz.token_set_ratio`` of each pair.

    ``partition`` is ``(queries, choices, workers)``: normalised texts, paired
    by position, and rapidfuzz's thread count. A module-level function of plain
    data, so that any engine can ship it (:mod:`provenance.engine`).
    """
    queries, choices, workers = partition
    if not queries:
        empty = np.zeros(0, dtype=np.float64)
        return empty, empty
    # Texts are normalised up front, so rapidfuzz must not process them again.
    ratio = process.cpdist(queries, choices, scorer=fuzz.ratio, processor=None, workers=workers)
    token_set = process.cpdist(
        queries, choices, scorer=fuzz.token_set_ratio, processor=None, workers=workers
    )
    # Scores are decided and reported at two decimals, so a reported 97.0 is verbatim.
    return _two_decimals(ratio), _two_decimals(token_set)


def _two_decimals(scores: npt.ArrayLike) -> FloatArray:
    return np.asarray(np.round(np.asarray(scores, dtype=np.float64), 2), dtype=np.float64)


def classify_scores(
    ratio: FloatArray, token_set: FloatArray, config: TraceConfig
) -> tuple[IntArray, FloatArray]:
    """:func:`classify` in bulk: kind codes (index in PAIR_KINDS, -1 unrelated) and scores.

    >>> ratio, token_set = np.array([100.0, 60.0, 30.0]), np.array([100.0, 90.0, 30.0])
    >>> kind, score = classify_scores(ratio, token_set, TraceConfig())
    >>> kind.tolist(), score.tolist()
    ([0, 2, -1], [100.0, 90.0, 30.0])
    """
    verbatim = ratio >= config.verbatim_cutoff
    near = ~verbatim & (ratio >= config.near_cutoff)
    paraphrase = (
        ~verbatim
        & ~near
        & (token_set >= config.paraphrase_cutoff)
        & (ratio >= config.paraphrase_min_ratio)
    )
    kind = np.select([verbatim, near, paraphrase], [0, 1, 2], default=-1).astype(np.int64)
    score = np.where(paraphrase, token_set, ratio)
    kind[score < config.score_cutoff] = -1
    return kind, score


class _SentencePairs:
    """Candidate sentence pairs ``left < right`` (corpus positions) with their scores."""

    def __init__(self, left: IntArray, right: IntArray, source: IntArray) -> None:
        self.left, self.right, self.source = left, right, source
        empty_f, empty_i = np.zeros(len(left)), np.zeros(len(left), dtype=np.int64)
        self.ratio, self.token_set, self.score = empty_f, empty_f, empty_f
        self.kind, self.part = empty_i, np.zeros(len(left), dtype=bool)
        # The text pairs the sentence pairs come from (``source``), and their ratios.
        self.text_pairs, self.text_ratio = np.zeros((0, 2), dtype=np.int64), empty_f[:0]

    @classmethod
    def expand(
        cls, corpus: _Corpus, text_pairs: IntArray, fresh: npt.NDArray[np.bool_] | None
    ) -> _SentencePairs:
        """The sentences of each text pair, on different sides (one of them fresh)."""
        copies = _members(corpus.text_of, len(corpus.texts))
        left, right, source = _cross(text_pairs[:, 0], text_pairs[:, 1], copies)
        left, right = np.minimum(left, right), np.maximum(left, right)
        keep = corpus.side[left] != corpus.side[right]
        if fresh is not None:
            keep &= fresh[corpus.side[left]] | fresh[corpus.side[right]]
        expanded = cls(left[keep], right[keep], source[keep])
        expanded.text_pairs = text_pairs
        return expanded

    def ratio_of(self, corpus: _Corpus, left: IntArray, right: IntArray) -> FloatArray:
        """The ratio of each pair ``(left, right)`` of sentences on different sides
        (either order, as fresh as the candidates); 0 if not a candidate."""
        # Looked up by text: a pair of sentences is a candidate as their texts are.
        size = len(corpus.texts)
        x, y = corpus.text_of[left], corpus.text_of[right]
        wanted = np.minimum(x, y) * size + np.maximum(x, y)
        if not len(self.text_ratio):
            return np.zeros(len(wanted))
        keys = self.text_pairs[:, 0] * size + self.text_pairs[:, 1]
        order = np.argsort(keys)
        keys = keys[order]
        at = np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)
        return np.where(keys[at] == wanted, self.text_ratio[order[at]], 0.0)


def _split_groups(
    corpus: _Corpus, pairs: _SentencePairs, engine: Engine, config: TraceConfig
) -> _Groups:
    """One sentence against two consecutive sentences of the other side, joined.

    For every candidate pair that may be part of a split, the other side's
    sentence is joined with its neighbour before and after. A group is kept
    when the joined text is a ``near`` (or better) match and beats each part
    alone; each sentence joins at most one group per pair of documents, best
    score first, ties broken by the sentences themselves (document, index,
    text), so that aligning B with A mirrors aligning A with B.
    """
    n = corpus.size
    size = corpus.text_size[corpus.text_of]
    part = np.flatnonzero(pairs.part)
    single = np.concatenate((pairs.left[part], pairs.right[part]))
    other = np.concatenate((pairs.right[part], pairs.left[part]))
    known = np.tile(pairs.ratio[part], 2)  # the ratio of the pair each join is found by
    hopeful = _may_join(size[single], np.maximum(size[other] + 1, size[single]), known, config)
    single, other, known = single[hopeful], other[hopeful], known[hopeful]
    # The other side's sentence with the one before it, and with the one after it.
    first, single = np.concatenate((other - 1, other)), np.concatenate((single, single))
    known = np.tile(known, 2)
    ok = (first >= 0) & (first + 1 < n)
    ok[ok] = corpus.side[first[ok]] == corpus.side[first[ok] + 1]
    single, first, known = single[ok], first[ok], known[ok]
    reach = _may_join(size[single], size[first] + size[first + 1] + 1, known, config)
    single, first = np.divmod(unique(single[reach] * n + first[reach]), n)
    if not len(single):
        return _Groups.none()
    second = first + 1
    text = corpus.text_of
    # Copies repeat the same three texts: join and score each triple once.
    triple, inverse = unique_rows(np.column_stack((text[single], text[first], text[second])))
    texts = corpus.texts
    triple_ratio, triple_token_set = _score_on(
        engine,
        [texts[s] for s in triple[:, 0].tolist()],
        [texts[a] + " " + texts[b] for a, b in triple[:, 1:].tolist()],
    )
    ratio = triple_ratio[inverse]
    # The better of the two parts alone (one lookup: the candidates are sorted once).
    either = pairs.ratio_of(
        corpus, np.concatenate((single, single)), np.concatenate((first, second))
    )
    alone = either.reshape(2, -1).max(axis=0)
    good = np.flatnonzero((ratio >= config.near_cutoff) & (ratio > alone))
    # Best first; ties by the three sentences in (document, index) order.
    rank = corpus.rank()
    k1, k2, k3 = np.sort(np.stack((rank[single[good]], rank[first[good]], rank[second[good]])), 0)
    good = good[np.lexsort((k3, k2, k1, -ratio[good]))]
    single, first, second = single[good], first[good], second[good]
    chosen = _first_come(corpus, single, first, second)
    good = good[chosen]
    return _Groups(
        single[chosen], first[chosen], second[chosen], ratio[good], triple_token_set[inverse[good]]
    )


def _may_join(
    single: IntArray, joined: IntArray, known: FloatArray, config: TraceConfig
) -> npt.NDArray[np.bool_]:
    """Whether a text of length ``single`` and a join of length ``joined`` can reach
    ``near`` and beat ``known``, the ratio of the part alone they were found by.

    ``fuzz.ratio <= 200 * min(len) / (sum of lengths)``: the bound rises with
    ``joined`` up to ``single`` and falls after it. A join is longer than the
    sentence it extends, so where the bound fails for ``joined = max(other + 1,
    single)`` it fails for every join of ``other`` (as it does for reprints).
    """
    most = 200 * np.minimum(single, joined)
    total = single + joined
    return (most >= config.near_cutoff * total) & (known * total <= most + 1e-6 * most)


def _first_come(corpus: _Corpus, single: IntArray, first: IntArray, second: IntArray) -> IntArray:
    """The groups, in order, that share no sentence with an earlier chosen one of the same sides."""
    m, side = len(single), corpus.side
    sides = np.column_stack(
        (np.minimum(side[single], side[first]), np.maximum(side[single], side[first]))
    )
    keys = np.column_stack((np.tile(sides, (3, 1)), np.concatenate((single, first, second))))
    _, inverse = unique_rows(keys)
    # A group none of whose sentences is in another group of its sides is chosen;
    # only the contested ones are decided one by one, best first.
    contested = np.asarray((np.bincount(inverse)[inverse] > 1).reshape(3, m).any(axis=0))
    chosen = ~contested
    used: dict[tuple[int, int], set[int]] = defaultdict(set)
    for g in np.flatnonzero(contested).tolist():
        touched = {int(single[g]), int(first[g]), int(second[g])}
        taken = used[(int(sides[g, 0]), int(sides[g, 1]))]
        if not touched & taken:
            taken |= touched
            chosen[g] = True
    return np.flatnonzero(chosen)


class _Groups:
    """Split groups, one row each: ``single`` aligned with ``first`` and ``second`` joined."""

    def __init__(
        self,
        single: IntArray,
        first: IntArray,
        second: IntArray,
        ratio: FloatArray,
        token_set: FloatArray,
    ) -> None:
        self.single, self.first, self.second = single, first, second
        self.ratio, self.token_set = ratio, token_set

    @classmethod
    def none(cls) -> _Groups:
        empty = np.zeros(0, dtype=np.int64)
        return cls(empty, empty, empty, np.zeros(0), np.zeros(0))

    def members(self) -> tuple[IntArray, IntArray]:
        """Both pairs of each group as (left, right) positions: group g's are rows 2g, 2g + 1."""
        on_left = self.single < self.first  # positions follow side order
        left = np.where(on_left, self.single, np.stack((self.first, self.second)))
        right = np.where(on_left, np.stack((self.first, self.second)), self.single)
        return left.T.reshape(-1), right.T.reshape(-1)


def _assemble(
    corpus: _Corpus, pairs: _SentencePairs, groups: _Groups, config: TraceConfig
) -> Pairs:
    """The pairs of each pair of sides, as columns sorted by ``(a_index, b_index)``."""
    n = corpus.size
    member_left, member_right = groups.members()
    grouped = member_left * n + member_right
    single = np.flatnonzero((pairs.kind >= 0) & ~np.isin(pairs.left * n + pairs.right, grouped))
    kept = np.flatnonzero(groups.ratio >= config.score_cutoff)
    rows = np.stack((2 * kept, 2 * kept + 1)).T.reshape(-1)
    left = np.concatenate((pairs.left[single], member_left[rows]))
    right = np.concatenate((pairs.right[single], member_right[rows]))
    side, index = corpus.side, corpus.index
    table = np.zeros(len(left), dtype=PAIR_ROW)
    table["a_index"], table["b_index"] = index[left], index[right]
    table["a_group"] = table["b_group"] = -1  # -1: the sentence alone
    ones = len(single)
    for column in ("kind", "score", "ratio", "token_set"):
        table[column][:ones] = getattr(pairs, column)[single]
    # Kept group k's rows are 2k and 2k + 1; its a side is shared[2k], its b side shared[2k + 1].
    k = np.repeat(np.arange(len(kept)), 2)
    joined = groups.ratio[kept][k]
    table["kind"][ones:] = np.where(
        joined >= config.verbatim_cutoff, PAIR_KINDS.index("verbatim"), PAIR_KINDS.index("near")
    )
    table["score"][ones:] = table["ratio"][ones:] = joined
    table["token_set"][ones:] = groups.token_set[kept][k]
    table["a_group"][ones:], table["b_group"][ones:] = 2 * k, 2 * k + 1
    shared = _group_indices(index[member_left[rows]], index[member_right[rows]])
    order = _sort_order((side[left], side[right], table["a_index"], table["b_index"]))
    table = take_rows(table, order)
    side_a, side_b = side[left][order], side[right][order]
    # The sorted rows fall into runs, one per pair of sides.
    bounds = np.flatnonzero((side_a[1:] != side_a[:-1]) | (side_b[1:] != side_b[:-1])) + 1
    starts, ends = [0, *bounds.tolist()], [*bounds.tolist(), len(table)]
    if not len(table):
        return {}
    table.flags.writeable = False  # and so are its slices, each alignment's pairs
    return {
        (x, y): SentencePairs._trusted(table[start:end], shared)
        for start, end, x, y in zip(
            starts, ends, side_a[starts].tolist(), side_b[starts].tolist(), strict=True
        )
    }


def _sort_order(keys: Sequence[npt.NDArray[np.integer[Any]]]) -> IntArray:
    """The order sorting by ``keys``, first key first: one packed key when it fits in 63 bits."""
    widths = [int(k.max(initial=0)).bit_length() for k in keys]
    if sum(widths) > 63 or any(int(k.min(initial=0)) < 0 for k in keys):
        return np.lexsort(tuple(reversed(keys))).astype(np.int64)
    packed = np.zeros(len(keys[0]), dtype=np.int64)
    for key, width in zip(keys, widths, strict=True):
        packed = (packed << width) | key.astype(np.int64)
    return np.argsort(packed, kind="stable").astype(np.int64)


def _group_indices(left: IntArray, right: IntArray) -> tuple[tuple[int, ...], ...]:
    """Each group's sentence indices on the a side, then on the b side (rows 2k, 2k + 1)."""
    found: list[tuple[int, ...]] = []
    for a1, a2, b1, b2 in zip(
        left[0::2].tolist(),
        left[1::2].tolist(),
        right[0::2].tolist(),
        right[1::2].tolist(),
        strict=True,
    ):
        # The single sentence is the same in both rows; the joined two are consecutive.
        found += [(a1,) if a1 == a2 else (a1, a2), (b1,) if b1 == b2 else (b1, b2)]
    return tuple(found)
