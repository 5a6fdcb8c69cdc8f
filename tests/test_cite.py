"""Tests of :mod:`provenance.cite` and the gazetteer :mod:`provenance.outlets`.

Sentences are built here from text (one per line, then split naively after
". "), so these tests do not depend on the segmenter.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from provenance.cite import (
    extract_citations,
    quoted_share,
    report_reference,
    sentence_mentions,
    source_id,
)
from provenance.errors import InputError
from provenance.model import Citation, Sentence, Source
from provenance.outlets import OUTLETS, find_outlet, outlet_key

SEEDS = Path(__file__).parent.parent / "seeds"
WSJ = "source:wall-street-journal"
KHAAMA = "source:khaama-press"


def split_sentences(document: str, text: str) -> list[Sentence]:
    """One sentence per line, lines split after ". "; offsets into ``text``."""
    spans = []
    for line in re.finditer(r"[^\n]+", text):
        start = line.start()
        for cut in re.finditer(r"(?<=\.) (?=\S)", line.group()):
            spans.append((start, line.start() + cut.start()))
            start = line.start() + cut.end()
        spans.append((start, line.end()))
    return [
        Sentence(document, i, start, end, text[start:end])
        for i, (start, end) in enumerate((s, e) for s, e in spans if text[s:e].strip())
    ]


def seed_sentences() -> list[Sentence]:
    return [
        sentence
        for path in sorted(SEEDS.glob("*.txt"))
        for sentence in split_sentences(path.stem[:3], path.read_text(encoding="utf-8"))
    ]


def cite(text: str) -> tuple[tuple[Citation, ...], dict[str, Source]]:
    citations, sources = extract_citations(split_sentences("doc", text))
    return citations, {s.id: s for s in sources}


def found(text: str) -> list[tuple[str, str]]:
    """``(pattern, source id)`` of every citation in ``text``."""
    return [(c.pattern, c.source) for c in cite(text)[0]]


@pytest.fixture(scope="module")
def seeds() -> tuple[tuple[Citation, ...], dict[str, Source]]:
    citations, sources = extract_citations(seed_sentences())
    return citations, {s.id: s for s in sources}


# ---------------------------------------------------------------------------
# source_id
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("The Wall Street Journal", "source:wall-street-journal"),
        ("Wall Street Journal", "source:wall-street-journal"),
        ("the Associated Press", "source:associated-press"),
        ("Khaama Press", "source:khaama-press"),
        ("Mid-day", "source:mid-day"),
        ("Mail & Guardian", "source:mail-guardian"),
        ("Süddeutsche Zeitung", "source:suddeutsche-zeitung"),
        ("The", "source:the"),
    ],
)
def test_source_id(name: str, expected: str) -> None:
    assert source_id(name) == expected


@pytest.mark.parametrize("name", ["", "   ", "—"])
def test_source_id_rejects_names_without_words(name: str) -> None:
    with pytest.raises(InputError, match="name must contain"):
        source_id(name)


# ---------------------------------------------------------------------------
# Patterns, one by one
# ---------------------------------------------------------------------------

POSITIVE = [
    # according-to
    ("According to Anadolu Agency, the group claimed the bombing.", "according-to", "anadolu"),
    ("According to the WSJ report, the spies defected.", "according-to", "wall-street-journal"),
    ("Many defected, according to an investigation by the WSJ.", "according-to", "wall"),
    ("Ten died, according to Reuters' report.", "according-to", "reuters"),
    ("According to a report in the New York Times, talks failed.", "according-to", "new-york"),
    # reported
    ("On Sunday, the Wall Street Journal reported that spies defected.", "reported", "wall"),
    ("Many have defected, the WSJ has reported.", "reported", "wall-street-journal"),
    ("ISIS was brutal, the Associated Press reports.", "reported", "associated-press"),
    ("The WSJ said many were unemployed.", "reported", "wall-street-journal"),
    ("Khaama Press stated that members joined.", "reported", "khaama-press"),
    ("The WSJ report noted that members joined.", "reported", "wall-street-journal"),
    ("As per them, the WSJ report further states that spies joined.", "reported", "wall"),
    ("The broadcaster said, and Dawn reported that Blinken spoke.", "reported", "dawn"),
    ("In Kabul Reuters reported heavy fighting.", "reported", "reuters"),
    ("The WSJ's report said many were afraid.", "reported", "wall-street-journal"),
    ("The Wall Street Journal quoted him as saying he was afraid.", "reported", "wall"),
    ("Khaama Press, an Afghan news agency, reported the attack.", "reported", "khaama"),
    (
        "Association for Defending Victims of Terrorism – WSJ reported, Members joined.",
        "reported",
        "wall",
    ),
    # citing
    ("Sputnik reported it citing Tolo News on Tuesday.", "citing", "tolo-news"),
    ("Citing Wall Street Journal's report, Khaama Press stated it.", "citing", "wall"),
    ('Citing an interview to "CBS Face The Nation" talk show, Dawn reported it.', "citing", "cbs"),
    # as-per
    ("As per Khaama Press, the spies joined ISIS-K.", "as-per", "khaama-press"),
    # told
    ("Officials confirmed the news to The Wall Street Journal (WSJ).", "told", "wall"),
    ("Rahmatullah Nabil, a former head of the NDS, told WSJ.", "told", "wall-street-journal"),
    ("The former official told the WSJ that others joined.", "told", "wall-street-journal"),
    ("Speaking to Al Jazeera, the minister said talks continue.", "told", "al-jazeera"),
    # reported-by
    ("As reported by Reuters, there have been several attacks.", "reported-by", "reuters"),
    ("The attack was first reported by Pajhwok.", "reported-by", "pajhwok"),
    # dateline
    ("Jakarta, CNN Indonesia", "dateline", "cnn-indonesia"),
    ("KABUL (Reuters) - The Taliban held talks on Tuesday.", "dateline", "reuters"),
    ("WASHINGTON, Nov 1 (Reuters) — Officials met.", "dateline", "reuters"),
    ("New Delhi | PTI", "dateline", "press-trust-of-india"),
    # credit (of the text, not of a photo)
    ("The group was formed in 2015. — Reuters", "credit", "reuters"),
    ("(With inputs from PTI)", "credit", "press-trust-of-india"),
]


@pytest.mark.parametrize(("text", "pattern", "source"), POSITIVE)
def test_pattern_finds_its_source(text: str, pattern: str, source: str) -> None:
    hits = [s for p, s in found(text) if p == pattern]
    assert any(s.startswith(f"source:{source}") for s in hits), found(text)


NEGATIVE = [
    # lower-case, generic subjects are no sources
    "A source said that the number is small.",
    "According to media reports, Nangarhar has seen attacks.",
    "The former Afghan spy agency, the sources said, is gone.",
    "It cannot be possible, the broadcaster quoted the Taliban representative as saying.",
    "He has said it, local media reported.",
    "Senior Pentagon officials said groups could attack.",
    "A former Afghan official later told me about it.",
    "They worry, according to a former Afghan official who knew him.",
    "According to the publication, the former personnel are spies.",
    "He said: “For the time being, ISIS is the only other armed group.”",
    # a name after a preposition is not the subject
    "A resident of Qarabagh district just north of Kabul said his cousin left.",
    # reports as a noun, capitalised cue words, title case
    "The Taliban has denied reports that forces joined IS.",
    "Afghan spies and soldiers turn to ISIS after US exit: Reports",
    "The Taliban Deny Reports Of Defections",
    "Revealed a recent report.",
    # photo credits credit an image, not the text
    "Taliban fighters (Photo | AP)",
    "Taliban guards stand at the bridge in Hairatan. Pic/AFP",
    # a dateline needs a media outlet; "told" needs a media recipient
    "Kabul, Afghanistan",
    "02 November,2021 08:59 AM IST | Kabul | Agencies",
    "Blinken spoke to Ghani on the night of August 14.",
    "“We will fight,” Mujahid told Ghani.",
    # no cue at all
    "For all the latest headlines follow our Google News channel online.",
    "[Gambas:Video CNN]",
    "The New Indian Express",
    "",
]


@pytest.mark.parametrize("text", NEGATIVE)
def test_no_citation(text: str) -> None:
    assert found(text) == []


def test_a_name_is_trimmed_to_the_known_outlet_it_ends_with() -> None:
    citations, _ = cite("On Tuesday Reuters reported heavy fighting.")
    assert [(c.name, c.phrase) for c in citations] == [("Reuters", "Reuters reported")]


def test_phrase_spans_the_whole_attribution() -> None:
    text = "Officials confirmed the news to The Wall Street Journal (WSJ)."
    (citation,), _ = cite(text)
    assert citation.phrase == "confirmed the news to The Wall Street Journal (WSJ)"
    assert citation.name == "Wall Street Journal"
    assert text[citation.start : citation.end] == citation.phrase


def test_coordinated_subjects_are_both_cited() -> None:
    assert sorted(found("Reuters and AP reported the news.")) == [
        ("reported", "source:associated-press"),
        ("reported", "source:reuters"),
    ]


# ---------------------------------------------------------------------------
# Relays: cited_by
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "source", "cited_by"),
    [
        ("Sputnik reported citing Tolo News on Tuesday.", "source:tolo-news", "source:sputnik"),
        ("Citing Wall Street Journal's report, Khaama Press stated it.", WSJ, KHAAMA),
        ("As per Khaama Press, the WSJ report further states that spies joined.", WSJ, KHAAMA),
        ("According to Khaama Press, the WSJ reported that spies joined.", WSJ, KHAAMA),
        (
            'Citing an interview to "CBS Face The Nation", Dawn reported it.',
            "source:cbs",
            "source:dawn",
        ),
        ("Rahmatullah Nabil, a former head of the NDS, told WSJ.", "source:rahmatullah-nabil", WSJ),
    ],
)
def test_relayed_citation_names_its_relay(text: str, source: str, cited_by: str) -> None:
    citations, _ = cite(text)
    assert [c.cited_by for c in citations if c.source == source] == [cited_by]
    assert all(c.cited_by is None for c in citations if c.source == cited_by)


def test_a_person_never_relays() -> None:
    citations, _ = cite("According to Blinken, Reuters reported that talks failed.")
    assert [c.cited_by for c in citations if c.source == "source:reuters"] == [None]


def test_citing_is_relayed_by_the_nearest_media_subject() -> None:
    citations, _ = cite("Dawn reported that Blinken said it, citing CBS.")
    assert [c.cited_by for c in citations if c.source == "source:cbs"] == ["source:dawn"]


def test_citing_with_no_other_source_has_no_relay() -> None:
    (citation,), _ = cite("The deal collapsed, citing Reuters.")
    assert (citation.pattern, citation.cited_by) == ("citing", None)


# ---------------------------------------------------------------------------
# Resolution of names to sources
# ---------------------------------------------------------------------------


def test_aliases_resolve_to_one_source() -> None:
    text = (
        "Officials confirmed the news to The Wall Street Journal (WSJ).\n"
        "The WSJ said many joined.\n"
        "On Sunday, the Wall Street Journal reported it.\n"
        "The Journal reported that talks failed.\n"
    )
    citations, sources = cite(text)
    assert {c.source for c in citations} == {WSJ}
    assert sources[WSJ].name == "The Wall Street Journal"
    assert sources[WSJ].kind == "media"
    assert sources[WSJ].aliases == ("Journal", "WSJ", "Wall Street Journal")


def test_the_journal_stays_apart_when_two_journals_are_cited() -> None:
    text = (
        "The Wall Street Journal reported it.\n"
        "The Kabul Journal reported it.\n"
        "The Journal reported it.\n"
    )
    _, sources = cite(text)
    assert set(sources) == {WSJ, "source:kabul-journal", "source:journal"}


def test_acronym_declared_in_text_is_an_alias() -> None:
    text = "The Bakhtar Gazette (BG) reported it.\nBG reported more.\n"
    citations, sources = cite(text)
    assert {c.source for c in citations} == {"source:bakhtar-gazette"}
    assert sources["source:bakhtar-gazette"].aliases == ("BG", "Bakhtar Gazette")


def test_acronym_spelling_a_cited_name_resolves_to_it() -> None:
    citations, _ = cite("Kabul Daily Monitor reported it.\nKDM reported more.\n")
    assert {c.source for c in citations} == {"source:kabul-daily-monitor"}


@pytest.mark.parametrize(
    ("surface", "canonical"),
    [
        ("AP", "Associated Press"),
        ("TOLOnews", "Tolo News"),
        ("CBS Face The Nation", "CBS"),
        ("the Associated Press", "Associated Press"),
        ("WALL STREET JOURNAL", "The Wall Street Journal"),
        ("Mid Day", "Mid-day"),
    ],
)
def test_gazetteer_aliases(surface: str, canonical: str) -> None:
    assert find_outlet(surface) == canonical


def test_surname_resolves_to_the_full_name() -> None:
    text = "“ISIS is attractive,” said Rahmatullah Nabil.\n“They join,” said Nabil.\n"
    citations, sources = cite(text)
    assert {c.source for c in citations} == {"source:rahmatullah-nabil"}
    assert sources["source:rahmatullah-nabil"].kind == "person"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Bakhtar News Agency reported the claim.", "media"),
        ("The Kabul Times reported the claim.", "media"),
        ("Gen Frank McKenzie said it.", "person"),
        ("Press Secretary Jen Psaki said the US would act.", "person"),
        ("The National Security Agency said nothing.", "person"),
        ("Gavin Newsom said the state would act.", "person"),
        ("The Taliban said it would respond.", "person"),
    ],
)
def test_media_or_person(text: str, kind: str) -> None:
    _, sources = cite(text)
    assert [s.kind for s in sources.values()] == [kind]


# ---------------------------------------------------------------------------
# The seeds
# ---------------------------------------------------------------------------


def test_wsj_is_one_source_cited_in_all_five_seeds(
    seeds: tuple[tuple[Citation, ...], dict[str, Source]],
) -> None:
    citations, sources = seeds
    wsj = [c for c in citations if c.source == WSJ]
    assert {c.document for c in wsj} == {"000", "001", "002", "003", "004"}
    phrases = {(c.document, c.phrase) for c in wsj}
    assert ("001", "confirmed the news to The Wall Street Journal (WSJ)") in phrases
    assert ("002", "WSJ reported") in phrases
    assert ("002", "told WSJ") in phrases
    assert ("003", "Citing Wall Street Journal's report") in phrases
    assert ("000", "the Wall Street Journal reported") in phrases
    assert ("004", "the Wall Street Journal reported") in phrases
    assert sources[WSJ].name == "The Wall Street Journal"
    assert [s for s in sources if "journal" in s] == [WSJ]


def test_seed_sources(seeds: tuple[tuple[Citation, ...], dict[str, Source]]) -> None:
    citations, _ = seeds
    where = {(c.source, c.pattern, c.document) for c in citations}
    assert ("source:cnn-indonesia", "dateline", "001") in where
    assert {d for s, _, d in where if s == KHAAMA} == {"000", "003"}
    assert ("source:sputnik", "reported", "000") in where
    assert ("source:reuters", "reported-by", "001") in where
    assert ("source:associated-press", "reported", "004") in where
    tolo = [c for c in citations if c.source == "source:tolo-news"]
    assert [(c.document, c.cited_by) for c in tolo] == [("000", "source:sputnik")]
    cbs = [c for c in citations if c.source == "source:cbs"]
    assert [(c.document, c.cited_by) for c in cbs] == [("003", "source:dawn")]


def test_seed_relays_through_khaama_press(
    seeds: tuple[tuple[Citation, ...], dict[str, Source]],
) -> None:
    citations, _ = seeds
    relayed = {(c.document, c.phrase) for c in citations if c.cited_by == KHAAMA}
    assert relayed == {
        ("000", "the WSJ report further states"),
        ("003", "Citing Wall Street Journal's report"),
        ("003", "the WSJ report further reads"),
    }


def test_seed_people_are_not_media(seeds: tuple[tuple[Citation, ...], dict[str, Source]]) -> None:
    _, sources = seeds
    people = {s.name for s in sources.values() if s.kind == "person"}
    assert "Rahmatullah Nabil" in people
    assert "Gen Frank McKenzie" in people
    assert any("Colin Kahl" in name for name in people)
    media = {s.id for s in sources.values() if s.kind == "media"}
    assert media == {
        "source:anadolu-agency",
        "source:associated-press",
        "source:cbs",
        "source:cnn-indonesia",
        "source:dawn",
        KHAAMA,
        "source:reuters",
        "source:sputnik",
        "source:tolo-news",
        WSJ,
    }


def test_seed_citations_have_consistent_offsets() -> None:
    sentences = seed_sentences()
    texts = {p.stem[:3]: p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")}
    citations, _ = extract_citations(sentences)
    assert citations
    for c in citations:
        assert texts[c.document][c.start : c.end] == c.phrase


# ---------------------------------------------------------------------------
# report_reference and quoted_share
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "One recruit was killed a week ago, the report added.",
        "“These recruits bring expertise,” the report warned.",
        "The report noted that thousands were unemployed.",
        "According to the publication, the former personnel are spies.",
        "It is impossible, the broadcaster quoted him as saying.",
        "The news outlet gave the example of an officer.",
        "The organization cited Taliban leaders and officials.",
        "The newspaper said so.",
        "The paper added that talks failed.",
        "The agency said the toll rose.",
        "The outlet said the toll rose.",
        "The Journal said the toll rose.",
    ],
)
def test_report_reference(text: str) -> None:
    assert report_reference(text)


@pytest.mark.parametrize(
    "text",
    [
        "The Taliban has denied reports of defections.",
        "Members joined, revealed a recent report.",
        "The former Afghan spy agency, Rahmatullah Nabil, said so.",
        "The extremist organization grew.",
        "The service was cancelled.",
        "The Wall Street Journal said the toll rose.",
        "The Journal of Medicine said the toll rose.",
        "Nothing points back here.",
        "",
    ],
)
def test_not_report_reference(text: str) -> None:
    assert not report_reference(text)


@pytest.mark.parametrize(
    ("text", "share"),
    [
        ("Nothing quoted here.", 0.0),
        ("", 0.0),
        ("   ", 0.0),
        ('"abc"', 1.0),
        ("“abc”", 1.0),
        ('"ab" cd', 0.5),
        ("“ab” cd «ef» gh", 0.5),
        ("“abc def", 1.0),  # unclosed at the start: runs to the end
        ("ab “cd", 0.5),  # unclosed later: runs to the end too
        ("abc” he", 0.6),  # closes a quotation opened in an earlier sentence
        ("ab ‘cd’", 0.0),  # single quotes are apostrophes too often
    ],
)
def test_quoted_share(text: str, share: float) -> None:
    assert quoted_share(text) == pytest.approx(share)


def test_quoted_share_of_a_seed_quote() -> None:
    text = "“If there were a resistance, they would join the resistance.” he said."
    assert 0.8 < quoted_share(text) < 1.0


@given(text=st.text(alphabet=st.sampled_from("ab ,.'‘\n"), min_size=1))
def test_quoted_share_is_zero_without_quotation_marks_and_one_inside_them(text: str) -> None:
    assert quoted_share(text) == 0.0
    if text.strip():
        for opening, closing in (('"', '"'), ("“", "”"), ("«", "»")):
            assert quoted_share(f"{opening}{text}{closing}") == 1.0


# ---------------------------------------------------------------------------
# The gazetteer
# ---------------------------------------------------------------------------


def test_gazetteer_is_large_and_unambiguous() -> None:
    assert len(OUTLETS) >= 150
    owners: dict[str, set[str]] = {}
    for canonical, aliases in OUTLETS:
        for name in (canonical, *aliases):
            owners.setdefault(outlet_key(name), set()).add(canonical)
            assert find_outlet(name) == canonical
    assert {key: names for key, names in owners.items() if len(names) > 1} == {}


@pytest.mark.parametrize("name", ["US", "UN", "EU", "NATO", "CIA", "ISIS", "IS", "NDS", "Taliban"])
def test_common_names_are_not_outlets(name: str) -> None:
    assert find_outlet(name) is None
    _, sources = cite(f"{name} said it would act.")
    assert all(s.kind == "person" for s in sources.values())


# ---------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------

CUE_WORDS = (
    "According to",
    "according to the",
    "citing",
    "Citing",
    "As per",
    "as reported by",
    "reported",
    "has reported",
    "said",
    "says",
    "told",
    "confirmed the news to",
    "report further states",
    "quoted",
    "as saying",
    "WSJ",
    "The Wall Street Journal",
    "Reuters",
    "Khaama Press",
    "Tolo News",
    "Rahmatullah Nabil",
    "(WSJ)",
    "(Reuters)",
    "Jakarta,",
    "CNN Indonesia",
    "the",
    "The",
    "of",
    "and",
    ",",
    "—",
    "|",
    "“",
    "”",
    '"',
    "'s",
    "\n",
)


@st.composite
def sentence_texts(draw: st.DrawFn) -> str:
    """Arbitrary text, or text stitched from cue words and arbitrary pieces."""
    pieces = st.one_of(st.sampled_from(CUE_WORDS), st.text(max_size=8))
    return draw(st.one_of(st.text(), st.lists(pieces, max_size=12).map(" ".join)))


@st.composite
def sentence_lists(draw: st.DrawFn) -> list[Sentence]:
    texts = draw(st.lists(sentence_texts(), max_size=6))
    sentences = []
    offset = draw(st.integers(min_value=0, max_value=50))
    for index, text in enumerate(texts):
        document = draw(st.sampled_from(("a", "b")))
        sentences.append(Sentence(document, index, offset, offset + len(text), text))
        offset += len(text) + 1
    return sentences


@given(sentence_lists())
@example([Sentence("a", 0, 0, 17, "Citing “X of the")])
@example([Sentence("a", 0, 0, 12, "Ⅻ reported ")])
@example([Sentence("a", 0, 3, 9, "A (B) said")])
def test_extract_never_crashes_and_phrases_are_spans(sentences: list[Sentence]) -> None:
    citations, sources = extract_citations(sentences)
    by_key = {(s.document, s.index): s for s in sentences}
    ids = {s.id for s in sources}
    for c in citations:
        sentence = by_key[(c.document, c.sentence)]
        assert c.phrase in sentence.text
        assert sentence.text[c.start - sentence.start : c.end - sentence.start] == c.phrase
        assert c.source in ids
        assert c.cited_by is None or c.cited_by in ids
    assert [s.id for s in sources] == sorted(ids)


@given(st.text())
def test_helpers_never_crash(text: str) -> None:
    assert 0.0 <= quoted_share(text) <= 1.0
    assert isinstance(report_reference(text), bool)


SEED_SENTENCES = seed_sentences()
SEED_RESULT = extract_citations(SEED_SENTENCES)


@given(st.permutations(SEED_SENTENCES))
def test_input_order_does_not_matter(sentences: Sequence[Sentence]) -> None:
    assert extract_citations(sentences) == SEED_RESULT


@given(sentence_lists(), st.data())
def test_input_order_does_not_matter_on_arbitrary_text(
    sentences: list[Sentence], data: st.DataObject
) -> None:
    shuffled = data.draw(st.permutations(sentences))
    assert extract_citations(shuffled) == extract_citations(sentences)


def _kept_mentions(sentences: Sequence[Sentence], share: float) -> dict[str, str]:
    """What a store keeps: sentence_mentions of some of the texts (the first ``share``)."""
    texts = sorted({s.text for s in sentences})
    return {text: sentence_mentions(text) for text in texts[: round(len(texts) * share)]}


@given(st.sampled_from((0.0, 0.5, 1.0)))
def test_kept_mentions_give_the_same_citations_on_the_seeds(share: float) -> None:
    assert extract_citations(SEED_SENTENCES, mentions=_kept_mentions(SEED_SENTENCES, share)) == (
        SEED_RESULT
    )


@given(sentence_lists(), st.sampled_from((0.5, 1.0)))
def test_kept_mentions_give_the_same_citations_on_arbitrary_text(
    sentences: list[Sentence], share: float
) -> None:
    kept = _kept_mentions(sentences, share)
    assert extract_citations(sentences, mentions=kept) == extract_citations(sentences)


def test_kept_mentions_are_read_instead_of_the_text() -> None:
    cited = [s for s in SEED_SENTENCES if sentence_mentions(s.text) != "[]"]
    assert cited  # the seeds name their sources
    nothing = {s.text: "[]" for s in SEED_SENTENCES}
    assert extract_citations(SEED_SENTENCES, mentions=nothing) == ((), ())
    assert sentence_mentions("It rained in Kabul on Sunday.") == "[]"
