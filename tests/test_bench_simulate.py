"""The benchmark simulator writes corpora whose derivation is known, and says so exactly.

Small corpora only: every test runs in well under a second once the sentence pool
is built (about a second, once per session).
"""

from __future__ import annotations

import copy
import doctest
import itertools
import json
import random
import re
import types

import attrs
import pytest
from rapidfuzz import fuzz, process

import benchmarks.prose as prose_module
import benchmarks.simulate as simulate_module
from benchmarks.prose import MAX_WORDS, MIN_WORDS, is_prose, sentence_pool
from benchmarks.simulate import (
    SimCorpus,
    SimParams,
    SimulationError,
    main,
    read_truth,
    simulate,
    truth_to_json,
    validate_truth,
    write_corpus,
)
from provenance.align import content_words, normalise
from provenance.cite import extract_citations, source_id
from provenance.load import document_from_text, read_document
from provenance.outlets import find_outlet
from provenance.segment import segment

PARAMS = SimParams(n_documents=60, story_size=30, hide=0.3)
NO_EDITS = SimParams(
    n_documents=40,
    drop=0.0,
    reorder=0.0,
    split=0.0,
    merge=0.0,
    substitute=0.0,
    name_forms=0.0,
    attribution_rewrite=0.0,
    own_sentences=0,
    credit=0.0,
    agency_dateline=0.0,
    stitch=0.0,
    distractors=0.0,
)


@pytest.fixture(scope="module")
def corpus() -> SimCorpus:
    return simulate(PARAMS, seed=3)


def _entries(corpus: SimCorpus) -> list[dict]:
    return corpus.truth["documents"]


def _texts(corpus: SimCorpus) -> dict[str, str]:
    return {d.id: d.text for d in corpus.documents}


def _body_spans(entry: dict) -> list[tuple[int, int]]:
    return [(s["start"], s["end"]) for s in entry["sentences"] if not s["boilerplate"]]


