"""Word-level differences, as the align table and --explain show them."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from provenance.align import normalise, word_edits
from provenance.render import EDIT_STYLE, diff_texts


def test_word_edits_of_a_reworded_clause() -> None:
    a = "the former Afghan spies are joining ISIS-K as they have been left broke"
    b = (
        "The former Afghan spies are joining ISIS-K to resume their income"
        " as they have been left broke."
    )
    assert word_edits(a, b) == (
        (
            "equal",
            "the former Afghan spies are joining ISIS-K",
            "The former Afghan spies are joining ISIS-K",
        ),
        ("insert", "", "to resume their income"),
        ("equal", "as they have been left broke", "as they have been left broke."),
    )


@given(a=st.text(), b=st.text())
def test_word_edits_rebuild_both_sentences(a: str, b: str) -> None:
    edits = word_edits(a, b)
    assert " ".join(x for op, x, _ in edits if op != "insert" and x) == " ".join(a.split())
    assert " ".join(y for op, _, y in edits if op != "delete" and y) == " ".join(b.split())
    for op, x, y in edits:
        if op == "equal":  # equal up to case and punctuation, word by word
            assert [normalise(w) for w in x.split()] == [normalise(w) for w in y.split()]


def test_diff_texts_marks_only_what_changed() -> None:
    before, after = diff_texts("the WSJ report states that", "the WSJ report reads that")
    assert before.plain == "the WSJ report states that"
    assert after.plain == "the WSJ report reads that"
    marked = {after.plain[s.start : s.end].strip() for s in after.spans}
    assert marked == {"reads"}
    assert {str(s.style) for s in after.spans} == {EDIT_STYLE["replace"]}
    inserted = diff_texts("joining ISIS-K as", "joining ISIS-K to resume as")[1]
    assert [inserted.plain[s.start : s.end].strip() for s in inserted.spans] == ["to resume"]
