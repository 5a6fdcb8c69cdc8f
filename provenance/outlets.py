"""The gazetteer: well-known news outlets and agencies, and the words that mark one.

:data:`OUTLETS` lists ``(canonical name, aliases)`` for international and
regional outlets and agencies. Names are matched by :func:`outlet_key`, which
ignores case, accents, punctuation and a leading "the", so "the Wall Street
Journal", "WALL STREET JOURNAL" and "Wall-Street Journal" are one key.

Aliases that are ordinary words or common surnames ("Time", "Hill", "Sun",
"Star", "Nation") are left out on purpose: a gazetteer hit makes a name a media
source whatever its context, so an alias must not be something a person or a
place is also called.

>>> find_outlet("WSJ")
'The Wall Street Journal'
>>> find_outlet("the associated press")
'Associated Press'
>>> find_outlet("Taliban") is None
True
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["MEDIA_WORDS", "OUTLETS", "ROLE_WORDS", "find_outlet", "outlet_key"]

Outlet = tuple[str, tuple[str, ...]]

OUTLETS: tuple[Outlet, ...] = (
    # International news agencies.
    ("Reuters", ("Thomson Reuters",)),
    ("Associated Press", ("AP", "AP News", "The Associated Press")),
    ("Agence France-Presse", ("AFP", "Agence France Presse")),
    ("Bloomberg", ("Bloomberg News",)),
    ("United Press International", ("UPI",)),
    ("Dow Jones", ("Dow Jones Newswires",)),
    ("Deutsche Presse-Agentur", ("DPA",)),
    ("EFE", ("Agencia EFE",)),
    ("ANSA", ("Agenzia ANSA",)),
    ("PA Media", ("Press Association",)),
    ("Australian Associated Press", ("AAP",)),
    ("The Canadian Press", ("Canadian Press",)),
    ("Xinhua", ("Xinhua News Agency", "Xinhua News")),
    ("TASS", ("ITAR-TASS",)),
    ("RIA Novosti", ("RIA",)),
    ("Sputnik", ("Sputnik News", "Sputnik International")),
    ("Interfax", ()),
    ("Anadolu Agency", ("Anadolu", "Anadolu News Agency")),
    ("Kyodo News", ("Kyodo",)),
    ("Jiji Press", ("Jiji",)),
    ("Yonhap", ("Yonhap News Agency",)),
    ("Korean Central News Agency", ("KCNA",)),
    ("Bernama", ()),
    ("Antara", ("Antara News", "Antara News Agency")),
    ("Philippine News Agency", ("PNA",)),
    ("Vietnam News Agency", ("VNA",)),
    ("Central News Agency", ("Focus Taiwan",)),
    ("Press Trust of India", ("PTI",)),
    ("Asian News International", ("ANI",)),
    ("Indo-Asian News Service", ("IANS",)),
    ("United News of India", ("UNI",)),
    ("Associated Press of Pakistan", ("APP",)),
    ("Islamic Republic News Agency", ("IRNA",)),
    ("Fars News Agency", ("Fars", "Fars News")),
    ("Tasnim News Agency", ("Tasnim", "Tasnim News")),
    ("Mehr News Agency", ("Mehr News",)),
    ("Saudi Press Agency", ("SPA",)),
    ("Qatar News Agency", ("QNA",)),
    ("Kuwait News Agency", ("KUNA",)),
    ("Emirates News Agency", ("WAM",)),
    ("Middle East News Agency", ("MENA",)),
    ("Ukrinform", ()),
    ("UNIAN", ()),
    ("Prensa Latina", ()),
    ("Agencia Brasil", ()),
    ("Bakhtar News Agency", ("Bakhtar",)),
    # United States.
    ("The Wall Street Journal", ("WSJ", "Wall Street Journal", "Wall St Journal")),
    ("The New York Times", ("NYT", "New York Times", "NY Times")),
    ("The Washington Post", ("Washington Post", "WaPo")),
    ("USA Today", ()),
    ("Los Angeles Times", ("LA Times",)),
    ("Chicago Tribune", ()),
    ("The Boston Globe", ("Boston Globe",)),
    ("New York Post", ("NY Post",)),
    ("The Washington Times", ("Washington Times",)),
    ("Washington Examiner", ()),
    ("CNN", ("Cable News Network", "CNN International")),
    ("Fox News", ("Fox News Channel",)),
    ("CBS", ("CBS News", "Face the Nation", "CBS Face the Nation", "CBS's Face the Nation")),
    ("NBC News", ("NBC", "Meet the Press")),
    ("ABC News", ("ABC",)),
    ("NPR", ("National Public Radio",)),
    ("PBS", ("PBS NewsHour",)),
    ("MSNBC", ()),
    ("CNBC", ()),
    ("Politico", ()),
    ("Axios", ()),
    ("Newsweek", ()),
    ("Time", ("TIME magazine", "Time magazine")),
    ("The Atlantic", ()),
    ("The New Yorker", ("New Yorker",)),
    ("Forbes", ()),
    ("Business Insider", ()),
    ("HuffPost", ("Huffington Post",)),
    ("BuzzFeed News", ("BuzzFeed",)),
    ("Vice News", ()),
    ("Vox", ()),
    ("ProPublica", ()),
    ("The Intercept", ()),
    ("The Daily Beast", ("Daily Beast",)),
    ("Breitbart News", ("Breitbart",)),
    ("Newsmax", ()),
    ("Foreign Policy", ()),
    ("Stars and Stripes", ()),
    ("Military Times", ()),
    ("Defense One", ()),
    ("Voice of America", ("VOA",)),
    (
        "Radio Free Europe/Radio Liberty",
        ("RFE/RL", "Radio Free Europe", "Radio Liberty", "Radio Azadi"),
    ),
    ("Radio Free Asia", ("RFA",)),
    # United Kingdom and Europe.
    ("BBC", ("BBC News", "British Broadcasting Corporation", "BBC World Service")),
    ("The Guardian", ("Guardian",)),
    ("Financial Times", ("FT",)),
    ("The Economist", ("Economist",)),
    ("The Telegraph", ("Daily Telegraph", "Telegraph")),
    ("The Independent", ()),
    ("Daily Mail", ("Mail Online", "MailOnline")),
    ("Sky News", ()),
    ("ITV News", ()),
    ("Channel 4 News", ()),
    ("Deutsche Welle", ("DW",)),
    ("Der Spiegel", ("Spiegel",)),
    ("Die Zeit", ("Zeit Online",)),
    ("Frankfurter Allgemeine Zeitung", ("FAZ",)),
    ("Süddeutsche Zeitung", ()),
    ("Bild", ()),
    ("Le Monde", ()),
    ("Le Figaro", ()),
    ("France 24", ()),
    ("Radio France Internationale", ("RFI",)),
    ("Euronews", ()),
    ("El País", ()),
    ("El Mundo", ()),
    ("La Repubblica", ()),
    ("Corriere della Sera", ()),
    ("RT", ("Russia Today",)),
    ("Kommersant", ()),
    ("Izvestia", ()),
    ("Novaya Gazeta", ()),
    ("Meduza", ()),
    # Middle East and Turkey.
    ("Al Jazeera", ("Aljazeera", "Al Jazeera English")),
    ("Al Arabiya", ()),
    ("Asharq Al-Awsat", ()),
    ("Arab News", ()),
    ("Gulf News", ()),
    ("Khaleej Times", ()),
    ("Haaretz", ()),
    ("The Times of Israel", ("Times of Israel",)),
    ("The Jerusalem Post", ("Jerusalem Post",)),
    ("Middle East Eye", ()),
    ("Press TV", ()),
    ("Tehran Times", ()),
    ("Daily Sabah", ()),
    ("Hürriyet Daily News", ("Hurriyet", "Hürriyet")),
    ("TRT World", ("TRT",)),
    ("Rudaw", ()),
    # Afghanistan and Pakistan.
    ("Tolo News", ("TOLOnews", "ToloNews", "TOLO News", "Tolo")),
    ("Khaama Press", ("Khaama", "Khaama Press News Agency")),
    ("Pajhwok Afghan News", ("Pajhwok",)),
    ("Ariana News", ()),
    ("Afghanistan International", ()),
    ("Shamshad News", ("Shamshad TV",)),
    ("Hasht-e Subh", ("Hasht-e Subh Daily", "8am")),
    ("Amu TV", ()),
    ("Dawn", ("Dawn News", "Dawn.com")),
    ("Geo News", ("Geo TV",)),
    ("The Express Tribune", ("Express Tribune",)),
    ("The News International", ()),
    ("ARY News", ()),
    ("Samaa TV", ("Samaa",)),
    # India and Bangladesh.
    ("The Hindu", ()),
    ("The Times of India", ("Times of India", "TOI")),
    ("Hindustan Times", ()),
    ("NDTV", ()),
    ("The Indian Express", ("Indian Express",)),
    ("The New Indian Express", ("New Indian Express", "TNIE")),
    ("Mid-day", ("Mid Day", "mid-day.com")),
    ("India Today", ()),
    ("The Economic Times", ("Economic Times",)),
    ("Business Standard", ()),
    ("Mint", ("Livemint",)),
    ("Deccan Herald", ()),
    ("Deccan Chronicle", ()),
    ("The Statesman", ()),
    ("News18", ("CNN-News18",)),
    ("Zee News", ()),
    ("WION", ()),
    ("Firstpost", ()),
    ("ThePrint", ()),
    ("The Quint", ()),
    ("The Daily Star", ("Daily Star",)),
    ("Dhaka Tribune", ()),
    ("bdnews24.com", ("bdnews24",)),
    ("Prothom Alo", ()),
    # East and South-East Asia, Oceania.
    ("South China Morning Post", ("SCMP",)),
    ("Global Times", ()),
    ("China Daily", ()),
    ("People's Daily", ()),
    ("CGTN", ()),
    ("CCTV", ()),
    ("NHK", ()),
    ("The Japan Times", ("Japan Times",)),
    ("Nikkei", ("Nikkei Asia", "Nikkei Asian Review")),
    ("Asahi Shimbun", ()),
    ("Yomiuri Shimbun", ()),
    ("The Korea Herald", ("Korea Herald",)),
    ("The Korea Times", ("Korea Times",)),
    ("The Straits Times", ("Straits Times",)),
    ("CNA", ("Channel NewsAsia", "Channel News Asia")),
    ("Bangkok Post", ()),
    ("The Jakarta Post", ("Jakarta Post",)),
    ("CNN Indonesia", ()),
    ("Kompas", ()),
    ("Detik", ("detikcom", "Detik.com")),
    ("Philippine Daily Inquirer", ("Inquirer",)),
    ("Rappler", ()),
    ("VnExpress", ()),
    ("The Sydney Morning Herald", ("Sydney Morning Herald", "SMH")),
    ("The New Zealand Herald", ("New Zealand Herald", "NZ Herald")),
    # Africa, the Americas.
    ("News24", ()),
    ("Daily Maverick", ()),
    ("Mail & Guardian", ()),
    ("Premium Times", ()),
    ("Nation Africa", ("Daily Nation",)),
    ("Ahram Online", ("Al-Ahram",)),
    ("Folha de S.Paulo", ("Folha",)),
    ("O Globo", ()),
    ("Clarín", ()),
    ("El Universal", ()),
    ("Telesur", ("teleSUR",)),
    ("CBC News", ("CBC",)),
    ("The Globe and Mail", ("Globe and Mail",)),
    ("Toronto Star", ()),
    ("National Post", ()),
)
"""``(canonical name, aliases)`` for every known outlet; each key is unique."""

MEDIA_WORDS: frozenset[str] = frozenset(
    {
        "Agency",
        "Agencia",
        "Agentur",
        "Broadcast",
        "Broadcasting",
        "Bulletin",
        "Channel",
        "Chronicle",
        "Courier",
        "Daily",
        "Diario",
        "Dispatch",
        "Examiner",
        "Express",
        "Gazette",
        "Guardian",
        "Herald",
        "Inquirer",
        "Journal",
        "Magazine",
        "Media",
        "Mirror",
        "Monitor",
        "Network",
        "News",
        "Newspaper",
        "Observer",
        "Online",
        "Post",
        "Presse",
        "Press",
        "Radio",
        "Review",
        "Sentinel",
        "Shimbun",
        "Standard",
        "TV",
        "Telegraph",
        "Television",
        "Times",
        "Tribune",
        "Weekly",
        "Wire",
        "Zeitung",
    }
)
"""Capitalised words that make an unknown name a media outlet ("Bakhtar News")."""

ROLE_WORDS: frozenset[str] = frozenset(
    {
        "Adm",
        "Admiral",
        "Adviser",
        "Advisor",
        "Ambassador",
        "Army",
        "Capt",
        "Captain",
        "Chief",
        "Col",
        "Colonel",
        "Command",
        "Commander",
        "Commission",
        "Committee",
        "Council",
        "Defence",
        "Defense",
        "Department",
        "Deputy",
        "Director",
        "Dr",
        "Gen",
        "General",
        "Gov",
        "Governor",
        "Intelligence",
        "Lt",
        "Maj",
        "Major",
        "Minister",
        "Ministry",
        "Mr",
        "Mrs",
        "Ms",
        "Officer",
        "Official",
        "Pentagon",
        "Police",
        "President",
        "Prof",
        "Representative",
        "Secretary",
        "Security",
        "Sen",
        "Senator",
        "Spokesman",
        "Spokesperson",
        "Spokeswoman",
    }
)
"""Capitalised words that make a name a person or an office, even beside a media
word: "Press Secretary Jen Psaki", "National Security Agency"."""


def outlet_key(name: str) -> str:
    """The matching key of an outlet name.

    Accents are dropped, case is folded, runs of anything but letters, digits
    and "&" become one space, and a leading "the" is removed.

    >>> outlet_key("The Wall-Street  Journal's")
    'wall street journal s'
    >>> outlet_key("Hürriyet")
    'hurriyet'
    """
    decomposed = unicodedata.normalize("NFKD", name)
    folded = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    words = re.findall(r"[^\W_]+|&", folded)
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def _index(outlets: tuple[Outlet, ...]) -> dict[str, str]:
    index: dict[str, str] = {}
    for canonical, aliases in outlets:
        for name in (canonical, *aliases):
            index.setdefault(outlet_key(name), canonical)
    return index


_BY_KEY = _index(OUTLETS)


def find_outlet(name: str) -> str | None:
    """The canonical name of the known outlet called ``name``, or None.

    Parameters
    ----------
    name : str
        A name as written, e.g. ``"WSJ"`` or ``"the Associated Press"``.

    Returns
    -------
    str or None
        The canonical name from :data:`OUTLETS`, or None when ``name`` is not
        the name or an alias of a known outlet.
    """
    return _BY_KEY.get(outlet_key(name))
