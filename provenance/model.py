"""The data model: frozen value classes passed between the pipeline stages.

Every stage (``load → segment → align → cite → derive → render``) takes and
returns these values and nothing else, so each stage can be tested and replaced
alone. All offsets are character offsets into :attr:`Document.text`.
"""

from __future__ import annotations

import datetime as dt
import os
from abc import abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, ClassVar, Literal, Self, TypeVar, overload

import attrs
import numpy as np
import numpy.typing as npt
from attrs import field, frozen

__all__ = [
    "AlignedEvidence",
    "AlignedPairs",
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
    "SentencePairs",
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


# The columns of SentencePairs.rows; a group column is -1 for (index,) and -2 for ().
# Little-endian whatever the machine, so that stored rows (provenance.store) travel.
PAIR_ROW = np.dtype(
    [
        ("a_index", "<i4"),
        ("b_index", "<i4"),
        ("kind", "i1"),
        ("score", "<f8"),
        ("ratio", "<f8"),
        ("token_set", "<f8"),
        ("a_group", "<i4"),
        ("b_group", "<i4"),
    ]
)
_ALONE, _NO_GROUP = -1, -2
_PAIR_BYTES = np.dtype((np.void, PAIR_ROW.itemsize))


def concatenate_pairs(pairs: Sequence[SentencePairs]) -> npt.NDArray[np.void]:
    """The rows of many :class:`SentencePairs`, end to end (group numbers stay each one's own)."""
    return concatenate_rows([p.rows for p in pairs], PAIR_ROW)


def concatenate_rows(
    arrays: Sequence[npt.NDArray[np.void]], row: np.dtype[np.void]
) -> npt.NDArray[np.void]:
    """Structured arrays of the dtype ``row``, end to end, in a new array."""
    # As opaque bytes: numpy's field-by-field promotion of structured arrays is slow.
    opaque = np.dtype((np.void, row.itemsize))
    return np.concatenate([a.view(opaque) for a in arrays] or [np.zeros(0, opaque)]).view(row)


def take_rows(rows: npt.NDArray[np.void], order: npt.NDArray[np.int64]) -> npt.NDArray[np.void]:
    """``rows[order]`` of a :data:`PAIR_ROW` array, fast.

    >>> rows = np.zeros(3, dtype=PAIR_ROW)
    >>> rows["a_index"] = [5, 6, 7]
    >>> take_rows(rows, np.array([2, 0]))["a_index"].tolist()
    [7, 5]
    """
    # As opaque bytes: numpy gathers a structured array field by field, 5x slower.
    return rows.view(_PAIR_BYTES)[order].view(PAIR_ROW)


ItemT = TypeVar("ItemT")


class _Rows(Sequence[ItemT]):
    """A frozen sequence kept as the rows of a read-only numpy structured array.

    Items are made from a row when they are asked for; ``table`` holds what
    some columns point into. A ``_Rows`` equals any sequence of the same items.
    """

    __slots__ = ("rows", "table")

    ROW: ClassVar[np.dtype[np.void]]
    ROW_NAME: ClassVar[str]  # the dtype's name in this module, for errors
    rows: npt.NDArray[np.void]
    table: tuple[Any, ...]

    def __init__(self, rows: npt.NDArray[np.void], table: tuple[Any, ...] = ()) -> None:
        if rows.dtype != self.ROW or rows.ndim != 1:
            raise ValueError(
                f"rows must be a 1-d array of {self.ROW_NAME}, got {rows.dtype} {rows.shape}"
            )
        rows = rows.copy()  # a value: nobody may change it under a frozen owner
        rows.flags.writeable = False
        _ROWS_SLOT.__set__(self, rows)
        _TABLE_SLOT.__set__(self, table)

    def __setattr__(self, name: str, value: object) -> None:
        raise attrs.exceptions.FrozenInstanceError()

    def __reduce__(self) -> tuple[type[Self], tuple[npt.NDArray[np.void], tuple[Any, ...]]]:
        # Pickled through the constructor: the default sets slots, which are frozen.
        return type(self), (self.rows, self.table)

    @classmethod
    def _trusted(cls, rows: npt.NDArray[np.void], table: tuple[Any, ...]) -> Self:
        """Rows known to be read-only and of ``ROW``: no checks, a hot path."""
        made = object.__new__(cls)
        _ROWS_SLOT.__set__(made, rows)
        _TABLE_SLOT.__set__(made, table)
        return made

    @abstractmethod
    def _item(self, row: tuple[Any, ...]) -> ItemT:
        """The item of one row, as ``rows.tolist()`` gives it."""

    def __len__(self) -> int:
        return len(self.rows)

    @overload
    def __getitem__(self, item: int) -> ItemT: ...

    @overload
    def __getitem__(self, item: slice) -> Self: ...

    def __getitem__(self, item: int | slice) -> ItemT | Self:
        if isinstance(item, slice):
            return type(self)(self.rows[item], self.table)
        if not -len(self) <= item < len(self):
            raise IndexError(f"index {item} out of range for {len(self)} items")
        return self._item(self.rows[item].item())

    def __iter__(self) -> Iterator[ItemT]:
        return map(self._item, self.rows.tolist())

    def __eq__(self, other: object) -> bool:
        # Equal to any sequence of the same items: a tuple, a list, other columns.
        if isinstance(other, Sequence) and not isinstance(other, str):
            return len(self) == len(other) and tuple(self) == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({list(self)!r})"


# The slots' own setters: a hot path that skips the frozen __setattr__.
_ROWS_SLOT, _TABLE_SLOT = _Rows.__dict__["rows"], _Rows.__dict__["table"]


class SentencePairs(_Rows[SentencePair]):
    """The aligned pairs of two documents, kept as columns: a sequence of :class:`SentencePair`.

    A corpus of reprints aligns millions of pairs: one numpy row each
    (:data:`PAIR_ROW`) instead of one object, so the pipeline weighs them in bulk.
    Indexing and iterating make :class:`SentencePair` values; a ``SentencePairs``
    equals any sequence of the same pairs (``alignment.pairs == ()`` works).
    ``groups`` holds the split groups the ``a_group``/``b_group`` columns point to.
    Build one with :meth:`of` (from pairs) or from a :data:`PAIR_ROW` array.
    """

    __slots__ = ()
    ROW, ROW_NAME = PAIR_ROW, "PAIR_ROW"

    @property
    def groups(self) -> tuple[tuple[int, ...], ...]:
        """The split groups the ``a_group``/``b_group`` columns point to."""
        return self.table

    @classmethod
    def of(cls, pairs: Iterable[SentencePair]) -> SentencePairs:
        """The pairs as columns (returned unchanged if they already are)."""
        if isinstance(pairs, SentencePairs):
            return pairs
        pairs = tuple(pairs)
        groups: dict[tuple[int, ...], int] = {}

        def group(members: tuple[int, ...], index: int) -> int:
            if members == (index,):
                return _ALONE
            if not members:
                return _NO_GROUP
            return groups.setdefault(members, len(groups))

        rows = np.array(
            [
                (
                    p.a_index,
                    p.b_index,
                    PAIR_KINDS.index(p.kind),
                    p.score,
                    p.ratio,
                    p.token_set,
                    group(p.a_group, p.a_index),
                    group(p.b_group, p.b_index),
                )
                for p in pairs
            ],
            dtype=PAIR_ROW,
        )
        return cls(rows, tuple(groups))

    def compact(self) -> SentencePairs:
        """The same pairs holding only the groups they use (the aligner shares one list)."""
        a_group, b_group = self.rows["a_group"], self.rows["b_group"]
        if not ((a_group >= 0).any() or (b_group >= 0).any()):  # most pairs: no split
            return type(self)._trusted(self.rows, ()) if self.groups else self
        used = np.unique(np.concatenate((a_group, b_group)))
        used = used[used >= 0]
        if len(used) == len(self.groups):
            return self
        rows = self.rows.copy()
        for column in ("a_group", "b_group"):
            grouped = rows[column] >= 0
            rows[column][grouped] = np.searchsorted(used, rows[column][grouped])
        return SentencePairs(rows, tuple(self.groups[g] for g in used.tolist()))

    @property
    def a_index(self) -> npt.NDArray[np.int32]:
        """Each pair's sentence index in document ``a``."""
        return self.rows["a_index"]

    @property
    def b_index(self) -> npt.NDArray[np.int32]:
        """Each pair's sentence index in document ``b``."""
        return self.rows["b_index"]

    @property
    def kind(self) -> npt.NDArray[np.int8]:
        """Each pair's kind, as its place in :data:`PAIR_KINDS`."""
        return self.rows["kind"]

    @property
    def score(self) -> npt.NDArray[np.float64]:
        return self.rows["score"]

    @property
    def ratio(self) -> npt.NDArray[np.float64]:
        return self.rows["ratio"]

    @property
    def token_set(self) -> npt.NDArray[np.float64]:
        return self.rows["token_set"]

    def _item(self, row: tuple[Any, ...]) -> SentencePair:
        a_index, b_index, kind, score, ratio, token_set, a_group, b_group = row
        return SentencePair(
            a_index,
            b_index,
            PAIR_KINDS[kind],
            score,
            ratio,
            token_set,
            self._group(a_group, a_index),
            self._group(b_group, b_index),
        )

    def _group(self, group: int, index: int) -> tuple[int, ...]:
        if group == _ALONE:
            return (index,)
        return () if group == _NO_GROUP else self.groups[group]


def _as_pairs(pairs: Iterable[SentencePair]) -> SentencePairs:
    # A named function: mypy's attrs plugin takes no classmethod as a converter.
    return SentencePairs.of(pairs)


@frozen
class Alignment:
    """The aligned sentence pairs of documents ``a`` and ``b``, sorted by index.

    ``pairs`` may be given as any sequence of :class:`SentencePair`; it is kept as
    :class:`SentencePairs` columns.
    """

    a: str
    b: str
    pairs: SentencePairs = field(converter=_as_pairs)

    @classmethod
    def of_columns(cls, a: str, b: str, pairs: SentencePairs) -> Alignment:
        """The alignment of pairs already in columns (a hot path: no conversion)."""
        alignment = object.__new__(cls)
        _A_SLOT.__set__(alignment, a)
        _B_SLOT.__set__(alignment, b)
        _PAIRS_SLOT.__set__(alignment, pairs)
        return alignment


_A_SLOT, _B_SLOT, _PAIRS_SLOT = (Alignment.__dict__[name] for name in ("a", "b", "pairs"))


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


# The columns of AlignedPairs.rows; ``document`` points into its ``documents``.
# Little-endian whatever the machine, so that stored rows (provenance.store) travel.
EVIDENCE_ROW = np.dtype(
    [
        ("document", "<i4"),
        ("parent_sentence", "<i4"),
        ("child_sentence", "<i4"),
        ("kind", "i1"),
        ("score", "<f8"),
        ("weight", "<f8"),
    ]
)


# The columns that hold values, not places in a table.
_EVIDENCE_VALUES = ("parent_sentence", "child_sentence", "kind", "score", "weight")


class AlignedPairs(_Rows[AlignedEvidence]):
    """The aligned pairs behind an edge, kept as columns: a sequence of :class:`AlignedEvidence`.

    The edges of a big corpus rest on millions of pairs: one numpy row each
    (:data:`EVIDENCE_ROW`) instead of one object. Indexing and iterating make
    :class:`AlignedEvidence` values, and an ``AlignedPairs`` equals any sequence
    of the same values. ``documents`` holds the parent documents the
    ``document`` column points to. Build one with :meth:`of`.
    """

    __slots__ = ()
    ROW, ROW_NAME = EVIDENCE_ROW, "EVIDENCE_ROW"

    @property
    def documents(self) -> tuple[str, ...]:
        """The parent documents the ``document`` column points to."""
        return self.table

    @classmethod
    def of(cls, evidence: Iterable[AlignedEvidence]) -> AlignedPairs:
        """The values as columns (returned unchanged if they already are)."""
        if isinstance(evidence, AlignedPairs):
            return evidence
        evidence = tuple(evidence)
        documents: dict[str, int] = {}
        rows = np.array(
            [
                (
                    documents.setdefault(e.parent_document, len(documents)),
                    e.parent_sentence,
                    e.child_sentence,
                    PAIR_KINDS.index(e.kind),
                    e.score,
                    e.weight,
                )
                for e in evidence
            ],
            dtype=EVIDENCE_ROW,
        )
        return cls(rows, tuple(documents))

    @property
    def child_sentence(self) -> npt.NDArray[np.int32]:
        """Each pair's sentence index in the child."""
        return self.rows["child_sentence"]

    @property
    def score(self) -> npt.NDArray[np.float64]:
        return self.rows["score"]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, AlignedPairs):
            return super().__eq__(other)
        # Column by column; the documents as the names they stand for.
        mine, theirs = self.rows, other.rows
        return (
            len(mine) == len(theirs)
            and all(np.array_equal(mine[c], theirs[c]) for c in _EVIDENCE_VALUES)
            and [self.table[d] for d in mine["document"].tolist()]
            == [other.table[d] for d in theirs["document"].tolist()]
        )

    __hash__ = _Rows.__hash__  # equal values, equal items: the same hash

    def _item(self, row: tuple[Any, ...]) -> AlignedEvidence:
        document, parent_sentence, child_sentence, kind, score, weight = row
        return AlignedEvidence(
            self.table[document], parent_sentence, child_sentence, PAIR_KINDS[kind], score, weight
        )


_NOTHING_ALIGNED = AlignedPairs(np.zeros(0, dtype=EVIDENCE_ROW))


def _as_aligned(evidence: Iterable[AlignedEvidence]) -> AlignedPairs:
    # A named function: mypy's attrs plugin takes no classmethod as a converter.
    return AlignedPairs.of(evidence)


@frozen
class Evidence:
    """Why an edge exists: the aligned sentences, the citations, the reasoning.

    ``aligned`` may be given as any sequence of :class:`AlignedEvidence`; it is
    kept as :class:`AlignedPairs` columns.
    """

    aligned: AlignedPairs = field(default=_NOTHING_ALIGNED, converter=_as_aligned)
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
