"""The HTML report: one self-contained page to follow every edge to its evidence.

:func:`render_html` turns a :class:`~provenance.trace.Trace` into one HTML
string. The tree, the novelty bars, the sources and the boilerplate are HTML
written here (escaped, readable without JavaScript); the evidence panel that an
edge opens is painted by a small inline script from one JSON blob, whose word
diffs and attribution marks are computed here too, so the script only paints.
Nothing is fetched: no CDN, fonts or images, and a Content-Security-Policy
forbids any request, so the file works opened from disk.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import cache
from importlib.resources import files
from itertools import pairwise
from typing import Any

import attrs
from attrs import frozen

from provenance.align import EditOp, word_edits
from provenance.model import Citation, Edge, Node, Sentence
from provenance.serialize import trace_to_dict
from provenance.trace import Trace

__all__ = ["KIND_TEXT", "diff_spans", "edge_key", "mark_spans", "render_html"]

Spans = tuple[tuple[EditOp, str], ...]
# A painted piece of a sentence: [text, edit op, 1 if inside an attribution phrase].
Piece = list[str | int]
JSON = dict[str, Any]

KIND_TEXT = {"document": "article", "external": "named source", "latent": "inferred unseen source"}
RELATION_TEXT = {
    "copy": "the child took text from the parent",
    "cites": "the child names the parent as its source",
    "common-source": "the child took text from an unseen source it shares with a sibling",
}
# Deeper chains are listed flat, each line saying its depth: browsers cap DOM nesting.
MAX_DEPTH = 40
# Okabe–Ito, readable by colour-blind readers; later ancestors get golden-angle hues.
PALETTE = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442")
OWN_COLOUR = "#d9d9d9"


def edge_key(edge: Edge) -> str:
    """The stable id of an edge in the report: ``"parent→child"``.

    >>> from provenance.model import Edge
    >>> edge_key(Edge("source:wsj", "003_x", "cites", 0.5))
    'source:wsj→003_x'
    """
    return f"{edge.parent}→{edge.child}"


def _edge_keys(edges: Sequence[Edge]) -> list[str]:
    """One key per edge; a second edge between the same two nodes adds its relation."""
    seen: set[str] = set()
    keys = []
    for edge in edges:
        key = edge_key(edge)
        if key in seen:
            key = f"{key} ({edge.relation})"
        seen.add(key)
        keys.append(key)
    return keys


def _word_offsets(text: str) -> list[tuple[int, int]]:
    """Where each word of ``text.split()`` stands in ``text``."""
    offsets, position = [], 0
    for word in text.split():
        start = text.index(word, position)
        position = start + len(word)
        offsets.append((start, position))
    return offsets


def _side(text: str, edits: Iterable[tuple[EditOp, str]]) -> Spans:
    """Cut ``text`` into spans, one per edit that has words on this side."""
    words = _word_offsets(text)
    spans: list[tuple[EditOp, str]] = []
    cursor = word = 0
    for op, written in edits:
        count = len(written.split())
        if not count:
            continue
        start, end = words[word][0], words[word + count - 1][1]
        word += count
        spans.append(("equal", text[cursor:start]))
        spans.append((op, text[start:end]))
        cursor = end
    spans.append(("equal", text[cursor:]))
    merged: list[tuple[EditOp, str]] = []
    for op, piece in spans:
        if not piece:
            continue
        if merged and merged[-1][0] == op == "equal":
            merged[-1] = ("equal", merged[-1][1] + piece)
        else:
            merged.append((op, piece))
    return tuple(merged)


def diff_spans(a: str, b: str) -> tuple[Spans, Spans]:
    """Both sentences cut into ``(op, text)`` spans by their word-level edits.

    The spans of each side join back into that sentence exactly, spaces
    included. ``a`` has ``equal``, ``replace`` and ``delete`` spans, ``b`` has
    ``equal``, ``replace`` and ``insert`` spans (see
    :func:`provenance.align.word_edits`).

    >>> before, after = diff_spans("The report states that", "the report reads  that")
    >>> after
    (('equal', 'the report '), ('replace', 'reads'), ('equal', '  that'))
    >>> "".join(text for _, text in before)
    'The report states that'
    """
    edits = word_edits(a, b)
    return (
        _side(a, ((op, x) for op, x, _ in edits)),
        _side(b, ((op, y) for op, _, y in edits)),
    )


def mark_spans(spans: Spans, marks: Iterable[tuple[int, int]]) -> list[Piece]:
    """Split the spans at the ``(start, end)`` offsets of attribution phrases.

    Each piece is ``[text, op, marked]`` with ``marked`` 1 inside a phrase.

    >>> mark_spans((("equal", "As per Khaama Press, it"),), [(0, 19)])
    [['As per Khaama Press', 'equal', 1], [', it', 'equal', 0]]
    """
    marked = sorted(marks)
    pieces: list[Piece] = []
    offset = 0
    for op, text in spans:
        cuts = {0, len(text)}
        for start, end in marked:
            cuts.update(c - offset for c in (start, end) if offset < c < offset + len(text))
        points = sorted(cuts)
        for left, right in pairwise(points):
            inside = any(s <= offset + left and offset + right <= e for s, e in marked)
            pieces.append([text[left:right], op, int(inside)])
        offset += len(text)
    return pieces


def _marks(sentence: Sentence, citations: Iterable[Citation]) -> list[tuple[int, int]]:
    """The citation phrases of a sentence, as offsets into the sentence."""
    return [
        (c.start - sentence.start, c.end - sentence.start)
        for c in citations
        if (c.document, c.sentence) == (sentence.document, sentence.index)
    ]


@frozen
class _Corpus:
    """Look-ups the report needs, built once per call by :meth:`of`."""

    trace: Trace
    nodes: dict[str, Node]
    anchor: dict[str, str]
    sentence: dict[tuple[str, int], Sentence]
    cites: dict[tuple[str, int], list[Citation]]
    by_phrase: dict[str, list[Citation]]
    by_source: dict[str, list[Citation]]
    incoming: dict[str, list[Edge]]
    keys: dict[Edge, str]

    @classmethod
    def of(cls, trace: Trace) -> _Corpus:
        cites: dict[tuple[str, int], list[Citation]] = defaultdict(list)
        by_phrase: dict[str, list[Citation]] = defaultdict(list)
        by_source: dict[str, list[Citation]] = defaultdict(list)
        for c in trace.citations:
            cites[(c.document, c.sentence)].append(c)
            by_phrase[c.phrase].append(c)
            by_source[c.source].append(c)
        incoming: dict[str, list[Edge]] = defaultdict(list)
        for e in trace.tree.edges:
            incoming[e.child].append(e)
        return cls(
            trace=trace,
            nodes={n.id: n for n in trace.tree.nodes},
            # Node ids are file stems (spaces and all): the HTML ids are indexes.
            anchor={n.id: f"n{i}" for i, n in enumerate(trace.tree.nodes)},
            sentence={(s.document, s.index): s for s in trace.sentences},
            cites=cites,
            by_phrase=by_phrase,
            by_source=by_source,
            incoming=incoming,
            keys=dict(zip(trace.tree.edges, _edge_keys(trace.tree.edges), strict=True)),
        )

    def marks(self, sentence: Sentence) -> list[tuple[int, int]]:
        """The sentence's attribution phrases, as offsets into the sentence."""
        return _marks(sentence, self.cites.get((sentence.document, sentence.index), []))


