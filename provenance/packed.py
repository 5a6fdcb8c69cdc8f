"""A derivation packed for the store: columns and short JSON instead of a JSON tree.

A store of 20,000 articles derives a tree of about 140,000 edges resting on two
million aligned sentence pairs, and origins for 440,000 sentences. As the
``provenance.trace/1`` JSON that took longer to write than to derive, so the
store keeps them packed (docs/store.md): every aligned pair of every edge as
one fixed-size row of a numpy array, the origins as integers, and each string
once in a table they point into. :func:`pack` and :func:`unpack` round-trip a
derivation exactly.

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
from collections.abc import Iterable, Sequence
from typing import Any

import attrs
import numpy as np
from attrs import frozen

from provenance.model import (
    PAIR_KINDS,
    AlignedEvidence,
    Citation,
    DerivationTree,
    Edge,
    Evidence,
    Node,
    Source,
)

__all__ = ["Derivation", "Packed", "pack", "unpack"]

# One aligned pair of an edge; ``parent_document`` points into the string table.
# Little-endian whatever the machine, like the stored alignments.
EVIDENCE_ROW = np.dtype(
    [
        ("parent_document", "<i4"),
        ("parent_sentence", "<i4"),
        ("child_sentence", "<i4"),
        ("kind", "i1"),
        ("score", "<f8"),
        ("weight", "<f8"),
    ]
)
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
    pairs end to end as :data:`EVIDENCE_ROW` rows and ``counts`` how many each
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

    aligned = [a for e in tree.edges for a in e.evidence.aligned]
    rows = np.empty(len(aligned), dtype=EVIDENCE_ROW)
    rows["parent_document"] = [at(a.parent_document) for a in aligned]
    rows["parent_sentence"] = [a.parent_sentence for a in aligned]
    rows["child_sentence"] = [a.child_sentence for a in aligned]
    kind = {k: n for n, k in enumerate(PAIR_KINDS)}
    rows["kind"] = [kind[a.kind] for a in aligned]
    rows["score"] = [a.score for a in aligned]
    rows["weight"] = [a.weight for a in aligned]
    counts = np.asarray([len(e.evidence.aligned) for e in tree.edges], dtype="<i4")
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
    if counts is None or len(counts) != len(edges) or sum(counts) != len(rows):
        raise ValueError("the packed derivation is damaged: its columns do not fit together")
    aligned = _aligned(rows, strings)
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
                Evidence(tuple(aligned[end - count : end]), tuple(citations), tuple(reasons)),
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


def _aligned(rows: np.ndarray[Any, Any], strings: Sequence[str]) -> list[AlignedEvidence]:
    return list(
        map(
            AlignedEvidence,
            _lookup(rows["parent_document"].tolist(), strings),
            rows["parent_sentence"].tolist(),
            rows["child_sentence"].tolist(),
            _lookup(rows["kind"].tolist(), PAIR_KINDS),
            rows["score"].tolist(),
            rows["weight"].tolist(),
        )
    )


def _lookup(places: Iterable[int], table: Sequence[str]) -> list[str]:
    return [table[p] for p in places]


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)
