"""The pipeline in one call: ``load → segment → align → cite → derive``."""

from __future__ import annotations

import os
import warnings as warnings_module
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from attrs import frozen

from provenance._gc import paused_gc
from provenance.align import align_corpus, boilerplate
from provenance.cite import extract_citations
from provenance.config import TraceConfig
from provenance.derive import DerivationState, derive_from
from provenance.engine import Engine
from provenance.errors import CapWarning, EmptyCorpusError, InputError
from provenance.load import load_corpus
from provenance.model import Alignment, Citation, DerivationTree, Document, Sentence, Source
from provenance.segment import segment
from provenance.tree import sentence_origins

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "SourceList",
    "Trace",
    "list_sources",
    "trace",
    "trace_aligned",
    "trace_aligned_from",
    "trace_documents",
]

PathLike = str | os.PathLike[str]


@frozen
class Trace:
    """The result of tracing a corpus: the tree and all the evidence behind it.

    ``origins`` gives, for every sentence as ``(document, index, origin)``, the
    node its text came from (None: the document's own text). ``warnings`` are
    the problems met while loading that did not stop the trace.
    """

    config: TraceConfig
    documents: tuple[Document, ...]
    sentences: tuple[Sentence, ...]
    alignments: tuple[Alignment, ...]
    citations: tuple[Citation, ...]
    sources: tuple[Source, ...]
    tree: DerivationTree
    origins: tuple[tuple[str, int, str | None], ...]
    warnings: tuple[str, ...] = ()

    def document(self, document_id: str) -> Document:
        """The document with this id; KeyError when there is none."""
        for document in self.documents:
            if document.id == document_id:
                return document
        raise KeyError(document_id)

    def sentences_of(self, document_id: str) -> tuple[Sentence, ...]:
        """The sentences of one document, in order."""
        return tuple(s for s in self.sentences if s.document == document_id)

    def alignment(self, a: str, b: str) -> Alignment | None:
        """The alignment of two documents as stored (``a < b``), or None if they share nothing."""
        for al in self.alignments:
            if (al.a, al.b) == (a, b):
                return al
        return None

    def to_networkx(self) -> nx.DiGraph[str]:
        """The derivation graph as a networkx DiGraph: :func:`provenance.export.to_networkx`."""
        from provenance.export import to_networkx  # export imports this module: import late

        return to_networkx(self)


@frozen
class SourceList:
    """The sources named in a set of articles and every place each is cited."""

    citations: tuple[Citation, ...]
    sources: tuple[Source, ...]
    warnings: tuple[str, ...] = ()


def _load(paths: PathLike | Sequence[PathLike]) -> tuple[tuple[Document, ...], tuple[str, ...]]:
    """One path or several, read with :func:`provenance.load.load_corpus`."""
    return load_corpus([paths] if isinstance(paths, str | os.PathLike) else list(paths))


def list_sources(paths: PathLike | Sequence[PathLike]) -> SourceList:
    """The named sources of the articles in ``paths`` (one article is enough).

    Raises the same errors as :func:`trace`, but accepts a single document.
    """
    documents, warnings = _load(paths)
    sentences = [s for d in documents for s in segment(d)]
    citations, sources = extract_citations(sentences)
    return SourceList(citations=citations, sources=sources, warnings=tuple(warnings))


@paused_gc()
def trace(
    paths: PathLike | Sequence[PathLike],
    *,
    config: TraceConfig | None = None,
    engine: Engine | None = None,
    on_stage: Callable[[str], None] | None = None,
) -> Trace:
    """Trace the articles in ``paths`` (files or directories).

    Parameters
    ----------
    paths : path or sequence of paths
        Plain-text articles, or directories of them.
    config : TraceConfig, optional
        The tracer's knobs; defaults when omitted.
    engine : Engine, optional
        What runs the alignment's partitions (:mod:`provenance.engine`): one
        process by default; the result is the same on every engine.
    on_stage : callable, optional
        Called with each stage's name as it ends: ``"load"``, then those of
        :func:`trace_documents`.

    Raises
    ------
    UnreadableFileError
        A path is missing, binary, or cannot be decoded.
    EmptyCorpusError
        Fewer than two documents were found.

    Examples
    --------
    >>> from pathlib import Path
    >>> seeds = Path(__file__).parent.parent / "seeds"
    >>> result = trace(seeds)  # doctest: +SKIP
    >>> result.tree.roots  # doctest: +SKIP
    """
    documents, warnings = _load(paths)
    if on_stage is not None:
        on_stage("load")
    return trace_documents(
        documents, config=config, warnings=warnings, engine=engine, on_stage=on_stage
    )


