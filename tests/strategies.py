"""Hypothesis strategies shared by the test modules.

Every strategy is an ``@st.composite`` function with keyword-only knobs. The
text strategies build English-like news prose from a fixed vocabulary of real
words. The vocabulary is chosen so that generated text is plain article text
for every stage: no word is an abbreviation known to the sentence splitter
("gen", "no", "st", a month), a single letter, a site-section or language
name, or a word that boilerplate rules look for ("follow", "share", "photo").
So ``split_sentences(" ".join(sentences))`` gives back exactly the sentences,
and ``document_from_text(articles(...))`` keeps every paragraph in its body.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

NOUNS = tuple(
    """
    army officer soldier report government minister province border village capital
    mosque airport attack bombing militant group leader spokesman agency commander
    fighter police court election economy market price company worker family child
    school hospital doctor road bridge river city country region district community
    resident witness source statement interview journalist newspaper broadcaster
    reporter camera letter meeting summit treaty deal talks ceasefire peace war weapon
    depot convoy checkpoint prison refugee aid food water winter season evening
    morning week year budget salary pension bank network website intelligence service
    unit mission campaign protest crowd square council parliament law rule plan
    promise warning threat danger crisis fear hope truth rumour
    """.split()
)
VERBS = tuple(
    """
    said told reported claimed denied confirmed warned announced joined left attacked
    captured killed injured fled returned arrived crossed opened closed signed
    rejected accepted promised feared expected described recruited trained paid
    hunted questioned arrested released visited praised blamed urged asked needed
    built destroyed seized defended supported opposed discussed revealed
    """.split()
)
ADJECTIVES = tuple(
    """
    former new local foreign northern southern eastern western senior junior small
    large growing armed elite secret public private military civilian political
    economic violent peaceful recent early late long short strong weak young old
    angry quiet heavy hidden central regional
    """.split()
)
FUNCTION_WORDS = tuple(
    """
    the of and in on at to from with by for after before during against about that
    which while but because although their its his her this these those some most
    other every into near across under two three five several many few hundreds
    dozens
    """.split()
)
NAMES = tuple(
    """
    Taliban Kabul Afghanistan Gardez Kunduz Nangarhar Washington Pentagon Reuters
    Nabil McKenzie Khaama Jakarta Moscow Tehran Islamabad ISIS
    """.split()
)
#: Every word of the vocabulary, sorted.
WORDS = tuple(sorted(set(NOUNS + VERBS + ADJECTIVES + FUNCTION_WORDS + NAMES)))

#: Real boilerplate lines (mostly from ``seeds/``) with the reason ``load``
#: gives them. Each is removed wherever it stands in an article.
BOILERPLATE = (
    ("Leave a Comment", "comment form"),
    ("Leave a Reply", "comment form"),
    ("Your email address will not be published. Required fields are marked *", "comment form"),
    (
        "This site uses Akismet to reduce spam. Learn how your comment data is processed.",
        "comment form",
    ),
    ("No stories found.", "empty widget"),
    ("Read Mode", "page widget"),
    ("100% Font Size", "page widget"),
    ("4 min read", "page widget"),
    ("Show More", "page widget"),
    ("Back to top button", "page widget"),
    ("Top Content Trending", "page widget"),
    ("X", "page widget"),
    ("Published: Updated:", "timestamp"),
    (
        "For all the latest headlines follow our Google News channel online or via the app.",
        "share prompt",
    ),
    ("Home » today » World", "breadcrumb"),
    ("NewsTop News", "section menu"),
    ("فارسی \xa0 English \xa0 عربي", "language menu"),
    (
        "This story has been sourced from a third party syndicated feed, agencies. Mid-day"
        " accepts no responsibility or liability for its dependability.",
        "disclaimer",
    ),
    ("© 2021 The New Indian Express. All rights reserved.", "copyright"),
    ("Taliban fighters (Photo | AP)", "photo caption"),
    (
        "Taliban border security guards stand at the Afghanistan-Uzbekistan Friendship"
        " Bridge in Hairatan. Pic/AFP",
        "photo caption",
    ),
    ("[Gambas:Video CNN]", "embed"),
    ("www.newindianexpress.com", "site url"),
    ("(has/bac)", "editor initials"),
    ("– .", "stray punctuation"),
)


def _capitalised(word: str) -> str:
    return word[:1].upper() + word[1:]


@st.composite
def words(draw: st.DrawFn) -> str:
    """One word of the vocabulary, as written (names capitalised)."""
    return draw(st.sampled_from(WORDS))


@st.composite
def sentences(draw: st.DrawFn, *, min_words: int = 6, max_words: int = 25) -> str:
    """An English-like sentence: capitalised first word, a few commas, a final full stop.

    The last word is a noun, so the full stop always ends the sentence.
    """
    count = draw(st.integers(min_value=max(min_words, 2), max_value=max_words))
    body = [draw(words()) for _ in range(count - 1)] + [draw(st.sampled_from(NOUNS))]
    commas = draw(st.sets(st.integers(min_value=1, max_value=count - 2), max_size=2))
    body = [word + "," if index in commas else word for index, word in enumerate(body)]
    return _capitalised(" ".join(body)) + "."


@st.composite
def paragraphs(draw: st.DrawFn, *, min_sentences: int = 1, max_sentences: int = 4) -> str:
    """Sentences joined by single spaces: one line of an article."""
    return " ".join(draw(st.lists(sentences(), min_size=min_sentences, max_size=max_sentences)))


@st.composite
def headlines(draw: st.DrawFn, *, min_words: int = 3, max_words: int = 12) -> str:
    """A headline: capitalised, without a final full stop."""
    count = draw(st.integers(min_value=min_words, max_value=max_words))
    return _capitalised(" ".join(draw(words()) for _ in range(count)))


@st.composite
def articles(
    draw: st.DrawFn,
    *,
    min_paragraphs: int = 1,
    max_paragraphs: int = 6,
    headline: bool = False,
) -> str:
    """Paragraphs separated by blank lines, after a headline when ``headline`` is true.

    Without a headline the first line is prose, so ``load`` gives the
    document the title ``""`` and keeps every paragraph in the body.
    """
    lines = draw(st.lists(paragraphs(), min_size=min_paragraphs, max_size=max_paragraphs))
    if headline:
        lines.insert(0, draw(headlines()))
    return "\n\n".join(lines)


@st.composite
def boilerplate_lines(draw: st.DrawFn) -> tuple[str, str]:
    """A real boilerplate line and the reason ``load`` removes it for."""
    return draw(st.sampled_from(BOILERPLATE))


# ---------------------------------------------------------------------------
# Alignment and derivation: related texts, edits, corpora.
#
# The strategies below build the *inputs* of the align and derive tests: pairs
# of sentences or documents that share text in known ways (a copy, a small edit,
# a restyling, a split, a merge), sentences that share nothing, and corpora of
# articles derived from one original.

#: Two disjoint halves of ``WORDS`` (the sorted vocabulary, cut in the middle):
#: sentences drawn from different halves share no word at all.
VOCABULARY_HALVES: tuple[tuple[str, ...], tuple[str, ...]] = (
    WORDS[: len(WORDS) // 2],
    WORDS[len(WORDS) // 2 :],
)

#: The edits ``copied_sentences`` applies to a sentence of the original.
COPY_EDITS = ("copy", "edit", "restyle", "drop", "split", "merge")

#: English month names, so that date lines do not depend on the locale.
MONTH_NAMES = (
    "January February March April May June July August September October November December"
).split()


@st.composite
def vocabulary_sentences(
    draw: st.DrawFn,
    *,
    vocabulary: tuple[str, ...] = WORDS,
    min_words: int = 6,
    max_words: int = 25,
) -> str:
    """A sentence like :func:`sentences`, using only the words of ``vocabulary``.

    The last word is a noun of ``vocabulary`` when it has one. Unlike
    :func:`sentences`, ``min_words`` may be 1 (short lines for the drop rule).
    """
    nouns = tuple(w for w in vocabulary if w in NOUNS) or vocabulary
    count = draw(st.integers(min_value=max(min_words, 1), max_value=max_words))
    body = [draw(st.sampled_from(vocabulary)) for _ in range(count - 1)]
    body.append(draw(st.sampled_from(nouns)))
    if count > 2:
        commas = draw(st.sets(st.integers(min_value=1, max_value=count - 2), max_size=2))
        body = [word + "," if index in commas else word for index, word in enumerate(body)]
    return _capitalised(" ".join(body)) + "."


@st.composite
def unrelated_sentences(draw: st.DrawFn, *, min_words: int = 6) -> tuple[str, str]:
    """Two sentences from the two halves of the vocabulary: no word in common."""
    first = draw(vocabulary_sentences(vocabulary=VOCABULARY_HALVES[0], min_words=min_words))
    second = draw(vocabulary_sentences(vocabulary=VOCABULARY_HALVES[1], min_words=min_words))
    return first, second


def _strip_punctuation(word: str) -> tuple[str, str]:
    """A written word split into the word and its trailing punctuation."""
    core = word.rstrip(",.;:!?")
    return core, word[len(core) :]


@st.composite
def word_edits(
    draw: st.DrawFn, sentence: str, *, min_changes: int = 1, max_changes: int = 2
) -> str:
    """``sentence`` with ``min_changes``–``max_changes`` of its words replaced by other words.

    Punctuation and capitalisation stay where they were; the last word stays a noun.
    """
    written = sentence.split()
    count = min(max_changes, len(written))
    positions = draw(
        st.sets(
            st.integers(min_value=0, max_value=len(written) - 1),
            min_size=min(min_changes, count),
            max_size=count,
        )
    )
    for position in sorted(positions):
        core, tail = _strip_punctuation(written[position])
        pool = NOUNS if position == len(written) - 1 else WORDS
        new = draw(st.sampled_from(pool).filter(lambda w, old=core: w.lower() != old.lower()))
        written[position] = (_capitalised(new) if position == 0 else new) + tail
    return " ".join(written)


@st.composite
def restyled(draw: st.DrawFn, sentence: str) -> str:
    """``sentence`` with the same words in another case, punctuation and spacing.

    Such changes vanish in ``align.normalise``. The result has no line break and
    no quotation mark.
    """
    written = [_strip_punctuation(word)[0] for word in sentence.split()]
    out: list[str] = []
    for index, word in enumerate(written):
        case = draw(st.sampled_from(("keep", "keep", "lower", "upper", "title")))
        word = {
            "keep": word,
            "lower": word.lower(),
            "upper": word.upper(),
            "title": _capitalised(word),
        }[case]
        last = index == len(written) - 1
        marks = (".", "!", "?", "...", "") if last else ("", "", ",", ";", ":", " -")
        out.append(word + draw(st.sampled_from(marks)))
    spaces = [draw(st.sampled_from((" ", " ", "  ", "\t"))) for _ in out]
    lead = draw(st.sampled_from(("", " ")))
    return lead + "".join(word + space for word, space in zip(out, spaces, strict=True)).rstrip()


@st.composite
def small_edits(draw: st.DrawFn, sentence: str) -> str:
    """A copy editor's light touch: one or two words changed, or only restyled."""
    return draw(st.one_of(word_edits(sentence), restyled(sentence)))


