"""Tests of provenance.load: decoding, titles, dates, boilerplate, corpora."""

from __future__ import annotations

import codecs
import datetime as dt
import itertools
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from strategies import boilerplate_lines, headlines, paragraphs, sentences

from provenance.errors import EmptyCorpusError, InputError, UnreadableFileError
from provenance.load import (
    decode_bytes,
    document_from_text,
    find_date,
    load_corpus,
    load_documents,
    read_document,
)
from provenance.model import Document

SEEDS = Path(__file__).parent.parent / "seeds"
SEED_IDS = (
    "000_6843719992edc7c4",
    "001_39eda229a1ee510d",
    "002_c78c0215ddaafab3",
    "003_f30eeb14a1d5926a",
    "004_fd42614e9732ccd6",
)


@pytest.fixture(scope="module")
def seeds() -> dict[str, Document]:
    return {document.id: document for document in load_documents([SEEDS])}


def uncovered(document: Document) -> str:
    """The non-whitespace characters of the text in no body span and no removed span."""
    covered = bytearray(len(document.text))
    spans = [*document.body, *((r.start, r.end) for r in document.removed)]
    for start, end in spans:
        covered[start:end] = b"\x01" * (end - start)
    return "".join(c for c, hit in zip(document.text, covered, strict=True) if not hit)


def non_space(text: str) -> str:
    return "".join(text.split())


def assert_nothing_lost(document: Document) -> None:
    """Every non-whitespace character is in the title, a body span or a removed span."""
    assert non_space(uncovered(document)) == non_space(document.title)
    if document.title:
        assert document.title in document.text
    for start, end in document.body:
        piece = document.text[start:end]
        assert piece
        assert piece == piece.strip()
    for removed in document.removed:
        assert removed.text == document.text[removed.start : removed.end]
        assert removed.text
        assert removed.text == removed.text.strip()
    spans = sorted([*document.body, *((r.start, r.end) for r in document.removed)])
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))


# --- the seeds ---------------------------------------------------------------


def test_seeds_load_sorted_by_id(seeds: dict[str, Document]) -> None:
    assert tuple(seeds) == SEED_IDS
    assert all(document.encoding == "utf-8" for document in seeds.values())


@pytest.mark.parametrize(
    ("document_id", "title"),
    [
        (
            "000_6843719992edc7c4",
            "Taliban deny reports of former government security personnel joining Islamic State",
        ),
        ("001_39eda229a1ee510d", "Hunted by the Taliban, Ex-Intel and Afghan Soldiers Join ISIS"),
        ("002_c78c0215ddaafab3", "Former Afghan security personnel, soldiers joining IS"),
        # 003 has no headline: its first kept line is prose, which stays in the body.
        ("003_f30eeb14a1d5926a", ""),
        ("004_fd42614e9732ccd6", "Afghan spies and soldiers turn to ISIS after US exit: Reports"),
    ],
)
def test_seed_titles(seeds: dict[str, Document], document_id: str, title: str) -> None:
    assert seeds[document_id].title == title


def test_seed_dates(seeds: dict[str, Document]) -> None:
    published = {document_id: document.published for document_id, document in seeds.items()}
    assert published == dict.fromkeys(SEED_IDS) | {"003_f30eeb14a1d5926a": dt.date(2021, 11, 2)}


