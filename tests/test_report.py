"""The HTML report: structure, embedded data, escaping, no network, diffs, the CLI."""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

import provenance
from provenance.cli import app
from provenance.model import DerivationTree, Edge, Node
from provenance.report import MAX_DEPTH, diff_spans, edge_key, mark_spans, render_html
from provenance.serialize import trace_to_dict, tree_from_dict
from provenance.trace import Trace

SEEDS = Path(__file__).parent.parent / "seeds"
runner = CliRunner(env={"COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"})

SCRIPT = "<script>window.pwned = 1</script>"
IMAGE = '<img src=x onerror="window.pwned = 2">'
# Shared by both hostile articles, so that the payloads sit in aligned sentences.
HOSTILE_SHARED = [
    f"The minister said {IMAGE} that the army left the northern province on Monday evening.",
    f"Afghanistan has been witnessing a spike in targeted assassinations {SCRIPT} and blasts.",
    "According to Reuters, the militant group </script><!-- recruited former officers in Kunduz.",
]


def hostile_trace() -> Trace:
    """Two articles whose ids, titles and shared sentences carry HTML and script."""
    a = "\n\n".join(
        [f"Hostile {SCRIPT} headline", *HOSTILE_SHARED, "Residents described heavy fighting."]
    )
    b = "\n\n".join(
        ["Another & <b>headline</b>", *HOSTILE_SHARED, "Witnesses feared a new campaign."]
    )
    docs = [provenance.document_from_text(a, "a<b"), provenance.document_from_text(b, 'b&"c')]
    return provenance.trace_documents(docs)


