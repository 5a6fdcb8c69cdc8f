"""Simulated news corpora whose derivation is known: article files and ``truth.json``.

:func:`simulate` writes stories the way news travels, and keeps the truth:

1. **Stories.** A corpus of ``n`` documents holds ``ceil(n / story_size)``
   independent stories. Each starts from an original article (``original_sentences``
   real English sentences from :func:`benchmarks.prose.sentence_pool`, no two
   stories sharing one), published by a newspaper. Some sentences are attributed to
   people ("…, Mr. Carter said.", quotations), so that copies have attributions to
   rewrite.
2. **The derivation forest.** Each new document copies an earlier one of its
   story, chosen preferentially (an agency or outlet that already has children
   is likelier to get more, so fan-out varies: a few documents have many
   children, most have none), at most ``max_depth`` steps below the original.
   The role follows the depth: 0 the original, 1 a wire agency (Reuters, AP,
   AFP…), 2–3 an outlet, 4 and below an aggregator. A few copies are stitched
   from two parents.
3. **Copy edits**, each at a rate of :class:`SimParams`: dropped, moved, cut and
   merged sentences; synonyms and changed numbers; other forms of names ("U.S."/
   "US", "Mr. Carter"/"Carter", "the WSJ"/"The Wall Street Journal"); rewritten
   attributions ("the WSJ reported" → "according to the publication"); the
   copy's own sentences; a credit naming its source ("WASHINGTON (Reuters) —",
   "— Reuters", "(With inputs from AFP)", "according to Reuters", "Reuters
   reported"); a date line (sometimes a day off); its outlet's boilerplate line.
4. **Hidden intermediates and distractors.** A share of the intermediate
   documents is left out of the corpus (the truth keeps them, so their text must
   be inferred as an unseen source), and unrelated articles on the same topic
   (pool sentences sharing words with the story) are mixed in.

Every sentence carries *units*: the ids ``"<document>:<k>"`` of the sentences
it descends from, so that two sentences are a true aligned pair when their
units intersect. The truth format is ``benchmarks/README.md``'s
``provenance.benchmark.truth/1``, with one optional field added: a sentence cut
in two has ``"parts": {"<unit>": 0}`` (first half) or ``1`` (second half), so
that the two halves, which share no words, need not count as an aligned pair
(each half does pair with the whole sentence). Documents are listed in the
order they were written, every parent before its children; their ids are
shuffled, so file names say nothing of that order. :func:`validate_truth`
checks a truth; :func:`write_corpus` puts ``truth.json`` beside the articles, so
trace the ``*.txt`` files, not the directory.

Each file is laid out as a news page extracted to text: the title, a blank line,
an optional date line and a blank line, then one paragraph (1–3 sentences) per
line, blank lines between, and the outlet's boilerplate last.

:func:`simulate` is pure: every random choice comes from ``random.Random(seed)``,
so one seed gives byte-identical corpora on one Python installation (the pool is
read from the standard library, which differs between Python versions).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import random
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

import attrs
from attrs import field, frozen

from benchmarks.prose import is_prose, sentence_pool
from provenance.align import content_words, normalise
from provenance.outlets import OUTLETS, find_outlet
from provenance.segment import split_sentences

__all__ = [
    "SCHEMA",
    "SimCorpus",
    "SimDocument",
    "SimParams",
    "SimulationError",
    "main",
    "read_truth",
    "simulate",
    "truth_to_json",
    "validate_truth",
    "write_corpus",
]

SCHEMA = "provenance.benchmark.truth/1"
"""The ``schema`` value of every truth this module writes."""

Role = Literal["original", "agency", "outlet", "aggregator", "distractor"]
ROLES: tuple[Role, ...] = ("original", "agency", "outlet", "aggregator", "distractor")


class SimulationError(ValueError):
    """A truth that breaks the schema, or a directory a corpus must not be written to."""


# ---------------------------------------------------------------------------
# Parameters


def _share(instance: object, attribute: attrs.Attribute[float], value: float) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0.0 <= value <= 1.0:
        raise ValueError(f"{attribute.name}: expected a share in [0, 1], got {value!r}")


def _at_least(low: int) -> Callable[[object, attrs.Attribute[int], int], None]:
    def check(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            raise ValueError(f"{attribute.name}: expected an integer >= {low}, got {value!r}")

    return check


@frozen
class SimParams:
    """Everything :func:`simulate` can vary; the defaults are the benchmark's.

    Rates are shares in [0, 1]; "per copy" rates apply to each copied document
    independently. The defaults describe ordinary syndication: most copies keep
    most of the text and change a few words of it.

    Parameters
    ----------
    n_documents : int, default 50
        Documents in the corpus, hidden ones included.
    story_size : int, default 50
        Documents per story: the corpus holds ``ceil(n_documents / story_size)``
        independent stories of near-equal size.
    original_sentences : int, default 25
        Sentences of each original article (and about as many in a distractor).
    max_depth : int, default 5
        Most copy steps between a document and its story's original.
    attributions : float, default 0.2
        Share of an original's sentences attributed to a person ("…, Mr. Carter
        said."); a quarter of them are quotations.
    drop : float, default 0.15
        Share of the parent's sentences a copy leaves out.
    reorder : float, default 0.1
        Share of a copy's paragraphs (after the first) moved elsewhere.
    split : float, default 0.03
        Share of sentences cut in two (at a comma or conjunction, when one is
        near the middle).
    merge : float, default 0.03
        Share of sentences joined with the next one.
    substitute : float, default 0.2
        Share of sentences with one or two words replaced by a synonym from a
        built-in table, or a number changed (when the sentence has one).
    name_forms : float, default 0.3
        Share of sentences holding a name or number whose form changes ("U.S."
        and "US", "Mr. Carter" and "Carter", "3" and "three", "the WSJ" and
        "The Wall Street Journal").
    attribution_rewrite : float, default 0.5
        Share of attributed sentences whose attribution is reworded; an outlet
        named as the source becomes "the publication" or "the report" half of
        the time.
    own_sentences : int, default 3
        A copy adds between 0 and this many sentences of its own (background).
    boilerplate : float, default 0.3
        Share of outlets that end every article with a fixed boilerplate line
        that ``provenance.load`` strips (copyright, newsletter prompt, site name).
    credit : float, default 0.4
        Share of copies that name their source: the parent's outlet (or, a
        quarter of the time, the original's) in a dateline, a credit line or an
        attribution of the first sentence.
    agency_dateline : float, default 0.5
        Share of agency copies that open with their own dateline, "WASHINGTON
        (Reuters) —", which their own copies often keep.
    date : float, default 0.7
        Share of documents that print a publication date line.
    wrong_date : float, default 0.1
        Share of printed dates that are a day off the true one.
    stitch : float, default 0.05
        Share of copies below the agencies stitched from two parents: the first
        paragraphs of one, then the paragraphs of another that add new text.
    hide : float, default 0.0
        Share of the intermediate documents (neither an original nor a leaf)
        left out of the corpus; the truth keeps them.
    distractors : float, default 0.1
        Share of each story's documents that are unrelated articles on the same
        topic: pool sentences sharing content words with the story, no copies.
    """

    n_documents: int = field(default=50, validator=_at_least(1))
    story_size: int = field(default=50, validator=_at_least(1))
    original_sentences: int = field(default=25, validator=_at_least(1))
    max_depth: int = field(default=5, validator=_at_least(1))
    attributions: float = field(default=0.2, validator=_share)
    drop: float = field(default=0.15, validator=_share)
    reorder: float = field(default=0.1, validator=_share)
    split: float = field(default=0.03, validator=_share)
    merge: float = field(default=0.03, validator=_share)
    substitute: float = field(default=0.2, validator=_share)
    name_forms: float = field(default=0.3, validator=_share)
    attribution_rewrite: float = field(default=0.5, validator=_share)
    own_sentences: int = field(default=3, validator=_at_least(0))
    boilerplate: float = field(default=0.3, validator=_share)
    credit: float = field(default=0.4, validator=_share)
    agency_dateline: float = field(default=0.5, validator=_share)
    date: float = field(default=0.7, validator=_share)
    wrong_date: float = field(default=0.1, validator=_share)
    stitch: float = field(default=0.05, validator=_share)
    hide: float = field(default=0.0, validator=_share)
    distractors: float = field(default=0.1, validator=_share)


@frozen
class SimDocument:
    """One simulated article: its file stem, its text, and whether it is in the corpus."""

    id: str
    text: str
    visible: bool


@frozen
class SimCorpus:
    """A simulated corpus: every document (hidden ones too) and the truth as a dict."""

    documents: tuple[SimDocument, ...]
    truth: dict[str, Any]


# ---------------------------------------------------------------------------
# Names: outlets, people, places

_NEWSPAPERS = tuple(
    (
        "The Wall Street Journal|The New York Times|The Washington Post|Financial Times"
        "|The Guardian|Los Angeles Times|The Boston Globe|The Times of India"
        "|South China Morning Post|The Sydney Morning Herald|The Hindu|Haaretz"
        "|The Straits Times|The Japan Times|Le Monde"
    ).split("|")
)
_AGENCIES = tuple(
    (
        "Reuters|Associated Press|Agence France-Presse|Bloomberg|United Press International"
        "|Deutsche Presse-Agentur|EFE|ANSA|PA Media|Australian Associated Press|The Canadian Press"
        "|Xinhua|Kyodo News|Yonhap|Press Trust of India|Asian News International"
        "|Indo-Asian News Service|Anadolu Agency|Antara|Bernama|Interfax|Jiji Press"
        "|Philippine News Agency|Dow Jones"
    ).split("|")
)
# Names that are also ordinary words, or hold characters a line rule reads as a URL;
# provenance.cite cuts names at "and" ("Stars and Stripes"), so those go too.
_UNUSABLE = frozenset({"Time", "Mint", "Vox", "Dawn", "Bild", "Detik", "Kompas"})
_OUTLETS = tuple(
    name
    for name, _ in OUTLETS[[n for n, _ in OUTLETS].index("The Wall Street Journal") :]
    if name not in _NEWSPAPERS and name not in _UNUSABLE and not re.search(r"[./\d]| and ", name)
)
_TOWNS = (
    "Springfield Ashford Brookside Clayton Fairview Greenville Lakewood Milton Oakdale Riverton"
    " Westbury Hillcrest Kingsport Maplewood Northgate Pinehurst Redmond Stonebridge Thornbury"
    " Woodland Bayport Cedarville Elmhurst Glenwood Harborview Ironton Larkspur Millbrook"
).split()
_PAPER_WORDS = tuple(
    (
        "Daily Courier|Gazette|Herald|Tribune|Sentinel|Observer|Chronicle|Daily News|Post|Dispatch"
        "|Examiner|Review|Monitor"
    ).split("|")
)
_CITIES = tuple(
    (
        "WASHINGTON|NEW YORK|LONDON|BRUSSELS|PARIS|BERLIN|TOKYO|SINGAPORE|NEW DELHI|NAIROBI|SYDNEY"
        "|TORONTO|GENEVA|FRANKFURT|SEOUL|MADRID"
    ).split("|")
)
_FIRST_NAMES = (
    "John Mary David Sarah Michael Anna James Laura Robert Elena Thomas Maria Daniel Priya"
    " Peter Fatima Ahmed Lucy Martin Chen Olga Samuel Grace Ivan Nadia Paul Helen Omar"
).split()
_LAST_NAMES = (
    "Carter Nguyen Schmidt Okafor Larsen Moreau Tanaka Rossi Kowalski Haddad Fischer Silva"
    " Novak Mensah Duarte Lindqvist Petrov Brennan Castillo Hughes Varga Sato Adeyemi Keller"
).split()
_GROUPS = (
    ("officials", "authorities"),
    ("U.S. officials", "US officials"),
    ("the company", "the firm"),
    ("a company spokesperson", "a spokesperson for the company"),
    ("the ministry", "the ministry's press office"),
    ("analysts", "market analysts"),
)
_ANAPHORA = ("the publication", "the report", "the newspaper", "the news outlet")
_PERSON_FORMS = ("said", "according", "statement", "told", "quote")
_OUTLET_FORMS = ("reported", "according", "lead")
_ANAPHORIC_FORMS = ("according", "said", "reported")
_TEMPLATES = {
    "said": "{core}, {who} said.",
    "according": "{core}, according to {who}.",
    "statement": "{core}, {who} said in a statement.",
    "told": "{core}, {who} told reporters.",
    "quote": '"{core}," {who} said.',
    "reported": "{core}, {who} reported.",
    "lead": "According to {who}, {lower}.",
}
_MONTHS = (
    "January February March April May June July August September October November December"
).split()
_WEEKDAYS = "Mon Tue Wed Thu Fri Sat Sun".split()
# Forms of a date line that provenance.load reads and strips as a dateline.
_DATE_FORMS: tuple[Callable[[dt.date], str], ...] = (
    lambda d: f"{_MONTHS[d.month - 1]} {d.day}, {d.year}",
    lambda d: f"{d.day} {_MONTHS[d.month - 1]} {d.year}",
    lambda d: f"Published: {_MONTHS[d.month - 1]} {d.day}, {d.year}",
    lambda d: d.isoformat(),
    lambda d: f"{_WEEKDAYS[d.weekday()]} {d.day:02d} {_MONTHS[d.month - 1][:3]} {d.year}",
    lambda d: f"{d.day:02d} {_MONTHS[d.month - 1]},{d.year} 08:59 AM IST",
)
# Outlet boilerplate that provenance.load strips (copyright, share prompt,
# newsletter prompt, syndication disclaimer, site name and address).
_BOILERPLATE: tuple[Callable[[str, int], tuple[str, ...]], ...] = (
    lambda outlet, year: (f"© {year} {outlet}. All rights reserved.",),
    lambda outlet, year: (f"Copyright {year} {outlet}. All rights reserved.",),
    lambda outlet, year: (f"For the latest news, follow {outlet} on Twitter and Facebook.",),
    lambda outlet, year: (f"Sign up for the {outlet} newsletter.",),
    lambda outlet, year: (f"Subscribe to {outlet} for unlimited access.",),
    lambda outlet, year: (
        f"(This story has not been edited by {outlet} staff and is auto-generated"
        " from a syndicated feed.)",
    ),
    lambda outlet, year: (outlet, re.sub(r"[^a-z]", "", outlet.lower()) + ".com"),
)

# ---------------------------------------------------------------------------
# Word-level edits

_SYNONYM_PAIRS = (
    "used employed|use employ|using employing|given supplied|specified indicated"
    "|current present|called invoked|call invoke|create make|created made|returns yields"
    "|empty blank|first initial|new fresh|only just|also additionally|same identical"
    "|different distinct|available accessible|provided supplied|provides offers"
    "|contains holds|contain hold|containing holding|needed required|possible feasible"
    "|allows permits|allowed permitted|start begin|starts begins|change alter|changes alters"
    "|add append|added appended|remove delete|removed deleted|large big|small little"
    "|long lengthy|raise throw|raised thrown|check verify|checks verifies|find locate"
    "|found located|get obtain|need require|needs requires|show display|shows displays"
    "|useful handy|necessary required|appropriate suitable|directly immediately"
    "|currently presently|usually normally|often frequently|quickly rapidly|simple basic"
    "|complex complicated|important significant|main primary|several various|many numerous"
    "|each every|whole entire|part portion|place location|method procedure"
    "|function routine|program application|information details|order sequence"
    "|result outcome|results outcomes|option choice|options choices|supports handles"
    "|handle manage|describes explains|described explained|way manner|user caller"
    "|users callers|system platform|stop halt|stops halts|keep retain|keeps retains"
    "|try attempt|tries attempts|ignore disregard|ignored disregarded|build construct"
    "|built constructed|send transmit|sent transmitted|received obtained|defined declared"
    "|define declare|company firm|people individuals|government administration"
    "|problem issue|problems issues|error fault|errors faults|begin commence|end finish"
    "|support assist|help aid|instead rather|later afterwards|before previously|data records"
    "|message notice|record entry|item element|items elements|level tier|value figure"
)
_SYNONYMS: dict[str, tuple[str, ...]] = {}
for _pair in _SYNONYM_PAIRS.split("|"):
    _a, _b = _pair.split()
    _SYNONYMS[_a] = (*_SYNONYMS.get(_a, ()), _b)
    _SYNONYMS[_b] = (*_SYNONYMS.get(_b, ()), _a)
_WORD = re.compile(r"[A-Za-z]+")
_NUMBER_WORDS = "zero one two three four five six seven eight nine ten".split()
_NUMBER = re.compile(r"(?<![\w.,])\d{1,4}(?![\w.,]\d)")
_NUMBER_WORD = re.compile(r"\b(?:" + "|".join(_NUMBER_WORDS[2:]) + r")\b")
# Forms of one name (each way); the second of each pair never ends a sentence.
_NAME_FORMS = (
    (re.compile(r"\bU\.S\.(?= [a-z])"), "US"),
    (re.compile(r"\bUS\b(?= )"), "U.S."),
    (re.compile(r"\bU\.K\.(?= [a-z])"), "UK"),
    (re.compile(r"\bUK\b(?= )"), "U.K."),
    (re.compile(r"\bper cent\b"), "percent"),
    (re.compile(r"\bpercent\b"), "per cent"),
)
_LOWERABLE = frozenset(
    "The This These That Those It Its A An If When In On For Each Every All Some Most Many Any"
    " No There Such Only Both One Two Other Another As At By With Without After Before Since"
    " While Unless Although Because To From Otherwise Also However Then Here We You They"
    " Instead Once Whether What Which How Where Note".split()
)
_SPLIT_POINT = re.compile(r", (?P<word>and|but|while|so|which) |; |, (?=[a-z])")
_STOP = frozenset(
    "a an and or but the of to in on at by for with from as is are was were be been it its"
    " this that these those not no if then than so".split()
)


def _lower_first(text: str) -> str | None:
    """``text`` with its first word lower-cased, or None when it may be a name."""
    first = text.split(" ", 1)[0]
    if first not in _LOWERABLE:
        return None
    return text[0].lower() + text[1:]


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _match_case(word: str, model: str) -> str:
    return _capitalise(word) if model[:1].isupper() else word


# ---------------------------------------------------------------------------
# The internal record of a sentence


@frozen
class _Attribution:
    """Who a sentence is attributed to: the speaker's written forms and the phrasing.

    ``outlet`` is the canonical name when the speaker is a named outlet (the
    sentence then credits it); ``None`` for a person or an anaphor ("the report").
    """

    names: tuple[str, ...]
    name: int
    form: str
    outlet: str | None

    @property
    def who(self) -> str:
        return self.names[self.name]


@frozen
class _Sentence:
    """A sentence as the simulator edits it: the text without its final full stop
    and attribution (``core``), and what it descends from (``units``).

    ``prefix`` is a dateline ("WASHINGTON (Reuters) — "); ``credit`` the outlet a
    dateline or credit line names; ``line`` marks a credit line, written as is;
    ``parts`` says which half (0 or 1) of a unit a cut sentence carries.
    """

    core: str
    units: tuple[str, ...]
    attribution: _Attribution | None = None
    prefix: str = ""
    credit: str | None = None
    line: bool = False
    parts: tuple[tuple[str, int], ...] = ()

    def text(self) -> str:
        if self.line:
            return self.core
        if self.attribution is None:
            return self.prefix + self.core + "."
        template = _TEMPLATES[self.attribution.form]
        lower = _lower_first(self.core) or self.core
        return self.prefix + template.format(core=self.core, who=self.attribution.who, lower=lower)

    def credits(self) -> tuple[str, ...]:
        named = (self.credit, self.attribution.outlet if self.attribution else None)
        return tuple(name for name in named if name is not None)


Paragraph = tuple[_Sentence, ...]


@frozen
class _Doc:
    """A document as generated, before it is written out."""

    index: int
    id: str
    story: int
    role: Role
    outlet: str
    parents: tuple[int, ...]
    depth: int
    published: dt.date
    shown_date: dt.date | None
    date_form: int
    title: str
    paragraphs: tuple[Paragraph, ...]
    boilerplate: tuple[str, ...]


# ---------------------------------------------------------------------------
# The sentence source


class _Source:
    """Hands out pool sentences no document has used, then reworded variants.

    A variant keeps a pool sentence's function words and at most two of its
    content words (so it shares too little with any sentence to be aligned)
    and takes the rest from the pool's vocabulary.
    """

    def __init__(self, rng: random.Random) -> None:
        self.pool = sentence_pool()
        self.rng = rng
        self.order = list(range(len(self.pool)))
        rng.shuffle(self.order)
        self.next = 0
        self.used = bytearray(len(self.pool))
        self.variants = 0
        postings: dict[str, list[int]] = {}
        for i, sentence in enumerate(self.pool):
            for word in sorted(content_words(normalise(sentence))):
                postings.setdefault(word, []).append(i)
        self.postings = postings
        self.vocabulary = sorted(
            {w.lower() for s in self.pool for w in re.findall(r"\b[a-z]{4,}\b", s)}
        )

    def take(self) -> str:
        """A fresh sentence: an unused pool sentence while there are any."""
        while self.next < len(self.order):
            i = self.order[self.next]
            self.next += 1
            if not self.used[i]:
                self.used[i] = 1
                return self.pool[i]
        return self._variant()

    def related(self, story_words: Sequence[str]) -> str:
        """An unused pool sentence sharing a content word with the story, if any."""
        for _ in range(8):
            postings = self.postings.get(self.rng.choice(story_words), [])
            for _ in range(4 if postings else 0):
                i = self.rng.choice(postings)
                if not self.used[i]:
                    self.used[i] = 1
                    return self.pool[i]
        return self.take()

    def story_words(self, sentences: Sequence[str]) -> list[str]:
        return [w for s in sentences for w in sorted(content_words(normalise(s)))] or ["the"]

    def _variant(self) -> str:
        self.variants += 1
        for _ in range(1000):
            base = self.pool[self.rng.randrange(len(self.pool))]
            pieces = re.split(r"([A-Za-z]+)", base)
            content = [k for k in range(1, len(pieces), 2) if content_words(pieces[k].lower())]
            kept = set(self.rng.sample(content, min(2, len(content))))
            for k in content:
                if k not in kept:
                    pieces[k] = _match_case(self.rng.choice(self.vocabulary), pieces[k])
            variant = "".join(pieces)
            shared = content_words(normalise(variant)) & content_words(normalise(base))
            if len(shared) <= 2 and is_prose(variant):
                return variant
        raise SimulationError("the sentence pool yields no prose variants: is it empty?")


# ---------------------------------------------------------------------------
# The simulation


@frozen
class _Profile:
    """What an outlet does to every article it publishes."""

    boilerplate: int | None
    date_form: int


class _Simulation:
    """The state of one :func:`simulate` call: its random source and what was drawn."""

    def __init__(self, params: SimParams, seed: int) -> None:
        self.params = params
        self.rng = random.Random(seed)
        self.source = _Source(self.rng)
        self.profiles: dict[str, _Profile] = {}
        width = max(4, len(str(params.n_documents)))
        numbers = list(range(1, params.n_documents + 1))
        self.rng.shuffle(numbers)  # file names say nothing of the order of copying
        self.ids = [f"d{k:0{width}d}" for k in numbers]
        self.docs: list[_Doc] = []
        self.ancestors: list[frozenset[int]] = []
        self.children: list[int] = []
        self.first_agency: list[int | None] = []

    # -- outlets -------------------------------------------------------------

    def profile(self, outlet: str) -> _Profile:
        if outlet not in self.profiles:
            rng = self.rng
            has = rng.random() < self.params.boilerplate
            self.profiles[outlet] = _Profile(
                boilerplate=rng.randrange(len(_BOILERPLATE)) if has else None,
                date_form=rng.randrange(len(_DATE_FORMS)),
            )
        return self.profiles[outlet]

    def outlet_name(self, role: Role, taken: set[str]) -> str:
        names = {
            "original": _NEWSPAPERS,
            "agency": _AGENCIES,
            "distractor": _NEWSPAPERS + _OUTLETS,
        }.get(role, _OUTLETS)
        free = [n for n in names if n not in taken]
        if not free:
            fictional = [f"{t} {w}" for t in _TOWNS for w in _PAPER_WORDS]
            free = [n for n in fictional if n not in taken] or fictional
        name = self.rng.choice(free)
        taken.add(name)
        return name

    # -- stories -------------------------------------------------------------

    def run(self) -> None:
        n, size = self.params.n_documents, self.params.story_size
        stories = math.ceil(n / size)
        sizes = [n // stories + (1 if k < n % stories else 0) for k in range(stories)]
        for story, count in enumerate(sizes):
            self.story(story, count)

    def story(self, story: int, count: int) -> None:
        params, rng = self.params, self.rng
        day = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(3 * 365))
        city = rng.choice(_CITIES)
        speakers = self.speakers()
        taken: set[str] = set()
        original = self.original(story, day, speakers, taken)
        story_words = self.source.story_words(
            [s.core for p in original.paragraphs for s in p if not s.line]
        )
        distractors = min(count - 1, round(count * params.distractors))
        slots = ["copy"] * (count - 1 - distractors) + ["distractor"] * distractors
        rng.shuffle(slots)
        urn: list[int] = []
        self.add_to_urn(urn, original.index)
        for slot in slots:
            if slot == "distractor":
                self.distractor(story, day, story_words, speakers, taken)
            else:
                self.copy(story, urn, city, original, taken)

    def speakers(self) -> list[tuple[str, ...]]:
        rng = self.rng
        people = []
        for _ in range(2):
            first, last = rng.choice(_FIRST_NAMES), rng.choice(_LAST_NAMES)
            title = rng.choice(("Mr.", "Ms.", "Dr."))
            people.append((f"{title} {last}", last, f"{first} {last}"))
        return people + rng.sample(_GROUPS, 2)

    def new_index(self) -> int:
        return len(self.docs)

    def add(self, doc: _Doc) -> _Doc:
        self.docs.append(doc)
        ancestors: frozenset[int] = frozenset()
        for p in doc.parents:
            ancestors |= self.ancestors[p] | {p}
            self.children[p] += 1
        self.ancestors.append(ancestors)
        self.children.append(0)
        first = None
        if doc.role == "agency":
            first = doc.index
        elif doc.parents:
            first = self.first_agency[doc.parents[0]]
        self.first_agency.append(first)
        return doc

    def add_to_urn(self, urn: list[int], index: int, *, child: bool = False) -> None:
        """Make ``index`` a likelier parent: on creation by its role's base weight,
        then by its role's growth per child (preferential attachment)."""
        doc = self.docs[index]
        if doc.depth < self.params.max_depth:
            base, growth = _ROLE_WEIGHT[doc.role]
            urn.extend([index] * (growth if child else base))

    def attribute(self, core: str, speakers: Sequence[tuple[str, ...]]) -> _Attribution:
        rng = self.rng
        form = "quote" if rng.random() < 0.25 else rng.choice(_PERSON_FORMS[:4])
        names = rng.choice(speakers)
        return _Attribution(names=names, name=0, form=form, outlet=None)

    def fresh_paragraphs(
        self, doc_id: str, sentences: Sequence[str], speakers: Sequence[tuple[str, ...]]
    ) -> tuple[Paragraph, ...]:
        """New text: each sentence its own unit, some attributed, in paragraphs of 1–3."""
        rng = self.rng
        made = []
        for k, sentence in enumerate(sentences):
            core = sentence[:-1]
            attribution = (
                self.attribute(core, speakers)
                if k > 0 and rng.random() < self.params.attributions
                else None
            )
            made.append(_Sentence(core=core, units=(f"{doc_id}:{k}",), attribution=attribution))
        return _paragraphs(made, rng)

    def original(
        self, story: int, day: dt.date, speakers: Sequence[tuple[str, ...]], taken: set[str]
    ) -> _Doc:
        index = self.new_index()
        doc_id = self.ids[index]
        sentences = [self.source.take() for _ in range(self.params.original_sentences)]
        paragraphs = self.fresh_paragraphs(doc_id, sentences, speakers)
        outlet = self.outlet_name("original", taken)
        return self.add(
            self.finish(
                index,
                story,
                "original",
                outlet,
                (),
                0,
                day,
                _headline(sentences[0], self.rng),
                paragraphs,
            )
        )

    def distractor(
        self,
        story: int,
        day: dt.date,
        story_words: Sequence[str],
        speakers: Sequence[tuple[str, ...]],
        taken: set[str],
    ) -> _Doc:
        index = self.new_index()
        doc_id = self.ids[index]
        n = self.params.original_sentences
        count = self.rng.randint(max(1, math.ceil(0.6 * n)), n)
        sentences = [self.source.related(story_words) for _ in range(count)]
        paragraphs = self.fresh_paragraphs(doc_id, sentences, speakers)
        published = day + dt.timedelta(days=self.rng.randint(-3, 3))
        outlet = self.outlet_name("distractor", taken)
        title = _headline(sentences[0], self.rng)
        return self.add(
            self.finish(index, story, "distractor", outlet, (), 0, published, title, paragraphs)
        )

    def finish(
        self,
        index: int,
        story: int,
        role: Role,
        outlet: str,
        parents: tuple[int, ...],
        depth: int,
        published: dt.date,
        title: str,
        paragraphs: tuple[Paragraph, ...],
    ) -> _Doc:
        """Add what the outlet prints around the text: the date line and boilerplate."""
        params, rng = self.params, self.rng
        profile = self.profile(outlet)
        shown = None
        if rng.random() < params.date:
            shown = published
            if rng.random() < params.wrong_date:
                shown += dt.timedelta(days=rng.choice((-1, 1)))
        boilerplate = (
            _BOILERPLATE[profile.boilerplate](outlet, published.year)
            if profile.boilerplate is not None
            else ()
        )
        return _Doc(
            index=index,
            id=self.ids[index],
            story=story,
            role=role,
            outlet=outlet,
            parents=parents,
            depth=depth,
            published=published,
            shown_date=shown,
            date_form=profile.date_form,
            title=title,
            paragraphs=paragraphs,
            boilerplate=boilerplate,
        )

    # -- copies --------------------------------------------------------------

    def copy(self, story: int, urn: list[int], city: str, original: _Doc, taken: set[str]) -> None:
        params, rng = self.params, self.rng
        index = self.new_index()
        doc_id = self.ids[index]
        parent = self.docs[urn[rng.randrange(len(urn))]]
        second = None
        if parent.depth >= 1 and rng.random() < params.stitch:
            second = self.second_parent(parent, urn)
        paragraphs = list(parent.paragraphs)
        parents: tuple[int, ...] = (parent.index,)
        if second is not None:
            stitched = _stitch(paragraphs, list(second.paragraphs), rng)
            if stitched is not None:
                paragraphs = stitched
                parents = (parent.index, second.index)
        depth = max(self.docs[p].depth for p in parents) + 1
        role = _role(depth)
        outlet = self.outlet_name(role, taken)
        editor = _Editor(params, rng, doc_id)
        paragraphs = editor.edit(paragraphs)
        own = [self.source.take() for _ in range(rng.randint(0, params.own_sentences))]
        paragraphs = editor.add_own(paragraphs, own)
        if role == "agency" and rng.random() < params.agency_dateline and find_outlet(outlet):
            paragraphs = _with_dateline(paragraphs, city, outlet)
        if rng.random() < params.credit:
            named = parent.outlet
            if parent.index != original.index and rng.random() < 0.25:
                named = original.outlet
            paragraphs = editor.credit(paragraphs, named, city, named in _AGENCIES)
        published = max(self.docs[p].published for p in parents) + dt.timedelta(
            days=rng.choices((0, 1, 2), weights=(6, 3, 1))[0]
        )
        # Credit lines close the article, whatever was moved or stitched.
        paragraphs = [p for p in paragraphs if not p[0].line] + [p for p in paragraphs if p[0].line]
        title = _retitle(parent.title, paragraphs, rng)
        doc = self.add(
            self.finish(
                index, story, role, outlet, parents, depth, published, title, tuple(paragraphs)
            )
        )
        for p in parents:
            self.add_to_urn(urn, p, child=True)
        self.add_to_urn(urn, doc.index)

    def second_parent(self, parent: _Doc, urn: list[int]) -> _Doc | None:
        """Another document of the story, outside the parent's line, from another
        agency's branch when one is found."""
        fallback = None
        for _ in range(12):
            other = self.docs[urn[self.rng.randrange(len(urn))]]
            if (
                other.index == parent.index
                or other.index in self.ancestors[parent.index]
                or parent.index in self.ancestors[other.index]
                or other.depth < 1
            ):
                continue
            if self.first_agency[other.index] != self.first_agency[parent.index]:
                return other
            fallback = fallback or other
        return fallback


