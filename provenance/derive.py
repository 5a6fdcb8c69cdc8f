"""Derivation: from aligned sentences and citations to who copied whom.

Read top to bottom, a derivation

1. weighs every aligned sentence pair as evidence of copying
   (:mod:`provenance.evidence`);
2. links two documents whose shared sentences weigh enough, each way that dates
   allow, weighted by *fit*: how much of the child the parent accounts for, in
   the child's words (a parent accounts for more of its copy than a sibling,
   a grandparent or a copy of the child does); keeps each child's strongest few
   (steps 1 and 2 look at one link at a time: :mod:`provenance.candidates`);
3. prefers, of two candidate parents one of which copied the other, the closer
   one when it carries all the child shares with the older (shared innovations);
4. gives links it cannot orient an unseen common parent (a *latent* source);
5. adds ``cites`` edges from the named sources, and between sources when the text
   says one took it from another;
6. picks each node's primary parent as a maximum spanning arborescence
   (:func:`provenance.tree.select_tree`), keeping every other edge as a
   secondary parent.

:func:`derive_from` also returns a :class:`DerivationState`: given it back with
more documents, it redoes steps 1 and 2 for the new links only, and step 3 and
the choice of step 4's links for the documents they touch, with the same result
as a derivation from scratch. See docs/method.md for the reasoning behind each
weight.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence

import attrs
from attrs import frozen

from provenance._gc import paused_gc
from provenance.candidates import Candidates, Sibling, Weigher, find_candidates, merge_candidates
from provenance.config import TraceConfig
from provenance.evidence import Link, aligned_evidence, describe, strength
from provenance.model import (
    Alignment,
    Citation,
    DerivationTree,
    Document,
    Edge,
    Evidence,
    Node,
    Sentence,
    Source,
)
from provenance.tree import select_tree

__all__ = ["DerivationState", "derive", "derive_from"]

# How many of a child's strongest candidate parents are compared with each other.
CANDIDATE_PARENTS = 25

Key = tuple[str, str]  # a link's (a, b)


@frozen
class DerivationState:
    """What :func:`derive_from` keeps to redo a derivation for new links only.

    ``documents`` are the ids it derived, ``cited`` their citations of named
    media, ``candidates`` what each link said (:mod:`provenance.candidates`),
    ``closer`` each ``(parent, child, closer parent)`` of step 3, and
    ``undecided`` the unoriented links that no parent in the corpus explains.
    """

    documents: tuple[str, ...]
    cited: tuple[Citation, ...]
    candidates: Candidates
    closer: tuple[tuple[str, str, str], ...]
    undecided: tuple[Key, ...]


def derive(
    documents: Sequence[Document],
    sentences: Sequence[Sentence],
    alignments: Sequence[Alignment],
    citations: Sequence[Citation],
    sources: Sequence[Source],
    *,
    config: TraceConfig | None = None,
) -> DerivationTree:
    """Build the derivation graph and choose the most likely tree from it.

    Parameters
    ----------
    documents, sentences, alignments, citations, sources
        The outputs of the earlier stages, for one corpus.
    config : TraceConfig, optional
        ``min_link_weight`` and ``min_confidence`` are used here.

    Returns
    -------
    DerivationTree
        Nodes sorted by kind then id, edges sorted by (child, parent), and each
        node's primary parent.
    """
    tree, _ = derive_from(documents, sentences, alignments, citations, sources, config=config)
    return tree


@paused_gc()
def derive_from(
    documents: Sequence[Document],
    sentences: Sequence[Sentence],
    alignments: Sequence[Alignment],
    citations: Sequence[Citation],
    sources: Sequence[Source],
    *,
    config: TraceConfig | None = None,
    previous: DerivationState | None = None,
) -> tuple[DerivationTree, DerivationState]:
    """:func:`derive`, and the state that derives the corpus again with more documents.

    ``previous``, when given, is the state of a derivation with the same
    config of some of these documents (the same documents, with the same
    alignments between them): only the links of the others are weighed. When
    the citations of its documents are not the same (the named sources were
    resolved otherwise), everything is derived again. Either way the tree is
    :func:`derive`'s.
    """
    config = config or TraceConfig()
    media = {s.id: s for s in sources if s.kind == "media"}
    cited = tuple(c for c in citations if c.source in media)
    known = set(previous.documents) if previous else set()
    if previous is not None and tuple(c for c in cited if c.document in known) != previous.cited:
        previous, known = None, set()
    weigher = Weigher(sentences, cited, config)
    fresh = [al for al in alignments if al.a not in known or al.b not in known]
    found, links = find_candidates(weigher.table(fresh), documents, cited, config)

    def linked(keys: Sequence[Key]) -> list[Link]:
        # Links are weighed once: the new ones were, the old are as asked.
        wanted = {key for key in keys if key not in links}
        missing = [al for al in alignments if (al.a, al.b) in wanted] if wanted else []
        links.update(((link.a, link.b), link) for link in weigher.links(missing))
        return [links[key] for key in keys]

    if previous is None:
        candidates, changed = found, None  # None: every child
    else:
        candidates, changed = merge_candidates(previous.candidates, found)
    undecided = _undecided(candidates, linked, previous, changed)
    closer = _closer_parents(candidates.copies, previous, changed)
    edges = [
        _revised(
            e,
            0.5,
            f"{by}, itself a copy of {e.parent}, carries everything {e.child} shares"
            f" with {e.parent}: the closer parent",
        )
        if (by := closer.get((e.parent, e.child)))
        else e
        for e in candidates.copies
    ]
    latent_nodes, latent_edges = _latent_sources(linked(undecided), cited, media)
    edges += latent_edges
    cites = _note_siblings(_cites_edges(cited, media), candidates.siblings, media)
    edges += _in_the_corpus(cites, edges)

    edges = sorted(
        (e for e in edges if e.confidence >= config.min_confidence),
        key=lambda e: (e.child, e.parent, e.relation),
    )
    first: dict[str, Sentence] = {}  # each document's, whatever order they come in
    for s in sentences:
        if s.document not in first or s.index < first[s.document].index:
            first[s.document] = s
    nodes = (
        [Node(d.id, "document", _label(d, first), published=d.published) for d in documents]
        + [Node(s.id, "external", s.name, aliases=s.aliases) for s in media.values()]
        + latent_nodes
    )
    nodes.sort(key=lambda n: (("document", "external", "latent").index(n.kind), n.id))
    parent, roots = select_tree(nodes, edges)
    edges = _one_way(edges, parent)
    parent, roots = select_tree(nodes, edges)
    tree = DerivationTree(nodes=tuple(nodes), edges=tuple(edges), parent=parent, roots=roots)
    state = DerivationState(
        documents=tuple(sorted(d.id for d in documents)),
        cited=cited,
        candidates=candidates,
        closer=tuple(sorted((parent, child, by) for (parent, child), by in closer.items())),
        undecided=undecided,
    )
    return tree, state


def _undecided(
    candidates: Candidates,
    linked: Callable[[Sequence[Key]], list[Link]],
    previous: DerivationState | None,
    changed: set[str] | None,
) -> tuple[Key, ...]:
    """The unoriented links that no parent in the corpus explains: siblings that
    share only what their parents gave both are not linked.

    Whether a parent explains a link depends on its two documents' copy edges:
    of ``previous``'s links, only those of a ``changed`` child are looked at
    again. ``linked`` gives the links of keys.
    """
    if previous is None or changed is None:
        kept, again = set(), list(candidates.unoriented)
    else:
        before = set(previous.candidates.unoriented)
        again = [
            key
            for key in candidates.unoriented
            if key not in before or key[0] in changed or key[1] in changed
        ]
        looked = set(again)
        kept = {key for key in previous.undecided if key not in looked}
    ends = {d for key in again for d in key}
    carried = _carried([e for e in candidates.copies if e.child in ends])
    kept |= {
        (link.a, link.b)
        for link in linked(again)
        if not _explained_by_parent(link, carried, any_parents=True)
    }
    return tuple(sorted(kept))


def _one_way(edges: list[Edge], parent: tuple[tuple[str, str], ...]) -> list[Edge]:
    """Of a link kept both ways until the tree chose, keep the chosen direction,
    or else the stronger one: the reverse is no second parent."""
    primary = set(parent)  # (child, parent)
    copies = {(e.parent, e.child): e.confidence for e in edges if e.relation == "copy"}

    def keeps(e: Edge) -> bool:
        reverse = copies.get((e.child, e.parent))
        if e.relation != "copy" or reverse is None or (e.child, e.parent) in primary:
            return True
        if (e.parent, e.child) in primary:  # this edge's reverse is a primary edge
            return False
        return (e.confidence, e.parent) > (reverse, e.child)

    return [e for e in edges if keeps(e)]


def _label(document: Document, first_sentence: Mapping[str, Sentence]) -> str:
    """The title, or for an untitled article its first sentence (shortened)."""
    if document.title:
        return document.title
    found = first_sentence.get(document.id)
    first = document.id if found is None else found.text
    return first if len(first) <= 80 else first[:79].rsplit(" ", 1)[0] + " …"


def _carried(edges: Sequence[Edge]) -> dict[str, dict[str, set[int]]]:
    """For each child, each parent's copy edge and the child sentences it carries."""
    carried: dict[str, dict[str, set[int]]] = defaultdict(dict)
    for e in edges:
        carried[e.child][e.parent] = set(e.evidence.aligned.child_sentence.tolist())
    return carried


