"""The examples in the docstrings run and say what they show."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "provenance._gc",
    "provenance.align",
    "provenance.cite",
    "provenance.config",
    "provenance.evidence",
    "provenance.export",
    "provenance.index",
    "provenance.load",
    "provenance.readers",
    "provenance.report",
    "provenance.segment",
    "provenance.trace",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0, f"{name} lists no examples: drop it from MODULES"
    assert result.failed == 0


def test_import_does_not_pull_in_the_cli() -> None:
    import subprocess
    import sys

    code = "import sys, provenance; print('typer' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