# (base, growth per child) of each role's weight as a parent: the agencies draw
# most copies, the original feeds a handful of agencies, aggregators rarely feed anyone.
_ROLE_WEIGHT: Mapping[Role, tuple[int, int]] = {
    "original": (4, 1),
    "agency": (6, 6),
    "outlet": (4, 3),
    "aggregator": (2, 1),
    "distractor": (0, 0),
}


def _role(depth: int) -> Role:
    if depth == 0:
        return "original"
    if depth == 1:
        return "agency"
    return "outlet" if depth <= 3 else "aggregator"


def _paragraphs(sentences: Sequence[_Sentence], rng: random.Random) -> tuple[Paragraph, ...]:
    """Group sentences into paragraphs of one to three."""
    paragraphs = []
    k = 0
    while k < len(sentences):
        size = rng.choices((1, 2, 3), weights=(3, 5, 2))[0]
        paragraphs.append(tuple(sentences[k : k + size]))
        k += size
    return tuple(paragraphs)


def _headline(sentence: str, rng: random.Random) -> str:
    """A title from the first words of a sentence, not ending on a function word."""
    words = sentence.rstrip(".").split()
    words = words[: rng.randint(6, 11)]
    while len(words) > 3 and (
        words[-1].lower() in _STOP or not words[-1][-1].isalnum() or words[-1].endswith("'s")
    ):
        words.pop()
    return _capitalise(" ".join(words).rstrip(",;:'"))


