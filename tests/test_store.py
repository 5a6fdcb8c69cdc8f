"""The SQLite store: incremental adds equal a trace from scratch, in any order and batches;
a killed run resumes without losing or duplicating articles; the command line over it."""

from __future__ import annotations

import doctest
import json
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs
import pytest
from cli_runner import invoke, one_line_error
from hypothesis import given
from hypothesis import strategies as st
from strategies import derived_corpora

import provenance.store
from provenance.align import boilerplate
from provenance.config import TraceConfig
from provenance.errors import EmptyCorpusError, ProvenanceError
from provenance.load import document_from_text, load_corpus
from provenance.model import Document
from provenance.segment import segment
from provenance.store import AddResult, Store, StoreError, is_sqlite_file
from provenance.trace import Trace, boilerplate_warnings, trace_documents

SEEDS = Path(__file__).parent.parent / "seeds"
SEED_DOCUMENTS, _ = load_corpus([SEEDS])
#: The body sentences of the seed articles: real news text that really aligns.
SEED_SENTENCES = tuple(s.text for d in SEED_DOCUMENTS for s in segment(d))
#: The configs the properties run under: the defaults, and caps on copies low
#: enough that texts cross them as articles are added (the store then re-aligns).
CONFIGS = (
    TraceConfig(),
    attrs.evolve(TraceConfig(), max_copies=1),
    attrs.evolve(TraceConfig(), max_copies=2),
)


@st.composite
def seed_corpora(
    draw: st.DrawFn, *, min_documents: int = 2, max_documents: int = 6
) -> list[Document]:
    """Articles made of seed sentences drawn with repeats, so that they share sentences."""
    count = draw(st.integers(min_value=min_documents, max_value=max_documents))
    pool = st.sampled_from(SEED_SENTENCES[:40])
    return [
        document_from_text("\n\n".join(draw(st.lists(pool, min_size=1, max_size=8))), f"s{number}")
        for number in range(count)
    ]


@st.composite
def corpora(draw: st.DrawFn) -> list[Document]:
    """Generated copy trees (derived_corpora) or articles of shuffled seed sentences."""
    if draw(st.booleans()):
        return draw(seed_corpora())
    return [document_from_text(text, name) for name, text in draw(derived_corpora())]


def _build(
    path: Path, parts: Sequence[Sequence[Document]], config: TraceConfig, batch: int
) -> Trace:
    derived = None
    with Store.open(path, config=config) as store:
        for part in parts:
            store.add(part, batch=batch)
            if len(store) >= 2:  # after the first, each starts from the last one's derivation
                derived = store.trace()
    assert derived is not None
    with Store.open(path) as store:
        # Read back packed (provenance.packed), the derivation must not change.
        assert store.trace() == derived
    return derived


def _same(traced: Trace, expected: Trace) -> bool:
    """Equal but for the caps' warnings, which a batch may meet otherwise than the whole."""
    own = boilerplate_warnings(boilerplate(expected.sentences, expected.config), expected.config)
    return (
        attrs.evolve(traced, warnings=()) == attrs.evolve(expected, warnings=())
        and traced.warnings[: len(own)] == own
    )


@given(
    corpus=corpora(),
    config=st.sampled_from(CONFIGS),
    data=st.data(),
)
def test_adding_in_any_order_and_batches_equals_tracing_from_scratch(
    corpus: list[Document], config: TraceConfig, data: st.DataObject
) -> None:
    first = data.draw(st.lists(st.booleans(), min_size=len(corpus), max_size=len(corpus)))
    a = [d for d, chosen in zip(corpus, first, strict=True) if chosen]
    b = [d for d, chosen in zip(corpus, first, strict=True) if not chosen]
    batch = data.draw(st.integers(min_value=1, max_value=len(corpus)))
    expected = trace_documents(corpus, config=config)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        assert _same(_build(folder / "ab.db", [a, b], config, batch), expected)
        assert _same(_build(folder / "ba.db", [b[::-1], a], config, batch), expected)
        assert _same(_build(folder / "all.db", [corpus], config, batch), expected)


def test_a_text_crossing_max_copies_realigns_the_documents_holding_it(tmp_path: Path) -> None:
    shared = "The Taliban denied the reports of heavy fighting near the northern border."
    own = [
        "Officials in Kabul said the convoy crossed the bridge at dawn on Sunday.",
        "Residents of the village described a quiet evening after the long winter.",
        "The minister promised a new budget for the regional hospital this year.",
    ]
    documents = [document_from_text(f"{shared}\n\n{text}", f"d{k}") for k, text in enumerate(own)]
    config = attrs.evolve(TraceConfig(), max_copies=2)
    with Store.open(tmp_path / "news.db", config=config) as store:
        assert store.add(documents[:2]).realigned == 0
        before = store.trace()
        assert [(al.a, al.b) for al in before.alignments] == [("d0", "d1")]
        assert store.add(documents[2:]).realigned == 2
        after = store.trace()
    assert after.alignments == ()
    assert after == trace_documents(documents, config=config)
    assert "max_copies=2" in after.warnings[0]