def _ancestors(entries: list[dict]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for e in entries:
        found[e["id"]] = set(e["parents"]).union(*(found[p] for p in e["parents"]))
    return found


def _depths(entries: list[dict]) -> dict[str, int]:
    depth: dict[str, int] = {}
    for e in entries:
        depth[e["id"]] = 1 + max((depth[p] for p in e["parents"]), default=-1)
    return depth


# ---------------------------------------------------------------------------
# Determinism and the truth's shape


def test_one_seed_gives_byte_identical_corpora(corpus: SimCorpus) -> None:
    again = simulate(PARAMS, seed=3)
    assert truth_to_json(again.truth) == truth_to_json(corpus.truth)
    assert again.documents == corpus.documents
    other = simulate(PARAMS, seed=4)
    assert [d.text for d in other.documents] != [d.text for d in corpus.documents]


def test_the_truth_validates_and_round_trips_through_json(corpus: SimCorpus) -> None:
    validate_truth(corpus.truth)
    assert json.loads(truth_to_json(corpus.truth)) == corpus.truth
    assert corpus.truth["params"] == attrs.asdict(PARAMS)
    assert [d.id for d in corpus.documents] == [e["id"] for e in _entries(corpus)]


def _break(truth: dict, how: str) -> dict:
    broken = copy.deepcopy(truth)
    docs = broken["documents"]
    copy_doc = next(d for d in docs if d["parents"])
    if how == "schema":
        broken["schema"] = "provenance.benchmark.truth/0"
    elif how == "missing field":
        del docs[0]["published"]
    elif how == "role":
        docs[0]["role"] = "blog"
    elif how == "later parent":
        copy_doc["parents"] = [docs[-1]["id"]]
    elif how == "unknown parent":
        copy_doc["parents"] = ["nobody"]
    elif how == "duplicate id":
        docs[1]["id"] = docs[0]["id"]
    elif how == "overlapping spans":
        copy_doc["sentences"][1]["start"] = copy_doc["sentences"][0]["start"]
    elif how == "foreign unit":
        distractor = next(d for d in docs if d["role"] == "distractor")
        distractor["sentences"][0]["units"] = [copy_doc["sentences"][0]["units"][0]]
    elif how == "malformed unit":
        docs[0]["sentences"][0]["units"] = ["d0001-4"]
    elif how == "date":
        docs[0]["published"] = "2026-02-30"
    elif how == "visible text":
        next(d for d in docs if d["visible"])["text"] = "kept"
    elif how == "hidden without text":
        next(d for d in docs if not d["visible"])["text"] = None
    elif how == "bad part":
        docs[0]["sentences"][0]["parts"] = {docs[0]["sentences"][0]["units"][0]: 2}
    return broken


@pytest.mark.parametrize(
    "how",
    [
        "schema",
        "missing field",
        "role",
        "later parent",
        "unknown parent",
        "duplicate id",
        "overlapping spans",
        "foreign unit",
        "malformed unit",
        "date",
        "visible text",
        "hidden without text",
        "bad part",
    ],
)
def test_validate_truth_rejects_a_broken_truth(corpus: SimCorpus, how: str) -> None:
    with pytest.raises(ValueError, match=r"^truth\.") as raised:
        validate_truth(_break(corpus.truth, how))
    assert isinstance(raised.value, SimulationError)
    assert "\n" not in str(raised.value)


def test_parameters_are_checked_by_name() -> None:
    with pytest.raises(ValueError, match="drop"):
        SimParams(drop=1.5)
    with pytest.raises(ValueError, match="n_documents"):
        SimParams(n_documents=0)
    with pytest.raises(ValueError, match="own_sentences"):
        SimParams(own_sentences=-1)


# ---------------------------------------------------------------------------
# The files as provenance reads them


def test_every_character_is_a_listed_sentence_the_title_or_the_date(corpus: SimCorpus) -> None:
    for entry, document in zip(_entries(corpus), corpus.documents, strict=True):
        text = document.text
        if not entry["visible"]:
            assert entry["text"] == text
        rest = list(text)
        title_end = text.index("\n")
        rest[:title_end] = " " * title_end
        if entry["shown_date"] is not None:
            date_start = title_end + 2
            date_end = text.index("\n", date_start)
            rest[date_start:date_end] = " " * (date_end - date_start)
        previous = 0
        for s in entry["sentences"]:
            assert previous <= s["start"] < s["end"] <= len(text)
            piece = text[s["start"] : s["end"]]
            assert piece == piece.strip()
            assert "\n" not in piece
            rest[s["start"] : s["end"]] = " " * len(piece)
            previous = s["end"]
        assert not "".join(rest).strip(), entry["id"]


def test_the_loader_reads_the_title_date_and_body_as_written(corpus: SimCorpus) -> None:
    for entry, document in zip(_entries(corpus), corpus.documents, strict=True):
        loaded = document_from_text(document.text, document.id)
        assert loaded.title == document.text.split("\n", 1)[0]
        shown = entry["shown_date"]
        assert (loaded.published.isoformat() if loaded.published else None) == shown
        boilerplate = [(s["start"], s["end"]) for s in entry["sentences"] if s["boilerplate"]]
        assert boilerplate == [(r.start, r.end) for r in loaded.removed if r.reason != "dateline"]


def test_the_segmenter_splits_where_the_simulator_put_boundaries(corpus: SimCorpus) -> None:
    agreed = total = 0
    for entry, document in zip(_entries(corpus), corpus.documents, strict=True):
        loaded = document_from_text(document.text, document.id)
        found = {(s.start, s.end) for s in segment(loaded)}
        wanted = _body_spans(entry)
        agreed += len(found.intersection(wanted))
        total += len(wanted)
    assert agreed / total >= 0.99


def test_written_dates_are_what_provenance_loads(tmp_path) -> None:
    corpus = simulate(SimParams(n_documents=30, date=1.0, wrong_date=0.5), seed=5)
    write_corpus(corpus, tmp_path)
    shown = wrong = 0
    for entry in _entries(corpus):
        loaded = read_document(tmp_path / f"{entry['id']}.txt")
        assert loaded.published is not None
        assert loaded.published.isoformat() == entry["shown_date"]
        shown += 1
        wrong += entry["shown_date"] != entry["published"]
    assert shown == 30
    assert 0 < wrong < shown


def test_credits_are_the_outlets_the_tracer_reads_as_sources(corpus: SimCorpus) -> None:
    credited = 0
    for entry, document in zip(_entries(corpus), corpus.documents, strict=True):
        citations, sources = extract_citations(segment(document_from_text(document.text, "d")))
        media = {s.id for s in sources if s.kind == "media"}
        named = {c.source for c in citations if c.source in media}
        for name in entry["credits"]:
            assert source_id(find_outlet(name) or name) in named
            credited += 1
    assert credited > 0


# ---------------------------------------------------------------------------
# The derivation


def test_parents_are_earlier_and_within_the_depth(corpus: SimCorpus) -> None:
    entries = _entries(corpus)
    seen: set[str] = set()
    depth = _depths(entries)
    roles = {0: "original", 1: "agency", 2: "outlet", 3: "outlet"}
    for e in entries:
        assert set(e["parents"]) <= seen
        assert e["published"] >= max(
            (d["published"] for d in entries if d["id"] in e["parents"]), default=""
        )
        if e["role"] != "distractor":
            assert depth[e["id"]] <= PARAMS.max_depth
            assert e["role"] == roles.get(depth[e["id"]], "aggregator")
        seen.add(e["id"])
    assert {e["story"] for e in entries} == {0, 1}


def test_copied_sentences_descend_from_the_parents(corpus: SimCorpus) -> None:
    entries = _entries(corpus)
    by_id = {e["id"]: e for e in entries}
    ancestors = _ancestors(entries)
    copied = 0
    for e in entries:
        inherited = {u for p in e["parents"] for s in by_id[p]["sentences"] for u in s["units"]}
        for s in e["sentences"]:
            for unit in s["units"]:
                writer = unit.rsplit(":", 1)[0]
                if writer != e["id"]:
                    assert unit in inherited
                    assert writer in ancestors[e["id"]]
                    copied += 1
    assert copied > 0


def test_hidden_documents_stay_in_the_truth_only(corpus: SimCorpus, tmp_path) -> None:
    entries = _entries(corpus)
    parents = {p for e in entries for p in e["parents"]}
    intermediates = [
        e for e in entries if e["id"] in parents and e["role"] not in ("original", "distractor")
    ]
    hidden = [e for e in entries if not e["visible"]]
    assert len(hidden) == round(PARAMS.hide * len(intermediates))
    assert all(e in intermediates and e["text"] for e in hidden)
    write_corpus(corpus, tmp_path)
    written = {p.name for p in tmp_path.iterdir()}
    assert written == {f"{e['id']}.txt" for e in entries if e["visible"]} | {"truth.json"}
    assert read_truth(tmp_path) == corpus.truth


def test_distractors_share_topic_words_but_no_units(corpus: SimCorpus) -> None:
    entries = _entries(corpus)
    texts = _texts(corpus)
    distractors = [e for e in entries if e["role"] == "distractor"]
    assert len(distractors) == 2 * round(PARAMS.story_size * PARAMS.distractors)
    for d in distractors:
        assert d["parents"] == []
        assert all(u.startswith(d["id"] + ":") for s in d["sentences"] for u in s["units"])
        original = next(e for e in entries if e["role"] == "original" and e["story"] == d["story"])
        story_words = set().union(
            *(
                content_words(normalise(texts[original["id"]][s["start"] : s["end"]]))
                for s in original["sentences"]
            )
        )
        words = set().union(
            *(
                content_words(normalise(texts[d["id"]][s["start"] : s["end"]]))
                for s in d["sentences"]
            )
        )
        assert len(words & story_words) >= 3


def test_zero_edit_rates_give_exact_copies() -> None:
    corpus = simulate(NO_EDITS, seed=2)
    texts = _texts(corpus)
    by_id = {e["id"]: e for e in _entries(corpus)}

    def body(entry: dict) -> list[str]:
        spans = _body_spans(entry)
        return [texts[entry["id"]][a:b] for a, b in spans]

    copies = [e for e in by_id.values() if e["parents"]]
    assert copies
    for e in copies:
        assert e["parents"] == e["parents"][:1]
        assert body(e) == body(by_id[e["parents"][0]])


def test_a_cut_sentence_keeps_its_unit_in_both_halves() -> None:
    corpus = simulate(attrs.evolve(NO_EDITS, split=1.0), seed=2)
    texts = _texts(corpus)
    halves = 0
    for e in _entries(corpus):
        sentences = e["sentences"]
        for first, second in itertools.pairwise(sentences):
            if first.get("parts") and first["parts"] == {first["units"][0]: 0}:
                (unit,) = first["units"]
                assert second["units"] == [unit]
                assert first["parts"] == {unit: 0}
                assert second["parts"] == {unit: 1}
                assert texts[e["id"]][first["end"] - 1] == "."
                halves += 1
    assert halves > 0


@pytest.mark.parametrize(("n", "stories"), [(5, 1), (500, 10)])
def test_small_and_larger_corpora(n: int, stories: int) -> None:
    corpus = simulate(SimParams(n_documents=n), seed=1)
    entries = _entries(corpus)
    assert len(entries) == n
    assert len({e["id"] for e in entries}) == n
    assert sum(e["role"] == "original" for e in entries) == stories
    validate_truth(corpus.truth)


def test_an_exhausted_pool_gives_fresh_units_that_align_with_nothing() -> None:
    pool = sentence_pool()
    n = len(pool) // 40 + 10
    params = SimParams(n_documents=n, story_size=1, original_sentences=40, attributions=0.0)
    corpus = simulate(params, seed=1)
    texts = _texts(corpus)
    pool_set = set(pool)
    variants = [
        texts[e["id"]][s["start"] : s["end"]]
        for e in _entries(corpus)
        for s in e["sentences"]
        if not s["boilerplate"]
    ]
    variants = [v for v in variants if v not in pool_set]
    assert len(variants) >= 300
    assert len(set(variants)) == len(variants)
    pool_texts = [normalise(s) for s in pool]
    pool_words = [content_words(t) for t in pool_texts]
    for variant in random.Random(0).sample(variants, 20):
        assert is_prose(variant)
        text = normalise(variant)
        words = content_words(text)
        for other, other_words in zip(pool_texts, pool_words, strict=True):
            if len(words & other_words) >= 3:  # a candidate pair for the tracer, never aligned
                assert fuzz.ratio(text, other) < 60
                assert fuzz.token_set_ratio(text, other) < 75


# ---------------------------------------------------------------------------
# Files and the command line


def test_write_refuses_a_directory_that_holds_something_else(tmp_path) -> None:
    small = simulate(SimParams(n_documents=6), seed=1)
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(SimulationError, match="previous simulated corpus"):
        write_corpus(small, tmp_path)
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_write_replaces_a_previous_corpus(tmp_path) -> None:
    write_corpus(simulate(SimParams(n_documents=8), seed=1), tmp_path)
    second = simulate(SimParams(n_documents=5), seed=2)
    write_corpus(second, tmp_path)
    assert {p.stem for p in tmp_path.glob("*.txt")} == {d.id for d in second.documents}
    assert read_truth(tmp_path / "truth.json")["seed"] == 2


def test_main_writes_a_corpus_and_reports_bad_values(tmp_path, capsys) -> None:
    out = tmp_path / "corpus"
    assert main([str(out), "--docs", "12", "--seed", "2", "--hide", "0.5", "--drop", "0"]) == 0
    truth = read_truth(out)
    assert truth["params"]["n_documents"] == 12
    assert truth["params"]["hide"] == 0.5
    assert truth["seed"] == 2
    assert main([str(tmp_path / "other"), "--drop", "1.5"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "drop" in err


def test_every_parameter_has_a_documented_option() -> None:
    helps = simulate_module._field_help()
    for a in attrs.fields(SimParams):
        assert helps.get(a.name), a.name
        assert f"default {a.default}" in (SimParams.__doc__ or "")


# ---------------------------------------------------------------------------
# The sentence pool


def test_the_pool_is_prose_without_near_duplicates() -> None:
    pool = sentence_pool()
    assert len(pool) > 2000
    assert list(pool) == sorted(set(pool))
    sample = random.Random(1).sample(pool, 400)
    for sentence in sample:
        assert MIN_WORDS <= len(sentence.split()) <= MAX_WORDS
        assert is_prose(sentence)
        assert not re.search(r"[(){}\[\]=<>_*`|#@]|::", sentence)
    texts = [normalise(s) for s in sample]
    scores = process.cdist(texts, texts, scorer=fuzz.ratio, processor=None, workers=-1)
    for i, j in zip(*(scores >= 70).nonzero(), strict=True):
        if i < j:
            shared = content_words(texts[i]) & content_words(texts[j])
            assert len(shared) < 3, (sample[i], sample[j])


def test_is_prose_keeps_sentences_and_drops_code() -> None:
    assert is_prose("The quick reply was sent to every member of the committee.")
    assert not is_prose("Return x[i] for the given key and the default value.")
    assert not is_prose("Too short to use.")
    assert not is_prose("The minister said the plan would go ahead next week.")
    assert not is_prose("It was compiled in the U.S.")


@pytest.mark.parametrize("module", [simulate_module, prose_module])
def test_docstring_examples(module: types.ModuleType) -> None:
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
