"""The candidate index: exact against brute force, and bounded on pathological input."""

from __future__ import annotations

import itertools
import warnings

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from provenance import TraceConfig, align_corpus, trace_documents
from provenance.errors import CapWarning
from provenance.index import MAX_PREFIX, overlap_join, unique, unique_rows
from provenance.load import document_from_text
from provenance.model import Sentence

# A small vocabulary, so that random sets share words often.
WORD_SETS = st.lists(
    st.frozensets(st.sampled_from("abcdefghijkl"), min_size=1, max_size=9), max_size=25
)


def _brute_force(word_sets: list[frozenset[str]], min_shared: int) -> list[tuple[int, int]]:
    return [
        (u, v)
        for u, v in itertools.combinations(range(len(word_sets)), 2)
        if len(word_sets[u] & word_sets[v]) >= min_shared
    ]


@given(WORD_SETS, st.integers(min_value=1, max_value=5))
@example([frozenset("abc"), frozenset("abc")], 3)
@example([frozenset("a"), frozenset("ab")], 2)
def test_overlap_join_finds_exactly_the_pairs_sharing_enough_words(
    word_sets: list[frozenset[str]], min_shared: int
) -> None:
    keys, caps = overlap_join(word_sets, min_shared)
    found = [divmod(int(k), len(word_sets)) for k in keys]
    assert found == _brute_force(word_sets, min_shared)
    assert caps == ()


@given(WORD_SETS, st.integers(min_value=1, max_value=5), st.data())
def test_overlap_join_of_fresh_sets_finds_exactly_the_pairs_with_one(
    word_sets: list[frozenset[str]], min_shared: int, data: st.DataObject
) -> None:
    fresh = np.asarray(
        data.draw(st.lists(st.booleans(), min_size=len(word_sets), max_size=len(word_sets))),
        dtype=bool,
    )
    keys, _ = overlap_join(word_sets, min_shared, fresh=fresh)
    found = [divmod(int(k), len(word_sets)) for k in keys]
    assert found == [(u, v) for u, v in _brute_force(word_sets, min_shared) if fresh[u] or fresh[v]]


@given(WORD_SETS, st.randoms(use_true_random=False))
def test_overlap_join_does_not_depend_on_the_order_of_the_sets(
    word_sets: list[frozenset[str]], random: object
) -> None:
    order = list(range(len(word_sets)))
    random.shuffle(order)  # type: ignore[attr-defined]
    shuffled = [word_sets[i] for i in order]
    keys, _ = overlap_join(shuffled, 2)
    back = {
        tuple(sorted((order[u], order[v])))
        for u, v in (divmod(int(k), len(shuffled)) for k in keys)
    }
    assert back == set(_brute_force(word_sets, 2))


def test_a_word_pair_in_too_many_sets_is_dropped_and_reported() -> None:
    common = frozenset({"copyright", "reserved", "rights"})
    word_sets = [common | {f"year{i}"} for i in range(40)]
    keys, caps = overlap_join(word_sets, 3, max_postings=10)
    assert len(keys) == 0  # they share only the capped common pairs
    assert len(caps) == 1
    assert "more than 10" in caps[0].what
    assert caps[0].count >= 1
    uncapped, _ = overlap_join(word_sets, 3)
    assert len(uncapped) == 40 * 39 // 2


def test_very_long_sets_are_indexed_by_their_rarest_words_and_reported() -> None:
    long = frozenset(f"w{i}" for i in range(MAX_PREFIX + 20))
    keys, caps = overlap_join([long, long - {"w0"}, frozenset({"x", "y", "z"})], 3)
    assert [divmod(int(k), 3) for k in keys] == [(0, 1)]
    assert len(caps) == 1
    assert caps[0].count == 2


@given(st.lists(st.integers(min_value=-5, max_value=5)))
def test_unique_is_numpys(values: list[int]) -> None:
    array = np.asarray(values, dtype=np.int64)
    assert unique(array).tolist() == np.unique(array).tolist()


@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3), st.integers(0, 3))))
def test_unique_rows_and_their_inverse(rows: list[tuple[int, int, int]]) -> None:
    array = np.asarray(rows, dtype=np.int64).reshape(-1, 3)
    distinct, inverse = unique_rows(array)
    assert [tuple(r) for r in distinct.tolist()] == sorted(set(rows))
    assert np.array_equal(distinct[inverse], array)


# --- pathological input: bounded, and a warning that says what was capped ---------


def _sentences(document: str, texts: list[str]) -> list[Sentence]:
    found, start = [], 0
    for index, text in enumerate(texts):
        found.append(Sentence(document, index, start, start + len(text), text))
        start += len(text) + 1
    return found


def test_one_sentence_pasted_a_hundred_thousand_times_is_not_aligned_and_said_so() -> None:
    pasted = "The minister said the old bridge would reopen next spring after repairs."
    story = "The Taliban denied reports of bombings in the eastern province on Sunday."
    documents = [
        document_from_text(f"Title {i}\n\n{story}\n\n" + f"{pasted}\n" * 50_000, f"d{i}")
        for i in range(2)
    ]
    result = trace_documents(documents)
    assert any("100,000 times" in w and "max_copies=1,000" in w for w in result.warnings)
    (alignment,) = result.alignments
    assert len(alignment.pairs) == 1  # the story sentence, not 2.5 billion pasted pairs


def test_thousands_of_boilerplate_lines_in_many_documents_are_capped() -> None:
    footer = "All rights reserved by the Example Media Group and its partners worldwide."
    sentences = [
        s
        for i in range(1_200)
        for s in _sentences(f"d{i:04}", [f"Item{i} alpha{i} beta{i} gamma{i} delta{i}.", footer])
    ]
    config = TraceConfig()
    with warnings.catch_warnings():
        warnings.simplefilter("error", CapWarning)
        alignments = align_corpus(sentences, config=config)
    assert alignments == ()  # 1,200 copies > max_copies: the footer is not aligned
    fewer = [s for s in sentences if s.document < "d0010"]
    assert len(align_corpus(fewer, config=config)) == 10 * 9 // 2


def test_variants_of_one_boilerplate_line_are_capped_with_a_warning() -> None:
    # Distinct texts (each year differs), so max_copies does not catch them: the index does.
    sentences = [
        s
        for i in range(6_000)
        for s in _sentences(
            f"d{i:05}", [f"Copyright {1000 + i} Example Media Group all rights reserved."]
        )
    ]
    with pytest.warns(CapWarning, match="word pairs shared by more than"):
        alignments = align_corpus(sentences)
    assert alignments == ()


def test_a_ten_megabyte_line_is_traced_in_pieces_with_a_warning() -> None:
    # ~10 MB with a comma every ten words and one full stop at the end: one "sentence".
    words = " ".join(f"word{i % 5000}" + ("," if i % 10 == 9 else "") for i in range(1_150_000))
    words += "."
    assert len(words) > 10_000_000
    story = "The Taliban denied reports of bombings in the eastern province on Sunday."
    documents = [
        document_from_text(f"Title\n\n{story}\n\n{words}", "huge"),
        document_from_text(f"Other\n\n{story}", "small"),
    ]
    result = trace_documents(documents)
    assert any("huge" in w and "cut into" in w for w in result.warnings)
    assert max(len(s.text) for s in result.sentences) <= 2_000
    huge = [s for s in result.sentences if s.document == "huge"]
    # Nothing is lost: the pieces cover every character of the line but the spaces cut at.
    assert "".join(s.text for s in huge[1:]).replace(" ", "") == words.replace(" ", "")
    assert len(result.alignments) == 1
