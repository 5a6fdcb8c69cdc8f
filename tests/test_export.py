"""Exports for other tools (DOT, GraphML, networkx, CSV) round-trip.

Each export is read back — GraphML by networkx, CSV by ``csv.DictReader``, DOT
by a small reader below (and by Graphviz and pydot when they are installed) —
and compared with the trace it came from.
"""

from __future__ import annotations

import csv
import doctest
import io
import re
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import attrs
import networkx as nx
import pytest
from hypothesis import given
from strategies import derived_corpora

import provenance
import provenance.export
from provenance import (
    Alignment,
    Edge,
    InputError,
    Node,
    SentencePair,
    Trace,
    document_from_text,
    trace,
    trace_documents,
)
from provenance.export import (
    CSV_FIELDS,
    MissingExtraError,
    pairs_to_csv,
    to_dot,
    to_graphml,
    to_networkx,
)

HERE = Path(__file__).parent
SEEDS = HERE.parent / "seeds"
EXPORTS_DOC = HERE.parent / "docs" / "exports.md"

#: Ids that DOT and XML must escape: quotes, backslashes (one at the end, which
#: would escape a closing quote), a line break, non-ASCII, a DOT keyword, a tab.
NASTY_IDS = ('quote"d', "back\\slash\\", "new\nline é 東京", "edge", "tab\there")


@pytest.fixture(scope="module")
def seeds() -> Trace:
    return trace(SEEDS)


@pytest.fixture(scope="module")
def nasty() -> Trace:
    """The seed articles under ids that DOT and XML must escape."""
    paths = sorted(SEEDS.glob("*.txt"))
    documents = [
        document_from_text(path.read_text(encoding="utf-8"), doc_id)
        for path, doc_id in zip(paths, NASTY_IDS, strict=True)
    ]
    return trace_documents(documents)


# ---------------------------------------------------------------------------
# A small DOT reader: enough of the grammar for what to_dot and `dot -Tcanon` write.

_DOT_TOKEN = re.compile(
    r"""\s*(?:
        (?P<string>"(?:\\.|[^"\\])*")
      | (?P<arrow>->)
      | (?P<punct>[{}\[\];,=])
      | (?P<word>[A-Za-z_\x80-\uffff][A-Za-z_0-9\x80-\uffff]*|-?(?:\.\d+|\d+(?:\.\d*)?))
    )""",
    re.VERBOSE | re.DOTALL,
)


def _unquote(token: str) -> str:
    """A DOT token's value, with Graphviz's escapes ``\\\\``, ``\\"``, ``\\n`` undone."""
    if not token.startswith('"'):
        return token
    return re.sub(r"\\(.)", lambda m: "\n" if m[1] == "n" else m[1], token[1:-1], flags=re.DOTALL)


def _tokens(text: str) -> list[str]:
    tokens, position = [], 0
    while text[position:].strip():
        match = _DOT_TOKEN.match(text, position)
        assert match is not None, f"cannot read DOT at {text[position : position + 40]!r}"
        tokens.append(match[match.lastgroup or ""])
        position = match.end()
    return tokens


def read_dot(text: str) -> tuple[dict[str, dict[str, str]], list[tuple[str, str, dict[str, str]]]]:
    """The nodes (id → attributes) and edges (parent, child, attributes) of a digraph."""
    tokens = _tokens(text)
    assert tokens[0] == "digraph"
    position = tokens.index("{") + 1
    nodes: dict[str, dict[str, str]] = {}
    edges: list[tuple[str, str, dict[str, str]]] = []

    def attributes() -> dict[str, str]:
        nonlocal position
        found: dict[str, str] = {}
        if position < len(tokens) and tokens[position] == "[":
            position += 1
            while tokens[position] != "]":
                key, equals, value = tokens[position : position + 3]
                assert equals == "="
                found[_unquote(key)] = _unquote(value)
                position += 3
                if tokens[position] == ",":
                    position += 1
            position += 1
        return found

    while tokens[position] != "}":
        first = tokens[position]
        position += 1
        if first in {"graph", "node", "edge"}:  # unquoted: the defaults of a kind
            attributes()
        elif tokens[position] == "->":
            child = tokens[position + 1]
            position += 2
            edges.append((_unquote(first), _unquote(child), attributes()))
        else:
            assert _unquote(first) not in nodes, f"node {first} stated twice"
            nodes[_unquote(first)] = attributes()
        if tokens[position] == ";":
            position += 1
    return nodes, edges


