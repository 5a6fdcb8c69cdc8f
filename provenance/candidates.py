"""Candidate parents: what each link says on its own.

The first half of a derivation (:mod:`provenance.derive`) looks at one link at
a time: it weighs the sentences two documents share
(:mod:`provenance.evidence`), orients the link each way that dates allow,
weighted by *fit* (how much of the child the parent accounts for, in the
child's words), and keeps each child's strongest few copy edges. A link that
neither dates nor fit orient is *unoriented*; one too weak to be a copy whose
documents share a named source's text is a *sibling* link.

None of it depends on any other link, so a store that adds documents redoes it
for the new links only (:func:`merge_candidates`): a child's strongest edges
among old and new are the strongest of its old strongest and its new ones.
"""

from __future__ import annotations

import itertools
import operator
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import NamedTuple

from attrs import frozen

from provenance.cite import quoted_share, source_id
from provenance.config import TraceConfig
from provenance.evidence import (
    Link,
    LinkTable,
    aligned_evidences,
    attributed_sentences,
    by_document,
    describe,
    eligible_counts,
    strength,
    weigh_table,
)
from provenance.model import AlignedPairs, Alignment, Citation, Document, Edge, Evidence, Sentence
from provenance.outlets import find_outlet

__all__ = ["Candidates", "Sibling", "Weigher", "find_candidates", "merge_candidates"]

# How sharply the closest earlier text wins among candidate parents: fit ** 2.
CLOSE_POWER = 2
# Copy edges kept into each document: in a story reprinted fifty times every
# pair is linked; beyond the strongest few an edge only costs time and memory.
TOP_COPY_EDGES = 8
# Below this fit neither text accounts for the other: they share an unseen source.
MIN_FIT = 0.6

Key = tuple[str, str]  # a link's (a, b)


class Sibling(NamedTuple):
    """A link too weak to be a copy between documents that share a named source's
    text: ``common`` the sources, ``pairs`` its aligned pairs, ``weight`` its evidence."""

    a: str
    b: str
    common: tuple[str, ...]
    pairs: int
    weight: float


@frozen
class Candidates:
    """Each document's candidate parents, from its own links alone.

    ``copies`` holds each child's :data:`TOP_COPY_EDGES` most confident copy
    edges (ties: parent id), by child, most confident first; ``unoriented`` the
    links that neither dates nor fit orient, and ``siblings`` the sibling
    links, both sorted by ``(a, b)``.
    """

    copies: tuple[Edge, ...]
    unoriented: tuple[Key, ...]
    siblings: tuple[Sibling, ...]


class Weigher:
    """Weighs links (:func:`provenance.evidence.weigh_table`), reading only the
    sentences and citations of the documents they join.

    ``sentences`` are a corpus's, in any order.
    """

    def __init__(
        self, sentences: Sequence[Sentence], cited: Sequence[Citation], config: TraceConfig
    ) -> None:
        self._sentences: dict[str, list[Sentence]] = defaultdict(list)
        for s in sentences:
            self._sentences[s.document].append(s)
        self._cited: dict[str, list[Citation]] = defaultdict(list)
        for c in cited:
            self._cited[c.document].append(c)
        self._config = config

    def table(self, alignments: Sequence[Alignment]) -> LinkTable:
        """The links of ``alignments``, as columns."""
        documents = sorted({d for al in alignments for d in (al.a, al.b)})
        sentences = [s for d in documents for s in self._sentences.get(d, ())]
        cited = [c for d in documents for c in self._cited.get(d, ())]
        attributed = by_document(attributed_sentences(sentences, cited))
        # Only the sentences with quoted text: most have none.
        shares = {text: quoted_share(text) for text in {s.text for s in sentences}}
        quoted = by_document(
            {(s.document, s.index): share for s in sentences if (share := shares[s.text])}
        )
        eligible = eligible_counts(sentences, self._config)
        return weigh_table(alignments, attributed, quoted, eligible)

    def links(self, alignments: Sequence[Alignment]) -> list[Link]:
        """The link of each of ``alignments``."""
        table = self.table(alignments)
        return [table.link(k) for k in range(len(alignments))]