def _retitle(title: str, paragraphs: Sequence[Paragraph], rng: random.Random) -> str:
    """A copy keeps its parent's title, edits a word of it, or writes its own."""
    draw = rng.random()
    if draw < 0.5:
        return title
    if draw < 0.8:
        edited = _substitute_once(title, rng)
        if edited is not None:
            return edited
    lede = next((s for p in paragraphs for s in p if not s.line), None)
    return title if lede is None else _headline(lede.core, rng)


def _with_dateline(paragraphs: list[Paragraph], city: str, outlet: str) -> list[Paragraph]:
    """The lede opened with an agency dateline, "WASHINGTON (Reuters) — "."""
    first = paragraphs[0]
    lede = first[0]
    if lede.line or lede.prefix or (lede.attribution and lede.attribution.form == "lead"):
        return paragraphs
    lede = attrs.evolve(lede, prefix=f"{city} ({outlet}) — ", credit=outlet)
    return [(lede, *first[1:]), *paragraphs[1:]]


def _stitch(
    first: list[Paragraph], second: list[Paragraph], rng: random.Random
) -> list[Paragraph] | None:
    """The first paragraphs of one parent, then those of the other that add new text."""
    cut = rng.randint(1, max(1, len(first) - 1))
    head = first[:cut]
    seen = {u for p in head for s in p for u in s.units}
    tail = [p for p in second if not any(u in seen for s in p for u in s.units)]
    if not any(not s.line for p in tail for s in p):
        return None
    return head + tail


