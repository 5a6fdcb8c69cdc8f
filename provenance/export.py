"""Exports of a trace for other tools: Graphviz DOT, GraphML, networkx and CSV.

Pure functions from a :class:`~provenance.trace.Trace` to text (or to a
networkx graph); nothing here writes files. The formats and how to open them
are described in docs/exports.md.

- :func:`to_dot`: the derivation graph in Graphviz's DOT language, unseen
  (latent) sources drawn as hypothetical, as reconstructed witnesses are in
  stemmatology tools.
- :func:`to_networkx`: the same graph as a ``networkx.DiGraph`` with scalar
  node and edge attributes.
- :func:`to_graphml`: that graph as GraphML (Gephi, yEd, Cytoscape, networkx).
- :func:`pairs_to_csv`: the aligned sentence pairs, one row each.

Examples
--------
>>> import provenance
>>> shared = "Afghan intelligence officers who trained with the Americans joined the militants."
>>> result = provenance.trace_documents(
...     [
...         provenance.document_from_text("Officials spoke on Monday. " + shared, "a"),
...         provenance.document_from_text(shared + " Nobody else agreed.", "b"),
...     ]
... )
>>> print(pairs_to_csv(result).splitlines()[0])
a_document,a_index,a_text,b_document,b_index,b_text,kind,score,ratio,token_set,a_group,b_group
>>> graph = to_networkx(result)
>>> sorted(graph.nodes) == sorted(n.id for n in result.tree.nodes)
True
>>> to_dot(result).splitlines()[0]
'digraph provenance {'
"""

from __future__ import annotations

import csv
import io
import re
import textwrap
from collections import Counter
from collections.abc import Mapping
from typing import TYPE_CHECKING

from provenance.errors import InputError, ProvenanceError
from provenance.model import DerivationTree, Edge, Node
from provenance.trace import Trace

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "CSV_FIELDS",
    "GRAPH_EXTRA",
    "MissingExtraError",
    "dot_quote",
    "pairs_to_csv",
    "to_dot",
    "to_graphml",
    "to_networkx",
]

#: The columns of :func:`pairs_to_csv`, in order.
CSV_FIELDS = (
    "a_document",
    "a_index",
    "a_text",
    "b_document",
    "b_index",
    "b_text",
    "kind",
    "score",
    "ratio",
    "token_set",
    "a_group",
    "b_group",
)

#: The extra that installs what :func:`to_networkx` and :func:`to_graphml` need.
GRAPH_EXTRA = "provenance-tracer[graph]"

#: Width (characters) at which DOT labels are wrapped onto several lines.
DOT_LABEL_WIDTH = 40

#: The DOT ``class`` of each node kind; Stemmaweb marks witnesses ``extant`` and
#: reconstructed ones ``hypothetical``.
DOT_CLASS = {"document": "extant", "external": "external", "latent": "hypothetical"}

#: The DOT look of each node kind: articles are boxes, named sources filled
#: ellipses, unseen sources dashed grey italics (hypothetical, as in a stemma).
DOT_NODE_STYLE: Mapping[str, Mapping[str, str]] = {
    "document": {"shape": "box"},
    "external": {"shape": "ellipse", "style": "filled", "fillcolor": "#e8eef7"},
    "latent": {
        "shape": "ellipse",
        "style": "dashed",
        "color": "grey50",
        "fontcolor": "grey40",
        "fontname": "Helvetica-Oblique",
    },
}

#: The DOT look of primary (tree) and secondary edges.
DOT_EDGE_STYLE: Mapping[bool, Mapping[str, str]] = {
    True: {"style": "solid", "color": "black", "penwidth": "1.5"},
    False: {"style": "dashed", "color": "grey60", "fontcolor": "grey45"},
}

# Characters XML 1.0 cannot carry at all, not even as character references.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


class MissingExtraError(ProvenanceError, ImportError):
    """An optional dependency (such as networkx) is not installed."""


def _check_graph(tree: DerivationTree, *, parallel_edges: bool) -> None:
    """Refuse a graph that an export would silently change: merged nodes or edges.

    Raises
    ------
    InputError
        Two nodes share an id, an edge names no node, or (unless
        ``parallel_edges``) two edges join the same parent and child.
    """
    ids = Counter(n.id for n in tree.nodes)
    for node_id, count in sorted(ids.items()):
        if count > 1:
            raise InputError(f"trace: node ids must be unique, got {node_id!r} {count} times")
    for e in tree.edges:
        for end in (e.parent, e.child):
            if end not in ids:
                raise InputError(f"trace: edge {e.parent!r} → {e.child!r} names no node {end!r}")
    if not parallel_edges:
        pairs = Counter((e.parent, e.child) for e in tree.edges)
        for (parent, child), count in sorted(pairs.items()):
            if count > 1:
                raise InputError(
                    f"trace: a DiGraph holds one edge per parent and child, "
                    f"got {count} edges {parent!r} → {child!r}"
                )


