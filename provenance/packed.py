"""A derivation packed for the store: columns and short JSON instead of a JSON tree.

A store of 20,000 articles keeps, to derive its tree again when articles are
added (:func:`provenance.derive.derive_from`), about 140,000 candidate copy
edges resting on two million aligned sentence pairs, and the origins of
440,000 sentences. As JSON that took longer to write than to derive, so the
store keeps them packed (docs/store.md): the aligned pairs of every edge as
the rows its :class:`~provenance.model.AlignedPairs` already holds, end to
end, the origins as integers, and each string once in a table they point
into. :func:`pack` and :func:`unpack` round-trip a derivation exactly.

>>> from provenance.candidates import Candidates
>>> from provenance.derive import DerivationState
>>> from provenance.model import AlignedEvidence, Edge, Evidence
>>> pair = AlignedEvidence("a", 0, 2, "near", 91.5, 0.8)
>>> edge = Edge("a", "b", "copy", 0.9, Evidence(aligned=(pair,)))
>>> state = DerivationState(("a", "b"), (), Candidates((edge,), (), ()), (), ())
>>> derivation = Derivation(state, (), (), (("a", 0, None), ("b", 2, "a")))
>>> packed, copies = pack(derivation)
>>> unpack(packed, copies) == derivation
True
"""

from __future__ import annotations

import itertools
import json
import operator
from collections.abc import Collection, Iterable, Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt
from attrs import frozen

from provenance.candidates import Candidates, Sibling
from provenance.derive import DerivationState
from provenance.model import (
    EVIDENCE_ROW,
    PAIR_KINDS,
    AlignedPairs,
    Citation,
    Edge,
    Evidence,
    Source,
    concatenate_rows,
)

__all__ = ["Derivation", "Packed", "PackedCopies", "pack", "unpack"]

# An origin: (document, index, origin) as string-table places; -1 for no origin.
ORIGIN_ROW = np.dtype([("document", "<i4"), ("index", "<i4"), ("origin", "<i4")])
_NONE = -1

Origins = tuple[tuple[str, int, str | None], ...]


@frozen
class Derivation:
    """What the store keeps of :func:`provenance.trace.trace_aligned`'s work: the
    state that derives the tree again (:class:`~provenance.derive.DerivationState`),
    the citations and sources, and each sentence's origin."""

    state: DerivationState
    citations: tuple[Citation, ...]
    sources: tuple[Source, ...]
    origins: Origins


@frozen
class Packed:
    """A packed derivation but its copy edges: what the store writes, one value per column.

    ``strings`` (JSON) is the table the numeric columns, and the copy edges'
    (:class:`PackedCopies`), point into; ``documents``, ``links`` (the
    unoriented links, the sibling links, the closer parents and the undecided
    links), ``citations`` and ``sources`` are JSON lists of field values;
    ``origins`` is :data:`ORIGIN_ROW` rows. The state's citations are those of
    ``citations`` whose source is one of ``sources`` of kind media.
    """

    strings: str
    documents: str
    links: str
    citations: str
    sources: str
    origins: bytes


@frozen
class PackedCopies:
    """The candidate copy edges into one child, packed.

    ``edges`` is a JSON list of each edge's fields but its child and aligned
    pairs; ``aligned`` holds the edges' pairs end to end as
    :data:`~provenance.model.EVIDENCE_ROW` rows, their ``document`` a place in
    :attr:`Packed.strings`, and ``counts`` how many each edge has (int32).
    """

    child: str
    edges: str
    aligned: bytes
    counts: bytes


