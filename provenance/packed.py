"""A derivation packed for the store: columns and short JSON instead of a JSON tree.

A store of 20,000 articles derives a tree of about 140,000 edges resting on two
million aligned sentence pairs, and origins for 440,000 sentences. As the
``provenance.trace/1`` JSON that took longer to write than to derive, so the
store keeps them packed (docs/store.md): the aligned pairs of every edge as
the rows its :class:`~provenance.model.AlignedPairs` already holds, end to
end, the origins as integers, and each string once in a table they point
into. :func:`pack` and :func:`unpack` round-trip a derivation exactly.

>>> from provenance.model import AlignedEvidence, DerivationTree, Edge, Evidence, Node
>>> pair = AlignedEvidence("a", 0, 2, "near", 91.5, 0.8)
>>> tree = DerivationTree(
...     nodes=(Node("a", "document", "A"), Node("b", "document", "B")),
...     edges=(Edge("a", "b", "copy", 0.9, Evidence(aligned=(pair,))),),
...     parent=(("b", "a"),),
...     roots=("a",),
... )
>>> derivation = Derivation(tree, (), (), (("a", 0, None), ("b", 2, "a")))
>>> unpack(pack(derivation)) == derivation
True
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt
from attrs import frozen

from provenance.model import (
    EVIDENCE_ROW,
    PAIR_KINDS,
    AlignedPairs,
    Citation,
    DerivationTree,
    Edge,
    Evidence,
    Node,
    Source,
    concatenate_rows,
)

__all__ = ["Derivation", "Packed", "pack", "unpack"]

# An origin: (document, index, origin) as string-table places; -1 for no origin.
ORIGIN_ROW = np.dtype([("document", "<i4"), ("index", "<i4"), ("origin", "<i4")])
_NONE = -1

Origins = tuple[tuple[str, int, str | None], ...]


@frozen
class Derivation:
    """What :func:`provenance.trace.trace_aligned` derives from aligned documents."""

    tree: DerivationTree
    citations: tuple[Citation, ...]
    sources: tuple[Source, ...]
    origins: Origins


@frozen
class Packed:
    """A packed derivation: what the store writes, one value per column.

    ``strings`` (JSON) is the table the numeric columns point into; ``nodes``,
    ``edges`` (each without its aligned pairs), ``tree``, ``citations`` and
    ``sources`` are JSON lists of field values; ``aligned`` holds every edge's
    pairs end to end as :data:`~provenance.model.EVIDENCE_ROW` rows, their
    ``document`` a place in ``strings``, and ``counts`` how many each
    edge has (int32); ``origins`` is :data:`ORIGIN_ROW` rows.
    """

    strings: str
    nodes: str
    edges: str
    tree: str
    citations: str
    sources: str
    aligned: bytes
    counts: bytes
    origins: bytes


def pack(derivation: Derivation) -> Packed:
    """The derivation as the store keeps it."""
    tree = derivation.tree
    place: dict[str, int] = {}

    def at(text: str) -> int:
        return place.setdefault(text, len(place))

    pairs = [e.evidence.aligned for e in tree.edges]
    counts = np.asarray([len(p) for p in pairs], dtype="<i4")
    rows = concatenate_rows([p.rows for p in pairs], EVIDENCE_ROW)
    # Each edge's documents column points into its own table: point it into ``strings``.
    places = np.asarray([at(d) for p in pairs for d in p.documents], dtype=np.int64)
    first = np.cumsum([0, *(len(p.documents) for p in pairs)])[:-1]
    rows["document"] = places[np.repeat(first, counts) + rows["document"]]
    origins = np.array(
        [
            (at(document), index, _NONE if origin is None else at(origin))
            for document, index, origin in derivation.origins
        ],
        dtype=ORIGIN_ROW,
    )
    return Packed(
        strings=_json(list(place)),
        nodes=_json(
            [
                [n.id, n.kind, n.label, list(n.aliases), n.published and n.published.isoformat()]
                for n in tree.nodes
            ]
        ),
        edges=_json(
            [
                [
                    e.parent,
                    e.child,
                    e.relation,
                    e.confidence,
                    list(e.evidence.citations),
                    list(e.evidence.reasons),
                ]
                for e in tree.edges
            ]
        ),
        tree=_json([list(tree.parent), list(tree.roots)]),
        citations=_json([attrs.astuple(c, recurse=False) for c in derivation.citations]),
        sources=_json([[s.id, s.name, s.kind, list(s.aliases)] for s in derivation.sources]),
        aligned=rows.tobytes(),
        counts=counts.tobytes(),
        origins=origins.tobytes(),
    )


def unpack(packed: Packed) -> Derivation:
    """The derivation :func:`pack` was given.

    Raises
    ------
    ValueError
        The columns do not fit together, or a JSON column does not parse (a
        damaged store).
    """
    strings: list[str] = json.loads(packed.strings)
    edges: list[list[Any]] = json.loads(packed.edges)
    try:
        rows = np.frombuffer(packed.aligned, dtype=EVIDENCE_ROW)
        counts = np.frombuffer(packed.counts, dtype="<i4").tolist()
        origins = np.frombuffer(packed.origins, dtype=ORIGIN_ROW)
    except ValueError:  # a length that is no whole number of rows
        counts = None
    if (
        counts is None
        or len(counts) != len(edges)
        or sum(counts) != len(rows)
        or not _within(rows["document"], len(strings))
        or not _within(rows["kind"], len(PAIR_KINDS))
    ):
        raise ValueError("the packed derivation is damaged: its columns do not fit together")
    table = tuple(strings)
    ends = np.cumsum(counts).tolist()
    parent, roots = json.loads(packed.tree)
    tree = DerivationTree(
        nodes=tuple(
            Node(id, kind, label, tuple(aliases), published and dt.date.fromisoformat(published))
            for id, kind, label, aliases, published in json.loads(packed.nodes)
        ),
        edges=tuple(
            Edge(
                parent,
                child,
                relation,
                confidence,
                Evidence(
                    AlignedPairs._trusted(rows[end - count : end], table),
                    tuple(citations),
                    tuple(reasons),
                ),
            )
            for (parent, child, relation, confidence, citations, reasons), end, count in zip(
                edges, ends, counts, strict=True
            )
        ),
        parent=tuple((child, its_parent) for child, its_parent in parent),
        roots=tuple(roots),
    )
    return Derivation(
        tree=tree,
        citations=tuple(Citation(*fields) for fields in json.loads(packed.citations)),
        sources=tuple(
            Source(id, name, kind, tuple(aliases))
            for id, name, kind, aliases in json.loads(packed.sources)
        ),
        origins=tuple(
            (strings[document], index, None if origin == _NONE else strings[origin])
            for document, index, origin in origins.tolist()
        ),
    )


def _within(places: npt.NDArray[np.integer[Any]], size: int) -> bool:
    """Whether every place points into a table of ``size``."""
    return not len(places) or (int(places.min()) >= 0 and int(places.max()) < size)


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)
