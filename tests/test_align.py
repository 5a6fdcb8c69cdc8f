"""Sentence alignment: worked examples, then properties checked with hypothesis.

The sentences are built directly as :class:`Sentence` values (offsets are
positions in the sentences joined by single spaces); the documents come from
the strategies of ``tests/strategies.py``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from types import SimpleNamespace

import attrs
import numpy as np
import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st
from rapidfuzz import fuzz
from strategies import (
    COPY_EDITS,
    VOCABULARY_HALVES,
    copied_sentences,
    related_documents,
    sentences,
    small_edits,
    split_in_two,
    unrelated_sentences,
    vocabulary_sentences,
)

from provenance import Alignment, Sentence, SentencePair, TraceConfig, align, align_corpus
from provenance.align import (
    _first_come,
    _may_join,
    align_normalised,
    alignable_words,
    classify,
    content_words,
    normalise,
    words,
)

DEFAULT = TraceConfig()
# Edits that never put a sentence of the copy into a split group.
NO_SPLIT = tuple(edit for edit in COPY_EDITS if edit != "split")


def _document(document: str, texts: Sequence[str]) -> tuple[Sentence, ...]:
    """The sentences ``texts`` of one document, offsets into ``" ".join(texts)``."""
    found = []
    start = 0
    for index, text in enumerate(texts):
        found.append(Sentence(document, index, start, start + len(text), text))
        start += len(text) + 1
    return tuple(found)


def _eligible(text: str, config: TraceConfig = DEFAULT) -> bool:
    """The documented drop rule, restated: enough words and enough content words."""
    normal = normalise(text)
    return (
        len(normal.split()) >= config.min_words
        and len(content_words(normal)) >= config.min_shared_words
    )


def _mirrored(pair: SentencePair) -> SentencePair:
    return attrs.evolve(
        pair,
        a_index=pair.b_index,
        b_index=pair.a_index,
        a_group=pair.b_group,
        b_group=pair.a_group,
    )


def _text_pairs(
    alignment: Alignment, a: Sequence[Sentence], b: Sequence[Sentence]
) -> set[tuple[str, str]]:
    a_text = {s.index: s.text for s in a}
    b_text = {s.index: s.text for s in b}
    return {(a_text[p.a_index], b_text[p.b_index]) for p in alignment.pairs}


# ---------------------------------------------------------------------------
# Examples

SPLIT_WHOLE = (
    "Officials confirmed the attack; the former army officer told the local newspaper "
    "that the militant group recruited hundreds of young soldiers near the northern border."
)
SPLIT_FIRST = "Officials confirmed the attack."
SPLIT_SECOND = (
    "The former army officer told the local newspaper that the militant group recruited "
    "hundreds of young soldiers near the northern border."
)
UNRELATED = "Quiet winter evenings follow heavy summer rain in the southern valleys."


@pytest.mark.parametrize(
    ("a", "b", "kind"),
    [
        pytest.param(
            "The Taliban denied the reports on Sunday.",
            "the TALIBAN denied  the reports, on Sunday!",
            "verbatim",
            id="case-punctuation-spacing",
        ),
        pytest.param(
            "The Taliban denied the reports of defections on Sunday.",
            "The Taliban rejected the reports of defections on Sunday.",
            "near",
            id="one-word-changed",
        ),
        pytest.param(
            "Former soldiers joined the Taliban in Kabul last week.",
            "Last week in Kabul, former soldiers joined the Taliban.",
            "paraphrase",
            id="reordered",
        ),
    ],
)
def test_kind_of_a_pair(a: str, b: str, kind: str) -> None:
    (pair,) = align(_document("a", [a]), _document("b", [b])).pairs
    assert (pair.a_index, pair.b_index, pair.kind) == (0, 0, kind)
    expected = pair.token_set if kind == "paraphrase" else pair.ratio
    assert pair.score == expected
    assert not pair.is_split


def test_two_long_words_changed_make_a_paraphrase() -> None:
    # Decision: the kind follows the share of characters changed, not the number of
    # words. Two words of fourteen, but a fifth of the characters: ratio 77.9.
    a = "It is up to the army to decide soon on the checkpoint in Islamabad."
    b = "It is up to the army to decide soon on the intelligence in Afghanistan."
    (pair,) = align(_document("a", [a]), _document("b", [b])).pairs
    assert (pair.kind, pair.ratio) == ("paraphrase", 77.94)


def test_pair_scores_are_rapidfuzz_scores_of_the_normalised_text() -> None:
    a = "The Taliban denied the reports of defections on Sunday."
    b = "The Taliban rejected the reports of defections on Sunday."
    (pair,) = align(_document("a", [a]), _document("b", [b])).pairs
    assert pair.ratio == round(fuzz.ratio(normalise(a), normalise(b), processor=None), 2)
    assert pair.token_set == round(
        fuzz.token_set_ratio(normalise(a), normalise(b), processor=None), 2
    )


@pytest.mark.parametrize(
    "line",
    [
        "Jakarta, CNN Indonesia",  # three words: a dateline
        "Read more: Taliban",
        "He said it was over now.",  # six words, all of them stop words
    ],
)
def test_short_lines_are_never_aligned_even_when_identical(line: str) -> None:
    assert not _eligible(line)
    assert align(_document("a", [line]), _document("b", [line])).pairs == ()


def test_candidates_must_share_min_shared_words_content_words() -> None:
    # Near-identical spelling, but only "officer" and "attack" are shared stems
    # ("armies"/"army" and "cities"/"city" stem apart).
    a = "The officers attacked the armies in the cities."
    b = "The officer attacked the army in the city."
    assert content_words(normalise(a)) & content_words(normalise(b)) == {"officer", "attack"}
    assert align(_document("a", [a]), _document("b", [b])).pairs == ()
    loose = attrs.evolve(DEFAULT, min_shared_words=1)
    (pair,) = align(_document("a", [a]), _document("b", [b]), config=loose).pairs
    assert pair.kind == "near"


@given(text=st.text(alphabet=st.sampled_from("ab9 _-\n\té"), max_size=30))
@example(text="the wsj reported")  # the fast path: ASCII words and single spaces
@example(text="a_b c-d")
def test_words_outside_chinese_and_japanese_are_the_runs_of_word_characters(text: str) -> None:
    """Whichever path words() takes, a text without Han or kana splits into its \\w runs."""
    assert words(text) == re.findall(r"\w+", text)


def test_content_words_are_crudely_stemmed() -> None:
    assert content_words("they joined") == content_words("they join") == {"join"}
    assert content_words("bombings bombing bombed bombs") == {"bomb"}
    assert content_words("ghani s army") == {"ghani", "army"}  # single letters are no words
    assert content_words("a 4 5") == {"4", "5"}


def test_a_split_sentence_is_one_group() -> None:
    alignment = align(
        _document("a", [UNRELATED, SPLIT_WHOLE]),
        _document("b", [SPLIT_FIRST, SPLIT_SECOND, UNRELATED]),
    )
    split = [p for p in alignment.pairs if p.is_split]
    assert [(p.a_index, p.b_index) for p in split] == [(1, 0), (1, 1)]
    assert {(p.a_group, p.b_group, p.kind, p.score) for p in split} == {
        ((1,), (0, 1), "verbatim", 100.0)
    }


def test_pairs_are_sorted_and_not_one_to_one() -> None:
    texts = [SPLIT_SECOND, UNRELATED, SPLIT_SECOND]
    alignment = align(_document("a", texts), _document("b", texts))
    keys = [(p.a_index, p.b_index) for p in alignment.pairs]
    assert keys == sorted(keys)
    # A repeated sentence pairs with every copy of it: no one-to-one matching.
    assert {(0, 0), (0, 2), (2, 0), (2, 2), (1, 1)} == set(keys)


def test_empty_documents_align_to_nothing() -> None:
    assert align([], []) == Alignment(a="a", b="b", pairs=())
    assert align(_document("x", [SPLIT_SECOND]), []).pairs == ()


def test_align_corpus_returns_sharing_document_pairs_in_id_order() -> None:
    corpus = (
        _document("c", [SPLIT_SECOND, UNRELATED])
        + _document("a", [SPLIT_SECOND])
        + _document("b", ["Doctors in the city hospital treated the wounded fighters."])
    )
    alignments = align_corpus(reversed(corpus))
    assert [(al.a, al.b) for al in alignments] == [("a", "c")]
    assert alignments[0].pairs == align(_document("a", [SPLIT_SECOND]), corpus[:2]).pairs


# A split (A0 into B0 + B1) and a merge (A0 + A1 into B0) of equal score that share A0
# and B0: the tie must be broken the same way whichever document comes first.
_TIE_COMMON = (
    "The former army officer told the local newspaper that the militant group "
    "recruited soldiers near the border and "
)
_TIE_ARRESTED = "Police arrested three armed fighters."  # as long as _TIE_TREATED
_TIE_TREATED = "Doctors treated many injured refugee."
TIE_A = [_TIE_COMMON + _TIE_ARRESTED.lower(), _TIE_TREATED]
TIE_B = [_TIE_COMMON + _TIE_TREATED.lower(), _TIE_ARRESTED]


def _canonical(pairs: Sequence[SentencePair]) -> list[SentencePair]:
    return sorted(pairs, key=lambda p: (p.a_index, p.b_index, p.a_group, p.b_group, p.kind))


@pytest.mark.parametrize("ids", [("a", "b"), ("b", "a"), ("x", "x")])
def test_split_and_merge_ties_are_resolved_symmetrically(ids: tuple[str, str]) -> None:
    # Regression: ties used to be broken by corpus positions, which depend on the order.
    a, b = _document(ids[0], TIE_A), _document(ids[1], TIE_B)
    forward, backward = align(a, b).pairs, align(b, a).pairs
    assert _canonical(forward) == _canonical([_mirrored(p) for p in backward])


def test_a_split_and_a_merge_sharing_sentences_do_not_both_win() -> None:
    # Regression: a split A0 -> B0+B1 and a merge A0+A1 -> B0 once both reported (A0, B0).
    pairs = align(_document("a", TIE_A), _document("b", TIE_B)).pairs
    keys = [(p.a_index, p.b_index) for p in pairs]
    assert len(keys) == len(set(keys)), f"pairs reported twice: {keys}"


def test_align_corpus_agrees_with_align_on_a_sentence_split_in_two_copies() -> None:
    # Regression: a sentence used to join one split group in the whole corpus.
    a = _document("a", [SPLIT_WHOLE])
    b = _document("b", [SPLIT_FIRST, SPLIT_SECOND])
    c = _document("c", [SPLIT_FIRST, SPLIT_SECOND])
    by_pair = {(al.a, al.b): al for al in align_corpus(a + b + c)}
    assert by_pair[("a", "b")] == align(a, b)
    assert by_pair[("a", "c")] == align(a, c)
    assert by_pair[("a", "c")].pairs[0].b_group == (0, 1)


@pytest.mark.xfail(
    raises=AssertionError,
    strict=True,
    reason=(
        "adding a sentence between the two halves of a split removes pairs: the halves "
        "are no longer consecutive, the group is gone, and the shorter half alone scores "
        "too low (a documented limit, see align.py's module docstring; kept as a known failure)"
    ),
)
def test_inserting_between_split_halves_keeps_the_pairs() -> None:
    a = _document("a", [SPLIT_WHOLE])
    before = _document("b", [SPLIT_FIRST, SPLIT_SECOND])
    after = _document("b", [SPLIT_FIRST, UNRELATED, SPLIT_SECOND])
    assert _text_pairs(align(a, before), a, before) <= _text_pairs(align(a, after), a, after)


def test_the_kind_is_decided_on_the_reported_score() -> None:
    # Regression: fuzz.ratio is 96.9957, reported as 97.0; the kind was decided before
    # rounding (near), so a "near" pair carried a verbatim score.
    a = (
        "The former army officer told the local newspaper that the militant group "
        "recruited soldiers near the borders for war."
    )
    b = a.removesuffix("war.") + "bomb."  # 116 + 117 characters, 113 in common
    (pair,) = align(_document("a", [a]), _document("b", [b])).pairs
    assert (pair.kind, pair.score) == ("verbatim", 97.0)


# ---------------------------------------------------------------------------
# Properties

_SENTENCE_MIX = st.one_of(
    vocabulary_sentences(),
    vocabulary_sentences(min_words=1, max_words=5),
)


@given(texts=st.lists(_SENTENCE_MIX, max_size=8), copies=related_documents())
def test_self_alignment_pairs_every_eligible_sentence_with_itself(
    texts: list[str], copies: tuple[list[str], list[str]]
) -> None:
    # A document that holds an original and its copy has repeats, edits and splits inside.
    doc = _document("a", texts + copies[0] + copies[1])
    pairs = {(p.a_index, p.b_index): p for p in align(doc, doc).pairs}
    for sentence in doc:
        i = sentence.index
        if _eligible(sentence.text):
            assert pairs[(i, i)].kind == "verbatim"
            assert pairs[(i, i)].score == 100.0
            assert not pairs[(i, i)].is_split
        else:
            assert not any(i in key for key in pairs)
    # Aligned with itself, a document gives a symmetric set of pairs.
    assert {_mirrored(p) for p in pairs.values()} == set(pairs.values())


@given(documents=related_documents())
@example(documents=(SPLIT_WHOLE.split("; "), [SPLIT_WHOLE]))
def test_pairs_are_sorted_unique_and_groups_consistent(
    documents: tuple[list[str], list[str]],
) -> None:
    pairs = align(_document("a", documents[0]), _document("b", documents[1])).pairs
    keys = [(p.a_index, p.b_index) for p in pairs]
    assert keys == sorted(set(keys))
    by_key = dict(zip(keys, pairs, strict=True))
    for pair in pairs:
        assert pair.a_index in pair.a_group
        assert pair.b_index in pair.b_group
        assert 1 in {len(pair.a_group), len(pair.b_group)}
        for group in (pair.a_group, pair.b_group):
            assert group in {(group[0],), (group[0], group[0] + 1)}
        # Every pair of the group is reported, with the same group.
        for i in pair.a_group:
            for j in pair.b_group:
                assert (by_key[(i, j)].a_group, by_key[(i, j)].b_group) == (
                    pair.a_group,
                    pair.b_group,
                )
        # The kind follows from the reported scores and the cut-offs.
        if pair.kind == "verbatim":
            assert pair.score == pair.ratio >= DEFAULT.verbatim_cutoff
        elif pair.kind == "near":
            assert DEFAULT.near_cutoff <= pair.score == pair.ratio < DEFAULT.verbatim_cutoff
        else:
            assert not pair.is_split
            assert pair.score == pair.token_set >= DEFAULT.paraphrase_cutoff
            assert DEFAULT.paraphrase_min_ratio <= pair.ratio < DEFAULT.near_cutoff


@given(
    documents=related_documents(),
    ids=st.sampled_from([("x", "y"), ("y", "x"), ("x", "x")]),
)
# An empty document has no id: align names it "a" or "b".
@example(documents=(["Agency."], []), ids=("x", "y"))
@example(documents=(TIE_A, TIE_B), ids=("x", "x"))
def test_alignment_is_symmetric(
    documents: tuple[list[str], list[str]], ids: tuple[str, str]
) -> None:
    a, b = _document(ids[0], documents[0]), _document(ids[1], documents[1])
    forward = align(a, b)
    backward = align(b, a)
    if a and b:
        assert (forward.a, forward.b, backward.a, backward.b) == (*ids, *reversed(ids))
    assert _canonical(forward.pairs) == _canonical([_mirrored(p) for p in backward.pairs])


@given(documents=related_documents(), data=st.data())
def test_raising_score_cutoff_never_adds_a_pair(
    documents: tuple[list[str], list[str]], data: st.DataObject
) -> None:
    a, b = _document("a", documents[0]), _document("b", documents[1])
    low, high = sorted(
        data.draw(st.lists(st.floats(min_value=0, max_value=100), min_size=2, max_size=2))
    )
    at_low = align(a, b, config=attrs.evolve(DEFAULT, score_cutoff=low)).pairs
    at_high = align(a, b, config=attrs.evolve(DEFAULT, score_cutoff=high)).pairs
    for pair in at_low:
        assert 0.0 <= pair.score <= 100.0
        assert 0.0 <= pair.ratio <= 100.0
        assert 0.0 <= pair.token_set <= 100.0
    assert set(at_high) <= set(at_low)


@given(
    documents=related_documents(),
    pick=st.integers(min_value=0),
    offset=st.floats(min_value=-0.01, max_value=0.01),
)
@example(
    documents=(
        ["The former army officer told the local newspaper about the attack."],
        ["The former army officer told a local reporter about the attack."],
    ),
    pick=0,
    offset=0.002,
)
def test_no_reported_score_is_below_score_cutoff(
    documents: tuple[list[str], list[str]], pick: int, offset: float
) -> None:
    # Cut-offs right next to a reported score, where rounding decides. The example is a
    # regression: ratio 89.7637... reported as 89.76 used to survive score_cutoff 89.762.
    a, b = _document("a", documents[0]), _document("b", documents[1])
    pairs = align(a, b).pairs
    assume(pairs)
    cutoff = min(100.0, max(0.0, pairs[pick % len(pairs)].score + offset))
    config = attrs.evolve(DEFAULT, score_cutoff=cutoff)
    assert all(p.score >= cutoff for p in align(a, b, config=config).pairs)


_INSERTIONS = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=20),
        vocabulary_sentences(vocabulary=VOCABULARY_HALVES[1]),
    ),
    max_size=4,
)


def _check_insertions(
    documents: tuple[list[str], list[str]], inserted: list[tuple[int, str]]
) -> None:
    """Inserting unrelated sentences into the copy keeps every pair (as a text pair)."""
    original, copy = documents
    grown = list(copy)
    for position, text in inserted:
        grown.insert(position % (len(grown) + 1), text)
    a = _document("a", original)
    before, after = _document("b", copy), _document("b", grown)
    assert _text_pairs(align(a, before), a, before) <= _text_pairs(align(a, after), a, after)


@given(
    documents=related_documents(vocabulary=VOCABULARY_HALVES[0], edits=NO_SPLIT),
    inserted=_INSERTIONS,
)
def test_inserting_unrelated_sentences_never_removes_a_pair(
    documents: tuple[list[str], list[str]], inserted: list[tuple[int, str]]
) -> None:
    # The inserted sentences share no word with either document. The copies have no
    # splits: a sentence put between the two halves of a split does remove pairs (the
    # known failure below).
    _check_insertions(documents, inserted)


@pytest.mark.xfail(
    raises=AssertionError,
    strict=True,
    reason=(
        "a sentence inserted between the two halves of a split removes pairs "
        "(see test_inserting_between_split_halves_keeps_the_pairs)"
    ),
)
@given(documents=related_documents(vocabulary=VOCABULARY_HALVES[0]), inserted=_INSERTIONS)
@example(documents=([SPLIT_WHOLE], [SPLIT_FIRST, SPLIT_SECOND]), inserted=[(1, UNRELATED)])
def test_inserting_unrelated_sentences_never_removes_a_pair_even_with_splits(
    documents: tuple[list[str], list[str]], inserted: list[tuple[int, str]]
) -> None:
    _check_insertions(documents, inserted)


def _changed_characters(original: str, edited: str) -> int:
    """The characters of the words that differ (``small_edits`` keeps the word count)."""
    before, after = normalise(original).split(), normalise(edited).split()
    assert len(before) == len(after)
    return sum(len(u) + len(v) for u, v in zip(before, after, strict=True) if u != v)


@given(data=st.data())
def test_small_edits_keep_a_pair_aligned(data: st.DataObject) -> None:
    original = data.draw(sentences(min_words=12))
    edited = data.draw(small_edits(original))
    shared = content_words(normalise(original)) & content_words(normalise(edited))
    # The documented preconditions of any alignment: both eligible, enough shared words.
    assume(_eligible(original) and _eligible(edited) and len(shared) >= DEFAULT.min_shared_words)
    # "Small" is measured in characters: changing two long words of a sentence of short
    # words is not a light edit (see test_two_long_words_changed_make_a_paraphrase).
    # fuzz.ratio = 100 * (1 - indel / total length) and replacing word u by v costs at
    # most len(u) + len(v) insertions and deletions, so within a fifth it is >= 80.
    changed = _changed_characters(original, edited)
    total = len(normalise(original)) + len(normalise(edited))
    assume(changed <= 0.2 * total)
    (pair,) = align(_document("a", [original]), _document("b", [edited])).pairs
    assert pair.kind in {"verbatim", "near"}
    assert pair.ratio >= round(100 * (1 - changed / total), 2)
    if changed == 0:
        assert (pair.kind, pair.score) == ("verbatim", 100.0)


@given(pair=unrelated_sentences())
def test_unrelated_sentences_are_not_aligned(pair: tuple[str, str]) -> None:
    first, second = pair
    assert not content_words(normalise(first)) & content_words(normalise(second))
    assert align(_document("a", [first]), _document("b", [second])).pairs == ()


@given(
    a=st.lists(vocabulary_sentences(vocabulary=VOCABULARY_HALVES[0]), max_size=6),
    b=st.lists(vocabulary_sentences(vocabulary=VOCABULARY_HALVES[1]), max_size=6),
)
def test_documents_from_disjoint_vocabularies_share_nothing(a: list[str], b: list[str]) -> None:
    loose = attrs.evolve(DEFAULT, min_words=1, min_shared_words=1)
    assert align(_document("a", a), _document("b", b), config=loose).pairs == ()


def _oracle(
    a: Sequence[Sentence], b: Sequence[Sentence], config: TraceConfig, skip: set[tuple[int, int]]
) -> set[tuple[int, int, str, float, float, float]]:
    """Every one-to-one pair, found the slow way: each sentence against each other one."""
    found: set[tuple[int, int, str, float, float, float]] = set()
    for x in a:
        for y in b:
            if (x.index, y.index) in skip:
                continue
            if not (_eligible(x.text, config) and _eligible(y.text, config)):
                continue
            left, right = normalise(x.text), normalise(y.text)
            if len(content_words(left) & content_words(right)) < config.min_shared_words:
                continue
            # Kinds and cut-offs are decided on the scores as reported, at two decimals.
            # (align scores in float32; a ratio 200 * m / n, n the two lengths added, is
            # 1 / (200 n) or more away from any x.xx5 it does not equal, so float32 and
            # float64 round alike while n < 1300, and generated sentences stay below.)
            ratio = round(fuzz.ratio(left, right, processor=None), 2)
            token_set = round(fuzz.token_set_ratio(left, right, processor=None), 2)
            verdict = classify(ratio, token_set, config)
            if verdict is not None:
                found.add((x.index, y.index, verdict[0], verdict[1], ratio, token_set))
    return found


@given(
    documents=related_documents(),
    min_words=st.integers(min_value=1, max_value=6),
    min_shared_words=st.integers(min_value=1, max_value=4),
)
def test_align_agrees_with_a_slow_all_pairs_oracle(
    documents: tuple[list[str], list[str]], min_words: int, min_shared_words: int
) -> None:
    config = attrs.evolve(DEFAULT, min_words=min_words, min_shared_words=min_shared_words)
    a, b = _document("a", documents[0]), _document("b", documents[1])
    pairs = align(a, b, config=config).pairs
    grouped = {(p.a_index, p.b_index) for p in pairs if p.is_split}
    fast = {
        (p.a_index, p.b_index, p.kind, p.score, p.ratio, p.token_set)
        for p in pairs
        if not p.is_split
    }
    assert fast == _oracle(a, b, config, skip=grouped)


@given(data=st.data())
def test_a_sentence_cut_in_two_aligns_with_both_halves(data: st.DataObject) -> None:
    vocabulary, filler = data.draw(st.permutations(VOCABULARY_HALVES))
    whole = data.draw(vocabulary_sentences(vocabulary=vocabulary, min_words=12))
    first, second = data.draw(split_in_two(whole))
    assume(_eligible(first) and _eligible(second))
    others = st.lists(vocabulary_sentences(vocabulary=filler), max_size=3)
    a_texts = [*data.draw(others), whole, *data.draw(others)]
    b_before = data.draw(others)
    b_texts = [*b_before, first, second, *data.draw(others)]
    a, b = _document("a", a_texts), _document("b", b_texts)
    x, h1, h2 = a_texts.index(whole), len(b_before), len(b_before) + 1

    split = [p for p in align(a, b).pairs if (p.a_index, p.b_index) in {(x, h1), (x, h2)}]
    assert [(p.a_index, p.b_index) for p in split] == [(x, h1), (x, h2)]
    for pair in split:
        assert (pair.a_group, pair.b_group) == ((x,), (h1, h2))
        assert (pair.kind, pair.score) == ("verbatim", 100.0)
    # Seen from the other side, the halves merge into one sentence.
    merged = [p for p in align(b, a).pairs if p.b_index == x and p.is_split]
    assert [(p.a_index, p.a_group, p.b_group) for p in merged] == [
        (h1, (h1, h2), (x,)),
        (h2, (h1, h2), (x,)),
    ]


def _pairwise(corpus: Sequence[Sequence[Sentence]]) -> dict[tuple[str, str], Alignment]:
    found = {}
    for i, a in enumerate(corpus):
        for b in corpus[i + 1 :]:
            alignment = align(a, b)
            if alignment.pairs:
                found[(alignment.a, alignment.b)] = alignment
    return found


@given(documents=related_documents(), data=st.data())
def test_align_corpus_agrees_with_align_on_every_document_pair(
    documents: tuple[list[str], list[str]], data: st.DataObject
) -> None:
    # A third document copies the original too, so split groups compete across pairs.
    third = data.draw(copied_sentences(documents[0]))
    corpus = [_document("a", documents[0]), _document("b", documents[1]), _document("c", third)]
    alignments = align_corpus(s for document in corpus for s in document)
    assert {(al.a, al.b): al for al in alignments} == _pairwise(corpus)


@given(text=st.text())
def test_normalise_is_idempotent(text: str) -> None:
    assert normalise(normalise(text)) == normalise(text)


@given(groups=st.lists(st.tuples(st.integers(0, 11), st.integers(0, 10)), max_size=40))
def test_split_groups_are_chosen_first_come_as_one_by_one(groups: list[tuple[int, int]]) -> None:
    """The vectorised choice of split groups equals deciding them one by one, in order."""
    # Twelve sentences by corpus position: 0-5 on side 0, 6-8 on side 1, 9-11 on side 2.
    side = np.asarray([0] * 6 + [1] * 3 + [2] * 3, dtype=np.int64)
    rows = [(s, f, f + 1) for s, f in groups if side[s] != side[f] == side[f + 1]]
    columns = np.asarray(rows, dtype=np.int64).reshape(-1, 3).T
    used: dict[tuple[int, int], set[int]] = defaultdict(set)
    expected = []
    for k, (s, f, g) in enumerate(rows):
        taken = used[(min(side[s], side[f]), max(side[s], side[f]))]
        if not {s, f, g} & taken:
            taken |= {s, f, g}
            expected.append(k)
    corpus = SimpleNamespace(side=side)
    assert _first_come(corpus, *columns).tolist() == expected  # type: ignore[arg-type]


@given(
    single=st.integers(1, 400),
    other=st.integers(1, 400),
    neighbour=st.integers(0, 400),
    known=st.floats(0, 100).map(lambda r: round(r, 2)),
)
@example(single=50, other=50, neighbour=0, known=100.0)  # a reprint: no join beats it
@example(single=100, other=20, neighbour=80, known=40.0)  # the best join is as long as single
def test_a_pair_ruled_out_for_splits_has_no_join_that_could_pass(
    single: int, other: int, neighbour: int, known: float
) -> None:
    """The text-level filter of split candidates drops no join the exact bound keeps:
    ``_may_join`` at the closest length to ``single`` is an upper bound for all."""
    as_array = lambda *v: np.asarray(v)  # noqa: E731
    joined = other + neighbour + 1
    exact = _may_join(as_array(single), as_array(joined), as_array(known), DEFAULT)[0]
    closest = _may_join(
        as_array(single), as_array(max(other + 1, single)), as_array(known), DEFAULT
    )[0]
    assert closest or not exact


@given(first=related_documents(), second=related_documents(), new=st.sets(st.sampled_from("abcd")))
def test_aligning_normalised_texts_is_aligning_the_sentences(
    first: tuple[list[str], list[str]], second: tuple[list[str], list[str]], new: set[str]
) -> None:
    """What a store does (align_normalised) gives what align_corpus gives."""
    texts = {"a": first[0], "b": first[1], "c": second[0], "d": [*second[1], *first[1][:2]]}
    sentences = [s for name, lines in texts.items() for s in _document(name, lines)]
    ids: dict[str, int] = {}
    words: dict[int, frozenset[str]] = {}
    rows = []
    for s in sentences:
        found = alignable_words(s.text, DEFAULT)
        if found is not None:
            text = ids.setdefault(normalise(s.text), len(ids))
            words[text] = found
            rows.append(("abcd".index(s.document), s.index, text))
    side, index, text_of = (
        (np.asarray(c, dtype=np.int64).reshape(-1) for c in zip(*rows, strict=True))
        if rows
        else (np.zeros(0, dtype=np.int64),) * 3
    )
    fresh = np.asarray([name in new for name in "abcd"])
    got = align_normalised(
        "abcd", side, index, text_of, list(ids), words, config=DEFAULT, fresh=fresh
    )
    assert got == align_corpus(sentences, new=new)
    with pytest.raises(ValueError, match="sorted"):
        align_normalised("bacd", side, index, text_of, list(ids), words, config=DEFAULT)