def test_documents_round_trip_exactly(tmp_path: Path) -> None:
    records = tmp_path / "records.jsonl"
    record = {
        "id": "r1",
        "title": "Clashes in Kunduz",
        "text": "Clashes in Kunduz\n\nLeave a Comment\n\nFighting went on near the river.",
        "published": "2021-11-02",
        "outlet": "Khaama Press",
        "url": "https://example.org/r1",
    }
    records.write_text(json.dumps(record) + "\n", encoding="utf-8")
    documents, _ = load_corpus([records, *sorted(SEEDS.glob("*.txt"))])
    assert any(d.removed for d in documents)
    with Store.open(tmp_path / "news.db") as store:
        store.add(documents)
        assert store.documents() == documents
        assert store.trace().sentences == tuple(s for d in documents for s in segment(d))


def test_the_derivation_is_stored_and_reused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store.open(tmp_path / "news.db") as store:
        store.add(SEED_DOCUMENTS)
        first = store.trace()

        def fail(*args: object, **kwargs: object) -> Trace:
            raise AssertionError("derived again although nothing was added")

        monkeypatch.setattr("provenance.store.trace_aligned_from", fail)
        stages: list[str] = []
        assert store.trace(on_stage=stages.append) == first
        assert stages == ["load", "cite", "derive", "origins"]
    with Store.open(tmp_path / "news.db") as store:
        assert store.trace() == first


def _traced_seed_store(path: Path) -> Trace:
    """A new store at ``path`` holding the seed articles, and its first trace."""
    with Store.open(path) as store:
        store.add(SEED_DOCUMENTS)
        return store.trace()


def test_a_store_of_the_previous_version_opens_and_rebuilds_its_derivation(
    tmp_path: Path,
) -> None:
    path = tmp_path / "news.db"
    expected = _traced_seed_store(path)
    # What a provenance.store/2 file holds: the same tables but for no mentions
    # per sentence, and the derivation as JSON; no record of the code that made it.
    with sqlite3.connect(path) as db:
        db.execute("UPDATE meta SET value = 'provenance.store/2' WHERE key = 'schema'")
        db.execute("DELETE FROM meta WHERE key = 'code'")
        db.execute("ALTER TABLE sentences DROP COLUMN mentions")
        db.execute("DROP TABLE derivations")
        db.execute(
            "CREATE TABLE derivations (generation INTEGER PRIMARY KEY, tree TEXT NOT NULL,"
            " citations TEXT NOT NULL, sources TEXT NOT NULL, origins TEXT NOT NULL)"
        )
        db.execute(
            "INSERT INTO derivations SELECT value, '{}', '[]', '[]', '[]' FROM meta"
            " WHERE key = 'generation'"
        )
    db.close()
    older = "aligned in part by another version of provenance (code unknown"
    with Store.open(path) as store:
        traced = store.trace()
        assert _same_but_older(traced, expected, older)
    with Store.open(path) as store:  # and it was stored again, packed
        assert store.trace() == traced
        # Sentences stored before mentions were (NULL) and after are traced alike.
        new = document_from_text("Fighting went on near the river, Reuters reported.", "new")
        store.add([new])
        assert _same_but_older(store.trace(), trace_documents([*SEED_DOCUMENTS, new]), older)
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone() == (
            provenance.store.SCHEMA,
        )
    db.close()


def _same_but_older(traced: Trace, expected: Trace, older: str) -> bool:
    """Equal, but for one more warning: the store's alignments are older code's."""
    return (
        attrs.evolve(traced, warnings=traced.warnings[:-1]) == expected
        and older in traced.warnings[-1]
    )


def _other_code(path: Path) -> None:
    """Make the store at ``path`` look written by another version of provenance."""
    with sqlite3.connect(path) as db:
        db.execute("UPDATE meta SET value = 'c0ffee000000' WHERE key = 'code'")
    db.close()


def _cached_rows(path: Path) -> tuple[int, int]:
    """The stored derivations, and the sentences with stored attribution phrases."""
    with sqlite3.connect(path) as db:
        found = (
            db.execute("SELECT count(*) FROM derivations").fetchone()[0],
            db.execute("SELECT count(*) FROM sentences WHERE mentions IS NOT NULL").fetchone()[0],
        )
    db.close()
    return found


