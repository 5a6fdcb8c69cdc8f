"""A store of articles in one SQLite file, indexed so that adding articles is incremental.

:class:`Store` keeps the documents, their sentences, each distinct normalised
sentence text with its alignable words, every alignment (its pairs as columns),
and the last derivation (tree, citations, origins). Adding articles aligns only
the pairs with a new one, from the stored texts (no stored article is read
again), and the next :meth:`Store.trace` re-derives the tree from the stored
alignments. The result is the value :func:`provenance.trace.trace_documents`
gives for all the stored documents, whatever the order and the batches they
were added in.

Each batch of documents is one transaction: a process killed while adding loses
at most the batch it was writing, and adding the same articles again skips the
ones already stored. docs/store.md describes the schema.

>>> import tempfile
>>> from pathlib import Path
>>> from provenance.load import document_from_text
>>> article = document_from_text("It rained in Kabul on Sunday morning.", "a")
>>> with tempfile.TemporaryDirectory() as folder, Store.open(Path(folder) / "news.db") as store:
...     store.add([article])
AddResult(added=1, skipped=0, realigned=0, total=1, warnings=())
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import os
import sqlite3
import warnings as warnings_module
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any, NamedTuple

import attrs
import numpy as np
import numpy.typing as npt
from attrs import frozen

from provenance._gc import paused_gc
from provenance.align import align_normalised, alignable_words, normalise
from provenance.cite import sentence_mentions
from provenance.config import TraceConfig
from provenance.derive import DerivationState, derive_from
from provenance.engine import Engine
from provenance.errors import CapWarning, EmptyCorpusError, ProvenanceError
from provenance.model import (
    PAIR_ROW,
    Alignment,
    Document,
    RemovedText,
    Sentence,
    SentencePairs,
)
from provenance.packed import Derivation, Packed, PackedCopies, pack, unpack
from provenance.segment import segment
from provenance.trace import Trace, boilerplate_warnings, trace_aligned_from

__all__ = ["AddResult", "Store", "StoreError", "code_version", "is_sqlite_file"]

#: The schema version written in ``meta``; a store of another version is refused
#: unless it differs only in what the store caches (``_CACHE_ONLY_CHANGES``).
SCHEMA = "provenance.store/4"
_HEADER = b"SQLite format 3\x00"
# SQLite's default limit of bound parameters is 32,766; stay well below it.
_CHUNK = 900

_TABLES = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS documents (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    path TEXT NOT NULL,
    text TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    published TEXT,
    removed TEXT NOT NULL,
    encoding TEXT NOT NULL,
    outlet TEXT,
    url TEXT,
    reader TEXT NOT NULL,
    generation INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS texts (
    id INTEGER PRIMARY KEY,
    text TEXT NOT NULL UNIQUE,
    copies INTEGER NOT NULL,
    words TEXT
);
CREATE INDEX IF NOT EXISTS texts_by_copies ON texts (copies);
CREATE TABLE IF NOT EXISTS sentences (
    id INTEGER PRIMARY KEY,
    document INTEGER NOT NULL REFERENCES documents (id),
    idx INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text INTEGER NOT NULL REFERENCES texts (id),
    mentions TEXT,
    UNIQUE (document, idx)
);
CREATE INDEX IF NOT EXISTS sentences_by_text ON sentences (text);
CREATE TABLE IF NOT EXISTS alignments (
    a INTEGER NOT NULL REFERENCES documents (id),
    b INTEGER NOT NULL REFERENCES documents (id),
    pairs BLOB NOT NULL,
    groups TEXT NOT NULL,
    PRIMARY KEY (a, b)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS alignments_by_b ON alignments (b);
CREATE TABLE IF NOT EXISTS warnings (
    id INTEGER PRIMARY KEY,
    generation INTEGER NOT NULL,
    text TEXT NOT NULL
);
"""

# The derivation, packed (provenance.packed): a cache, rebuilt when it is missing.
# A trace after an add starts from it, weighs only the new links, and writes
# again only the copy edges of the children that gained one.
_DERIVATIONS = """
CREATE TABLE IF NOT EXISTS derivations (
    generation INTEGER PRIMARY KEY,
    strings TEXT NOT NULL,
    documents TEXT NOT NULL,
    links TEXT NOT NULL,
    citations TEXT NOT NULL,
    sources TEXT NOT NULL,
    origins BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS copies (
    child TEXT PRIMARY KEY,
    edges TEXT NOT NULL,
    aligned BLOB NOT NULL,
    counts BLOB NOT NULL
) WITHOUT ROWID;
"""
# Stores of these versions open: they differ only in what the store caches.
_CACHE_ONLY_CHANGES = ("provenance.store/2", "provenance.store/3")

