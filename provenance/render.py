"""Terminal rendering with rich: pure functions from results to renderables.

Nothing here prints; the CLI hands the renderables to a console.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from rich.markup import escape
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from provenance.align import word_edits
from provenance.config import TraceConfig
from provenance.model import Alignment, Edge, Node, Sentence
from provenance.trace import SourceList, Trace

__all__ = ["diff_texts", "render_alignment", "render_removed", "render_sources", "render_tree"]

KIND_STYLE = {"document": "bold", "external": "cyan", "latent": "magenta"}
MAX_DEPTH = 12
KIND_NAME = {"document": "article", "external": "source", "latent": "unseen"}


def _short(text: str, width: int = 90) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _settings(c: TraceConfig) -> str:
    return (
        f"verbatim ≥ {c.verbatim_cutoff:g}, near ≥ {c.near_cutoff:g} (ratio); "
        f"paraphrase ≥ {c.paraphrase_cutoff:g} (token set, ratio ≥ {c.paraphrase_min_ratio:g}); "
        f"threshold {c.score_cutoff:g}; link weight ≥ {c.min_link_weight:g}; "
        f"edges ≥ {c.min_confidence:g}"
    )


def render_tree(trace: Trace, *, explain: bool = False) -> Tree:
    """The derivation tree, one line per node, with each node's secondary parents.

    Each line: kind, label, id, date; then, for a node with a parent, the
    relation, its confidence and the number of aligned sentences behind it.
    With ``explain``, every edge's evidence hangs under its node.
    """
    tree = trace.tree
    primary = {(child, parent) for child, parent in tree.parent}
    incoming: dict[str, list[Edge]] = defaultdict(list)
    for e in tree.edges:
        incoming[e.child].append(e)
    root = Tree(
        Text.assemble(
            ("provenance trace", "bold"),
            f": {len(trace.documents)} articles, {len(tree.nodes) - len(trace.documents)} "
            "named or unseen sources",
        )
    )
    root.add(Text(f"settings: {_settings(trace.config)}", style="dim"))

    nodes = {n.id: n for n in tree.nodes}
    text = {(s.document, s.index): s.text for s in trace.sentences}
    children: dict[str, list[str]] = defaultdict(list)
    for child_id, parent_id in tree.parent:  # sorted by child id
        children[parent_id].append(child_id)
    # An explicit stack, not recursion: a chain of copies may be thousands deep.
    # Past MAX_DEPTH the tree stops indenting, and each line says its depth.
    stack: list[tuple[Tree, str, Edge | None, int]] = [
        (root, n, None, 1) for n in reversed(tree.roots)
    ]
    while stack:
        branch, node_id, edge, depth = stack.pop()
        line = _line(nodes, node_id, edge, incoming, primary)
        if depth > MAX_DEPTH:
            line = Text.assemble((f"(depth {depth}) ", "dim"), line)
        child = branch.add(line)
        secondary = [e for e in incoming[node_id] if (node_id, e.parent) not in primary]
        if explain:
            for e in ([edge] if edge else []) + secondary:
                child.add(_evidence(text, e))
        for grandchild in reversed(children[node_id]):
            edge_in = next(e for e in incoming[grandchild] if e.parent == node_id)
            stack.append((child if depth < MAX_DEPTH else branch, grandchild, edge_in, depth + 1))
    return root


def _line(
    nodes: Mapping[str, Node],
    node_id: str,
    edge: Edge | None,
    incoming: Mapping[str, list[Edge]],
    primary: set[tuple[str, str]],
) -> Text:
    """One node's line: kind, label, id, date, its primary edge and its other parents."""
    node = nodes[node_id]
    line = Text()
    line.append(f"[{KIND_NAME[node.kind]}] ", style=KIND_STYLE[node.kind])
    line.append(_short(node.label, 70), style=KIND_STYLE[node.kind])
    if node.kind != "external" or node.label != node_id:
        line.append(f"  {node_id}", style="dim")
    if node.published:
        line.append(f"  {node.published.isoformat()}", style="green")
    if edge is not None:
        line.append(f"  ← {edge.relation} {edge.confidence:.2f}")
        if edge.evidence.aligned:
            line.append(f", {len(edge.evidence.aligned)} shared sentences")
    secondary = [e for e in incoming.get(node_id, []) if (node_id, e.parent) not in primary]
    text_parents = [e for e in secondary if e.relation != "cites"]
    if text_parents:
        also = ", ".join(f"{e.parent} ({e.relation} {e.confidence:.2f})" for e in text_parents)
        line.append(f"  also from: {also}", style="yellow")
    named = [e for e in secondary if e.relation == "cites"]
    if named:
        names = ", ".join(f"{nodes[e.parent].label} {e.confidence:.2f}" for e in named)
        line.append(f"  names: {names}", style="cyan")
    return line


