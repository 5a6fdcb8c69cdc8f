"""Tests of ``benchmarks.realdata``: the scoring rules on tiny hand-made inputs, and
one smoke test per real data set (skipped when the shared data is not there).
"""

from __future__ import annotations

import csv
import doctest
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import benchmarks.realdata as realdata
from benchmarks.realdata import (
    PRF,
    AnswerVerdict,
    DataFormatError,
    Truth,
    answer_verdicts,
    confusion,
    gold_window_pairs,
    paragraph_at,
    parse_dot,
    restrict,
    score_tree,
    strip_paragraph_tags,
    token_ranks,
)
from provenance import DerivationTree, Edge, Node, select_tree

DATA = realdata.data_dir()
REPO = Path(__file__).parent.parent


def _needs(folder: str) -> Path:
    path = DATA / folder
    if not path.is_dir():
        pytest.skip(
            f"{path} is missing: put the shared data set '{folder}' there (by default "
            f"{realdata.DEFAULT_DATA / folder}), or name its parent with ${realdata.DATA_ENV}"
        )
    return path


def _tree(nodes: dict[str, str], edges: list[tuple[str, str, str, float]]) -> DerivationTree:
    """A tree built like the tracer builds it: nodes id → kind, edges (parent, child,
    relation, confidence), and the primary tree chosen by ``select_tree``."""
    node_tuple = tuple(Node(i, kind, i) for i, kind in sorted(nodes.items()))
    edge_tuple = tuple(Edge(p, c, r, conf) for p, c, r, conf in edges)
    parent, roots = select_tree(node_tuple, edge_tuple)
    return DerivationTree(node_tuple, edge_tuple, parent, roots)


# ---------------------------------------------------------------------------
# The docstring examples


