"""Split article text into sentences.

The splitter is a regular expression plus a list of abbreviations; it handles
news prose at 90,000–170,000 sentences a second (measured on this project's
machine). The rules:

* A sentence ends after ``.``, ``!``, ``?`` or ``…`` (repeated or not), or
  the Arabic ``؟`` and ``۔``, the Devanagari danda ``।``/``॥`` or the
  Ethiopic ``።``, with any closing quotes and brackets right after them
  (``warned.”``, ``kommen.“``, French ``Non ! »``), when whitespace and then
  an upper-case or caseless letter, a digit, or an opening quote or bracket
  (``“ „ « ¿ ¡ (``) follow. A lower-case word after ``". "`` does not start a
  sentence ("suicide. bombers.", "the IS... we have").
* The full-width ``。！？`` of Chinese and Japanese end a sentence (with
  closing brackets such as ``」`` after them) whatever follows: those
  scripts put no space between sentences.
* A single full stop after an abbreviation does not end a sentence: titles
  ("Gen.", "Lt. Col.", "Dr."), months ("Aug.", "Sept."), "St.", "Inc.",
  "e.g.", dotted initialisms ("U.S.", "U.N.", "a.m.") and single initials
  ("J. Smith"); "No.", "Art.", "Vol." and the like only before a number.
* Decimals ("4.5", "$1.2bn"), URLs and e-mail addresses have no whitespace
  after their dots, so they are never split.
* A line break always ends a sentence: the input has one paragraph per line
  (a transcript one utterance, a collation one verse).
* Fallback for text without punctuation (OCR, transcripts, manuscript
  collations): a piece is cut into windows of 25 words (the last one
  shorter) when it has more than 60 words and no sentence punctuation, or a
  run of more than 60 words without any punctuation mark (``, ; :`` count)
  even if it ends with a full stop. Chinese and Japanese have no spaces
  between words, so a piece written mostly in their characters counts
  characters instead: more than 100 characters, windows of 40 (about the
  length of a 25-word English window in translation).

Every span is stripped of surrounding whitespace and never empty, and the
spans cover every non-whitespace character of the text they split.

A sentence longer than :data:`MAX_SENTENCE_CHARS` (a 10 MB line with commas
but no full stop, a blob with no spaces) is cut into pieces of at most that
many characters, at a space where there is one, and :func:`segment` issues a
:class:`~provenance.errors.CapWarning` saying so: every later stage costs at
least linear time in the length of a sentence, and some more.
"""

from __future__ import annotations

import re
import warnings

from provenance.errors import CapWarning, InputError
from provenance.model import Document, Sentence

__all__ = ["MAX_SENTENCE_CHARS", "segment", "split_sentences"]

MAX_SENTENCE_CHARS = 2_000

_CLOSERS = "\"'”’“‘»«)]」』）】》〉"
_OPENERS = "\"'“‘„‚«»([{¿¡「『（【《〈"
_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
_SPACES = " \u00a0\u202f"
_BOUNDARY = re.compile(
    rf"(?P<stop>[.!?…؟۔।॥።]+(?:[{re.escape(_CLOSERS)}]|[{_SPACES}]»)*)(?=\s+(?P<next>\S))"
    rf"|(?P<full>[。！？｡]+[{re.escape(_CLOSERS)}]*)"
    rf"|(?P<brk>[{_BREAKS}])",
)
_INITIALISM = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")
_SENTENCE_PUNCTUATION = re.compile(r"[.!?…。！？｡؟۔।॥።]")
_MARKS = ".!?…。！？｡؟۔।॥።,;:，、；：､،؛፣"
_PUNCTUATION = re.compile(f"[{_MARKS}]")
# Scripts written without spaces between words: Han, hiragana, katakana.
_UNSPACED = (
    "\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f"
    "\U00020000-\U0003134f"
)
_TOKENS = re.compile(rf"[{_UNSPACED}]|[^\s{_UNSPACED}]+")
_UNSPACED_CHAR = re.compile(rf"[{_UNSPACED}]")
_FALLBACK_MIN_WORDS = 61
_FALLBACK_WINDOW = 25
_FALLBACK_MIN_CHARS = 101
_FALLBACK_CHAR_WINDOW = 40