@st.composite
def split_in_two(draw: st.DrawFn, sentence: str, *, min_part: int = 6) -> tuple[str, str]:
    """``sentence`` cut at a word boundary into two sentences of ``min_part`` words or more.

    The first part gets a full stop and the second a capital, as an editor
    writes them. ``sentence`` needs at least ``2 * min_part`` words.
    """
    written = sentence.split()
    if len(written) < 2 * min_part:
        raise ValueError(f"sentence: expected at least {2 * min_part} words, got {len(written)}")
    cut = draw(st.integers(min_value=min_part, max_value=len(written) - min_part))
    first = " ".join(written[:cut]).rstrip(",;:") + "."
    return first, _capitalised(" ".join(written[cut:]))


def merged(first: str, second: str) -> str:
    """Two sentences joined into one, as an editor merges them."""
    return first.rstrip(".!?") + ", and " + second[:1].lower() + second[1:]


@st.composite
def copied_sentences(
    draw: st.DrawFn,
    original: list[str],
    *,
    edits: tuple[str, ...] = COPY_EDITS,
    vocabulary: tuple[str, ...] = WORDS,
    max_additions: int = 3,
) -> list[str]:
    """The sentences of a copy of ``original``: each one copied, edited or dropped.

    ``edits`` names what may happen to a sentence (see :data:`COPY_EDITS`);
    ``split`` applies to sentences of 12 words or more, ``merge`` joins a
    sentence with the next one. Up to ``max_additions`` new sentences (from
    ``vocabulary``) are inserted anywhere.
    """
    copy: list[str] = []
    index = 0
    while index < len(original):
        sentence = original[index]
        edit = draw(st.sampled_from(edits))
        if edit == "edit":
            copy.append(draw(word_edits(sentence)))
        elif edit == "restyle":
            copy.append(draw(restyled(sentence)))
        elif edit == "split" and len(sentence.split()) >= 12:
            copy.extend(draw(split_in_two(sentence)))
        elif edit == "merge" and index + 1 < len(original):
            copy.append(merged(sentence, original[index + 1]))
            index += 1
        elif edit != "drop":
            copy.append(sentence)
        index += 1
    additions = draw(st.lists(vocabulary_sentences(vocabulary=vocabulary), max_size=max_additions))
    for addition in additions:
        copy.insert(draw(st.integers(min_value=0, max_value=len(copy))), addition)
    return copy


