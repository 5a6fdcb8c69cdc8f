"""Tests of provenance.segment: the sentence splitter and document segmentation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from strategies import articles, sentences

from provenance.errors import InputError
from provenance.load import document_from_text, load_documents
from provenance.model import Document, Sentence
from provenance.segment import segment, split_sentences

SEEDS = Path(__file__).parent.parent / "seeds"


def split(text: str) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text)]


@pytest.fixture(scope="module")
def seed_sentences() -> dict[str, tuple[Sentence, ...]]:
    return {document.id[:3]: segment(document) for document in load_documents([SEEDS])}


# --- rules -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Gen. Frank McKenzie spoke in Washington.",
        "Lt. Col. John Smith arrived on Monday.",
        "The U.S. and the U.N. agreed on a plan.",
        "Talks at the U.S. Embassy failed.",
        "Kabul fell on Aug. 15 after a week.",
        "In Sept. 2021 the talks resumed.",
        "Dr. Ahmad and Mr. Nabil met Mrs. Khan.",
        "He moved to St. Louis last year.",
        "It was No. 3 on the list.",
        "Apple Inc. said nothing.",
        "Many groups, e.g. ISIS, remain active.",
        "The report by J. Smith was published.",
        "Smith et al. (2020) found the same.",
        "The quake measured 4.5 on the scale.",
        "It cost $1.2bn in 2021.",
        "See www.example.com/a.b and mail a.b@example.org today.",
        "They used tactics like suicide. bombers.",
        "It is impossible to join the IS... we have not seen the evidence.",
        "“Who is he?” she asked.",
        "Hunted by the Taliban, Ex-Intel and Afghan Soldiers Join ISIS",
        "It ended at 5 p.m. Police left later.",
    ],
)
def test_one_sentence(text: str) -> None:
    assert split(text) == [text]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It rained. Then it stopped.", ["It rained.", "Then it stopped."]),
        ("Really? Yes! Fine.", ["Really?", "Yes!", "Fine."]),
        ("It ended in 2014. 2015 was calm.", ["It ended in 2014.", "2015 was calm."]),
        (
            "“Strengthening the group,” the report warned. The WSJ said so.",
            ["“Strengthening the group,” the report warned.", "The WSJ said so."],
        ),
        (
            "He held down the fort.” Then he left.",
            ["He held down the fort.”", "Then he left."],
        ),
        (
            'the Taliban representative as saying." The WSJ',
            ['the Taliban representative as saying."', "The WSJ"],
        ),
        ("He said no. The talks failed.", ["He said no.", "The talks failed."]),
        ("He came. “We won,” he said.", ["He came.", "“We won,” he said."]),
        ("He came. (It rained.) We left.", ["He came.", "(It rained.)", "We left."]),
        ("It was over… Then it began.", ["It was over…", "Then it began."]),
        ("It was over... Then it began.", ["It was over...", "Then it began."]),
        ("Hello world\nSecond line", ["Hello world", "Second line"]),
        ("One.\n\n  Two  \n", ["One.", "Two"]),
        ("Visit www.example.com. It works.", ["Visit www.example.com.", "It works."]),
        ("The number is No. The end.", ["The number is No.", "The end."]),
        ("Сказал он. Потом ушёл.", ["Сказал он.", "Потом ушёл."]),
        ("قال المتحدث. ثم غادر.", ["قال المتحدث.", "ثم غادر."]),
    ],
)
def test_splits(text: str, expected: list[str]) -> None:
    assert split(text) == expected


def test_quoted_sentences_are_split_like_any_other() -> None:
    text = "“In some areas, ISIS is very attractive. If there are forces, they join,” said Nabil."
    assert split(text) == [
        "“In some areas, ISIS is very attractive.",
        "If there are forces, they join,” said Nabil.",
    ]


def test_start_and_end_select_a_part() -> None:
    text = "Skip this. Take this. And this. Not this."
    start, end = text.index("Take"), text.index(" Not")
    assert [text[s:e] for s, e in split_sentences(text, start, end)] == [
        "Take this.",
        "And this.",
    ]


@pytest.mark.parametrize(("start", "end"), [(-1, None), (0, 99), (5, 2)])
def test_bad_range(start: int, end: int | None) -> None:
    with pytest.raises(InputError, match="start"):
        split_sentences("Some text.", start, end)


def test_empty_and_blank() -> None:
    assert split_sentences("") == []
    assert split_sentences(" \n\t ") == []


def words_text(count: int) -> str:
    return " ".join(f"w{index}" for index in range(count))


@pytest.mark.parametrize(
    ("count", "windows"),
    [(60, [60]), (61, [25, 25, 11]), (100, [25, 25, 25, 25]), (130, [25, 25, 25, 25, 25, 5])],
)
def test_long_unpunctuated_text_is_cut_into_word_windows(count: int, windows: list[int]) -> None:
    text = "  " + words_text(count) + " "
    assert [len(piece.split()) for piece in split(text)] == windows
    assert " ".join(split(text)) == text.strip()


def test_long_sentence_with_commas_is_not_cut() -> None:
    text = ", ".join(words_text(100).split(" w50 ")) + "."
    assert len(text.split()) == 99
    assert split(text) == [text]


def test_long_bare_run_ending_with_a_full_stop_is_cut() -> None:
    # A transcript: a greeting, then a long stretch with no punctuation at all.
    text = "Good evening. So " + words_text(130) + " thank you."
    pieces = split(text)
    assert pieces[0] == "Good evening."
    assert [len(piece.split()) for piece in pieces[1:]] == [25, 25, 25, 25, 25, 8]
    assert " ".join(pieces) == text


def test_long_text_with_commas_but_no_sentence_end_is_cut() -> None:
    text = ", ".join(words_text(100).split(" w50 "))
    assert [len(piece.split()) for piece in split(text)] == [25, 25, 25, 24]


def test_transcript_lines_without_full_stops_are_sentences() -> None:
    short = ["speaker one good evening and welcome", "speaker two thanks for having me"]
    long_line = "speaker one " + words_text(70)
    pieces = split("\n".join([*short, long_line]))
    assert pieces[:2] == short
    assert [len(piece.split()) for piece in pieces[2:]] == [25, 25, 22]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Le ministre a parlé. « Nous ne céderons pas ! » Puis il est parti.",
            ["Le ministre a parlé.", "« Nous ne céderons pas ! »", "Puis il est parti."],
        ),
        (
            "Pourquoi ? Parce que les négociations ont échoué.",
            ["Pourquoi ?", "Parce que les négociations ont échoué."],
        ),
        (
            "Der Minister sagte: „Wir kommen.“ Dann ging er nach Hause.",
            ["Der Minister sagte: „Wir kommen.“", "Dann ging er nach Hause."],
        ),
        (
            "Die Gespräche sind gescheitert. Über Geld wurde nicht gesprochen.",
            ["Die Gespräche sind gescheitert.", "Über Geld wurde nicht gesprochen."],
        ),
        (
            "¿Qué pasó en Kabul? ¡Nadie lo sabe! El ministro no habló.",
            ["¿Qué pasó en Kabul?", "¡Nadie lo sabe!", "El ministro no habló."],
        ),
        (
            "Министр заявил: «Мы не уступим». Переговоры сорваны.",
            ["Министр заявил: «Мы не уступим».", "Переговоры сорваны."],
        ),
        (
            "هل انتهت المحادثات؟ قال المتحدث إنها لم تنته.",
            ["هل انتهت المحادثات؟", "قال المتحدث إنها لم تنته."],
        ),
        ("मंत्री ने कहा। बातचीत विफल रही।", ["मंत्री ने कहा।", "बातचीत विफल रही।"]),
        (
            "外交部发言人表示，谈判将于下周恢复。他说：「我们不会让步！」双方仍有分歧？",
            ["外交部发言人表示，谈判将于下周恢复。", "他说：「我们不会让步！」", "双方仍有分歧？"],
        ),
        (
            "外務省の報道官は、交渉が来週再開されると述べた。詳細は明らかにされていない。",
            ["外務省の報道官は、交渉が来週再開されると述べた。", "詳細は明らかにされていない。"],
        ),
        ("交渉は失敗した。 Then English.", ["交渉は失敗した。", "Then English."]),
    ],
)
def test_splits_other_languages(text: str, expected: list[str]) -> None:
    assert split(text) == expected


HAN = "外交部发言人表示谈判将于下周恢复双方仍有分歧"


def test_long_chinese_without_punctuation_is_cut_into_character_windows() -> None:
    text = (HAN * 20)[:230]
    pieces = split(text)
    assert [len(piece) for piece in pieces] == [40, 40, 40, 40, 40, 30]
    assert "".join(pieces) == text


def test_chinese_sentence_of_100_characters_is_not_cut() -> None:
    text = (HAN * 10)[:100]
    assert split(text) == [text]


def test_long_chinese_clauses_without_a_full_stop_are_cut() -> None:
    text = "，".join([HAN] * 6)  # 137 characters, commas but no 。
    pieces = split(text)
    assert [len(piece) for piece in pieces] == [40, 40, 40, 17]
    assert "".join(pieces) == text


def test_latin_words_in_chinese_count_as_one_unit() -> None:
    text = "iPhone " + (HAN * 10)[:120]
    pieces = split(text)
    assert pieces[0].startswith("iPhone ")
    assert len(pieces[0].replace("iPhone ", "")) == 39


# --- the seeds ---------------------------------------------------------------


def test_seed_sentence_counts(seed_sentences: dict[str, tuple[Sentence, ...]]) -> None:
    counts = {key: len(sentences) for key, sentences in seed_sentences.items()}
    assert counts == {"000": 11, "001": 27, "002": 18, "003": 9, "004": 23}


@pytest.mark.parametrize(
    ("prefix", "sentence"),
    [
        ("000", "KABUL: The Taliban has denied reports that former Afghan security forces have"),
        ("001", "Jakarta, CNN Indonesia"),
        ("001", "“In some areas, ISIS is very attractive."),
        ("001", "However, the attacks still continued."),
        ("002", "“As long as we’ve kept that common purpose aligned, they’ve been useful to work"),
        ("002", "They’ve cut some of our security concerns down.”"),
        ("003", 'Citing an interview to "CBS Face The Nation" talk show, Dawn reported'),
        ("004", "Both the Taliban and ISIS advocate particularly harsh versions of Islamic Sharia"),
        ("004", "“If there were a resistance, they would have joined the resistance.”"),
    ],
)
def test_seed_sentences_start(
    seed_sentences: dict[str, tuple[Sentence, ...]], prefix: str, sentence: str
) -> None:
    assert any(s.text.startswith(sentence) for s in seed_sentences[prefix])


def test_seed_typo_stays_in_its_sentence(seed_sentences: dict[str, tuple[Sentence, ...]]) -> None:
    assert any(s.text.endswith("tactics like suicide. bombers.") for s in seed_sentences["004"])


def test_segment_numbers_sentences_across_body_spans() -> None:
    document = document_from_text("Title\n\nOne here. Two here.\nThree here.", "doc")
    assert [(s.document, s.index, s.text) for s in segment(document)] == [
        ("doc", 0, "One here."),
        ("doc", 1, "Two here."),
        ("doc", 2, "Three here."),
    ]


# --- properties --------------------------------------------------------------

PUNCTUATED = st.text(
    alphabet=st.sampled_from(list("Aa Bb1.!?…\n\t“”„\"'()[]é\u2028\xa0\u202f«»¿。！中」،؟"))
)


def assert_spans_cover(text: str, spans: list[tuple[int, int]], start: int, end: int) -> None:
    covered = set()
    previous = start
    for s, e in spans:
        assert previous <= s < e <= end
        assert text[s:e] == text[s:e].strip()
        covered.update(range(s, e))
        previous = e
    assert all(i in covered for i in range(start, end) if not text[i].isspace())


@given(st.one_of(st.text(), PUNCTUATED))
@example("A. B")
@example("x.\u2028Y")
@example("a.\x1fB")
def test_spans_are_stripped_ordered_and_cover_the_text(text: str) -> None:
    assert_spans_cover(text, split_sentences(text), 0, len(text))


CJK = "中文字かナ"
BARE_UNITS = ["中", "文字", "か", "ナ", " ", " abc ", " de ", " 中 "]
# Long texts of bare units with, rarely, a full stop or a comma after one.
LONG_RUNS = st.lists(
    st.tuples(st.sampled_from(BARE_UNITS), st.integers(min_value=0, max_value=300)),
    min_size=150,
    max_size=400,
).map(lambda units: "".join(u + {0: "。", 1: ".", 2: ","}.get(n, "") for u, n in units))


def longest_bare_run(piece: str) -> int:
    """The most consecutive units (a CJK character, else a word) with no punctuation."""
    longest = run = 0
    for unit in re.findall(rf"[{CJK}]|[^\s{CJK}]+", piece):
        run = 0 if re.search(r"[,。，.]", unit) else run + 1
        longest = max(longest, run)
    return longest


@given(LONG_RUNS)
def test_no_sentence_keeps_a_long_bare_run_in_any_script(text: str) -> None:
    spans = split_sentences(text)
    assert_spans_cover(text, spans, 0, len(text))
    for start, end in spans:
        piece = text[start:end]
        assert longest_bare_run(piece) <= (100 if re.search(f"[{CJK}]", piece) else 60)


@given(st.one_of(st.text(), PUNCTUATED), st.data())
def test_a_part_splits_like_the_sliced_text(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(min_value=0, max_value=len(text)))
    end = data.draw(st.integers(min_value=start, max_value=len(text)))
    spans = split_sentences(text, start, end)
    assert spans == [(s + start, e + start) for s, e in split_sentences(text[start:end])]
    assert_spans_cover(text, spans, start, end)


@given(st.lists(sentences(), min_size=1, max_size=8))
def test_generated_sentences_split_back_exactly(parts: list[str]) -> None:
    assert split(" ".join(parts)) == parts


def assert_segment_round_trips(document: Document) -> None:
    sentences_ = segment(document)
    assert [s.index for s in sentences_] == list(range(len(sentences_)))
    covered = set()
    for sentence in sentences_:
        assert sentence.document == document.id
        assert document.text[sentence.start : sentence.end] == sentence.text
        covered.update(range(sentence.start, sentence.end))
    for start, end in document.body:
        assert all(i in covered for i in range(start, end) if not document.text[i].isspace())


@given(st.one_of(st.text(), PUNCTUATED, articles(headline=True)))
@example("Title\n\nA. B")
def test_segment_round_trips_and_covers_the_body(text: str) -> None:
    assert_segment_round_trips(document_from_text(text, "doc"))


@given(articles())
def test_generated_articles_keep_every_sentence(text: str) -> None:
    document = document_from_text(text, "doc")
    assert document.title == ""
    assert document.body_text == text.replace("\n\n", "\n")
    assert " ".join(s.text for s in segment(document)) == text.replace("\n\n", " ")
