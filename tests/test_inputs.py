"""Tests of inputs as they come in the wild: HTML, JSON Lines, CSV, encodings, languages."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import doctest
import importlib
import io
import json
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from provenance.errors import EmptyCorpusError, InputError, UnreadableFileError
from provenance.load import load_corpus, load_documents, read_document
from provenance.model import Document
from provenance.readers import (
    FIELDS,
    FORMATS,
    format_of,
    has_trafilatura,
    html_to_document,
    read_csv,
    read_html,
    read_jsonl,
    read_path,
)
from provenance.segment import segment
from provenance.trace import trace, trace_documents

DOCS = Path(__file__).parent.parent / "docs"
# The package re-exports a function named align: take the modules themselves.
align = importlib.import_module("provenance.align")
readers = importlib.import_module("provenance.readers")

TITLE = "Former Afghan soldiers join Islamic State in the east"
STORY = [
    "Former members of the Afghan intelligence service have joined the Islamic State group"
    " in the eastern provinces, local officials said on Sunday.",
    "The Taliban government denied the reports at a press conference in Kabul and called"
    " them propaganda spread by its enemies.",
    "The former soldiers say they have received no salary since the government collapsed"
    " in August and that they fear for their families.",
    "Several families in Nangarhar province confirmed that their sons had left for the"
    " mountains in recent weeks.",
    "Experts warn that their military training could greatly strengthen the group, which"
    " has claimed a series of bombings this autumn.",
]
OTHER_TITLE = "Wheat prices climb as the winter approaches in northern cities"
OTHER = [
    "Bakers in Mazar-i-Sharif raised the price of bread for the third time this month,"
    " blaming the cost of imported wheat.",
    "Traders at the central market said that shipments from Kazakhstan had slowed since"
    " the border crossings were closed for inspections.",
    "Aid agencies have warned that millions of families cannot afford enough food for the"
    " coming winter months.",
    "The municipality promised to open subsidised bakeries in every district before the"
    " first snow falls on the city.",
]


def article(title: str, sentences: list[str], header: str = "") -> str:
    return "\n\n".join(part for part in (title, header, "\n".join(sentences)) if part) + "\n"


PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{title} | The Daily Courier</title>
<meta property="og:title" content="{title}">
<meta property="og:site_name" content="The Daily Courier">
<meta property="article:published_time" content="2021-11-02T10:00:00Z">
<link rel="canonical" href="https://courier.example.com/world/afghan-soldiers">
<script>var tracking = "Do not read this script text.";</script>
<style>p {{ color: black; }}</style>
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/sport">Sport</a></li></ul></nav>
<header><div class="logo">The Daily Courier navigation banner</div></header>
<main><article>
<header><h1>{title}</h1></header>
{paragraphs}
</article></main>
<aside><h2>Related Stories</h2><ul><li><a href="/x">Markets slide on the news</a></li></ul></aside>
<footer><p>© 2021 The Daily Courier. All rights reserved.</p>
<p>Subscribe to our newsletter for the latest updates from our newsroom.</p></footer>
</body></html>
"""


def page(title: str = TITLE, sentences: list[str] = STORY) -> str:
    return PAGE.format(title=title, paragraphs="\n".join(f"<p>{s}</p>" for s in sentences))


