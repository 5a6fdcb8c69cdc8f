"""Read article files into :class:`~provenance.model.Document` values.

Reading has three steps, each a pure function over the previous result:

1. :func:`decode_bytes` decodes the bytes of a file (UTF-8 with or without a
   BOM, UTF-16/32 with a BOM, else the encoding ``charset_normalizer``
   detects); :func:`read_text` reads a plain-text article with it.
2. :func:`document_from_text` parses the text, one line at a time: it takes the
   publication date (:func:`find_date`), the title, and strips web boilerplate.
   Every stripped line is kept as a :class:`~provenance.model.RemovedText` that
   names its rule, so nothing is lost: each non-whitespace character of the
   text lies in the title, in a body span, or in a removed span.
3. :func:`load_corpus` and :func:`load_documents` read files and directories
   into a corpus sorted by document id. Each file is read by the reader its
   suffix names (:mod:`provenance.readers`: plain text, HTML, JSON Lines, CSV).
"""

from __future__ import annotations

import codecs
import datetime as dt
import os
import re
from collections.abc import Sequence
from pathlib import Path

import attrs
import charset_normalizer

from provenance.errors import EmptyCorpusError, InputError, UnreadableFileError
from provenance.model import Document, RemovedText

__all__ = [
    "decode_bytes",
    "document_from_text",
    "find_date",
    "load_corpus",
    "load_documents",
    "read_bytes",
    "read_document",
    "read_text",
]

# ---------------------------------------------------------------------------
# Decoding

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_MAX_CONTROL_SHARE = 0.01
_CP1252_SLACK = 0.1


def read_document(path: str | os.PathLike[str]) -> Document:
    """Read and parse one article file, plain text or an HTML page.

    Parameters
    ----------
    path : str or os.PathLike
        A file. ``.html``/``.htm`` files are read by
        :func:`provenance.readers.read_html`, every other suffix as plain text
        (:func:`read_text`). Its stem becomes the document id.

    Returns
    -------
    Document
        The parsed article.

    Raises
    ------
    UnreadableFileError
        The path is missing or not a file, or the bytes are binary or cannot
        be decoded.
    InputError
        The file holds no text, or it is a file of records (``.jsonl``,
        ``.ndjson``, ``.csv``, ``.tsv``: read those with :func:`load_corpus`
        or :mod:`provenance.readers`).
    """
    from provenance import readers  # readers build on this module: import late

    name = os.fspath(path)
    kind = readers.format_of(name)
    if kind == "html":
        return readers.read_html(name)
    if kind in {"jsonl", "csv"}:
        form = "JSON Lines" if kind == "jsonl" else "CSV"
        raise InputError(
            f"{name}: expected one article, got a file of {form} records"
            " (trace it with the others, or read it with provenance.readers)"
        )
    return read_text(name)


def read_text(path: str | os.PathLike[str]) -> Document:
    """Read and parse one plain-text article file, whatever its suffix.

    Parameters
    ----------
    path : str or os.PathLike
        A text file. Its stem becomes the document id.

    Returns
    -------
    Document
        The parsed article (see :func:`document_from_text`), with the
        encoding that decoded it in ``encoding``.

    Raises
    ------
    UnreadableFileError
        The path is missing or not a file, or the bytes are binary or cannot
        be decoded.
    InputError
        The file holds no text (it is empty or only whitespace).
    """
    name = os.fspath(path)
    data = read_bytes(name)
    text, encoding = decode_bytes(data, name)
    if not text.strip():
        raise InputError(f"{name}: expected article text, got an empty file")
    return attrs.evolve(document_from_text(text, Path(name).stem, name), encoding=encoding)


def read_bytes(name: str) -> bytes:
    """The bytes of file ``name``; UnreadableFileError naming it when they cannot be read."""
    file = Path(name)
    if not file.exists():
        raise UnreadableFileError(f"{name}: no such file or directory")
    if not file.is_file():
        raise UnreadableFileError(f"{name}: expected a regular file, got something else")
    try:
        return file.read_bytes()
    except OSError as error:
        raise UnreadableFileError(f"{name}: cannot be read ({error.strerror})") from error