def test_docstring_examples() -> None:
    result = doctest.testmod(realdata, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 8
    assert result.failed == 0


# ---------------------------------------------------------------------------
# DOT and the truth


def test_parse_dot_reads_nodes_edges_and_lost_copies() -> None:
    text = """digraph Stemma {
        omega [ class=hypothetical ];
        T1 [ class=extant ];
        "1859" -> "1860";
        T1 -> omega -> B;  // a chain
        node [shape=box];
    }"""
    truth = parse_dot(text)
    assert truth.nodes == ("1859", "1860", "B", "T1", "omega")
    assert truth.edges == (("1859", "1860"), ("T1", "omega"), ("omega", "B"))
    assert truth.hypothetical == ("omega",)
    assert truth.parents("B") == {"omega"}
    assert truth.extant_below("T1") == {"B"}


@pytest.mark.parametrize(
    "text",
    ["graph G {\n a -- b;\n}", "digraph G {\n a => b;\n}", "digraph G {\n a -> b;\n", ""],
)
def test_parse_dot_refuses_what_it_cannot_read(text: str) -> None:
    with pytest.raises(DataFormatError, match="DOT"):
        parse_dot(text)


def test_restrict_hangs_children_from_the_dropped_nodes_parents() -> None:
    truth = Truth(
        ("A", "B", "C", "T1", "T2", "omega"),
        (("A", "B"), ("A", "omega"), ("T1", "T2"), ("T2", "A"), ("omega", "C")),
        ("omega",),
    )
    assert restrict(truth, ["A", "B", "C"]) == Truth(
        ("A", "B", "C", "omega"), (("A", "B"), ("A", "omega"), ("omega", "C")), ("omega",)
    )
    # A lost copy with nothing kept below it goes too.
    assert restrict(truth, ["T1", "A", "B"]).edges == (("A", "B"), ("T1", "A"))


# ---------------------------------------------------------------------------
# Scoring a tree


def test_score_tree_counts_parents_directions_and_edges() -> None:
    # Truth a → b → c, a → d. Prediction: b → a reversed, b → c right, d under a latent.
    truth = Truth(("a", "b", "c", "d"), (("a", "b"), ("a", "d"), ("b", "c")))
    tree = _tree(
        {"a": "document", "b": "document", "c": "document", "d": "document", "latent-1": "latent"},
        [
            ("b", "a", "copy", 0.6),
            ("a", "b", "copy", 0.3),
            ("b", "c", "copy", 0.9),
            ("latent-1", "d", "common-source", 0.5),
        ],
    )
    scores = score_tree(tree, truth, ["a", "b", "c", "d"])
    assert dict(scores.parents) == {"a": "b", "b": None, "c": "b", "d": "latent-1"}
    assert scores.parent_correct == 1  # only c
    assert (scores.direction_correct, scores.direction_judged) == (1, 2)
    assert scores.reversed == (("a", "b"),)
    assert scores.directed == PRF(tp=1, fp=2, fn=2)
    assert scores.undirected == PRF(tp=2, fp=1, fn=1)
    assert scores.parent_accuracy == pytest.approx(0.25)


def test_a_latent_node_stands_for_the_lost_copy_with_the_same_documents_below() -> None:
    truth = Truth(("A", "B", "F", "L", "U", "omega"), (
        ("A", "U"), ("U", "omega"), ("omega", "B"), ("B", "L"), ("U", "F"), ("A", "F"),
    ), ("omega",))  # fmt: skip
    tree = _tree(
        {"A": "document", "B": "document", "F": "document", "L": "document", "U": "document",
         "latent-1": "latent", "source:x": "external"},
        [
            ("A", "U", "copy", 0.9),
            ("A", "F", "copy", 0.8),
            ("U", "latent-1", "common-source", 0.7),
            ("latent-1", "B", "common-source", 0.7),
            ("B", "L", "copy", 0.9),
            ("source:x", "A", "cites", 0.5),
        ],
    )  # fmt: skip
    scores = score_tree(tree, truth, ["A", "B", "F", "L", "U"])
    assert scores.latent_matches == (("latent-1", "omega"),)
    # A's parent is an external source: a root, as in the truth; F is right with either parent.
    assert scores.parent_correct == 5
    assert scores.directed == PRF(tp=5, fp=0, fn=1)


def test_score_tree_refuses_documents_the_truth_does_not_know() -> None:
    tree = _tree({"a": "document", "z": "document"}, [("a", "z", "copy", 0.9)])
    with pytest.raises(DataFormatError, match="'z'"):
        score_tree(tree, Truth(("a",), ()), ["a", "z"])


def test_prf_and_confusion() -> None:
    assert PRF.of({1, 2, 3}, {2, 3, 4, 5}) == PRF(2, 1, 2)
    assert PRF(2, 1, 2).f1 == pytest.approx(4 / 7)
    assert PRF(0, 0, 0).precision is None
    result = confusion({"a": True, "b": True, "c": False, "d": False},
                       {"a": True, "b": False, "c": True, "d": False})  # fmt: skip
    assert (result.tp, result.fp, result.fn, result.tn, result.accuracy) == (1, 1, 1, 1, 0.5)
    with pytest.raises(DataFormatError):
        confusion({"a": True}, {"b": True})


# ---------------------------------------------------------------------------
# Clough–Stevenson: how an answer relates to the source


def test_answer_verdicts_on_a_fake_tree() -> None:
    nodes = dict.fromkeys(("src", "a", "b", "c", "d", "e", "f", "g"), "document")
    nodes |= {"latent-1": "latent", "source:x": "external"}
    tree = _tree(
        nodes,
        [
            ("src", "a", "copy", 0.9),  # a: the source's child
            ("a", "b", "copy", 0.9),  # b: a copy of a copy
            ("latent-1", "src", "common-source", 0.6),
            ("latent-1", "c", "common-source", 0.6),  # c: shares an unseen source with src
            ("src", "d", "copy", 0.3),
            ("latent-1", "d", "common-source", 0.7),  # d: a secondary copy edge from src
            ("e", "src", "copy", 0.5),  # e: the copy edge points the wrong way
            ("source:x", "f", "cites", 0.5),
            ("source:x", "src", "cites", 0.5),  # f: only a named source in common
        ],
    )
    verdicts = {v.answer: v for v in answer_verdicts(tree, "src", "abcdefg")}
    assert {a: v.relation for a, v in verdicts.items()} == {
        "a": "parent",
        "b": "below",
        "c": "unseen common source",
        "d": "copy edge",
        "e": "reversed copy edge",
        "f": "none",
        "g": "none",
    }
    assert [a for a, v in verdicts.items() if v.below_source] == ["a", "b"]
    assert [a for a, v in verdicts.items() if v.linked_to_source] == ["a", "b", "c", "d", "e"]
    assert verdicts["b"].parent == "a"


def test_an_unknown_relation_is_refused() -> None:
    with pytest.raises(ValueError, match="relation"):
        AnswerVerdict("a", None, "cousin")


# ---------------------------------------------------------------------------
# Darwin: paragraph tags


@given(
    st.lists(
        st.tuples(
            st.integers(0, 99),
            st.text(st.sampled_from("ab .,\n"), min_size=0, max_size=30),
        ),
        min_size=1,
        max_size=8,
        unique_by=lambda p: p[0],
    ),
    st.sampled_from(["", "\n", "  \n\n"]),
)
def test_stripping_tags_keeps_every_paragraph_at_its_offsets(
    paragraphs: list[tuple[int, str]], lead: str
) -> None:
    tagged = lead + "".join(f"[p{n:02d}] {body}\n\n" for n, body in paragraphs)
    clean, found = strip_paragraph_tags(tagged)
    assert "[p" not in clean
    assert [p.tag for p in found] == [f"p{n:02d}" for n, _ in paragraphs]
    for paragraph, (_, body) in zip(found, paragraphs, strict=True):
        assert clean[paragraph.start : paragraph.end] == (body + "\n\n").rstrip()
    # Nothing but the tags (and the blank lead) was removed.
    assert len(clean) == len(tagged) - len(lead) - sum(len(f"[p{n:02d}] ") for n, _ in paragraphs)


def test_paragraph_at_maps_sentence_offsets_to_tags() -> None:
    clean, paragraphs = strip_paragraph_tags("[p00] One. Two.\n\n[p03] Three.\n")
    assert [paragraph_at(paragraphs, clean.index(w)) for w in ("One", "Two", "Three")] == [
        "p00",
        "p00",
        "p03",
    ]
    with pytest.raises(DataFormatError, match="no tagged paragraph"):
        paragraph_at(paragraphs, len(clean))


@pytest.mark.parametrize(
    ("text", "message"),
    [("Preface.\n[p00] One.", "before any text"), ("[p00] One.\n[p00] Two.", "unique")],
)
def test_bad_tags_are_refused(text: str, message: str) -> None:
    with pytest.raises(DataFormatError, match=message):
        strip_paragraph_tags(text)


# ---------------------------------------------------------------------------
# Notre besoin: the collation


def test_token_ranks_refuses_a_text_that_is_not_the_column() -> None:
    with pytest.raises(DataFormatError, match="collation column"):
        token_ranks(["Notre besoin", "de"], "Notre besoin de consolation")
    with pytest.raises(DataFormatError, match="collation column"):
        token_ranks(["Notre besoin", "de"], "Notre souci de")


def test_gold_window_pairs_needs_half_of_the_shorter_window() -> None:
    a = {0: [1, 2, 3, 4], 1: [5, 6, 7, 8]}
    b = {0: [1, 2], 1: [3, 9, 10, 11], 2: [6, 7, 8]}
    # a0-b1 shares one of b1's four words (not half); a1-b2 all three of b2's.
    assert gold_window_pairs(a, b) == {(0, 0), (1, 2)}
    assert gold_window_pairs({0: []}, b) == set()


# ---------------------------------------------------------------------------
# Where the data is, and the command line


def test_data_dir_prefers_the_option_then_the_environment(tmp_path: Path) -> None:
    env = {realdata.DATA_ENV: str(tmp_path / "env")}
    assert realdata.data_dir("x", env) == Path("x")
    assert realdata.data_dir(None, env) == tmp_path / "env"
    assert realdata.data_dir(None, {}) == realdata.DEFAULT_DATA
    assert REPO.parent / "shared" / "data" == realdata.DEFAULT_DATA


def test_main_skips_missing_data_and_says_where_to_put_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert realdata.main(["darwin", "clough", "besoin", "--data", str(tmp_path)]) == 0
    out, err = capsys.readouterr()
    assert out == ""
    for name in ("darwin-origin", "clough-stevenson", "notre-besoin"):
        assert f"{tmp_path / name}: missing" in err
    assert len(err.strip().splitlines()) == 3


def test_main_refuses_an_unknown_set(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        realdata.main(["darwn"])
    assert exit_info.value.code == 2
    assert "darwn" in capsys.readouterr().err


# ---------------------------------------------------------------------------
# Smoke tests on the real data


def _in_unit(*values: float | None) -> bool:
    return all(v is None or 0.0 <= v <= 1.0 for v in values)


def _tree_values(s: realdata.TreeScores) -> list[float | None]:
    return [
        s.parent_accuracy,
        s.direction_accuracy,
        s.directed.precision,
        s.directed.recall,
        s.undirected.f1,
    ]


def test_darwin_origin() -> None:
    folder = _needs("darwin-origin")
    result = realdata.darwin_origin(DATA)
    assert result.editions == ("1859", "1860", "1861", "1866", "1869", "1872")
    with (folder / "paragraph_alignment_gold.tsv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    editions = result.editions
    shared = sum(
        row[a] == row[b] == "1"
        for row in rows
        for i, a in enumerate(editions)
        for b in editions[i + 1 :]
    )
    assert result.paragraphs.tp + result.paragraphs.fn == shared
    assert len(result.per_pair) == 15
    assert result.dated.documents == result.undated.documents == 6
    assert result.sentences_consistent <= result.sentences_predicted
    assert _in_unit(
        result.paragraphs.precision,
        result.paragraphs.recall,
        *_tree_values(result.undated),
        *_tree_values(result.dated),
    )


def test_clough_stevenson() -> None:
    folder = _needs("clough-stevenson")
    result = realdata.clough_stevenson(DATA)
    with (folder / "derivation_pairs_gold.tsv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    assert result.answers == len(rows) == 95
    assert result.derived == sum(r["category"] != "non" for r in rows)
    assert len(result.tasks) == 5
    counts = result.below
    assert counts.tp + counts.fp + counts.fn + counts.tn == 95
    assert sum(total for _, _, total in result.recall_below) == result.derived
    assert sum(n for _, _, n in result.relations) == 95
    # The data's README: 17 files are cp1252; the loader says so for each.
    assert sum(n for encoding, n in result.encodings if encoding != "utf-8") == 17
    assert sum("cp1252" in w for w in result.warnings) == 17
    assert _in_unit(counts.accuracy, counts.prf.f1, result.linked.accuracy)


def test_notre_besoin() -> None:
    _needs("notre-besoin")
    result = realdata.notre_besoin(DATA)
    assert len(result.witnesses) == 13
    assert result.punctuated_witnesses == tuple("ABCDFJLMSUV")
    assert result.plain.documents == 13
    assert result.punctuated.documents == 11
    assert result.windows.tp + result.windows.fn > 0
    assert _in_unit(
        *_tree_values(result.plain),
        *_tree_values(result.punctuated),
        result.windows.precision,
        result.windows.recall,
    )


def test_seeds() -> None:
    result = realdata.seeds()
    assert result.labelled == 251
    assert result.pairwise.tp + result.pairwise.fn == 37
    assert result.unmatched == 0
    assert len(result.facts) == 12
    assert _in_unit(result.pairwise.precision, result.corpus.recall)
    lines = realdata.render_seeds(result)
    assert sum(line.startswith(("- PASS", "- FAIL")) for line in lines) == 12
