"""``python -m benchmarks COMMAND [ARGS]`` from the repository root.

Commands: ``quick`` (under two minutes: the two 50-article accuracy targets, the
real data sets, speed at 100 and 1,000 articles), ``full`` (everything; with
``--output docs/benchmarks.md`` it writes the results page), and each part on
its own: ``simulate``, ``accuracy``, ``realdata``, ``speed``. ``scale`` (1,000 to
100,000 articles, the store, against the scale targets; ``--quick`` for 1,000 and
2,000, ``-o FILE`` to write its page) is in neither suite: its full run takes long.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path

PARTS = {
    "simulate": "benchmarks.simulate",
    "accuracy": "benchmarks.accuracy",
    "realdata": "benchmarks.realdata",
    "speed": "benchmarks.speed",
    "scale": "benchmarks.scale",
}
# The argument lists each part gets in a quick and in a full run.
SUITES: dict[str, list[tuple[str, list[str]]]] = {
    "quick": [("accuracy", ["--quick"]), ("realdata", []), ("speed", ["quick"])],
    "full": [("accuracy", []), ("realdata", []), ("speed", ["full"])],
}


def _entry(part: str) -> Callable[[list[str]], int]:
    main: Callable[[list[str]], int] = importlib.import_module(PARTS[part]).main
    return main


def _machine() -> str:
    import os

    import provenance

    return (
        f"provenance {provenance.__version__}, Python {platform.python_version()}, "
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores"
    )


def run_suite(name: str, output: Path | None) -> int:
    """Run every part of a suite; print (and optionally write) one Markdown page."""
    sections = [
        f"## `python -m benchmarks {name}`",
        "",
        f"Measured on {time.strftime('%Y-%m-%d')}: {_machine()}.",
        "",
    ]
    status = 0
    for part, args in SUITES[name]:
        buffer = io.StringIO()
        started = time.perf_counter()
        with contextlib.redirect_stdout(buffer):
            code = _entry(part)(args)
        status = status or code
        took = time.perf_counter() - started
        print(buffer.getvalue(), flush=True)
        print(f"({part}: {took:.0f} s)", file=sys.stderr, flush=True)
        sections += [buffer.getvalue().rstrip(), "", f"_{part}: {took:.0f} s._", ""]
    if output is not None:
        output.write_text("\n".join(sections) + "\n", encoding="utf-8")
        print(f"wrote {output}", file=sys.stderr)
    return status


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] in {"-h", "--help"}:
        print(__doc__)
        return 0 if args else 2
    command, rest = args[0], args[1:]
    if command in SUITES:
        output = None
        if rest[:1] in (["--output"], ["-o"]) and len(rest) == 2:
            output = Path(rest[1])
        elif rest:
            print(
                f"error: {command} takes only --output FILE, got {' '.join(rest)}", file=sys.stderr
            )
            return 2
        return run_suite(command, output)
    if command in PARTS:
        return _entry(command)(rest)
    print(
        f"error: unknown command {command!r}; expected one of {', '.join([*SUITES, *PARTS])}",
        file=sys.stderr,
    )
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
