"""Explicit attributions: the sources a sentence names, and who relayed whom.

:func:`extract_citations` finds attributions ("according to Reuters", "the WSJ
reported", "citing Tolo News", a "Jakarta, CNN Indonesia" dateline) and
resolves the names to sources, one per outlet or person, over the whole corpus.

How a name is found
    A name is a run of capitalised words, possibly joined by "of", "for",
    "the", "&" (and a few particles such as "de", "al"), taken next to a cue:
    after "according to", "citing", "as per", "reported by", "told"; before
    "reported", "said", "stated", "wrote", "report … states"; the whole line of
    a dateline. A possessive ("Journal's") ends the name. Sentence-initial
    function words ("But", "On", "Monday") are trimmed, and when a known outlet
    ends (before a verb) or starts (after a preposition) the run, the run is cut
    to it: "In Kabul Reuters reported" names Reuters. Lower-case subjects ("a
    source", "the broadcaster", "local media", "officials") are never sources.
    A name right after a preposition is not a subject ("a resident … of Kabul
    said" does not cite Kabul).

How names are resolved (over the set of all names, so input order is moot)
    1. a name or alias of a known outlet (:mod:`provenance.outlets`) is that
       outlet: "WSJ", "Wall Street Journal" → The Wall Street Journal;
    2. an acronym declared in the text as "Name (ACR)" is that name;
    3. a name whose words end a longer cited name of exactly one source is that
       source: "the Journal" → The Wall Street Journal, "Nabil" → "Rahmatullah
       Nabil";
    4. an acronym spelling the initials of exactly one cited name is that
       name; failing that, one of three letters or more spelling the initials
       of exactly one known outlet is that outlet;
    5. otherwise the name stands for itself.
    The display name is the gazetteer's, else the longest name seen; the id is
    :func:`source_id` of it. A source is ``media`` when it is a known outlet or
    a name holds a media word ("News", "Press", "Times", …) and no office word
    ("Secretary", "Gen", "Ministry", …); otherwise it is a ``person`` (people,
    officials and organisations such as the Taliban).

Decisions
    * "X said"/"X stated" yields pattern ``reported`` for people too; only
      ``told``, ``dateline`` and ``credit`` citations are dropped when their name
      turns out not to be media ("spoke to Ghani" cites nobody).
    * ``cited_by`` names the *media* source that relayed the citation:
      "Sputnik reported citing Tolo News" (Tolo News, cited_by Sputnik); "Citing
      the WSJ's report, Khaama Press stated" (WSJ, cited_by Khaama Press); "As
      per Khaama Press, the WSJ report states" (WSJ, cited_by Khaama Press);
      "Nabil … told WSJ" (Nabil, cited_by WSJ). A person never relays. Within
      a sentence, "citing X" is relayed by the nearest media subject ("Y
      reported"), else the nearest "according to"/"as per"/"reported by"
      source; a subject is relayed by the nearest of those.
    * Photo credits ("(Photo | AP)", "Pic/AFP") are not citations: they credit
      an image, not the text. Text credits are: "— Reuters" closing a
      sentence and "(With inputs from PTI)".
    * Datelines are recognised by their form, wherever the line is: "City,
      Outlet" alone on a line, "CITY (Outlet) —" opening it, or "… | City |
      Outlet". The outlet must be media.
"""

from __future__ import annotations

import bisect
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Literal

import attrs
from attrs import frozen

from provenance.errors import InputError
from provenance.model import Citation, Sentence, Source, SourceKind
from provenance.outlets import MEDIA_WORDS, OUTLETS, ROLE_WORDS, find_outlet, outlet_key

__all__ = [
    "extract_citations",
    "quoted_share",
    "report_reference",
    "sentence_mentions",
    "source_id",
]

# ---------------------------------------------------------------------------
# Public helpers
# ---------------------------------------------------------------------------


def source_id(name: str) -> str:
    """The node id of a source: ``"source:"`` and a slug of its canonical name.

    The slug is the name lower-cased, accents dropped, words joined by "-",
    with a leading "the" dropped.

    Parameters
    ----------
    name : str
        The canonical name of the source.

    Returns
    -------
    str
        ``"source:" + slug``.

    Raises
    ------
    InputError
        When ``name`` holds no letter or digit.

    Examples
    --------
    >>> source_id("The Wall Street Journal")
    'source:wall-street-journal'
    >>> source_id("Mid-day")
    'source:mid-day'
    """
    words = _slug_words(name)
    if not words:
        raise InputError(f"name must contain a letter or a digit, got {name!r}")
    return "source:" + "-".join(words)


def _slug_words(name: str) -> list[str]:
    return [word for word in outlet_key(name).split() if word != "&"]


_REPORT_REFERENCE = re.compile(
    r"\b[Tt]he\s+(?:"
    r"(?:news\s+)?(?:report|publication|newspaper|outlet|paper|broadcaster|agency|daily"
    r"|magazine)(?![\w-])"
    r"|(?:news|wire)\s+service(?![\w-])"
    r"|organi[sz]ation\s+cited\b"
    r"|Journal(?![\w-])(?!\s+(?:of\b|[A-Z]))"
    r")"
)