class Page(HTMLParser):
    """Every start tag with its attributes, and the text of each script element."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._in_script: dict[str, str | None] | None = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._in_script = dict(attrs)
            self.scripts.append((self._in_script, ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = None

    def handle_data(self, data: str) -> None:
        if self._in_script is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)

    def all(self, attribute: str) -> list[str]:
        return [a[attribute] or "" for _, a in self.tags if attribute in a]

    def data(self) -> dict[str, Any]:
        (blob,) = [t for a, t in self.scripts if a.get("id") == "provenance-data"]
        loaded: dict[str, Any] = json.loads(blob)
        return loaded


@pytest.fixture(scope="module")
def seeds() -> Trace:
    return provenance.trace(SEEDS)


@pytest.fixture(scope="module")
def page(seeds: Trace) -> str:
    return render_html(seeds)


def test_one_tree_node_per_node_and_one_button_per_edge(seeds: Trace, page: str) -> None:
    parsed = Page(page)
    nodes = parsed.all("data-node")
    assert sorted(nodes) == sorted(n.id for n in seeds.tree.nodes)
    buttons = [a["data-edge"] for tag, a in parsed.tags if tag == "button" and "data-edge" in a]
    assert sorted(buttons) == sorted(edge_key(e) for e in seeds.tree.edges)
    ids = parsed.all("id")
    assert len(ids) == len(set(ids))  # anchors are unique
    for document in seeds.documents:  # every article's title and date is shown
        assert html.escape(document.title) in page
        if document.published:
            assert f'datetime="{document.published.isoformat()}"' in page


def test_the_tree_nests_children_under_their_primary_parent(seeds: Trace, page: str) -> None:
    # Each child's <li> comes after its parent's and before the parent's list closes.
    position = {node.id: page.index(f'data-node="{node.id}"') for node in seeds.tree.nodes}
    for child, parent in seeds.tree.parent:
        assert position[parent] < position[child]


def test_data_blob_round_trips(seeds: Trace, page: str) -> None:
    data = Page(page).data()
    assert data["trace"] == json.loads(json.dumps(trace_to_dict(seeds)))
    assert tree_from_dict(data["trace"]) == seeds.tree
    assert [p["key"] for p in data["panels"]] == [edge_key(e) for e in seeds.tree.edges]
    for edge, panel in zip(seeds.tree.edges, data["panels"], strict=True):
        assert len(panel["pairs"]) == len(edge.evidence.aligned)


def test_panels_rebuild_the_aligned_sentences(seeds: Trace, page: str) -> None:
    text = {(s.document, s.index): s.text for s in seeds.sentences}
    panels = Page(page).data()["panels"]
    checked = 0
    for edge, panel in zip(seeds.tree.edges, panels, strict=True):
        for pair, pieces in zip(edge.evidence.aligned, panel["pairs"], strict=True):
            parent = text[(pair.parent_document, pair.parent_sentence)]
            child = text[(edge.child, pair.child_sentence)]
            assert "".join(p[0] for p in pieces["parent"]) == parent
            assert "".join(p[0] for p in pieces["child"]) == child
            assert {p[1] for p in pieces["parent"]} <= {"equal", "delete", "replace"}
            assert {p[1] for p in pieces["child"]} <= {"equal", "insert", "replace"}
            checked += 1
    assert checked == sum(len(e.evidence.aligned) for e in seeds.tree.edges) > 0


def test_attribution_phrases_are_marked(seeds: Trace, page: str) -> None:
    panels = Page(page).data()["panels"]
    marked = {
        "".join(p[0] for p in pieces if p[2])
        for panel in panels
        for pair in panel["pairs"]
        for pieces in pair.values()
    }
    cited = {c.phrase for c in seeds.citations}
    assert marked & cited  # the seeds' shared sentences carry attributions
    for edge, panel in zip(seeds.tree.edges, panels, strict=True):
        if edge.relation == "cites" and seeds.tree.node(edge.child).kind == "document":
            places = ["".join(p[0] for p in place["text"] if p[2]) for place in panel["cited_in"]]
            assert places
            assert set(places) <= set(edge.evidence.citations)


def test_every_source_and_citation_is_listed(seeds: Trace, page: str) -> None:
    assert Page(page).all("data-source") == [s.id for s in seeds.sources]
    section = page[page.index('id="sources"') :]
    for c in seeds.citations:
        assert f'<mark class="attribution">{html.escape(c.phrase)}</mark>' in section


def test_novelty_bars_add_up_to_the_origins(seeds: Trace, page: str) -> None:
    length = {(s.document, s.index): len(s.text) for s in seeds.sentences}
    colour: dict[str, str] = {}
    for document in seeds.documents:
        row = re.search(rf'<tr data-document="{document.id}">(.*?)</tr>', page, re.S)
        assert row is not None
        segments = re.findall(
            r'data-origin="([^"]*)" title="[^"]*" style="width:([\d.]+)%;background:([^"]+)"',
            row.group(1),
        )
        origins = [(i, o) for d, i, o in seeds.origins if d == document.id]
        total = sum(length[(document.id, i)] for i, _ in origins)
        expected: dict[str, float] = {}
        for i, origin in origins:
            expected[origin or ""] = expected.get(origin or "", 0) + length[(document.id, i)]
        shown = {origin: float(width) for origin, width, _ in segments}
        assert shown == pytest.approx({o: 100 * n / total for o, n in expected.items()}, abs=1e-3)
        for origin, _, paint in segments:  # one colour per origin, in every bar
            assert colour.setdefault(origin, paint) == paint
    assert len(set(colour.values())) == len(colour)


def test_no_network_references(page: str) -> None:
    parsed = Page(page)
    assert not {tag for tag, _ in parsed.tags} & {"link", "img", "iframe", "object", "embed"}
    for attribute in ("src", "srcset", "action", "formaction", "poster"):
        assert parsed.all(attribute) == []
    assert all(href.startswith("#") for href in parsed.all("href"))
    assert not re.search(r"url\(|@import|fetch\(|XMLHttpRequest|WebSocket", page)
    (policy,) = [a["content"] for t, a in parsed.tags if a.get("http-equiv")]
    assert policy is not None
    assert policy.startswith("default-src 'none'")


def test_article_html_is_escaped() -> None:
    trace = hostile_trace()
    assert any(e.evidence.aligned for e in trace.tree.edges)  # the payloads are evidence
    page = render_html(trace)
    for payload in (SCRIPT, IMAGE, "<b>headline</b>", "</script><!--"):
        assert payload not in page
    assert "&lt;script&gt;window.pwned = 1&lt;/script&gt;" in page  # shown, as text
    parsed = Page(page)
    assert [tag for tag, _ in parsed.tags].count("script") == 2  # the data and the renderer
    assert "img" not in {tag for tag, _ in parsed.tags}
    (blob,) = [t for a, t in parsed.scripts if a.get("id") == "provenance-data"]
    assert "<" not in blob
    assert parsed.data()["trace"] == json.loads(json.dumps(trace_to_dict(trace)))
    assert sorted(parsed.all("data-node")) == sorted(n.id for n in trace.tree.nodes)


def test_show_removed_toggles_the_boilerplate(seeds: Trace, page: str) -> None:
    assert 'id="removed"' not in page
    assert "removed" not in Page(page).data()["trace"]["documents"][0]
    shown = render_html(seeds, show_removed=True)
    section = shown[shown.index('id="removed"') :]
    for document in seeds.documents:
        for removed in document.removed:
            assert removed.reason in section
    assert "Leave a Comment" in section
    assert "removed" in Page(shown).data()["trace"]["documents"][0]


def test_deterministic_and_order_free(seeds: Trace, page: str) -> None:
    assert render_html(seeds) == page
    again = provenance.trace_documents(reversed(seeds.documents))
    assert render_html(again) == page


def test_a_deep_chain_stays_shallow_in_html() -> None:
    n = MAX_DEPTH + 25
    ids = [f"source:s{i:03d}" for i in range(n)]
    tree = DerivationTree(
        nodes=tuple(Node(i, "external", i.removeprefix("source:")) for i in ids),
        edges=tuple(Edge(p, c, "cites", 0.5) for p, c in pairwise(ids)),
        parent=tuple(sorted(zip(ids[1:], ids, strict=False))),
        roots=(ids[0],),
    )
    trace = Trace(
        config=provenance.TraceConfig(),
        documents=(),
        sentences=(),
        alignments=(),
        citations=(),
        sources=(),
        tree=tree,
        origins=(),
    )
    page = render_html(trace)
    assert Page(page).all("data-node") == ids  # each once, in chain order
    depth = deepest = 0
    for match in re.finditer(r"<(/?)ul\b", page):
        depth += -1 if match.group(1) else 1
        deepest = max(deepest, depth)
    assert depth == 0
    assert deepest == MAX_DEPTH
    assert f"(depth {n})" in page


@given(a=st.text(), b=st.text())
def test_diff_spans_rebuild_both_sentences(a: str, b: str) -> None:
    before, after = diff_spans(a, b)
    assert "".join(text for _, text in before) == a
    assert "".join(text for _, text in after) == b
    assert {op for op, _ in before} <= {"equal", "delete", "replace"}
    assert {op for op, _ in after} <= {"equal", "insert", "replace"}
    assert all(text for _, text in before + after)


def test_diff_spans_mark_the_changed_words() -> None:
    before, after = diff_spans(
        "the WSJ report states that the spies", "the WSJ report  reads that former spies"
    )
    assert [t for op, t in before if op != "equal"] == ["states", "the"]
    assert [t for op, t in after if op != "equal"] == ["reads", "former"]
    inserted = diff_spans("joining ISIS-K as", "joining ISIS-K to resume as")[1]
    assert [(op, t) for op, t in inserted if op != "equal"] == [("insert", "to resume")]


@given(text=st.text(min_size=1), data=st.data())
def test_mark_spans_cut_without_losing_text(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    spans = diff_spans(text, text[::-1])[0]
    pieces = mark_spans(spans, [(start, end)])
    assert "".join(str(p[0]) for p in pieces) == text
    assert "".join(str(p[0]) for p in pieces if p[2]) == text[start:end]


def _invoke(args: list[str]) -> Any:
    return runner.invoke(app, args, prog_name="provenance")


def test_cli_writes_the_report(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    out.write_text("old", encoding="utf-8")  # overwritten, as documented
    result = _invoke(["report", str(SEEDS), "-o", str(out), "--threshold", "90"])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert str(out) in result.stderr
    data = Page(out.read_text(encoding="utf-8")).data()
    assert data["trace"]["config"]["score_cutoff"] == 90.0
    assert "removed" not in data["trace"]["documents"][0]
    shown = _invoke(["report", str(SEEDS), "-o", "-", "--show-removed"])
    assert shown.exit_code == 0
    assert shown.stdout.startswith("<!DOCTYPE html>")
    assert 'id="removed"' in shown.stdout


@pytest.mark.parametrize(
    ("target", "paths", "message"),
    [
        ("missing/report.html", [str(SEEDS)], "does not exist"),
        (".", [str(SEEDS)], "is a directory"),
        ("report.html", ["nowhere"], "nowhere"),
        ("report.html", [str(sorted(SEEDS.glob("*.txt"))[0])], "at least 2"),
    ],
)
def test_cli_errors_are_one_line(
    tmp_path: Path, target: str, paths: list[str], message: str
) -> None:
    paths = [p if Path(p).is_absolute() else str(tmp_path / p) for p in paths]
    result = _invoke(["report", *paths, "-o", str(tmp_path / target)])
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("error: ")
    assert message in lines[0]
    assert not (tmp_path / "report.html").exists()


def test_docstring_examples() -> None:
    import doctest

    import provenance.report

    result = doctest.testmod(provenance.report, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