# ---------------------------------------------------------------------------
# networkx and GraphML


def _node_attributes(node: Node, trace: Trace, sentences: Mapping[str, int]) -> dict[str, object]:
    """A node's attributes, all scalars (GraphML has no lists or dates)."""
    attributes: dict[str, object] = {
        "kind": node.kind,
        "label": node.label,
        "aliases": "; ".join(node.aliases),
    }
    if node.published is not None:
        attributes["published"] = node.published.isoformat()
    if node.kind == "document":
        try:
            attributes["title"] = trace.document(node.id).title
        except KeyError:
            raise InputError(
                f"trace: document node {node.id!r} has no document in trace.documents"
            ) from None
        attributes["sentences"] = sentences.get(node.id, 0)
    return attributes


def _edge_attributes(edge: Edge, primary: bool) -> dict[str, object]:
    """An edge's attributes, all scalars; ``weight`` repeats the confidence for
    the tools (Gephi, yEd) that draw edges by a ``weight`` attribute."""
    return {
        "relation": edge.relation,
        "confidence": float(edge.confidence),
        "weight": float(edge.confidence),
        "primary": primary,
        "n_aligned": len(edge.evidence.aligned),
        "citations": "\n".join(edge.evidence.citations),
        "reasons": "\n".join(edge.evidence.reasons),
    }


def to_networkx(trace: Trace) -> nx.DiGraph[str]:
    """The derivation graph as a ``networkx.DiGraph``.

    Nodes are the tree's nodes, in order, keyed by id, with the attributes
    ``kind``, ``label``, ``aliases`` (joined by ``"; "``), ``published`` (ISO
    date; absent when unknown) and, for articles, ``title`` and ``sentences``
    (their number). Edges run parent → child with ``relation``,
    ``confidence``, ``weight`` (the confidence again), ``primary`` (an edge of
    the tree), ``n_aligned`` (aligned sentence pairs behind it), and
    ``citations`` and ``reasons`` (joined by line breaks). Every attribute is
    a string, number or bool, so the graph writes to GraphML as it is.

    Raises
    ------
    MissingExtraError
        networkx is not installed (``pip install provenance-tracer[graph]``).
    InputError
        Two nodes share an id, an edge names no node, or two edges join the
        same parent and child (a DiGraph would merge them).
    """
    try:
        import networkx as nx
    except ImportError as error:
        raise MissingExtraError(
            f"to_networkx needs networkx, which is not installed: pip install '{GRAPH_EXTRA}'"
        ) from error
    tree = trace.tree
    _check_graph(tree, parallel_edges=False)
    sentences = Counter(s.document for s in trace.sentences)
    primary = set(tree.parent)
    graph: nx.DiGraph[str] = nx.DiGraph()
    for node in tree.nodes:
        graph.add_node(node.id, **_node_attributes(node, trace, sentences))
    for e in tree.edges:
        graph.add_edge(e.parent, e.child, **_edge_attributes(e, (e.child, e.parent) in primary))
    return graph


def _xml_text(value: object) -> object:
    """A string with the characters XML cannot carry replaced by U+FFFD."""
    return _XML_ILLEGAL.sub("\ufffd", value) if isinstance(value, str) else value


def to_graphml(trace: Trace) -> str:
    """The derivation graph of :func:`to_networkx` as a GraphML document.

    Written by networkx's ElementTree writer, so the output is the same with or
    without lxml. Characters XML 1.0 forbids (control characters other than
    tab, line feed and carriage return) are replaced by U+FFFD in attribute
    values; a carriage return reads back as a line feed, as in all XML.

    Raises
    ------
    MissingExtraError
        networkx is not installed.
    InputError
        As :func:`to_networkx`, or a node id holds a character XML forbids
        (replacing it could merge two nodes).
    """
    graph = to_networkx(trace)
    import networkx as nx  # to_networkx has checked that it is installed

    for node_id in graph.nodes:
        if (bad := _XML_ILLEGAL.search(node_id)) is not None:
            raise InputError(
                f"trace: node id {node_id!r} holds U+{ord(bad.group()):04X}, "
                "which GraphML (XML 1.0) cannot carry"
            )
    safe: nx.DiGraph[str] = nx.DiGraph()
    for node_id, data in graph.nodes(data=True):
        safe.add_node(node_id, **{k: _xml_text(v) for k, v in data.items()})
    for parent, child, data in graph.edges(data=True):
        safe.add_edge(parent, child, **{k: _xml_text(v) for k, v in data.items()})
    buffer = io.BytesIO()
    nx.write_graphml_xml(safe, buffer, encoding="utf-8")
    return buffer.getvalue().decode("utf-8")


# ---------------------------------------------------------------------------
# Graphviz DOT