# Words that a full stop follows without ending the sentence (lower case).
_ABBREVIATIONS = frozenset(
    """
    mr mrs ms mx dr prof gen lt col maj capt cmdr cdr adm sgt cpl pvt brig gov sen rep
    rev fr hon pres supt insp det amb st mt ft jr sr inc ltd corp co bros dept univ
    assn est approx vs cf al viz jan feb mar apr jun jul aug sep sept oct nov dec
    """.split()
)
# Abbreviations that are one only before a number ("No. 3", "Art. 5").
_NUMBER_ABBREVIATIONS = frozenset("no nos art arts fig figs vol vols pp ch sec ref rs".split())


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """The sentence spans of ``text[start:end]``, as offsets into ``text``.

    Parameters
    ----------
    text : str
        The text to split.
    start, end : int, optional
        The part of ``text`` to split; the whole text by default.

    Returns
    -------
    list of (int, int)
        Increasing, non-overlapping ``(start, end)`` spans, each stripped of
        surrounding whitespace and non-empty; together they cover every
        non-whitespace character of ``text[start:end]``.

    Raises
    ------
    InputError
        Unless ``0 <= start <= end <= len(text)``.

    Examples
    --------
    >>> text = "Gen. Frank McKenzie spoke in the U.S. capital. It cost $1.2bn."
    >>> [text[s:e] for s, e in split_sentences(text)]
    ['Gen. Frank McKenzie spoke in the U.S. capital.', 'It cost $1.2bn.']
    """
    stop = len(text) if end is None else end
    if not 0 <= start <= stop <= len(text):
        raise InputError(
            f"start, end: expected 0 <= start <= end <= len(text) = {len(text)},"
            f" got start={start}, end={end}"
        )
    spans: list[tuple[int, int]] = []
    left = start
    for match in _BOUNDARY.finditer(text, start, stop):
        if match.group("brk") is not None:
            _add_piece(text, left, match.start(), spans)
            left = match.end()
        elif match.group("full") is not None or _ends_sentence(text, match, start):
            _add_piece(text, left, match.end(), spans)
            left = match.end()
    _add_piece(text, left, stop, spans)
    return spans


def segment(document: Document) -> tuple[Sentence, ...]:
    """The sentences of the body of ``document``, indexed from 0 in order.

    Each sentence has offsets into ``document.text`` and
    ``document.text[sentence.start:sentence.end] == sentence.text``. The
    title and the removed boilerplate are not segmented, and no sentence
    crosses the end of a body span.

    Examples
    --------
    >>> from provenance.load import document_from_text
    >>> doc = document_from_text("A headline\\n\\nIt rained. Dr. Li left.", "a")
    >>> [s.text for s in segment(doc)]
    ['It rained.', 'Dr. Li left.']
    """
    sentences: list[Sentence] = []
    cut = [0, 0, 0]  # sentences cut, their characters, the pieces made
    for body_start, body_end in document.body:
        for start, end in _cut_long(
            document.text, split_sentences(document.text, body_start, body_end), cut
        ):
            sentences.append(
                Sentence(
                    document=document.id,
                    index=len(sentences),
                    start=start,
                    end=end,
                    text=document.text[start:end],
                )
            )
    if cut[0]:
        warnings.warn(
            f"{document.id}: {cut[0]:,} sentence(s) of {cut[1]:,} characters in all were cut"
            f" into {cut[2]:,} pieces of at most {MAX_SENTENCE_CHARS:,} characters",
            CapWarning,
            stacklevel=2,
        )
    return tuple(sentences)


