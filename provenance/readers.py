"""Readers of the input formats: plain text, HTML pages, JSON Lines and CSV.

Every reader returns :class:`~provenance.model.Document` values whose text goes
through :func:`provenance.load.document_from_text` (title, publication date,
boilerplate), so an article reads the same whatever its container.

=====================  ==========  ============================================
suffix                 format      reader
=====================  ==========  ============================================
``.txt`` ``.text``     plain text  :func:`provenance.load.read_text`
``.md``, none, other
``.html`` ``.htm``     HTML page   :func:`read_html`
``.jsonl`` ``.ndjson`` records     :func:`read_jsonl`
``.csv`` ``.tsv``      records     :func:`read_csv`
=====================  ==========  ============================================

A record has the fields :data:`FIELDS`: ``text`` (required), ``id`` (else
``<file stem>:<line>``), and optional ``title``, ``published`` (an ISO date or
date-time), ``outlet`` and ``url``; other fields are ignored. A record's
``path`` is ``<file>:<line>``. The problems of a file of records are reported
through ``warn``, one line per kind of problem, naming the file and the lines;
without ``warn`` the first one raises :class:`~provenance.errors.InputError`.
docs/inputs.md describes the formats in full.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import importlib
import io
import json
import os
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from html.parser import HTMLParser
from pathlib import Path
from types import ModuleType

import attrs
from attrs import frozen

from provenance.errors import InputError, UnreadableFileError
from provenance.load import decode_bytes, document_from_text, find_date, read_bytes, read_text
from provenance.model import Document

__all__ = [
    "FIELDS",
    "FORMATS",
    "Warn",
    "format_of",
    "has_trafilatura",
    "html_to_document",
    "read_csv",
    "read_html",
    "read_jsonl",
    "read_path",
    "reading_notes",
]

Warn = Callable[[str], object]
FIELDS = ("id", "text", "title", "published", "outlet", "url")
FORMATS: Mapping[str, str] = {
    "": "text",
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".html": "html",
    ".htm": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".tsv": "csv",
}
_INSTALL_HTML = 'pip install "provenance-tracer[html]"'


def format_of(path: str | os.PathLike[str]) -> str:
    """The format a file's suffix names: ``"text"``, ``"html"``, ``"jsonl"`` or ``"csv"``.

    Suffixes are compared in lower case; an unknown suffix is plain text.

    >>> format_of("news/story.HTM"), format_of("dump.ndjson"), format_of("notes.rtf")
    ('html', 'jsonl', 'text')
    """
    return FORMATS.get(Path(path).suffix.lower(), "text")


def read_path(path: str | os.PathLike[str], *, warn: Warn | None = None) -> Iterator[Document]:
    """The documents of one file, read by the reader of its suffix (see :func:`format_of`).

    Parameters
    ----------
    path : str or os.PathLike
        A file.
    warn : callable, optional
        Receives one line per kind of problem in a file of records; without
        it, such a problem raises.

    Raises
    ------
    UnreadableFileError, InputError
        As the reader of the format.
    """
    name = os.fspath(path)
    kind = format_of(name)
    if kind == "html":
        yield read_html(name)
    elif kind == "jsonl":
        yield from read_jsonl(name, warn=warn)
    elif kind == "csv":
        yield from read_csv(name, warn=warn)
    else:
        yield read_text(name)


def reading_notes(path: str | os.PathLike[str], documents: Sequence[Document]) -> tuple[str, ...]:
    """What a reader of ``documents`` read from ``path`` did that a user should know.

    One line each: an encoding other than UTF-8, an HTML page read by the
    basic extractor (and why), a file of an unknown suffix read as plain text.
    """
    name = os.fspath(path)
    notes = []
    encodings = sorted({d.encoding for d in documents} - {"utf-8", "utf-8-sig"})
    if encodings:
        notes.append(f"read {name} as {', '.join(encodings)} (not UTF-8)")
    if any(d.reader == "html.parser" for d in documents):
        reason = (
            "trafilatura found no article text in it"
            if has_trafilatura()
            else f"trafilatura is not installed: {_INSTALL_HTML}"
        )
        notes.append(
            f"read {name} with the basic HTML extractor ({reason}); its text may keep"
            " page furniture or miss parts of the article"
        )
    suffix = Path(name).suffix
    if documents and suffix.lower() not in FORMATS:
        notes.append(f"read {name} as plain text (the suffix {suffix} is not a known format)")
    return tuple(notes)


# ---------------------------------------------------------------------------
# HTML


def has_trafilatura() -> bool:
    """True when the ``html`` extra (trafilatura) can be imported."""
    return _trafilatura() is not None


def _trafilatura() -> ModuleType | None:
    # Imported by name: the extra is optional, and its absence is a supported path.
    try:
        return importlib.import_module("trafilatura")
    except ImportError:
        return None


def read_html(path: str | os.PathLike[str]) -> Document:
    """Read an HTML page: its main text, title, date, site and address.

    Parameters
    ----------
    path : str or os.PathLike
        An HTML file. Its stem becomes the document id.

    Returns
    -------
    Document
        See :func:`html_to_document`; ``encoding`` is the page's encoding
        (a byte-order mark, UTF-8, the declared ``charset``, else detected).

    Raises
    ------
    UnreadableFileError
        The file is missing, binary or undecodable.
    InputError
        The file is empty, or the page holds no text.
    """
    name = os.fspath(path)
    data = read_bytes(name)
    text, encoding = decode_bytes(data, name, declared=_declared_charset(data))
    if not text.strip():
        raise InputError(f"{name}: expected an HTML page, got an empty file")
    return attrs.evolve(html_to_document(text, Path(name).stem, name), encoding=encoding)


def html_to_document(html: str, id: str, path: str = "") -> Document:
    """Parse an HTML page into a :class:`~provenance.model.Document`.

    With the ``html`` extra installed, trafilatura extracts the main text
    (plain text, one paragraph a line, comments left out) and the metadata:
    title, publication date (from the page's metadata, not searched in the
    text), site name (``outlet``) and canonical address (``url``); ``reader``
    is ``"trafilatura"``. Without it, or when trafilatura finds no main text,
    a basic extractor of the standard library (``reader="html.parser"``)
    takes the text of the page's blocks — only those inside ``<article>`` or
    ``<main>`` when there are any — leaving out scripts, styles, navigation,
    headers, footers, asides and forms, and the title, date, site name and
    address from ``<meta>`` tags and ``<title>``. The extracted text is then
    parsed by :func:`provenance.load.document_from_text` with the page's
    title; with no publication date in the metadata, one in the text's
    header lines is used.

    Raises
    ------
    InputError
        Neither extractor finds any text.

    Examples
    --------
    >>> page = "<title>Talks fail</title><nav>Home</nav><p>The talks failed today.</p>"
    >>> doc = html_to_document(page, "a")
    >>> doc.title, doc.body_text
    ('Talks fail', 'The talks failed today.')
    """
    page = _extract(html)
    if not page.text.strip():
        raise InputError(f"{path or id}: expected an article, got an HTML page with no text")
    document = document_from_text(page.text, id, path, title=page.title)
    return attrs.evolve(
        document,
        published=_page_date(page.published) or document.published,
        outlet=page.outlet,
        url=page.url,
        reader=page.reader,
    )


def _page_date(value: str | None) -> dt.date | None:
    """A metadata date: ISO (``2021-11-02T10:00:00Z``) or a written form ("2 Nov 2021")."""
    return _iso_date(value) or (find_date(value) if value else None)


@frozen
class _Page:
    text: str
    title: str | None
    published: str | None
    outlet: str | None
    url: str | None
    reader: str


def _extract(html: str) -> _Page:
    trafilatura = _trafilatura()
    if trafilatura is not None:
        text = trafilatura.extract(
            html, output_format="txt", include_comments=False, include_tables=True
        )
        if text and text.strip():
            # Publication dates come from the page's metadata only, as for text
            # (a date in the body is an event); hence no extensive search.
            meta = trafilatura.extract_metadata(
                html, date_config={"original_date": True, "extensive_search": False}
            )
            return _Page(
                text=str(text),
                title=_clean(getattr(meta, "title", None)),
                published=_clean(getattr(meta, "date", None)),
                outlet=_clean(getattr(meta, "sitename", None)),
                url=_clean(getattr(meta, "url", None)),
                reader="trafilatura",
            )
    parser = _PageParser()
    parser.feed(html)
    parser.close()
    return parser.page()


def _clean(value: object) -> str | None:
    """A metadata value as one line of text, or None when there is none."""
    if not isinstance(value, str):
        return None
    return " ".join(value.split()) or None


_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def _declared_charset(data: bytes) -> str | None:
    """The ``charset`` a page declares in its first 4 KB, or None."""
    found = _CHARSET.search(data[:4096])
    return found.group(1).decode("ascii") if found else None


_SKIP = frozenset(
    "script style noscript template svg nav header footer aside form button select"
    " iframe object".split()
)
_CONTAINERS = frozenset({"article", "main"})
_BLOCKS = frozenset(
    "p div h1 h2 h3 h4 h5 h6 li ul ol dl dt dd blockquote pre br hr tr td th table caption"
    " section article main figure figcaption address body html".split()
)
_DATE_KEYS = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "date",
    "pubdate",
    "publishdate",
    "publish-date",
    "dc.date",
    "dc.date.issued",
    "dcterms.created",
    "dcterms.date",
    "parsely-pub-date",
    "sailthru.date",
)


class _PageParser(HTMLParser):
    """The basic extractor: the text of block elements, and the metadata tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._skip: list[str] = []
        self._inside = 0
        self._in_title = False
        self._line: list[str] = []
        self._lines: list[tuple[str, bool]] = []
        self._title: list[str] = []
        self._h1: str | None = None
        self._meta: dict[str, str] = {}

    def handle_starttag(self, tag: str, attributes: list[tuple[str, str | None]]) -> None:
        values = {key: value or "" for key, value in attributes}
        if tag == "meta":
            key = values.get("property") or values.get("name") or values.get("itemprop")
            if key and "content" in values:
                self._meta.setdefault(key.lower(), values["content"])
        elif tag == "link" and "canonical" in values.get("rel", "").lower().split():
            self._meta.setdefault("canonical", values.get("href", ""))
        elif tag == "time" and "datetime" in values:
            self._meta.setdefault("time", values["datetime"])
        elif tag == "title":
            self._in_title = True
        if tag in _BLOCKS:
            self._flush()
        # An article's own header holds its headline and byline, not site furniture.
        if tag in _SKIP and not (tag == "header" and self._inside):
            self._skip.append(tag)
        elif tag in _CONTAINERS:
            self._inside += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag in _BLOCKS or tag in _SKIP:
            self._flush(heading=tag == "h1")
        if tag in _SKIP and tag in self._skip:
            while self._skip.pop() != tag:
                pass
        elif tag in _CONTAINERS and self._inside:
            self._inside -= 1

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self._title.append(data)
        elif not self._skip:
            self._line.append(data)

    def _flush(self, *, heading: bool = False) -> None:
        line = " ".join("".join(self._line).split())
        self._line = []
        if not line:
            return
        if heading and self._h1 is None:
            self._h1 = line
        self._lines.append((line, self._inside > 0))

    def page(self) -> _Page:
        self._flush()
        contained = [line for line, inside in self._lines if inside]
        lines = contained or [line for line, _ in self._lines]
        meta = self._meta
        # The headline, not the window title: that often appends the site's name.
        title = meta.get("og:title") or self._h1 or "".join(self._title)
        published = next((meta[key] for key in (*_DATE_KEYS, "time") if meta.get(key)), None)
        return _Page(
            text="\n".join(lines),
            title=_clean(title),
            published=_clean(published),
            outlet=_clean(meta.get("og:site_name") or meta.get("application-name")),
            url=_clean(meta.get("canonical") or meta.get("og:url")),
            reader="html.parser",
        )