_SCRATCH = """
CREATE TEMP TABLE IF NOT EXISTS batch_texts (
    text TEXT PRIMARY KEY, copies INTEGER NOT NULL, words TEXT
);
CREATE TEMP TABLE IF NOT EXISTS chosen (id INTEGER PRIMARY KEY);
"""


class StoreError(ProvenanceError, ValueError):
    """A store cannot be opened or does not accept what it is given.

    The message names the store file or the document, e.g. ``"news.db: not a
    provenance store (not an SQLite database)"``.
    """


@frozen
class AddResult:
    """What :meth:`Store.add` did.

    ``added`` documents were new; ``skipped`` were already in the store with the
    same text; ``realigned`` stored documents were aligned again because one of
    their sentences became boilerplate (more than ``max_copies`` copies in the
    store); ``total`` is the number of documents in the store afterwards.
    ``warnings`` are the caps on pathological input applied while adding
    (:class:`~provenance.errors.CapWarning`); the store keeps them, and
    :meth:`Store.trace` reports them too.
    """

    added: int
    skipped: int
    realigned: int
    total: int
    warnings: tuple[str, ...] = ()


def is_sqlite_file(path: str | os.PathLike[str]) -> bool:
    """True when ``path`` is a file that starts with the SQLite header.

    That is how the command line tells a store from an article;
    :meth:`Store.open` then checks that the database is a provenance store.
    """
    try:
        with open(path, "rb") as file:
            return file.read(len(_HEADER)) == _HEADER
    except OSError:
        return False


