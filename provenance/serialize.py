"""JSON serialisation of a trace: the stable contract ``provenance.trace/1``.

The schema is documented in docs/json.md. Only plain JSON types come out
(dates as ISO strings), so ``json.dumps`` needs no hooks.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import attrs

from provenance.model import (
    AlignedEvidence,
    Alignment,
    DerivationTree,
    Edge,
    Evidence,
    Node,
    Sentence,
)
from provenance.trace import SourceList, Trace

__all__ = [
    "SCHEMA",
    "alignment_to_list",
    "sources_to_list",
    "trace_to_dict",
    "trace_to_json",
    "tree_from_dict",
    "tree_to_dict",
]

SCHEMA = "provenance.trace/1"
JSON = dict[str, Any]


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def tree_to_dict(tree: DerivationTree) -> JSON:
    """The ``nodes``, ``edges`` and ``tree`` parts of the contract."""
    primary = set(tree.parent)
    return {
        "nodes": [
            {
                "id": n.id,
                "kind": n.kind,
                "label": n.label,
                "aliases": list(n.aliases),
                "published": _date(n.published),
            }
            for n in tree.nodes
        ],
        "edges": [
            {
                "parent": e.parent,
                "child": e.child,
                "relation": e.relation,
                "confidence": e.confidence,
                "primary": (e.child, e.parent) in primary,
                "evidence": {
                    "aligned": [_aligned(a) for a in e.evidence.aligned],
                    "citations": list(e.evidence.citations),
                    "reasons": list(e.evidence.reasons),
                },
            }
            for e in tree.edges
        ],
        "tree": {"roots": list(tree.roots), "parent": dict(tree.parent)},
    }


def _aligned(a: AlignedEvidence) -> JSON:
    # attrs.asdict's keys and order, spelled out: a tree holds millions of these.
    return {
        "parent_document": a.parent_document,
        "parent_sentence": a.parent_sentence,
        "child_sentence": a.child_sentence,
        "kind": a.kind,
        "score": a.score,
        "weight": a.weight,
    }


def tree_from_dict(data: JSON) -> DerivationTree:
    """Rebuild the :class:`DerivationTree` from :func:`tree_to_dict`'s output."""
    return DerivationTree(
        nodes=tuple(
            Node(
                n["id"],
                n["kind"],
                n["label"],
                tuple(n["aliases"]),
                dt.date.fromisoformat(n["published"]) if n.get("published") else None,
            )
            for n in data["nodes"]
        ),
        edges=tuple(
            Edge(
                e["parent"],
                e["child"],
                e["relation"],
                e["confidence"],
                Evidence(
                    aligned=tuple(AlignedEvidence(**a) for a in e["evidence"]["aligned"]),
                    citations=tuple(e["evidence"]["citations"]),
                    reasons=tuple(e["evidence"].get("reasons", ())),
                ),
            )
            for e in data["edges"]
        ),
        parent=tuple(sorted(data["tree"]["parent"].items())),
        roots=tuple(data["tree"]["roots"]),
    )


def trace_to_dict(trace: Trace, *, show_removed: bool = False) -> JSON:
    """The whole trace as the ``provenance.trace/1`` JSON object."""
    counts: dict[str, int] = {}
    for s in trace.sentences:
        counts[s.document] = counts.get(s.document, 0) + 1
    origin = {(d, i): o for d, i, o in trace.origins}
    documents = []
    for d in trace.documents:
        entry: JSON = {
            "id": d.id,
            "path": d.path,
            "title": d.title,
            "published": _date(d.published),
            "sentences": counts.get(d.id, 0),
            "encoding": d.encoding,
            "outlet": d.outlet,
            "url": d.url,
            "reader": d.reader,
        }
        if show_removed:
            entry["removed"] = [attrs.asdict(r) for r in d.removed]
        documents.append(entry)
    return {
        "schema": SCHEMA,
        "config": attrs.asdict(trace.config),
        "documents": documents,
        **tree_to_dict(trace.tree),
        "sentences": [
            {**_sentence(s), "origin": origin.get((s.document, s.index))} for s in trace.sentences
        ],
        "citations": [attrs.asdict(c) for c in trace.citations],
        "warnings": list(trace.warnings),
    }


def _sentence(s: Sentence) -> JSON:
    return {
        "document": s.document,
        "index": s.index,
        "start": s.start,
        "end": s.end,
        "text": s.text,
    }


def trace_to_json(trace: Trace, *, show_removed: bool = False, indent: int | None = 2) -> str:
    """:func:`trace_to_dict` as a JSON string (UTF-8 text, not ASCII-escaped)."""
    return json.dumps(
        trace_to_dict(trace, show_removed=show_removed), indent=indent, ensure_ascii=False
    )


def alignment_to_list(
    alignment: Alignment, a: tuple[Sentence, ...], b: tuple[Sentence, ...]
) -> list[JSON]:
    """The aligned pairs of two documents as plain objects, with both texts."""
    a_text = {s.index: s.text for s in a}
    b_text = {s.index: s.text for s in b}
    return [
        {
            "a_index": p.a_index,
            "b_index": p.b_index,
            "a_text": a_text[p.a_index],
            "b_text": b_text[p.b_index],
            "kind": p.kind,
            "score": p.score,
            "ratio": p.ratio,
            "token_set": p.token_set,
            "a_group": list(p.a_group),
            "b_group": list(p.b_group),
        }
        for p in alignment.pairs
    ]


def sources_to_list(listing: SourceList) -> list[JSON]:
    """Each named source with the citations that name it."""
    return [
        {
            **attrs.asdict(source),
            "citations": [attrs.asdict(c) for c in listing.citations if c.source == source.id],
        }
        for source in listing.sources
    ]