# ---------------------------------------------------------------------------
# Records: JSON Lines and CSV


class _Problems:
    """The problems met in one file of records, reported once per kind.

    Without a ``warn`` callable, the first problem raises instead.
    """

    _SHOWN = 5

    def __init__(self, name: str, warn: Warn | None) -> None:
        self.name = name
        self.warn = warn
        self.found: dict[tuple[str, str], list[str]] = {}

    def add(self, line: int, action: str, problem: str, detail: str = "") -> None:
        """Note ``problem`` at ``line``; ``action`` says what was done, with ``{records}``."""
        if self.warn is None:
            raise InputError(f"{self.name}:{line}: {problem}" + (f" ({detail})" if detail else ""))
        self.found.setdefault((action, problem), []).append(
            f"line {line}" + (f": {detail}" if detail else "")
        )

    def report(self) -> None:
        """Send one warning per kind of problem met."""
        if self.warn is None:
            return
        for (action, problem), where in self.found.items():
            count = len(where)
            records = f"{count} record{'s' if count > 1 else ''} of {self.name}"
            shown = "; ".join(where[: self._SHOWN])
            more = f"; and {count - self._SHOWN} more" if count > self._SHOWN else ""
            self.warn(f"{action.format(records=records)}: {problem} ({shown}{more})")