class Store:
    """A provenance store: one SQLite connection, used as a context manager.

    Open it with :meth:`Store.open`. One store holds one corpus traced with one
    :class:`~provenance.config.TraceConfig`, fixed when the store is created
    (``config``; ``path`` is the file).
    Several processes may read a store while one adds to it (SQLite's WAL mode);
    two that add at once take turns, batch by batch.
    """

    def __init__(self, connection: sqlite3.Connection, path: Path, config: TraceConfig) -> None:
        self._db = connection
        self.path = path
        self.config = config
        # The other code whose caches a read-only file kept (None: none kept).
        self._stale_code: str | None = None

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        *,
        config: TraceConfig | None = None,
        create: bool = True,
    ) -> Store:
        """Open the store at ``path``, creating it (and its schema) if it is new.

        Parameters
        ----------
        path : str or os.PathLike
            The SQLite file.
        config : TraceConfig, optional
            The config to trace with. A new store records it (the defaults when
            omitted); an existing one must have been created with the same
            config, or with omitted ``config`` the recorded one is used.
        create : bool, default True
            Create the store when ``path`` does not exist; with False, a missing
            file is an error.

        Raises
        ------
        StoreError
            ``path`` is a directory, not an SQLite database, an SQLite database
            of something else, a store of another schema version, or a store
            created with a different config; or SQLite cannot open it.
        """
        where = Path(path)
        if where.is_dir():
            raise StoreError(f"{where}: is a directory, expected a store file")
        exists = where.exists() and where.stat().st_size > 0
        if exists and not is_sqlite_file(where):
            raise StoreError(f"{where}: not a provenance store (not an SQLite database)")
        if not exists and not create:
            raise StoreError(f"{where}: no such store")
        connection: sqlite3.Connection | None = None
        try:
            connection = sqlite3.connect(where, timeout=60.0, isolation_level=None)
            connection.execute("PRAGMA journal_mode = WAL")
            connection.execute("PRAGMA synchronous = NORMAL")
            connection.execute("PRAGMA cache_size = -65536")
            recorded = _open_schema(connection, where, config or TraceConfig())
        except sqlite3.Error as error:
            if connection is not None:
                connection.close()
            raise StoreError(f"{where}: cannot open the store: {error}") from None
        except StoreError:
            if connection is not None:
                connection.close()
            raise
        if config is not None and config != recorded:
            connection.close()
            raise StoreError(f"{where}: {_config_difference(recorded, config)}")
        _script(connection, _SCRATCH)
        store = cls(connection, where, recorded)
        with store._errors():
            store._follow_code_version()
        return store

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection (what was added is already committed)."""
        self._db.close()

    def __len__(self) -> int:
        """The number of documents in the store."""
        with self._errors():
            return int(self._db.execute("SELECT count(*) FROM documents").fetchone()[0])

    @paused_gc()
    def add(
        self,
        documents: Iterable[Document],
        *,
        batch: int = 500,
        on_progress: Callable[[int, int], None] | None = None,
        engine: Engine | None = None,
    ) -> AddResult:
        """Add documents, aligning each new one with the stored documents.

        Parameters
        ----------
        documents : iterable of Document
            The articles, e.g. from :func:`provenance.load.load_corpus`. A
            document whose id is already stored with the same text is skipped.
        batch : int, default 500
            Documents per transaction. Each batch is committed whole or not at
            all, so a process killed while adding loses only its current batch.
        on_progress : callable, optional
            Called as ``on_progress(done, total)`` after each batch commits,
            with the number of documents of ``documents`` handled so far.
        engine : Engine, optional
            Where the alignment's scoring runs (:mod:`provenance.engine`); the
            result does not depend on it.

        Returns
        -------
        AddResult
            How many documents were added, skipped, re-aligned, and stored.

        Raises
        ------
        StoreError
            A document has the id of a stored document (or of an earlier one of
            ``documents``) but another text; batches before its own stay
            committed. Also when SQLite fails (a locked or read-only file).
        """
        if batch < 1:
            raise StoreError(f"batch: must be >= 1, got {batch!r}")
        pending = list(documents)
        added = skipped = realigned = 0
        capped: list[str] = []
        aligned = _Aligned()  # read once, then extended batch by batch
        with self._errors():
            for start in range(0, len(pending), batch):
                new, present, again, caps = self._add_batch(
                    pending[start : start + batch], aligned, engine
                )
                added, skipped, realigned = added + new, skipped + present, realigned + again
                capped += caps
                if on_progress is not None:
                    on_progress(min(start + batch, len(pending)), len(pending))
        return AddResult(
            added=added,
            skipped=skipped,
            realigned=realigned,
            total=len(self),
            warnings=tuple(capped),
        )

    def documents(self) -> tuple[Document, ...]:
        """Every stored document, sorted by id, exactly as it was added."""
        with self._errors(), self._reading():
            rows = self._db.execute(f"SELECT {_DOCUMENT_COLUMNS} FROM documents").fetchall()
        return tuple(sorted((_document(row) for row in rows), key=lambda d: d.id))

    @paused_gc()
    def trace(self, *, on_stage: Callable[[str], None] | None = None) -> Trace:
        """Trace every stored document from the stored alignments.

        The result equals :func:`provenance.trace.trace_documents` of the
        stored documents with the store's config, but for ``warnings``: the
        boilerplate the aligner skipped, then the caps applied while adding,
        each once (there are no loading warnings, and a cap met in a batch may
        differ from one met on the whole corpus; where a cap applies, the
        alignment may differ too). The derivation is stored: a trace after an
        add weighs only the links of the added documents
        (:func:`provenance.derive.derive_from`), and one with nothing added
        reuses the citations and origins too.

        ``on_stage(name)`` is called after ``"load"`` (reading the store), then
        ``"cite"``, ``"derive"`` and ``"origins"`` (immediate when reused).

        Raises
        ------
        EmptyCorpusError
            The store holds fewer than two documents.
        StoreError
            SQLite fails to read the store, or its stored derivation is damaged.
        """
        done = on_stage or (lambda stage: None)
        with self._errors():
            with self._reading():
                generation = self._generation()
                documents, sentences, alignments, skipped, mentions = self._load_all()
                capped = dict.fromkeys(
                    text for (text,) in self._db.execute("SELECT text FROM warnings ORDER BY id")
                )
                aligned_by = self._db.execute(
                    "SELECT value FROM meta WHERE key = 'aligned by'"
                ).fetchone()
                older = aligned_by[0] if aligned_by else self._stale_code
                row = self._db.execute(
                    f"SELECT generation, {_PACKED_COLUMNS} FROM derivations"
                    " ORDER BY generation DESC LIMIT 1"
                ).fetchone()
                if self._stale_code is not None:  # another version's, kept by a read-only file
                    row, mentions = None, {}
                stored = None if row is None else self._stored_derivation(row)
            if len(documents) < 2:
                raise EmptyCorpusError(
                    f"{self.path}: need at least 2 articles to trace,"
                    f" the store holds {len(documents)}"
                )
            warnings = (*boilerplate_warnings(skipped, self.config), *capped)
            if older is not None:
                warnings += (
                    f"{self.path}: aligned in part by another version of provenance"
                    f" (code {older}, this is {code_version()}); index the articles"
                    " again into a new store for this version's alignments",
                )
            done("load")
            if stored is not None and stored.generation == generation:
                return _traced_again(
                    stored.derivation, self.config, documents, sentences, alignments, warnings, done
                )
            result, state = trace_aligned_from(
                documents,
                sentences,
                alignments,
                previous=None if stored is None else stored.derivation.state,
                config=self.config,
                warnings=warnings,
                on_stage=on_stage,
                mentions=mentions,
            )
            self._save_derivation(generation, result, state, stored)
            return result

    def _follow_code_version(self) -> None:
        """Drop what another version of provenance cached, and remember that it aligned.

        The derivation and each sentence's attribution phrases are recomputed
        from the stored articles; the alignments are kept (aligning again is
        indexing again), and :meth:`trace` says so in its warnings.
        """
        meta = dict(self._db.execute("SELECT key, value FROM meta"))
        if meta.get("code") == code_version():
            return
        try:
            with self._writing():
                self._forget_derivation()
                self._db.execute("UPDATE sentences SET mentions = NULL")
                self._db.executemany(
                    "INSERT OR REPLACE INTO meta VALUES (?, ?)",
                    [("code", code_version()), ("aligned by", meta.get("code", "unknown"))],
                )
        except sqlite3.OperationalError as error:
            if error.sqlite_errorname != "SQLITE_READONLY":
                raise
            self._stale_code = meta.get("code", "unknown")  # traced without the caches

    # Adding ---------------------------------------------------------------

    def _add_batch(
        self, documents: Sequence[Document], aligned: _Aligned, engine: Engine | None = None
    ) -> tuple[int, int, int, list[str]]:
        """Add one batch in one transaction: (added, skipped, re-aligned, cap warnings)."""
        with warnings_module.catch_warnings(record=True) as caught:
            # The caps on pathological input warn; the store reports them with its own.
            warnings_module.simplefilter("always", CapWarning)
            with self._writing():
                stored = self._stored_texts([d.id for d in documents])
                fresh: dict[str, Document] = {}
                skipped = 0
                for document in documents:
                    known = fresh.get(document.id)
                    text = known.text if known else stored.get(document.id)
                    if text is None:
                        fresh[document.id] = document
                    elif text == document.text:
                        skipped += 1
                    else:
                        raise StoreError(
                            f"document {document.id!r} is already in the store with different"
                            f" text ({document.path or 'the new one'} differs)"
                        )
                ordered = sorted(fresh.values(), key=lambda d: d.id)
                realigned = self._insert(ordered, aligned, engine) if ordered else 0
                capped = [str(w.message) for w in caught if issubclass(w.category, CapWarning)]
                self._db.executemany(
                    "INSERT INTO warnings (generation, text)"
                    " SELECT value, ? FROM meta WHERE key = 'generation'",
                    ((text,) for text in capped),
                )
        for other in (w for w in caught if not issubclass(w.category, CapWarning)):
            warnings_module.warn_explicit(
                other.message, other.category, other.filename, other.lineno
            )
        return len(fresh), skipped, realigned, capped

    def _insert(
        self, documents: Sequence[Document], aligned: _Aligned, engine: Engine | None = None
    ) -> int:
        """Store new documents and their alignments; return how many old ones were re-aligned."""
        db = self._db
        generation = self._generation() + 1
        db.execute("UPDATE meta SET value = ? WHERE key = 'generation'", (str(generation),))
        first_document = _next_id(db, "documents")
        ids = {d.id: first_document + k for k, d in enumerate(documents)}
        db.executemany(
            f"INSERT INTO documents (id, {_DOCUMENT_COLUMNS}, generation)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            ((ids[d.id], *_document_row(d), generation) for d in documents),
        )
        first_sentence = _next_id(db, "sentences")
        sentences = list(
            enumerate((s for d in documents for s in segment(d)), start=first_sentence)
        )
        crossed = self._count_texts(sentences, ids)
        # A text that crossed max_copies is boilerplate from now on: the stored
        # documents holding it are aligned again, without it.
        affected = self._affected(crossed, first_document)
        if affected:
            db.execute("DELETE FROM alignments WHERE a IN chosen")
            db.execute("DELETE FROM alignments WHERE b IN chosen")
            # The stored derivation rests on the old alignments: the next trace starts over.
            self._forget_derivation()
        alignments, ids = self._align(
            {*(ids[d.id] for d in documents), *affected}, aligned, engine=engine
        )
        db.executemany(
            "INSERT INTO alignments VALUES (?, ?, ?, ?)",
            ((ids[al.a], ids[al.b], *_pairs_row(al.pairs)) for al in alignments),
        )
        return len(affected)

    def _count_texts(
        self, sentences: Sequence[tuple[int, Sentence]], ids: dict[str, int]
    ) -> list[str]:
        """Store new sentences and count their normalised texts across the store.

        Returns the texts that now occur more than ``max_copies`` times and did
        not before.
        """
        db, limit = self._db, self.config.max_copies
        texts = [normalise(s.text) for _, s in sentences]
        db.execute("DELETE FROM batch_texts")
        db.executemany(
            "INSERT INTO batch_texts VALUES (?, ?, ?)",
            ((text, n, _words(text, self.config)) for text, n in Counter(texts).items()),
        )
        crossed = [
            text
            for text, before, now in db.execute(
                "SELECT b.text, t.copies, t.copies + b.copies FROM batch_texts AS b"
                " JOIN texts AS t ON t.text = b.text"
            )
            if before <= limit < now
        ]
        db.execute(
            "INSERT INTO texts (text, copies, words)"
            " SELECT text, copies, words FROM batch_texts WHERE true"
            " ON CONFLICT (text) DO UPDATE SET copies = copies + excluded.copies"
        )
        text_ids = dict(
            db.execute("SELECT b.text, t.id FROM batch_texts AS b JOIN texts AS t USING (text)")
        )
        # What citing reads each text for, read once here: tracing then reads it back.
        mentions = {text: sentence_mentions(text) for text in {s.text for _, s in sentences}}
        db.executemany(
            'INSERT INTO sentences (id, document, idx, start, "end", text, mentions)'
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                (i, ids[s.document], s.index, s.start, s.end, text_ids[t], mentions[s.text])
                for (i, s), t in zip(sentences, texts, strict=True)
            ),
        )
        return crossed

    def _affected(self, texts: Sequence[str], before: int) -> list[int]:
        """The documents with ids below ``before`` holding one of ``texts``.

        Also left in the scratch table ``chosen``.
        """
        db = self._db
        db.execute("DELETE FROM chosen")
        db.executemany(
            "INSERT OR IGNORE INTO chosen SELECT s.document FROM texts AS t"
            " JOIN sentences AS s ON s.text = t.id WHERE t.text = ? AND s.document < ?",
            ((text, before) for text in texts),
        )
        return [i for (i,) in db.execute("SELECT id FROM chosen ORDER BY id")]

    def _align(
        self, fresh: Collection[int], aligned: _Aligned, *, engine: Engine | None
    ) -> tuple[tuple[Alignment, ...], dict[str, int]]:
        """The alignments of the documents ``fresh`` with every stored document,
        and the id of each document by name.

        Read from the stored normalised texts and their alignable words, so no
        article is segmented or normalised again.
        """
        db = self._db
        by_name = sorted(db.execute("SELECT name, id FROM documents"))
        names = [name for name, _ in by_name]
        side_of = np.zeros(max((i for _, i in by_name), default=0) + 1, dtype=np.int64)
        side_of[[i for _, i in by_name]] = np.arange(len(by_name))
        rows = aligned.read(db, self.config.max_copies)
        side = side_of[rows[:, 0]]
        order = np.lexsort((rows[:, 1], side))
        is_fresh = np.zeros(len(names), dtype=bool)
        is_fresh[side_of[list(fresh)]] = True
        alignments = align_normalised(
            names,
            side[order],
            rows[order, 1],
            rows[order, 2],
            aligned.texts,
            aligned.words,
            config=self.config,
            fresh=is_fresh,
            engine=engine,
        )
        return alignments, dict(by_name)

    def _load_all(
        self,
    ) -> tuple[
        tuple[Document, ...],
        tuple[Sentence, ...],
        tuple[Alignment, ...],
        dict[str, int],
        dict[str, str],
    ]:
        """Everything :func:`provenance.trace.trace_aligned` needs, in its order, and
        the skipped boilerplate and the stored mentions of each sentence text."""
        db = self._db
        rows = db.execute(f"SELECT id, {_DOCUMENT_COLUMNS} FROM documents").fetchall()
        by_id = {row[0]: _document(row[1:]) for row in rows}
        documents = tuple(sorted(by_id.values(), key=lambda d: d.id))
        spans: dict[int, list[tuple[int, int, int, str | None]]] = {}
        for document, index, start, end, found in db.execute(
            'SELECT document, idx, start, "end", mentions FROM sentences ORDER BY document, idx'
        ):
            spans.setdefault(document, []).append((index, start, end, found))
        ids = {d.id: i for i, d in by_id.items()}
        sentences = []
        mentions: dict[str, str] = {}
        for d in documents:
            for index, start, end, found in spans.get(ids[d.id], []):
                sentence = _sentence(d, index, start, end)
                sentences.append(sentence)
                if found is not None:  # None: stored before mentions were (store/2)
                    mentions[sentence.text] = found
        alignments = tuple(
            sorted(
                (
                    Alignment.of_columns(by_id[a].id, by_id[b].id, _pairs(rows, groups))
                    for a, b, rows, groups in db.execute(
                        "SELECT a, b, pairs, groups FROM alignments"
                    )
                ),
                key=lambda al: (al.a, al.b),
            )
        )
        skipped = dict(
            sorted(
                db.execute(
                    "SELECT text, copies FROM texts WHERE copies > ?", (self.config.max_copies,)
                )
            )
        )
        return documents, tuple(sentences), alignments, skipped, mentions

    def _stored_texts(self, names: Sequence[str]) -> dict[str, str]:
        """The texts of the stored documents among ``names``."""
        found: dict[str, str] = {}
        ordered = sorted(set(names))
        for start in range(0, len(ordered), _CHUNK):
            chunk = ordered[start : start + _CHUNK]
            marks = ", ".join("?" * len(chunk))
            found.update(
                self._db.execute(f"SELECT name, text FROM documents WHERE name IN ({marks})", chunk)
            )
        return found

    def _generation(self) -> int:
        row = self._db.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
        return int(row[0])

    def _stored_derivation(self, row: Sequence[Any]) -> _Stored:
        """The stored derivation, from its row and the copy edges; a StoreError
        when it is damaged."""
        copies = (
            PackedCopies(*copy)
            for copy in self._db.execute(
                "SELECT child, edges, aligned, counts FROM copies ORDER BY child"
            )
        )
        packed = Packed(*row[1:])
        try:
            return _Stored(row[0], json.loads(packed.strings), unpack(packed, copies))
        except ValueError as error:
            raise StoreError(f"{self.path}: {error}") from None

    def _save_derivation(
        self, generation: int, result: Trace, state: DerivationState, stored: _Stored | None
    ) -> None:
        """Keep the derivation of this generation (the older one is dropped).

        After a ``stored`` one, only the copy edges of the children that gained
        one are written: those of the others are the same edges, packed against
        the same strings, which only grow.
        """
        derivation = Derivation(state, result.citations, result.sources, result.origins)
        gone: set[str] = set()
        if stored is None:
            packed, copies = pack(derivation)
        else:
            before = stored.derivation.state.candidates.copies
            kept = {id(e) for e in before}
            gained = {e.child for e in state.candidates.copies if id(e) not in kept}
            # Children left with no edge: only a derivation from scratch (the
            # citations changed) can drop a child's edges.
            gone = {e.child for e in before} - {e.child for e in state.candidates.copies}
            packed, copies = pack(derivation, children=gained, strings=stored.strings)
        try:
            with self._writing():
                if stored is None:
                    self._forget_derivation()
                self._db.executemany("DELETE FROM copies WHERE child = ?", ((c,) for c in gone))
                self._db.execute("DELETE FROM derivations WHERE generation <= ?", (generation,))
                self._db.execute(
                    f"INSERT INTO derivations (generation, {_PACKED_COLUMNS})"
                    f" VALUES (?, {', '.join('?' * len(_PACKED_FIELDS))})",
                    (generation, *attrs.astuple(packed)),
                )
                self._db.executemany(
                    "INSERT OR REPLACE INTO copies VALUES (?, ?, ?, ?)",
                    (attrs.astuple(row) for row in copies),
                )
        except sqlite3.OperationalError as error:
            # A store on a read-only file is traced all the same, just not cached.
            if error.sqlite_errorname != "SQLITE_READONLY":
                raise

    def _forget_derivation(self) -> None:
        self._db.execute("DELETE FROM derivations")
        self._db.execute("DELETE FROM copies")

    # Transactions -------------------------------------------------------------

    def _writing(self) -> AbstractContextManager[None]:
        """One write transaction: committed when the block ends, rolled back on error."""
        return _transaction(self._db)

    @contextmanager
    def _reading(self) -> Iterator[None]:
        """One read transaction: a consistent view while another process adds."""
        self._db.execute("BEGIN")
        try:
            yield
        finally:
            self._db.execute("COMMIT")

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as error:
            raise StoreError(f"{self.path}: {error}") from None


class _Stored(NamedTuple):
    """A stored derivation: its generation, its string table, and what it holds."""

    generation: int
    strings: list[str]
    derivation: Derivation


_PACKED_FIELDS = tuple(field.name for field in attrs.fields(Packed))
_PACKED_COLUMNS = ", ".join(_PACKED_FIELDS)
_DOCUMENT_COLUMNS = (
    "name, path, text, title, body, published, removed, encoding, outlet, url, reader"
)


@functools.cache
def code_version() -> str:
    """A digest of provenance's own modules: the code that computed what a store keeps.

    A store records it; one opened by other code drops its cached derivation
    and attribution phrases, and warns that its alignments are the other code's.
    """
    digest = hashlib.sha256()
    for module in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(module.name.encode() + b"\0" + module.read_bytes())
    return digest.hexdigest()[:12]


def _open_schema(db: sqlite3.Connection, path: Path, config: TraceConfig) -> TraceConfig:
    """Create the tables of a new store; check an old one. Returns the recorded config."""
    # A read first: opening a store must not wait for a process adding to it.
    if not db.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchone():
        with _transaction(db):
            if not db.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchone():
                _script(db, _TABLES + _DERIVATIONS)
                db.executemany(
                    "INSERT INTO meta VALUES (?, ?)",
                    [
                        ("schema", SCHEMA),
                        ("config", json.dumps(attrs.asdict(config), sort_keys=True)),
                        ("generation", "0"),
                        ("code", code_version()),
                    ],
                )
    tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master")}
    if "meta" not in tables:
        raise StoreError(f"{path}: not a provenance store (an SQLite database of something else)")
    meta = dict(db.execute("SELECT key, value FROM meta"))
    if meta.get("schema") in _CACHE_ONLY_CHANGES:
        # Only what the store caches changed: the derivation (dropped, the next
        # trace rebuilds it) and each sentence's mentions (NULL: read from the text).
        with _transaction(db):
            db.execute("DROP TABLE IF EXISTS derivations")
            db.execute("DROP TABLE IF EXISTS copies")
            _script(db, _DERIVATIONS)
            if meta["schema"] == "provenance.store/2":
                db.execute("ALTER TABLE sentences ADD COLUMN mentions TEXT")
            db.execute("UPDATE meta SET value = ? WHERE key = 'schema'", (SCHEMA,))
        meta["schema"] = SCHEMA
    if meta.get("schema") != SCHEMA:
        raise StoreError(
            f"{path}: not a provenance store of this version"
            f" (schema {meta.get('schema')!r}, expected {SCHEMA!r})"
        )
    return TraceConfig(**json.loads(meta["config"]))


@contextmanager
def _transaction(db: sqlite3.Connection) -> Iterator[None]:
    """One write transaction: committed when the block ends, rolled back on error."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def _config_difference(recorded: TraceConfig, asked: TraceConfig) -> str:
    stored, wanted = attrs.asdict(recorded), attrs.asdict(asked)
    changes = ", ".join(
        f"{name}={stored[name]!r}, not {wanted[name]!r}"
        for name in stored
        if stored[name] != wanted[name]
    )
    return (
        f"the store was built with {changes}; a store traces with the settings it was"
        " built with (trace the articles themselves for others)"
    )