def _assert_dot_matches(nodes: dict[str, dict[str, str]], edges: list, result: Trace) -> None:
    tree = result.tree
    assert list(nodes) == [n.id for n in tree.nodes]
    for node in tree.nodes:
        assert nodes[node.id]["kind"] == node.kind
        assert nodes[node.id]["tooltip"] == node.label
        assert nodes[node.id].get("published") == (
            node.published.isoformat() if node.published else None
        )
    primary = set(tree.parent)
    assert [(p, c, a["relation"]) for p, c, a in edges] == [
        (e.parent, e.child, e.relation) for e in tree.edges
    ]
    for (parent, child, found), e in zip(edges, tree.edges, strict=True):
        assert float(found["confidence"]) == e.confidence
        assert found["primary"] == ("true" if (child, parent) in primary else "false")
        assert int(found["n_aligned"]) == len(e.evidence.aligned)


# ---------------------------------------------------------------------------
# DOT


def test_dot_round_trips_the_seed_graph(seeds: Trace) -> None:
    nodes, edges = read_dot(to_dot(seeds))
    _assert_dot_matches(nodes, edges, seeds)


def test_dot_round_trips_nasty_ids(nasty: Trace) -> None:
    assert {n.id for n in nasty.tree.nodes} >= set(NASTY_IDS)
    nodes, edges = read_dot(to_dot(nasty))
    _assert_dot_matches(nodes, edges, nasty)
    # Each statement stays on one line: a line break in an id is written \n.
    lines = to_dot(nasty).rstrip("\n").split("\n")
    assert len(lines) == 4 + len(nasty.tree.nodes) + len(nasty.tree.edges) + 1


def test_dot_styles_latent_sources_as_hypothetical(seeds: Trace) -> None:
    nodes, edges = read_dot(to_dot(seeds))
    kinds = {n.kind for n in seeds.tree.nodes}
    assert kinds == {"document", "external", "latent"}
    for node in seeds.tree.nodes:
        found = nodes[node.id]
        if node.kind == "latent":
            assert found["class"] == "hypothetical"
            assert found["style"] == "dashed"
            assert "grey" in found["color"]
            assert "Oblique" in found["fontname"]
        elif node.kind == "document":
            assert (found["class"], found["shape"]) == ("extant", "box")
            assert node.id in found["label"]
        else:
            assert (found["shape"], found["style"]) == ("ellipse", "filled")
            assert found["label"] == node.label
    styles = {(a["primary"], a["style"]) for _, _, a in edges}
    assert styles == {("true", "solid"), ("false", "dashed")}


def test_dot_label_wraps_long_titles_and_shows_date(seeds: Trace) -> None:
    nodes, _ = read_dot(to_dot(seeds))
    dated = next(n for n in seeds.tree.nodes if n.published is not None)
    label = nodes[dated.id]["label"]
    assert label.endswith(f"{dated.id} · {dated.published}")
    assert all(len(line) <= 40 for line in label.split("\n")[:-1])
    assert " ".join(label.split("\n")[:-1]) == dated.label


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz dot is not installed")
def test_graphviz_parses_dot_with_nasty_ids(nasty: Trace) -> None:
    dot = to_dot(nasty)
    svg = subprocess.run(["dot", "-Tsvg"], input=dot.encode(), capture_output=True, check=True)
    assert b"<svg" in svg.stdout
    assert b"Warning" not in svg.stderr
    assert b"Error" not in svg.stderr
    canon = subprocess.run(["dot", "-Tcanon"], input=dot.encode(), capture_output=True, check=True)
    nodes, edges = read_dot(canon.stdout.decode("utf-8"))
    assert set(nodes) == {n.id for n in nasty.tree.nodes}
    assert sorted((p, c, a["relation"]) for p, c, a in edges) == sorted(
        (e.parent, e.child, e.relation) for e in nasty.tree.edges
    )
    assert nodes[NASTY_IDS[1]]["tooltip"] == nasty.tree.node(NASTY_IDS[1]).label