def _explained_by_parent(
    link: Link, carried: Mapping[str, dict[str, set[int]]], *, any_parents: bool = False
) -> bool:
    """True when a document that both sides copied carries every sentence they share.

    With ``any_parents``, each side may have its own such parent (cousins: the
    text came down to both through documents in the corpus, and no unseen
    source is needed to explain it).
    """
    into_a, into_b = carried.get(link.a, {}), carried.get(link.b, {})
    weighed = link.weights > 0
    shared_a = set(link.alignment.pairs.a_index[weighed].tolist())
    shared_b = set(link.alignment.pairs.b_index[weighed].tolist())
    if any_parents:
        return any(shared_a <= into_a[p] for p in into_a if p != link.b) and any(
            shared_b <= into_b[p] for p in into_b if p != link.a
        )
    return any(
        shared_a <= into_a[p] and shared_b <= into_b[p] for p in sorted(into_a.keys() & into_b)
    )


def _closer_parents(
    copies: Sequence[Edge], previous: DerivationState | None, changed: set[str] | None
) -> dict[Key, str]:
    """Step 3: ``(X, C) → Y`` where an article Y copied from X carries all that C
    shares with X: Y explains it (C copied Y, and Y copied X). Only each
    child's :data:`CANDIDATE_PARENTS` strongest parents are compared.

    A child's answer depends on its copy edges and its candidate parents': of
    ``previous``'s, only those of a ``changed`` child or of a changed one's
    children are looked at again.
    """
    # The confidence of each copy edge, by parent then child.
    out_of: dict[str, dict[str, float]] = defaultdict(dict)
    into: dict[str, list[Edge]] = defaultdict(list)
    for e in copies:
        out_of[e.parent][e.child] = e.confidence
        into[e.child].append(e)
    if previous is None or changed is None:
        children, closer = set(into), {}
    else:
        children = changed | {child for parent in changed for child in out_of.get(parent, ())}
        closer = {(x, child): y for x, child, y in previous.closer if child not in children}
    for child in children:
        best = into.get(child, [])[:CANDIDATE_PARENTS]  # copies come strongest first
        score = {e.parent: _child_scores(e) for e in best}
        for x in best:
            x_to = out_of.get(x.parent, {})
            for y in best:
                x_to_y = x_to.get(y.parent)  # most candidates never copied each other
                if (
                    x_to_y is not None
                    and x is not y
                    and x_to_y > out_of.get(y.parent, {}).get(x.parent, 0.0)
                    and _innovations_carried(score[x.parent], score[y.parent])
                ):
                    closer.setdefault((x.parent, child), y.parent)
                    break
    return closer


