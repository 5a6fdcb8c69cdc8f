"""Accuracy on real data with known truth: Darwin, Clough–Stevenson, Notre besoin, the seeds.

The data is other people's and is not kept in the repository: it is read from
``../shared/data`` next to the repository root (``$PROVENANCE_DATA`` or
``--data DIR`` name another place; its ``README.md`` describes each set). When
a set is missing it is skipped with a message that says where to put it. The
seeds and their labelled sentence pairs (``tests/cases/seed_pairs.json``) are
in the repository and always run. Run from the repository root::

    python -m benchmarks.realdata              # every set, one Markdown table each
    python -m benchmarks.realdata darwin seeds --data /elsewhere/data

Each set has a function returning a frozen result (counts, the scores derived
from them, the configuration and the wall time); they only read files, and
the scoring helpers below them are pure functions of a trace and a truth.

How things are counted (the same rules for every set):

- **Parent accuracy**: over the truth's documents, the share whose primary
  parent is a true parent (a witness with two true parents is right with
  either). A true root is right when its primary parent is no document and no
  latent node (none, or a named external source, which no truth here knows).
- **Latent nodes**: a latent node of the prediction stands for a hypothetical
  node of the truth (a lost copy) when the documents below it in the primary
  tree are exactly the extant documents below the hypothetical one; it is then
  renamed to it. Unmatched latent nodes keep their ids and never match.
- **Edge P/R/F1**: the primary tree's edges into documents and matched
  latent nodes against the truth's edges, directed and undirected. Edges from
  external sources are left out; an edge from an unmatched latent node counts,
  and is always wrong.
- **Direction accuracy**: over the truth's edges between two documents that
  the prediction links directly, the share it orients right. The prediction's
  direction is that of its primary edge between the two when there is one,
  otherwise that of its strongest edge between them in ``tree.edges``.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import itertools
import json
import os
import re
import sys
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

import attrs
from attrs import frozen

from provenance import (
    DerivationTree,
    Document,
    InputError,
    Sentence,
    Trace,
    TraceConfig,
    document_from_text,
    load_corpus,
    trace_documents,
)
from provenance.align import align, content_words, normalise

__all__ = [
    "PRF",
    "SETS",
    "AnswerVerdict",
    "BesoinResult",
    "CloughResult",
    "Confusion",
    "DarwinResult",
    "DataFormatError",
    "Fact",
    "MissingDataError",
    "Paragraph",
    "SeedResult",
    "TreeScores",
    "Truth",
    "answer_verdicts",
    "clough_stevenson",
    "confusion",
    "darwin_origin",
    "data_dir",
    "gold_window_pairs",
    "main",
    "notre_besoin",
    "paragraph_at",
    "parse_dot",
    "restrict",
    "score_tree",
    "seed_facts",
    "seeds",
    "strip_paragraph_tags",
    "token_ranks",
]

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO.parent / "shared" / "data"
DATA_ENV = "PROVENANCE_DATA"
SEED_DIR = REPO / "seeds"
SEED_PAIRS = REPO / "tests" / "cases" / "seed_pairs.json"
SETS = ("darwin", "clough", "besoin", "seeds")
DERIVED_CATEGORIES = ("cut", "light", "heavy")
LACUNA = "#LACUNA#"


class MissingDataError(InputError):
    """A data set is not where the benchmark looks for it."""


class DataFormatError(InputError):
    """A data file does not have the format this benchmark reads."""


# ---------------------------------------------------------------------------
# Counts and the scores derived from them


def _share(num: int, den: int) -> float | None:
    """``num / den``, or None when nothing was counted (not 0: nothing is not a failure)."""
    return num / den if den else None


@frozen
class PRF:
    """True positives, false positives and false negatives of a set comparison."""

    tp: int
    fp: int
    fn: int

    @classmethod
    def of(cls, predicted: Iterable[object], gold: Iterable[object]) -> PRF:
        """Compare two sets."""
        pred, truth = set(predicted), set(gold)
        return cls(len(pred & truth), len(pred - truth), len(truth - pred))

    def __add__(self, other: PRF) -> PRF:
        return PRF(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def precision(self) -> float | None:
        return _share(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float | None:
        return _share(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float | None:
        return _share(2 * self.tp, 2 * self.tp + self.fp + self.fn)


@frozen
class Confusion:
    """A binary classification's confusion counts (positive: derived)."""

    tp: int
    fp: int
    fn: int
    tn: int

    @property
    def prf(self) -> PRF:
        return PRF(self.tp, self.fp, self.fn)

    @property
    def accuracy(self) -> float | None:
        return _share(self.tp + self.tn, self.tp + self.fp + self.fn + self.tn)


def confusion(predicted: Mapping[str, bool], gold: Mapping[str, bool]) -> Confusion:
    """Count a classification against the truth, item by item.

    Raises
    ------
    DataFormatError
        The two do not classify the same items.

    Examples
    --------
    >>> confusion({"a": True, "b": False, "c": True}, {"a": True, "b": True, "c": False})
    Confusion(tp=1, fp=1, fn=1, tn=0)
    """
    if set(predicted) != set(gold):
        missing = sorted(set(predicted) ^ set(gold))
        raise DataFormatError(f"predicted and gold labels differ in their items: {missing}")
    pairs = [(predicted[k], gold[k]) for k in gold]
    return Confusion(
        tp=sum(p and g for p, g in pairs),
        fp=sum(p and not g for p, g in pairs),
        fn=sum(g and not p for p, g in pairs),
        tn=sum(not p and not g for p, g in pairs),
    )


# ---------------------------------------------------------------------------
# The truth: a derivation graph read from DOT


@frozen
class Truth:
    """A known derivation: nodes, ``(parent, child)`` edges, and the lost (hypothetical) nodes."""

    nodes: tuple[str, ...]
    edges: tuple[tuple[str, str], ...]
    hypothetical: tuple[str, ...] = ()

    def parents(self, node: str) -> frozenset[str]:
        return frozenset(p for p, c in self.edges if c == node)

    def extant_below(self, node: str) -> frozenset[str]:
        """The extant nodes below ``node`` (its descendants that are not hypothetical)."""
        found: set[str] = set()
        todo = [node]
        while todo:
            current = todo.pop()
            for parent, child in self.edges:
                if parent == current and child not in found:
                    found.add(child)
                    todo.append(child)
        return frozenset(found - set(self.hypothetical))


_DOT_ID = r'(?:"[^"]*"|[\w.]+)'
_DOT_HEAD = re.compile(r"^(?:strict\s+)?di?graph\b[^{]*\{$")
_DOT_EDGE = re.compile(rf"^({_DOT_ID}(?:\s*->\s*{_DOT_ID})+)\s*(?:\[[^\]]*\])?\s*;?$")
_DOT_NODE = re.compile(rf"^({_DOT_ID})\s*(?:\[([^\]]*)\])?\s*;?$")
_DOT_SETTING = re.compile(rf"^(?:(?:graph|node|edge)\s*\[[^\]]*\]|\w+\s*=\s*{_DOT_ID})\s*;?$")


