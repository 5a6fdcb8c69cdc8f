"""The ``provenance`` command: a thin shell over the library.

Data (the tree, JSON) goes to stdout; warnings and errors go to stderr, one
line each, so ``provenance trace x --format json > tree.json`` stays clean.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Protocol

import attrs
import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from provenance import __version__
from provenance.align import align
from provenance.config import TraceConfig
from provenance.engine import Engine, LocalEngine
from provenance.errors import InputError, ProvenanceError
from provenance.export import pairs_to_csv, to_dot, to_graphml
from provenance.load import load_corpus, read_document
from provenance.render import render_alignment, render_removed, render_sources, render_tree
from provenance.report import render_html
from provenance.segment import segment
from provenance.serialize import alignment_to_list, sources_to_list, trace_to_json
from provenance.store import Store, is_sqlite_file
from provenance.trace import Trace, list_sources, trace

app = typer.Typer(
    help="Trace where the text of a news story came from: who copied whom.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class Format(StrEnum):
    """Output formats."""

    text = "text"
    json = "json"


class TraceFormat(StrEnum):
    """Output formats of ``trace``: the tree, or an export for another tool."""

    text = "text"
    json = "json"
    dot = "dot"
    graphml = "graphml"
    csv = "csv"


# Each export is one function of the trace (provenance.export).
EXPORTS: dict[TraceFormat, Callable[[Trace], str]] = {
    TraceFormat.dot: to_dot,
    TraceFormat.graphml: to_graphml,
    TraceFormat.csv: pairs_to_csv,
}

Paths = Annotated[
    list[Path],
    typer.Argument(help="Articles (.txt, .html, .jsonl, .csv files) or directories of them."),
]
TracedPaths = Annotated[
    list[Path],
    typer.Argument(
        help="Articles (.txt, .html, .jsonl, .csv files) or directories of them; or one"
        " store built by `provenance index` (docs/store.md)."
    ),
]
FormatOption = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
TraceFormatOption = Annotated[
    TraceFormat,
    typer.Option(
        "--format",
        "-f",
        help="Output format: the tree as text or JSON; Graphviz dot, GraphML, or the"
        " aligned sentence pairs as CSV (docs/exports.md).",
    ),
]
Threshold = Annotated[
    float,
    typer.Option(
        "--threshold",
        min=0.0,
        max=100.0,
        help="Drop aligned pairs scoring below this (0-100).",
    ),
]

ShowRemoved = Annotated[
    bool, typer.Option("--show-removed", help="Also show what was stripped as boilerplate.")
]


def _out() -> Console:
    return Console(highlight=False, soft_wrap=False)


def _fail(error: ProvenanceError) -> typer.Exit:
    typer.echo(f"error: {error}", err=True)
    return typer.Exit(1)


def _warn(warnings: tuple[str, ...]) -> None:
    for warning in warnings:
        typer.echo(f"warning: {warning}", err=True)


class EngineName(StrEnum):
    """Where the alignment's scoring runs."""

    local = "local"
    dask = "dask"


Jobs = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        "-j",
        min=1,
        help="Cores to use: rapidfuzz threads (local engine) or the workers of a local"
        " dask cluster. Default: all available.",
    ),
]
EngineOption = Annotated[
    EngineName,
    typer.Option(
        "--engine",
        help="Where the alignment's scoring runs: this process, or a dask cluster"
        " (extra 'dask'; docs/cluster.md). The result is the same.",
    ),
]
Scheduler = Annotated[
    str | None,
    typer.Option(
        "--scheduler",
        help="A running dask scheduler (tcp://host:8786) for --engine dask;"
        " without it a local cluster is started.",
    ),
]
Quiet = Annotated[
    bool,
    typer.Option("--quiet", "-q", help="No progress bar (shown only when stderr is a terminal)."),
]
# The stages a trace reports, in order (provenance.trace.trace's on_stage).
STAGES = ("load", "segment", "align", "cite", "derive", "origins")