def dot_quote(value: str) -> str:
    """``value`` as a DOT quoted string, with Graphviz's escapes.

    A backslash is doubled, a double quote becomes ``\\"`` and a line break
    ``\\n``, which is how Graphviz writes names and labels back (``dot -Tcanon``);
    anything else, non-ASCII included, is written as it is (the file is UTF-8).

    >>> print(dot_quote('say "hi"\\\\now'))
    "say \\"hi\\"\\\\now"
    """
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def _dot_attributes(attributes: Mapping[str, str]) -> str:
    return ", ".join(f"{key}={dot_quote(value)}" for key, value in attributes.items())


def _wrapped(text: str) -> list[str]:
    return textwrap.wrap(text, DOT_LABEL_WIDTH, break_long_words=False)


def _dot_node(node: Node) -> dict[str, str]:
    """A node's DOT attributes: look, a wrapped label, and the data as custom attributes."""
    lines = _wrapped(node.label)
    if node.kind == "document":
        stamp = node.id + (f" · {node.published.isoformat()}" if node.published else "")
        lines = [*lines, stamp] if node.label != node.id else [stamp]
    attributes = {
        "label": "\n".join(lines or [node.id]),
        "tooltip": node.label,
        "class": DOT_CLASS[node.kind],
        "kind": node.kind,
        **DOT_NODE_STYLE[node.kind],
    }
    if node.published is not None:
        attributes["published"] = node.published.isoformat()
    return attributes


def _dot_edge(edge: Edge, primary: bool) -> dict[str, str]:
    aligned = len(edge.evidence.aligned)
    label = f"{edge.relation} {edge.confidence:.2f}" + (f"\n{aligned} aligned" if aligned else "")
    return {
        "label": label,
        "relation": edge.relation,
        "confidence": repr(float(edge.confidence)),
        "primary": "true" if primary else "false",
        "n_aligned": str(aligned),
        **DOT_EDGE_STYLE[primary],
    }


def to_dot(trace: Trace) -> str:
    """The derivation graph in Graphviz's DOT language (render with ``dot -Tsvg``).

    One statement per line: the graph defaults, then every node in the tree's
    order, then every edge in the tree's order (by child, then parent). Ids and
    values are quoted with :func:`dot_quote`. Articles are boxes labelled with
    their title, id and date; named sources are filled ellipses; unseen
    (latent) sources are dashed grey italic ellipses with
    ``class="hypothetical"``, as Stemmaweb marks reconstructed witnesses.
    Primary edges are solid, secondary ones dashed and grey; each edge is
    labelled with its relation and confidence. The data rides along as
    attributes Graphviz ignores: ``kind``, ``published`` and ``tooltip`` (the
    full label) on nodes; ``relation``, ``confidence``, ``primary``
    (``true``/``false``) and ``n_aligned`` on edges.

    Raises
    ------
    InputError
        Two nodes share an id, or an edge names no node.
    """
    tree = trace.tree
    _check_graph(tree, parallel_edges=True)
    primary = set(tree.parent)
    lines = [
        "digraph provenance {",
        '  graph [charset="UTF-8", rankdir="TB"];',
        '  node [fontname="Helvetica", fontsize="10"];',
        '  edge [fontname="Helvetica", fontsize="8"];',
    ]
    lines += [f"  {dot_quote(n.id)} [{_dot_attributes(_dot_node(n))}];" for n in tree.nodes]
    lines += [
        f"  {dot_quote(e.parent)} -> {dot_quote(e.child)} "
        f"[{_dot_attributes(_dot_edge(e, (e.child, e.parent) in primary))}];"
        for e in tree.edges
    ]
    lines.append("}")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------
# CSV


def pairs_to_csv(trace: Trace) -> str:
    """The aligned sentence pairs as CSV: a header row, then one row per pair.

    The columns are :data:`CSV_FIELDS`: both sentences (document, index,
    text), the pair's ``kind``, ``score``, ``ratio`` and ``token_set`` (0–100),
    and ``a_group``/``b_group``, the split or merge group as space-separated
    indices (empty for a one-to-one pair). Rows follow ``trace.alignments``
    (``a < b``) and each alignment's pairs in order. Quoting is RFC 4180's:
    fields with commas, quotes or line breaks are quoted, quotes doubled, rows
    end with CRLF.

    Raises
    ------
    InputError
        A pair names a sentence that is not in ``trace.sentences``.
    """
    text = {(s.document, s.index): s.text for s in trace.sentences}

    def sentence(document: str, index: int) -> str:
        try:
            return text[document, index]
        except KeyError:
            raise InputError(
                f"trace: an aligned pair names sentence {index} of {document!r}, "
                "which is not in trace.sentences"
            ) from None

    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_FIELDS)
    for alignment in trace.alignments:
        for p in alignment.pairs:
            writer.writerow(
                (
                    alignment.a,
                    p.a_index,
                    sentence(alignment.a, p.a_index),
                    alignment.b,
                    p.b_index,
                    sentence(alignment.b, p.b_index),
                    p.kind,
                    float(p.score),
                    float(p.ratio),
                    float(p.token_set),
                    " ".join(map(str, p.a_group)),
                    " ".join(map(str, p.b_group)),
                )
            )
    return buffer.getvalue()