def _child_scores(edge: Edge) -> dict[int, float]:
    """The best score of each child sentence behind an edge."""
    scores: dict[int, float] = {}
    aligned = edge.evidence.aligned
    for child, score in zip(aligned.child_sentence.tolist(), aligned.score.tolist(), strict=True):
        scores[child] = max(scores.get(child, 0.0), score)
    return scores


def _innovations_carried(older: Mapping[int, float], newer: Mapping[int, float]) -> bool:
    """True when the child took its text from ``newer`` rather than ``older``.

    ``newer`` must carry every sentence the child shares with ``older``, at least
    as closely, and show an innovation of its own in the child: a sentence
    ``older`` lacks, or wording the child follows more closely (the
    stemmatologists' shared-innovation rule). Without one, both are equally good
    sources and the older stays.
    """
    if not older.keys() <= newer.keys():
        return False
    if any(newer[s] < older[s] for s in older):
        return False
    return newer.keys() != older.keys() or any(newer[s] > older[s] for s in older)


def _latent_sources(
    links: Sequence[Link], citations: Sequence[Citation], media: Mapping[str, Source]
) -> tuple[list[Node], list[Edge]]:
    """One unseen common source for each group of documents linked without direction.

    A group is a set of documents every two of which are linked; an article
    stitched from two feeds belongs to two groups and gets two parents.
    """
    groups = _link_groups(links)
    cited_by_doc: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for c in citations:
        cited_by_doc[c.document][c.source].append(c.phrase)
    relays = {(c.source, c.cited_by) for c in citations if c.cited_by}

    by_doc: dict[str, list[Link]] = defaultdict(list)
    for link in links:
        by_doc[link.a].append(link)
        by_doc[link.b].append(link)
    nodes: list[Node] = []
    edges: list[Edge] = []
    for number, docs in enumerate(groups, start=1):
        latent = f"latent-{number}"
        named = (
            ", ".join(docs) if len(docs) <= 3 else f"{len(docs)} articles: {', '.join(docs[:3])}, …"
        )
        nodes.append(Node(latent, "latent", f"unseen common source of {named}"))
        for doc in docs:
            strongest = max(
                (link for link in by_doc[doc] if {link.a, link.b} <= set(docs)),
                key=lambda link: (link.weight, link.a, link.b),
            )
            sibling = strongest.b if strongest.a == doc else strongest.a
            edges.append(
                Edge(
                    parent=latent,
                    child=doc,
                    relation="common-source",
                    confidence=round(strength(strongest.weight) * 0.85, 4),
                    evidence=Evidence(
                        aligned=aligned_evidence(strongest, sibling),
                        reasons=(
                            describe(strongest) + f" with {sibling}",
                            _unseen_reason(strongest),
                        ),
                    ),
                )
            )
        shared = set.intersection(*(set(cited_by_doc[d]) for d in docs))
        for source in sorted(shared):
            # A source that relays another common source is the closer one.
            closer = any((other, source) in relays for other in shared if other != source)
            phrases = tuple(p for d in docs for p in cited_by_doc[d][source])
            edges.append(
                Edge(
                    parent=source,
                    child=latent,
                    relation="cites",
                    confidence=0.7 if closer else 0.6,
                    evidence=Evidence(
                        citations=phrases,
                        reasons=(f"every document under {latent} names {media[source].name}",),
                    ),
                )
            )
    return nodes, edges