def _substitute_once(text: str, rng: random.Random) -> str | None:
    """``text`` with one word replaced by a synonym or one number changed, or None."""
    matches = [m for m in _WORD.finditer(text) if m.group().lower() in _SYNONYMS]
    numbers = list(_NUMBER.finditer(text))
    if not matches and not numbers:
        return None
    if numbers and (not matches or rng.random() < 0.3):
        m = rng.choice(numbers)
        value = int(m.group())
        new = str(value + rng.choice((-1, 1, 2)) if value > 1 else value + 1)
    else:
        m = rng.choice(matches)
        new = _match_case(rng.choice(_SYNONYMS[m.group().lower()]), m.group())
    return text[: m.start()] + new + text[m.end() :]


class _Editor:
    """The copy editor of one document: drops, moves, rewords, cuts and joins."""

    def __init__(self, params: SimParams, rng: random.Random, doc_id: str) -> None:
        self.params = params
        self.rng = rng
        self.doc_id = doc_id
        self.written = 0

    def unit(self) -> tuple[str]:
        """The unit of a new sentence of this document's own."""
        self.written += 1
        return (f"{self.doc_id}:{self.written - 1}",)

    def edit(self, paragraphs: list[Paragraph]) -> list[Paragraph]:
        paragraphs = self.drop(paragraphs)
        paragraphs = self.reorder(paragraphs)
        paragraphs = [tuple(self.reword(s) for s in p) for p in paragraphs]
        paragraphs = self.split(paragraphs)
        return self.merge(paragraphs)

    def drop(self, paragraphs: list[Paragraph]) -> list[Paragraph]:
        rate, rng = self.params.drop, self.rng
        kept = [tuple(s for s in p if s.line or rng.random() >= rate) for p in paragraphs]
        if not any(not s.line for p in kept for s in p):
            kept[0] = (paragraphs[0][0], *kept[0])  # a copy keeps at least its lede
        return [p for p in kept if p]

    def reorder(self, paragraphs: list[Paragraph]) -> list[Paragraph]:
        rng = self.rng
        for k in range(1, len(paragraphs)):
            if len(paragraphs) > 2 and rng.random() < self.params.reorder:
                moved = paragraphs.pop(k)
                paragraphs.insert(rng.randint(1, len(paragraphs)), moved)
        return paragraphs

    def reword(self, sentence: _Sentence) -> _Sentence:
        params, rng = self.params, self.rng
        if sentence.line:
            return sentence
        if rng.random() < params.substitute:
            for _ in range(rng.randint(1, 2)):
                edited = _substitute_once(sentence.core, rng)
                if edited is not None:
                    sentence = attrs.evolve(sentence, core=edited)
        if rng.random() < params.name_forms:
            sentence = self.name_form(sentence)
        if sentence.attribution is not None and rng.random() < params.attribution_rewrite:
            sentence = attrs.evolve(sentence, attribution=self.rewrite(sentence))
        return sentence

    def name_form(self, sentence: _Sentence) -> _Sentence:
        """Change the form of one name or number of the sentence, if it has one."""
        rng, core = self.rng, sentence.core
        edits: list[tuple[int, int, str]] = [
            (m.start(), m.end(), replacement)
            for pattern, replacement in _NAME_FORMS
            for m in pattern.finditer(core)
        ]
        edits += [
            (m.start(), m.end(), _NUMBER_WORDS[int(m.group())])
            for m in _NUMBER.finditer(core)
            if m.start() > 0 and int(m.group()) <= 10
        ]
        edits += [
            (m.start(), m.end(), str(_NUMBER_WORDS.index(m.group())))
            for m in _NUMBER_WORD.finditer(core)
        ]
        a = sentence.attribution
        speaker = a is not None and len(a.names) > 1
        choice = rng.randrange(len(edits) + speaker) if edits or speaker else None
        if choice is None:
            return sentence
        if choice == len(edits):
            assert a is not None
            other = rng.choice([k for k in range(len(a.names)) if k != a.name])
            return attrs.evolve(sentence, attribution=attrs.evolve(a, name=other))
        start, end, new = edits[choice]
        return attrs.evolve(sentence, core=core[:start] + new + core[end:])

    def rewrite(self, sentence: _Sentence) -> _Attribution:
        """Another phrasing of the sentence's attribution; a named outlet may become an anaphor."""
        rng = self.rng
        a = sentence.attribution
        assert a is not None
        lowerable = _lower_first(sentence.core) is not None and not sentence.prefix
        if a.outlet is not None and rng.random() < 0.5:
            form = rng.choice(_ANAPHORIC_FORMS)
            return _Attribution(_ANAPHORA, rng.randrange(len(_ANAPHORA)), form, None)
        forms: tuple[str, ...] = _PERSON_FORMS
        if a.outlet is not None:
            forms = _OUTLET_FORMS
        elif a.names == _ANAPHORA:
            forms = _ANAPHORIC_FORMS
        choices = [f for f in forms if f != a.form and (f != "lead" or lowerable)]
        return attrs.evolve(a, form=rng.choice(choices)) if choices else a

    def split(self, paragraphs: list[Paragraph]) -> list[Paragraph]:
        rate, rng = self.params.split, self.rng
        result = []
        for p in paragraphs:
            out: list[_Sentence] = []
            for s in p:
                halves = _halves(s) if rng.random() < rate else None
                out.extend(halves or (s,))
            result.append(tuple(out))
        return result

    def merge(self, paragraphs: list[Paragraph]) -> list[Paragraph]:
        rate, rng = self.params.merge, self.rng
        result = []
        for p in paragraphs:
            out: list[_Sentence] = []
            for s in p:
                if out and rng.random() < rate and (joined := _joined(out[-1], s)):
                    out[-1] = joined
                else:
                    out.append(s)
            result.append(tuple(out))
        return result

    def add_own(self, paragraphs: list[Paragraph], sentences: Sequence[str]) -> list[Paragraph]:
        """The copy's own sentences, as new paragraphs or at the end of short ones."""
        rng = self.rng
        for text in sentences:
            own = _Sentence(core=text[:-1], units=self.unit())
            position = rng.randint(1, len(paragraphs))
            short = [i for i, p in enumerate(paragraphs) if i > 0 and len(p) < 3 and not p[0].line]
            if short and rng.random() < 0.3:
                i = rng.choice(short)
                paragraphs[i] = (*paragraphs[i], own)
            else:
                paragraphs.insert(position, (own,))
        return paragraphs

    def credit(
        self, paragraphs: list[Paragraph], named: str, city: str, agency: bool
    ) -> list[Paragraph]:
        """Name the source: a dateline, a credit line, or an attribution of an early sentence."""
        rng = self.rng
        known = find_outlet(named) is not None
        forms = ["reported", "according", "lead"]
        if known and agency:
            forms += ["dateline", "closing", "inputs"]
        elif not known:
            forms += ["inputs"]
        form = rng.choice(forms)
        lede = paragraphs[0][0]
        if form == "dateline" and not lede.prefix and not lede.line:
            return _with_dateline(paragraphs, city, named)
        if form in ("reported", "according", "lead", "dateline"):
            names = _outlet_names(named)
            for i, p in enumerate(paragraphs[:3]):
                for j, s in enumerate(p):
                    if s.line or s.attribution is not None:
                        continue
                    usable = [
                        f
                        for f in ("reported", "according", "lead")
                        if f != "lead" or (_lower_first(s.core) is not None and not s.prefix)
                    ]
                    chosen = form if form in usable else rng.choice(usable)
                    a = _Attribution(names, rng.randrange(len(names)), chosen, named)
                    paragraphs[i] = (*p[:j], attrs.evolve(s, attribution=a), *p[j + 1 :])
                    return paragraphs
            form = "inputs"
        line = f"— {named}" if form == "closing" else f"(With inputs from {named})"
        if not known:
            line = f"(With inputs from the {named})"
        paragraphs.append((_Sentence(core=line, units=self.unit(), credit=named, line=True),))
        return paragraphs