def decode_bytes(data: bytes, name: str, *, declared: str | None = None) -> tuple[str, str]:
    """Decode the bytes of a text file, returning the text and its encoding's name.

    Parameters
    ----------
    data : bytes
        The file's bytes.
    name : str
        The file's name, for messages.
    declared : str, optional
        An encoding the file declares (an HTML page's ``charset``), tried
        after UTF-8.

    Returns
    -------
    text : str
        The decoded text, a byte-order mark stripped.
    encoding : str
        The codec's canonical name (``"utf-8"``, ``"utf-8-sig"``,
        ``"utf-16"``, ``"cp1252"``, ...).

    Raises
    ------
    UnreadableFileError
        The bytes are binary (NUL bytes, control characters) or in no
        encoding that decodes them.

    Notes
    -----
    Encodings are tried in this order: a byte-order mark (UTF-8, UTF-16,
    UTF-32); strict UTF-8; the declared encoding (a Latin-1 or ASCII label
    read as cp1252, as browsers do; a UTF-16/32 label ignored, since the
    declaration itself was readable as ASCII); then ``charset_normalizer``.
    Short single-byte texts leave the detector guessing among code pages, so
    Windows-1252 (the usual non-UTF-8 news page) is preferred whenever the
    detector rates it about as clean as its own best guess (mess ratio within
    0.1).

    Examples
    --------
    >>> decode_bytes("Le café “naïve” est fermé.".encode("cp1252"), "a.txt")
    ('Le café “naïve” est fermé.', 'cp1252')
    >>> decode_bytes(codecs.BOM_UTF16_LE + "Café".encode("utf-16-le"), "a.txt")
    ('Café', 'utf-16')
    """
    return _decode(data, name, declared)


def _decode(data: bytes, name: str, declared: str | None) -> tuple[str, str]:
    """Decode ``data``, returning the text and the name of its encoding."""
    text: str | None = None
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                raise UnreadableFileError(
                    f"{name}: starts with a {encoding} byte-order mark but is not {encoding}"
                ) from None
            break
    else:
        if b"\x00" in data:
            raise UnreadableFileError(f"{name}: expected a text file, got binary data (NUL bytes)")
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text, encoding = _declared(data, declared) or _detect(data, name)
    controls = len(_CONTROL.findall(text))
    if "\x00" in text or controls > _MAX_CONTROL_SHARE * len(text):
        raise UnreadableFileError(
            f"{name}: expected a text file, got binary data ({controls} control characters)"
        )
    return text, codecs.lookup(encoding).name


def _declared(data: bytes, declared: str | None) -> tuple[str, str] | None:
    """``data`` decoded by the encoding it declares, or None when that fails."""
    try:
        codec = codecs.lookup(declared or "").name
        # A declaration readable as ASCII is not in UTF-16/32, which decode any bytes.
        if codec.startswith(("utf-16", "utf-32")):
            return None
        # As browsers do (WHATWG Encoding): pages labelled Latin-1 or ASCII are cp1252.
        codec = "cp1252" if codec in {"iso8859-1", "ascii"} else codec
        return data.decode(codec), codec
    except (LookupError, UnicodeDecodeError):  # no or an unknown name, or a wrong declaration
        return None


def _detect(data: bytes, name: str) -> tuple[str, str]:
    """Decode non-UTF-8 ``data`` with ``charset_normalizer``, favouring cp1252."""
    best = charset_normalizer.from_bytes(data).best()
    western = charset_normalizer.from_bytes(data, cp_isolation=["cp1252"]).best()
    if western is not None and (best is None or western.chaos <= best.chaos + _CP1252_SLACK):
        best = western
    if best is None:
        raise UnreadableFileError(f"{name}: expected text, got bytes in no known encoding")
    return str(best), best.encoding


# ---------------------------------------------------------------------------
# Publication dates

