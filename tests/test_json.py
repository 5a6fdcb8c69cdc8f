"""The JSON contract `provenance.trace/1`, as documented in docs/json.md."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from strategies import derived_corpora

from provenance import (
    AlignedEvidence,
    Trace,
    document_from_text,
    trace,
    trace_documents,
    trace_to_json,
    tree_from_dict,
    tree_to_dict,
)

SEEDS = Path(__file__).parent.parent / "seeds"
DOCS = Path(__file__).parent.parent / "docs"


@pytest.fixture(scope="module")
def seeds() -> Trace:
    return trace(SEEDS)


@pytest.fixture(scope="module")
def data(seeds: Trace) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(trace_to_json(seeds, show_removed=True))
    return loaded


def test_top_level(data: dict[str, Any]) -> None:
    assert data["schema"] == "provenance.trace/1"
    assert set(data) >= {"schema", "documents", "nodes", "edges", "tree", "sentences"}


def test_documents(data: dict[str, Any]) -> None:
    ids = [d["id"] for d in data["documents"]]
    assert ids == sorted(p.stem for p in SEEDS.glob("*.txt"))
    for d in data["documents"]:
        assert {"id", "path", "title", "published", "sentences"} <= set(d)
        assert isinstance(d["sentences"], int)
        assert d["sentences"] == sum(1 for s in data["sentences"] if s["document"] == d["id"])
        assert Path(d["path"]).stem == d["id"]
    dated = {d["id"][:3]: d["published"] for d in data["documents"]}
    assert dated["003"] == "2021-11-02"


def test_nodes_and_edges(data: dict[str, Any]) -> None:
    node_ids = [n["id"] for n in data["nodes"]]
    assert len(node_ids) == len(set(node_ids))
    for n in data["nodes"]:
        assert n["kind"] in {"document", "external", "latent"}
        assert isinstance(n["label"], str)
        assert isinstance(n["aliases"], list)
    for e in data["edges"]:
        assert e["parent"] in node_ids
        assert e["child"] in node_ids
        assert e["relation"] in {"copy", "cites", "common-source"}
        assert 0 <= e["confidence"] <= 1
        assert set(e["evidence"]) >= {"aligned", "citations"}
        for a in e["evidence"]["aligned"]:
            assert {"parent_sentence", "child_sentence", "kind", "score"} <= set(a)
            assert a["kind"] in {"verbatim", "near", "paraphrase"}
            assert 0 <= a["score"] <= 100


def test_tree_gives_each_document_at_most_one_parent(data: dict[str, Any]) -> None:
    parent = data["tree"]["parent"]
    node_ids = {n["id"] for n in data["nodes"]}
    assert set(parent) <= node_ids
    assert set(parent.values()) <= node_ids
    assert set(data["tree"]["roots"]) == node_ids - set(parent)
    primary = {(e["child"], e["parent"]) for e in data["edges"] if e["primary"]}
    assert primary == set(parent.items())


def test_sentences_slice_back_to_the_files(data: dict[str, Any]) -> None:
    paths = {d["id"]: Path(d["path"]) for d in data["documents"]}
    texts = {i: p.read_text(encoding="utf-8").replace("\r\n", "\n") for i, p in paths.items()}
    node_ids = {n["id"] for n in data["nodes"]}
    for s in data["sentences"]:
        assert texts[s["document"]][s["start"] : s["end"]] == s["text"]
        assert s["origin"] is None or s["origin"] in node_ids


def test_removed_text_is_reported(data: dict[str, Any]) -> None:
    for d in data["documents"]:
        for r in d["removed"]:
            assert {"start", "end", "text", "reason"} <= set(r)


def test_tree_round_trip(seeds: Trace) -> None:
    assert tree_from_dict(json.loads(json.dumps(tree_to_dict(seeds.tree)))) == seeds.tree


def test_aligned_evidence_is_written_field_by_field_in_order(data: dict[str, Any]) -> None:
    names = [f.name for f in attrs.fields(AlignedEvidence)]
    aligned = [a for e in data["edges"] for a in e["evidence"]["aligned"]]
    assert aligned
    assert all(list(a) == names for a in aligned)


def test_contract_is_documented() -> None:
    doc = (DOCS / "json.md").read_text(encoding="utf-8")
    for name in (
        "schema",
        "documents",
        "nodes",
        "edges",
        "tree",
        "sentences",
        "origin",
        "parent_sentence",
        "child_sentence",
        "confidence",
        "common-source",
        "latent",
    ):
        assert f"`{name}`" in doc or f'"{name}"' in doc, name


@given(corpus=derived_corpora(dated=True))
def test_json_round_trips_the_tree_of_any_corpus(corpus: list[tuple[str, str]]) -> None:
    result = trace_documents([document_from_text(text, id) for id, text in corpus])
    text = trace_to_json(result)
    data = json.loads(text)
    assert tree_from_dict(data) == result.tree
    assert len(data["sentences"]) == len(result.sentences)