def test_pydot_reads_dot(seeds: Trace, tmp_path: Path) -> None:
    pytest.importorskip("pydot")
    path = tmp_path / "seeds.dot"
    path.write_text(to_dot(seeds), encoding="utf-8")
    graph = nx.nx_pydot.read_dot(path)
    # pydot keeps the quotes of quoted values (the seeds' ids need none).
    assert {n: d["kind"].strip('"') for n, d in graph.nodes(data=True)} == {
        n.id: n.kind for n in seeds.tree.nodes
    }
    assert sorted((p, c, d["relation"].strip('"')) for p, c, d in graph.edges(data=True)) == sorted(
        (e.parent, e.child, e.relation) for e in seeds.tree.edges
    )


def test_dot_keeps_parallel_edges(seeds: Trace) -> None:
    e = seeds.tree.edges[0]
    twice = attrs.evolve(seeds.tree, edges=(*seeds.tree.edges, attrs.evolve(e, relation="cites")))
    _, edges = read_dot(to_dot(attrs.evolve(seeds, tree=twice)))
    assert [a["relation"] for p, c, a in edges if (p, c) == (e.parent, e.child)] == [
        e.relation,
        "cites",
    ]


# ---------------------------------------------------------------------------
# networkx and GraphML


def _read_graphml(text: str) -> nx.DiGraph[str]:
    graph = nx.read_graphml(io.BytesIO(text.encode("utf-8")))
    assert isinstance(graph, nx.DiGraph)
    return graph


def _assert_same_graph(found: nx.DiGraph[str], expected: nx.DiGraph[str]) -> None:
    assert list(found.nodes(data=True)) == list(expected.nodes(data=True))
    assert {(p, c): d for p, c, d in found.edges(data=True)} == {
        (p, c): d for p, c, d in expected.edges(data=True)
    }


def _assert_graph_matches(graph: nx.DiGraph[str], result: Trace) -> None:
    tree = result.tree
    assert list(graph.nodes) == [n.id for n in tree.nodes]
    for node in tree.nodes:
        data = graph.nodes[node.id]
        assert (data["kind"], data["label"]) == (node.kind, node.label)
        assert data["aliases"] == "; ".join(node.aliases)
        assert data.get("published") == (node.published.isoformat() if node.published else None)
        if node.kind == "document":
            assert data["title"] == result.document(node.id).title
            assert data["sentences"] == len(result.sentences_of(node.id))
    primary = set(tree.parent)
    assert graph.number_of_edges() == len(tree.edges)
    for e in tree.edges:
        data = graph.edges[e.parent, e.child]
        assert data["relation"] == e.relation
        assert data["confidence"] == data["weight"] == e.confidence
        assert data["primary"] == ((e.child, e.parent) in primary)
        assert data["n_aligned"] == len(e.evidence.aligned)
        assert data["reasons"] == "\n".join(e.evidence.reasons)
        assert data["citations"] == "\n".join(e.evidence.citations)


def test_to_networkx_carries_the_tree(seeds: Trace) -> None:
    graph = to_networkx(seeds)
    _assert_graph_matches(graph, seeds)
    assert sum(d["primary"] for _, _, d in graph.edges(data=True)) == len(seeds.tree.parent)


def test_trace_method_delegates(seeds: Trace) -> None:
    _assert_same_graph(seeds.to_networkx(), to_networkx(seeds))


def test_graphml_round_trips(seeds: Trace) -> None:
    text = to_graphml(seeds)
    assert text.startswith("<?xml")
    found = _read_graphml(text)
    _assert_same_graph(found, to_networkx(seeds))
    _assert_graph_matches(found, seeds)