def test_a_store_of_other_code_drops_its_caches_and_says_its_alignments_are_older(
    tmp_path: Path,
) -> None:
    path = tmp_path / "news.db"
    expected = _traced_seed_store(path)
    derivations, phrases = _cached_rows(path)
    assert derivations == 1
    assert phrases > 0
    _other_code(path)
    with Store.open(path) as store:
        assert _cached_rows(path) == (0, 0)  # derived and cited again, from the articles
        traced = store.trace()
    assert _same_but_older(traced, expected, "another version of provenance (code c0ffee000000")
    with Store.open(path) as store:  # the alignments stay the other code's: it still says so
        assert store.trace().warnings == traced.warnings
    with sqlite3.connect(path) as db:
        code = db.execute("SELECT value FROM meta WHERE key = 'code'").fetchone()[0]
    db.close()
    assert code == provenance.store.code_version()


def test_a_read_only_store_of_other_code_is_traced_without_its_caches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "news.db"
    expected = _traced_seed_store(path)
    _other_code(path)
    with sqlite3.connect(path) as db:  # caches that are not this code's: using them shows
        db.execute("UPDATE sentences SET mentions = '[]'")  # no citations
        # No unoriented links: no unseen common sources.
        db.execute("UPDATE derivations SET links = '[[], [], [], []]'")
    db.close()

    def read_only(self: Store) -> Any:
        error = sqlite3.OperationalError("attempt to write a readonly database")
        error.sqlite_errorname = "SQLITE_READONLY"
        raise error

    monkeypatch.setattr(Store, "_writing", read_only)
    with Store.open(path) as store:
        traced = store.trace()
    assert _same_but_older(traced, expected, "(code c0ffee000000")


def test_a_damaged_derivation_is_a_store_error(tmp_path: Path) -> None:
    path = tmp_path / "news.db"
    _traced_seed_store(path)
    with sqlite3.connect(path) as db:
        db.execute("UPDATE derivations SET origins = x'00'")
    db.close()
    with Store.open(path) as store, pytest.raises(StoreError, match=r"news\.db: .*damaged"):
        store.trace()


def test_adding_the_same_articles_again_skips_them(tmp_path: Path) -> None:
    with Store.open(tmp_path / "news.db") as store:
        assert store.add(SEED_DOCUMENTS[:3]) == AddResult(added=3, skipped=0, realigned=0, total=3)
        assert store.add(SEED_DOCUMENTS) == AddResult(added=2, skipped=3, realigned=0, total=5)
        assert store.add(SEED_DOCUMENTS) == AddResult(added=0, skipped=5, realigned=0, total=5)
        assert store.trace() == trace_documents(SEED_DOCUMENTS)


def test_same_id_with_other_text_is_refused_and_its_batch_is_not_stored(tmp_path: Path) -> None:
    first = document_from_text("Fighting went on near the river all night long.", "x")
    other = document_from_text("Nothing happened near the river all night long.", "x", "b.txt")
    fine = document_from_text("The convoy crossed the bridge at dawn on Sunday.", "y")
    with Store.open(tmp_path / "news.db") as store:
        store.add([first])
        with pytest.raises(StoreError, match="'x' is already in the store with different text"):
            store.add([fine, other], batch=2)
        assert len(store) == 1
        with pytest.raises(StoreError, match="'x'"):
            store.add([other, first])
        assert store.documents() == (first,)


def test_not_a_store(tmp_path: Path) -> None:
    article = SEEDS / sorted(p.name for p in SEEDS.glob("*.txt"))[0]
    with pytest.raises(StoreError, match="not a provenance store"):
        Store.open(article)
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE things (id INTEGER)")
    connection.close()
    assert is_sqlite_file(other)
    assert not is_sqlite_file(article)
    with pytest.raises(StoreError, match="of something else"):
        Store.open(other)
    with pytest.raises(StoreError, match="directory"):
        Store.open(tmp_path)
    with pytest.raises(StoreError, match="no such store"):
        Store.open(tmp_path / "missing.db", create=False)
    assert issubclass(StoreError, ProvenanceError)
    assert issubclass(StoreError, ValueError)


def test_a_store_keeps_its_config(tmp_path: Path) -> None:
    config = attrs.evolve(TraceConfig(), near_cutoff=85.0)
    Store.open(tmp_path / "news.db", config=config).close()
    with Store.open(tmp_path / "news.db") as store:
        assert store.config == config
    with pytest.raises(StoreError, match=r"near_cutoff=85\.0, not 80\.0"):
        Store.open(tmp_path / "news.db", config=TraceConfig())