class Step(Protocol):
    """What :func:`_progress` yields: called as each piece of work ends."""

    def __call__(self, done: str, completed: int | None = None) -> None: ...


@contextmanager
def _engine(name: EngineName, scheduler: str | None, jobs: int | None) -> Iterator[Engine]:
    """The engine the options ask for, open for the duration of the command."""
    if scheduler is not None and name is not EngineName.dask:
        raise InputError("--scheduler: needs --engine dask")
    if name is EngineName.dask:
        from provenance.dask_engine import dask_engine  # the optional extra

        with dask_engine(scheduler, jobs=jobs) as engine:
            yield engine
        return
    yield LocalEngine(jobs) if jobs else LocalEngine()


@contextmanager
def _progress(quiet: bool, what: str, total: int) -> Iterator[Step | None]:
    """A progress bar on stderr; None when quiet or not a terminal.

    ``step(done)`` advances it by one; ``step(done, completed)`` moves it to ``completed``.
    """
    console = Console(stderr=True)
    if quiet or not console.is_terminal:
        yield None
        return
    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task(what, total=total)

        def step(done: str, completed: int | None = None) -> None:
            if completed is None:
                bar.advance(task)
            else:
                bar.update(task, completed=completed)
            bar.update(task, description=f"{what}: {done} done")

        yield step


def _trace(
    paths: list[Path],
    config: TraceConfig,
    *,
    engine: EngineName = EngineName.local,
    scheduler: str | None = None,
    jobs: int | None = None,
    quiet: bool = False,
) -> Trace:
    """Trace the articles in ``paths``, or the store that is their only path."""
    bar = _progress(quiet, "tracing", len(STAGES))
    with _engine(engine, scheduler, jobs) as chosen, bar as step:
        if len(paths) == 1 and is_sqlite_file(paths[0]):
            with Store.open(paths[0], config=config, create=False) as store:
                return store.trace(on_stage=step)
        return trace(paths, config=config, engine=chosen, on_stage=step)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"provenance {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Trace where the text of a news story came from: who copied whom."""


@app.command("trace")
def trace_command(
    paths: TracedPaths,
    output: TraceFormatOption = TraceFormat.text,
    explain: Annotated[
        bool, typer.Option("--explain", help="Show each edge's evidence: aligned pairs, citations.")
    ] = False,
    threshold: Threshold = 0.0,
    show_removed: ShowRemoved = False,
    jobs: Jobs = None,
    engine: EngineOption = EngineName.local,
    scheduler: Scheduler = None,
    quiet: Quiet = False,
) -> None:
    """Print the derivation tree of the articles: who copied whom."""
    config = attrs.evolve(TraceConfig(), score_cutoff=threshold)
    try:
        result = _trace(paths, config, engine=engine, scheduler=scheduler, jobs=jobs, quiet=quiet)
    except ProvenanceError as error:
        raise _fail(error) from None
    _warn(result.warnings)
    if output is TraceFormat.json:
        typer.echo(trace_to_json(result, show_removed=show_removed))
        return
    if output in EXPORTS:
        try:
            exported = EXPORTS[output](result)
        except ProvenanceError as error:
            raise _fail(error) from None
        sys.stdout.write(exported)
        return
    console = _out()
    console.print(render_tree(result, explain=explain))
    if show_removed:
        console.print(render_removed(result))


@app.command("align")
def align_command(
    a: Annotated[Path, typer.Argument(help="The first article.")],
    b: Annotated[Path, typer.Argument(help="The second article.")],
    output: FormatOption = Format.text,
    threshold: Threshold = 0.0,
) -> None:
    """Show the aligned sentence pairs of two articles side by side."""
    try:
        doc_a, doc_b = read_document(a), read_document(b)
    except ProvenanceError as error:
        raise _fail(error) from None
    sent_a, sent_b = segment(doc_a), segment(doc_b)
    config = attrs.evolve(TraceConfig(), score_cutoff=threshold)
    alignment = align(sent_a, sent_b, config=config)
    if output is Format.json:
        typer.echo(
            json.dumps(alignment_to_list(alignment, sent_a, sent_b), indent=2, ensure_ascii=False)
        )
        return
    _out().print(render_alignment(alignment, sent_a, sent_b, config))