def test_graphml_round_trips_nasty_ids(nasty: Trace) -> None:
    found = _read_graphml(to_graphml(nasty))
    _assert_same_graph(found, to_networkx(nasty))
    _assert_graph_matches(found, nasty)


def _with_node(result: Trace, node: Node) -> Trace:
    tree = result.tree
    return attrs.evolve(result, tree=attrs.evolve(tree, nodes=(*tree.nodes, node)))


def test_graphml_replaces_characters_xml_cannot_carry(seeds: Trace) -> None:
    result = _with_node(seeds, Node("latent-9", "latent", "bell\x07 and nul\x00 but tab\t"))
    found = _read_graphml(to_graphml(result))
    assert found.nodes["latent-9"]["label"] == "bell\ufffd and nul\ufffd but tab\t"


def test_graphml_refuses_an_id_xml_cannot_carry(seeds: Trace) -> None:
    result = _with_node(seeds, Node("latent\x01", "latent", "x"))
    with pytest.raises(InputError, match=r"U\+0001"):
        to_graphml(result)


def test_duplicate_node_ids_are_refused(seeds: Trace) -> None:
    result = _with_node(seeds, attrs.evolve(seeds.tree.nodes[-1], label="another"))
    for export in (to_dot, to_networkx, to_graphml):
        with pytest.raises(InputError, match="unique"):
            export(result)


def test_edge_to_a_missing_node_is_refused(seeds: Trace) -> None:
    edge = Edge("nowhere", seeds.tree.nodes[0].id, "copy", 0.5)
    tree = attrs.evolve(seeds.tree, edges=(*seeds.tree.edges, edge))
    for export in (to_dot, to_networkx):
        with pytest.raises(InputError, match="nowhere"):
            export(attrs.evolve(seeds, tree=tree))


def test_networkx_refuses_parallel_edges(seeds: Trace) -> None:
    e = seeds.tree.edges[0]
    tree = attrs.evolve(seeds.tree, edges=(*seeds.tree.edges, attrs.evolve(e, relation="cites")))
    with pytest.raises(InputError, match="2 edges"):
        to_networkx(attrs.evolve(seeds, tree=tree))


def test_missing_networkx_names_the_extra(seeds: Trace, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "networkx", None)  # makes `import networkx` fail
    for export in (to_networkx, to_graphml, Trace.to_networkx):
        with pytest.raises(MissingExtraError, match=re.escape("provenance-tracer[graph]")):
            export(seeds)
    assert issubclass(MissingExtraError, ImportError)
    assert issubclass(MissingExtraError, provenance.ProvenanceError)


# ---------------------------------------------------------------------------
# CSV


def read_pairs(text: str) -> tuple[tuple[Alignment, ...], dict[tuple[str, int], str]]:
    """The alignments and the sentence texts in :func:`pairs_to_csv`'s output."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    assert tuple(reader.fieldnames or ()) == CSV_FIELDS
    pairs: dict[tuple[str, str], list[SentencePair]] = defaultdict(list)
    texts: dict[tuple[str, int], str] = {}
    for row in reader:
        pairs[row["a_document"], row["b_document"]].append(
            SentencePair(
                a_index=int(row["a_index"]),
                b_index=int(row["b_index"]),
                kind=row["kind"],  # type: ignore[arg-type]  # validated by SentencePair
                score=float(row["score"]),
                ratio=float(row["ratio"]),
                token_set=float(row["token_set"]),
                a_group=tuple(int(i) for i in row["a_group"].split()),
                b_group=tuple(int(i) for i in row["b_group"].split()),
            )
        )
        texts[row["a_document"], int(row["a_index"])] = row["a_text"]
        texts[row["b_document"], int(row["b_index"])] = row["b_text"]
    return tuple(Alignment(a, b, tuple(p)) for (a, b), p in pairs.items()), texts


def _assert_csv_matches(text: str, result: Trace) -> None:
    alignments, texts = read_pairs(text)
    assert alignments == tuple(al for al in result.alignments if al.pairs)
    sentence = {(s.document, s.index): s.text for s in result.sentences}
    assert texts == {key: sentence[key] for key in texts}
    expected_rows = sum(len(al.pairs) for al in result.alignments)
    assert sum(len(al.pairs) for al in alignments) == expected_rows


def test_csv_round_trips_the_seed_pairs(seeds: Trace) -> None:
    assert any(al.pairs for al in seeds.alignments)
    _assert_csv_matches(pairs_to_csv(seeds), seeds)


def test_csv_round_trips_texts_with_commas_quotes_and_line_breaks(seeds: Trace) -> None:
    nasty = ['He said, "no", twice', 'line one\nline two, "quoted"\r\nthree', '""', "é,東京"]
    sentences = tuple(
        attrs.evolve(s, text=nasty[i % len(nasty)] + s.text) for i, s in enumerate(seeds.sentences)
    )
    result = attrs.evolve(seeds, sentences=sentences)
    text = pairs_to_csv(result)
    assert text.endswith("\r\n")
    assert '""""' in text
    _assert_csv_matches(text, result)