def read_jsonl(path: str | os.PathLike[str], *, warn: Warn | None = None) -> Iterator[Document]:
    """The documents of a JSON Lines file, one JSON object a line, streamed.

    Parameters
    ----------
    path : str or os.PathLike
        A ``.jsonl``/``.ndjson`` file: one JSON object per line, with the
        fields of :data:`FIELDS`. Blank lines are passed over.
    warn : callable, optional
        Receives one line per kind of problem met, after the last record.
        Without it, the first problem raises :class:`InputError`.

    Yields
    ------
    Document
        One per usable record, in file order, with ``reader="jsonl"``.

    Raises
    ------
    UnreadableFileError
        The file is missing or cannot be decoded.
    InputError
        The file holds no line at all, or (without ``warn``) a record has a
        problem.

    Notes
    -----
    Lines are UTF-8 (as JSON Lines requires; a UTF-8 BOM is allowed); a file
    with a UTF-16/32 byte-order mark is read in that encoding. A line that is
    not UTF-8 is read as cp1252, and its record's ``encoding`` says so. The
    problems, and what is done about each:

    * a line that is not a JSON object, or not decodable: skipped;
    * no ``text``, or an empty one: skipped (there is nothing to trace);
    * no ``id``: the id is ``<file stem>:<line>``;
    * a ``published`` that is not an ISO date or date-time: no date (one in
      the text's header lines is still used);
    * a ``title``, ``outlet`` or ``url`` that is not a string: left out.
    """
    name = os.fspath(path)
    problems = _Problems(name, warn)
    blank = True
    for number, line, encoding in _lines(name):
        blank = blank and not (line is None or line.strip())
        if line is None:
            problems.add(number, "skipped {records}", "not UTF-8 or cp1252 text")
            continue
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            problems.add(number, "skipped {records}", "not a JSON object", error.msg)
            continue
        if not isinstance(record, dict):
            problems.add(
                number, "skipped {records}", "not a JSON object", f"a {type(record).__name__}"
            )
            continue
        document = _record_document(record, name, number, problems)
        if document is not None:
            yield attrs.evolve(document, encoding=encoding, reader="jsonl")
    if blank:
        raise InputError(f"{name}: expected JSON Lines records, got an empty file")
    problems.report()


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _lines(name: str) -> Iterator[tuple[int, str | None, str]]:
    """The numbered lines of a file, decoded, with the encoding of each (None: undecodable)."""
    _check_file(name)
    with open(name, "rb") as file:
        head = file.read(4)
        file.seek(0)
        for bom, encoding in _BOMS:
            if head.startswith(bom):
                wide = io.TextIOWrapper(file, encoding=encoding, newline="")
                try:
                    yield from ((n, line, encoding) for n, line in enumerate(wide, start=1))
                except UnicodeDecodeError:
                    raise UnreadableFileError(
                        f"{name}: starts with a {encoding} byte-order mark but is not {encoding}"
                    ) from None
                return
        for number, raw in enumerate(file, start=1):
            if number == 1 and raw.startswith(codecs.BOM_UTF8):
                raw = raw[len(codecs.BOM_UTF8) :]
            yield number, *_decode_line(raw)


