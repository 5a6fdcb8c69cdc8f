"""The README's library example runs as written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent


def test_the_readme_library_example_runs(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (example,) = re.findall(r"```python\n(.*?)```", readme, flags=re.DOTALL)
    monkeypatch.chdir(ROOT)  # the example uses the relative path seeds/, as a reader would
    exec(compile(example, "README.md", "exec"), {})
    out = capsys.readouterr().out
    assert "source:wall-street-journal" in out
    assert '"schema": "provenance.trace/1"' in out