_MONTH = (
    r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\b\.?"
)
_MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DATE_FORMS = (
    re.compile(rf"\b{_DAY}[\s.-]*{_MONTH},?[\s.-]*{_YEAR}\b", re.IGNORECASE),  # 2 Nov 2021
    re.compile(rf"\b{_MONTH}\s*{_DAY},?\s*{_YEAR}\b", re.IGNORECASE),  # November 2, 2021
    re.compile(rf"\b{_YEAR}(?P<sep>[-/.])(?P<month>[01]?\d)(?P=sep)(?P<day>[0-3]?\d)(?!\d)"),  # ISO
    re.compile(rf"\b(?P<first>[0-3]?\d)(?P<sep>[-/.])(?P<second>[01]?\d)(?P=sep){_YEAR}\b"),
)
_PUBLISHED = re.compile(r"(?i)(?:first\s+)?(?:published|posted)\b")
_UPDATED = re.compile(r"(?i)(?:last\s+)?updated\b")
_HEADER_LINES = 5
_HEADER_MAX_WORDS = 15
_DATELINE_NOISE = re.compile(
    r"(?i)\b(?:\d{1,2}:\d\d(?::\d\d)?|[ap]\.?m\b\.?|IST|GMT|UTC|BST|CES?T|[ECMP][SD]?T|WIB|PKT|AFT"
    r"|published|posted|updated|first|last|on|at"
    r"|mon(?:day)?|tue(?:s|sday)?|wed(?:nesday)?|thu(?:rs|rsday)?|fri(?:day)?|sat(?:urday)?"
    r"|sun(?:day)?)\b\.?"
)
_DATELINE_SEPARATORS = re.compile(r"[|,•·–—/:]")
_WORD = re.compile(r"[^\W\d_]+")


def find_date(text: str) -> dt.date | None:
    """The publication date of an article, or None when none is found.

    Only the places where web pages print it are searched: lines starting with
    "Published"/"Posted" (searched first), short lines (at most 15 words, not
    ending with a full stop) among the first five non-empty lines, then lines
    starting with "Updated". A date in the body prose is never taken, and
    neither is a date without a year.

    Recognised forms: "02 November,2021", "Tue 02nd November 2021",
    "2 Nov 2021", "November 2, 2021", "2021-11-02" and "2021/11/02". A numeric
    day/month form such as "13/11/2021" is read only when it is unambiguous
    (one of the two numbers is above 12, or both are equal): "02/11/2021"
    could be either, so it is skipped.

    Examples
    --------
    >>> find_date("02 November,2021 08:59 AM IST | Kabul | Agencies\\nText.")
    datetime.date(2021, 11, 2)
    >>> find_date("Title\\n\\nPublished: 02/11/2021") is None
    True
    """
    lines = [text[start:end] for start, end in _line_spans(_normalise_newlines(text))]
    for index in _date_line_order(lines):
        found = _parse_date(lines[index])
        if found is not None:
            return found[0]
    return None


def _date_line_order(lines: Sequence[str]) -> list[int]:
    """Indices of the lines that may carry the publication date, best first."""
    published = [i for i, line in enumerate(lines) if _PUBLISHED.match(line)]
    updated = [i for i, line in enumerate(lines) if _UPDATED.match(line)]
    header = [
        i
        for i in range(min(_HEADER_LINES, len(lines)))
        if i not in published
        and i not in updated
        and len(lines[i].split()) <= _HEADER_MAX_WORDS
        and not _FULL_STOP_END.search(lines[i])
    ]
    return published + header + updated


def _parse_date(line: str) -> tuple[dt.date, int, int] | None:
    """The leftmost valid date in ``line`` with its span, or None."""
    found: list[tuple[int, int, dt.date]] = []
    for form in _DATE_FORMS:
        for match in form.finditer(line):
            date = _date_of(match)
            if date is not None:
                found.append((match.start(), match.end(), date))
                break
    if not found:
        return None
    start, end, date = min(found)
    return date, start, end


def _date_of(match: re.Match[str]) -> dt.date | None:
    """The date a match of ``_DATE_FORMS`` names, or None when there is no such day."""
    groups = match.groupdict()
    if "first" in groups:
        first, second = int(groups["first"]), int(groups["second"])
        if first > 12 >= second or first == second:
            groups["day"], groups["month"] = str(first), str(second)
        elif second > 12 >= first:
            groups["day"], groups["month"] = str(second), str(first)
        else:
            return None
    month = groups["month"]
    number = int(month) if month.isdigit() else _MONTHS.get(month.casefold()[:3], 0)
    try:
        return dt.date(int(groups["year"]), number, int(groups["day"]))
    except ValueError:
        return None