def _evidence(text: Mapping[tuple[str, int], str], edge: Edge) -> Tree:
    branch = Tree(
        Text(
            f"evidence for {edge.parent} → {edge.child} ({edge.relation} {edge.confidence:.2f})",
            style="dim",
        )
    )
    for reason in edge.evidence.reasons:
        branch.add(Text(f"why: {reason}"))
    for phrase in edge.evidence.citations:
        branch.add(Text(f"cites: “{phrase}”", style="cyan"))
    for a in edge.evidence.aligned:
        parent_text = text.get((a.parent_document, a.parent_sentence), "")
        child_text = text.get((edge.child, a.child_sentence), "")
        pair = branch.add(
            Text(
                f"{a.kind} {a.score:.1f} (weight {a.weight:.2f}): "
                f"{a.parent_document}#{a.parent_sentence} ≈ {edge.child}#{a.child_sentence}"
            )
        )
        before, after = diff_texts(parent_text, child_text)
        pair.add(before)
        pair.add(after)
    return branch


EDIT_STYLE = {"replace": "bold yellow", "delete": "bold red strike", "insert": "bold green"}


def diff_texts(a: str, b: str) -> tuple[Text, Text]:
    """Two sentences with their word-level differences marked.

    Words only in ``a`` are struck through in red, words only in ``b`` are
    green, replaced words are yellow on both sides; shared words are plain.
    """
    before, after = Text(), Text()
    for op, a_words, b_words in word_edits(a, b):
        for side, words, shown in (
            (before, a_words, op != "insert"),
            (after, b_words, op != "delete"),
        ):
            if shown and words:
                side.append(words + " ", style=None if op == "equal" else EDIT_STYLE[op])
    before.rstrip()
    after.rstrip()
    return before, after


def render_alignment(
    alignment: Alignment,
    a: tuple[Sentence, ...],
    b: tuple[Sentence, ...],
    config: TraceConfig | None = None,
) -> Table:
    """The aligned pairs of two documents side by side, with kind and score."""
    a_text = {s.index: s.text for s in a}
    b_text = {s.index: s.text for s in b}
    table = Table(
        title=f"{alignment.a} ↔ {alignment.b}: {len(alignment.pairs)} aligned pairs",
        show_lines=True,
        caption=f"settings: {_settings(config or TraceConfig())}",
    )
    table.add_column("#A", justify="right")
    table.add_column(alignment.a, ratio=1)
    table.add_column("#B", justify="right")
    table.add_column(alignment.b, ratio=1)
    table.add_column("kind")
    table.add_column("score", justify="right")
    for p in alignment.pairs:
        kind = p.kind + (" (split)" if p.is_split else "")
        before, after = diff_texts(a_text[p.a_index], b_text[p.b_index])
        table.add_row(
            str(p.a_index),
            before,
            str(p.b_index),
            after,
            kind,
            f"{p.score:.1f}",
        )
    return table


def render_sources(listing: SourceList) -> Table:
    """The named sources, whether each is a text source, and where each is cited."""
    table = Table(title="named sources", show_lines=True)
    table.add_column("source", ratio=1)
    table.add_column("kind")
    table.add_column("aliases", ratio=1)
    table.add_column("cited in", ratio=3)
    for source in listing.sources:
        places = [
            f"{c.document}#{c.sentence} ({c.pattern}): “{escape(c.phrase)}”"
            for c in listing.citations
            if c.source == source.id
        ]
        table.add_row(
            escape(source.name), source.kind, escape(", ".join(source.aliases)), "\n".join(places)
        )
    return table


def render_removed(trace: Trace) -> Tree:
    """What was stripped from each document as boilerplate, and by which rule."""
    root = Tree(Text("removed as not article text", style="bold"))
    for d in trace.documents:
        branch = root.add(Text(f"{d.id} ({len(d.removed)} stretches)"))
        for r in d.removed:
            branch.add(Text(f"[{r.reason}] {_short(r.text.strip(), 100)}", style="dim"))
    return root