@app.command("sources")
def sources_command(paths: Paths, output: FormatOption = Format.text) -> None:
    """List the named sources (outlets, agencies, people) and where each is cited."""
    try:
        listing = list_sources(paths)
    except ProvenanceError as error:
        raise _fail(error) from None
    _warn(listing.warnings)
    if output is Format.json:
        typer.echo(json.dumps(sources_to_list(listing), indent=2, ensure_ascii=False))
        return
    _out().print(render_sources(listing))


@app.command("report")
def report_command(
    paths: TracedPaths,
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", help="The HTML file to write (overwritten); '-' for stdout."
        ),
    ],
    threshold: Threshold = 0.0,
    show_removed: ShowRemoved = False,
    jobs: Jobs = None,
    engine: EngineOption = EngineName.local,
    scheduler: Scheduler = None,
    quiet: Quiet = False,
) -> None:
    """Write the trace as one self-contained HTML page: the tree and every edge's evidence."""
    to_stdout = str(output) == "-"
    if not to_stdout and not output.parent.is_dir():
        raise _fail(InputError(f"--output: directory {output.parent} does not exist"))
    if output.is_dir():
        raise _fail(InputError(f"--output: {output} is a directory, expected a file name"))
    try:
        result = _trace(
            paths,
            attrs.evolve(TraceConfig(), score_cutoff=threshold),
            engine=engine,
            scheduler=scheduler,
            jobs=jobs,
            quiet=quiet,
        )
    except ProvenanceError as error:
        raise _fail(error) from None
    _warn(result.warnings)
    page = render_html(result, show_removed=show_removed)
    if to_stdout:
        typer.echo(page, nl=False)
        return
    try:
        output.write_text(page, encoding="utf-8")
    except OSError as error:
        raise _fail(InputError(f"--output: cannot write {output}: {error.strerror}")) from None
    typer.echo(f"wrote {output}", err=True)


@app.command("index")
def index_command(
    db: Annotated[
        Path, typer.Argument(help="The store: an SQLite file, created if it does not exist.")
    ],
    paths: Paths,
    batch: Annotated[
        int,
        typer.Option(
            "--batch",
            min=1,
            help="Articles per transaction: a killed run loses at most one batch.",
        ),
    ] = 500,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress and no summary, only problems.")
    ] = False,
    jobs: Jobs = None,
    engine: EngineOption = EngineName.local,
    scheduler: Scheduler = None,
) -> None:
    """Add articles to a store, aligning only the new ones; `trace DB` then reads it."""
    try:
        with Store.open(db) as store, _engine(engine, scheduler, jobs) as chosen:
            documents, warnings = load_corpus(paths)
            _warn(warnings)
            with _progress(quiet, "indexing", len(documents)) as step:
                result = store.add(
                    documents,
                    batch=batch,
                    engine=chosen,
                    on_progress=None
                    if step is None
                    else lambda done, total: step(f"{done:,}/{total:,} articles", done),
                )
            _warn(result.warnings)
            if result.added and result.total >= 2:
                store.trace()  # derive now, so that `trace DB` reads the stored tree
    except ProvenanceError as error:
        raise _fail(error) from None
    if not quiet:
        present = f"; {result.skipped:,} already there, skipped" if result.skipped else ""
        typer.echo(
            f"indexed {result.added:,} new {_articles(result.added)}"
            f" ({result.total:,} in the store){present}",
            err=True,
        )


def _articles(count: int) -> str:
    return "article" if count == 1 else "articles"


def main() -> None:
    """The console-script entry point."""
    app()