def _is_dateline(line: str, start: int, end: int) -> bool:
    """True when ``line`` holds nothing but a date, a time and a few names.

    ``"02 November,2021 08:59 AM IST | Kabul | Agencies"`` is one: with the
    date, times, zones and labels gone, each ``|``/``,``-separated part has at
    most three words and all parts at most six.
    """
    rest = _DATELINE_NOISE.sub(" ", line[:start] + " " + line[end:])
    parts = [len(_WORD.findall(part)) for part in _DATELINE_SEPARATORS.split(rest)]
    return max(parts) <= 3 and sum(parts) <= 6


# ---------------------------------------------------------------------------
# Boilerplate: one named rule per kind of line, matched against the whole line.

_LANGUAGES = (
    r"(?:English|Français|Español|Deutsch|Italiano|Português|Русский|Türkçe|中文|日本語|한국어"
    r"|عربي|العربية|فارسی|فارسي|دری|پښتو|اردو|हिन्दी|हिंदी|Bahasa(?:\s+Indonesia)?"
    r"|Arabic|Farsi|Dari|Pashto|Urdu|Hindi)"
)
_SECTIONS = (
    r"(?:Home|News|Top News|Latest News|Breaking News|World|World News|Asia|Middle East"
    r"|Politics|Business|Sports?|Opinion|Videos?|Entertainment|Lifestyle|Health|Tech(?:nology)?)"
)
_RULES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (reason, re.compile(pattern))
    for reason, pattern in (
        (
            "comment form",
            r"(?i)Leave a (?:Comment|Reply)|Post a comment|\d+ comments?"
            r"|Your email address will not be published\b.*|Required fields are marked\b.*"
            r"|This site uses Akismet\b.*"
            r"|We welcome (?:your )?comments\b.*|Comments are (?:moderated|closed)\b.*",
        ),
        (
            "related heading",
            r"(?i)(?:Related (?:Stories|Articles|News|Posts|Content)|Read more|Also read"
            r"|More stories|You may also like|Recommended(?: for you)?)\s*:?",
        ),
        ("related link", r"(?i)(?:Read more|Also read)\s*:\s*\S.*"),
        ("empty widget", r"(?i)No (?:stories|articles|posts|results) found\.?"),
        (
            "page widget",
            r"(?i)Read Mode|\d{1,3}% Font Size|\d+ min(?:ute)?s? read|Show (?:More|Less)"
            r"|Load More|Back to top(?: button)?|Top Content(?: Trending)?|Trending(?: Now)?"
            r"|Advertisement|Scroll to continue|[X×✕]",
        ),
        ("timestamp", r"(?i)(?:(?:Published|Updated|Posted|Last updated)\s*:?\s*)+"),
        (
            "share prompt",
            r"(?i)For (?:all )?the latest\b.*\bfollow\b.*|Follow (?:us|our)\b.*"
            r"|Share (?:this|on)\b.*|Subscribe to\b.*|Click here\b.*"
            r"|Join our\b.*\b(?:channel|newsletter|group)\b.*|Download (?:the|our)\b.*\bapp\b.*"
            r"|For more\b.*\b(?:follow|visit|subscribe)\b.*|To subscribe\b.*"
            r"|Sign up\b.*\b(?:newsletter|briefing|inbox|alerts?|updates)\b.*"
            r"|(?:If you (?:value|like|enjoy)|Please (?:consider )?support"
            r"|Support (?:our|independent))\b.*\b(?:journalism|donat\w*|support\w*)\b.*",
        ),
        ("breadcrumb", r"Home\s*[»›>].*"),
        ("section menu", rf"{_SECTIONS}(?:[\s|/·•»›>-]*{_SECTIONS})*"),
        ("language menu", rf"{_LANGUAGES}(?:[\s|/·•]+{_LANGUAGES})+"),
        (
            "disclaimer",
            r"(?i)\(?This (?:story|article|report) (?:has been sourced|has not been edited"
            r"|is auto-generated)\b.*|Disclaimer\s*:.*",
        ),
        ("copyright", r"(?i)(?:©|\(c\)\s|Copyright\b).*|.{0,100}\bAll rights reserved\b\.?"),
        (
            "photo caption",
            r".*(?:\((?:Photo|Pic|Image|File [Pp]hoto)\b[^()]*\)"
            r"|\b(?:Pic|Photo|Image|File [Pp]hoto)\s*[/:|]\s*\w[\w .&'-]{0,30})",
        ),
        ("embed", r"\[[^\[\]]{1,80}\]"),
        (
            "site url",
            r"(?i)(?:https?://|www\.)\S+"
            r"|[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|co\.uk|co\.in|in|pk|af|id|news|tv)(?:/\S*)?",
        ),
        ("editor initials", r"\([a-z]{2,5}(?:\s*/\s*[a-z]{2,5})*\)"),
        ("stray punctuation", r"[^\w\s]+(?:\s+[^\w\s]+)*"),
    )
)
_BREADCRUMB = re.compile(r"Home\s*(?:[»›>][^»›>]*?)*[»›>]")
_FULL_STOP_END = re.compile(r"\.[\"'”’»)\]]*$")
_TERMINAL_END = re.compile(r"[.!?:;,…][\"'”’»)\]]*$")
_HEADLINE_MAX_WORDS = 25
_SITE_NAME_MAX_WORDS = 5