@paused_gc()
def trace_documents(
    documents: Iterable[Document],
    *,
    config: TraceConfig | None = None,
    warnings: Sequence[str] = (),
    on_stage: Callable[[str], None] | None = None,
    engine: Engine | None = None,
) -> Trace:
    """Trace documents already loaded (see :func:`provenance.load.document_from_text`).

    The result does not depend on the order of ``documents``: they are sorted by id.
    ``on_stage(name)`` is called as each stage ends: ``"segment"``, ``"align"``,
    ``"cite"``, ``"derive"`` and ``"origins"`` (which includes building the Trace).
    ``engine`` runs the alignment's partitions (:mod:`provenance.engine`); the
    result does not depend on it.
    """
    done = on_stage or (lambda stage: None)
    config = config or TraceConfig()
    docs = tuple(sorted(documents, key=lambda d: d.id))
    ids = [d.id for d in docs]
    duplicates = sorted(i for i, n in Counter(ids).items() if n > 1)
    if duplicates:
        raise InputError(f"documents: ids must be unique, got {', '.join(duplicates)} twice")
    if len(docs) < 2:
        raise EmptyCorpusError(
            f"documents: need at least 2 articles to trace, got {len(docs)}"
            + (f" ({ids[0]})" if ids else "")
        )
    with warnings_module.catch_warnings(record=True) as caught:
        # The caps on pathological input warn; the trace reports them with its own.
        warnings_module.simplefilter("always", CapWarning)
        sentences = tuple(s for d in docs for s in segment(d))
        done("segment")
        skipped = boilerplate(sentences, config)
        alignments = align_corpus(sentences, config=config, skip=skipped, engine=engine)
    capped = [str(w.message) for w in caught if issubclass(w.category, CapWarning)]
    for other in (w for w in caught if not issubclass(w.category, CapWarning)):
        warnings_module.warn_explicit(other.message, other.category, other.filename, other.lineno)
    done("align")
    return trace_aligned(
        docs,
        sentences,
        alignments,
        config=config,
        warnings=(*warnings, *boilerplate_warnings(skipped, config), *capped),
        on_stage=on_stage,
    )


def boilerplate_warnings(skipped: Mapping[str, int], config: TraceConfig) -> tuple[str, ...]:
    """The warning for the texts :func:`provenance.align.boilerplate` kept out of the alignment.

    One line, however many texts: the most frequent three are quoted.
    """
    if not skipped:
        return ()
    frequent = sorted(skipped.items(), key=lambda item: (-item[1], item[0]))
    quoted = ", ".join(f"{_shorten(text)!r} ({count:,} times)" for text, count in frequent[:3])
    more = f" and {len(frequent) - 3:,} more" if len(frequent) > 3 else ""
    return (
        f"not aligned, as boilerplate or stock lines occurring more than"
        f" max_copies={config.max_copies:,} times: {quoted}{more}",
    )


def _shorten(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


@paused_gc()
def trace_aligned(
    documents: Sequence[Document],
    sentences: Sequence[Sentence],
    alignments: Sequence[Alignment],
    *,
    config: TraceConfig | None = None,
    warnings: Sequence[str] = (),
    on_stage: Callable[[str], None] | None = None,
    mentions: Mapping[str, str] | None = None,
) -> Trace:
    """The rest of the pipeline (``cite → derive``) on documents already aligned.

    For a store that keeps its alignments (:mod:`provenance.store`): given the
    documents sorted by id, their sentences in that order, and the alignments
    :func:`provenance.align.align_corpus` gives them, the result equals
    :func:`trace_documents`'. ``mentions`` holds, for some sentence texts, what
    :func:`provenance.cite.sentence_mentions` gave (the store keeps it).
    ``on_stage`` is called after ``"cite"``, ``"derive"`` and ``"origins"``.
    """
    result, _ = trace_aligned_from(
        documents,
        sentences,
        alignments,
        config=config,
        warnings=warnings,
        on_stage=on_stage,
        mentions=mentions,
    )
    return result


@paused_gc()
def trace_aligned_from(
    documents: Sequence[Document],
    sentences: Sequence[Sentence],
    alignments: Sequence[Alignment],
    *,
    previous: DerivationState | None = None,
    config: TraceConfig | None = None,
    warnings: Sequence[str] = (),
    on_stage: Callable[[str], None] | None = None,
    mentions: Mapping[str, str] | None = None,
) -> tuple[Trace, DerivationState]:
    """:func:`trace_aligned`, and the state that derives it again with more documents.

    ``previous`` is the state of a trace of some of these documents, with the
    same alignments between them (:func:`provenance.derive.derive_from`): only
    the links with the other documents are weighed again.
    """
    done = on_stage or (lambda stage: None)
    config = config or TraceConfig()
    docs, sentences, alignments = tuple(documents), tuple(sentences), tuple(alignments)
    citations, sources = extract_citations(sentences, mentions=mentions)
    done("cite")
    tree, state = derive_from(
        docs, sentences, alignments, citations, sources, config=config, previous=previous
    )
    done("derive")
    origins = sentence_origins(tree, sentences, alignments, citations, sources)
    result = Trace(
        config=config,
        documents=docs,
        sentences=sentences,
        alignments=alignments,
        citations=citations,
        sources=sources,
        tree=tree,
        origins=tuple((doc, index, origin) for (doc, index), origin in sorted(origins.items())),
        warnings=tuple(warnings),
    )
    done("origins")
    return result, state