def test_tracing_needs_two_articles(tmp_path: Path) -> None:
    with Store.open(tmp_path / "news.db") as store:
        with pytest.raises(EmptyCorpusError, match="holds 0"):
            store.trace()
        store.add(SEED_DOCUMENTS[:1])
        with pytest.raises(EmptyCorpusError, match="holds 1"):
            store.trace()


def test_docstring_examples() -> None:
    result = doctest.testmod(provenance.store)
    assert result.attempted > 0
    assert result.failed == 0


# Killed and resumed ---------------------------------------------------------


def _article_files(folder: Path, count: int) -> None:
    """``count`` articles of seed sentences, each sharing sentences with its neighbours."""
    folder.mkdir()
    sentences = SEED_SENTENCES
    for number in range(count):
        picked = [sentences[(number * 7 + k * 3) % len(sentences)] for k in range(6)]
        (folder / f"a{number:03}.txt").write_text("\n\n".join(picked) + "\n", encoding="utf-8")


def _stored(path: Path) -> int:
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1.0) as connection:
            return int(connection.execute("SELECT count(*) FROM documents").fetchone()[0])
    except sqlite3.Error:
        return 0


def test_a_killed_index_resumes_without_losing_or_duplicating(tmp_path: Path) -> None:
    articles, db, total = tmp_path / "articles", tmp_path / "news.db", 120
    _article_files(articles, total)
    command = [sys.executable, "-m", "provenance", "index", str(db), str(articles)]
    process = subprocess.Popen([*command, "--batch", "1", "--quiet"])
    deadline = time.monotonic() + 60
    while _stored(db) == 0 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL
    stored = _stored(db)
    assert 0 < stored < total  # killed after the first batch committed, before the last

    resumed = invoke(["index", str(db), str(articles)])
    assert resumed.exit_code == 0, resumed.output
    assert f"indexed {total - stored} new articles ({total} in the store)" in resumed.stderr
    assert f"{stored} already there, skipped" in resumed.stderr
    documents, _ = load_corpus([articles])
    with Store.open(db) as store:
        assert store.documents() == documents
        assert store.trace() == trace_documents(documents)


# The command line -------------------------------------------------------------


def test_index_then_trace_the_store_prints_the_tree_of_the_articles(tmp_path: Path) -> None:
    db = str(tmp_path / "news.db")
    indexed = invoke(["index", db, str(SEEDS)])
    assert indexed.exit_code == 0, indexed.output
    assert indexed.stdout == ""
    assert indexed.stderr == "indexed 5 new articles (5 in the store)\n"
    again = invoke(["index", db, str(SEEDS)])
    assert again.stderr == ("indexed 0 new articles (5 in the store); 5 already there, skipped\n")
    for options in ([], ["--explain"], ["-f", "json"], ["-f", "csv"]):
        from_store = invoke(["trace", db, *options])
        assert from_store.exit_code == 0, from_store.output
        assert from_store.stdout == invoke(["trace", str(SEEDS), *options]).stdout
        assert from_store.stderr == ""


def test_index_quiet_prints_nothing(tmp_path: Path) -> None:
    result = invoke(["index", str(tmp_path / "news.db"), str(SEEDS), "--quiet", "--batch", "2"])
    assert result.exit_code == 0, result.output
    assert result.output == ""


def test_report_reads_a_store(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    invoke(["index", str(db), str(SEEDS)])
    page = tmp_path / "report.html"
    result = invoke(["report", str(db), "-o", str(page)])
    assert result.exit_code == 0, result.output
    assert "The Wall Street Journal" in page.read_text(encoding="utf-8")


def test_cli_errors(tmp_path: Path) -> None:
    article = next(SEEDS.glob("*.txt"))
    assert "not a provenance store" in one_line_error(["index", str(article), str(SEEDS)])
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE things (id INTEGER)").connection.close()
    assert "not a provenance store" in one_line_error(["trace", str(other)])
    db = str(tmp_path / "news.db")
    invoke(["index", db, str(article)])
    assert "at least 2" in one_line_error(["trace", db])
    assert "score_cutoff=0.0, not 50.0" in one_line_error(["trace", db, "--threshold", "50"])
    changed = tmp_path / "changed"
    changed.mkdir()
    (changed / article.name).write_text("Another text altogether, it seems.\n", encoding="utf-8")
    assert "already in the store with different text" in one_line_error(["index", db, str(changed)])
