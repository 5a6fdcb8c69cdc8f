"""Sentence alignment: worked examples, then properties checked with hypothesis.

The sentences are built directly as :class:`Sentence` values (offsets are
positions in the sentences joined by single spaces); the documents come from
the strategies of ``tests/strategies.py``.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs
import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st
from rapidfuzz import fuzz

from provenance import Alignment, Sentence, SentencePair, TraceConfig, align, align_corpus
from provenance.align import classify, content_words, normalise
from tests.strategies import (
    COPY_EDITS,
    copied_sentences,
    VOCABULARY_HALVES,
    related_documents,
    sentences,
    small_edits,
    split_sentences,
    unrelated_sentences,
    vocabulary_sentences,
)

DEFAULT = TraceConfig()
# Edits that never put a sentence of the copy into a split group.
NO_SPLIT = tuple(edit for edit in COPY_EDITS if edit != "split")
# Edits that make no split or merge groups at all.
ONE_TO_ONE = tuple(edit for edit in COPY_EDITS if edit not in {"split", "merge"})


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
    # Near-identical spelling, but only "attacked" is a shared content word.
    a = "The officers attacked the armies in the cities."
    b = "The officer attacked the army in the city."
    assert len(content_words(normalise(a)) & content_words(normalise(b))) == 1
    assert align(_document("a", [a]), _document("b", [b])).pairs == ()
    loose = attrs.evolve(DEFAULT, min_shared_words=1)
    (pair,) = align(_document("a", [a]), _document("b", [b]), config=loose).pairs
    assert pair.kind == "near"


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


# -- Known failures (library bugs), each with a minimal reproducer ------------


@pytest.mark.xfail(
    raises=AssertionError,
    strict=True,
    reason=(
        "align is not symmetric when a split candidate and a merge candidate tie: "
        "_split_groups breaks score ties by (single, other) corpus positions, and those "
        "positions depend on which document is passed first"
    ),
)
def test_split_and_merge_ties_are_resolved_symmetrically() -> None:
    common = (
        "The former army officer told the local newspaper that the militant group "
        "recruited soldiers near the border and "
    )
    arrested = "Police arrested three armed fighters."  # same length as `treated`
    treated = "Doctors treated many injured refugee."
    a = _document("a", [common + arrested.lower(), treated])
    b = _document("b", [common + treated.lower(), arrested])
    forward = align(a, b).pairs
    backward = align(b, a).pairs
    assert sorted(forward, key=lambda p: (p.a_index, p.b_index)) == sorted(
        (_mirrored(p) for p in backward), key=lambda p: (p.a_index, p.b_index)
    )


@pytest.mark.xfail(
    raises=AssertionError,
    strict=True,
    reason=(
        "adding a sentence between the two halves of a split removes pairs: the halves "
        "are no longer consecutive, the group is gone, and the shorter half alone scores "
        "too low (align.py's docstring promises adding sentences never removes a pair)"
    ),
)
def test_inserting_between_split_halves_keeps_the_pairs() -> None:
    a = _document("a", [SPLIT_WHOLE])
    before = _document("b", [SPLIT_FIRST, SPLIT_SECOND])
    after = _document("b", [SPLIT_FIRST, UNRELATED, SPLIT_SECOND])
    assert _text_pairs(align(a, before), a, before) <= _text_pairs(align(a, after), a, after)


@pytest.mark.xfail(
    raises=AssertionError,
    strict=True,
    reason=(
        "align_corpus lets a sentence join only one split group in the whole corpus, so "
        "a sentence split the same way in two documents is grouped with one of them only "
        "and its pairs with the other differ from align() on that document pair"
    ),
)
def test_align_corpus_agrees_with_align_on_a_sentence_split_in_two_copies() -> None:
    a = _document("a", [SPLIT_WHOLE])
    b = _document("b", [SPLIT_FIRST, SPLIT_SECOND])
    c = _document("c", [SPLIT_FIRST, SPLIT_SECOND])
    by_pair = {(al.a, al.b): al for al in align_corpus(a + b + c)}
    assert by_pair[("a", "c")] == align(a, c)


@pytest.mark.xfail(
    raises=AssertionError,
    strict=True,
    reason=(
        "score_cutoff is compared with the unrounded score but the reported score is "
        "rounded to 2 decimals, so a pair can be kept with a score below the cutoff"
    ),
)
def test_no_reported_score_is_below_score_cutoff() -> None:
    a = _document("a", ["The former army officer told the local newspaper about the attack."])
    b = _document("b", ["The former army officer told a local reporter about the attack."])
    # fuzz.ratio of the normalised pair is 89.7637..., reported as 89.76.
    config = attrs.evolve(DEFAULT, score_cutoff=89.762)
    assert all(p.score >= config.score_cutoff for p in align(a, b, config=config).pairs)


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
@example(documents=(["Agency."], []))  # an empty document has no id: align names it "a"/"b"
def test_alignment_is_symmetric(documents: tuple[list[str], list[str]]) -> None:
    a, b = _document("x", documents[0]), _document("y", documents[1])
    forward = align(a, b)
    backward = align(b, a)
    if a and b:
        assert (forward.a, forward.b, backward.a, backward.b) == ("x", "y", "y", "x")
    mirrored = sorted((_mirrored(p) for p in backward.pairs), key=lambda p: (p.a_index, p.b_index))
    assert list(forward.pairs) == mirrored


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
    found = set()
    for x in a:
        for y in b:
            if (x.index, y.index) in skip:
                continue
            if not (_eligible(x.text, config) and _eligible(y.text, config)):
                continue
            left, right = normalise(x.text), normalise(y.text)
            if len(content_words(left) & content_words(right)) < config.min_shared_words:
                continue
            ratio = fuzz.ratio(left, right, processor=None)
            token_set = fuzz.token_set_ratio(left, right, processor=None)
            verdict = classify(ratio, token_set, config)
            if verdict is not None:
                # align reports scores rounded to 2 decimals. (It scores in float32, but
                # for sentences this short no score is close enough to a rounding boundary
                # or a cut-off for float32 and float64 to disagree.)
                kind, score = verdict
                found.add(
                    (x.index, y.index, kind, round(score, 2), round(ratio, 2), round(token_set, 2))
                )
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
    first, second = data.draw(split_sentences(whole))
    assume(_eligible(first) and _eligible(second))
    others = st.lists(vocabulary_sentences(vocabulary=filler), max_size=3)
    a_texts = data.draw(others) + [whole] + data.draw(others)
    b_before = data.draw(others)
    b_texts = b_before + [first, second] + data.draw(others)
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


@given(documents=related_documents(edits=ONE_TO_ONE), data=st.data())
def test_align_corpus_agrees_with_align_on_every_document_pair(
    documents: tuple[list[str], list[str]], data: st.DataObject
) -> None:
    # A third document copies the original too. Copies without splits and merges:
    # with them, align_corpus and align disagree (a known failure, see above).
    third = data.draw(copied_sentences(documents[0], edits=ONE_TO_ONE))
    corpus = [_document("a", documents[0]), _document("b", documents[1]), _document("c", third)]
    alignments = align_corpus(s for document in corpus for s in document)
    assert {(al.a, al.b): al for al in alignments} == _pairwise(corpus)


@given(text=st.text())
def test_normalise_is_idempotent(text: str) -> None:
    assert normalise(normalise(text)) == normalise(text)