def report_reference(text: str) -> bool:
    """Whether a sentence points back to an already named report or outlet.

    True for "the report", "the publication", "the newspaper", "the news
    outlet", "the outlet", "the paper", "the broadcaster", "the (news) agency",
    "the daily", "the magazine", "the news/wire service", "the organization
    cited" and "the Journal" used alone. Plurals ("the reports") and
    indefinites ("a recent report") do not point back.

    Parameters
    ----------
    text : str
        The sentence.

    Returns
    -------
    bool

    Examples
    --------
    >>> report_reference("One recruit was killed a week ago, the report added.")
    True
    >>> report_reference("The Taliban has denied reports of defections.")
    False
    """
    return _REPORT_REFERENCE.search(text) is not None


_OPENING = {'"': '"', "“": "”", "«": "»"}
_CLOSING = frozenset({"”", "»"})
_QUOTES = re.compile("[" + "".join(sorted({*_OPENING, *_CLOSING})) + "]")


def quoted_share(text: str) -> float:
    """The share of a sentence's characters that stand inside quotation marks.

    Characters are counted without white space and without the quotation
    marks themselves, so a sentence wholly in quotes scores 1.0. Straight
    (``"…"``), curly (``“…”``) and angle (``«…»``) quotes count; single quotes
    do not (they are apostrophes too often). A quote left open runs to the end
    of the sentence; a closing quote that was never opened in the sentence
    closes a quotation begun in an earlier one, so everything before it counts.

    Parameters
    ----------
    text : str
        The sentence.

    Returns
    -------
    float
        In [0, 1]; 0.0 for a sentence with no characters but white space.

    Examples
    --------
    >>> quoted_share('"Stay calm," he said')
    0.6
    >>> quoted_share("Nothing quoted here.")
    0.0
    """
    if not _QUOTES.search(text):
        return 0.0  # most sentences: nothing stands inside quotes
    inside = total = 0
    closer: str | None = None
    seen_quote = False
    for ch in text:
        if closer is None and ch in _OPENING:
            closer = _OPENING[ch]
            seen_quote = True
        elif closer is not None and ch == closer:
            closer = None
        elif closer is None and ch in _CLOSING:
            if not seen_quote:
                inside = total
            seen_quote = True
        elif not ch.isspace() and ch not in _OPENING and ch not in _CLOSING:
            total += 1
            if closer is not None:
                inside += 1
    return inside / total if total else 0.0


# ---------------------------------------------------------------------------
# Tokens and names
# ---------------------------------------------------------------------------

_TOKEN = re.compile(r"&|[^\W_]+(?:[-'’&.][^\W_]+)*")
_ARABIC_ARTICLE = re.compile(r"(?:al|el|ad|an|ar|as|ash|at|az)-(?=[^\W\d_])")
_MAX_NAME_TOKENS = 12