_NO_ARTICLE = frozenset(
    {"Dow Jones", "PA Media", "Kyodo News", "Jiji Press", "Agence France-Presse"}
)


def _outlet_names(outlet: str) -> tuple[str, ...]:
    """An outlet's names as written mid-sentence: "the Wall Street Journal", "the WSJ"."""
    bare = " " not in outlet or outlet in _NO_ARTICLE
    article = "" if bare and not outlet.startswith("The ") else "the "
    names = [outlet.removeprefix("The ")]
    for canonical, aliases in OUTLETS:
        if canonical == outlet:
            names += [
                a.removeprefix("The ")
                for a in aliases
                if re.fullmatch(r"[A-Z][A-Za-z&' -]+", a) and "St" not in a.split()
            ]
    return tuple(dict.fromkeys(article + n for n in names))


def _halves(sentence: _Sentence) -> tuple[_Sentence, _Sentence] | None:
    """The sentence cut in two at a comma or conjunction near its middle, or None."""
    a = sentence.attribution
    if sentence.line or sentence.parts or len(sentence.units) != 1:
        return None  # a half or a merged sentence is not cut again
    if a is not None and a.form in ("quote", "lead"):
        return None
    (unit,) = sentence.units
    core = sentence.core
    words = len(core.split())
    for m in _SPLIT_POINT.finditer(core):
        before = len(core[: m.start()].split())
        if before >= 5 and words - before >= 5 and 0.3 <= before / words <= 0.7:
            rest = core[m.end() :]
            if m.group("word") == "but":
                rest = "But " + rest
            elif m.group("word") == "which":
                rest = "This " + rest
            first = attrs.evolve(
                sentence, core=core[: m.start()], attribution=None, parts=((unit, 0),)
            )
            second = attrs.evolve(
                sentence, core=_capitalise(rest), prefix="", credit=None, parts=((unit, 1),)
            )
            # A half ending on an initial ("defined in C.") would not end a sentence.
            joined = first.text() + " " + second.text()
            if len(split_sentences(joined)) == 2:
                return first, second
    return None


