"""Score a :class:`provenance.Trace` against a known truth (``truth.json``).

The truth is the simulator's ``provenance.benchmark.truth/1`` file (schema in
``benchmarks/README.md``): every document, visible or hidden, its true parents
and, for every sentence, the *units* (original sentences) its text descends
from. :func:`score` compares a trace with it and returns :class:`Scores`;
:func:`summarise` turns the scores of many seeds into 95 % bootstrap intervals.

The rules, in the order they are applied:

**Scored truth (contraction).** The tracer only sees the visible documents. A
hidden document is *identifiable* when at least two of its children (through
any of their parents) are visible or have a visible descendant — then the text
it passed on shows up in two branches and an unseen common source can be
inferred — or when one of its visible descendants credits its outlet (a named
source such as "Reuters"). Any other hidden document cannot be detected and is
*contracted*: its children hang from its own (contracted) primary parent. The
main numbers are the contracted ones; ``score(..., contract=False)`` keeps every
hidden document (the raw numbers, with undetectable nodes counted as misses).
Scoring uses the primary tree: a document's first true parent.

**Node mapping.** The trace's documents are the truth's visible documents, by
id. Each non-document node of the trace (``latent-…`` or an external
``source:…``) stands for at most one scored hidden document, one-to-one. Their
similarity is the Jaccard index of the visible documents below them (the
trace's primary tree; the truth's contracted primary tree). A pair is a
candidate when the Jaccard index is at least 0.5, or when the node is external
and its label or one of its aliases names the hidden document's outlet
(case-, punctuation- and leading-"the"-insensitive): the text credited that
outlet, so the node stands for its article even when it groups few documents.
Candidates are taken greedily: highest Jaccard first, a name match before no
match, then by node id and document id. A node left unmapped keeps its own id,
which equals no truth id, so every edge or origin through it is wrong.

**Parent accuracy.** The share of visible documents whose primary parent in
the trace (mapped) is their contracted true primary parent. A document with no
true parent (an original, a distractor, or one below only contracted hidden
documents) is right only when it is a root of the trace: naming an outside
source that stands for no truth document is a wrong parent (the strict
reading).

**Edges.** Predicted: every primary edge ``(child, parent)`` of the trace, both
ends mapped. True: every contracted primary edge between scored documents
(visible or identifiable hidden); an edge into an identifiable hidden document
that no node maps to is a miss. Precision, recall and F1 of the two sets;
the undirected F1 compares them as unordered pairs, so that a reversed edge
costs direction but not topology.

**Sentence attribution.** Each trace sentence is matched to the truth sentence
of its document that it overlaps most (character spans; the earlier one on a
tie). Sentences matched to boilerplate are skipped; sentences overlapping no
truth sentence (a line the simulator does not list) are skipped and counted in
``n_sentences_unmatched``. The true origin is the document that wrote the
sentence's first unit, None when that is the document itself. When that writer
is a contracted hidden document, the origin is the topmost scored document
strictly below it on the path of documents carrying the unit down to the
sentence's document (first parents tried first): the furthest ancestor a
tracer could name; None when that is the document itself. A sentence is right
when the trace's origin (mapped) equals the true origin.

**Alignment.** Pairs are counted between truth sentences, so that a
segmentation that differs from the simulator's does not count a pair twice.
True pairs: every two visible, non-boilerplate truth sentences of different
documents whose unit sets intersect (built unit by unit, never all-pairs),
except the two halves of a sentence cut in two (``parts``), which share no words.
Each trace sentence covers the non-boilerplate truth sentences it overlaps. A
predicted pair (a trace :class:`~provenance.model.SentencePair`) whose covers'
units intersect adds the true truth-level pairs it covers; one whose covers
share no unit adds one false pair (the two most-overlapped sentences); one
with a side covering nothing (boilerplate, a headline) adds nothing.

**Empty sets.** Precision, recall and F1 follow scikit-learn with
``zero_division=0`` (no prediction: precision 0; no truth: recall 0), except
that when both sets are empty the prediction is exactly right and all three
are 1. An accuracy over no item (no scorable sentence) is NaN, and
:func:`summarise` leaves NaN values out of the interval (its ``n`` says so).
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
import math
import os
import re
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt
from attrs import frozen

from provenance.trace import Trace

__all__ = [
    "METRICS",
    "TRUTH_SCHEMA",
    "Interval",
    "MismatchError",
    "Scores",
    "Truth",
    "TruthDocument",
    "TruthError",
    "TruthSentence",
    "bootstrap",
    "contracted_parents",
    "identifiable",
    "load_truth",
    "node_mapping",
    "score",
    "summarise",
    "truth_from_dict",
]

TRUTH_SCHEMA = "provenance.benchmark.truth/1"
ROLES = ("original", "agency", "outlet", "aggregator", "distractor")
#: The metric fields of :class:`Scores`, in report order (the rest are counts).
METRICS = (
    "parent_accuracy",
    "edge_precision",
    "edge_recall",
    "edge_f1",
    "undirected_f1",
    "sentence_accuracy",
    "alignment_precision",
    "alignment_recall",
    "alignment_f1",
)
#: The least Jaccard index at which a trace node may stand for a hidden document.
MIN_JACCARD = 0.5

_UNIT = re.compile(r"^(?P<document>.+):(?P<k>\d+)$")
_NON_ALNUM = re.compile(r"[\W_]+")
# Prefix for unmapped trace nodes: a NUL never occurs in a file stem, so no truth id matches.
_UNMAPPED = "\x00"


class TruthError(ValueError):
    """A truth file or dict does not follow ``provenance.benchmark.truth/1``."""


class MismatchError(ValueError):
    """A trace and a truth do not describe the same corpus."""


# ---------------------------------------------------------------------------
# The truth


@frozen
class TruthSentence:
    """A sentence as the simulator wrote it: span, units, boilerplate flag."""

    start: int
    end: int
    units: tuple[str, ...]
    boilerplate: bool = False
    # For half of a sentence cut in two: which half (0, 1) of that unit it holds.
    parts: tuple[tuple[str, int], ...] = ()

    @property
    def writer(self) -> str:
        """The document that wrote the first unit (the sentence's true origin)."""
        return self.units[0].rpartition(":")[0]


@frozen
class TruthDocument:
    """One document of the truth, visible (a file of the corpus) or hidden."""

    id: str
    visible: bool
    parents: tuple[str, ...]
    sentences: tuple[TruthSentence, ...]
    role: str | None = None
    outlet: str | None = None
    story: int | None = None
    published: dt.date | None = None
    shown_date: dt.date | None = None
    credits: tuple[str, ...] = ()
    text: str | None = None


@frozen
class Truth:
    """A parsed ``truth.json``: the simulator's seed and parameters, and every document."""

    documents: tuple[TruthDocument, ...]
    seed: int | None = None
    params: Mapping[str, Any] = attrs.field(factory=dict, eq=False, hash=False)

    def document(self, document_id: str) -> TruthDocument:
        """The document with this id; KeyError when there is none."""
        for document in self.documents:
            if document.id == document_id:
                return document
        raise KeyError(document_id)

    @property
    def visible(self) -> tuple[str, ...]:
        """The ids of the visible documents, sorted."""
        return tuple(sorted(d.id for d in self.documents if d.visible))


def load_truth(path: str | os.PathLike[str]) -> Truth:
    """Read a ``truth.json`` file, or the one in the corpus directory ``path``.

    Raises
    ------
    TruthError
        The file is missing, is not JSON, or does not follow the schema.
    """
    file = Path(path)
    if file.is_dir():
        file = file / "truth.json"
    try:
        raw = file.read_text(encoding="utf-8")
    except OSError as error:
        raise TruthError(f"{file}: cannot read the truth ({error.strerror})") from None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as error:
        raise TruthError(f"{file}: not JSON ({error.msg}, line {error.lineno})") from None
    try:
        return truth_from_dict(data)
    except TruthError as error:
        raise TruthError(f"{file}: {error}") from None


def truth_from_dict(data: Mapping[str, Any]) -> Truth:
    """Parse and check a truth given as the decoded JSON object.

    Checks the schema name, the field types, unique ids, parents and units that
    name existing documents, a derivation without cycles and sentence spans in
    order without overlaps.

    Raises
    ------
    TruthError
        With a one-line message naming the field, the expectation and the value.
    """
    if not isinstance(data, Mapping):
        raise TruthError(f"truth: expected a JSON object, got {type(data).__name__}")
    if data.get("schema") != TRUTH_SCHEMA:
        raise TruthError(f"truth.schema: expected {TRUTH_SCHEMA!r}, got {data.get('schema')!r}")
    raw_documents = data.get("documents")
    if not isinstance(raw_documents, list) or not raw_documents:
        raise TruthError(f"truth.documents: expected a non-empty list, got {raw_documents!r:.60}")
    seed = data.get("seed")
    if seed is not None and (not isinstance(seed, int) or isinstance(seed, bool)):
        raise TruthError(f"truth.seed: expected an integer or null, got {seed!r}")
    params = data.get("params", {})
    if not isinstance(params, Mapping):
        raise TruthError(f"truth.params: expected an object, got {params!r:.60}")
    documents = tuple(
        _parse_document(raw, f"truth.documents[{i}]") for i, raw in enumerate(raw_documents)
    )
    _check_references(documents)
    return Truth(documents=documents, seed=seed, params=dict(params))


def _field(raw: Mapping[str, Any], key: str, kind: type | tuple[type, ...], where: str) -> Any:
    """``raw[key]``, checked to be a ``kind`` (a bool is not an int)."""
    if key not in raw:
        raise TruthError(f"{where}.{key}: missing")
    value = raw[key]
    if not isinstance(value, kind) or (isinstance(value, bool) and bool not in _as_tuple(kind)):
        names = " or ".join(k.__name__ for k in _as_tuple(kind))
        raise TruthError(f"{where}.{key}: expected {names}, got {value!r:.60}")
    return value


def _as_tuple(kind: type | tuple[type, ...]) -> tuple[type, ...]:
    return kind if isinstance(kind, tuple) else (kind,)


def _optional(raw: Mapping[str, Any], key: str, kind: type, where: str) -> Any:
    """``raw[key]`` checked like :func:`_field`, or None when absent or null."""
    if raw.get(key) is None:
        return None
    return _field(raw, key, kind, where)


def _strings(raw: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
    values = _field(raw, key, list, where)
    for i, value in enumerate(values):
        if not isinstance(value, str) or not value:
            raise TruthError(f"{where}.{key}[{i}]: expected a non-empty string, got {value!r:.60}")
    return tuple(values)


def _date(raw: Mapping[str, Any], key: str, where: str) -> dt.date | None:
    value = _optional(raw, key, str, where)
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise TruthError(f"{where}.{key}: expected an ISO date, got {value!r:.60}") from None


def _parse_document(raw: Any, where: str) -> TruthDocument:
    if not isinstance(raw, Mapping):
        raise TruthError(f"{where}: expected an object, got {raw!r:.60}")
    document_id = _field(raw, "id", str, where)
    if not document_id:
        raise TruthError(f"{where}.id: expected a non-empty string, got ''")
    where = f"{where} ({document_id})"
    role = _optional(raw, "role", str, where)
    if role is not None and role not in ROLES:
        raise TruthError(f"{where}.role: expected one of {', '.join(ROLES)}, got {role!r}")
    raw_sentences = _field(raw, "sentences", list, where)
    sentences = tuple(
        _parse_sentence(s, f"{where}.sentences[{i}]") for i, s in enumerate(raw_sentences)
    )
    for i in range(1, len(sentences)):
        if sentences[i].start < sentences[i - 1].end:
            raise TruthError(
                f"{where}.sentences[{i}]: expected to start at or after {sentences[i - 1].end}"
                f" (the previous sentence's end), got {sentences[i].start}"
            )
    text = _optional(raw, "text", str, where)
    if text is not None and sentences and sentences[-1].end > len(text):
        raise TruthError(
            f"{where}.sentences: span ends at {sentences[-1].end}, past the text's {len(text)}"
        )
    return TruthDocument(
        id=document_id,
        visible=_field(raw, "visible", bool, where),
        parents=_strings(raw, "parents", where),
        sentences=sentences,
        role=role,
        outlet=_optional(raw, "outlet", str, where),
        story=_optional(raw, "story", int, where),
        published=_date(raw, "published", where),
        shown_date=_date(raw, "shown_date", where),
        credits=_strings(raw, "credits", where) if raw.get("credits") is not None else (),
        text=text,
    )


def _parse_sentence(raw: Any, where: str) -> TruthSentence:
    if not isinstance(raw, Mapping):
        raise TruthError(f"{where}: expected an object, got {raw!r:.60}")
    start = _field(raw, "start", int, where)
    end = _field(raw, "end", int, where)
    if start < 0 or end <= start:
        raise TruthError(f"{where}: expected 0 <= start < end, got start={start}, end={end}")
    boilerplate = raw.get("boilerplate", False)
    if not isinstance(boilerplate, bool):
        raise TruthError(f"{where}.boilerplate: expected bool, got {boilerplate!r:.60}")
    units = _strings(raw, "units", where)
    for i, unit in enumerate(units):
        if not _UNIT.match(unit):
            raise TruthError(f"{where}.units[{i}]: expected '<document id>:<k>', got {unit!r:.60}")
    if not units and not boilerplate:
        raise TruthError(f"{where}.units: expected at least one unit, got []")
    raw_parts = raw.get("parts", {})
    if not isinstance(raw_parts, Mapping) or any(
        u not in units or not isinstance(k, int) or isinstance(k, bool) or k not in (0, 1)
        for u, k in raw_parts.items()
    ):
        raise TruthError(
            f"{where}.parts: expected {{unit: 0 or 1}} over its units, got {raw_parts!r:.60}"
        )
    parts = tuple(sorted(raw_parts.items()))
    return TruthSentence(start=start, end=end, units=units, boilerplate=boilerplate, parts=parts)


def _check_references(documents: Sequence[TruthDocument]) -> None:
    """Unique ids, parents and units naming existing documents, no cycle."""
    ids: set[str] = set()
    for document in documents:
        if document.id in ids:
            raise TruthError(f"truth.documents: id {document.id!r} appears twice")
        ids.add(document.id)
    for document in documents:
        where = f"truth.documents ({document.id})"
        if len(set(document.parents)) != len(document.parents):
            raise TruthError(f"{where}.parents: a parent is listed twice: {list(document.parents)}")
        for parent in document.parents:
            if parent not in ids or parent == document.id:
                raise TruthError(
                    f"{where}.parents: expected ids of other documents, got {parent!r}"
                )
        for i, sentence in enumerate(document.sentences):
            for unit in sentence.units:
                if unit.rpartition(":")[0] not in ids:
                    raise TruthError(
                        f"{where}.sentences[{i}].units: unit {unit!r} names no document"
                    )
    # Kahn's algorithm: a derivation is a directed acyclic graph.
    pending = {d.id: len(d.parents) for d in documents}
    children = _children(documents)
    ready = deque(sorted(i for i, n in pending.items() if n == 0))
    while ready:
        for child in children[ready.popleft()]:
            pending[child] -= 1
            if pending[child] == 0:
                ready.append(child)
    cyclic = sorted(i for i, n in pending.items() if n > 0)
    if cyclic:
        raise TruthError(f"truth.documents: the parents form a cycle through {', '.join(cyclic)}")


def _children(documents: Iterable[TruthDocument]) -> dict[str, list[str]]:
    """Each document's children through any of their parents."""
    children: dict[str, list[str]] = defaultdict(list)
    for document in documents:
        for parent in document.parents:
            children[parent].append(document.id)
    return children


# ---------------------------------------------------------------------------
# Contraction and node mapping


def _name(text: str) -> str:
    """An outlet name for comparison: case, punctuation and a leading "the" ignored."""
    words = _NON_ALNUM.sub(" ", text.casefold()).split()
    return " ".join(words[1:] if words[:1] == ["the"] and len(words) > 1 else words)


def _ancestors(start: str, parents: Mapping[str, Sequence[str]]) -> list[str]:
    """Every ancestor of ``start`` through any parent, nearest first."""
    seen = {start}
    order: list[str] = []
    queue = deque([start])
    while queue:
        for parent in parents.get(queue.popleft(), ()):
            if parent not in seen:
                seen.add(parent)
                order.append(parent)
                queue.append(parent)
    return order


def identifiable(truth: Truth) -> frozenset[str]:
    """The hidden documents a tracer can detect (see the module docstring).

    A hidden document is identifiable when two or more of its children are
    visible or have a visible descendant, or when a visible descendant credits
    its outlet.
    """
    documents = {d.id: d for d in truth.documents}
    parents = {d.id: d.parents for d in truth.documents}
    below: dict[str, set[str]] = defaultdict(set)
    for document in truth.documents:
        if document.visible:
            for ancestor in _ancestors(document.id, parents):
                below[ancestor].add(document.id)
    children = _children(truth.documents)
    found = set()
    for document in truth.documents:
        if document.visible:
            continue
        branches = {c for c in children[document.id] if documents[c].visible or below[c]}
        outlet = _name(document.outlet) if document.outlet else None
        credited = outlet is not None and any(
            outlet == _name(credit) for v in below[document.id] for credit in documents[v].credits
        )
        if len(branches) >= 2 or credited:
            found.add(document.id)
    return frozenset(found)


def contracted_parents(truth: Truth, *, contract: bool = True) -> dict[str, str | None]:
    """The primary parent of every scored document, contracted hidden documents skipped.

    Scored documents are the visible ones and the :func:`identifiable` hidden
    ones (every hidden one when ``contract`` is false). The result maps each
    scored document to its nearest scored ancestor along first parents, or None.
    """
    hidden = {d.id for d in truth.documents if not d.visible}
    keep = {d.id for d in truth.documents} - (hidden - identifiable(truth) if contract else set())
    primary = {d.id: (d.parents[0] if d.parents else None) for d in truth.documents}
    result: dict[str, str | None] = {}
    for document_id in sorted(keep):
        parent = primary[document_id]
        while parent is not None and parent not in keep:
            parent = primary[parent]
        result[document_id] = parent
    return result


def _documents_below(
    parent: Mapping[str, str | None], visible: Iterable[str]
) -> dict[str, set[str]]:
    """The visible documents below each node of a tree given as a parent map."""
    below: dict[str, set[str]] = defaultdict(set)
    for document_id in visible:
        seen = {document_id}
        node = parent.get(document_id)
        while node is not None and node not in seen:  # a malformed trace may have a cycle
            seen.add(node)
            below[node].add(document_id)
            node = parent.get(node)
    return below


def _check_corpus(trace: Trace, truth: Truth) -> None:
    """The trace's documents are the truth's visible ones, and the spans fit their texts."""
    traced = {d.id for d in trace.documents}
    visible = set(truth.visible)
    if traced != visible:
        extra, missing = sorted(traced - visible), sorted(visible - traced)
        raise MismatchError(
            "trace and truth differ in their documents:"
            f" not visible in the truth {extra[:5]}, not in the trace {missing[:5]}"
        )
    texts = {d.id: d.text for d in trace.documents}
    for document in truth.documents:
        if (
            document.visible
            and document.sentences
            and document.sentences[-1].end > len(texts[document.id])
        ):
            raise MismatchError(
                f"truth: document {document.id} has a sentence ending at"
                f" {document.sentences[-1].end}, past the traced text's {len(texts[document.id])}"
            )


def node_mapping(trace: Trace, truth: Truth, *, contract: bool = True) -> dict[str, str]:
    """The hidden truth document each non-document node of the trace stands for.

    Nodes that stand for none are left out. The rule (Jaccard index of the
    visible documents below, at least 0.5, or an external node named after the
    hidden document's outlet; greedy, one-to-one) is in the module docstring.
    """
    _check_corpus(trace, truth)
    return _node_mapping(trace, truth, contracted_parents(truth, contract=contract))


def _node_mapping(trace: Trace, truth: Truth, scored: Mapping[str, str | None]) -> dict[str, str]:
    documents = {d.id for d in trace.documents}
    nodes = {n.id: n for n in trace.tree.nodes if n.id not in documents}
    predicted_below = _documents_below(dict(trace.tree.parent), sorted(documents))
    hidden = {d.id: d for d in truth.documents if not d.visible and d.id in scored}
    true_below = _documents_below(scored, truth.visible)
    # Intersections counted document by document: no loop over all node pairs.
    predicted_above: dict[str, list[str]] = defaultdict(list)
    for node, below in predicted_below.items():
        if node in nodes:
            for document_id in below:
                predicted_above[document_id].append(node)
    shared: dict[tuple[str, str], int] = defaultdict(int)
    for hidden_id, below in true_below.items():
        if hidden_id in hidden:
            for document_id in below:
                for node in predicted_above[document_id]:
                    shared[(node, hidden_id)] += 1
    by_outlet: dict[str, list[str]] = defaultdict(list)
    for document in hidden.values():
        if document.outlet:
            by_outlet[_name(document.outlet)].append(document.id)
    named: set[tuple[str, str]] = set()
    for external in nodes.values():
        if external.kind == "external":
            for name in {_name(n) for n in (external.label, *external.aliases)}:
                named.update((external.id, h) for h in by_outlet.get(name, ()))
    candidates = []
    for pair in set(shared) | named:
        node, hidden_id = pair
        common = shared.get(pair, 0)
        union = len(predicted_below[node]) + len(true_below[hidden_id]) - common
        jaccard = common / union if union else 0.0
        if jaccard >= MIN_JACCARD or pair in named:
            candidates.append((-jaccard, pair not in named, node, hidden_id))
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    for _, _, node, hidden_id in sorted(candidates):
        if node not in mapping and hidden_id not in taken:
            mapping[node] = hidden_id
            taken.add(hidden_id)
    return mapping


# ---------------------------------------------------------------------------
# Scores


@frozen
class Scores:
    """The metrics of one trace against its truth, and the counts behind them.

    Every metric lies in [0, 1] (an accuracy over no item is NaN). The counts:
    visible documents, true and predicted primary edges, scored sentences (and
    those overlapping no truth sentence), truth-level sentence pairs, hidden
    documents kept and contracted, and trace nodes mapped to hidden documents.
    """

    parent_accuracy: float
    edge_precision: float
    edge_recall: float
    edge_f1: float
    undirected_f1: float
    sentence_accuracy: float
    alignment_precision: float
    alignment_recall: float
    alignment_f1: float
    n_documents: int
    n_edges_true: int
    n_edges_predicted: int
    n_sentences: int
    n_sentences_unmatched: int
    n_pairs_true: int
    n_pairs_predicted: int
    n_hidden_scored: int
    n_hidden_contracted: int
    n_nodes_mapped: int


def _prf(n_true: int, n_predicted: int, hits: int) -> tuple[float, float, float]:
    """Precision, recall, F1 with the zero-division rule of the module docstring."""
    if n_true == 0 and n_predicted == 0:
        return 1.0, 1.0, 1.0
    precision = hits / n_predicted if n_predicted else 0.0
    recall = hits / n_true if n_true else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def score(trace: Trace, truth: Truth, *, contract: bool = True) -> Scores:
    """Score ``trace`` against ``truth`` (the rules are in the module docstring).

    Parameters
    ----------
    trace : provenance.Trace
        The tracer's result on the truth's visible documents.
    truth : Truth
        From :func:`load_truth` or :func:`truth_from_dict`.
    contract : bool, default True
        Contract the hidden documents no tracer can detect (the main numbers);
        false keeps them all (the raw numbers).

    Raises
    ------
    MismatchError
        The trace's documents are not the truth's visible documents, or a
        truth span does not fit the traced text.
    """
    _check_corpus(trace, truth)
    scored = contracted_parents(truth, contract=contract)
    mapping = _node_mapping(trace, truth, scored)
    documents = {d.id for d in trace.documents}

    def mapped(node: str | None) -> str | None:
        if node is None or node in documents:
            return node
        return mapping.get(node, _UNMAPPED + node)

    predicted_parent = dict(trace.tree.parent)
    visible = truth.visible
    parents_right = sum(mapped(predicted_parent.get(v)) == scored[v] for v in visible)

    true_edges = {(child, parent) for child, parent in scored.items() if parent is not None}
    predicted_edges = {(mapped(c), mapped(p)) for c, p in trace.tree.parent}
    edge_p, edge_r, edge_f = _prf(
        len(true_edges), len(predicted_edges), len(true_edges & predicted_edges)
    )
    true_undirected = {frozenset(e) for e in true_edges}
    predicted_undirected = {frozenset(e) for e in predicted_edges}
    *_, undirected_f = _prf(
        len(true_undirected),
        len(predicted_undirected),
        len(true_undirected & predicted_undirected),
    )

    matches = _match_sentences(trace, truth)
    right, judged, unmatched = _attribution(trace, truth, scored, matches, mapped)
    n_pairs_true, n_pairs_predicted, pair_hits = _alignment_counts(trace, truth, matches)
    align_p, align_r, align_f = _prf(n_pairs_true, n_pairs_predicted, pair_hits)

    n_hidden = sum(not d.visible for d in truth.documents)
    n_hidden_scored = len(scored) - len(visible)
    return Scores(
        parent_accuracy=parents_right / len(visible),
        edge_precision=edge_p,
        edge_recall=edge_r,
        edge_f1=edge_f,
        undirected_f1=undirected_f,
        sentence_accuracy=right / judged if judged else math.nan,
        alignment_precision=align_p,
        alignment_recall=align_r,
        alignment_f1=align_f,
        n_documents=len(visible),
        n_edges_true=len(true_edges),
        n_edges_predicted=len(predicted_edges),
        n_sentences=judged,
        n_sentences_unmatched=unmatched,
        n_pairs_true=n_pairs_true,
        n_pairs_predicted=n_pairs_predicted,
        n_hidden_scored=n_hidden_scored,
        n_hidden_contracted=n_hidden - n_hidden_scored,
        n_nodes_mapped=len(mapping),
    )


@frozen
class _Match:
    """The truth sentences one trace sentence overlaps.

    ``best`` is the position (in its truth document) of the one it overlaps most,
    boilerplate included, or -1; ``cover`` the global numbers of the
    non-boilerplate ones, and ``main`` the most overlapped of those, or -1.
    """

    best: int
    cover: tuple[int, ...]
    main: int


def _match_sentences(trace: Trace, truth: Truth) -> list[_Match]:
    """The truth sentences each trace sentence overlaps, in ``trace.sentences`` order.

    Truth sentences are numbered globally over the visible documents sorted by
    id, in order: the numbers :func:`_alignment_counts` pairs.
    """
    by_id = {d.id: d for d in truth.documents}
    offsets: dict[str, int] = {}
    spans: dict[str, tuple[list[int], list[int], tuple[TruthSentence, ...]]] = {}
    total = 0
    for document_id in truth.visible:
        sentences = by_id[document_id].sentences
        offsets[document_id] = total
        total += len(sentences)
        spans[document_id] = ([s.start for s in sentences], [s.end for s in sentences], sentences)
    matches = []
    for traced in trace.sentences:
        starts, ends, truths = spans[traced.document]
        # Truth spans are sorted and disjoint, so their ends are sorted too.
        lo = bisect.bisect_right(ends, traced.start)
        hi = bisect.bisect_left(starts, traced.end)
        overlaps = [
            (min(traced.end, truths[k].end) - max(traced.start, truths[k].start), k)
            for k in range(lo, hi)
        ]
        best = max(overlaps, key=lambda o: (o[0], -o[1]))[1] if overlaps else -1
        kept = [(o, k) for o, k in overlaps if not truths[k].boilerplate]
        main = max(kept, key=lambda o: (o[0], -o[1]))[1] if kept else -1
        base = offsets[traced.document]
        matches.append(
            _Match(
                best=best,
                cover=tuple(base + k for _, k in kept),
                main=base + main if main >= 0 else -1,
            )
        )
    return matches


def _attribution(
    trace: Trace,
    truth: Truth,
    scored: Mapping[str, str | None],
    matches: Sequence[_Match],
    mapped: Callable[[str | None], str | None],
) -> tuple[int, int, int]:
    """Sentences whose origin is right, sentences judged, sentences matching no truth one."""
    origins = {(d, i): o for d, i, o in trace.origins}
    documents = {d.id: d for d in truth.documents}
    carriers: dict[str, set[str]] = defaultdict(set)
    for document in truth.documents:
        for written in document.sentences:
            for unit in written.units:
                carriers[unit].add(document.id)
    memo: dict[tuple[str, str], str | None] = {}

    def true_origin(document_id: str, unit: str) -> str | None:
        if (document_id, unit) not in memo:
            memo[(document_id, unit)] = _true_origin(document_id, unit, documents, scored, carriers)
        return memo[(document_id, unit)]

    right = judged = unmatched = 0
    for sentence, match in zip(trace.sentences, matches, strict=True):
        key = (sentence.document, sentence.index)
        if key not in origins:
            raise MismatchError(f"trace.origins: no origin for sentence {key[1]} of {key[0]}")
        if match.best < 0:
            unmatched += 1
            continue
        truth_sentence = documents[sentence.document].sentences[match.best]
        if truth_sentence.boilerplate:
            continue
        judged += 1
        expected = true_origin(sentence.document, truth_sentence.units[0])
        origin = mapped(origins[key])
        right += (None if origin == sentence.document else origin) == expected
    return right, judged, unmatched


def _true_origin(
    document_id: str,
    unit: str,
    documents: Mapping[str, TruthDocument],
    scored: Mapping[str, str | None],
    carriers: Mapping[str, set[str]],
) -> str | None:
    """The true origin of a unit in a document: its writer, or the topmost scored
    document below a contracted writer on the path that carried it.
    """
    writer = unit.rpartition(":")[0]
    if writer == document_id:
        return None
    if writer in scored:
        return writer
    path = _path_up(document_id, writer, documents, carriers[unit]) or _path_up(
        document_id, writer, documents, None
    )
    if path is None:
        raise TruthError(
            f"truth: document {document_id} carries unit {unit} but does not descend from {writer}"
        )
    topmost = next(node for node in reversed(path[:-1]) if node in scored)
    return None if topmost == document_id else topmost


def _path_up(
    start: str,
    target: str,
    documents: Mapping[str, TruthDocument],
    through: set[str] | None,
) -> list[str] | None:
    """The shortest path ``start → … → target`` up through parents (first parents
    tried first), only through documents in ``through`` when it is given.
    """
    previous: dict[str, str] = {}
    queue = deque([start])
    seen = {start}
    while queue:
        node = queue.popleft()
        if node == target:
            path = [node]
            while path[-1] != start:
                path.append(previous[path[-1]])
            return path[::-1]
        for parent in documents[node].parents:
            if parent not in seen and (through is None or parent in through or parent == target):
                seen.add(parent)
                previous[parent] = node
                queue.append(parent)
    return None


@cache
def _pair_indices(k: int) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """``np.triu_indices(k, 1)``, cached: unit groups come in few sizes."""
    rows, columns = np.triu_indices(k, 1)
    return rows, columns


def _alignment_counts(
    trace: Trace, truth: Truth, matches: Sequence[_Match]
) -> tuple[int, int, int]:
    """True truth-level pairs, predicted truth-level pairs, and the predicted ones that are true.

    A pair of truth sentences ``a < b`` is coded as the integer ``a * n + b``.
    """
    units: list[frozenset[str]] = []
    owner: list[int] = []
    by_unit: dict[str, list[int]] = defaultdict(list)
    by_id = {d.id: d for d in truth.documents}
    # Halves of a cut sentence do not pair with each other: a unit with parts
    # anywhere is keyed per half, and a whole copy of it joins both halves' keys.
    halved = {u for d in truth.visible for s in by_id[d].sentences for u, _ in s.parts}
    for number, document_id in enumerate(truth.visible):
        for sentence in by_id[document_id].sentences:
            units.append(frozenset(sentence.units))
            owner.append(number)
            if not sentence.boilerplate:
                part = dict(sentence.parts)
                for unit in units[-1]:
                    if unit not in halved:
                        by_unit[unit].append(len(units) - 1)
                    for half in (0, 1):
                        if unit in halved and part.get(unit, half) == half:
                            by_unit[f"{unit}#{half}"].append(len(units) - 1)
    n = len(units)
    documents = np.asarray(owner, dtype=np.int64)
    codes = []
    for members in by_unit.values():
        if len(members) > 1:
            # Members come in increasing order, so rows < columns.
            group = np.asarray(members, dtype=np.int64)
            rows, columns = _pair_indices(len(members))
            a, b = group[rows], group[columns]
            different = documents[a] != documents[b]
            codes.append(a[different] * n + b[different])
    true_codes = _sorted_unique(codes)

    position = {(s.document, s.index): i for i, s in enumerate(trace.sentences)}
    a_side: list[int] = []
    b_side: list[int] = []
    for alignment in trace.alignments:
        for pair in alignment.pairs:
            try:
                a_side.append(position[(alignment.a, pair.a_index)])
                b_side.append(position[(alignment.b, pair.b_index)])
            except KeyError as error:
                raise MismatchError(
                    f"trace.alignments: sentence {error.args[0]} is not in trace.sentences"
                ) from None
    main = np.asarray([m.main for m in matches], dtype=np.int64)
    multiple = np.asarray([len(m.cover) > 1 for m in matches], dtype=bool)
    a_index = np.asarray(a_side, dtype=np.intp).reshape(-1)
    b_index = np.asarray(b_side, dtype=np.intp).reshape(-1)
    a_main, b_main = main[a_index], main[b_index]
    simple = (a_main >= 0) & (b_main >= 0) & ~multiple[a_index] & ~multiple[b_index]
    low, high = np.minimum(a_main, b_main)[simple], np.maximum(a_main, b_main)[simple]
    predicted = [low * n + high]
    for i in np.flatnonzero((a_main >= 0) & (b_main >= 0) & ~simple):
        a_cover, b_cover = matches[a_index[i]].cover, matches[b_index[i]].cover
        covered = np.asarray(
            [min(x, y) * n + max(x, y) for x in a_cover for y in b_cover], dtype=np.int64
        )
        found = covered[_contains(true_codes, covered)]
        if found.size:
            predicted.append(found)
        else:
            low_main, high_main = sorted((int(a_main[i]), int(b_main[i])))
            predicted.append(np.asarray([low_main * n + high_main], dtype=np.int64))
    predicted_codes = _sorted_unique(predicted)
    hits = int(_contains(true_codes, predicted_codes).sum())
    return int(true_codes.size), int(predicted_codes.size), hits


def _sorted_unique(parts: Sequence[npt.NDArray[np.int64]]) -> npt.NDArray[np.int64]:
    """The distinct values of the arrays, sorted (faster than ``np.unique``'s hash path)."""
    if not parts:
        return np.empty(0, dtype=np.int64)
    values = np.sort(np.concatenate(parts))
    return values[np.concatenate(([True], values[1:] != values[:-1]))] if values.size else values


def _contains(
    sorted_codes: npt.NDArray[np.int64], values: npt.NDArray[np.int64]
) -> npt.NDArray[np.bool_]:
    """Which ``values`` occur in the sorted array ``sorted_codes``."""
    if sorted_codes.size == 0:
        return np.zeros(values.shape, dtype=bool)
    at = np.searchsorted(sorted_codes, values).clip(max=sorted_codes.size - 1)
    return np.asarray(sorted_codes[at] == values)


# ---------------------------------------------------------------------------
# Intervals


@frozen
class Interval:
    """A mean and its bootstrap interval ``[low, high]``, over ``n`` values."""

    mean: float
    low: float
    high: float
    n: int


def bootstrap(
    values: Iterable[float], *, resamples: int = 2000, confidence: float = 0.95, seed: int = 0
) -> Interval:
    """The mean of ``values`` and its percentile-bootstrap interval.

    ``resamples`` resamples of the values, with replacement, each of the same
    size; the interval is the central ``confidence`` share of their means. The
    same arguments give the same interval (numpy's generator seeded by ``seed``).

    Raises
    ------
    ValueError
        No values, a value that is not finite, ``resamples < 1``, or
        ``confidence`` outside (0, 1).

    Examples
    --------
    >>> interval = bootstrap([0.5, 0.7, 0.6, 0.9, 0.8])
    >>> round(interval.mean, 2), interval.low <= interval.mean <= interval.high
    (0.7, True)
    """
    data = np.asarray(list(values), dtype=np.float64)
    if data.size == 0:
        raise ValueError("values: expected at least one value, got none")
    if not np.isfinite(data).all():
        raise ValueError(f"values: expected finite numbers, got {data[~np.isfinite(data)][0]}")
    if resamples < 1:
        raise ValueError(f"resamples: expected at least 1, got {resamples}")
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence: expected a number in (0, 1), got {confidence}")
    rng = np.random.default_rng(seed)
    means = np.empty(resamples)
    # Resample in blocks of about a million draws: memory stays flat for long inputs.
    block = max(1, 1_000_000 // data.size)
    for first in range(0, resamples, block):
        last = min(resamples, first + block)
        means[first:last] = data[rng.integers(0, data.size, size=(last - first, data.size))].mean(
            axis=1
        )
    tail = (1.0 - confidence) / 2.0
    low, high = np.quantile(means, [tail, 1.0 - tail])
    return Interval(mean=float(data.mean()), low=float(low), high=float(high), n=int(data.size))


def summarise(
    scores: Sequence[Scores], *, resamples: int = 2000, confidence: float = 0.95, seed: int = 0
) -> dict[str, Interval]:
    """Each metric of :data:`METRICS` over ``scores`` (one per seed): mean and bootstrap interval.

    NaN values (an accuracy over no item) are left out; a metric that is NaN
    everywhere gets ``Interval(nan, nan, nan, 0)``.
    """
    if not scores:
        raise ValueError("scores: expected at least one Scores, got none")
    summary = {}
    for name in METRICS:
        values = [getattr(s, name) for s in scores if not math.isnan(getattr(s, name))]
        summary[name] = (
            bootstrap(values, resamples=resamples, confidence=confidence, seed=seed)
            if values
            else Interval(mean=math.nan, low=math.nan, high=math.nan, n=0)
        )
    return summary
