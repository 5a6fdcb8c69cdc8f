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
