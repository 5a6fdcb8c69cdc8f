"""Running the CLI in tests: one runner, fixed width and no colour, and the one-line error check."""

from __future__ import annotations

from typer.testing import CliRunner, Result

from provenance.cli import app

runner = CliRunner(env={"COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"})


def invoke(args: list[str]) -> Result:
    """``provenance ARGS`` in this process."""
    return runner.invoke(app, args, prog_name="provenance")


def one_line_error(args: list[str]) -> str:
    """The error line of a command that must fail with exit 1, one line on stderr, no traceback."""
    result = invoke(args)
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    return lines[0]