SEED_BOILERPLATE = [
    ("000", "Taliban fighters (Photo | AP)", "photo caption"),
    ("000", "Related Stories", "related heading"),
    ("000", "No stories found.", "empty widget"),
    ("000", "X", "page widget"),
    ("000", "The New Indian Express", "site name"),
    ("000", "www.newindianexpress.com", "site url"),
    ("001", "Home » today » World »", "breadcrumb"),
    ("001", "Hunted by the Taliban, Ex-Intel and Afghan Soldiers Join ISIS", "repeated title"),
    ("001", "[Gambas:Video CNN]", "embed"),
    ("001", "(has/bac)", "editor initials"),
    ("001", "– .", "stray punctuation"),
    ("001", "Leave a Comment", "comment form"),
    (
        "001",
        "This site uses Akismet to reduce spam. Learn how your comment data is processed.",
        "comment form",
    ),
    ("002", "فارسی \xa0 English \xa0 عربي", "language menu"),
    ("002", "NewsTop News", "section menu"),
    ("002", "Show More", "page widget"),
    ("002", "Related Articles", "related heading"),
    ("002", "Leave a Reply", "comment form"),
    (
        "002",
        "Your email address will not be published. Required fields are marked *",
        "comment form",
    ),
    ("002", "Back to top button", "page widget"),
    ("003", "02 November,2021 08:59 AM IST | Kabul | Agencies", "dateline"),
    (
        "003",
        "Taliban border security guards stand at the Afghanistan-Uzbekistan Friendship Bridge"
        " in Hairatan. Pic/AFP",
        "photo caption",
    ),
    ("003", "ALSO READ", "related heading"),
    ("003", "Earthquake of magnitude 4.5 hits Afghanistan", "related link"),
    ("003", "Earthquake of magnitude 4.7 hits Afghanistan", "related link"),
    ("003", '"If I can play one Champions Trophy it will be great": Mohammad Nabi', "related link"),
    (
        "003",
        "Trump elects pro-India Mike Waltz as national security advisor for second term",
        "related link",
    ),
    (
        "003",
        "Afghanistan attends United Nations climate talks for first time since Taliban's"
        " return to power",
        "related link",
    ),
    (
        "003",
        "This story has been sourced from a third party syndicated feed, agencies.",
        "disclaimer",
    ),
    ("004", "Published: Updated:", "timestamp"),
    ("004", "Read Mode", "page widget"),
    ("004", "100% Font Size", "page widget"),
    ("004", "4 min read", "page widget"),
    (
        "004",
        "For all the latest headlines follow our Google News channel online or via the app.",
        "share prompt",
    ),
    ("004", "Read more:", "related heading"),
    (
        "004",
        "Intelligence suggests ISIS-K, al-Qaeda could attack US within months: Pentagon",
        "related link",
    ),
    (
        "004",
        "Taliban promise cash rewards, plots of land to ‘heroic’ suicide bombers’ families",
        "related link",
    ),
    (
        "004",
        "ISIS deputy leader Sami Jasim captured by Iraqi security forces: Iraqi PM",
        "related link",
    ),
    ("004", "Top Content Trending", "page widget"),
]


@pytest.mark.parametrize(("prefix", "line", "reason"), SEED_BOILERPLATE)
def test_seed_boilerplate_is_removed(
    seeds: dict[str, Document], prefix: str, line: str, reason: str
) -> None:
    document = next(d for d in seeds.values() if d.id.startswith(prefix))
    matches = [r for r in document.removed if r.text.startswith(line)]
    assert matches, f"{line!r} not removed"
    assert {r.reason for r in matches} == {reason}
    assert line not in document.body_text


@pytest.mark.parametrize(
    ("prefix", "paragraph"),
    [
        ("000", "The Taliban has denied reports that former Afghan security forces have joined"),
        ("000", "Earlier this month, the Taliban claimed to have dismantled a Daesh hideout"),
        ("001", "Jakarta, CNN Indonesia"),
        ("001", "This ability of the Taliban is considered very important"),
        ("002", "Association for Defending Victims of Terrorism – WSJ reported"),
        ("003", "Members of the previous Afghan government have joined"),
        ("003", "Afghanistan has been witnessing a spike"),
        ("003", "United States Secretary of State Antony Blinken"),
        ("004", "“The intelligence community currently assesses"),
    ],
)
def test_seed_paragraphs_are_kept(seeds: dict[str, Document], prefix: str, paragraph: str) -> None:
    document = next(d for d in seeds.values() if d.id.startswith(prefix))
    assert any(document.text[s:e].startswith(paragraph) for s, e in document.body)