def find_candidates(
    table: LinkTable,
    documents: Sequence[Document],
    cited: Sequence[Citation],
    config: TraceConfig,
) -> tuple[Candidates, dict[Key, Link]]:
    """The candidates of the links in ``table``, between ``documents`` (which
    ``cited`` cites; the named sources of kind media only), and the unoriented
    links by ``(a, b)``."""
    by_id = {d.id: d for d in documents}
    linked = [k for k, weight in enumerate(table.weight) if weight >= config.min_link_weight]
    siblings = sorted(
        Sibling(
            table.alignments[k].a,
            table.alignments[k].b,
            tuple(sorted(table.common[k])),
            len(table.alignments[k].pairs),
            table.weight[k],
        )
        for k in table.common
        if table.weight[k] < config.min_link_weight
    )
    ways, unoriented = _copy_ways(table, linked, by_id)
    strongest = _strongest_into_each(ways, TOP_COPY_EDGES)
    outlets = _outlets(documents, cited)
    named: dict[str, set[str]] = defaultdict(set)
    for c in cited:
        named[c.document].add(c.source)
    links = {k: table.link(k) for k in sorted({*(way.row for way in strongest), *unoriented})}
    kept = [
        _Way(
            links[k],
            by_id[parent],
            by_id[child],
            outlets.get(parent, set()) & named.get(child, set()),
            confidence,
        )
        for child, confidence, parent, k in strongest
    ]
    # Edges (with their evidence, the costly part) only for each child's strongest.
    aligned = aligned_evidences([(way.link, way.parent.id) for way in kept])
    candidates = Candidates(
        copies=tuple(_copy_edge(way, pairs) for way, pairs in zip(kept, aligned, strict=True)),
        unoriented=tuple(sorted(_key(table.alignments[k]) for k in unoriented)),
        siblings=tuple(siblings),
    )
    return candidates, {_key(links[k].alignment): links[k] for k in unoriented}


def merge_candidates(old: Candidates, new: Candidates) -> tuple[Candidates, set[str]]:
    """The candidates of two sets of links that share none, and the children
    whose copy edges are not ``old``'s.

    A child's strongest edges among both are the strongest of each one's
    strongest: an edge ``old`` dropped stays dropped, and a child keeps its
    old edges unless it keeps a new one.
    """
    into: dict[str, list[tuple[tuple[float, str], bool, Edge]]] = defaultdict(list)
    for e in new.copies:
        into[e.child].append((_rank(e), True, e))
    copies: list[Edge] = []
    changed: set[str] = set()
    before = {
        child: list(edges)
        for child, edges in itertools.groupby(old.copies, key=operator.attrgetter("child"))
    }
    for child in sorted(before.keys() | into.keys()):
        if child not in into:
            copies += before[child]
            continue
        pool = into[child] + [(_rank(e), False, e) for e in before.get(child, ())]
        best = sorted(pool, key=lambda entry: entry[0])[:TOP_COPY_EDGES]
        copies += [e for _, _, e in best]
        if any(fresh for _, fresh, _ in best):
            changed.add(child)
    return (
        Candidates(
            copies=tuple(copies),
            unoriented=tuple(sorted({*old.unoriented, *new.unoriented})),
            siblings=tuple(sorted({*old.siblings, *new.siblings})),
        ),
        changed,
    )


def _rank(edge: Edge | _CandidateWay) -> tuple[float, str]:
    """A child's copy edges in order: most confident first (ties: parent id)."""
    return -edge.confidence, edge.parent


def _key(alignment: Alignment) -> Key:
    return alignment.a, alignment.b


@frozen
class _Way:
    """A copy edge not yet made: ``parent`` to ``child`` by ``link``, and its confidence."""

    link: Link
    parent: Document
    child: Document
    names: set[str]  # the parent's outlets that the child names
    confidence: float


class _CandidateWay(NamedTuple):
    """A way a link may be copied, before each child's strongest are chosen."""

    child: str
    confidence: float
    parent: str
    row: int  # the link's, in the LinkTable


