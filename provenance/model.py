"""The data model: frozen value classes passed between the pipeline stages.

Every stage (``load → segment → align → cite → derive → render``) takes and
returns these values and nothing else, so each stage can be tested and replaced
alone. All offsets are character offsets into :attr:`Document.text`.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Literal

import attrs
from attrs import field, frozen

__all__ = [
    "AlignedEvidence",
    "Alignment",
    "Citation",
    "DerivationTree",
    "Document",
    "Edge",
    "Evidence",
    "Node",
    "RemovedText",
    "Sentence",
    "SentencePair",
    "Source",
]

PairKind = Literal["verbatim", "near", "paraphrase"]
PAIR_KINDS: tuple[PairKind, ...] = ("verbatim", "near", "paraphrase")
NodeKind = Literal["document", "external", "latent"]
NODE_KINDS: tuple[NodeKind, ...] = ("document", "external", "latent")
Relation = Literal["copy", "cites", "common-source"]
RELATIONS: tuple[Relation, ...] = ("copy", "cites", "common-source")
SourceKind = Literal["media", "person"]


def _non_negative(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if value < 0:
        raise ValueError(f"{attribute.name} must be >= 0, got {value!r}")


def _span_order(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    start = instance.start  # type: ignore[attr-defined]  # validator runs on classes with start
    if value < start:
        raise ValueError(f"{attribute.name} must be >= start ({start}), got {value!r}")


def _unit_interval(instance: object, attribute: attrs.Attribute[float], value: float) -> None:
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"{attribute.name} must lie in [0, 1], got {value!r}")


def _score_range(instance: object, attribute: attrs.Attribute[float], value: float) -> None:
    if not 0.0 <= value <= 100.0:
        raise ValueError(f"{attribute.name} must lie in [0, 100], got {value!r}")


@frozen
class RemovedText:
    """A stretch of the file that is not article text (web boilerplate, a dateline).

    ``reason`` names the rule that removed it, e.g. ``"share prompt"``.
    """

    start: int = field(validator=_non_negative)
    end: int = field(validator=_span_order)
    text: str
    reason: str


@frozen
class Document:
    """One article as read from disk.

    ``text`` is the decoded file with newlines normalised to ``"\\n"`` (for an
    HTML page, the main text extracted from it; for a JSON Lines or CSV record,
    its ``text`` field); ``body`` lists the ``(start, end)`` spans of ``text``
    that hold the article itself (the title and the removed boilerplate
    excluded), in order. ``path`` says where it came from: a file, or
    ``file:line`` for a record. ``encoding`` is the encoding that decoded the
    file; ``outlet`` and ``url`` are the publishing site and the page's address
    when the input gives them (a record's fields, an HTML page's metadata);
    ``reader`` names what read it: ``"text"``, ``"trafilatura"`` or
    ``"html.parser"`` (an HTML page, by the ``html`` extra or the cruder
    built-in extractor), ``"jsonl"`` or ``"csv"``.
    """

    id: str
    path: str
    text: str
    title: str
    body: tuple[tuple[int, int], ...]
    published: dt.date | None = None
    removed: tuple[RemovedText, ...] = ()
    encoding: str = "utf-8"
    outlet: str | None = None
    url: str | None = None
    reader: str = "text"

    @classmethod
    def from_path(cls, path: str | os.PathLike[str]) -> Document:
        """Read an article file: :func:`provenance.load.read_document`."""
        from provenance.load import read_document  # load builds Documents: import late

        return read_document(path)

    @classmethod
    def from_text(cls, text: str, id: str, path: str = "") -> Document:
        """Parse an article's text: :func:`provenance.load.document_from_text`."""
        from provenance.load import document_from_text

        return document_from_text(text, id, path)

    @property
    def body_text(self) -> str:
        """The article text, body spans joined by newlines."""
        return "\n".join(self.text[start:end] for start, end in self.body)


@frozen
class Sentence:
    """A sentence of a document: ``document.text[start:end] == text``."""

    document: str
    index: int = field(validator=_non_negative)
    start: int = field(validator=_non_negative)
    end: int = field(validator=_span_order)
    text: str