def _dot_name(token: str) -> str:
    return token.strip().strip('"')


def parse_dot(text: str) -> Truth:
    """Read a derivation from a small DOT digraph, one statement per line.

    Nodes with ``class=hypothetical`` are lost copies. Graph, node and edge
    default settings are skipped; any other line is an error (so no edge is
    dropped unread).

    Raises
    ------
    DataFormatError
        A line is not a statement this reader knows, or the text is no digraph.

    Examples
    --------
    >>> t = parse_dot('digraph S {\\n  w [class=hypothetical];\\n  "a" -> w -> b;\\n}')
    >>> t.nodes, t.edges, t.hypothetical
    (('a', 'b', 'w'), (('a', 'w'), ('w', 'b')), ('w',))
    """
    lines = [line.split("//")[0].strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    if not lines or not _DOT_HEAD.match(lines[0]) or lines[-1] != "}":
        raise DataFormatError("DOT text: expected 'digraph NAME {' ... '}', got something else")
    nodes: set[str] = set()
    edges: list[tuple[str, str]] = []
    hypothetical: set[str] = set()
    for number, line in enumerate(lines[1:-1], start=2):
        edge = _DOT_EDGE.match(line)
        node = _DOT_NODE.match(line)
        if _DOT_SETTING.match(line):
            continue
        if edge is not None:
            chain = [_dot_name(t) for t in edge.group(1).split("->")]
            nodes.update(chain)
            edges.extend(itertools.pairwise(chain))
        elif node is not None:
            name = _dot_name(node.group(1))
            nodes.add(name)
            if re.search(r"\bclass\s*=\s*\"?hypothetical\b", node.group(2) or ""):
                hypothetical.add(name)
        else:
            raise DataFormatError(f"DOT line {number}: expected a node or an edge, got {line!r}")
    return Truth(tuple(sorted(nodes)), tuple(sorted(set(edges))), tuple(sorted(hypothetical)))


def restrict(truth: Truth, keep: Iterable[str]) -> Truth:
    """The truth over fewer extant nodes: a dropped node's children hang from its parents.

    Hypothetical nodes are kept while an extant node to keep lies below them.

    Examples
    --------
    >>> t = restrict(Truth(("a", "b", "c"), (("a", "b"), ("b", "c"))), ["a", "c"])
    >>> t.nodes, t.edges
    (('a', 'c'), (('a', 'c'),))
    """
    kept = set(keep)
    kept |= {h for h in truth.hypothetical if truth.extant_below(h) & kept}
    edges = set(truth.edges)
    for node in truth.nodes:
        if node in kept:
            continue
        parents = {p for p, c in edges if c == node}
        children = {c for p, c in edges if p == node}
        edges = {(p, c) for p, c in edges if node not in (p, c)}
        edges |= {(p, c) for p in parents for c in children}
    nodes = tuple(sorted(kept & set(truth.nodes)))
    hypothetical = tuple(h for h in truth.hypothetical if h in kept)
    return Truth(nodes, tuple(sorted(edges)), hypothetical)


# ---------------------------------------------------------------------------
# Scoring a tree against a truth


@frozen
class TreeScores:
    """A predicted tree scored against a truth (see the module docstring for the rules).

    ``parents`` is each document's predicted primary parent as scored (latent
    nodes renamed to the hypothetical node they match, external sources as
    None); ``reversed`` are the truth's edges the prediction orients the other
    way; ``latent_matches`` maps matched latent ids to hypothetical nodes.
    """

    documents: int
    parent_correct: int
    direction_correct: int
    direction_judged: int
    directed: PRF
    undirected: PRF
    parents: tuple[tuple[str, str | None], ...]
    reversed: tuple[tuple[str, str], ...]
    latent_matches: tuple[tuple[str, str], ...]

    @property
    def parent_accuracy(self) -> float | None:
        return _share(self.parent_correct, self.documents)

    @property
    def direction_accuracy(self) -> float | None:
        return _share(self.direction_correct, self.direction_judged)


def _below(tree: DerivationTree, node: str) -> set[str]:
    children: dict[str, list[str]] = {}
    for child, parent in tree.parent:
        children.setdefault(parent, []).append(child)
    found: set[str] = set()
    todo = [node]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def _latent_names(tree: DerivationTree, truth: Truth, documents: set[str]) -> dict[str, str]:
    """Matched latent node id → hypothetical node, one to one, in id order."""
    wanted = {h: truth.extant_below(h) & documents for h in truth.hypothetical}
    names: dict[str, str] = {}
    for node in sorted(n.id for n in tree.nodes if n.kind == "latent"):
        below = _below(tree, node) & documents
        for hypo, extant in sorted(wanted.items()):
            if extant and below == extant and hypo not in names.values():
                names[node] = hypo
                break
    return names


def _direction(tree: DerivationTree, a: str, b: str) -> tuple[str, str] | None:
    """How the prediction orients ``a``–``b``: the primary edge, else the strongest edge."""
    if tree.parent_of(b) == a:
        return (a, b)
    if tree.parent_of(a) == b:
        return (b, a)
    between = [e for e in tree.edges if {e.parent, e.child} == {a, b}]
    if not between:
        return None
    best = max(between, key=lambda e: (e.confidence, e.parent))
    return (best.parent, best.child)


def score_tree(tree: DerivationTree, truth: Truth, documents: Iterable[str]) -> TreeScores:
    """Score a predicted tree against the truth over the given documents.

    Parameters
    ----------
    tree : DerivationTree
        The prediction.
    truth : Truth
        The known derivation; restrict it to the corpus first (:func:`restrict`).
    documents : iterable of str
        The ids of the traced documents; each must be an extant node of ``truth``.

    Raises
    ------
    DataFormatError
        A document is not a node of the truth.
    """
    docs = set(documents)
    unknown = sorted(docs - set(truth.nodes))
    if unknown:
        raise DataFormatError(f"documents not in the truth: {unknown}")
    names = _latent_names(tree, truth, docs)
    known = docs | set(names)

    def scored(node: str | None) -> str | None:
        if node is None or tree.node(node).kind == "external":
            return None
        return names.get(node, node)

    predicted = {
        (parent, names.get(child, child))
        for child, parent in ((c, scored(p)) for c, p in tree.parent if c in known)
        if parent is not None
    }
    parents = tuple((d, scored(tree.parent_of(d))) for d in sorted(docs))
    correct = sum(
        parent in truth.parents(doc) if truth.parents(doc) else parent is None
        for doc, parent in parents
    )
    judged = right = 0
    wrong: list[tuple[str, str]] = []
    for parent, child in truth.edges:
        if parent in docs and child in docs:
            way = _direction(tree, parent, child)
            if way is not None:
                judged += 1
                right += way == (parent, child)
                if way != (parent, child):
                    wrong.append((parent, child))
    return TreeScores(
        documents=len(docs),
        parent_correct=correct,
        direction_correct=right,
        direction_judged=judged,
        directed=PRF.of(predicted, truth.edges),
        undirected=PRF.of((frozenset(e) for e in predicted), (frozenset(e) for e in truth.edges)),
        parents=parents,
        reversed=tuple(wrong),
        latent_matches=tuple(sorted(names.items())),
    )


def _pair_set(trace: Trace) -> set[tuple[str, int, str, int]]:
    """Every aligned sentence pair of a trace as ``(a, a_index, b, b_index)``, ``a < b``."""
    return {(al.a, p.a_index, al.b, p.b_index) for al in trace.alignments for p in al.pairs}


def _timed_trace(
    documents: Sequence[Document], config: TraceConfig, warnings: Sequence[str] = ()
) -> tuple[Trace, float]:
    start = time.perf_counter()
    result = trace_documents(documents, config=config, warnings=warnings)
    return result, time.perf_counter() - start


# ---------------------------------------------------------------------------
# Where the data is


def data_dir(option: str | None = None, environ: Mapping[str, str] | None = None) -> Path:
    """The data directory: ``--data``, else ``$PROVENANCE_DATA``, else ``../shared/data``."""
    env = os.environ if environ is None else environ
    return Path(option or env.get(DATA_ENV) or DEFAULT_DATA)


def _require(folder: Path, *names: str) -> None:
    missing = [n for n in names if not (folder / n).exists()]
    if missing:
        raise MissingDataError(
            f"{folder}: missing {', '.join(missing)}; put the shared data set "
            f"'{folder.name}' there (default {DEFAULT_DATA / folder.name}, "
            f"or name its parent with --data DIR or ${DATA_ENV})"
        )


def _read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


# ---------------------------------------------------------------------------
# Darwin: six editions of chapter 1


@frozen
class Paragraph:
    """A tagged paragraph of a text whose tags were stripped: ``text[start:end]``."""

    tag: str
    start: int
    end: int


_TAG = re.compile(r"\[(p\d+)\] ?")


def strip_paragraph_tags(text: str) -> tuple[str, tuple[Paragraph, ...]]:
    """Remove the ``[pNN]`` tags, keeping where each paragraph lies in the result.

    A paragraph runs from where its tag stood to where the next one stood,
    trailing whitespace excluded.

    Raises
    ------
    DataFormatError
        Text stands before the first tag, or a tag occurs twice.

    Examples
    --------
    >>> clean, paras = strip_paragraph_tags("[p00] One. Two.\\n\\n[p03] Three.\\n")
    >>> clean
    'One. Two.\\n\\nThree.\\n'
    >>> [(p.tag, clean[p.start : p.end]) for p in paras]
    [('p00', 'One. Two.'), ('p03', 'Three.')]
    """
    matches = list(_TAG.finditer(text))
    head = text[: matches[0].start()] if matches else text
    if head.strip():
        raise DataFormatError(f"expected a [pNN] tag before any text, got {head.strip()[:40]!r}")
    tags = [m.group(1) for m in matches]
    if len(set(tags)) != len(tags):
        raise DataFormatError(f"paragraph tags must be unique, got {sorted(tags)}")
    pieces: list[str] = []
    paragraphs: list[Paragraph] = []
    length = 0
    for match, following in zip(matches, [*matches[1:], None], strict=True):
        body = text[match.end() : following.start() if following else len(text)]
        pieces.append(body)
        end = length + len(body.rstrip())
        paragraphs.append(Paragraph(match.group(1), length, end))
        length += len(body)
    return "".join(pieces), tuple(paragraphs)


def paragraph_at(paragraphs: Sequence[Paragraph], offset: int) -> str:
    """The tag of the paragraph holding ``offset``.

    Raises
    ------
    DataFormatError
        No paragraph holds it.
    """
    for paragraph in paragraphs:
        if paragraph.start <= offset < paragraph.end:
            return paragraph.tag
    raise DataFormatError(f"offset {offset} lies in no tagged paragraph")


@frozen
class EditionPair:
    """Paragraph alignment of two editions: pairs implied by aligned sentences vs the gold."""

    a: str
    b: str
    paragraphs: PRF


@frozen
class DarwinResult:
    """Darwin's *Origin*, chapter 1, six editions.

    ``paragraphs`` sums the paragraph-pair counts of every edition pair
    (``per_pair``). Sentence level, the gold gives no sentence pairs, so two
    partial numbers: ``sentences_consistent`` of ``sentences_predicted``
    aligned sentence pairs lie in corresponding paragraphs (an upper bound on
    sentence precision), and ``identical_found`` of ``identical_total`` pairs
    of sentences with the same normalised text in corresponding paragraphs
    (each long enough to be aligned) were aligned (recall on the easy cases).
    ``undated`` traces the texts as they are; ``dated`` gives each edition
    ``published = 1 January of its year``.
    """

    data: str
    config: TraceConfig
    editions: tuple[str, ...]
    paragraphs: PRF
    per_pair: tuple[EditionPair, ...]
    sentences_predicted: int
    sentences_consistent: int
    identical_total: int
    identical_found: int
    undated: TreeScores
    dated: TreeScores
    seconds: float
    trace_seconds: float


def _darwin_gold(path: Path) -> dict[str, set[str]]:
    """Edition → the paragraph tags it has."""
    rows = _read_tsv(path)
    if not rows or "para_id" not in rows[0]:
        raise DataFormatError(f"{path}: expected a 'para_id' column, got {list(rows[:1])}")
    editions = [k for k in rows[0] if k != "para_id"]
    has: dict[str, set[str]] = {e: set() for e in editions}
    for row in rows:
        for edition in editions:
            if row[edition] not in {"0", "1"}:
                raise DataFormatError(f"{path}: {row['para_id']}/{edition}: expected 0 or 1")
            if row[edition] == "1":
                has[edition].add(row["para_id"])
    return has


def darwin_origin(data: Path, config: TraceConfig | None = None) -> DarwinResult:
    """Trace the six editions and score paragraph alignment and the derivation chain.

    Raises
    ------
    MissingDataError
        ``data/darwin-origin`` or one of its files is missing.
    DataFormatError
        A file's paragraph tags disagree with the gold table.
    """
    started = time.perf_counter()
    config = config or TraceConfig()
    folder = data / "darwin-origin"
    _require(folder, "paragraph_alignment_gold.tsv", "true_derivation_chain.dot")
    gold = _darwin_gold(folder / "paragraph_alignment_gold.tsv")
    truth = parse_dot((folder / "true_derivation_chain.dot").read_text(encoding="utf-8"))
    _require(folder, *(f"origin_ch1_{e}.txt" for e in gold))
    documents: list[Document] = []
    paragraphs: dict[str, tuple[Paragraph, ...]] = {}
    for edition in sorted(gold):
        path = folder / f"origin_ch1_{edition}.txt"
        text, paras = strip_paragraph_tags(path.read_text(encoding="utf-8"))
        if {p.tag for p in paras} != gold[edition]:
            raise DataFormatError(f"{path}: its [pNN] tags differ from the gold table's")
        documents.append(document_from_text(text, edition, str(path)))
        paragraphs[edition] = paras
    result, seconds = _timed_trace(documents, config)
    tag = {
        (s.document, s.index): paragraph_at(paragraphs[s.document], s.start)
        for s in result.sentences
    }
    predicted = _pair_set(result)
    per_pair = []
    for i, a in enumerate(sorted(gold)):
        for b in sorted(gold)[i + 1 :]:
            implied = {(tag[a, ai], tag[b, bi]) for x, ai, y, bi in predicted if (x, y) == (a, b)}
            expected = {(t, t) for t in gold[a] & gold[b]}
            per_pair.append(EditionPair(a, b, PRF.of(implied, expected)))
    identical = _identical_pairs(result.sentences, tag, config)
    dated_docs = [attrs.evolve(d, published=dt.date(int(d.id), 1, 1)) for d in documents]
    dated, dated_seconds = _timed_trace(dated_docs, config)
    ids = [d.id for d in documents]
    return DarwinResult(
        data=str(folder),
        config=config,
        editions=tuple(ids),
        paragraphs=sum((p.paragraphs for p in per_pair), PRF(0, 0, 0)),
        per_pair=tuple(per_pair),
        sentences_predicted=len(predicted),
        sentences_consistent=sum(tag[a, ai] == tag[b, bi] for a, ai, b, bi in predicted),
        identical_total=len(identical),
        identical_found=len(identical & predicted),
        undated=score_tree(result.tree, restrict(truth, ids), ids),
        dated=score_tree(dated.tree, restrict(truth, ids), ids),
        seconds=time.perf_counter() - started,
        trace_seconds=seconds + dated_seconds,
    )


def _identical_pairs(
    sentences: Sequence[Sentence], tag: Mapping[tuple[str, int], str], config: TraceConfig
) -> set[tuple[str, int, str, int]]:
    """Pairs of sentences of two documents, same normalised text, in corresponding paragraphs.

    Only sentences the aligner may align count: at least ``min_words`` words
    and ``min_shared_words`` content words (a shorter one is never aligned, by design).
    """
    groups: dict[tuple[str, str], list[Sentence]] = {}
    for s in sentences:
        text = normalise(s.text)
        if len(text.split()) >= config.min_words and (
            len(content_words(text)) >= config.min_shared_words
        ):
            groups.setdefault((tag[s.document, s.index], text), []).append(s)
    return {
        (x.document, x.index, y.document, y.index)
        for group in groups.values()
        for x in group
        for y in group
        if x.document < y.document
    }


# ---------------------------------------------------------------------------
# Clough–Stevenson: five sources and 95 short answers


RELATIONS = (
    "parent",
    "below",
    "copy edge",
    "reversed copy edge",
    "unseen common source",
    "common parent",
    "none",
)


@frozen
class AnswerVerdict:
    """What the tree says of one answer and the source.

    ``relation`` is the first that holds of: ``parent`` (the source is the
    answer's primary parent), ``below`` (the source is a further ancestor: a
    copy of a copy), ``copy edge`` (a secondary copy edge source → answer),
    ``reversed copy edge`` (only answer → source), ``unseen common source``
    (one latent node has a common-source edge to each), ``common parent`` (one
    document has a copy edge to each), ``none``. ``below_source`` is
    ``parent`` or ``below``; ``linked_to_source`` is anything but ``none``
    (the project's "linked", tests/cases/README.md).
    """

    answer: str
    parent: str | None
    relation: str = attrs.field(validator=attrs.validators.in_(RELATIONS))

    @property
    def below_source(self) -> bool:
        return self.relation in {"parent", "below"}

    @property
    def linked_to_source(self) -> bool:
        return self.relation != "none"


def _ancestors(tree: DerivationTree, node: str) -> list[str]:
    chain: list[str] = []
    parent = tree.parent_of(node)
    while parent is not None and parent not in chain:
        chain.append(parent)
        parent = tree.parent_of(parent)
    return chain


def _relation(tree: DerivationTree, source: str, answer: str) -> str:
    kinds = {n.id: n.kind for n in tree.nodes}
    into: dict[str, set[tuple[str, str]]] = {source: set(), answer: set()}
    for e in tree.edges:
        if e.child in into:
            into[e.child].add((e.parent, e.relation))
    shared = {p for p, r in into[source] if r != "cites"} & {
        p for p, r in into[answer] if r != "cites"
    }
    if tree.parent_of(answer) == source:
        return "parent"
    if source in _ancestors(tree, answer):
        return "below"
    if (source, "copy") in into[answer]:
        return "copy edge"
    if (answer, "copy") in into[source]:
        return "reversed copy edge"
    if any(kinds.get(p) == "latent" for p in shared):
        return "unseen common source"
    if any(kinds.get(p) == "document" for p in shared):
        return "common parent"
    return "none"


def answer_verdicts(
    tree: DerivationTree, source: str, answers: Iterable[str]
) -> tuple[AnswerVerdict, ...]:
    """How each answer relates to ``source`` in the tree (see :class:`AnswerVerdict`)."""
    return tuple(
        AnswerVerdict(answer=a, parent=tree.parent_of(a), relation=_relation(tree, source, a))
        for a in sorted(answers)
    )


@frozen
class CloughTask:
    """One task's corpus: the source and its answers as traced."""

    task: str
    source: str
    verdicts: tuple[AnswerVerdict, ...]
    unaligned: tuple[str, ...]
    source_parent: str | None
    latent_nodes: int
    trace_seconds: float


@frozen
class CloughResult:
    """Clough–Stevenson: derived-vs-not per answer, each task traced on its own.

    ``below`` and ``linked`` are the two classifications (see
    :class:`AnswerVerdict`); ``recall_below``/``recall_linked`` give, per gold
    category, ``(category, found, total)``. ``parent_correct`` counts answers
    whose primary parent is exactly right (the source for a derived answer;
    none, or an external source, for a ``non`` one). ``direction_*`` counts
    derived answers with an edge to or from their source, and those where the
    source is the parent. ``parent_is_answer`` (``derived_parent_is_answer``)
    counts answers (derived answers) whose primary parent is another answer.
    ``relations`` counts, per gold category, how the answers relate to their
    source (:class:`AnswerVerdict`) as ``(category, relation, count)``;
    ``derived_unaligned`` counts derived answers that share no aligned
    sentence at all with their source. ``encodings`` counts the files per
    encoding the loader chose; ``warnings`` are its warnings.
    """

    data: str
    config: TraceConfig
    answers: int
    derived: int
    below: Confusion
    linked: Confusion
    recall_below: tuple[tuple[str, int, int], ...]
    recall_linked: tuple[tuple[str, int, int], ...]
    parent_correct: int
    derived_parent_is_source: int
    direction_correct: int
    direction_judged: int
    parent_is_answer: int
    derived_parent_is_answer: int
    sources_with_parent: int
    relations: tuple[tuple[str, str, int], ...]
    derived_unaligned: int
    tasks: tuple[CloughTask, ...]
    encodings: tuple[tuple[str, int], ...]
    warnings: tuple[str, ...]
    seconds: float
    trace_seconds: float


def clough_stevenson(data: Path, config: TraceConfig | None = None) -> CloughResult:
    """Trace each task (source + answers) and score the derived-vs-not classification.

    Raises
    ------
    MissingDataError
        ``data/clough-stevenson`` or a file the gold table names is missing.
    DataFormatError
        The gold table has an unknown category.
    """
    started = time.perf_counter()
    config = config or TraceConfig()
    folder = data / "clough-stevenson"
    _require(folder, "derivation_pairs_gold.tsv", "corpus-20090418")
    corpus = folder / "corpus-20090418"
    gold = {row["answer_file"]: row for row in _read_tsv(folder / "derivation_pairs_gold.tsv")}
    bad = sorted({r["category"] for r in gold.values()} - {*DERIVED_CATEGORIES, "non"})
    if bad:
        raise DataFormatError(f"derivation_pairs_gold.tsv: unknown categories {bad}")
    _require(corpus, *gold, *{r["source_file"] for r in gold.values()})
    category = {Path(f).stem: r["category"] for f, r in gold.items()}
    tasks: list[CloughTask] = []
    warnings: list[str] = []
    encodings: dict[str, int] = {}
    direction_right = direction_judged = 0
    for source_file in sorted({r["source_file"] for r in gold.values()}):
        answers = sorted(f for f, r in gold.items() if r["source_file"] == source_file)
        documents, loaded = load_corpus([corpus / source_file, *(corpus / a for a in answers)])
        warnings.extend(loaded)
        for d in documents:
            encodings[d.encoding] = encodings.get(d.encoding, 0) + 1
        result, seconds = _timed_trace(documents, config, loaded)
        source = Path(source_file).stem
        found = answer_verdicts(result.tree, source, [Path(a).stem for a in answers])
        for v in found:
            way = _direction(result.tree, source, v.answer)
            if category[v.answer] != "non" and way is not None:
                direction_judged += 1
                direction_right += way == (source, v.answer)
        tasks.append(
            CloughTask(
                task=source,
                source=source,
                verdicts=found,
                unaligned=tuple(
                    v.answer for v in found if result.alignment(*sorted((source, v.answer))) is None
                ),
                source_parent=result.tree.parent_of(source),
                latent_nodes=sum(n.kind == "latent" for n in result.tree.nodes),
                trace_seconds=seconds,
            )
        )
    verdicts = [(t, v) for t in tasks for v in t.verdicts]
    derived = {v.answer: category[v.answer] != "non" for _, v in verdicts}
    answers_ids = set(derived)

    def parent_right(task: CloughTask, v: AnswerVerdict) -> bool:
        if derived[v.answer]:
            return v.parent == task.source
        return v.parent is None or v.parent.startswith("source:")

    def recall(key: str) -> tuple[tuple[str, int, int], ...]:
        return tuple(
            (
                c,
                sum(getattr(v, key) for _, v in verdicts if category[v.answer] == c),
                sum(category[v.answer] == c for _, v in verdicts),
            )
            for c in DERIVED_CATEGORIES
        )

    return CloughResult(
        data=str(folder),
        config=config,
        answers=len(verdicts),
        derived=sum(derived.values()),
        below=confusion({v.answer: v.below_source for _, v in verdicts}, derived),
        linked=confusion({v.answer: v.linked_to_source for _, v in verdicts}, derived),
        recall_below=recall("below_source"),
        recall_linked=recall("linked_to_source"),
        parent_correct=sum(parent_right(t, v) for t, v in verdicts),
        derived_parent_is_source=sum(
            derived[v.answer] and v.parent == t.source for t, v in verdicts
        ),
        direction_correct=direction_right,
        direction_judged=direction_judged,
        parent_is_answer=sum(v.parent in answers_ids for _, v in verdicts),
        derived_parent_is_answer=sum(
            derived[v.answer] and v.parent in answers_ids for _, v in verdicts
        ),
        sources_with_parent=sum(t.source_parent is not None for t in tasks),
        relations=tuple(
            (c, rel, n)
            for c in (*DERIVED_CATEGORIES, "non")
            for rel in RELATIONS
            if (n := sum(category[v.answer] == c and v.relation == rel for _, v in verdicts))
        ),
        derived_unaligned=sum(derived[a] for t in tasks for a in t.unaligned),
        tasks=tuple(tasks),
        encodings=tuple(sorted(encodings.items())),
        warnings=tuple(warnings),
        seconds=time.perf_counter() - started,
        trace_seconds=sum(t.trace_seconds for t in tasks),
    )


# ---------------------------------------------------------------------------
# Notre besoin: 13 hand copies, one lost, one contaminated


def token_ranks(cells: Sequence[str], text: str) -> tuple[int | None, ...]:
    """The collation rank of each whitespace-separated word of a witness's text.

    ``cells`` are the witness's column of the collation, one cell per rank
    (rank ``i + 1`` for ``cells[i]``; a cell may hold several words or none).
    A lacuna marker stands for whatever the text has there and gets no rank
    (it corresponds to nothing).

    Raises
    ------
    DataFormatError
        The words of the cells, in order, are not the words of the text.

    Examples
    --------
    >>> token_ranks(["Notre besoin", "", "de", "#LACUNA#"], "Notre besoin de […]")
    (1, 1, 3, None)
    """
    expected = [(rank, word) for rank, cell in enumerate(cells, start=1) for word in cell.split()]
    words = text.split()
    if len(words) != len(expected) or any(
        w != word and word != LACUNA for w, (_, word) in zip(words, expected, strict=True)
    ):
        raise DataFormatError(
            f"witness text ({len(words)} words) does not match its collation column "
            f"({len(expected)} words)"
        )
    return tuple(None if word == LACUNA else rank for rank, word in expected)


def _sentence_ranks(
    sentences: Sequence[Sentence], text: str, ranks: Sequence[int | None]
) -> dict[int, list[int]]:
    """Sentence index → the ranks of the words it holds (words placed by their first character)."""
    spans = [m.start() for m in re.finditer(r"\S+", text)]
    found: dict[int, list[int]] = {s.index: [] for s in sentences}
    for start, rank in zip(spans, ranks, strict=True):
        for s in sentences:
            if s.start <= start < s.end and rank is not None:
                found[s.index].append(rank)
                break
    return found


def gold_window_pairs(
    a: Mapping[int, Sequence[int]], b: Mapping[int, Sequence[int]]
) -> set[tuple[int, int]]:
    """Sentence pairs of two witnesses that the gold collation aligns.

    ``a`` and ``b`` map each sentence (or window) index to the collation ranks
    of its words. A pair is aligned when at least half of the words of the
    shorter one stand at ranks the other one also covers.

    Examples
    --------
    >>> sorted(gold_window_pairs({0: [1, 2, 3, 4], 1: [5, 6]}, {0: [1, 2], 1: [3, 4, 5, 6]}))
    [(0, 0), (0, 1), (1, 1)]
    """
    pairs = set()
    for i, ra in a.items():
        for j, rb in b.items():
            short, other = (ra, set(rb)) if len(ra) <= len(rb) else (rb, set(ra))
            if short and 2 * sum(r in other for r in short) >= len(short):
                pairs.add((i, j))
    return pairs


@frozen
class BesoinResult:
    """Notre besoin: the stemma, on 13 unpunctuated and 11 punctuated witnesses.

    ``windows`` scores the aligned sentence (window) pairs of the unpunctuated
    witnesses against the gold collation (:func:`gold_window_pairs`): a
    predicted pair is right when the gold aligns it, recall is the share of
    gold pairs found. ``sentence_counts`` gives each witness's number of
    sentences as the tracer cut them (a witness with one huge sentence was
    not cut into windows).
    """

    data: str
    config: TraceConfig
    witnesses: tuple[str, ...]
    plain: TreeScores
    punctuated_witnesses: tuple[str, ...]
    punctuated: TreeScores
    windows: PRF
    sentence_counts: tuple[tuple[str, int], ...]
    seconds: float
    trace_seconds: float


def _punctuated_documents(path: Path) -> list[Document]:
    """The one-witness-per-line file: siglum, whitespace, text."""
    documents: dict[str, Document] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        parts = line.strip().split(None, 1)
        if len(parts) < 2:
            raise DataFormatError(f"{path}:{number}: expected 'SIGLUM text', got {line[:40]!r}")
        if parts[0] in documents:
            raise DataFormatError(f"{path}:{number}: witness {parts[0]!r} given twice")
        documents[parts[0]] = document_from_text(parts[1], parts[0], f"{path}:{number}")
    return list(documents.values())


def notre_besoin(data: Path, config: TraceConfig | None = None) -> BesoinResult:
    """Trace both versions of the tradition; score the stemma and the window alignment.

    Raises
    ------
    MissingDataError
        ``data/notre-besoin`` or one of its files is missing.
    DataFormatError
        A witness text does not match its column of the gold collation.
    """
    started = time.perf_counter()
    config = config or TraceConfig()
    folder = data / "notre-besoin"
    names = ("besoin.dot", "besoin_gold_collation_by_rank.tsv", "witness_texts")
    _require(folder, *names, "casc_plain_texts_11_witnesses.txt")
    truth = parse_dot((folder / "besoin.dot").read_text(encoding="utf-8"))
    documents, warnings = load_corpus([folder / "witness_texts"])
    plain, seconds = _timed_trace(documents, config, warnings)
    ids = [d.id for d in documents]
    rows = _read_tsv(folder / "besoin_gold_collation_by_rank.tsv")
    if [int(r["rank"]) for r in rows] != list(range(1, len(rows) + 1)):
        raise DataFormatError("besoin_gold_collation_by_rank.tsv: ranks must run 1, 2, 3, ...")
    ranks = {
        d.id: _sentence_ranks(
            plain.sentences_of(d.id), d.text, token_ranks([r[d.id] for r in rows], d.text)
        )
        for d in documents
    }
    gold = {
        (a, i, b, j)
        for n, a in enumerate(ids)
        for b in ids[n + 1 :]
        for i, j in gold_window_pairs(ranks[a], ranks[b])
    }
    punctuated_docs = _punctuated_documents(folder / "casc_plain_texts_11_witnesses.txt")
    punctuated, more_seconds = _timed_trace(punctuated_docs, config)
    punctuated_ids = [d.id for d in punctuated_docs]
    return BesoinResult(
        data=str(folder),
        config=config,
        witnesses=tuple(ids),
        plain=score_tree(plain.tree, restrict(truth, ids), ids),
        punctuated_witnesses=tuple(sorted(punctuated_ids)),
        punctuated=score_tree(punctuated.tree, restrict(truth, punctuated_ids), punctuated_ids),
        windows=PRF.of(_pair_set(plain), gold),
        sentence_counts=tuple((d, len(plain.sentences_of(d))) for d in ids),
        seconds=time.perf_counter() - started,
        trace_seconds=seconds + more_seconds,
    )


# ---------------------------------------------------------------------------
# The seeds: labelled sentence pairs and the tree facts the tests hold


@frozen
class Fact:
    """A statement about the seeds' tree that the project holds as true, checked."""

    statement: str
    holds: bool


WSJ = "source:wall-street-journal"
_PEOPLE = ("Rahmatullah Nabil", "Colin Kahl", "McKenzie")


def seed_facts(trace: Trace) -> tuple[Fact, ...]:
    """Check the seed facts of tests/test_trace.py and docs/method.md on a trace of the seeds.

    Raises
    ------
    DataFormatError
        The trace does not hold five documents.
    """
    ids = sorted(d.id for d in trace.documents)
    if len(ids) != 5:
        raise DataFormatError(f"expected the five seed articles, got {len(ids)} documents")
    s000, s001, s002, s003, s004 = ids
    tree = trace.tree
    kinds = {n.id: n.kind for n in tree.nodes}
    journals = [n.id for n in tree.nodes if "Wall Street Journal" in n.label]
    p000, p003 = tree.parent_of(s000), tree.parent_of(s003)
    p002, p004 = tree.parent_of(s002), tree.parent_of(s004)
    link = next((e for e in tree.edges if e.child == s003 and e.parent == p003), None)
    labels = " ".join(n.label for n in tree.nodes)
    return (
        Fact("the WSJ is one external node", journals == [WSJ] and kinds.get(WSJ) == "external"),
        Fact(
            "the WSJ is an ancestor of every seed (the common root)",
            all(WSJ in _ancestors(tree, d) for d in ids),
        ),
        Fact(
            "every seed has a cites edge from the WSJ",
            all(
                any(e.parent == WSJ and e.child == d and e.relation == "cites" for e in tree.edges)
                for d in ids
            ),
        ),
        Fact(
            "000 and 003 are linked: one is the other's parent, or one latent source is both's",
            p000 == s003 or p003 == s000 or (p000 == p003 and kinds.get(p000 or "") == "latent"),
        ),
        Fact(
            "000 and 003 share an unseen source (one latent primary parent)",
            p000 == p003 and kinds.get(p000 or "") == "latent",
        ),
        Fact(
            "the 003 link rests on at least 3 aligned sentence pairs",
            link is not None and len(link.evidence.aligned) >= 3,
        ),
        Fact("002 and 004 share aligned sentences", trace.alignment(s002, s004) is not None),
        Fact(
            "002 and 004 are not copies of each other (no edge between them)",
            all({e.parent, e.child} != {s002, s004} for e in tree.edges),
        ),
        Fact(
            "002 and 004 do not share a parent other than a named source",
            p002 != p004 or kinds.get(p002 or "") == "external",
        ),
        Fact(
            "001 carries CNN Indonesia's dateline: CNN Indonesia is its parent",
            tree.parent_of(s001) == "source:cnn-indonesia",
        ),
        Fact(
            "Khaama Press cites the WSJ: the WSJ is its parent",
            tree.parent_of("source:khaama-press") == WSJ,
        ),
        Fact("people quoted are not nodes", not any(p in labels for p in _PEOPLE)),
    )


@frozen
class SeedResult:
    """The five seeds: alignment on the labelled pairs, and the tree facts.

    ``pairwise`` aligns each labelled pair on its own, as
    ``tests/cases/measure.py`` does; ``pairwise_clear`` leaves the borderline
    pairs out. ``corpus`` asks whether the trace of all five seeds aligned
    the two sentences (splits and merges included); ``unmatched`` counts
    labelled pairs whose texts are not sentences of the trace (not scored).
    """

    data: str
    config: TraceConfig
    labelled: int
    pairwise: PRF
    pairwise_clear: PRF
    corpus: PRF
    unmatched: int
    facts: tuple[Fact, ...]
    seconds: float
    trace_seconds: float


def _aligned_alone(case: Mapping[str, str], config: TraceConfig) -> bool:
    a = Sentence(case["a_doc"], 0, 0, len(case["a_text"]), case["a_text"])
    b = Sentence(case["b_doc"], 0, 0, len(case["b_text"]), case["b_text"])
    return bool(align([a], [b], config=config).pairs)


def _verdicts_prf(cases: Sequence[Mapping[str, str]], aligned: Sequence[bool]) -> PRF:
    same = [c["label"] == "same" for c in cases]
    return PRF(
        tp=sum(s and a for s, a in zip(same, aligned, strict=True)),
        fp=sum(a and not s for s, a in zip(same, aligned, strict=True)),
        fn=sum(s and not a for s, a in zip(same, aligned, strict=True)),
    )


def seeds(
    seed_dir: Path = SEED_DIR, pairs: Path = SEED_PAIRS, config: TraceConfig | None = None
) -> SeedResult:
    """Score the seeds: the labelled pairs (alone and in the corpus) and the tree facts.

    Raises
    ------
    MissingDataError
        The seed folder or the labelled pairs are missing.
    DataFormatError
        A labelled pair has another label than ``same``/``different``.
    """
    started = time.perf_counter()
    config = config or TraceConfig()
    for path in (seed_dir, pairs):
        if not path.exists():
            raise MissingDataError(f"{path}: missing; it is part of the repository")
    cases = json.loads(pairs.read_text(encoding="utf-8"))
    labels = {c["label"] for c in cases}
    if not labels <= {"same", "different"}:
        raise DataFormatError(f"{pairs}: expected labels same/different, got {sorted(labels)}")
    documents, warnings = load_corpus([seed_dir])
    result, seconds = _timed_trace(documents, config, warnings)
    index: dict[tuple[str, str], list[int]] = {}
    for s in result.sentences:
        index.setdefault((s.document, s.text), []).append(s.index)
    predicted = _pair_set(result)
    matched, in_corpus = [], []
    for case in cases:
        left, right = (
            index.get((case["a_doc"], case["a_text"])),
            index.get((case["b_doc"], case["b_text"])),
        )
        if left and right:
            matched.append(case)
            in_corpus.append(
                any((case["a_doc"], i, case["b_doc"], j) in predicted for i in left for j in right)
            )
    alone = [_aligned_alone(c, config) for c in cases]
    clear = [(c, a) for c, a in zip(cases, alone, strict=True) if not c.get("borderline", False)]
    return SeedResult(
        data=str(seed_dir),
        config=config,
        labelled=len(cases),
        pairwise=_verdicts_prf(cases, alone),
        pairwise_clear=_verdicts_prf([c for c, _ in clear], [a for _, a in clear]),
        corpus=_verdicts_prf(matched, in_corpus),
        unmatched=len(cases) - len(matched),
        facts=seed_facts(result),
        seconds=time.perf_counter() - started,
        trace_seconds=seconds,
    )


# ---------------------------------------------------------------------------
# Markdown


def _num(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _prf_rows(name: str, prf: PRF, unit: str) -> list[str]:
    return [
        f"| {name} precision | {_num(prf.precision)} | {prf.tp}/{prf.tp + prf.fp} predicted {unit}"
        " |",
        f"| {name} recall | {_num(prf.recall)} | {prf.tp}/{prf.tp + prf.fn} gold {unit} |",
        f"| {name} F1 | {_num(prf.f1)} | |",
    ]


def _tree_rows(name: str, s: TreeScores) -> list[str]:
    parents = ", ".join(f"{c}←{p or '-'}" for c, p in s.parents)
    return [
        f"| {name}: parent accuracy | {_num(s.parent_accuracy)} "
        f"| {s.parent_correct}/{s.documents} documents; {parents} |",
        f"| {name}: direction accuracy | {_num(s.direction_accuracy)} "
        f"| {s.direction_correct}/{s.direction_judged} true edges the prediction links"
        + (f"; reversed: {', '.join(f'{p}→{c}' for p, c in s.reversed)}" if s.reversed else "")
        + " |",
        *_prf_rows(f"{name}: directed edge", s.directed, "edges"),
        *_prf_rows(f"{name}: undirected edge", s.undirected, "edges"),
    ]


_HEAD = ["| metric | value | counts |", "|---|---:|---|"]


def _config_line(config: TraceConfig) -> str:
    default = TraceConfig()
    changed = {k: v for k, v in attrs.asdict(config).items() if v != getattr(default, k)}
    return f"TraceConfig: {changed or 'default'}"


def render_darwin(r: DarwinResult) -> list[str]:
    """The Darwin result as Markdown lines."""
    lines = [
        "### darwin-origin",
        "",
        f"Data {r.data}; editions {', '.join(r.editions)}; {_config_line(r.config)}; "
        f"{r.seconds:.1f} s ({r.trace_seconds:.1f} s tracing, twice).",
        "",
        *_HEAD,
        *_prf_rows("paragraph-pair", r.paragraphs, "paragraph pairs"),
        f"| sentence pairs inside corresponding paragraphs (bounds sentence precision) "
        f"| {_num(_share(r.sentences_consistent, r.sentences_predicted))} "
        f"| {r.sentences_consistent}/{r.sentences_predicted} aligned sentence pairs |",
        f"| recall of identical sentences in corresponding paragraphs "
        f"| {_num(_share(r.identical_found, r.identical_total))} "
        f"| {r.identical_found}/{r.identical_total} pairs |",
        *_tree_rows("undated", r.undated),
        *_tree_rows("dated by year", r.dated),
        "",
        "| editions | paragraph P | paragraph R | TP | FP | FN |",
        "|---|---:|---:|---:|---:|---:|",
        *(
            f"| {p.a}–{p.b} | {_num(p.paragraphs.precision)} | {_num(p.paragraphs.recall)} "
            f"| {p.paragraphs.tp} | {p.paragraphs.fp} | {p.paragraphs.fn} |"
            for p in r.per_pair
        ),
    ]
    return [*lines, ""]


def render_clough(r: CloughResult) -> list[str]:
    """The Clough–Stevenson result as Markdown lines."""
    rows = []
    for name, c, recall in (
        ("below the source", r.below, r.recall_below),
        ("linked to the source", r.linked, r.recall_linked),
    ):
        rows += _prf_rows(f"derived ({name})", c.prf, "answers")
        rows.append(
            f"| derived ({name}) accuracy | {_num(c.accuracy)} "
            f"| {c.tp + c.tn}/{r.answers} answers (TP {c.tp}, FP {c.fp}, FN {c.fn}, TN {c.tn}) |"
        )
        rows += [
            f"| derived ({name}) recall, {cat} | {_num(_share(found, total))} | {found}/{total} |"
            for cat, found, total in recall
        ]
    encodings = ", ".join(f"{n} {e}" for e, n in r.encodings)
    lines = [
        "### clough-stevenson",
        "",
        f"Data {r.data}; {r.answers} answers ({r.derived} derived) in {len(r.tasks)} corpora "
        f"(source + its answers); files read as {encodings}; {len(r.warnings)} loader "
        f"warnings; {_config_line(r.config)}; {r.seconds:.1f} s ({r.trace_seconds:.1f} s tracing).",
        "",
        *_HEAD,
        *rows,
        f"| strict parent accuracy | {_num(_share(r.parent_correct, r.answers))} "
        f"| {r.parent_correct}/{r.answers} (derived: parent is the source; non: no parent) |",
        f"| derived answers whose parent is the source "
        f"| {_num(_share(r.derived_parent_is_source, r.derived))} "
        f"| {r.derived_parent_is_source}/{r.derived} |",
        f"| source-direction accuracy | {_num(_share(r.direction_correct, r.direction_judged))} "
        f"| {r.direction_correct}/{r.direction_judged} derived answers with an edge to or from "
        "the source |",
        f"| answers whose parent is another answer | {_num(_share(r.parent_is_answer, r.answers))} "
        f"| {r.parent_is_answer}/{r.answers} ({r.derived_parent_is_answer} of them derived) |",
        f"| sources that got a parent | {_num(_share(r.sources_with_parent, len(r.tasks)))} "
        f"| {r.sources_with_parent}/{len(r.tasks)} "
        f"({', '.join(f'{t.task}←{t.source_parent}' for t in r.tasks if t.source_parent)}) |",
        f"| derived answers sharing no aligned sentence with the source "
        f"| {_num(_share(r.derived_unaligned, r.derived))} | {r.derived_unaligned}/{r.derived} |",
        *(f"| {cat} answers: {rel} | | {n} |" for cat, rel, n in r.relations),
        f"| latent nodes per task | "
        f"| {', '.join(f'{t.task}: {t.latent_nodes}' for t in r.tasks)} |",
    ]
    return [*lines, ""]


def render_besoin(r: BesoinResult) -> list[str]:
    """The Notre besoin result as Markdown lines."""
    uncut = [f"{w} ({n})" for w, n in r.sentence_counts if n < 5]
    lines = [
        "### notre-besoin",
        "",
        f"Data {r.data}; {len(r.witnesses)} witnesses without punctuation "
        f"({', '.join(r.witnesses)}), and {len(r.punctuated_witnesses)} with punctuation "
        f"({', '.join(r.punctuated_witnesses)}; T1 and T2 absent, so A is the root); "
        f"{_config_line(r.config)}; {r.seconds:.1f} s ({r.trace_seconds:.1f} s tracing).",
        "",
        *_HEAD,
        *_tree_rows(f"{len(r.witnesses)} unpunctuated", r.plain),
        *_tree_rows(f"{len(r.punctuated_witnesses)} punctuated", r.punctuated),
        *_prf_rows("window alignment (vs gold collation)", r.windows, "window pairs"),
        f"| witnesses not cut into windows | | {', '.join(uncut) or 'none'} |",
    ]
    if r.plain.latent_matches or r.punctuated.latent_matches:
        lines.append(
            f"| latent nodes matched to lost copies | | "
            f"{r.plain.latent_matches} / {r.punctuated.latent_matches} |"
        )
    return [*lines, ""]


def render_seeds(r: SeedResult) -> list[str]:
    """The seeds result as Markdown lines."""
    passed = sum(f.holds for f in r.facts)
    lines = [
        "### seeds",
        "",
        f"Data {r.data}; {r.labelled} labelled pairs; {_config_line(r.config)}; "
        f"{r.seconds:.1f} s ({r.trace_seconds:.1f} s tracing).",
        "",
        *_HEAD,
        *_prf_rows("pairs aligned alone", r.pairwise, "pairs"),
        *_prf_rows("pairs aligned alone, clear labels", r.pairwise_clear, "pairs"),
        *_prf_rows("pairs aligned in the corpus trace", r.corpus, "pairs"),
        f"| labelled pairs not found as sentences of the trace | | {r.unmatched} |",
        f"| tree facts holding | {_num(_share(passed, len(r.facts)))} | {passed}/{len(r.facts)} |",
        "",
        *(f"- {'PASS' if f.holds else 'FAIL'}: {f.statement}" for f in r.facts),
    ]
    return [*lines, ""]


def main(argv: list[str] | None = None) -> int:
    """Score the tracer on the real data sets and print one Markdown table per set.

    A missing data set is skipped with a message on stderr saying where to
    put it; the exit status is 0 unless a data file is malformed (1).
    """
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks realdata",
        description="Score the tracer on real data with known truth (Markdown on stdout).",
    )
    parser.add_argument(
        "sets", nargs="*", metavar="SET", help=f"any of {', '.join(SETS)} (default: all)"
    )
    parser.add_argument(
        "--data",
        metavar="DIR",
        help=f"the shared data directory (default: ${DATA_ENV}, else {DEFAULT_DATA})",
    )
    args = parser.parse_args(argv)
    unknown = [name for name in args.sets if name not in SETS]
    if unknown:
        parser.error(f"SET: expected any of {', '.join(SETS)}, got {', '.join(unknown)}")
    folder = data_dir(args.data)
    runners: dict[str, Callable[[], list[str]]] = {
        "darwin": lambda: render_darwin(darwin_origin(folder)),
        "clough": lambda: render_clough(clough_stevenson(folder)),
        "besoin": lambda: render_besoin(notre_besoin(folder)),
        "seeds": lambda: render_seeds(seeds()),
    }
    status = 0
    for name in args.sets or SETS:
        try:
            lines = runners[name]()
        except MissingDataError as error:
            print(f"skipped {name}: {error}", file=sys.stderr)
            continue
        except DataFormatError as error:
            print(f"error in {name}: {error}", file=sys.stderr)
            status = 1
            continue
        print("\n".join(lines), flush=True)
    return status


if __name__ == "__main__":
    raise SystemExit(main())