def _missing(document: str, index: int) -> list[Piece]:
    return [[f"(sentence {document} #{index} not found)", "equal", 0]]


def _panel(corpus: _Corpus, edge: Edge) -> JSON:
    """What the evidence panel of one edge paints, beyond the edge's own JSON."""
    pairs = []
    for a in edge.evidence.aligned:
        parent = corpus.sentence.get((a.parent_document, a.parent_sentence))
        child = corpus.sentence.get((edge.child, a.child_sentence))
        if parent is None or child is None:  # a hand-built trace may point nowhere
            pairs.append(
                {
                    "parent": _missing(a.parent_document, a.parent_sentence),
                    "child": _missing(edge.child, a.child_sentence),
                }
            )
            continue
        before, after = diff_spans(parent.text, child.text)
        pairs.append(
            {
                "parent": mark_spans(before, corpus.marks(parent)),
                "child": mark_spans(after, corpus.marks(child)),
            }
        )
    child_is_document = corpus.nodes[edge.child].kind == "document"
    found = {c for phrase in edge.evidence.citations for c in corpus.by_phrase[phrase]}
    cited_in = []
    for c in sorted(found, key=lambda c: (c.document, c.sentence, c.start, c.source)):
        if child_is_document and c.document != edge.child:
            continue
        if edge.relation == "cites" and c.source != edge.parent:
            continue
        sentence = corpus.sentence[(c.document, c.sentence)]
        cited_in.append(
            {
                "document": c.document,
                "sentence": c.sentence,
                "text": mark_spans((("equal", sentence.text),), [_marks(sentence, [c])[0]]),
            }
        )
    return {"key": corpus.keys[edge], "pairs": pairs, "cited_in": cited_in}