def _unseen_reason(link: Link) -> str:
    return (
        f"nothing orients the link and each has much text of its own ({link.a_share:.0%} of "
        f"{link.a} and {link.b_share:.0%} of {link.b} shared): they share a source that "
        "is not in the corpus"
    )


def _link_groups(links: Sequence[Link]) -> list[list[str]]:
    """Groups of documents every two of which are linked, built greedily from the
    strongest link down; a document may belong to several groups."""
    neighbours: dict[str, set[str]] = defaultdict(set)
    for link in links:
        neighbours[link.a].add(link.b)
        neighbours[link.b].add(link.a)
    groups: list[set[str]] = []
    member_of: dict[str, list[int]] = defaultdict(list)
    for link in sorted(links, key=lambda link: (-link.weight, link.a, link.b)):
        if any(link.b in groups[g] for g in member_of[link.a]):
            continue  # already together
        for g in member_of[link.a] + member_of[link.b]:
            new = {link.a, link.b} - groups[g]
            if all(groups[g] <= neighbours[d] for d in new):
                groups[g] |= new
                for d in new:
                    member_of[d].append(g)
                break
        else:
            groups.append({link.a, link.b})
            member_of[link.a].append(len(groups) - 1)
            member_of[link.b].append(len(groups) - 1)
    return sorted(sorted(group) for group in groups)


