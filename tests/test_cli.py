"""The command line: output on stdout, one-line errors on stderr, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_runner import invoke, one_line_error, runner

from provenance.cli import app

SEEDS = Path(__file__).parent.parent / "seeds"
DOCS = Path(__file__).parent.parent / "docs"
S000, S001, S002, S003, S004 = sorted(SEEDS.glob("*.txt"))


def test_trace_prints_the_tree() -> None:
    result = invoke(["trace", str(SEEDS)])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "The Wall Street Journal" in out
    for path in (S000, S001, S002, S003, S004):
        assert path.stem in out
    assert "settings:" in out  # every output says which thresholds were used
    assert result.stderr == ""


def test_trace_explain_shows_sentences_and_citations() -> None:
    result = invoke(["trace", str(SEEDS), "--explain"])
    assert result.exit_code == 0
    assert "Afghanistan has been witnessing a spike" in result.stdout
    assert "cites:" in result.stdout
    assert "why:" in result.stdout


def test_trace_json_is_clean_json_on_stdout() -> None:
    result = invoke(["trace", str(SEEDS), "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["schema"] == "provenance.trace/1"
    assert data["config"]["near_cutoff"] == 80.0


def test_show_removed() -> None:
    text = invoke(["trace", str(SEEDS), "--show-removed"])
    assert "Leave a Comment" in text.stdout
    as_json = json.loads(invoke(["trace", str(SEEDS), "--show-removed", "-f", "json"]).stdout)
    removed = [r["text"] for d in as_json["documents"] for r in d["removed"]]
    assert any("Leave a Comment" in r for r in removed)


def test_threshold_option() -> None:
    low = json.loads(invoke(["trace", str(SEEDS), "-f", "json"]).stdout)
    high = json.loads(invoke(["trace", str(SEEDS), "-f", "json", "--threshold", "99"]).stdout)
    assert high["config"]["score_cutoff"] == 99.0
    scores = [a["score"] for e in high["edges"] for a in e["evidence"]["aligned"]]
    assert all(s >= 99.0 for s in scores)
    assert len(scores) < len([a for e in low["edges"] for a in e["evidence"]["aligned"]])


def test_align_text_and_json() -> None:
    text = invoke(["align", str(S000), str(S003)])
    assert text.exit_code == 0
    assert "verbatim" in text.stdout
    result = invoke(["align", str(S000), str(S003), "--format", "json"])
    pairs = json.loads(result.stdout)
    assert pairs
    for pair in pairs:
        assert {"a_index", "b_index", "a_text", "b_text", "kind", "score"} <= set(pair)
    assert any(
        p["kind"] == "verbatim" and p["a_text"].startswith("Afghanistan has been") for p in pairs
    )


def test_sources() -> None:
    result = invoke(["sources", str(SEEDS), "--format", "json"])
    assert result.exit_code == 0
    listing = json.loads(result.stdout)
    wsj = [s for s in listing if s["id"] == "source:wall-street-journal"]
    assert len(wsj) == 1
    assert wsj[0]["kind"] == "media"
    assert {c["document"] for c in wsj[0]["citations"]} == {p.stem for p in SEEDS.glob("*.txt")}
    text = invoke(["sources", str(SEEDS)])
    assert "Khaama Press" in text.stdout


def test_error_missing_path(tmp_path: Path) -> None:
    assert "nowhere" in one_line_error(["trace", str(tmp_path / "nowhere")])


def test_error_empty_directory(tmp_path: Path) -> None:
    one_line_error(["trace", str(tmp_path)])


def test_error_binary_file(tmp_path: Path) -> None:
    (tmp_path / "picture.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    assert "picture.txt" in one_line_error(["trace", str(tmp_path / "picture.txt"), str(S000)])


def test_error_single_document() -> None:
    assert "at least 2" in one_line_error(["trace", str(S000)])


def test_error_align_missing_file(tmp_path: Path) -> None:
    one_line_error(["align", str(S000), str(tmp_path / "missing.txt")])


@pytest.mark.parametrize("command", [[], ["trace"], ["align"], ["sources"], ["report"], ["index"]])
def test_help_is_documented(command: list[str]) -> None:
    # docs/cli.md holds the generated --help of every command; regenerate with
    # `python tests/test_cli.py > docs/cli.md` when the options change.
    result = invoke([*command, "--help"])
    assert result.exit_code == 0
    assert result.stdout.strip() in (DOCS / "cli.md").read_text(encoding="utf-8")


def _help_markdown() -> str:
    parts = ["# Command-line reference", "", "Generated from `--help`; a test checks it.", ""]
    for command in ([], ["trace"], ["align"], ["sources"], ["report"], ["index"]):
        parts += [f"## `{' '.join(['provenance', *command])}`", "", "```"]
        parts += [invoke([*command, "--help"]).stdout.strip(), "```", ""]
    return "\n".join(parts)


if __name__ == "__main__":
    print(_help_markdown())


@pytest.mark.parametrize("fmt", ["dot", "graphml", "csv"])
def test_trace_exports_go_to_stdout(fmt: str) -> None:
    result = runner.invoke(app, ["trace", str(SEEDS), "--format", fmt])
    assert result.exit_code == 0, result.output
    first = result.stdout.splitlines()[0]
    assert {"dot": "digraph", "graphml": "<?xml", "csv": "a_document,"}[fmt] in first