def _data(trace: Trace, corpus: _Corpus, *, show_removed: bool) -> str:
    """The JSON blob, safe inside ``<script>``: ``<``, ``>`` and ``&`` as ``\\u`` escapes."""
    blob = {
        "trace": trace_to_dict(trace, show_removed=show_removed),
        "panels": [_panel(corpus, e) for e in trace.tree.edges],
        "kinds": KIND_TEXT,
        "relations": RELATION_TEXT,
    }
    text = json.dumps(blob, ensure_ascii=False, separators=(",", ":"))
    # "</script>" or "<!--" in an article must not end or confuse the script element.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _badge(kind: str) -> str:
    return f'<span class="badge kind-{kind}">{_e(KIND_TEXT[kind])}</span>'


def _node_name(corpus: _Corpus, node_id: str) -> str:
    """A node's label linked to its place in the tree."""
    node = corpus.nodes.get(node_id)
    if node is None:
        return f"<code>{_e(node_id)}</code>"
    return f'<a href="#{corpus.anchor[node_id]}">{_e(node.label)}</a>'


def _edge_button(corpus: _Corpus, edge: Edge, text: str) -> str:
    key = corpus.keys[edge]
    return (
        f'<button type="button" class="edge rel-{edge.relation}" data-edge="{_e(key)}" '
        f'aria-controls="evidence" title="Show the evidence for {_e(key)}">{text}</button>'
    )


def _row(corpus: _Corpus, node_id: str, edge: Edge | None, depth: int) -> str:
    """A node's line: kind, label, id, date and the button of its primary edge."""
    node = corpus.nodes[node_id]
    parts = [_badge(node.kind), f'<span class="label">{_e(node.label)}</span>']
    if node.label != node_id:
        parts.append(f'<code class="id">{_e(node_id)}</code>')
    if node.published:
        date = node.published.isoformat()
        parts.append(f'<time datetime="{date}">{date}</time>')
    if edge is not None:
        shared = len(edge.evidence.aligned)
        text = f"← {_e(edge.relation)} {edge.confidence:.2f}"
        if shared:
            text += f" · {shared} aligned sentence{'s' if shared != 1 else ''}"
        parts.append(_edge_button(corpus, edge, text))
    if depth > MAX_DEPTH:
        parts.insert(0, f'<span class="depth">(depth {depth})</span>')
    return f'<div class="row">{" ".join(parts)}</div>'


def _secondary(corpus: _Corpus, node_id: str, primary: Edge | None) -> str:
    """The node's other parents: text parents, then the sources it names."""
    others = [e for e in corpus.incoming[node_id] if e is not primary]
    lines = []
    for title, chosen in (
        ("also from", [e for e in others if e.relation != "cites"]),
        ("also names", [e for e in others if e.relation == "cites"]),
    ):
        if chosen:
            buttons = " ".join(
                _edge_button(
                    corpus,
                    e,
                    f"{_e(corpus.nodes[e.parent].label)} ({_e(e.relation)} {e.confidence:.2f})",
                )
                for e in chosen
            )
            lines.append(f'<p class="also"><span class="also-title">{title}:</span> {buttons}</p>')
    return "".join(lines)