@pytest.fixture(params=["trafilatura", "html.parser"])
def extractor(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Each HTML test runs with trafilatura and with the basic extractor."""
    if request.param == "trafilatura":
        pytest.importorskip("trafilatura")
    else:
        monkeypatch.setitem(sys.modules, "trafilatura", None)  # import fails: the extra is absent
    return str(request.param)


def write_jsonl(path: Path, records: list[object]) -> Path:
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_readers_docstring_examples() -> None:
    result = doctest.testmod(readers, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0
    assert result.failed == 0


# --- dispatch ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("a.txt", "text"),
        ("a", "text"),
        ("a.text", "text"),
        ("a.md", "text"),
        ("a.rtf", "text"),
        ("a.html", "html"),
        ("A.HTM", "html"),
        ("a.jsonl", "jsonl"),
        ("a.ndjson", "jsonl"),
        ("a.csv", "csv"),
        ("a.tsv", "csv"),
    ],
)
def test_format_of(name: str, kind: str) -> None:
    assert format_of(name) == kind


def test_inputs_doc_names_every_suffix_and_field() -> None:
    doc = (DOCS / "inputs.md").read_text(encoding="utf-8")
    for suffix in FORMATS:
        if suffix:
            assert f"`{suffix}`" in doc, suffix
    for field in FIELDS:
        assert f"`{field}`" in doc, field


# --- HTML --------------------------------------------------------------------


def test_html_page_text_and_metadata(tmp_path: Path, extractor: str) -> None:
    path = tmp_path / "courier.html"
    path.write_text(page(), encoding="utf-8")
    document = read_html(path)
    assert document.reader == extractor
    assert document.id == "courier"
    assert document.path == str(path)
    assert document.title == TITLE
    assert document.published == dt.date(2021, 11, 2)
    assert document.outlet == "The Daily Courier"
    assert document.url == "https://courier.example.com/world/afghan-soldiers"
    assert document.encoding == "utf-8"
    assert [s.text for s in segment(document)] == STORY
    for furniture in ("Sport", "script", "Related", "rights reserved", "newsletter", "banner"):
        assert furniture not in document.body_text
    for sentence in segment(document):
        assert document.text[sentence.start : sentence.end] == sentence.text


def test_read_document_reads_html(tmp_path: Path, extractor: str) -> None:
    path = tmp_path / "courier.htm"
    path.write_text(page(), encoding="utf-8")
    assert read_document(path) == read_html(path)


def test_html_declared_cp1252(tmp_path: Path, extractor: str) -> None:
    sentences = [s.replace("Sunday", "“Sunday” in the café") for s in STORY]
    html = page(sentences=sentences).replace('charset="utf-8"', 'charset="windows-1252"')
    path = tmp_path / "latin.html"
    path.write_bytes(html.encode("cp1252"))
    document = read_html(path)
    assert document.encoding == "cp1252"
    assert "“Sunday” in the café" in document.body_text


def test_html_without_text_is_refused(tmp_path: Path, extractor: str) -> None:
    path = tmp_path / "blank.html"
    path.write_text("<html><head><title>Nothing</title></head><body></body></html>", "utf-8")
    with pytest.raises(InputError, match="no text") as caught:
        read_html(path)
    assert str(path) in str(caught.value)


def test_empty_html_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    path.write_bytes(b"")
    with pytest.raises(InputError, match="empty"):
        read_html(path)


def test_basic_extractor_keeps_article_blocks_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "trafilatura", None)
    html = (
        "<html><head><title>Window title - Site</title>"
        '<meta name="date" content="not a date"></head><body>'
        "<div>Site-wide banner text outside the article</div>"
        "<article><h1>Headline here</h1><p>First &amp; second <b>bold</b> part.</p>"
        "<div>Line one<br>Line two</div><form><p>Sign in</p></form></article></body></html>"
    )
    document = html_to_document(html, "p")
    assert document.reader == "html.parser"
    assert document.title == "Headline here"
    assert document.body_text == "First & second bold part.\nLine one\nLine two"
    assert document.published is None


def test_basic_extractor_reads_written_meta_dates(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "trafilatura", None)
    html = '<meta name="date" content="November 2, 2021"><p>The talks failed.</p>'
    assert html_to_document(html, "p").published == dt.date(2021, 11, 2)


def test_basic_extractor_falls_back_to_text_dates(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "trafilatura", None)
    html = "<h1>Talks fail</h1><p>Published: 3 November 2021</p><p>The talks failed.</p>"
    assert html_to_document(html, "p").published == dt.date(2021, 11, 3)


def test_has_trafilatura_follows_the_import(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "trafilatura", None)
    assert not has_trafilatura()


# --- JSON Lines ----------------------------------------------------------------

RECORD = {
    "id": "r1",
    "text": article(TITLE, STORY),
    "title": TITLE,
    "published": "2021-11-03T23:30:00-05:00",
    "outlet": "Wire Service",
    "url": "https://wire.example.com/1",
}


def test_jsonl_records(tmp_path: Path) -> None:
    second = {"id": 7, "text": article(OTHER_TITLE, OTHER, "Published: 4 November 2021")}
    path = write_jsonl(tmp_path / "feed.jsonl", [RECORD, "", second])
    warnings: list[str] = []
    first, other = read_jsonl(path, warn=warnings.append)
    assert warnings == []
    assert (first.id, first.path, first.reader) == ("r1", f"{path}:1", "jsonl")
    assert first.title == TITLE
    assert first.removed[0].reason == "repeated title"  # the text repeats the title field
    assert first.published == dt.date(2021, 11, 3)  # the date as written, no zone conversion
    assert (first.outlet, first.url) == ("Wire Service", "https://wire.example.com/1")
    assert [s.text for s in segment(first)] == STORY
    assert (other.id, other.path, other.title) == ("7", f"{path}:3", OTHER_TITLE)
    assert other.published == dt.date(2021, 11, 4)  # no field: the text's header date
    assert (other.outlet, other.url) == (None, None)


def test_jsonl_title_field_keeps_a_different_first_line_in_the_body(tmp_path: Path) -> None:
    record = {"id": "a", "text": "A short lead line\nThe rest of it follows.", "title": "Other"}
    (document,) = read_jsonl(write_jsonl(tmp_path / "a.jsonl", [record]))
    assert document.title == "Other"
    assert document.body_text == "A short lead line\nThe rest of it follows."


def test_jsonl_problems_are_reported_per_kind_with_lines(tmp_path: Path) -> None:
    records: list[object] = [
        RECORD,
        "{not json",
        "[1, 2]",
        {"id": "no-text"},
        {"id": "blank", "text": "   "},
        {"text": "A record without an id, but with text."},
        {"id": "bad-date", "text": "Some text here.", "published": "yesterday"},
        {"id": "bad-title", "text": "Some more text.", "title": ["a", "list"]},
        {"id": "", "text": "An empty id is no id."},
    ]
    path = write_jsonl(tmp_path / "news.jsonl", records)
    warnings: list[str] = []
    documents = list(read_jsonl(path, warn=warnings.append))
    assert [d.id for d in documents] == ["r1", "news:6", "bad-date", "bad-title", "news:9"]
    assert documents[2].published is None
    assert documents[3].title == ""
    assert all(str(path) in w and "\n" not in w for w in warnings)
    joined = "\n".join(warnings)
    assert f"skipped 2 records of {path}: not a JSON object (line 2: " in joined
    assert "line 3: a list" in joined
    assert f"skipped 2 records of {path}: no text (line 4; line 5)" in joined
    assert "the id <file stem>:<line>: no id (line 6: news:6; line 9: news:9)" in joined
    assert "kept 1 record of" in joined
    assert "line 7: 'yesterday'" in joined
    assert "without their title: title is not a string (line 8)" in joined
    assert len(warnings) == 5


def test_jsonl_without_warn_raises_at_the_first_problem(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "news.jsonl", [RECORD, "{not json", {"id": "x"}])
    with pytest.raises(InputError, match="not a JSON object") as caught:
        list(read_jsonl(path))
    assert f"{path}:2" in str(caught.value)


@pytest.mark.parametrize(
    ("encode", "encoding"),
    [
        (lambda text: text.encode("utf-8"), "utf-8"),
        (lambda text: codecs.BOM_UTF8 + text.encode("utf-8"), "utf-8"),
        (lambda text: text.encode("utf-16"), "utf-16"),
        (lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"), "utf-16"),
    ],
)
def test_jsonl_encodings(tmp_path: Path, encode: object, encoding: str) -> None:
    text = json.dumps({"id": "é", "text": "Le café “naïve” est fermé."}, ensure_ascii=False)
    path = tmp_path / "wide.jsonl"
    path.write_bytes(encode(text + "\r\n" + text.replace('"é"', '"è"')))  # type: ignore[operator]
    documents = list(read_jsonl(path))
    assert [d.id for d in documents] == ["é", "è"]
    assert documents[0].text == "Le café “naïve” est fermé."
    assert {d.encoding for d in documents} == {encoding}


def test_jsonl_cp1252_line_is_read_and_its_encoding_recorded(tmp_path: Path) -> None:
    good = json.dumps({"id": "a", "text": "Plain text."}).encode()
    latin = '{"id": "b", "text": "“Café” is open."}'.encode("cp1252")
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(good + b"\n" + latin + b"\n")
    documents, warnings = load_corpus([path])
    assert [(d.id, d.encoding, d.text) for d in documents] == [
        ("a", "utf-8", "Plain text."),
        ("b", "cp1252", "“Café” is open."),
    ]
    assert warnings == (f"read {path} as cp1252 (not UTF-8)",)


def test_empty_jsonl_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_text("\n \n", encoding="utf-8")
    with pytest.raises(InputError, match="empty"):
        list(read_jsonl(path))


def test_missing_jsonl(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFileError, match="no such file"):
        list(read_jsonl(tmp_path / "nowhere.jsonl"))


# --- CSV -----------------------------------------------------------------------


def csv_text(rows: list[list[str]], delimiter: str = ",") -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


def test_csv_records(tmp_path: Path) -> None:
    rows = [
        [" ID", "Text ", "title", "published", "outlet", "url", "extra column"],
        ["c1", "\n".join(STORY), TITLE, "2021-11-02", "Courier", "https://c.example/1", "x"],
        ["c2", "\n".join(OTHER), "", "", "", "", ""],
    ]
    path = tmp_path / "sheet.csv"
    path.write_text(csv_text(rows), encoding="utf-8")
    first, second = read_csv(path)
    assert (first.id, first.path, first.reader) == ("c1", f"{path}:2", "csv")
    assert (first.title, first.published, first.outlet) == (TITLE, dt.date(2021, 11, 2), "Courier")
    assert [s.text for s in segment(first)] == STORY
    assert (second.id, second.path) == ("c2", f"{path}:7")  # the story's 5 lines are one record
    assert (second.title, second.published, second.outlet, second.url) == ("", None, None, None)


@pytest.mark.parametrize(("suffix", "delimiter"), [(".csv", ";"), (".tsv", "\t"), (".csv", "|")])
def test_csv_delimiters(tmp_path: Path, suffix: str, delimiter: str) -> None:
    path = tmp_path / f"sheet{suffix}"
    path.write_text(csv_text([["id", "text"], ["a", "One, two; three."]], delimiter), "utf-8")
    (document,) = read_csv(path)
    assert document.text == "One, two; three."


def test_csv_cp1252(tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    text = "Le café “naïve” est fermé à Noël, dit-il."
    path.write_bytes(csv_text([["id", "text"], ["a", text]]).encode("cp1252"))
    (document,) = read_csv(path)
    assert (document.text, document.encoding) == (text, "cp1252")


def test_csv_problems(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_text("id,text\na,First text.\nb\n,No id here.\nd,Broken, row, here\n", "utf-8")
    warnings: list[str] = []
    documents = list(read_csv(path, warn=warnings.append))
    assert [d.id for d in documents] == ["a", "rows:4", "d"]
    assert documents[2].text == "Broken"
    assert len(warnings) == 3
    joined = "\n".join(warnings)
    assert "skipped 1 record of" in joined
    assert "no text (line 3)" in joined
    assert "no id (line 4: rows:4)" in joined
    assert "more fields than the header (line 5: 2 more)" in joined
    with pytest.raises(InputError, match=":3: no text"):
        list(read_csv(path))


def test_csv_without_a_text_column_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "nocol.csv"
    path.write_text("id,body\na,Some text.\n", encoding="utf-8")
    with pytest.raises(InputError, match="text column") as caught:
        list(read_csv(path))
    assert str(path) in str(caught.value)


def test_read_document_refuses_files_of_records(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "feed.ndjson", [RECORD])
    with pytest.raises(InputError, match="records"):
        read_document(path)
    assert [d.id for d in read_path(path)] == ["r1"]


RECORD_TEXT = st.text(
    alphabet=st.one_of(
        st.characters(blacklist_categories=("Cs", "Cc")), st.sampled_from("\n\t\r\u2028")
    ),
    min_size=1,
).filter(lambda text: text.strip() != "")


@given(texts=st.lists(RECORD_TEXT, min_size=1, max_size=4))
def test_records_round_trip(tmp_path_factory: pytest.TempPathFactory, texts: list[str]) -> None:
    folder = tmp_path_factory.mktemp("records")
    records = [{"id": f"r{i}", "text": text} for i, text in enumerate(texts)]
    jsonl = write_jsonl(folder / "r.jsonl", list(records))
    table = folder / "r.csv"
    table.write_text(csv_text([["id", "text"], *([r["id"], r["text"]] for r in records)]), "utf-8")
    expected = [(r["id"], r["text"].replace("\r\n", "\n").replace("\r", "\n")) for r in records]
    for documents in (read_jsonl(jsonl), read_csv(table)):
        assert [(d.id, d.text) for d in documents] == expected


# --- encodings -------------------------------------------------------------------

CP1252_TEXT = article(
    "Café owners fear the “long winter”", ["The café on the corner – Noël’s – closed early."]
)


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (CP1252_TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + CP1252_TEXT.encode("utf-8"), "utf-8-sig"),
        (codecs.BOM_UTF16_LE + CP1252_TEXT.encode("utf-16-le"), "utf-16"),
        (codecs.BOM_UTF16_BE + CP1252_TEXT.encode("utf-16-be"), "utf-16"),
        (CP1252_TEXT.encode("cp1252"), "cp1252"),
    ],
)
def test_text_encodings_are_decoded_and_reported(
    tmp_path: Path, data: bytes, encoding: str
) -> None:
    path = tmp_path / "cafe.txt"
    path.write_bytes(data)
    documents, warnings = load_corpus([path])
    (document,) = documents
    assert document.text == CP1252_TEXT  # the byte-order mark is stripped
    assert document.encoding == encoding
    if encoding in {"utf-8", "utf-8-sig"}:
        assert warnings == ()
    else:
        assert warnings == (f"read {path} as {encoding} (not UTF-8)",)


def test_undecodable_file_is_skipped_with_a_warning(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(article(TITLE, STORY), encoding="utf-8")
    (tmp_path / "noise.txt").write_bytes(bytes(range(0x80, 0x100)) * 3)
    documents, warnings = load_corpus([tmp_path])
    assert [d.id for d in documents] == ["good"]
    assert warnings == (
        f"skipped {tmp_path / 'noise.txt'}: expected text, got bytes in no known encoding",
    )
    with pytest.raises(UnreadableFileError):
        load_documents([tmp_path])


# --- corpora -------------------------------------------------------------------


def test_duplicate_ids_across_formats_name_both_places(tmp_path: Path) -> None:
    (tmp_path / "r1.txt").write_text(article(TITLE, STORY), encoding="utf-8")
    jsonl = write_jsonl(tmp_path / "feed.jsonl", [RECORD])
    with pytest.raises(InputError, match="'r1' is not unique") as caught:
        load_corpus([tmp_path])
    assert str(tmp_path / "r1.txt") in str(caught.value)
    assert f"{jsonl}:1" in str(caught.value)


def test_a_file_of_records_given_twice_is_read_once(tmp_path: Path) -> None:
    jsonl = write_jsonl(tmp_path / "feed.jsonl", [RECORD, {**RECORD, "id": "r2"}])
    documents, warnings = load_corpus([tmp_path, jsonl])
    assert [d.id for d in documents] == ["r1", "r2"]
    assert warnings == (f"{jsonl} was given twice: read once",)


def test_unknown_suffix_is_read_as_text_with_a_note(tmp_path: Path) -> None:
    path = tmp_path / "story.rtf"
    path.write_text(article(TITLE, STORY), encoding="utf-8")
    documents, warnings = load_corpus([path])
    assert [d.id for d in documents] == ["story"]
    assert warnings == (f"read {path} as plain text (the suffix .rtf is not a known format)",)


def test_basic_html_extractor_is_named_in_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "trafilatura", None)
    path = tmp_path / "courier.html"
    path.write_text(page(), encoding="utf-8")
    documents, warnings = load_corpus([path])
    assert [d.reader for d in documents] == ["html.parser"]
    (warning,) = warnings
    assert str(path) in warning
    assert "basic HTML extractor" in warning
    assert 'pip install "provenance-tracer[html]"' in warning


def test_strict_loading_raises_on_a_bad_record(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "feed.jsonl", [RECORD, "{not json"])
    assert len(load_corpus([tmp_path])[0]) == 1
    with pytest.raises(InputError, match=r"feed\.jsonl:2"):
        load_documents([tmp_path])


def test_a_file_of_only_bad_records_reads_nothing(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "feed.jsonl", ["{not json"])
    with pytest.raises(EmptyCorpusError):
        load_corpus([tmp_path])


# --- done when: a mixed folder traces with clear warnings and nothing lost -------


def mixed_folder(folder: Path) -> None:
    (folder / "story.txt").write_text(
        article(TITLE, STORY, "Published: 1 November 2021"), encoding="utf-8"
    )
    (folder / "courier.html").write_text(page(sentences=STORY[:4]), encoding="utf-8")
    write_jsonl(
        folder / "feed.jsonl",
        [
            {
                "id": "wire-1",
                "text": "\n".join(STORY[1:]),
                "title": TITLE,
                "published": "2021-11-03T08:00:00Z",
                "outlet": "Wire Service",
            },
            {"id": "wire-2", "text": "\n".join(OTHER), "title": OTHER_TITLE},
        ],
    )
    latin = [s.replace("bread", "“bread”").replace("Traders", "Café traders") for s in OTHER]
    (folder / "latin.txt").write_bytes(article(OTHER_TITLE, latin).encode("cp1252"))
    (folder / "empty.txt").write_bytes(b"")
    wide = article(TITLE, [*STORY[:3], "Our reporter could not verify these claims."])
    (folder / "wide.txt").write_bytes(wide.encode("utf-16"))


def linked_groups(edges: list[tuple[str, str]]) -> list[set[str]]:
    groups: list[set[str]] = []
    for a, b in edges:
        joined = [g for g in groups if a in g or b in g]
        groups = [g for g in groups if g not in joined] + [{a, b}.union(*joined)]
    return groups


def test_mixed_folder_traces_with_clear_warnings_and_nothing_lost(
    tmp_path: Path, extractor: str
) -> None:
    mixed_folder(tmp_path)
    result = trace(tmp_path)
    ids = {"courier", "latin", "story", "wide", "wire-1", "wire-2"}
    assert {d.id for d in result.documents} == ids  # every non-empty article, nothing lost
    by_id = {d.id: d for d in result.documents}
    assert by_id["courier"].published == dt.date(2021, 11, 2)
    assert by_id["wire-1"].outlet == "Wire Service"
    assert by_id["latin"].encoding == "cp1252"
    assert "“bread”" in by_id["latin"].body_text
    assert by_id["wide"].encoding == "utf-16"
    joined = "\n".join(result.warnings)
    assert f"skipped {tmp_path / 'empty.txt'}: expected article text, got an empty file" in joined
    assert f"read {tmp_path / 'latin.txt'} as cp1252 (not UTF-8)" in joined
    assert f"read {tmp_path / 'wide.txt'} as utf-16 (not UTF-8)" in joined
    basic = extractor == "html.parser"
    assert ("basic HTML extractor" in joined) is basic
    assert len(result.warnings) == 3 + basic
    textual = [(e.parent, e.child) for e in result.tree.edges if e.relation != "cites"]
    groups = linked_groups(textual)
    story_group = next(g for g in groups if "story" in g)
    assert {"story", "courier", "wire-1", "wide"} <= story_group
    assert not {"latin", "wire-2"} & story_group
    assert any({"latin", "wire-2"} <= g for g in groups)
    for child, parent in result.tree.parent:
        if child in by_id and parent in by_id:
            assert (
                by_id[parent].published is None
                or by_id[child].published is None
                or (by_id[parent].published <= by_id[child].published)
            )


# --- languages -----------------------------------------------------------------

LANGUAGES = {
    "fr": (
        "Des soldats afghans rejoignent l'État islamique",
        [
            "D'anciens membres des services de renseignement afghans ont rejoint l'État"
            " islamique dans l'est du pays, selon des responsables locaux.",
            "Le gouvernement taliban a démenti ces informations lors d'une conférence de"
            " presse à Kaboul dimanche.",
            "« Nous n'avons reçu aucun salaire depuis août ! »",
            "Les anciens soldats disent craindre pour leurs familles.",
            "Plusieurs familles de la province de Nangarhar ont confirmé le départ de leurs"
            " fils vers les montagnes.",
            "Les experts craignent que leur formation militaire ne renforce considérablement"
            " le groupe terroriste.",
        ],
    ),
    "de": (
        "Afghanische Soldaten schließen sich dem Islamischen Staat an",
        [
            "Ehemalige Mitglieder des afghanischen Geheimdienstes haben sich im Osten des"
            " Landes dem Islamischen Staat angeschlossen, sagten örtliche Beamte.",
            "Die Taliban-Regierung wies diese Berichte auf einer Pressekonferenz in Kabul"
            " am Sonntag zurück.",
            "„Wir haben seit August kein Gehalt bekommen.“",
            "Die früheren Soldaten fürchten um ihre Familien.",
            "Mehrere Familien in der Provinz Nangarhar bestätigten, dass ihre Söhne in die"
            " Berge gegangen sind.",
            "Experten befürchten, dass ihre militärische Ausbildung die Terrorgruppe"
            " erheblich stärken wird.",
        ],
    ),
    "es": (
        "Soldados afganos se unen al Estado Islámico",
        [
            "Antiguos miembros de los servicios de inteligencia afganos se han unido al"
            " Estado Islámico en el este del país, según funcionarios locales.",
            "El gobierno talibán negó estas informaciones en una rueda de prensa en Kabul"
            " el domingo.",
            "¿Por qué se unen?",
            "Los antiguos soldados afirman que no han recibido ningún salario desde agosto.",
            "Varias familias de la provincia de Nangarhar confirmaron la partida de sus"
            " hijos hacia las montañas.",
            "Los expertos temen que su formación militar refuerce considerablemente al"
            " grupo terrorista.",
        ],
    ),
    "ru": (
        "Афганские военные переходят в Исламское государство",
        [
            "Бывшие сотрудники афганской разведки присоединились к Исламскому государству"
            " на востоке страны, сообщили местные чиновники.",
            "Правительство талибов опровергло эти сообщения на пресс-конференции в Кабуле"
            " в воскресенье.",
            "«Мы не получали зарплату с августа».",
            "Бывшие военные опасаются за свои семьи.",
            "Несколько семей из провинции Нангархар подтвердили уход своих сыновей в горы.",
            "Эксперты опасаются, что их военная подготовка значительно усилит"
            " террористическую группировку.",
        ],
    ),
    "ar": (
        "جنود أفغان ينضمون إلى تنظيم الدولة الإسلامية",
        [
            "انضم أعضاء سابقون في جهاز المخابرات الأفغاني إلى تنظيم الدولة الإسلامية في"
            " شرق البلاد، بحسب مسؤولين محليين.",
            "ونفت حكومة طالبان هذه التقارير خلال مؤتمر صحفي في كابول يوم الأحد.",
            "لماذا ينضمون؟",
            "يقول الجنود السابقون إنهم لم يتلقوا أي راتب منذ سقوط الحكومة.",
            "وأكدت عدة عائلات في ولاية ننكرهار مغادرة أبنائها إلى الجبال خلال الأسابيع الماضية.",
            "ويخشى الخبراء أن يعزز تدريبهم العسكري الجماعة الإرهابية بشكل كبير.",
        ],
    ),
    "zh": (
        "阿富汗前士兵加入伊斯兰国",
        [
            "据当地官员称，阿富汗情报部门的前成员已在该国东部加入伊斯兰国组织。",
            "塔利班政府周日在喀布尔举行的新闻发布会上否认了这些报道。",
            "他们为什么加入？",
            "这些前士兵表示，自八月政府垮台以来，他们没有领到任何工资。",
            "楠格哈尔省的几个家庭证实，他们的儿子已经前往山区。",
            "专家担心，他们的军事训练将大大增强这个恐怖组织的实力。",
        ],
    ),
    "ja": (
        "アフガニスタンの元兵士がイスラム国に合流",
        [
            "地元当局者によると、アフガニスタンの情報機関の元職員が同国東部でイスラム国に加わった。",
            "タリバン政権は日曜日にカブールで開いた記者会見でこれらの報道を否定した。",
            "「給料を一切受け取っていない」と元兵士たちは述べている。",
            "ナンガルハル州の複数の家族が、息子たちが山岳地帯へ向かったことを確認した。",
            "専門家は、彼らの軍事訓練がテロ組織を大幅に強化することを懸念している。",
        ],
    ),
}
EDITS = {
    "fr": ("dimanche", "samedi"),
    "de": ("Sonntag", "Samstag"),
    "es": ("domingo", "sábado"),
    "ru": ("воскресенье", "субботу"),
    "ar": ("الأحد", "السبت"),
    "zh": ("周日", "星期日"),
    "ja": ("日曜日", "土曜日"),
}
UNSPACED = {"zh", "ja"}


def language_text(language: str, sentences: list[str]) -> str:
    """A title and the sentences, two to a line: each language's own rules must split them."""
    title, _ = LANGUAGES[language]
    joiner = "" if language in UNSPACED else " "
    pairs = [joiner.join(sentences[i : i + 2]) for i in range(0, len(sentences), 2)]
    return title + "\n\n" + "\n".join(pairs)


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_segmentation_of_other_languages(language: str) -> None:
    title, sentences = LANGUAGES[language]
    document = Document.from_text(language_text(language, sentences), language)
    assert document.title == title
    assert [s.text for s in segment(document)] == sentences


def copies(language: str) -> tuple[Document, Document]:
    _, sentences = LANGUAGES[language]
    old, new = EDITS[language]
    edited = [s.replace(old, new) for s in sentences[:-1]]  # the last sentence is cut
    return (
        Document.from_text(language_text(language, sentences), f"{language}-original"),
        Document.from_text(language_text(language, edited), f"{language}-copy"),
    )


def check_copies_align(language: str) -> None:
    original, copy = copies(language)
    alignment = align.align(segment(original), segment(copy))
    kinds = [p.kind for p in alignment.pairs]
    assert kinds.count("verbatim") >= 3, kinds
    assert len(kinds) >= 4, kinds  # the sentences kept (and the title), the edited one among them
    if language not in UNSPACED:
        # fuzz.ratio counts characters: one changed kanji in 35 is still "verbatim".
        assert "near" in kinds, kinds  # the sentence with the edited day
    result = trace_documents([original, copy])
    assert {(e.parent, e.child) for e in result.tree.edges if e.relation != "cites"} & {
        (original.id, copy.id),
        (copy.id, original.id),
    }


@pytest.mark.parametrize("language", ["fr", "de", "es", "ru", "ar"])
def test_copies_in_other_languages_align_and_link(language: str) -> None:
    check_copies_align(language)


@pytest.mark.parametrize("language", sorted(UNSPACED))
def test_copies_in_chinese_and_japanese_align_and_link(language: str) -> None:
    check_copies_align(language)


def test_accents_survive_normalisation() -> None:
    text = "Le ministre a déclaré que les négociations reprendront à Genève."
    normalised = align.normalise(text)
    assert normalised == "le ministre a déclaré que les négociations reprendront à genève"
    assert {"déclaré", "négociation", "reprendront"} <= align.content_words(normalised)


def test_decomposed_accents_still_align() -> None:
    # A copy saved in NFD (as macOS file systems do) against the NFC original.
    _, sentences = LANGUAGES["fr"]
    original = Document.from_text(language_text("fr", sentences), "nfc")
    copy = Document.from_text(unicodedata.normalize("NFD", language_text("fr", sentences)), "nfd")
    pairs = align.align(segment(original), segment(copy)).pairs
    assert len(pairs) == len(segment(original))