@pytest.mark.parametrize("document_id", SEED_IDS)
def test_seeds_lose_nothing(seeds: dict[str, Document], document_id: str) -> None:
    assert_nothing_lost(seeds[document_id])


def test_dateline_attribution_is_first_body_line(seeds: dict[str, Document]) -> None:
    document = seeds["001_39eda229a1ee510d"]
    start, end = document.body[0]
    assert document.text[start:end] == "Jakarta, CNN Indonesia"


# --- parsing rules -----------------------------------------------------------


def test_breadcrumb_tail_is_the_title() -> None:
    document = document_from_text("Home » World » Spies join ISIS\n\nThey did.", "a")
    assert document.title == "Spies join ISIS"
    assert [(r.text, r.reason) for r in document.removed] == [("Home » World »", "breadcrumb")]


def test_breadcrumb_ending_in_a_section_is_removed_whole() -> None:
    document = document_from_text("Home » World\nSpies join ISIS\n\nThey did.", "a")
    assert document.title == "Spies join ISIS"
    assert [(r.text, r.reason) for r in document.removed] == [("Home » World", "breadcrumb")]


def test_repeated_title_is_removed_before_the_body_only() -> None:
    text = "Spies join ISIS\nSPIES  JOIN ISIS\n\nThey did.\nSpies join ISIS"
    document = document_from_text(text, "a")
    assert document.title == "Spies join ISIS"
    assert [r.reason for r in document.removed] == ["repeated title"]
    assert document.body_text == "They did.\nSpies join ISIS"


def test_prose_first_line_is_not_a_title() -> None:
    document = document_from_text("It rained in Kabul. Then it stopped.\nMore.", "a")
    assert document.title == ""
    assert document.body_text == "It rained in Kabul. Then it stopped.\nMore."


def test_related_list_ends_at_prose() -> None:
    text = (
        "Title\n\nFirst paragraph.\nALSO READ\nOne headline\n\nAnother headline: Source\n"
        "A real paragraph ends with a full stop.\nNext headline-like subtitle"
    )
    document = document_from_text(text, "a")
    assert [(r.text, r.reason) for r in document.removed] == [
        ("ALSO READ", "related heading"),
        ("One headline", "related link"),
        ("Another headline: Source", "related link"),
    ]
    assert document.body_text == (
        "First paragraph.\nA real paragraph ends with a full stop.\nNext headline-like subtitle"
    )


def test_site_name_only_before_a_final_url() -> None:
    text = "Title\n\nBody text.\nThe Paper\nwww.paper.com\nBody again.\nThe Paper\nwww.paper.com"
    document = document_from_text(text, "a")
    assert [r.reason for r in document.removed] == ["site url", "site name", "site url"]
    assert document.body_text == "Body text.\nThe Paper\nBody again."


def test_date_only_header_line_is_a_dateline() -> None:
    text = "Spies join ISIS\nTue 02nd November 2021\nKABUL: They did.\nOn 3 November 2021 more."
    document = document_from_text(text, "a")
    assert document.published == dt.date(2021, 11, 2)
    assert [(r.text, r.reason) for r in document.removed] == [
        ("Tue 02nd November 2021", "dateline")
    ]
    assert document.body_text == "KABUL: They did.\nOn 3 November 2021 more."


def test_newlines_are_normalised() -> None:
    document = document_from_text("Title\r\n\r\nOne.\rTwo.\r\n", "a", "a.txt")
    assert document.text == "Title\n\nOne.\nTwo.\n"
    assert document.body_text == "One.\nTwo."
    assert document.path == "a.txt"


def test_empty_text() -> None:
    assert document_from_text(" \n\t\n", "a") == Document(
        id="a", path="", text=" \n\t\n", title="", body=()
    )