@st.composite
def related_documents(
    draw: st.DrawFn,
    *,
    edits: tuple[str, ...] = COPY_EDITS,
    vocabulary: tuple[str, ...] = WORDS,
    min_sentences: int = 1,
    max_sentences: int = 6,
) -> tuple[list[str], list[str]]:
    """Two documents as lists of sentences: an original and a copy of it.

    Short sentences (one to five words, which the aligner drops) appear now and then.
    """
    sentence = st.one_of(
        vocabulary_sentences(vocabulary=vocabulary),
        vocabulary_sentences(vocabulary=vocabulary, min_words=1, max_words=5),
        vocabulary_sentences(vocabulary=vocabulary, min_words=12),
    )
    original = draw(st.lists(sentence, min_size=min_sentences, max_size=max_sentences))
    copy = draw(copied_sentences(original, edits=edits, vocabulary=vocabulary))
    return original, copy


@st.composite
def article_text(draw: st.DrawFn, sentences: list[str], *, date: str | None = None) -> str:
    """An article of these sentences: paragraphs of one to three sentences, an
    optional date header line on top."""
    lines: list[str] = []
    for sentence in sentences:
        if lines and len(lines[-1]) < 400 and draw(st.booleans()):
            lines[-1] += " " + sentence
        else:
            lines.append(sentence)
    if date is not None:
        lines.insert(0, date)
    return "\n\n".join(lines)