def _joined(first: _Sentence, second: _Sentence) -> _Sentence | None:
    """Two sentences made one ("A, and b."), or None when they cannot be."""
    if first.line or second.line or first.attribution is not None or second.prefix:
        return None
    if second.attribution is not None and second.attribution.form in ("quote", "lead"):
        return None
    lower = _lower_first(second.core)
    core = first.core + (", and " + lower if lower else "; " + second.core)
    halves: dict[str, set[int]] = {}
    for unit, half in first.parts + second.parts:
        halves.setdefault(unit, set()).add(half)
    return attrs.evolve(
        first,
        core=core,
        units=first.units + tuple(u for u in second.units if u not in first.units),
        attribution=second.attribution,
        # The two halves of a cut sentence joined again are the whole of it.
        parts=tuple((u, min(h)) for u, h in halves.items() if len(h) == 1),
    )


# ---------------------------------------------------------------------------
# Output


def _render(doc: _Doc) -> tuple[str, list[dict[str, Any]]]:
    """The file text of a document and its truth sentences, with their offsets."""
    pieces: list[str] = [doc.title, "\n\n"]
    if doc.shown_date is not None:
        pieces += [_DATE_FORMS[doc.date_form](doc.shown_date), "\n\n"]
    position = sum(len(piece) for piece in pieces)
    sentences: list[dict[str, Any]] = []
    lines = [[(s.text(), _sentence_truth(s)) for s in p] for p in doc.paragraphs]
    lines += [[(line, {"units": [], "boilerplate": True})] for line in doc.boilerplate]
    for k, line in enumerate(lines):
        for j, (text, truth) in enumerate(line):
            gap = " " if j else "\n\n" if k else ""
            pieces += [gap, text]
            position += len(gap)
            sentences.append({"start": position, "end": position + len(text), **truth})
            position += len(text)
    pieces.append("\n")
    return "".join(pieces), sentences


