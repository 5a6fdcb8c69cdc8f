"""provenance: trace where the text of a news story came from.

Give it the articles that tell one story; it aligns the sentences they share and
reconstructs who copied whom, with the evidence for every edge::

    >>> import provenance
    >>> result = provenance.trace("seeds/")  # doctest: +SKIP
    >>> result.tree.parent_of("000_6843719992edc7c4")  # doctest: +SKIP

The pipeline, one module per stage: ``load → segment → align → cite → derive →
render``. This module re-exports the public API; it does not import the CLI.
"""

from provenance.align import align, align_corpus
from provenance.cite import extract_citations
from provenance.config import TraceConfig
from provenance.derive import derive
from provenance.engine import Engine, LocalEngine
from provenance.errors import (
    CapWarning,
    EmptyCorpusError,
    InputError,
    ProvenanceError,
    UnreadableFileError,
)
from provenance.load import document_from_text, load_corpus, load_documents, read_document
from provenance.model import (
    AlignedEvidence,
    AlignedPairs,
    Alignment,
    Citation,
    DerivationTree,
    Document,
    Edge,
    Evidence,
    Node,
    RemovedText,
    Sentence,
    SentencePair,
    SentencePairs,
    Source,
)
from provenance.segment import segment, split_sentences
from provenance.serialize import trace_to_dict, trace_to_json, tree_from_dict, tree_to_dict
from provenance.store import AddResult, Store, StoreError
from provenance.trace import (
    SourceList,
    Trace,
    list_sources,
    trace,
    trace_aligned,
    trace_documents,
)
from provenance.tree import select_tree, sentence_origins

__version__ = "0.1.0"

__all__ = [
    "AddResult",
    "AlignedEvidence",
    "AlignedPairs",
    "Alignment",
    "CapWarning",
    "Citation",
    "DerivationTree",
    "Document",
    "Edge",
    "EmptyCorpusError",
    "Engine",
    "Evidence",
    "InputError",
    "LocalEngine",
    "Node",
    "ProvenanceError",
    "RemovedText",
    "Sentence",
    "SentencePair",
    "SentencePairs",
    "Source",
    "SourceList",
    "Store",
    "StoreError",
    "Trace",
    "TraceConfig",
    "UnreadableFileError",
    "__version__",
    "align",
    "align_corpus",
    "derive",
    "document_from_text",
    "extract_citations",
    "list_sources",
    "load_corpus",
    "load_documents",
    "read_document",
    "segment",
    "select_tree",
    "sentence_origins",
    "split_sentences",
    "trace",
    "trace_aligned",
    "trace_documents",
    "trace_to_dict",
    "trace_to_json",
    "tree_from_dict",
    "tree_to_dict",
]