@st.composite
def derived_corpora(
    draw: st.DrawFn,
    *,
    min_documents: int = 3,
    max_documents: int = 7,
    dated: bool = False,
) -> list[tuple[str, str]]:
    """A corpus of ``(id, text)`` articles, ids ``"d0"``, ``"d1"``, ...

    ``d0`` is an original; every other article copies (with edits, drops and
    additions) one article before it, so the corpus has a true derivation tree.
    With ``dated``, each article starts with a publication date line such as
    ``"02 November 2021"``; the dates are drawn freely (a copy may carry an
    earlier date than its parent).
    """
    count = draw(st.integers(min_value=min_documents, max_value=max_documents))
    texts = [draw(st.lists(sentences(), min_size=2, max_size=8))]
    for _ in range(1, count):
        parent = texts[draw(st.integers(min_value=0, max_value=len(texts) - 1))]
        texts.append(draw(copied_sentences(parent)))
    corpus = []
    for number, text in enumerate(texts):
        header = draw(date_lines())[1] if dated else None
        corpus.append((f"d{number}", draw(article_text(text, date=header))))
    return corpus


@st.composite
def date_lines(draw: st.DrawFn) -> tuple[dt.date, str]:
    """A publication date and a header line that ``load.find_date`` reads it from.

    The forms: ``"02 November 2021"``, ``"November 2, 2021"``, ``"2021-11-02"``
    and ``"Published: 2 Nov 2021"``.
    """
    day = draw(st.dates(min_value=dt.date(2019, 1, 1), max_value=dt.date(2022, 12, 31)))
    month = MONTH_NAMES[day.month - 1]
    line = draw(
        st.sampled_from(
            (
                f"{day.day:02d} {month} {day.year}",
                f"{month} {day.day}, {day.year}",
                day.isoformat(),
                f"Published: {day.day} {month[:3]} {day.year}",
            )
        )
    )
    return day, line


#: Attribution phrases and fragments of them, for text that exercises ``cite``.
ATTRIBUTIONS = (
    "the Wall Street Journal reported.",
    "according to the Wall Street Journal,",
    "As per Khaama Press, the WSJ report further states that",
    "Citing the WSJ's report, Khaama Press stated",
    "Sputnik reported citing Tolo News.",
    "told Reuters.",
    "the report added.",
    "the newspaper said.",
    "(With inputs from PTI)",
    "— Reuters",
    "(Reuters)",
    "Jakarta, CNN Indonesia",
    "KABUL (AP) —",
    "02 November,2021 08:59 AM IST | Kabul | Agencies",
    "The Wall Street Journal (WSJ)",
    "\u201cWe have no money,\u201d",
    '"',
)


@st.composite
def noisy_articles(draw: st.DrawFn) -> str:
    """Article-shaped text that mixes prose, attributions, dates, boilerplate and noise.

    For robustness tests: lines are drawn from :func:`paragraphs`, real boilerplate,
    date lines, attribution phrases and arbitrary ``st.text()``, and joined by
    spaces or line breaks.
    """
    pieces = draw(
        st.lists(
            st.one_of(
                paragraphs(),
                sentences(min_words=3, max_words=8),
                boilerplate_lines().map(lambda line: line[0]),
                date_lines().map(lambda line: line[1]),
                st.sampled_from(ATTRIBUTIONS),
                st.text(max_size=30),
            ),
            max_size=10,
        )
    )
    joiners = [draw(st.sampled_from((" ", " ", "\n", "\n\n"))) for _ in pieces]
    return "".join(piece + joiner for piece, joiner in zip(pieces, joiners, strict=True))