def pack(
    derivation: Derivation,
    *,
    children: Collection[str] | None = None,
    strings: Sequence[str] = (),
) -> tuple[Packed, list[PackedCopies]]:
    """The derivation as the store keeps it: the copy edges by child (of
    ``children`` only, when given), sorted by child.

    ``strings`` starts the string table: the table of a derivation packed
    before, so that what it packed still points to the same strings.
    """
    state = derivation.state
    place = {text: k for k, text in enumerate(strings)}

    def at(text: str) -> int:
        return place.setdefault(text, len(place))

    copies = [e for e in state.candidates.copies if children is None or e.child in children]
    pairs = [e.evidence.aligned for e in copies]
    counts = np.asarray([len(p) for p in pairs], dtype="<i4")
    rows = concatenate_rows([p.rows for p in pairs], EVIDENCE_ROW)
    # Each edge's documents column points into its table: point it into ``strings``.
    # Edges unpacked share one table, as long as all the strings: map it once.
    first: dict[int, int] = {}
    places: list[int] = []
    for p in pairs:
        if id(p.documents) not in first:
            first[id(p.documents)] = len(places)
            places += [at(d) for d in p.documents]
    starts = np.asarray([first[id(p.documents)] for p in pairs], dtype=np.int64)
    rows["document"] = np.asarray(places, dtype=np.int64)[
        np.repeat(starts, counts) + rows["document"]
    ]
    origins = np.array(
        [
            (at(document), index, _NONE if origin is None else at(origin))
            for document, index, origin in derivation.origins
        ],
        dtype=ORIGIN_ROW,
    )
    candidates = state.candidates
    packed = Packed(
        strings=_json(list(place)),
        documents=_json(list(state.documents)),
        links=_json(
            [
                [list(key) for key in candidates.unoriented],
                [list(sibling) for sibling in candidates.siblings],
                [list(closer) for closer in state.closer],
                [list(key) for key in state.undecided],
            ]
        ),
        citations=_json([attrs.astuple(c, recurse=False) for c in derivation.citations]),
        sources=_json([[s.id, s.name, s.kind, list(s.aliases)] for s in derivation.sources]),
        origins=origins.tobytes(),
    )
    bounds = [0, *np.cumsum(counts).tolist()]  # each edge's rows: bounds[k]:bounds[k + 1]
    by_child: list[PackedCopies] = []
    edge = 0
    for child, group in itertools.groupby(copies, key=operator.attrgetter("child")):
        edges = list(group)
        last = edge + len(edges)
        by_child.append(
            PackedCopies(
                child=child,
                edges=_json(
                    [
                        [
                            e.parent,
                            e.relation,
                            e.confidence,
                            list(e.evidence.citations),
                            list(e.evidence.reasons),
                        ]
                        for e in edges
                    ]
                ),
                aligned=rows[bounds[edge] : bounds[last]].tobytes(),
                counts=counts[edge:last].tobytes(),
            )
        )
        edge = last
    return packed, by_child


def unpack(packed: Packed, copies: Iterable[PackedCopies]) -> Derivation:
    """The derivation :func:`pack` was given, from its columns and each child's
    copy edges (in child order).

    Raises
    ------
    ValueError
        The columns do not fit together, or a JSON column does not parse (a
        damaged store).
    """
    strings: list[str] = json.loads(packed.strings)
    children: list[str] = []
    edges: list[list[Any]] = []
    aligned: list[bytes] = []
    counted: list[bytes] = []
    for row in copies:
        fields = json.loads(row.edges)
        children += [row.child] * len(fields)
        edges += fields
        aligned.append(row.aligned)
        counted.append(row.counts)
    try:
        rows = np.frombuffer(b"".join(aligned), dtype=EVIDENCE_ROW)
        counts = np.frombuffer(b"".join(counted), dtype="<i4").tolist()
        origins = np.frombuffer(packed.origins, dtype=ORIGIN_ROW)
    except ValueError:  # a length that is no whole number of rows
        counts = None
    if (
        counts is None
        or len(counts) != len(edges)
        or sum(counts) != len(rows)
        or not _within(rows["document"], len(strings))
        or not _within(rows["kind"], len(PAIR_KINDS))
        or not _within(origins["document"], len(strings))
        or not _within(origins["origin"] + 1, len(strings) + 1)  # -1: no origin
    ):
        raise ValueError("the packed derivation is damaged: its columns do not fit together")
    table = tuple(strings)
    ends = np.cumsum(counts).tolist()
    unoriented, siblings, closer, undecided = json.loads(packed.links)
    citations = tuple(Citation(*fields) for fields in json.loads(packed.citations))
    sources = tuple(
        Source(id, name, kind, tuple(aliases))
        for id, name, kind, aliases in json.loads(packed.sources)
    )
    media = {s.id for s in sources if s.kind == "media"}
    candidates = Candidates(
        copies=tuple(
            Edge(
                parent,
                child,
                relation,
                confidence,
                Evidence(
                    AlignedPairs._trusted(rows[end - count : end], table),
                    tuple(phrases),
                    tuple(reasons),
                ),
            )
            for child, (parent, relation, confidence, phrases, reasons), end, count in zip(
                children, edges, ends, counts, strict=True
            )
        ),
        unoriented=_keys(unoriented),
        siblings=tuple(Sibling(a, b, tuple(common), n, w) for a, b, common, n, w in siblings),
    )
    return Derivation(
        state=DerivationState(
            documents=tuple(json.loads(packed.documents)),
            cited=tuple(c for c in citations if c.source in media),
            candidates=candidates,
            closer=tuple((parent, child, by) for parent, child, by in closer),
            undecided=_keys(undecided),
        ),
        citations=citations,
        sources=sources,
        origins=tuple(
            (strings[document], index, None if origin == _NONE else strings[origin])
            for document, index, origin in origins.tolist()
        ),
    )


def _keys(pairs: Sequence[Sequence[str]]) -> tuple[tuple[str, str], ...]:
    return tuple((a, b) for a, b in pairs)


def _within(places: npt.NDArray[np.integer[Any]], size: int) -> bool:
    """Whether every place points into a table of ``size``."""
    return not len(places) or (int(places.min()) >= 0 and int(places.max()) < size)


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)