def _decode_line(raw: bytes) -> tuple[str | None, str]:
    for encoding in ("utf-8", "cp1252"):
        try:
            return raw.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return None, "utf-8"


def _check_file(name: str) -> None:
    file = Path(name)
    if not file.exists():
        raise UnreadableFileError(f"{name}: no such file or directory")
    if not file.is_file():
        raise UnreadableFileError(f"{name}: expected a regular file, got something else")


def read_csv(path: str | os.PathLike[str], *, warn: Warn | None = None) -> Iterator[Document]:
    """The documents of a CSV (or TSV) file with a header row.

    Parameters
    ----------
    path : str or os.PathLike
        A ``.csv`` or ``.tsv`` file whose first row names the columns, among
        them ``text`` (names are compared in lower case, surrounding spaces
        ignored). The delimiter is the first of tab (``.tsv`` only), comma,
        semicolon and ``|`` that makes a header with a ``text`` column.
    warn : callable, optional
        As for :func:`read_jsonl`.

    Yields
    ------
    Document
        One per usable row, in file order, with ``reader="csv"``;
        ``path`` is ``<file>:<line of the row's first line>``.

    Raises
    ------
    UnreadableFileError
        The file is missing, binary, undecodable or not valid CSV.
    InputError
        The file is empty or has no ``text`` column, or (without ``warn``)
        a row has a problem.

    Notes
    -----
    The file is decoded whole, like a text file (so cp1252 and UTF-16 files
    are read). Problems are those of :func:`read_jsonl`, and a row with more
    fields than the header: the extra fields are not read (an unquoted
    delimiter inside the text is the usual cause), and a warning says so.
    """
    name = os.fspath(path)
    text, encoding = decode_bytes(read_bytes(name), name)
    if not text.strip():
        raise InputError(f"{name}: expected CSV records, got an empty file")
    delimiter = _delimiter(text, tab_first=Path(name).suffix.lower() == ".tsv")
    if delimiter is None:
        header = text.lstrip().splitlines()[0][:80]
        raise InputError(f"{name}: expected a header row with a text column, got {header!r}")
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    problems = _Problems(name, warn)
    try:
        columns = [column.strip().lower() for column in next(rows)]
        line = rows.line_num + 1
        for row in rows:
            first, line = line, rows.line_num + 1
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(columns):
                problems.add(
                    first,
                    "read {records} without their extra fields",
                    "more fields than the header",
                    f"{len(row) - len(columns)} more",
                )
            record = dict(zip(columns, row, strict=False))
            document = _record_document(record, name, first, problems)
            if document is not None:
                yield attrs.evolve(document, encoding=encoding, reader="csv")
    except csv.Error as error:
        raise UnreadableFileError(f"{name}:{rows.line_num}: not valid CSV ({error})") from None
    problems.report()