def _rule(line: str) -> str | None:
    """The reason of the first rule that matches the whole line, or None."""
    for reason, pattern in _RULES:
        if pattern.fullmatch(line):
            return reason
    return None


def _is_headline(line: str) -> bool:
    """A headline has at most 25 words and does not end with a full stop."""
    return len(line.split()) <= _HEADLINE_MAX_WORDS and not _FULL_STOP_END.search(line)


def _same_text(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ at most in case and whitespace."""
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


# ---------------------------------------------------------------------------
# Parsing


def document_from_text(text: str, id: str, path: str = "", *, title: str | None = None) -> Document:
    """Parse article text into a :class:`~provenance.model.Document`.

    Parameters
    ----------
    text : str
        The article as decoded text; newlines are normalised to ``"\\n"``.
    id : str
        The document id.
    path : str, optional
        Where the text came from, for messages.
    title : str, optional
        The title, when the input gives it apart from the text (a record's
        ``title`` field, an HTML page's metadata). It is not looked for in
        the text then: a first line that repeats it is removed as
        ``"repeated title"``, any other first line is body.

    Returns
    -------
    Document
        ``title``, ``body`` spans, the ``published`` date and the ``removed``
        boilerplate, all with offsets into ``Document.text``.

    Notes
    -----
    The text is read line by line; every span is stripped of surrounding
    whitespace. A line is, in this order:

    * removed by the first matching rule of the boilerplate table (the reason
      is the rule's name, e.g. ``"share prompt"``), or as ``"dateline"`` when
      it is a date line (see :func:`find_date`) holding only a date, a time
      and a few names, or as ``"site name"`` when it is a short line right
      before a lone URL line that only boilerplate follows;
    * removed as ``"related link"`` when it follows a related-stories heading
      ("Related Stories", "Read more:", "ALSO READ") and looks like a headline
      (at most 25 words, no final full stop); the first line that does not
      ends the list;
    * the title, when it is the first line kept and looks like a headline. A
      leading breadcrumb ``"Home » World » "`` is removed and the rest of its
      line is the title. A first line that reads like prose is body, and the
      title is then ``""``; so is a text whose lines are all boilerplate. (A
      breadcrumb whose last crumb is a section name, "Home » World", is
      removed whole.)
    * removed as ``"repeated title"`` when it repeats the title before the
      body starts;
    * otherwise a body span. Datelines such as ``"Jakarta, CNN Indonesia"``
      stay in the body: a later stage reads them as attributions.

    Examples
    --------
    >>> doc = document_from_text("Title here\\n\\nA sentence.\\nRead Mode\\n", "a")
    >>> doc.title, doc.body_text, doc.removed[0].reason
    ('Title here', 'A sentence.', 'page widget')
    """
    text = _normalise_newlines(text)
    spans = _line_spans(text)
    reasons, published = _line_reasons([text[start:end] for start, end in spans])
    found, body, removed = _assign_lines(text, spans, reasons, title)
    return Document(
        id=id,
        path=path,
        text=text,
        title=found,
        body=body,
        published=published,
        removed=removed,
    )


def _line_reasons(lines: Sequence[str]) -> tuple[list[str | None], dt.date | None]:
    """The reasons to remove each line that need no context, and the date.

    These are the boilerplate table, datelines and site names.
    """
    reasons = [_rule(line) for line in lines]
    published = None
    for index in _date_line_order(lines):
        found = _parse_date(lines[index])
        if found is not None:
            published = published or found[0]
            if reasons[index] is None and _is_dateline(lines[index], found[1], found[2]):
                reasons[index] = "dateline"
    for index, reason in enumerate(reasons):
        if reason == "site url" and index > 0 and all(reasons[index + 1 :]):
            name = lines[index - 1]
            short = len(name.split()) <= _SITE_NAME_MAX_WORDS
            if reasons[index - 1] is None and short and not _TERMINAL_END.search(name):
                reasons[index - 1] = "site name"
    return reasons, published


def _assign_lines(
    text: str, spans: Sequence[tuple[int, int]], reasons: Sequence[str | None], given: str | None
) -> tuple[str, tuple[tuple[int, int], ...], tuple[RemovedText, ...]]:
    """Read the lines in order: find the title (unless ``given``), related lists and the body."""
    title = " ".join(given.split()) if given else ""
    title_seen = bool(title)
    in_list = False
    body: list[tuple[int, int]] = []
    removed: list[RemovedText] = []
    for (start, end), reason in zip(spans, reasons, strict=True):
        line = text[start:end]
        crumb = _BREADCRUMB.match(line) if reason == "breadcrumb" and not title_seen else None
        rest = "" if crumb is None else line[crumb.end() :].strip()
        if crumb is not None and rest and _rule(rest) is None:
            removed.append(_removed(text, start, start + crumb.end(), "breadcrumb"))
            start, line, reason = end - len(rest), rest, None
        if reason == "related heading":
            in_list = True
        elif reason is None and in_list and _is_headline(line):
            reason = "related link"
        elif reason is None:
            in_list = False
            if not title_seen:
                title_seen = True
                if _is_headline(line):
                    title = line
                    continue
            elif title and not body and _same_text(line, title):
                reason = "repeated title"
        if reason is None:
            body.append((start, end))
        else:
            removed.append(_removed(text, start, end, reason))
    return title, tuple(body), tuple(removed)


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _line_spans(text: str) -> list[tuple[int, int]]:
    """The stripped spans of the non-blank ``"\\n"``-separated lines of ``text``."""
    spans = []
    offset = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            start = offset + len(line) - len(line.lstrip())
            spans.append((start, start + len(stripped)))
        offset += len(line) + 1
    return spans


def _removed(text: str, start: int, end: int, reason: str) -> RemovedText:
    piece = text[start:end]
    start += len(piece) - len(piece.lstrip())
    end = start + len(piece.strip())
    return RemovedText(start=start, end=end, text=text[start:end], reason=reason)


# ---------------------------------------------------------------------------
# Corpora


def load_corpus(
    paths: Sequence[str | os.PathLike[str]],
) -> tuple[tuple[Document, ...], tuple[str, ...]]:
    """Read files and directories into documents, collecting warnings.

    Parameters
    ----------
    paths : sequence of str or os.PathLike
        Files, and directories whose regular, non-hidden files (not those of
        subdirectories) are read in name order. Each file is read by the
        reader its suffix names (:func:`provenance.readers.read_path`):
        plain text, an HTML page, or a JSON Lines or CSV file of records.

    Returns
    -------
    documents : tuple of Document
        Sorted by id (a file's stem, a record's ``id``).
    warnings : tuple of str
        One line per file of a directory that was skipped (empty, binary,
        undecodable, a page with no text, a CSV file without a ``text``
        column; the same file named explicitly is an error instead), per
        subdirectory or hidden file not read, per file given twice, per file
        read in an encoding other than UTF-8, per HTML page read by the
        basic extractor, per file of an unknown suffix read as plain text,
        and per kind of problem met in the records of a file (a line that
        is not JSON, a record without text or id, a bad date: see
        :mod:`provenance.readers`).

    Raises
    ------
    EmptyCorpusError
        No paths were given, a directory holds no files, or no document was
        read.
    UnreadableFileError
        A path is missing, or a file named explicitly is binary or undecodable.
    InputError
        A file named explicitly is empty or holds no article, or two
        documents share an id (the message names both places).
    """
    return _load(paths, strict=False)


def load_documents(paths: Sequence[str | os.PathLike[str]]) -> tuple[Document, ...]:
    """Read files and directories into documents sorted by id, strictly.

    Like :func:`load_corpus`, but a file of a directory that
    :func:`load_corpus` would skip with a warning raises its error instead
    (the first such file, in reading order), and so does any problem in a
    record (see :mod:`provenance.readers`). Notes that lose nothing (an
    encoding, a subdirectory not read, the basic HTML extractor) are not
    errors.

    Raises
    ------
    EmptyCorpusError, UnreadableFileError, InputError
        As :func:`load_corpus`, and for any file or record it would skip or
        warn about.
    """
    return _load(paths, strict=True)[0]


def _load(
    paths: Sequence[str | os.PathLike[str]], *, strict: bool
) -> tuple[tuple[Document, ...], tuple[str, ...]]:
    from provenance import readers  # readers build on this module: import late

    if not paths:
        raise EmptyCorpusError("paths: expected at least one file or directory, got none")
    warnings: list[str] = []
    documents: dict[str, Document] = {}
    for name, explicit in _unique_files(_files(paths, warnings), warnings):
        try:
            found = list(readers.read_path(name, warn=None if strict else warnings.append))
        except InputError as error:
            if strict or explicit:
                raise
            warnings.append(f"skipped {error}")
            continue
        warnings.extend(readers.reading_notes(name, found))
        for document in found:
            _add_document(documents, document)
    if not documents:
        names = ", ".join(os.fspath(path) for path in paths)
        raise EmptyCorpusError(f"{names}: expected readable documents, got none")
    return tuple(documents[key] for key in sorted(documents)), tuple(warnings)


def _files(paths: Sequence[str | os.PathLike[str]], warnings: list[str]) -> list[tuple[str, bool]]:
    """The files to read, each with True when it was named explicitly."""
    files: list[tuple[str, bool]] = []
    for path in paths:
        name = os.fspath(path)
        if not Path(name).is_dir():
            files.append((name, True))
            continue
        entries = sorted(Path(name).iterdir())
        found = [e for e in entries if e.is_file() and not e.name.startswith(".")]
        # Nothing is passed over in silence: say what was not read, and why.
        warnings.extend(
            f"skipped {e}: a subdirectory (directories are not read recursively; "
            "name it to include it)"
            if e.is_dir()
            else f"skipped {e}: a hidden file (name it to include it)"
            for e in entries
            if e.is_dir() or e.name.startswith(".")
        )
        if not found:
            raise EmptyCorpusError(f"{name}: expected a directory of text files, got no files")
        files.extend((os.fspath(e), False) for e in found)
    return files


def _unique_files(files: list[tuple[str, bool]], warnings: list[str]) -> list[tuple[str, bool]]:
    """``files`` with each file kept once (a warning names the repeats)."""
    seen: set[Path] = set()
    unique = []
    for name, explicit in files:
        key = Path(name).resolve()
        if key in seen:
            warnings.append(f"{name} was given twice: read once")
            continue
        seen.add(key)
        unique.append((name, explicit))
    return unique


def _add_document(documents: dict[str, Document], document: Document) -> None:
    other = documents.get(document.id)
    if other is not None:
        raise InputError(
            f"document id {document.id!r} is not unique: {other.path} and {document.path}"
            " (an id is a file's stem or a record's id field: rename one)"
        )
    documents[document.id] = document