def test_given_title_is_not_looked_for_in_the_text() -> None:
    repeated = document_from_text("SPIES  join ISIS\n\nThey did.", "a", title="Spies join ISIS")
    assert repeated.title == "Spies join ISIS"
    assert [r.reason for r in repeated.removed] == ["repeated title"]
    assert repeated.body_text == "They did."
    other = document_from_text("A short lead\nThey did.", "a", title=" The  real title ")
    assert other.title == "The real title"
    assert other.body_text == "A short lead\nThey did."
    assert other.removed == ()


# --- dates -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("02 November,2021 08:59 AM IST | Kabul | Agencies", dt.date(2021, 11, 2)),
        ("Title\nTue 02nd November 2021", dt.date(2021, 11, 2)),
        ("Title\nNovember 2, 2021", dt.date(2021, 11, 2)),
        ("Title\nBy Staff | Nov. 2, 2021, 10:00 GMT", dt.date(2021, 11, 2)),
        ("Title\n2 Nov 2021", dt.date(2021, 11, 2)),
        ("Title\nSept 30 2021", dt.date(2021, 9, 30)),
        ("Title\n2021-11-02T08:59:00Z", dt.date(2021, 11, 2)),
        ("Title\n2021/11/02", dt.date(2021, 11, 2)),
        ("Title\nPublished: 13/11/2021", dt.date(2021, 11, 13)),
        ("Title\nPublished: 11/13/2021", dt.date(2021, 11, 13)),
        ("Title\nUpdated: 3 Nov 2021\nPublished: 2 Nov 2021", dt.date(2021, 11, 2)),
        ("T\n\na.\nb.\nc.\nd.\ne.\nf.\nPublished on 2 November 2021", dt.date(2021, 11, 2)),
        ("Title\nNOVEMBER 2, 2021", dt.date(2021, 11, 2)),
    ],
)
def test_find_date(text: str, date: dt.date) -> None:
    assert find_date(text) == date


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Title\nPublished: 02/11/2021",  # ambiguous day/month: skipped
        "Title\nPublished: Updated:",
        "Title\n\nOn October 3, ISIS carried out a suicide bombing in front of a mosque.",
        "Title\n\nOn October 3, 2021, ISIS carried out a suicide bombing in front of a mosque"
        " in Kabul that killed five people, the ministry of the interior said on Monday.",
        "T\n\na.\nb.\nc.\nd.\ne.\nf.\n2 November 2021",  # past the header, not labelled
        "Title\n31 February 2021",  # no such day
        "Title\n2 Nov 21",  # two-digit year
    ],
)
def test_find_date_finds_none(text: str) -> None:
    assert find_date(text) is None


# --- files and encodings -----------------------------------------------------

ARTICLE = "Café talks\n\nThe minister said: “We will not accept this.” The café was closed.\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (ARTICLE.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + ARTICLE.encode("utf-8"), "utf-8-sig"),
        (ARTICLE.encode("utf-16"), "utf-16"),
        (codecs.BOM_UTF16_BE + ARTICLE.encode("utf-16-be"), "utf-16"),
        (ARTICLE.encode("utf-32"), "utf-32"),
        (ARTICLE.encode("cp1252"), "cp1252"),
        (ARTICLE.replace("\n", "\r\n").encode("cp1252"), "cp1252"),
    ],
)
def test_read_document_decodes(tmp_path: Path, data: bytes, encoding: str) -> None:
    path = tmp_path / "story.txt"
    path.write_bytes(data)
    document = read_document(path)
    assert document.text == ARTICLE
    assert document.encoding == encoding
    assert document.id == "story"
    assert document.path == str(path)
    assert document.title == "Café talks"