_CONNECTORS = frozenset(
    {"of", "for", "the", "&", "de", "del", "della", "di", "da", "do", "du", "des", "la", "le"}
    | {"el", "al", "von", "van", "der", "bin", "ibn"}
)
_ARTICLES = frozenset({"the", "The"})
_PREPOSITIONS = frozenset(
    {"of", "in", "at", "from", "to", "with", "by", "near", "on", "for", "about", "into"}
    | {"over", "under", "against", "between", "outside", "inside", "across", "around"}
    | {"behind", "like", "than", "via", "toward", "towards", "through", "within"}
)
# Capitalised words that cannot begin a name: sentence-initial function words,
# pronouns, days and months ("On Sunday Reuters reported" names Reuters).
_LEADING_STOPWORDS = frozenset(
    {"A", "An", "The", "In", "On", "At", "As", "By", "For", "From", "To", "Of", "With"}
    | {"But", "And", "Or", "So", "Yet", "If", "When", "While", "Whereas", "After"}
    | {"Before", "Since", "Until", "Meanwhile", "However", "Moreover", "Also", "Earlier"}
    | {"Later", "Today", "Tonight", "Yesterday", "Tomorrow", "Last", "Next", "This"}
    | {"That", "These", "Those", "Then", "Now", "Here", "There", "According", "Citing"}
    | {"Per", "Both", "Some", "Many", "Several", "Most", "Such", "Other", "Another"}
    | {"Each", "Every", "All", "It", "He", "She", "They", "We", "I", "You", "His", "Her"}
    | {"Their", "Our", "My", "Its", "Your", "Who", "What", "Which", "Where", "Why", "How"}
    | {"Reportedly", "Separately", "Previously", "Still", "Even", "Only", "Just", "Not"}
    | {"No", "Yes", "Former", "Local", "Senior", "Top", "Read", "Related", "More"}
    | {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
    | {"January", "February", "March", "April", "June", "July", "August", "September"}
    | {"October", "November", "December"}
)
# Names that say where something came from without naming anyone.
_GENERIC = frozenset(
    outlet_key(word)
    for word in (
        "Agencies",
        "Agency",
        "Bureau",
        "Correspondent",
        "Desk",
        "Editor",
        "Media",
        "News",
        "News Desk",
        "Newspaper",
        "Official",
        "Officials",
        "Online Desk",
        "Report",
        "Reporter",
        "Reporters",
        "Reports",
        "Source",
        "Sources",
        "Staff",
        "Web Desk",
        "Wire",
        "Wires",
    )
)


@frozen
class _Token:
    start: int
    end: int
    text: str


@frozen
class _Name:
    """A name in a sentence: ``text`` as it will be matched, its span, its tokens.

    ``end`` includes a possessive "'s"; ``lead`` is where an attribution phrase
    may start, before a directly preceding "the".
    """

    text: str
    start: int
    end: int
    lead: int
    first: int


def _tokens(text: str) -> tuple[_Token, ...]:
    return tuple(_Token(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text))


def _is_cap(word: str) -> bool:
    if word[:1].isupper():
        return True
    article = _ARABIC_ARTICLE.match(word)
    return article is not None and word[article.end()].isupper()


def _possessive(word: str) -> bool:
    return len(word) > 2 and word[-2] in "'’" and word[-1] in "sS"


def _spaces(gap: str) -> bool:
    return bool(gap) and gap.isspace() and "\n" not in gap


def _adjacent(text: str, left: _Token, right: _Token) -> bool:
    return _spaces(text[left.end : right.start])


def _first_token_from(tokens: Sequence[_Token], pos: int) -> int | None:
    i = bisect.bisect_left(tokens, pos, key=lambda t: t.start)
    return i if i < len(tokens) else None


def _last_token_before(tokens: Sequence[_Token], pos: int) -> int | None:
    i = bisect.bisect_right(tokens, pos, key=lambda t: t.end) - 1
    return i if i >= 0 else None


def _surface(tokens: Sequence[_Token], i: int, j: int) -> str:
    words = [t.text for t in tokens[i:j]]
    if _possessive(words[-1]):
        words[-1] = words[-1][:-2]
    return " ".join(words)


def _trim(tokens: Sequence[_Token], i: int, j: int) -> int:
    while i < j and (tokens[i].text in _LEADING_STOPWORDS or tokens[i].text in _CONNECTORS):
        i += 1
    return i


def _narrow(tokens: Sequence[_Token], i: int, j: int, *, forward: bool) -> tuple[int, int]:
    """Cut the run ``[i, j)`` to the longest known outlet at its far end, if any."""
    if forward:
        for end in range(j, i, -1):
            if find_outlet(_surface(tokens, i, end)):
                return i, end
    else:
        for start in range(i, j):
            if tokens[start].text not in _CONNECTORS and find_outlet(_surface(tokens, start, j)):
                return start, j
    return i, j


def _make_name(text: str, tokens: Sequence[_Token], i: int, j: int) -> _Name | None:
    surface = _surface(tokens, i, j)
    if outlet_key(surface) in _GENERIC or not _slug_words(surface):
        return None
    lead = tokens[i].start
    if i > 0 and tokens[i - 1].text in _ARTICLES and _adjacent(text, tokens[i - 1], tokens[i]):
        lead = tokens[i - 1].start
    return _Name(surface, tokens[i].start, tokens[j - 1].end, lead, i)


def _walk_back(text: str, tokens: Sequence[_Token], k: int) -> _Name | None:
    """The name whose last word is token ``k``."""
    if not _is_cap(tokens[k].text):
        return None
    i = k
    while i > 0 and k - i < _MAX_NAME_TOKENS:
        before = tokens[i - 1]
        if not _adjacent(text, before, tokens[i]) or _possessive(before.text):
            break
        if _is_cap(before.text):
            i -= 1
        elif (
            before.text in _CONNECTORS
            and i >= 2
            and _adjacent(text, tokens[i - 2], before)
            and _is_cap(tokens[i - 2].text)
            and not _possessive(tokens[i - 2].text)
        ):
            i -= 2
        else:
            break
    i = _trim(tokens, i, k + 1)
    if i > k:
        return None
    i, j = _narrow(tokens, i, k + 1, forward=False)
    return _make_name(text, tokens, i, j)


def _walk_forward(text: str, tokens: Sequence[_Token], i: int) -> _Name | None:
    """The name whose first word is token ``i``."""
    if not _is_cap(tokens[i].text):
        return None
    j = i + 1
    while j < len(tokens) and j - i < _MAX_NAME_TOKENS:
        if _possessive(tokens[j - 1].text) or not _adjacent(text, tokens[j - 1], tokens[j]):
            break
        if _is_cap(tokens[j].text):
            j += 1
        elif (
            tokens[j].text in _CONNECTORS
            and j + 1 < len(tokens)
            and _adjacent(text, tokens[j], tokens[j + 1])
            and _is_cap(tokens[j + 1].text)
        ):
            j += 2
        else:
            break
    start = _trim(tokens, i, j)
    if start != i or start >= j:
        return None  # "According to Monday's report" names nobody
    i, j = _narrow(tokens, i, j, forward=True)
    return _make_name(text, tokens, i, j)


def _after_preposition(text: str, tokens: Sequence[_Token], name: _Name) -> bool:
    p = name.first - 1
    if p >= 0 and tokens[p].text in _ARTICLES and _adjacent(text, tokens[p], tokens[p + 1]):
        p -= 1
    return (
        p >= 0
        and _adjacent(text, tokens[p], tokens[p + 1])
        and tokens[p].text.lower() in _PREPOSITIONS
    )


_ACRONYM_BEFORE = re.compile(r"[ \t]\([A-Z][A-Z0-9&/-]{1,7}\)[ \t]+\Z")
_BOUNDARY = frozenset(',;:–—()[]"“”«»|')


def _segment_start(text: str, pos: int) -> int:
    """Where the clause ending at ``pos`` starts: after the last comma, dash, quote, …"""
    i = pos - 1
    while i >= 0 and text[i] not in _BOUNDARY and text[i] != "\n":
        i -= 1
    return i + 1


def _fills(text: str, segment: int, lead: int) -> bool:
    return not text[segment:lead].strip()


def _name_directly_before(text: str, tokens: Sequence[_Token], pos: int) -> _Name | None:
    k = _last_token_before(tokens, pos)
    if k is None or not _spaces(text[tokens[k].end : pos]):
        return None
    return _walk_back(text, tokens, k)


def _subject(text: str, tokens: Sequence[_Token], pos: int) -> _Name | None:
    """The named subject of the verb at ``pos``.

    Either a name right before the verb ("the WSJ reported", not after a
    preposition), a name filling the clause before ", said" ("…, Rahmatullah
    Nabil, said"), or the name before a lower-case appositive ("Gen Frank
    McKenzie, head of the US Central Command, said").
    """
    if acronym := _ACRONYM_BEFORE.search(text, 0, pos):
        pos = acronym.start() + 1  # "The Islamic State (IS) said": the name before "(IS)"
    k = _last_token_before(tokens, pos)
    if k is None:
        return None
    gap = text[tokens[k].end : pos]
    if _spaces(gap):
        name = _walk_back(text, tokens, k)
        if name is None or _after_preposition(text, tokens, name):
            return None
        return name
    if gap.strip() != "," or "\n" in gap:
        return None
    name = _walk_back(text, tokens, k)
    segment = _segment_start(text, tokens[k].end)
    if name is not None and _fills(text, segment, name.lead):
        return name
    first = _first_token_from(tokens, segment)
    if segment == 0 or text[segment - 1] != "," or first is None or _is_cap(tokens[first].text):
        return None
    before = _last_token_before(tokens, segment - 1)
    if before is None or text[tokens[before].end : segment - 1].strip():
        return None
    name = _walk_back(text, tokens, before)
    if name is None or not _fills(text, _segment_start(text, tokens[before].end), name.lead):
        return None
    return name


_ARTICLE = re.compile(r"(?:the|The)\s+")
_OPEN_QUOTE = re.compile(r"[\"“‘']")
_LEAD_IN = re.compile(
    r"(?:an?|the|its|their)\s+(?:[a-z]+\s+){0,2}?"
    r"(?:report|investigation|article|story|interview|statement|analysis|survey|study"
    r"|dispatch|broadcast|editorial|piece|documentary|podcast|programme|program|show"
    r"|post|tweet|findings|data)"
    r"\s+(?:published\s+by|aired\s+on|carried\s+by|by|in|from|of|with|to|on)\s+"
)
_TRAILER = re.compile(
    r"(?:['’](?!\w))?[\"”’]?(?:\s*\([A-Z][A-Z0-9&/-]{1,7}\))?"
    r"(?:\s+(?:report|investigation|article|story|findings|analysis|interview)(?![\w-]))?"
)


def _name_after(
    text: str, tokens: Sequence[_Token], pos: int, *, lead_in: bool = True
) -> tuple[_Name, int] | None:
    """The name starting at ``pos`` and where its attribution phrase ends.

    ``pos`` may be followed by a lead-in ("an investigation by"), "the" and an
    opening quote; the phrase runs on over a closing quote, an "(ACR)" and a
    trailing "report".
    """
    if lead_in and (m := _LEAD_IN.match(text, pos)):
        pos = m.end()
    if m := _ARTICLE.match(text, pos):
        pos = m.end()
    if m := _OPEN_QUOTE.match(text, pos):
        pos = m.end()
    i = _first_token_from(tokens, pos)
    if i is None or tokens[i].start != pos:
        return None
    name = _walk_forward(text, tokens, i)
    if name is None:
        return None
    trailer = _TRAILER.match(text, name.end)
    return name, trailer.end() if trailer else name.end


# ---------------------------------------------------------------------------
# Patterns
# ---------------------------------------------------------------------------

_Role = Literal["speaker", "teller", "framer", "citing", "recipient", "label"]

# Lower ranks win when two patterns find the same name.
_RANK = {
    "dateline": 0,
    "credit": 1,
    "according-to": 2,
    "as-per": 3,
    "reported-by": 4,
    "citing": 5,
    "told": 6,
    "reported": 7,
}


@frozen
class _Mention:
    """A name found by a pattern; ``start`` and ``end`` bound the phrase in the sentence.

    ``role`` says how the name relates to the others of its sentence: a
    ``speaker`` ("X reported") may be relayed by a ``framer`` ("According to
    Y, …"); a ``citing`` name ("citing X") by the nearest speaker or framer; a
    ``teller`` ("X told Y") by its ``recipient``. ``relays`` lists the name
    starts of the mentions that may relay this one, best first; the first that
    resolves to media is the relay. A ``recipient`` or ``label`` (dateline,
    credit) counts only when it resolves to media.
    """

    name: _Name
    start: int
    end: int
    pattern: str
    role: _Role
    relays: tuple[int, ...] = ()


_FRAMERS = re.compile(
    r"\b(?P<according>[Aa]ccording\s+to)\s+"
    r"|\b(?P<per>[Aa]s\s+per)\s+"
    r"|\b(?P<by>(?:[Aa]s\s+)?(?:(?:first|originally|earlier|also)\s+)?reported\s+by)\s+"
)
_CITING = re.compile(r"\b[Cc]iting\s+")
_TOLD = re.compile(
    r"\b(?P<told>told|confirmed\s+(?:[a-z]+\s+){0,3}?to)\s+"
    r"|\b(?:[Ss]peaking\s+to|spoke\s+to|[Tt]alking\s+to|said\s+to"
    r"|in\s+(?:an\s+)?interview\s+(?:with|to))\s+"
)
_SPEAKS = re.compile(
    r"\b(?:(?:has|have|had)\s+)?(?:(?:also|further|earlier|previously|first|reportedly)\s+)?"
    r"(?:reported|reports|said|says|stated|states|wrote|writes)\b(?!\s+by\b)(?!-)"
)
_QUOTED = re.compile(r"\bquoted\b(?=.*\bas\s+saying\b)")
_REPORT_VERB = re.compile(
    r"['’]?\s+report\s+(?:(?:further|also|earlier|\w+ly)\s+)?"
    r"(?:states|stated|said|says|noted|notes|added|adds|reads|read|warned|warns|found|finds"
    r"|revealed|reveals|claimed|claims|showed|shows|suggested|suggests|highlighted)\b"
)
_INVERTED = re.compile(r"(?:[”\"]\s*,?|,)\s*(?P<cue>said|says|added|stated|wrote)\s+")
_WITH_INPUTS = re.compile(r"\b[Ww]ith\s+(?:additional\s+)?inputs?\s+from\s+")
# "(Reuters)" alone, or after the sentence's final stop: a credit, not "The Journal (WSJ)".
_CLOSING_PAREN = re.compile(r"(?:^|(?<=[.!?\"”’]\s))\s*\((?P<name>[^()]{2,40})\)\W*$")
_CLOSING_CREDIT = re.compile(r"(?:^|(?<=\s))(?P<dash>—|–|--)\s*")
_DATELINE_PAREN = re.compile(
    r"\s*(?P<place>[^\W\d_][^()\n]{0,60}?)\s*\((?P<outlet>[^()\n]{1,60})\)(?:\s*[-–—:]+|\s*$)"
)
_DATELINE_COMMA = re.compile(r"\s*(?P<place>[^,\n]{1,40}),\s*(?P<outlet>[^,\n]{1,60}?)[\s.:–—-]*")
_DATELINE_PIPE = re.compile(r"[^|\n]*(?:\|[^|\n]*)*\|\s*(?P<outlet>[^|\n]+?)\s*")
# (form, whether it must span the whole line); a "place" must be a name.
_DATELINES = ((_DATELINE_PAREN, False), (_DATELINE_COMMA, True), (_DATELINE_PIPE, True))
_ACRONYM_DECLARED = re.compile(r"\((?P<acr>[A-Z][A-Z0-9&-]{1,7})\)")


def _media_word(word: str) -> bool:
    return word in MEDIA_WORDS or (len(word) > 4 and word.casefold().endswith("news"))


def _looks_media(surface: str) -> bool:
    if find_outlet(surface):
        return True
    words = surface.split()
    return any(_media_word(w) for w in words) and not any(w in ROLE_WORDS for w in words)


def _whole_name(text: str, tokens: Sequence[_Token], start: int, end: int) -> _Name | None:
    """The name that is the whole of ``text[start:end]`` (an article allowed)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    found = _name_after(text, tokens, start, lead_in=False)
    if found is None or found[0].end != end:
        return None
    return found[0]


def _datelines(text: str, tokens: Sequence[_Token]) -> list[_Mention]:
    """A dateline on the first line of the sentence: "Jakarta, CNN Indonesia",
    "KABUL, Nov 1 (Reuters) —", "New Delhi | PTI"."""
    line = text.split("\n", 1)[0]
    for regex, whole in _DATELINES:
        m = regex.fullmatch(line) if whole else regex.match(line)
        if m is None:
            continue
        if "place" in regex.groupindex:
            place = m.group("place").split(",")[0].rstrip()  # "WASHINGTON, Nov 1"
            if not _whole_name(text, tokens, m.start("place"), m.start("place") + len(place)):
                continue
        outlet = _whole_name(text, tokens, m.start("outlet"), m.end("outlet"))
        if outlet is None or not _looks_media(outlet.text):
            continue
        start = len(line) - len(line.lstrip())
        return [_Mention(outlet, start, outlet.end if whole else m.end(), "dateline", "label")]
    return []


def _credits(text: str, tokens: Sequence[_Token]) -> list[_Mention]:
    """Text credits: "(With inputs from PTI)", a closing "— Reuters" or "(Reuters)"."""
    found = []
    for m in _WITH_INPUTS.finditer(text):
        named = _name_after(text, tokens, m.end(), lead_in=False)
        if named is not None:
            found.append(_Mention(named[0], m.start(), named[0].end, "credit", "label"))
    closing = _CLOSING_PAREN.search(text)
    if closing is not None:
        outlet = _whole_name(text, tokens, closing.start("name"), closing.end("name"))
        if outlet is not None and find_outlet(outlet.text):
            found.append(_Mention(outlet, closing.start(), outlet.end, "credit", "label"))
    dashes = list(_CLOSING_CREDIT.finditer(text))
    if dashes:
        m = dashes[-1]
        tail = text[m.end() :].rstrip().rstrip(".)").rstrip()
        outlet = _whole_name(text, tokens, m.end(), m.end() + len(tail))
        if outlet is not None and find_outlet(outlet.text):
            found.append(_Mention(outlet, m.start("dash"), outlet.end, "credit", "label"))
    return found


def _forward_mentions(text: str, tokens: Sequence[_Token]) -> list[_Mention]:
    found: list[_Mention] = []
    for m in _FRAMERS.finditer(text):
        named = _name_after(text, tokens, m.end())
        if named is None:
            continue
        pattern = "according-to" if m.group("according") else "as-per" if m.group("per") else ""
        found.append(_Mention(named[0], m.start(), named[1], pattern or "reported-by", "framer"))
    for m in _CITING.finditer(text):
        named = _name_after(text, tokens, m.end())
        if named is not None:
            found.append(_Mention(named[0], m.start(), named[1], "citing", "citing"))
    for m in _TOLD.finditer(text):
        named = _name_after(text, tokens, m.end(), lead_in=False)
        if named is None:
            continue
        recipient, end = named
        found.append(_Mention(recipient, m.start(), end, "told", "recipient"))
        teller = _subject(text, tokens, m.start()) if m.group("told") else None
        if teller is not None:
            found.append(_Mention(teller, teller.lead, end, "told", "teller", (recipient.start,)))
    for m in _INVERTED.finditer(text):
        named = _name_after(text, tokens, m.end(), lead_in=False)
        if named is not None:
            name = named[0]
            found.append(_Mention(name, m.start("cue"), name.end, "reported", "speaker"))
    return found


def _backward_mentions(text: str, tokens: Sequence[_Token]) -> list[_Mention]:
    found: list[_Mention] = []
    for m in _REPORT_VERB.finditer(text):
        k = _last_token_before(tokens, m.start())
        if k is None or tokens[k].end != m.start():
            continue
        name = _walk_back(text, tokens, k)
        if name is not None and not _after_preposition(text, tokens, name):
            found.append(_Mention(name, name.lead, m.end(), "reported", "speaker"))
    for regex in (_SPEAKS, _QUOTED):
        for m in regex.finditer(text):
            name = _subject(text, tokens, m.start())
            if name is not None:
                found.append(_Mention(name, name.lead, m.end(), "reported", "speaker"))
                other = _coordinated(text, tokens, name)
                if other is not None:
                    found.append(_Mention(other, other.lead, m.end(), "reported", "speaker"))
    return found


def _coordinated(text: str, tokens: Sequence[_Token], name: _Name) -> _Name | None:
    """The name joined to ``name`` by "and": Reuters in "Reuters and AP reported"."""
    p = name.first - 1
    if p >= 0 and tokens[p].text in _ARTICLES and _adjacent(text, tokens[p], tokens[p + 1]):
        p -= 1
    if p < 1 or tokens[p].text != "and" or not _adjacent(text, tokens[p], tokens[p + 1]):
        return None
    if not _adjacent(text, tokens[p - 1], tokens[p]):
        return None
    other = _walk_back(text, tokens, p - 1)
    if other is None or _after_preposition(text, tokens, other):
        return None
    return other


def _overlaps(a: _Name, b: _Name) -> bool:
    return a.start < b.end and b.start < a.end


def _distance(a: _Mention, b: _Mention) -> int:
    return max(0, a.start - b.end, b.start - a.end)


def _nearest(mention: _Mention, candidates: Iterable[_Mention]) -> tuple[int, ...]:
    """The name starts of ``candidates``, nearest to ``mention`` first."""
    others = [c for c in candidates if c.name.start != mention.name.start]
    others.sort(key=lambda c: (_distance(mention, c), c.start))
    return tuple(c.name.start for c in others)


def _sentence_mentions(text: str) -> tuple[_Mention, ...]:
    """Every attribution in one sentence, with relays linked, sorted by name."""
    tokens = _tokens(text)
    if not tokens:
        return ()
    found = [
        *_datelines(text, tokens),
        *_credits(text, tokens),
        *_forward_mentions(text, tokens),
        *_backward_mentions(text, tokens),
    ]
    kept: list[_Mention] = []
    for mention in sorted(found, key=lambda m: (_RANK[m.pattern], m.name.start, m.start)):
        if not any(_overlaps(mention.name, k.name) for k in kept):
            kept.append(mention)
    speakers = [m for m in kept if m.role == "speaker"]
    framers = [m for m in kept if m.role == "framer"]
    linked = []
    for mention in kept:
        if mention.role == "citing":
            relays = _nearest(mention, speakers) + _nearest(mention, framers)
            mention = attrs.evolve(mention, relays=relays)
        elif mention.role == "speaker":
            mention = attrs.evolve(mention, relays=_nearest(mention, framers))
        linked.append(mention)
    return tuple(sorted(linked, key=lambda m: (m.name.start, m.start, m.pattern)))


def sentence_mentions(text: str) -> str:
    """The attributions in one sentence text, their names not yet resolved, as JSON.

    That is all :func:`extract_citations` reads a text for, so a store keeps it
    (:mod:`provenance.store`) and passes it back as ``mentions``: ``"[]"`` for
    a text that names nobody, as most do.

    >>> sentence_mentions("It rained.")
    '[]'
    """
    found = _sentence_mentions(text)
    if not found:
        return "[]"
    return json.dumps(
        [
            [*attrs.astuple(m.name), m.start, m.end, m.pattern, m.role, list(m.relays)]
            for m in found
        ],
        ensure_ascii=False,
    )


def _mentions_from_json(found: str) -> tuple[_Mention, ...]:
    """What :func:`sentence_mentions` wrote."""
    if found == "[]":
        return ()
    return tuple(
        _Mention(_Name(*name), start, end, pattern, role, tuple(relays))
        for *name, start, end, pattern, role, relays in json.loads(found)
    )


def _declared_acronyms(text: str) -> set[tuple[str, str]]:
    """``(name, ACR)`` for every "Name (ACR)" whose name spells the acronym."""
    tokens = _tokens(text)
    declared = set()
    for m in _ACRONYM_DECLARED.finditer(text):
        name = _name_directly_before(text, tokens, m.start())
        if name is None:
            continue
        words = name.text.split()
        for i in range(len(words)):
            if _spells(m.group("acr"), " ".join(words[i:])):
                declared.add((" ".join(words[i:]), m.group("acr")))
                break
    return declared


# ---------------------------------------------------------------------------
# Resolution
# ---------------------------------------------------------------------------


def _words(name: str) -> tuple[str, ...]:
    words = name.casefold().split()
    return tuple(words[1:] if len(words) > 1 and words[0] == "the" else words)


def _is_acronym(name: str) -> bool:
    letters = name.replace("-", "").replace("&", "")
    return 2 <= len(letters) <= 7 and letters.isalnum() and letters.isupper() and " " not in name


def _initials(name: str) -> set[str]:
    """The acronyms ``name`` spells: initials of every word, or of its content words.

    >>> sorted(_initials("National Directorate of Security"))
    ['NDOS', 'NDS']
    """
    words = [w for w in re.split(r"[\s-]+", name) if w]
    if words and words[0] in _ARTICLES:
        words = words[1:]
    if len(words) < 2:
        return set()
    content = [w for w in words if w not in _CONNECTORS and w != "and"]
    return {"".join(w[0] for w in ws).upper() for ws in (words, content) if ws}


def _letters(acronym: str) -> str:
    return "".join(ch for ch in acronym.upper() if ch.isalnum())


def _spells(acronym: str, name: str) -> bool:
    """Whether ``acronym`` spells the initials of ``name`` ("WSJ", "Wall Street Journal")."""
    return _letters(acronym) in _initials(name)


@frozen
class _Group:
    id: str
    name: str
    kind: SourceKind


def _outlet_initials() -> dict[str, set[str]]:
    index: dict[str, set[str]] = defaultdict(set)
    for canonical, aliases in OUTLETS:
        for name in (canonical, *aliases):
            for initials in _initials(name):
                index[initials].add(f"outlet:{canonical}")
    return index


_OUTLET_INITIALS = _outlet_initials()


class _Names:
    """Names gathered into provisional groups, indexed by word suffix and initials."""

    def __init__(self) -> None:
        self.names: dict[str, set[str]] = defaultdict(set)
        self.key_of: dict[str, str] = {}
        self.by_suffix: dict[tuple[str, ...], set[str]] = defaultdict(set)
        self.by_initials: dict[str, set[str]] = defaultdict(set)

    def put(self, surface: str, key: str, *extra: str) -> None:
        self.key_of[surface] = key
        added = {surface, *extra}
        if key.startswith("outlet:"):
            added.add(key.removeprefix("outlet:"))
        for name in added - self.names[key]:
            words = _words(name)
            for i in range(1, len(words)):
                self.by_suffix[words[i:]].add(key)
            for initials in _initials(name):
                self.by_initials[initials].add(key)
        self.names[key] |= added


def _own_key(name: str) -> str:
    outlet = find_outlet(name)
    return f"outlet:{outlet}" if outlet else f"name:{source_id(name)}"


def _only(keys: set[str], default: str) -> str:
    return next(iter(keys)) if len(keys) == 1 else default


def _resolve(surfaces: set[str], declared: set[tuple[str, str]]) -> dict[str, _Group]:
    """Map every surface name to its source, by the rules in the module docstring."""
    found = _Names()
    for surface in sorted(surfaces):
        if find_outlet(surface):
            found.put(surface, _own_key(surface))
    acronyms = sorted(s for s in surfaces if s not in found.key_of and _is_acronym(s))
    for surface in acronyms:
        expansions = sorted(name for name, acr in declared if acr == surface)
        keys = {_own_key(name) for name in expansions}
        if len(keys) == 1:
            found.put(surface, keys.pop(), *expansions)
    rest = (s for s in surfaces if s not in found.key_of and not _is_acronym(s))
    for surface in sorted(rest, key=lambda s: (-len(_words(s)), s)):
        keys = found.by_suffix.get(_words(surface), set())
        found.put(surface, _only(keys, _own_key(surface)))
    for surface in acronyms:
        if surface not in found.key_of:
            keys = set(found.by_initials.get(_letters(surface), set()))
            if not keys and len(_letters(surface)) >= 3:
                keys = _OUTLET_INITIALS.get(_letters(surface), set())
            found.put(surface, _only(keys, _own_key(surface)))

    by_id: dict[str, _Group] = {}
    group_of: dict[str, _Group] = {}
    for key in sorted(found.names, key=lambda k: (not k.startswith("outlet:"), k)):
        names = found.names[key]
        if key.startswith("outlet:"):
            name = key.removeprefix("outlet:")
            kind: SourceKind = "media"
        else:
            name = max(sorted(names), key=len)
            media = any(_looks_media(n) for n in names)
            office = any(w in ROLE_WORDS for n in names for w in n.split())
            kind = "media" if media and not office else "person"
        group = by_id.setdefault(source_id(name), _Group(source_id(name), name, kind))
        group_of[key] = group
    return {surface: group_of[key] for surface, key in found.key_of.items()}


# ---------------------------------------------------------------------------
# The stage
# ---------------------------------------------------------------------------


def extract_citations(
    sentences: Sequence[Sentence], *, mentions: Mapping[str, str] | None = None
) -> tuple[tuple[Citation, ...], tuple[Source, ...]]:
    """Find the explicit attributions in sentences and resolve them to sources.

    Parameters
    ----------
    sentences : Sequence[Sentence]
        Sentences of any number of documents, in any order.
    mentions : Mapping[str, str], optional
        For some sentence texts, what :func:`sentence_mentions` gave for them
        (a store keeps it); the other texts are read.

    Returns
    -------
    citations : tuple[Citation, ...]
        Every citation, its ``start``/``end`` offsets into the document text
        (``sentence.start`` plus the offset in the sentence), its ``phrase``
        exactly ``sentence.text[start - sentence.start:end - sentence.start]``.
        Sorted by (document, sentence, start, source), then end, pattern, name
        and cited_by, so the order of the input does not matter.
    sources : tuple[Source, ...]
        The sources cited (and relaying), sorted by id; ``aliases`` lists the
        names seen for each, sorted.

    Examples
    --------
    >>> from provenance.model import Sentence
    >>> text = "Sputnik reported citing Tolo News on Tuesday."
    >>> citations, sources = extract_citations([Sentence("d", 0, 0, len(text), text)])
    >>> [(c.phrase, c.pattern, c.cited_by) for c in citations]
    [('Sputnik reported', 'reported', None), ('citing Tolo News', 'citing', 'source:sputnik')]
    >>> [s.id for s in sources]
    ['source:sputnik', 'source:tolo-news']
    """
    # A pure function of the text, and reprints repeat texts: each is read once.
    mentions_of: dict[str, tuple[_Mention, ...]] = {}
    known = mentions or {}
    for text in {s.text for s in sentences}:
        stored = known.get(text)
        mentions_of[text] = (
            _sentence_mentions(text) if stored is None else _mentions_from_json(stored)
        )
    found = [(s, mentions_of[s.text]) for s in sentences]
    texts = {s.text for s in sentences if "(" in s.text}
    declared = {pair for text in texts for pair in _declared_acronyms(text)}
    groups = _resolve({m.name.text for _, ms in found for m in ms}, declared)

    def kept_group(mention: _Mention) -> _Group | None:
        group = groups[mention.name.text]
        keep = mention.role not in ("recipient", "label") or group.kind == "media"
        return group if keep else None

    def relay_of(mention: _Mention, by_start: dict[int, _Mention]) -> _Group | None:
        for start in mention.relays:
            relay = by_start.get(start)
            group = kept_group(relay) if relay is not None else None
            if group is not None and group.kind == "media" and group != groups[mention.name.text]:
                return group
        return None

    citations = []
    aliases: dict[str, set[str]] = defaultdict(set)
    kept: dict[str, _Group] = {}
    for sentence, in_sentence in found:
        by_start = {m.name.start: m for m in in_sentence}
        for mention in in_sentence:
            group = kept_group(mention)
            relay = relay_of(mention, by_start)
            if group is None or (mention.role == "teller" and relay is None):
                continue  # "Blinken told Ghani": told cites media only
            citations.append(
                Citation(
                    document=sentence.document,
                    sentence=sentence.index,
                    source=group.id,
                    name=mention.name.text,
                    phrase=sentence.text[mention.start : mention.end],
                    pattern=mention.pattern,
                    start=sentence.start + mention.start,
                    end=sentence.start + mention.end,
                    cited_by=relay.id if relay is not None else None,
                )
            )
            kept[group.id] = group
            aliases[group.id].add(mention.name.text)
    for name, acr in declared:
        group = groups.get(name) or groups.get(acr)
        group_id = group.id if group is not None else source_id(find_outlet(name) or name)
        if group_id in kept:
            aliases[group_id].update((name, acr))
    sources = tuple(
        Source(id=g.id, name=g.name, kind=g.kind, aliases=tuple(sorted(aliases[g.id])))
        for g in sorted(kept.values(), key=lambda g: g.id)
    )
    return tuple(sorted(citations, key=_citation_order)), sources


def _citation_order(c: Citation) -> tuple[str, int, int, str, int, str, str, str]:
    return (c.document, c.sentence, c.start, c.source, c.end, c.pattern, c.name, c.cited_by or "")