@frozen
class SentencePair:
    """Two sentences, one in each of two documents, that carry the same text.

    ``score`` (0–100) is the score that decided ``kind``: ``fuzz.ratio`` for
    ``verbatim`` and ``near``, ``fuzz.token_set_ratio`` for ``paraphrase``.
    When a sentence was split in two (or two merged into one), each sentence of
    the group gets a pair, and ``a_group``/``b_group`` list the whole group.
    """

    a_index: int = field(validator=_non_negative)
    b_index: int = field(validator=_non_negative)
    kind: PairKind = field(validator=attrs.validators.in_(PAIR_KINDS))
    score: float = field(validator=_score_range)
    ratio: float = field(validator=_score_range)
    token_set: float = field(validator=_score_range)
    a_group: tuple[int, ...] = ()
    b_group: tuple[int, ...] = ()

    @property
    def is_split(self) -> bool:
        """True when the pair belongs to a one-to-many (split or merge) group."""
        return len(self.a_group) > 1 or len(self.b_group) > 1


@frozen
class Alignment:
    """The aligned sentence pairs of documents ``a`` and ``b``, sorted by index."""

    a: str
    b: str
    pairs: tuple[SentencePair, ...]


@frozen
class Source:
    """A source named in the articles: a media outlet or agency, or a person.

    Only ``media`` sources are text sources and become nodes of the tree.
    """

    id: str
    name: str
    kind: SourceKind
    aliases: tuple[str, ...] = ()


@frozen
class Citation:
    """An explicit attribution: document ``document`` names ``source`` as its source.

    ``phrase`` is the attribution as written (``"the Wall Street Journal
    reported"``); ``pattern`` names the rule that found it (``"reported"``,
    ``"according-to"``, ``"dateline"``, ...); ``cited_by`` is set when the text
    says that one source took it from another ("Khaama Press, citing the WSJ").
    """

    document: str
    sentence: int
    source: str
    name: str
    phrase: str
    pattern: str
    start: int = field(validator=_non_negative)
    end: int = field(validator=_span_order)
    cited_by: str | None = None


@frozen
class Node:
    """A node of the derivation graph."""

    id: str
    kind: NodeKind = field(validator=attrs.validators.in_(NODE_KINDS))
    label: str
    aliases: tuple[str, ...] = ()
    published: dt.date | None = None


@frozen
class AlignedEvidence:
    """One aligned sentence pair behind an edge, seen from parent to child.

    ``parent_document`` is the document whose sentence stands for the parent's
    text: the parent itself for a ``copy`` edge, a sibling for an edge from an
    unseen (latent) source. ``weight`` is how much the pair counts as evidence
    of copying (see docs/method.md).
    """

    parent_document: str
    parent_sentence: int
    child_sentence: int
    kind: PairKind
    score: float
    weight: float


@frozen
class Evidence:
    """Why an edge exists: the aligned sentences, the citations, the reasoning."""

    aligned: tuple[AlignedEvidence, ...] = ()
    citations: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()


@frozen
class Edge:
    """A directed edge ``parent → child`` with a confidence in [0, 1]."""

    parent: str
    child: str
    relation: Relation = field(validator=attrs.validators.in_(RELATIONS))
    confidence: float = field(validator=_unit_interval)
    evidence: Evidence = Evidence()


@frozen
class DerivationTree:
    """The derivation graph and the tree chosen from it.

    ``edges`` holds every scored edge (secondary parents included);
    ``parent`` maps each child that has a primary parent to it, as sorted
    ``(child, parent)`` pairs; ``roots`` are the nodes with no primary parent.
    """

    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    parent: tuple[tuple[str, str], ...]
    roots: tuple[str, ...]

    def parent_of(self, node_id: str) -> str | None:
        """The primary parent of ``node_id``, or None for a root."""
        return dict(self.parent).get(node_id)

    def children_of(self, node_id: str) -> tuple[str, ...]:
        """The nodes whose primary parent is ``node_id``, sorted."""
        return tuple(sorted(child for child, parent in self.parent if parent == node_id))

    def node(self, node_id: str) -> Node:
        """The node with this id; KeyError when there is none."""
        for node in self.nodes:
            if node.id == node_id:
                return node
        raise KeyError(node_id)