def _origin_shares(trace: Trace) -> dict[str, list[tuple[str | None, int]]]:
    """Per document, the characters of its sentences by origin node (None: its own)."""
    length = {(s.document, s.index): len(s.text) for s in trace.sentences}
    shares: dict[str, dict[str | None, int]] = {d.id: {} for d in trace.documents}
    for document, index, origin in trace.origins:
        counts = shares.setdefault(document, {})
        counts[origin] = counts.get(origin, 0) + length.get((document, index), 0)
    return {
        d: sorted(c.items(), key=lambda item: (item[0] is None, item[0] or ""))
        for d, c in shares.items()
    }


def _colours(shares: Mapping[str, list[tuple[str | None, int]]]) -> dict[str, str]:
    """One colour per origin node, the same in every bar: by sorted node id."""
    origins = sorted({o for counts in shares.values() for o, _ in counts if o is not None})
    return {
        o: PALETTE[i] if i < len(PALETTE) else f"hsl({(i * 137.5) % 360:.1f} 60% 45%)"
        for i, o in enumerate(origins)
    }


def _novelty_bar(
    corpus: _Corpus,
    counts: Sequence[tuple[str | None, int]],
    colours: Mapping[str, str],
    *,
    compact: bool = False,
) -> str:
    """A bar of the document's characters by origin, with the same in words.

    The ``compact`` bar (in the tree) says it in its tooltip only.
    """
    total = sum(n for _, n in counts)
    if not total:
        return '<p class="novelty-empty">no sentences</p>'
    segments, words = [], []
    for origin, n in counts:
        name = "own text" if origin is None else corpus.nodes[origin].label
        colour = OWN_COLOUR if origin is None else colours[origin]
        share = f"{100 * n / total:.0f}%"
        tip = f"{name}: {share} ({n} of {total} characters)"
        segments.append(
            f'<span class="seg" data-origin="{_e(origin or "")}" title="{_e(tip)}" '
            f'style="width:{100 * n / total:.3f}%;background:{colour}"></span>'
        )
        words.append(
            f'<li><span class="swatch" style="background:{colour}"></span>{_e(name)} {share}</li>'
        )
    summary = "; ".join(
        f"{'own text' if o is None else corpus.nodes[o].label} {100 * n / total:.0f}%"
        for o, n in counts
    )
    bar = f'<div class="bar" role="img" aria-label="{_e(summary)}">{"".join(segments)}</div>'
    if compact:
        own = 100 * dict(counts).get(None, 0) / total
        return (
            f'<div class="novelty compact" title="{_e(summary)}">{bar}'
            f'<span class="own">{own:.0f}% own text</span></div>'
        )
    return f'<div class="novelty">{bar}<ul class="shares">{"".join(words)}</ul></div>'


def _tree(corpus: _Corpus, bars: Mapping[str, str]) -> str:
    """The derivation tree as nested lists; each node's children fold in a ``<details>``."""
    tree = corpus.trace.tree
    primary = {(child, parent) for child, parent in tree.parent}
    incoming: dict[str, Edge] = {}
    for e in tree.edges:
        if (e.child, e.parent) in primary and e.child not in incoming:
            incoming[e.child] = e
    children: dict[str, list[str]] = defaultdict(list)
    for child, parent in tree.parent:  # sorted by child id
        children[parent].append(child)
    parts = ['<ul class="tree">']
    # An explicit stack, not recursion: a chain of copies may be thousands deep.
    stack: list[tuple[str, int] | str] = [(root, 1) for root in reversed(tree.roots)]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            parts.append(item)
            continue
        node_id, depth = item
        node = corpus.nodes[node_id]
        edge = incoming.get(node_id)
        parts.append(
            f'<li class="node kind-{node.kind}" id="{corpus.anchor[node_id]}" '
            f'data-node="{_e(node_id)}">{_row(corpus, node_id, edge, depth)}'
            f"{bars.get(node_id, '')}{_secondary(corpus, node_id, edge)}"
        )
        kids = children[node_id]
        if kids and depth < MAX_DEPTH:
            noun = "node" if len(kids) == 1 else "nodes"
            parts.append(
                f'<details open class="children"><summary>{len(kids)} derived {noun}</summary>'
                '<ul class="tree">'
            )
            stack.append("</ul></details></li>")
        else:
            parts.append("</li>")
        stack.extend((kid, depth + 1) for kid in reversed(kids))
    parts.append("</ul>")
    return "".join(parts)