def _cites_edges(citations: Sequence[Citation], media: Mapping[str, Source]) -> list[Edge]:
    """Edges from named sources to the documents (and sources) that name them."""
    by_doc: dict[str, dict[str, list[Citation]]] = defaultdict(lambda: defaultdict(list))
    for c in citations:
        by_doc[c.document][c.source].append(c)
    found: dict[tuple[str, str], tuple[float, list[str], list[str]]] = {}

    def add(parent: str, child: str, confidence: float, phrases: list[str], reason: str) -> None:
        if parent == child:
            return
        old = found.get((parent, child))
        if old is None or confidence > old[0]:
            found[(parent, child)] = (confidence, phrases, [reason])

    for doc, named in sorted(by_doc.items()):
        publishers = sorted(
            s for s, cs in named.items() if any(c.pattern in {"dateline", "credit"} for c in cs)
        )
        # The source an article names first is, in news writing, the one its lead rests on.
        others = [s for s in named if s not in publishers] or [""]
        lead = min(others, key=lambda s: (min((c.start for c in named.get(s, ())), default=0), s))
        for source, cs in sorted(named.items()):
            phrases = [c.phrase for c in cs]
            if source in publishers:
                add(
                    source,
                    doc,
                    0.9,
                    phrases,
                    f"{doc} carries {media[source].name}'s dateline or credit line: it is its text",
                )
                continue
            bonus = 0.05 if source == lead else 0.0
            confidence = min(0.65, 0.45 + 0.05 * len(cs)) + bonus
            reason = f"{doc} names {media[source].name} {len(cs)} time(s)"
            if bonus:
                reason += ", first of all its sources"
            relayed = sorted({c.cited_by for c in cs if c.cited_by})
            if relayed and all(c.cited_by for c in cs):
                confidence -= 0.2
                reason += f", always as relayed by {', '.join(relayed)}"
            if publishers:
                confidence = 0.3
                reason += f"; as the source of its publisher {', '.join(publishers)}"
                for publisher in publishers:
                    add(
                        source,
                        publisher,
                        0.5 + bonus,
                        phrases,
                        f"{media[publisher].name}'s article ({doc}) names {media[source].name}",
                    )
            add(source, doc, confidence, phrases, reason)
            for relay in relayed:
                add(
                    source,
                    relay,
                    0.6,
                    [c.phrase for c in cs if c.cited_by == relay],
                    f"{doc} says {media[relay].name} took it from {media[source].name}",
                )
    return [
        Edge(
            parent,
            child,
            "cites",
            round(conf, 4),
            Evidence(citations=tuple(phrases), reasons=tuple(reasons)),
        )
        for (parent, child), (conf, phrases, reasons) in sorted(found.items())
    ]


def _in_the_corpus(cites: list[Edge], copies: Sequence[Edge]) -> list[Edge]:
    """Halve a source's edge to an article that copied an article in the corpus.

    A reprint credited "(Reuters)" whose Reuters original (or any earlier copy
    of it) is in the corpus took its text from that document, the closer parent.
    """
    text_parents: dict[str, set[str]] = defaultdict(set)
    for e in copies:
        text_parents[e.child].add(e.parent)
    return [
        _revised(
            e,
            0.5,
            f"{e.child} copied {', '.join(sorted(found))}, an article in the corpus: "
            "the closer parent",
        )
        if (found := text_parents[e.child])
        else e
        for e in cites
    ]


def _note_siblings(
    edges: list[Edge], siblings: Sequence[Sibling], media: Mapping[str, Source]
) -> list[Edge]:
    """Say, on a source's edges, which articles share its text without copying each other.

    Two articles whose shared sentences weigh too little to link them — they
    quote or paraphrase the same named report — are siblings under that source.
    """
    notes: dict[tuple[str, str], list[str]] = defaultdict(list)
    for sibling in siblings:
        for source in sibling.common:
            for doc, other in ((sibling.a, sibling.b), (sibling.b, sibling.a)):
                notes[(source, doc)].append(
                    f"shares {sibling.pairs} sentence(s) with {other}, quoted from or "
                    f"attributed to {media[source].name} (evidence weight "
                    f"{sibling.weight:.2f}): siblings under it, not copies"
                )
    return [
        _revised(e, 1.0, *notes[(e.parent, e.child)]) if (e.parent, e.child) in notes else e
        for e in edges
    ]


def _revised(edge: Edge, factor: float, *reasons: str) -> Edge:
    """The edge with its confidence multiplied by ``factor`` and ``reasons`` added."""
    return attrs.evolve(
        edge,
        confidence=round(edge.confidence * factor, 4),
        evidence=attrs.evolve(edge.evidence, reasons=(*edge.evidence.reasons, *reasons)),
    )
