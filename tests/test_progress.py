"""The progress bar: on stderr in a terminal, silent otherwise or with --quiet."""

from __future__ import annotations

import os
import pty
import select
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from provenance.cli import app

SEEDS = Path(__file__).parent.parent / "seeds"


def _in_a_terminal(*args: str) -> tuple[int, str]:
    """Run the CLI with stderr (only) on a pseudo-terminal; the terminal's text."""
    command = shutil.which("provenance")
    argv = [command] if command else [sys.executable, "-m", "provenance"]
    main, side = pty.openpty()
    child = subprocess.Popen(
        [*argv, *args],
        stdout=subprocess.DEVNULL,
        stderr=side,
        env={**os.environ, "COLUMNS": "100", "TERM": "xterm"},
    )
    os.close(side)
    chunks: list[bytes] = []
    while True:
        ready, _, _ = select.select([main], [], [], 60)
        if not ready:
            break
        try:
            chunk = os.read(main, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(main)
    return child.wait(timeout=60), b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_a_terminal_sees_the_stages_go_by() -> None:
    code, shown = _in_a_terminal("trace", str(SEEDS))
    assert code == 0
    assert "tracing" in shown
    assert "done" in shown  # the stages as they end (the seeds end too fast to see each)


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_quiet_silences_the_bar_in_a_terminal() -> None:
    code, shown = _in_a_terminal("trace", str(SEEDS), "--quiet")
    assert code == 0
    assert "tracing" not in shown


def test_no_bar_when_stderr_is_not_a_terminal() -> None:
    result = CliRunner().invoke(app, ["trace", str(SEEDS)])
    assert result.exit_code == 0
    assert "tracing" not in result.stderr
    assert "tracing" not in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--scheduler", "tcp://127.0.0.1:1"], "--scheduler: needs --engine dask"),
        (["--jobs", "0"], "--jobs"),
    ],
)
def test_engine_options_are_checked(args: list[str], message: str) -> None:
    result = CliRunner().invoke(app, ["trace", str(SEEDS), *args])
    assert result.exit_code != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_jobs_do_not_change_the_tree() -> None:
    one = CliRunner().invoke(app, ["trace", str(SEEDS), "--jobs", "1", "-f", "json"])
    two = CliRunner().invoke(app, ["trace", str(SEEDS), "--jobs", "2", "-f", "json"])
    assert one.exit_code == two.exit_code == 0
    assert one.stdout == two.stdout