def _sentence_truth(sentence: _Sentence) -> dict[str, Any]:
    truth: dict[str, Any] = {"units": list(sentence.units), "boilerplate": False}
    if sentence.parts:
        truth["parts"] = dict(sentence.parts)
    return truth


def _truth(
    sim: _Simulation, params: SimParams, seed: int, hidden: set[int]
) -> tuple[tuple[SimDocument, ...], dict[str, Any]]:
    documents = []
    entries = []
    for doc in sim.docs:
        text, sentences = _render(doc)
        visible = doc.index not in hidden
        credits = [
            name
            for name in dict.fromkeys(c for p in doc.paragraphs for s in p for c in s.credits())
            if name != doc.outlet
        ]
        documents.append(SimDocument(id=doc.id, text=text, visible=visible))
        entries.append(
            {
                "id": doc.id,
                "visible": visible,
                "role": doc.role,
                "outlet": doc.outlet,
                "story": doc.story,
                "parents": [sim.ids[p] for p in doc.parents],
                "published": doc.published.isoformat(),
                "shown_date": doc.shown_date.isoformat() if doc.shown_date else None,
                "credits": credits,
                "sentences": sentences,
                "text": None if visible else text,
            }
        )
    truth = {
        "schema": SCHEMA,
        "seed": seed,
        "params": attrs.asdict(params),
        "documents": entries,
    }
    return tuple(documents), truth


def simulate(params: SimParams, seed: int) -> SimCorpus:
    """Generate a corpus whose derivation is known.

    Parameters
    ----------
    params : SimParams
        Sizes and edit rates.
    seed : int
        The seed of the one ``random.Random`` every choice comes from.

    Returns
    -------
    SimCorpus
        Every document, hidden ones included, listed in the order they were
        written (each parent before its children), and the truth in the
        ``provenance.benchmark.truth/1`` schema, documents in the same order.

    Examples
    --------
    >>> corpus = simulate(SimParams(n_documents=5), seed=1)
    >>> [d["role"] for d in corpus.truth["documents"]][0]
    'original'
    >>> corpus == simulate(SimParams(n_documents=5), seed=1)
    True
    """
    sim = _Simulation(params, seed)
    sim.run()
    intermediates = [
        d.index
        for d in sim.docs
        if d.role not in ("original", "distractor") and sim.children[d.index] > 0
    ]
    hidden = set(sim.rng.sample(intermediates, round(params.hide * len(intermediates))))
    documents, truth = _truth(sim, params, seed, hidden)
    return SimCorpus(documents=documents, truth=truth)


# ---------------------------------------------------------------------------
# The truth: validation and files


_TRUTH_KEYS: dict[str, type] = {"seed": int, "params": dict, "documents": list}
_DOCUMENT_KEYS: dict[str, type] = {
    "id": str,
    "visible": bool,
    "role": str,
    "outlet": str,
    "story": int,
    "parents": list,
    "published": str,
    "credits": list,
    "sentences": list,
}
_UNIT = re.compile(r"(?P<doc>.+):(?P<k>0|[1-9]\d*)")


def validate_truth(truth: Mapping[str, Any]) -> None:
    """Check a truth against the ``provenance.benchmark.truth/1`` schema.

    Beyond the fields and their types, it checks that ids are unique, that every
    parent is listed before its child, that sentence spans are increasing and
    inside the text (when the text is kept), and that every unit names a
    document that is the sentence's own or one of its ancestors.

    Parameters
    ----------
    truth : Mapping
        A truth as :func:`simulate` makes it or ``json.load`` reads it.

    Raises
    ------
    SimulationError
        On the first problem found (a ``ValueError``), naming where it is.

    Examples
    --------
    >>> validate_truth({"schema": "provenance.benchmark.truth/1", "seed": 1, "params": {}})
    Traceback (most recent call last):
    ...
    benchmarks.simulate.SimulationError: truth.documents: expected a list, got a missing field
    """

    def fail(where: str, expected: str, got: object) -> SimulationError:
        return SimulationError(f"truth.{where}: expected {expected}, got {got}")

    def kind(value: object) -> str:
        return "a missing field" if value is _MISSING else f"{type(value).__name__} {value!r}"[:80]

    if not isinstance(truth, Mapping):
        raise SimulationError(f"truth: expected a mapping, got {type(truth).__name__}")
    if truth.get("schema") != SCHEMA:
        raise fail("schema", repr(SCHEMA), kind(truth.get("schema", _MISSING)))
    for key, wanted in _TRUTH_KEYS.items():
        value = truth.get(key, _MISSING)
        if not isinstance(value, wanted) or isinstance(value, bool):
            raise fail(key, f"a {wanted.__name__}", kind(value))
    position: dict[str, int] = {}
    ancestors: dict[str, set[str]] = {}
    for i, doc in enumerate(truth["documents"]):
        where = f"documents[{i}]"
        if not isinstance(doc, Mapping):
            raise fail(where, "an object", kind(doc))
        for key, expected in _DOCUMENT_KEYS.items():
            value = doc.get(key, _MISSING)
            if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
                raise fail(f"{where}.{key}", f"a {expected.__name__}", kind(value))
        doc_id = doc["id"]
        if doc_id in position:
            raise fail(f"{where}.id", "a unique id", f"{doc_id!r} twice")
        if doc["role"] not in ROLES:
            raise fail(f"{where}.role", f"one of {', '.join(ROLES)}", kind(doc["role"]))
        for key in ("published", "shown_date"):
            value = doc.get(key, _MISSING)
            if key == "shown_date" and value is None:
                continue
            if not isinstance(value, str) or not _is_iso_date(value):
                raise fail(f"{where}.{key}", "an ISO date", kind(value))
        parents = doc["parents"]
        if doc["role"] in ("original", "distractor") and parents:
            raise fail(f"{where}.parents", f"none for a {doc['role']}", kind(parents))
        if doc["role"] not in ("original", "distractor") and not 1 <= len(parents) <= 2:
            raise fail(f"{where}.parents", "one or two parents for a copy", kind(parents))
        if len(set(parents)) != len(parents):
            raise fail(f"{where}.parents", "distinct parents", kind(parents))
        for parent in parents:
            if parent not in position:
                raise fail(f"{where}.parents", "ids of documents listed before", kind(parent))
        if not all(isinstance(c, str) for c in doc["credits"]):
            raise fail(f"{where}.credits", "a list of outlet names", kind(doc["credits"]))
        text = doc.get("text", _MISSING)
        if doc["visible"] and text is not None:
            raise fail(f"{where}.text", "null for a visible document", kind(text))
        if not doc["visible"] and not isinstance(text, str):
            raise fail(f"{where}.text", "the text of a hidden document", kind(text))
        lineage = {doc_id}.union(*(ancestors[p] | {p} for p in parents))
        _validate_sentences(doc["sentences"], where, text, lineage, fail, kind)
        position[doc_id] = i
        ancestors[doc_id] = lineage - {doc_id}


