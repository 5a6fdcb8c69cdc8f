"""The pool of real English sentences the simulator builds its stories from.

The prose is what ships with every Python, plus the demo articles:

* the language reference of ``pydoc_data.topics`` (the text ``help()`` shows);
* the docstrings of the standard library's modules, classes and functions (every
  ``.py`` file under ``sysconfig.get_paths()["stdlib"]``, test and
  ``site-packages`` directories skipped), read as text, never imported;
* the sentences of the repository's ``seeds/*.txt`` news articles, when present.

Only prose-like sentences are kept: 8 to 40 words, a capitalised first word, a
single final full stop, ASCII, no code characters (``()[]{}=<>_*`|#@/%$^~+"``), no
list of names (more than four commas or two all-capital words), no
attribution cue ("said", "reported", "according", …: the simulator adds its own
attributions and must know every one), no year (a title cut from it could be read
as a publication date), and nothing the loader would strip as boilerplate or the
splitter would cut or join. Near-duplicates are dropped, keeping the first in
sorted order: two pool sentences never share three content words with a
``fuzz.ratio`` or ``fuzz.token_set_ratio`` of 70 or more, so no two distinct pool
sentences are an aligned pair for the tracer (which needs three shared content
words and a ratio of at least 60, see ``docs/method.md``).

The pool depends on the Python installation only; it is built once per process.
"""

from __future__ import annotations

import functools
import inspect
import os
import re
import sysconfig
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process

from provenance.align import content_words, normalise
from provenance.cite import report_reference
from provenance.load import document_from_text
from provenance.segment import split_sentences

__all__ = ["MAX_WORDS", "MIN_WORDS", "is_prose", "sentence_pool"]

MIN_WORDS = 8
"""The fewest words a pool sentence has."""
MAX_WORDS = 40
"""The most words a pool sentence has."""
DUPLICATE_CUTOFF = 70.0
"""Two sentences scoring this much (ratio or token-set ratio) are near-duplicates."""
SHARED_WORDS = 3
"""Near-duplicates share at least this many content words (the tracer's candidate rule)."""

_MAX_COMMAS = 4
_SKIPPED_DIRECTORIES = frozenset(
    {"test", "tests", "idle_test", "site-packages", "dist-packages", "__pycache__"}
)
_CODE = re.compile(
    r"[()\[\]{}=<>_*`|#@/%$^~+\"\\]|::|\.\.|\s-|-\s|\bhttps?\b|\bwww\b|[A-Za-z]\.[A-Za-z]{2}"
)
_FIRST_WORD = re.compile(r"[A-Z][a-z]*\b")
_END = re.compile(r"[A-Za-z0-9]\.\Z")
_YEAR = re.compile(r"\b(?:1[5-9]|20)\d\d\b")
# The simulator writes every attribution itself; pool sentences must carry none.
_ATTRIBUTION_CUE = re.compile(
    r"(?i)\b(?:said|says|say|saying|told|tell|tells|reported|reports|reporting|according"
    r"|citing|cited|per|stated|states|wrote|writes|quoted|quoting|announced|claimed"
    r"|published|posted|updated|copyright|reserved|subscribe|photo|image|pic|disclaimer)\b"
)
_DOCSTRING = re.compile(r"^[ \t]*[rRuU]?(?P<quote>\"\"\"|''')(?P<body>.*?)(?P=quote)", re.S | re.M)
_SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def is_prose(sentence: str) -> bool:
    """Whether a sentence is prose-like enough for the pool.

    Parameters
    ----------
    sentence : str
        One sentence, stripped.

    Returns
    -------
    bool
        True for 8 to 40 words of ASCII prose that start with a capitalised word,
        end with one full stop, hold no code character, attribution cue, year,
        more than two all-capital words or more than four commas,
        survive the loader whole as a body line, and are one sentence for the
        splitter, also when another sentence follows.

    Examples
    --------
    >>> is_prose("The module provides a way of using operating system dependent functionality.")
    True
    >>> is_prose("Return the value of x[i] for the given key.")
    False
    """
    words = sentence.split()
    if not MIN_WORDS <= len(words) <= MAX_WORDS or not sentence.isascii():
        return False
    if not _FIRST_WORD.match(sentence) or not _END.search(sentence):
        return False
    if _CODE.search(sentence) or _YEAR.search(sentence) or _ATTRIBUTION_CUE.search(sentence):
        return False
    if report_reference(sentence) or sum(w.isupper() and len(w) > 1 for w in words) > 2:
        return False
    if sentence.count(",") > _MAX_COMMAS:
        return False  # a list of names ("Valid resource names: bd, bg, ...") is not prose
    if split_sentences(sentence) != [(0, len(sentence))]:
        return False
    follower = sentence + " The end came."
    if split_sentences(follower) != [(0, len(sentence)), (len(sentence) + 1, len(follower))]:
        return False
    loaded = document_from_text("A headline for the check\n\n" + sentence + "\n", "check")
    return loaded.body_text == sentence