def _delimiter(text: str, *, tab_first: bool) -> str | None:
    """The delimiter whose split of the first row has a ``text`` column, or None."""
    first = text.lstrip().split("\n", 1)[0]
    for delimiter in ("\t", ",", ";", "|") if tab_first else (",", ";", "\t", "|"):
        names = next(csv.reader([first], delimiter=delimiter), [])
        if "text" in (name.strip().lower() for name in names):
            return delimiter
    return None


def _record_document(
    record: Mapping[str, object], name: str, line: int, problems: _Problems
) -> Document | None:
    """The document of one record, or None when it has no text."""
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        what = "no text" if text is None or isinstance(text, str) else "a text that is not a string"
        problems.add(line, "skipped {records}", what)
        return None
    id = _id(record.get("id"))
    if id is None:
        id = f"{Path(name).stem}:{line}"
        problems.add(line, "gave {records} the id <file stem>:<line>", "no id", id)
    fields = {key: _string(record.get(key), key, line, problems) for key in FIELDS[2:]}
    document = document_from_text(text, id, f"{name}:{line}", title=fields["title"])
    published = _iso_date(fields["published"])
    if fields["published"] is not None and published is None:
        problems.add(
            line,
            "kept {records} without a date",
            "published is not an ISO date",
            repr(fields["published"]),
        )
    return attrs.evolve(
        document,
        published=published or document.published,
        outlet=fields["outlet"],
        url=fields["url"],
    )


def _id(value: object) -> str | None:
    """A record's id as text, or None when it has none usable (missing, empty, not a scalar)."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        return None
    return str(value).strip() or None


def _string(value: object, key: str, line: int, problems: _Problems) -> str | None:
    """A text field's value, stripped, or None (with a problem when it is not text)."""
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    problems.add(line, f"read {{records}} without their {key}", f"{key} is not a string")
    return None


def _iso_date(value: str | None) -> dt.date | None:
    """The date of an ISO date or date-time (its own day, no time zone conversion)."""
    if value is None:
        return None
    try:
        return dt.datetime.fromisoformat(value.strip()).date()
    except ValueError:
        return None