def test_decode_bytes_tries_the_declared_encoding() -> None:
    text = "Министр заявил, что переговоры возобновятся на следующей неделе."
    data = text.encode("cp1251")
    assert decode_bytes(data, "page.html", declared="windows-1251") == (text, "cp1251")
    detected = decode_bytes(data, "page.html")
    for wrong in ("no-such-codec", "utf-16", "utf-8"):  # unknown, or fails: detection decides
        assert decode_bytes(data, "page.html", declared=wrong) == detected
    quoted = "“Café” – naïve".encode("cp1252")  # labelled Latin-1, read as browsers do
    assert decode_bytes(quoted, "page.html", declared="ISO-8859-1") == ("“Café” – naïve", "cp1252")
    utf8 = text.encode("utf-8")  # UTF-8 is tried before any declaration
    assert decode_bytes(utf8, "page.html", declared="windows-1251") == (text, "utf-8")


def test_read_document_short_cp1252(tmp_path: Path) -> None:
    path = tmp_path / "short.txt"
    path.write_bytes("“Café” is open.".encode("cp1252"))
    assert read_document(path).text == "“Café” is open."


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"text with a NUL \x00 byte",
        bytes(range(1, 9)) * 100,
    ],
)
def test_read_document_refuses_binary(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "image.png"
    path.write_bytes(data)
    with pytest.raises(UnreadableFileError, match="binary") as caught:
        read_document(path)
    assert str(path) in str(caught.value)
    assert "\n" not in str(caught.value)


def test_read_document_refuses_broken_utf16(tmp_path: Path) -> None:
    path = tmp_path / "broken.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + b"\x00\xd8")  # a lone surrogate
    with pytest.raises(UnreadableFileError, match="utf-16"):
        read_document(path)


def test_read_document_missing(tmp_path: Path) -> None:
    path = tmp_path / "missing.txt"
    with pytest.raises(UnreadableFileError, match="no such file") as caught:
        read_document(path)
    assert str(path) in str(caught.value)


def test_read_document_directory(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFileError, match="regular file"):
        read_document(tmp_path)


def test_read_document_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_text(" \n\n", encoding="utf-8")
    with pytest.raises(InputError, match="empty") as caught:
        read_document(path)
    assert str(path) in str(caught.value)


# --- corpora -----------------------------------------------------------------


def write(path: Path, text: str = "Title\n\nA sentence.\n") -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_load_mixes_files_and_directories(tmp_path: Path) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    write(folder / "b.txt")
    write(folder / ".hidden.txt")
    (folder / "sub").mkdir()
    write(folder / "sub" / "c.txt")
    documents = load_documents([folder, write(tmp_path / "a.txt")])
    assert [document.id for document in documents] == ["a", "b"]


def test_load_skips_bad_directory_files_with_a_warning(tmp_path: Path) -> None:
    write(tmp_path / "a.txt")
    write(tmp_path / "empty.txt", "  \n")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\x00\x00")
    documents, warnings = load_corpus([tmp_path])
    assert [document.id for document in documents] == ["a"]
    assert len(warnings) == 2
    assert all(w.startswith("skipped ") and "\n" not in w for w in warnings)
    assert str(tmp_path / "empty.txt") in warnings[0]
    assert str(tmp_path / "image.png") in warnings[1]
    with pytest.raises(InputError, match="empty"):
        load_documents([tmp_path])


def test_load_refuses_explicit_empty_file(tmp_path: Path) -> None:
    write(tmp_path / "a.txt")
    with pytest.raises(InputError, match="empty"):
        load_corpus([tmp_path / "a.txt", write(tmp_path / "empty.txt", "")])


@pytest.mark.parametrize("load", [load_corpus, load_documents])
def test_load_missing_path(tmp_path: Path, load: Callable[[list[Path]], object]) -> None:
    path = tmp_path / "nowhere"
    with pytest.raises(UnreadableFileError) as caught:
        load([path])
    assert str(path) in str(caught.value)


def test_load_empty_directory(tmp_path: Path) -> None:
    write(tmp_path / ".hidden")
    with pytest.raises(EmptyCorpusError, match="no files") as caught:
        load_documents([tmp_path])
    assert str(tmp_path) in str(caught.value)


def test_load_nothing_readable(tmp_path: Path) -> None:
    write(tmp_path / "empty.txt", "")
    with pytest.raises(EmptyCorpusError) as caught:
        load_corpus([tmp_path])
    assert str(tmp_path) in str(caught.value)


def test_load_no_paths() -> None:
    with pytest.raises(EmptyCorpusError, match="paths"):
        load_documents([])


def test_load_duplicate_stems(tmp_path: Path) -> None:
    (tmp_path / "one").mkdir()
    first = write(tmp_path / "one" / "story.txt")
    second = write(tmp_path / "story.md")
    with pytest.raises(InputError, match="story") as caught:
        load_documents([tmp_path / "one", second])
    assert str(first) in str(caught.value)
    assert str(second) in str(caught.value)


def test_load_order_does_not_matter(tmp_path: Path) -> None:
    paths = [write(tmp_path / f"{name}.txt") for name in ("c", "a", "b")]
    assert load_documents(paths) == load_documents(paths[::-1])


# --- properties --------------------------------------------------------------


@given(st.text())
@example("Home » X")
@example("Home »\u2028x")
@example("\x85Title\r\n\r")
def test_any_text_parses_and_loses_nothing(text: str) -> None:
    document = document_from_text(text, "a")
    assert_nothing_lost(document)


LINE_PIECES = st.one_of(
    sentences(),
    headlines(),
    boilerplate_lines().map(lambda pair: pair[0]),
    st.sampled_from(["", " ", "Read more:", "ALSO READ", "Home » World » Title", "2 Nov 2021"]),
    st.text(max_size=20),
)


@given(st.lists(LINE_PIECES, max_size=12).map("\n".join))
def test_article_like_text_loses_nothing_and_is_stable(text: str) -> None:
    document = document_from_text(text, "a", "a.txt")
    assert_nothing_lost(document)
    assert document_from_text(document.text, "a", "a.txt") == document


@given(
    headlines(),
    st.lists(paragraphs(), min_size=1, max_size=5),
    st.lists(st.tuples(st.integers(min_value=0, max_value=6), boilerplate_lines()), max_size=6),
)
def test_boilerplate_lines_leave_the_article_intact(
    headline: str, body: list[str], noise: list[tuple[int, tuple[str, str]]]
) -> None:
    lines: list[str] = [headline, *body]
    expected: list[str] = []
    for position, (line, reason) in noise:
        lines.insert(position, line)
        expected.append(reason)
    document = document_from_text("\n\n".join(lines), "a")
    assert document.title == headline
    assert document.body_text == "\n".join(body)
    assert sorted(r.reason for r in document.removed) == sorted(expected)


def test_nothing_in_a_directory_is_passed_over_in_silence(tmp_path: Path) -> None:
    seeds = Path(__file__).parent.parent / "seeds"
    first, second = sorted(seeds.glob("*.txt"))[:2]
    (tmp_path / first.name).write_bytes(first.read_bytes())
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / second.name).write_bytes(second.read_bytes())
    (tmp_path / ".hidden.txt").write_bytes(second.read_bytes())
    (tmp_path / "latin.txt").write_bytes(
        "Café “naïve” text, long enough to read.\n".encode("cp1252")
    )
    documents, warnings = load_corpus([tmp_path])
    assert [d.id for d in documents] == sorted([first.stem, "latin"])
    joined = "\n".join(warnings)
    assert "sub: a subdirectory" in joined
    assert ".hidden.txt: a hidden file" in joined
    assert "latin.txt as cp1252" in joined
    assert len(warnings) == 3


def test_a_file_given_twice_is_read_once_with_a_warning() -> None:
    seeds = Path(__file__).parent.parent / "seeds"
    first = sorted(seeds.glob("*.txt"))[0]
    documents, warnings = load_corpus([seeds, first])
    assert len(documents) == len(list(seeds.glob("*.txt")))
    assert warnings == (f"{first} was given twice: read once",)