def _summary(trace: Trace) -> str:
    kinds = [n.kind for n in trace.tree.nodes]
    named, unseen = kinds.count("external"), kinds.count("latent")
    return (
        f"{len(trace.documents)} article{'s' if len(trace.documents) != 1 else ''}, "
        f"{named} named source{'s' if named != 1 else ''}, "
        f"{unseen} inferred unseen source{'s' if unseen != 1 else ''}, "
        f"{len(trace.tree.edges)} edges, "
        f"{len(trace.warnings)} warning{'s' if len(trace.warnings) != 1 else ''}"
    )


def _header(trace: Trace) -> str:
    from provenance import __version__  # the package imports nothing of the report

    warnings = "".join(f"<li>{_e(w)}</li>" for w in trace.warnings)
    settings = "".join(
        f"<dt>{_e(name)}</dt><dd>{_e(value)}</dd>"
        for name, value in sorted(attrs.asdict(trace.config).items())
    )
    return (
        "<header><h1>Provenance report</h1>"
        f'<p class="summary">{_e(_summary(trace))}</p>'
        + (f'<ul class="warnings" aria-label="warnings">{warnings}</ul>' if warnings else "")
        + f'<details class="settings"><summary>Settings (provenance {_e(__version__)})</summary>'
        f"<dl>{settings}</dl></details></header>"
    )


def _legend() -> str:
    kinds = " ".join(_badge(k) for k in KIND_TEXT)
    return (
        f'<p class="legend">Node kinds: {kinds}. Each button <span class="edge-sample">← relation '
        "confidence</span> is an edge from the node's parent: click it to see the aligned "
        "sentences, the attribution phrases and why the direction was chosen.</p>"
    )


def _sources(corpus: _Corpus) -> str:
    """Every named source and every place it is cited, the phrase marked."""
    items = []
    for source in corpus.trace.sources:
        places = corpus.by_source[source.id]
        kind = (
            "outlet or agency (a text source)"
            if source.kind == "media"
            else "person (quoted, not copied)"
        )
        name = _node_name(corpus, source.id) if source.id in corpus.nodes else _e(source.name)
        aliases = ", ".join(source.aliases)
        rows = []
        for c in places:
            sentence = corpus.sentence[(c.document, c.sentence)]
            start, end = c.start - sentence.start, c.end - sentence.start
            text = (
                f'{_e(sentence.text[:start])}<mark class="attribution">'
                f"{_e(sentence.text[start:end])}</mark>{_e(sentence.text[end:])}"
            )
            relayed = (
                f" (relayed by {_node_name(corpus, c.cited_by)})" if c.cited_by is not None else ""
            )
            rows.append(
                f"<li>{_node_name(corpus, c.document)} <code>#{c.sentence}</code> "
                f'<span class="pattern">{_e(c.pattern)}</span>{relayed}: '
                f'<q class="sentence">{text}</q></li>'
            )
        items.append(
            f'<li class="source" data-source="{_e(source.id)}"><h3>{name}</h3>'
            f'<p class="source-kind">{_e(kind)}'
            + (f"; cited as {_e(aliases)}" if aliases else "")
            + f"; {len(places)} citation{'s' if len(places) != 1 else ''}</p>"
            f'<ul class="citations">{"".join(rows)}</ul></li>'
        )
    body = "".join(items) or "<li>No source is named in these articles.</li>"
    return (
        '<section id="sources" aria-labelledby="sources-h"><h2 id="sources-h">Named sources</h2>'
        f'<ul class="sources">{body}</ul></section>'
    )


def _removed(corpus: _Corpus) -> str:
    """What each document lost as boilerplate, with the rule that removed it."""
    blocks = []
    for d in corpus.trace.documents:
        rows = "".join(
            f'<tr><td class="reason">{_e(r.reason)}</td>'
            f'<td class="offsets">{r.start}–{r.end}</td><td><pre>{_e(r.text)}</pre></td></tr>'
            for r in d.removed
        )
        table = (
            '<table><thead><tr><th scope="col">rule</th><th scope="col">characters</th>'
            f'<th scope="col">text</th></tr></thead><tbody>{rows}</tbody></table>'
            if rows
            else "<p>Nothing removed.</p>"
        )
        blocks.append(
            f'<section class="removed-doc" data-document="{_e(d.id)}">'
            f"<h3>{_node_name(corpus, d.id)} <code>{_e(d.id)}</code> "
            f"({len(d.removed)} stretch{'es' if len(d.removed) != 1 else ''})</h3>{table}</section>"
        )
    return (
        '<section id="removed" aria-labelledby="removed-h">'
        '<h2 id="removed-h">Removed as boilerplate</h2>'
        "<p>Stretches of the files that are not article text, and the rule that removed each: "
        "check that nothing of an article was lost.</p>"
        f"{''.join(blocks)}</section>"
    )