@functools.cache
def sentence_pool() -> tuple[str, ...]:
    """The pool: distinct prose sentences, sorted, built once per process.

    Returns
    -------
    tuple of str
        Sentences accepted by :func:`is_prose`, sorted, of which no two are
        near-duplicates (see the module docstring).

    Examples
    --------
    >>> pool = sentence_pool()
    >>> len(pool) > 1000 and all(is_prose(s) for s in pool[:50])
    True
    """
    candidates = sorted({s for s in _raw_sentences() if is_prose(s)})
    return tuple(_drop_near_duplicates(candidates))


def _raw_sentences() -> Iterator[str]:
    """Every sentence of the three sources, unfiltered."""
    from pydoc_data.topics import topics

    for name in sorted(topics):
        yield from _paragraph_sentences(topics[name])
    for docstring in _stdlib_docstrings():
        yield from _paragraph_sentences(docstring)
    for path in sorted(_SEEDS.glob("*.txt")) if _SEEDS.is_dir() else ():
        document = document_from_text(path.read_text(encoding="utf-8"), path.stem)
        for start, end in document.body:
            for s, e in split_sentences(document.text, start, end):
                yield document.text[s:e]


def _paragraph_sentences(text: str) -> Iterator[str]:
    """The sentences of the prose paragraphs of a docstring or reference text.

    Paragraphs are separated by blank lines; one with an indented line (code, a
    table, a list continuation) or a prompt (``>>>``) is skipped.
    """
    for paragraph in re.split(r"\n\s*\n", text):
        lines = paragraph.strip("\n").split("\n")
        if any(line[:1].isspace() for line in lines) or ">>>" in paragraph:
            continue
        flat = " ".join(paragraph.split())
        for start, end in split_sentences(flat):
            yield flat[start:end]


def _stdlib_docstrings() -> Iterator[str]:
    """The docstrings of the standard library: triple-quoted strings opening a line.

    A regular expression, not :mod:`ast`: parsing the 12 MB of the standard
    library took 2.6 to 11 s on a shared two-core machine, the expression 0.2 s.
    It also finds a few multi-line string constants; the prose filter screens
    them like everything else.
    """
    root = sysconfig.get_paths()["stdlib"]
    for directory, subdirectories, files in os.walk(root):
        subdirectories[:] = sorted(d for d in subdirectories if d not in _SKIPPED_DIRECTORIES)
        for name in sorted(files):
            if not name.endswith(".py"):
                continue
            try:
                source = Path(directory, name).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue  # a file Python itself cannot read has no docstrings to offer
            for match in _DOCSTRING.finditer(source):
                yield inspect.cleandoc(match.group("body"))


def _drop_near_duplicates(sentences: Sequence[str]) -> list[str]:
    """Keep each sentence unless an earlier kept one is a near-duplicate of it."""
    texts = [normalise(s) for s in sentences]
    left, right = _sharing_pairs([content_words(t) for t in texts], SHARED_WORDS)
    if len(left):
        ratio = process.cpdist(
            [texts[i] for i in left],
            [texts[j] for j in right],
            scorer=fuzz.ratio,
            processor=None,
            workers=-1,
        )
        token_set = process.cpdist(
            [texts[i] for i in left],
            [texts[j] for j in right],
            scorer=fuzz.token_set_ratio,
            processor=None,
            workers=-1,
        )
        close = (ratio >= DUPLICATE_CUTOFF) | (token_set >= DUPLICATE_CUTOFF)
        left, right = left[close], right[close]
    earlier: dict[int, list[int]] = {}
    for i, j in zip(left.tolist(), right.tolist(), strict=True):
        earlier.setdefault(j, []).append(i)
    kept = np.ones(len(sentences), dtype=bool)
    for j in sorted(earlier):
        kept[j] = not any(kept[i] for i in earlier[j])
    return [s for s, keep in zip(sentences, kept.tolist(), strict=True) if keep]


def _sharing_pairs(
    word_sets: Sequence[frozenset[str]], min_shared: int
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Every pair ``i < j`` of word sets sharing ``min_shared`` words, as two arrays.

    Exact, by prefix filtering: with each set's words ordered rarest first, two
    sets sharing ``t`` words share one of the first ``len - t + 1`` words of each,
    so only those are indexed and common words make no huge posting lists.
    """
    n = len(word_sets)
    frequency: dict[str, int] = {}
    for words in word_sets:
        for word in words:
            frequency[word] = frequency.get(word, 0) + 1
    postings: dict[str, list[int]] = {}
    for i, words in enumerate(word_sets):
        ordered = sorted(words, key=lambda w: (frequency[w], w))
        for word in ordered[: len(ordered) - min_shared + 1]:
            postings.setdefault(word, []).append(i)
    blocks = [np.zeros(0, dtype=np.int64)]
    for members in postings.values():
        if len(members) > 1:
            group = np.asarray(members, dtype=np.int64)
            first, second = np.triu_indices(len(group), k=1)
            blocks.append(group[first] * n + group[second])
    keys = np.unique(np.concatenate(blocks))
    left, right = np.divmod(keys, max(n, 1))
    shared = np.fromiter(
        (
            len(word_sets[i] & word_sets[j])
            for i, j in zip(left.tolist(), right.tolist(), strict=True)
        ),
        dtype=np.int64,
        count=len(keys),
    )
    keep = shared >= min_shared
    return left[keep], right[keep]