def _script(db: sqlite3.Connection, script: str) -> None:
    # Not executescript(): it commits the transaction in progress first.
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


def _next_id(db: sqlite3.Connection, table: str) -> int:
    return int(db.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}").fetchone()[0])


def _document_row(d: Document) -> tuple[object, ...]:
    return (
        d.id,
        d.path,
        d.text,
        d.title,
        json.dumps(d.body),
        d.published.isoformat() if d.published else None,
        json.dumps([[r.start, r.end, r.text, r.reason] for r in d.removed], ensure_ascii=False),
        d.encoding,
        d.outlet,
        d.url,
        d.reader,
    )


def _document(row: Sequence[Any]) -> Document:
    name, path, text, title, body, published, removed, encoding, outlet, url, reader = row
    return Document(
        id=name,
        path=path,
        text=text,
        title=title,
        body=tuple((start, end) for start, end in json.loads(body)),
        published=dt.date.fromisoformat(published) if published else None,
        removed=tuple(RemovedText(*r) for r in json.loads(removed)),
        encoding=encoding,
        outlet=outlet,
        url=url,
        reader=reader,
    )


def _sentence(document: Document, index: int, start: int, end: int) -> Sentence:
    return Sentence(document.id, index, start, end, document.text[start:end])


class _Aligned:
    """The store's alignable sentences and texts, as :meth:`Store.add` aligns with them.

    Sentences and texts are only ever added, with growing ids, so each batch of
    an ``add`` reads only those added since the last (its own, and any another
    process committed in between) instead of the whole store again.
    """

    def __init__(self) -> None:
        self.texts: dict[int, str] = {}
        self.words: dict[int, frozenset[str]] = {}
        self._rows = np.zeros((0, 3), dtype=np.int64)  # (document, index, text)
        self._last_text = self._last_sentence = 0

    def read(self, db: sqlite3.Connection, skip_above: int) -> npt.NDArray[np.int64]:
        """Each alignable sentence as (document, index, text): texts with more
        than ``skip_above`` copies are boilerplate and left out."""
        for i, text, found in db.execute(
            "SELECT id, text, words FROM texts WHERE id > ? AND words IS NOT NULL",
            (self._last_text,),
        ):
            self.texts[i], self.words[i] = text, frozenset(found.split())
        self._last_text = _next_id(db, "texts") - 1
        added = db.execute(
            "SELECT s.document, s.idx, s.text FROM sentences AS s"
            " JOIN texts AS t ON t.id = s.text WHERE s.id > ? AND t.words IS NOT NULL",
            (self._last_sentence,),
        ).fetchall()
        self._last_sentence = _next_id(db, "sentences") - 1
        self._rows = np.concatenate((self._rows, np.asarray(added, dtype=np.int64).reshape(-1, 3)))
        over = [i for (i,) in db.execute("SELECT id FROM texts WHERE copies > ?", (skip_above,))]
        return self._rows[~np.isin(self._rows[:, 2], np.asarray(over, dtype=np.int64))]


