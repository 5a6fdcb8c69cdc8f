"""weigh_links, describe and aligned_evidence against the old per-pair implementation."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from provenance.evidence import (
    KIND_WEIGHT,
    Link,
    aligned_evidence,
    aligned_evidences,
    describe,
    pair_weight,
    weigh_link,
    weigh_links,
)
from provenance.model import PAIR_KINDS, AlignedEvidence, Alignment, SentencePair

Attributed = dict[str, dict[int, frozenset[str]]]
Quoted = dict[str, dict[int, float]]
SOURCES = ("reuters", "ap", "afp")
SCORES = st.floats(min_value=0.0, max_value=100.0)


# --- The oracle: HEAD~1's weigh_link, _best, describe and aligned_evidence, one pair at a time.


def _sum(values: list[float]) -> float:
    """``sum(values)`` as Python 3.11 computes it: left to right (3.12's sum() compensates)."""
    total = 0.0
    for value in values:
        total += value
    return total


def _best(sentences: list[int], values: list[float]) -> list[float]:
    if len(set(sentences)) == len(sentences):
        return values
    best: dict[int, float] = {}
    for sentence, value in zip(sentences, values, strict=True):
        if value > best.get(sentence, -1.0):
            best[sentence] = value
    return list(best.values())


def old_weigh_link(
    al: Alignment, attributed: Attributed, quoted: Quoted, eligible: Mapping[str, int]
) -> dict[str, Any]:
    a, b, pairs = al.a, al.b, list(al.pairs)
    a_index, b_index = [p.a_index for p in pairs], [p.b_index for p in pairs]
    weights = [KIND_WEIGHT[p.kind] for p in pairs]
    closeness = [p.ratio / 100.0 for p in pairs]
    discounted = 0
    shared: frozenset[str] = frozenset()
    attributed_a, attributed_b = attributed.get(a, {}), attributed.get(b, {})
    quoted_a, quoted_b = quoted.get(a, {}), quoted.get(b, {})
    special_a = attributed_a.keys() | quoted_a.keys()
    special_b = attributed_b.keys() | quoted_b.keys()
    for k, (ai, bi) in enumerate(zip(a_index, b_index, strict=True)):
        if ai not in special_a and bi not in special_b:
            continue
        sources_a, sources_b = attributed_a.get(ai), attributed_b.get(bi)
        common = sources_a & sources_b if sources_a and sources_b else frozenset()
        kind = pairs[k].kind
        weights[k] = pair_weight(kind, bool(common), quoted_a.get(ai, 0.0), quoted_b.get(bi, 0.0))
        discounted += weights[k] < KIND_WEIGHT[kind]
        shared |= common
    best_a, best_b = _best(a_index, weights), _best(b_index, weights)
    close_a, close_b = _best(a_index, closeness), _best(b_index, closeness)
    return {
        "weights": weights,
        "weight": round(min(_sum(best_a), _sum(best_b)), 4),
        "a_share": len(best_a) / max(eligible.get(a, 0), len(best_a), 1),
        "b_share": len(best_b) / max(eligible.get(b, 0), len(best_b), 1),
        "discounted": discounted,
        "common": shared,
        "a_fit": _sum(close_a) / max(eligible.get(a, 0), len(close_a), 1),
        "b_fit": _sum(close_b) / max(eligible.get(b, 0), len(close_b), 1),
    }


def old_describe(link: Link) -> str:
    kinds: dict[str, int] = defaultdict(int)
    for pair, _ in link.pairs:
        kinds[pair.kind] += 1
    parts = ", ".join(f"{n} {k}" for k, n in sorted(kinds.items()))
    text = f"{len(link.pairs)} aligned sentence pairs ({parts}), evidence weight {link.weight:.2f}"
    if link.discounted:
        text += f"; {link.discounted} discounted as quotations or attributed to a common source"
    return text


def old_aligned_evidence(link: Link, parent: str) -> tuple[AlignedEvidence, ...]:
    flip = parent != link.a
    return tuple(
        AlignedEvidence(
            parent_document=parent,
            parent_sentence=p.b_index if flip else p.a_index,
            child_sentence=p.a_index if flip else p.b_index,
            kind=p.kind,
            score=p.score,
            weight=w,
        )
        for p, w in sorted(
            link.pairs,
            key=lambda pw: (
                (pw[0].b_index, pw[0].a_index) if flip else (pw[0].a_index, pw[0].b_index)
            ),
        )
    )


def fields(link: Link) -> dict[str, Any]:
    """The fields the oracle gives, read off a Link."""
    return {
        "weights": link.weights.tolist(),
        "weight": link.weight,
        "a_share": link.a_share,
        "b_share": link.b_share,
        "discounted": link.discounted,
        "common": link.common,
        "a_fit": link.a_fit,
        "b_fit": link.b_fit,
    }


# --- Strategies: a corpus of 2-5 documents, alignments between some of them, annotations.


@st.composite
def alignments(draw: st.DrawFn, a: str, b: str, size_a: int, size_b: int) -> Alignment:
    """Pairs sorted and unique by (a_index, b_index); few sentences, so indices repeat."""
    indices = draw(
        st.sets(st.tuples(st.integers(0, size_a - 1), st.integers(0, size_b - 1)), max_size=10)
    )
    pairs = [
        SentencePair(
            ai, bi, draw(st.sampled_from(PAIR_KINDS)), draw(SCORES), draw(SCORES), draw(SCORES)
        )
        for ai, bi in sorted(indices)
    ]
    return Alignment(a, b, pairs)


@st.composite
def corpora(draw: st.DrawFn) -> tuple[list[Alignment], Attributed, Quoted, dict[str, int]]:
    sizes = draw(st.lists(st.integers(1, 6), min_size=2, max_size=5))
    docs = [f"d{n}" for n in range(len(sizes))]
    doc_pairs = [(i, j) for i in range(len(docs)) for j in range(len(docs)) if i != j]
    chosen = draw(st.lists(st.sampled_from(doc_pairs), min_size=1, max_size=6, unique=True))
    found = [draw(alignments(docs[i], docs[j], sizes[i], sizes[j])) for i, j in chosen]
    # Annotations name sentences of every document, a few past its end, and an unknown one.
    named = [*zip(docs, sizes, strict=True), ("elsewhere", 3)]
    some = st.lists(st.sampled_from(named), unique=True)
    sources = st.frozensets(st.sampled_from(SOURCES))
    quote = st.one_of(st.sampled_from((0.0, 1.0)), st.floats(min_value=0.0, max_value=1.0))
    attributed = {
        doc: draw(st.dictionaries(st.integers(0, size + 1), sources, max_size=size))
        for doc, size in draw(some)
    }
    quoted = {
        doc: draw(st.dictionaries(st.integers(0, size + 1), quote, max_size=size))
        for doc, size in draw(some)
    }
    eligible = {doc: draw(st.integers(0, 8)) for doc, _ in draw(some)}
    return found, attributed, quoted, eligible


# --- Properties.


@given(corpora())
def test_weigh_links_equals_the_per_pair_oracle(corpus: Any) -> None:
    found, attributed, quoted, eligible = corpus
    links = weigh_links(found, attributed, quoted, eligible)
    assert len(links) == len(found)
    for al, link in zip(found, links, strict=True):
        assert (link.a, link.b, link.alignment) == (al.a, al.b, al)
        assert fields(link) == old_weigh_link(al, attributed, quoted, eligible), al
        assert link.pairs == tuple(zip(al.pairs, link.weights.tolist(), strict=True))
        alone = weigh_link(al, attributed, quoted, eligible)
        assert fields(alone) == fields(link)
        assert alone == link


@given(corpora())
def test_describe_counts_the_kinds_of_the_pairs(corpus: Any) -> None:
    found, attributed, quoted, eligible = corpus
    for al, link in zip(found, weigh_links(found, attributed, quoted, eligible), strict=True):
        counts = Counter(p.kind for p in al.pairs)
        assert link.kinds == tuple(counts[kind] for kind in PAIR_KINDS)
        assert describe(link) == old_describe(link)
        assert describe(link).startswith(f"{len(al.pairs)} aligned sentence pairs (")
        for kind, n in counts.items():
            assert f"{n} {kind}" in describe(link)


@given(corpora())
def test_aligned_evidence_equals_the_old_implementation(corpus: Any) -> None:
    found, attributed, quoted, eligible = corpus
    for link in weigh_links(found, attributed, quoted, eligible):
        for parent in (link.a, link.b):
            got = aligned_evidence(link, parent)
            assert got == old_aligned_evidence(link, parent)
            assert all(type(e.parent_sentence) is int and type(e.weight) is float for e in got)


@given(corpora(), st.data())
def test_aligned_evidences_of_many_links_equal_each_alone(corpus: Any, data: st.DataObject) -> None:
    found, attributed, quoted, eligible = corpus
    empty = weigh_link(Alignment("d0", "d1", ()), attributed, quoted, eligible)
    links = [*weigh_links(found, attributed, quoted, eligible), empty]
    # Any links, in any order, repeated, each seen from either side.
    seen = data.draw(
        st.lists(
            st.sampled_from(links).flatmap(
                lambda k: st.tuples(st.just(k), st.sampled_from((k.a, k.b)))
            )
        )
    )
    assert aligned_evidences(seen) == [old_aligned_evidence(link, parent) for link, parent in seen]


@given(corpora())
def test_an_alignment_without_pairs_weighs_nothing(corpus: Any) -> None:
    found, attributed, quoted, eligible = corpus
    empty = Alignment("d0", "d1", ())
    for link in (
        weigh_link(empty, attributed, quoted, eligible),
        weigh_links([*found, empty], attributed, quoted, eligible)[-1],
        weigh_links([empty, *found], attributed, quoted, eligible)[0],
    ):
        assert link.weight == 0
        assert (link.a_share, link.b_share, link.a_fit, link.b_fit) == (0, 0, 0, 0)
        assert (link.discounted, link.common, link.kinds) == (0, frozenset(), (0, 0, 0))
        assert len(link.weights) == 0
        assert link.pairs == ()
        assert aligned_evidence(link, "d0") == aligned_evidence(link, "d1") == ()
        assert describe(link).startswith("0 aligned sentence pairs (),")
    assert weigh_links([], attributed, quoted, eligible) == []


def test_a_shared_source_and_a_quotation_discount_the_pairs() -> None:
    pairs = [
        SentencePair(0, 0, "verbatim", 100.0, 100.0, 100.0),
        SentencePair(1, 1, "near", 90.0, 90.0, 95.0),
        SentencePair(2, 1, "paraphrase", 60.0, 40.0, 80.0),
    ]
    al = Alignment("x", "y", pairs)
    attributed = {"x": {0: frozenset({"ap", "afp"})}, "y": {0: frozenset({"ap"})}}
    quoted = {"y": {1: 0.5}}
    link = weigh_link(al, attributed, quoted, {"x": 4, "y": 2})
    assert link.weights.tolist() == [0.5, 0.4, 0.2]  # 1.0 x 0.5, 0.8 x 0.5, 0.4 x 0.5
    assert link.weight == 0.9  # y's sentence 1 counts once, with its best weight
    assert (link.a_share, link.b_share) == (3 / 4, 2 / 2)
    assert (link.discounted, link.common) == (3, frozenset({"ap"}))