def test_csv_round_trips_split_groups() -> None:
    long = (
        "The former intelligence officers who trained with the Americans for years "
        "joined the militants in the eastern province after the government collapsed"
    )
    first, second = long.split(" in the eastern")
    a = document_from_text(long + ". The weather was cold in the capital that evening.", "a")
    b = document_from_text(f"{first}. In the eastern{second}. Nobody else agreed today.", "b")
    result = trace_documents([a, b])
    groups = [p for al in result.alignments for p in al.pairs if p.is_split]
    assert groups, "the split sentence should be aligned as a group"
    _assert_csv_matches(pairs_to_csv(result), result)
    assert f",{groups[0].a_group[0]},{' '.join(map(str, groups[0].b_group))}\r\n" in pairs_to_csv(
        result
    )


def test_csv_refuses_a_pair_without_its_sentence(seeds: Trace) -> None:
    aligned = next(al for al in seeds.alignments if al.pairs)
    pair = aligned.pairs[0]
    sentences = tuple(
        s for s in seeds.sentences if (s.document, s.index) != (aligned.a, pair.a_index)
    )
    with pytest.raises(InputError, match=f"sentence {pair.a_index} of"):
        pairs_to_csv(attrs.evolve(seeds, sentences=sentences))


# ---------------------------------------------------------------------------
# Every export, on generated corpora; determinism; the docs' examples


@given(corpus=derived_corpora())
def test_exports_round_trip_on_generated_corpora(corpus: list[tuple[str, str]]) -> None:
    result = trace_documents([document_from_text(text, doc_id) for doc_id, text in corpus])
    found = _read_graphml(to_graphml(result))
    _assert_same_graph(found, to_networkx(result))
    _assert_graph_matches(found, result)
    _assert_csv_matches(pairs_to_csv(result), result)
    dot = to_dot(result)
    statements = [line for line in dot.split("\n") if re.match(r'\s*"(?:\\.|[^"\\])*" \[', line)]
    assert len(statements) == len(result.tree.nodes)
    nodes, edges = read_dot(dot)
    _assert_dot_matches(nodes, edges, result)


def test_exports_do_not_depend_on_input_order() -> None:
    documents = [provenance.read_document(path) for path in sorted(SEEDS.glob("*.txt"))]
    forward, backward = trace_documents(documents), trace_documents(documents[::-1])
    for export in (to_dot, to_graphml, pairs_to_csv):
        assert export(forward) == export(backward)


def test_exports_doc_examples_run() -> None:
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    result = doctest.testfile(str(EXPORTS_DOC), module_relative=False, optionflags=flags)
    assert result.attempted > 0
    assert result.failed == 0


def test_module_examples_run() -> None:
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    result = doctest.testmod(provenance.export, optionflags=flags)
    assert result.attempted > 0
    assert result.failed == 0