def _novelty(corpus: _Corpus, bars: Mapping[str, str], colours: Mapping[str, str]) -> Iterator[str]:
    yield (
        '<section id="novelty" aria-labelledby="novelty-h">'
        '<h2 id="novelty-h">Where each article\'s text came from</h2>'
        "<p>Share of each article's characters (in its sentences) by origin: the furthest "
        "ancestor that carries the sentence, a source the sentence names, or the article's "
        "own text.</p>"
    )
    if colours:
        legend = "".join(
            f'<li><span class="swatch" style="background:{c}"></span>{_node_name(corpus, o)}</li>'
            for o, c in colours.items()
        )
        yield (
            f'<ul class="legend-origins"><li><span class="swatch" '
            f'style="background:{OWN_COLOUR}"></span>own text</li>{legend}</ul>'
        )
    yield '<table class="novelty-table"><tbody>'
    for d in corpus.trace.documents:
        yield (
            f'<tr data-document="{_e(d.id)}"><th scope="row">{_node_name(corpus, d.id)}'
            f" <code>{_e(d.id)}</code></th><td>{bars[d.id]}</td></tr>"
        )
    yield "</tbody></table></section>"


@cache
def _asset(name: str) -> str:
    return (files("provenance") / "report_assets" / name).read_text(encoding="utf-8")


def render_html(trace: Trace, *, show_removed: bool = False) -> str:
    """The trace as one self-contained HTML page.

    The page shows the derivation tree (collapsible, node kinds, confidences,
    dates), a novelty bar per article (the share of its characters by
    origin), the evidence of every edge on a click (aligned sentences side by
    side with their word differences, attribution phrases, the reasons for
    the direction), and the named sources with every place each is cited.

    Parameters
    ----------
    trace : Trace
        The result of :func:`provenance.trace`.
    show_removed : bool, default False
        Also show what was stripped from each file as boilerplate.

    Returns
    -------
    str
        The HTML document. It loads nothing from the network, and the same
        trace always gives the same string. Article text is escaped; the data
        the page's script paints from is the ``provenance.trace/1`` JSON
        (docs/json.md) under ``"trace"``, in ``<script id="provenance-data">``.
    """
    corpus = _Corpus.of(trace)
    shares = _origin_shares(trace)
    colours = _colours(shares)
    bars = {d: _novelty_bar(corpus, counts, colours) for d, counts in shares.items()}
    small = {d: _novelty_bar(corpus, counts, colours, compact=True) for d, counts in shares.items()}
    script = _asset("report.js")
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    # Only this page's own script may run, and nothing may be fetched.
    policy = f"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{digest}'"
    title = f"Provenance report: {_summary(trace)}"
    return "".join(
        [
            '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f'<meta http-equiv="Content-Security-Policy" content="{policy}">',
            f"<title>{_e(title)}</title><style>{_asset('report.css')}</style></head><body>",
            _header(trace),
            '<main><div class="layout">',
            '<section id="tree" aria-labelledby="tree-h"><h2 id="tree-h">Derivation tree</h2>',
            _legend(),
            _tree(corpus, small),
            "</section>",
            '<aside id="evidence" aria-labelledby="evidence-h" aria-live="polite">',
            '<h2 id="evidence-h" tabindex="-1">Evidence</h2><div id="evidence-body">',
            "<p>Click an edge in the tree to see its evidence.</p></div></aside></div>",
            *_novelty(corpus, bars, colours),
            _sources(corpus),
            _removed(corpus) if show_removed else "",
            "</main>",
            '<script type="application/json" id="provenance-data">',
            _data(trace, corpus, show_removed=show_removed),
            "</script>",
            f"<script>{script}</script></body></html>\n",
        ]
    )