def _words(text: str, config: TraceConfig) -> str | None:
    """A normalised text's alignable words as stored: space-separated, sorted; NULL if none."""
    found = alignable_words(text, config)  # normalising a normalised text changes nothing
    return None if found is None else " ".join(sorted(found))


def _pairs_row(pairs: SentencePairs) -> tuple[bytes, str]:
    """An alignment's pairs as stored: the rows' bytes and the groups they use, as JSON."""
    pairs = pairs.compact()
    return pairs.rows.tobytes(), json.dumps(pairs.groups)


def _pairs(rows: bytes, groups: str) -> SentencePairs:
    # Read-only over immutable bytes: no copy needed. Most alignments have no split.
    split = () if groups == "[]" else tuple(tuple(g) for g in json.loads(groups))
    return SentencePairs._trusted(np.frombuffer(rows, dtype=PAIR_ROW), split)


def _traced_again(
    derivation: Derivation,
    config: TraceConfig,
    documents: tuple[Document, ...],
    sentences: tuple[Sentence, ...],
    alignments: tuple[Alignment, ...],
    warnings: Sequence[str],
    done: Callable[[str], None],
) -> Trace:
    """The Trace :func:`~provenance.trace.trace_aligned` gave, from its stored
    derivation: the tree derived again from its state, with nothing new to weigh."""
    done("cite")
    tree, _ = derive_from(
        documents,
        sentences,
        alignments,
        derivation.citations,
        derivation.sources,
        config=config,
        previous=derivation.state,
    )
    done("derive")
    result = Trace(
        config=config,
        documents=documents,
        sentences=sentences,
        alignments=alignments,
        citations=derivation.citations,
        sources=derivation.sources,
        tree=tree,
        origins=derivation.origins,
        warnings=tuple(warnings),
    )
    done("origins")
    return result