def _cut_long(text: str, spans: list[tuple[int, int]], cut: list[int]) -> list[tuple[int, int]]:
    """``spans``, those longer than MAX_SENTENCE_CHARS cut in pieces (counted in ``cut``)."""
    if all(end - start <= MAX_SENTENCE_CHARS for start, end in spans):
        return spans
    found: list[tuple[int, int]] = []
    for start, end in spans:
        if end - start <= MAX_SENTENCE_CHARS:
            found.append((start, end))
            continue
        cut[0] += 1
        cut[1] += end - start
        while start < end:
            stop = min(start + MAX_SENTENCE_CHARS, end)
            if stop < end:
                space = text.rfind(" ", start + 1, stop + 1)
                stop = space if space > start else stop
            found.append((start, start + len(text[start:stop].rstrip())))
            cut[2] += 1
            start = stop
            while start < end and text[start].isspace():
                start += 1
    return found


def _ends_sentence(text: str, match: re.Match[str], start: int) -> bool:
    """True when the punctuation of ``match`` ends a sentence."""
    following = match.group("next")
    if not (following.isdigit() or following in _OPENERS) and (
        not following.isalpha() or following.islower()
    ):
        return False
    if match.group("stop").rstrip(_CLOSERS + _SPACES) != ".":
        return True
    left = match.start()
    while left > start and not text[left - 1].isspace():
        left -= 1
    word = text[left : match.start()].lstrip(_OPENERS)
    return not _is_abbreviation(word, following)


def _is_abbreviation(word: str, following: str) -> bool:
    """True when ``word`` followed by a full stop and ``following`` is an abbreviation."""
    lower = word.lower()
    return (
        lower in _ABBREVIATIONS
        or (following.isdigit() and lower in _NUMBER_ABBREVIATIONS)
        or (len(word) == 1 and word.isalpha())
        or _INITIALISM.fullmatch(word) is not None
    )


def _add_piece(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    """Append the stripped span of ``text[start:end]``, or its windows (see the module doc)."""
    piece = text[start:end]
    stripped = piece.strip()
    if not stripped:
        return
    start += len(piece) - len(piece.lstrip())
    end = start + len(stripped)
    if len(stripped) < _FALLBACK_MIN_CHARS or _plainly_prose(stripped):
        spans.append((start, end))
        return
    tokens = [match.span() for match in _TOKENS.finditer(text, start, end)]
    unspaced = 2 * len(_UNSPACED_CHAR.findall(stripped)) > len(tokens)
    limit, window = (
        (_FALLBACK_MIN_CHARS, _FALLBACK_CHAR_WINDOW)
        if unspaced
        else (_FALLBACK_MIN_WORDS, _FALLBACK_WINDOW)
    )
    unpunctuated = len(tokens) >= limit and not _SENTENCE_PUNCTUATION.search(stripped)
    if not (unpunctuated or _longest_bare_run(text, tokens) >= limit):
        spans.append((start, end))
        return
    for first in range(0, len(tokens), window):
        part = tokens[first : first + window]
        spans.append((part[0][0], part[-1][1]))


def _plainly_prose(piece: str) -> bool:
    """True when neither fallback can apply, told cheaply (most pieces are prose)."""
    if _UNSPACED_CHAR.search(piece):
        return False
    if len(piece) < 2 * _FALLBACK_MIN_WORDS - 1:
        return True
    if not _SENTENCE_PUNCTUATION.search(piece):
        return len(piece.split()) < _FALLBACK_MIN_WORDS
    # A run of bare words lies within one stretch between two punctuation marks.
    return all(len(part.split()) < _FALLBACK_MIN_WORDS for part in _PUNCTUATION.split(piece))


def _longest_bare_run(text: str, tokens: list[tuple[int, int]]) -> int:
    """The most consecutive tokens with no punctuation mark in any of them."""
    longest = run = 0
    for start, end in tokens:
        run = 0 if _PUNCTUATION.search(text, start, end) else run + 1
        longest = max(longest, run)
    return longest