def _copy_ways(
    table: LinkTable, rows: Sequence[int], by_id: Mapping[str, Document]
) -> tuple[list[_CandidateWay], list[int]]:
    """The copy edges of the links in ``rows``, each way that can be, weighted by
    how well the parent accounts for the child: its share of the child's
    sentences, in the child's words; and the rows that cannot be oriented.

    A parent accounts for nearly all of its copy (but what the copy added), a
    copy for less of its parent (what it dropped), a sibling or a grandparent
    for less again (their own edits and drops): so among all candidates, the
    spanning tree picks the parent. A way is ruled out when the parent is dated
    after the child. When neither way is ruled out and neither text accounts for
    most of the other, there is no edge: they share an unseen source. Credits
    and named outlets do not orient a copy: reprints inherit them (measured on
    the simulator, docs/benchmarks.md); they are given as reasons.
    """
    ways: list[_CandidateWay] = []
    unoriented: list[int] = []
    for k in rows:
        alignment = table.alignments[k]
        a, b = by_id[alignment.a], by_id[alignment.b]
        a_fit, b_fit = table.a_fit[k], table.b_fit[k]
        allowed = [
            (parent, child, child_fit)
            for parent, child, child_fit in ((a, b, b_fit), (b, a, a_fit))
            if not (parent.published and child.published and parent.published > child.published)
        ]
        if len(allowed) == 2 and max(a_fit, b_fit) < MIN_FIT:
            unoriented.append(k)
            continue
        weight = strength(table.weight[k])
        ways += [
            _CandidateWay(
                child.id,
                round(weight * (0.3 + 0.7 * min(fit, 1.0) ** CLOSE_POWER), 4),
                parent.id,
                k,
            )
            for parent, child, fit in allowed
        ]
    return ways, unoriented


def _copy_edge(way: _Way, aligned: AlignedPairs) -> Edge:
    """The copy edge of a way, with the reasons for it and its ``aligned`` sentences."""
    link, parent, child = way.link, way.parent, way.child
    fit = {link.a: link.a_fit, link.b: link.b_fit}
    reason = (
        f"{parent.id} accounts for {fit[child.id]:.0%} of {child.id}'s text, "
        f"{child.id} for {fit[parent.id]:.0%} of {parent.id}'s"
    )
    if parent.published and child.published and parent.published < child.published:
        reason += f"; {parent.id} is dated {parent.published}, before {child.id}"
    if way.names:
        reason += f"; {child.id} names {sorted(way.names)[0]}, the outlet of {parent.id}"
    return Edge(
        parent=parent.id,
        child=child.id,
        relation="copy",
        confidence=way.confidence,
        evidence=Evidence(aligned=aligned, reasons=(describe(link), reason)),
    )


def _outlets(documents: Sequence[Document], citations: Sequence[Citation]) -> dict[str, set[str]]:
    """The outlet that published each document, where the text says so.

    An article under "Jakarta, CNN Indonesia" is CNN Indonesia's, one credited
    "— Reuters" is Reuters' text; so is one whose footer names a known outlet
    before its web address ("The New Indian Express").
    """
    found: dict[str, set[str]] = defaultdict(set)
    for c in citations:
        if c.pattern in {"dateline", "credit"}:
            found[c.document].add(c.source)
    for d in documents:
        if d.outlet:
            found[d.id].add(source_id(d.outlet))
        for removed in d.removed:
            outlet = find_outlet(removed.text.strip()) if removed.reason == "site name" else None
            if outlet:
                found[d.id].add(source_id(outlet))
    return found


def _strongest_into_each(ways: list[_CandidateWay], keep: int) -> list[_CandidateWay]:
    """Each child's ``keep`` most confident incoming ways (ties: parent id), by child."""
    into: dict[str, list[_CandidateWay]] = defaultdict(list)
    for way in ways:
        into[way.child].append(way)
    return [way for child in sorted(into) for way in sorted(into[child], key=_rank)[:keep]]