_MISSING = object()


def _is_iso_date(value: str) -> bool:
    try:
        return dt.date.fromisoformat(value).isoformat() == value
    except ValueError:
        return False


def _validate_sentences(
    sentences: Sequence[Any],
    where: str,
    text: object,
    lineage: set[str],
    fail: Callable[[str, str, object], SimulationError],
    kind: Callable[[object], str],
) -> None:
    end = 0
    for j, sentence in enumerate(sentences):
        here = f"{where}.sentences[{j}]"
        if not isinstance(sentence, Mapping):
            raise fail(here, "an object", kind(sentence))
        start, stop = sentence.get("start", _MISSING), sentence.get("end", _MISSING)
        for key, value in (("start", start), ("end", stop)):
            if not isinstance(value, int) or isinstance(value, bool):
                raise fail(f"{here}.{key}", "an integer offset", kind(value))
        assert isinstance(start, int)
        assert isinstance(stop, int)
        if start < end or stop <= start:
            raise fail(here, f"a span after offset {end}, not empty", f"{start}..{stop}")
        if isinstance(text, str) and (
            stop > len(text) or text[start:stop] != text[start:stop].strip()
        ):
            raise fail(here, "a stripped span inside the text", f"{start}..{stop}")
        end = stop
        if not isinstance(sentence.get("boilerplate", _MISSING), bool):
            raise fail(f"{here}.boilerplate", "a bool", kind(sentence.get("boilerplate", _MISSING)))
        units = sentence.get("units", _MISSING)
        if not isinstance(units, list):
            raise fail(f"{here}.units", "a list", kind(units))
        for unit in units:
            m = _UNIT.fullmatch(unit) if isinstance(unit, str) else None
            if m is None:
                raise fail(f"{here}.units", '"<document id>:<k>" strings', kind(unit))
            if m.group("doc") not in lineage:
                raise fail(f"{here}.units", "units of the document or of its ancestors", kind(unit))
        parts = sentence.get("parts", {})
        if not isinstance(parts, Mapping) or any(
            unit not in units or half not in (0, 1) or isinstance(half, bool)
            for unit, half in parts.items()
        ):
            raise fail(f"{here}.parts", "a map of its units to half 0 or 1", kind(parts))


def truth_to_json(truth: Mapping[str, Any]) -> str:
    """The truth as JSON text: the header fields, then one document per line.

    Examples
    --------
    >>> json.loads(truth_to_json({"schema": SCHEMA, "documents": [{"id": "d1"}]}))["documents"]
    [{'id': 'd1'}]
    """
    head = json.dumps({k: v for k, v in truth.items() if k != "documents"}, ensure_ascii=False)
    documents = ",\n".join(json.dumps(d, ensure_ascii=False) for d in truth.get("documents", []))
    separator = ", " if len(head) > 2 else ""
    return f'{head[:-1]}{separator}"documents": [\n{documents}\n]}}\n'


def read_truth(path: str | Path) -> dict[str, Any]:
    """Read and validate a ``truth.json`` (or the one in a corpus directory).

    Raises
    ------
    SimulationError
        When the file is not JSON or breaks the schema (see :func:`validate_truth`).
    OSError
        When it cannot be read.
    """
    file = Path(path)
    if file.is_dir():
        file = file / "truth.json"
    try:
        truth = json.loads(file.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise SimulationError(
            f"{file}: expected JSON, got an error at line {error.lineno}"
        ) from None
    validate_truth(truth)
    assert isinstance(truth, dict)
    return truth


def write_corpus(corpus: SimCorpus, directory: str | Path) -> Path:
    """Write the visible documents as ``<id>.txt`` and the truth as ``truth.json``.

    Parameters
    ----------
    corpus : SimCorpus
        What :func:`simulate` returned.
    directory : str or Path
        Created when missing. A directory that already holds files must hold a
        previous corpus (a ``truth.json`` of this schema and the documents it
        lists, nothing else): those files are replaced.

    Returns
    -------
    Path
        The directory.

    Raises
    ------
    SimulationError
        When the directory holds anything but a previous corpus, or is a file.
    """
    out = Path(directory)
    if out.exists() and not out.is_dir():
        raise SimulationError(f"{out}: expected a directory for the corpus, got a file")
    if out.is_dir() and any(out.iterdir()):
        for old in _previous_corpus(out):
            old.unlink()
    out.mkdir(parents=True, exist_ok=True)
    for document in corpus.documents:
        if document.visible:
            (out / f"{document.id}.txt").write_text(document.text, encoding="utf-8", newline="\n")
    (out / "truth.json").write_text(truth_to_json(corpus.truth), encoding="utf-8", newline="\n")
    return out


def _previous_corpus(directory: Path) -> list[Path]:
    """The files of the corpus ``directory`` holds; raises when it holds anything else."""
    refuse = SimulationError(
        f"{directory}: expected an empty directory or a previous simulated corpus,"
        " got other files; choose another directory"
    )
    truth_file = directory / "truth.json"
    try:
        old = json.loads(truth_file.read_text(encoding="utf-8"))
        ids = {d["id"] for d in old["documents"]} if old.get("schema") == SCHEMA else None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        raise refuse from None
    if ids is None:
        raise refuse
    entries = sorted(directory.iterdir())
    for entry in entries:
        if entry != truth_file and not (
            entry.is_file() and entry.suffix == ".txt" and entry.stem in ids
        ):
            raise refuse
    return entries


# ---------------------------------------------------------------------------
# Command line


def _field_help() -> dict[str, str]:
    """Each SimParams field's description, read from the class docstring."""
    doc = SimParams.__doc__ or ""
    found = {}
    for m in re.finditer(r"^    (\w+) : [^\n]*\n((?:        [^\n]*\n?)+)", doc, re.M):
        found[m.group(1)] = " ".join(m.group(2).split()).replace("``", "")
    return found


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks simulate",
        description="Generate a news corpus whose derivation is known: the visible "
        "articles as <id>.txt and truth.json (benchmarks/README.md).",
    )
    parser.add_argument(
        "out", metavar="OUT", help="directory to write (empty or a previous corpus)"
    )
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    helps = _field_help()
    for a in attrs.fields(SimParams):
        flags = [f"--{a.name.replace('_', '-')}"]
        if a.name == "n_documents":
            flags.insert(0, "--docs")
        parser.add_argument(
            *flags,
            dest=a.name,
            type=int if a.type in ("int", int) else float,
            default=a.default,
            help=f"{helps.get(a.name, '')} (default {a.default})",
        )
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run ``python -m benchmarks simulate OUT [--docs N] [--seed S] [--hide H] ...``.

    Returns
    -------
    int
        0 on success; 1 when a parameter is out of range or the directory is
        refused (the reason goes to stderr).
    """
    args = _parser().parse_args(argv)
    values = {a.name: getattr(args, a.name) for a in attrs.fields(SimParams)}
    try:
        params = SimParams(**values)
        corpus = simulate(params, args.seed)
        out = write_corpus(corpus, args.out)
    except SimulationError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    visible = sum(d.visible for d in corpus.documents)
    print(
        f"wrote {visible} documents ({len(corpus.documents) - visible} hidden) "
        f"and truth.json to {out}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
