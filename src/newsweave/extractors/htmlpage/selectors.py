"""The XPath heuristics and cue words of HTML extraction, as data.

Each expression was written against the fundus/scrapinghub DEV pages and kept
only when it is generic (class-name fragments, schema.org and ARIA roles that
many publishers share); no expression names a site.
"""

from __future__ import annotations

import re

# Class/id fragments, lower-cased; matched with contains() on @class or @id.
_LEAD_FRAGMENTS = (
    "lead",
    "intro",
    "standfirst",
    "teaser-text",
    "summary",
    "dek",
    "subtitle",
    "sub-tit",  # "sub-title", "sub-tit-…"
    "abstract",
    "excerpt",
    "subheadline",
)


def _class_any(fragments: tuple[str, ...], attr: str = "@class") -> str:
    low = f"translate({attr},'ABCDEFGHIJKLMNOPQRSTUVWXYZ','abcdefghijklmnopqrstuvwxyz')"
    return " or ".join(f"contains({low},'{f}')" for f in fragments)


# Class fragments (lower-case, substring of @class) per role, read in one pass
# over the page by ``htmlpage.index``; the XPath forms below say the same for
# callers that hold a single element. Same fragments as the first round's XPaths.
ROLE_FRAGMENTS: dict[str, tuple[str, ...]] = {
    "lead": _LEAD_FRAGMENTS,
    "caption": (
        "caption",
        "bildunterschrift",
        "bu-text",
        "image-text",
        "img-text",
        "mediasubtitle",
        "img__desc",
        "image__desc",
        "media__desc",
        "image-desc",
        "photo-desc",
        "img-desc",
    ),
    "credit": ("credit", "copyright", "source", "photographer", "author", "urheber", "quelle", "rights"),
    "related": ("related", "recommend", "read-more", "readmore", "more-articles", "weitere", "lesetipp", "also-read"),
    "byline": (
        "byline",
        "author-name",
        "authorname",
        "article-author",
        "autor",
        "author__name",
        "authorline",
        "person-link",
    ),
    "breadcrumb": ("breadcrumb",),
    "paywall": ("paywall", "premium-content", "plus-content", "subscriber-only", "piano"),
    # Image widgets that play <figure> without the tag (image + caption + credit).
    "figure-box": ("image-widget", "image-container", "img-container", "image-wrapper", "img-wrapper", "photo-wrapper"),
    "prune": ("credit", "copyright"),  # and every caption fragment (added below)
    # dialogs and pop-ups; ``htmlpage.index`` keeps whole class names only
    "popup": ("modal", "popup", "popmake", "pum-overlay", "mfp-hide"),
    "subhead": ("interline", "zwischentitel", "zwischenueberschrift", "subhead", "sub-head", "crosshead", "intertitle"),
}
ROLE_FRAGMENTS["prune"] += ROLE_FRAGMENTS["caption"]
# Tags a classed element must have to take a role (roles not named: any tag).
ROLE_TAGS: dict[str, frozenset[str]] = {
    "lead": frozenset({"p", "div", "h2", "span", "strong"}),
    "related": frozenset({"aside", "section", "div", "ul", "nav"}),
}

# Standfirst candidates: classed lead/intro blocks, schema.org description.
LEAD_XPATH = (
    f"//*[self::p or self::div or self::h2 or self::span or self::strong][{_class_any(_LEAD_FRAGMENTS)}]"
    " | //*[@itemprop='description']"
)
# Figures and their caption parts.
FIGURE_XPATH = "//figure | //*[contains(concat(' ',@class,' '),' figure ')]"
CAPTION_XPATH = (
    "//figcaption | //*[not(self::figcaption)]["
    + _class_any(("caption", "bildunterschrift", "bu-text", "image-text", "img-text"))
    + "]"
)
CREDIT_XPATH = (
    ".//*["
    + _class_any(("credit", "copyright", "source", "photographer", "author", "urheber", "quelle", "rights"))
    + "]"
)
# Boxes of related-article cards.
RELATED_XPATH = (
    "//*[self::aside or self::section or self::div or self::ul or self::nav]["
    + _class_any(("related", "recommend", "read-more", "readmore", "more-articles", "weitere", "lesetipp", "also-read"))
    + "]"
)
# Bylines in the DOM.
BYLINE_XPATH = (
    "//*[@rel='author' or @itemprop='author' or "
    + _class_any(("byline", "author-name", "authorname", "article-author", "autor", "author__name"))
    + "]"
)
BREADCRUMB_XPATH = "//*[@aria-label='breadcrumb' or @aria-label='Breadcrumb' or " + _class_any(("breadcrumb",)) + "]//a"
PAYWALL_XPATH = "//*[" + _class_any(("paywall", "premium-content", "plus-content", "subscriber-only", "piano")) + "]"

# Elements trafilatura should never see: captions and credits (kept as images),
# related-card boxes. Passed as ``prune_xpath``.
PRUNE_XPATHS: tuple[str, ...] = (
    "//figcaption",
    "//*[" + _class_any(("caption", "bildunterschrift", "credit", "copyright")) + "][not(self::body)]",
)

# Short lines that introduce related links or page furniture, never a subhead.
FURNITURE_HEADINGS = frozenset(
    s.casefold()
    for s in (
        "Lesen Sie auch",
        "Lesen Sie mehr",
        "Mehr zum Thema",
        "Auch interessant",
        "Das könnte Sie auch interessieren",
        "Weitere Artikel",
        "Zum Thema",
        "Read more",
        "Read also",
        "Related",
        "Related articles",
        "Related stories",
        "More on this story",
        "You may also like",
        "Recommended",
        "Advertisement",
        "Anzeige",
        "Werbung",
        "Share",
        "Teilen",
    )
)

# Short body blocks that are reprint notices, app and subscription calls the text-page
# cue lexicon does not cover (English DEV snippet pages); trusted on blocks up to
# FURNITURE_BLOCK_MAX_CHARS only.
BODY_FURNITURE = re.compile(
    r"\bcopyrighted property of\b|\bwritten permission must be obtained\b"
    r"|^subscribe (?:now|today)\b|\bsubscribe to (?:read|continue|our)\b|\bdownload (?:the|our) [\w ]{0,40}apps?\b"
    r"|\bfor the full story\b|\baffiliate[- ]?(?:links?|commission|partner)"
    r"|^get the [\w ’']{0,40}(?:app|newsletter|daily edition)\b|\bproducts from (?:one or more of )?our advertisers\b"
    # placeholders of blocked or folded embeds (consent settings, Instagram, zoomable images)
    r"|^(?:externer inhalt|external content)\b|\bprivatsphäre-einstellungen verhindern\b"
    r"|^(?:sieh|schau) dir diesen beitrag auf \w+ an\b|^view this post on \w+\b|^zum vergrö(?:ss|ß)ern\b"
    # membership pitches and cookie banners that open like one (the lexicon's cookie patterns
    # also hit prose, "cookies were banned": only these openings are trusted)
    r"|^join (?:now|today|us)\b.{0,40}\b(?:get|access|member)|\bunlimited digital access\b|\bfirst-time subscribers\b"
    r"|^(?:this|our) (?:site|website) uses cookies\b|^we use cookies\b|^i have read and understood the\b"
    # a related link set inline: "[Related: Title]", "Read more: Title", "Lesen Sie auch: Titel"
    r"|^\[?(?:related|see also|read (?:more|also)|also read|more on this|lesen sie (?:auch|mehr)|mehr zum thema) ?:",
    re.I,
)
# Lines that open a related-teaser box inside the body, beyond the text-page lexicon's
# openers ("Lesen Sie auch"); the opener and the headline-like lines after it leave the text.
RELATED_OPENER = re.compile(
    r"^(?:schon gelesen|das (?:thema )?könnte (?:dich|sie) auch interessieren|mehr (?:themen|zum thema)"
    r"|(?:también )?(?:le|te) puede interesar|lea también|lee también|(?:à )?lire aussi|leggi anche"
    r"|you (?:may|might) also like|more stories|further reading)\b",
    re.I,
)
# Headline-like lines after a related opener (teaser titles) are at most this long.
TEASER_MAX_CHARS = 150
# A paragraph longer than this is text even when it mentions subscriptions (the text-page
# rules trust their notice patterns up to the same length, ``rules.MAX_CUE_CHARS``).
FURNITURE_BLOCK_MAX_CHARS = 300

# Capitalised two-word lines that are labels, not names (a bold line of names in the
# body is a byline; these are not).
NOT_NAME_WORDS = frozenset(
    s.casefold()
    for s in (
        "Key Points",
        "Read More",
        "Related Articles",
        "Top Stories",
        "Breaking News",
        "Editor's Note",
        "Staff Reporter",
    )
)
# Words that never stand in a person's name but open capitalised headings ("Die Lage",
# "The Verdict", "Mehr Infos").
NOT_NAME_TOKENS = frozenset(
    [
        "der",
        "die",
        "das",
        "den",
        "dem",
        "des",
        "ein",
        "eine",
        "einer",
        "mehr",
        "neue",
        "neues",
        "alle",
        "im",
        "am",
        "zum",
        "zur",
        "the",
        "a",
        "an",
        "our",
        "my",
        "new",
        "more",
        "all",
        "what",
        "why",
        "how",
        "who",
        "when",
        "wie",
        "was",
        "warum",
        "wer",
        "wo",
        "fazit",
        "update",
        "live",
        "video",
    ]
)

# Agencies reported in ``Article.agencies``, with their spellings (lower-case).
AGENCIES: dict[str, str] = {
    "dpa": "dpa",
    "afp": "AFP",
    "ap": "AP",
    "associated press": "AP",
    "reuters": "Reuters",
    "kna": "KNA",
    "epd": "epd",
    "sid": "SID",
    "apa": "APA",
    "dts": "dts",
    "ddp": "ddp",
    "efe": "EFE",
    "ansa": "ANSA",
    "upi": "UPI",
    "bloomberg": "Bloomberg",
    "xinhua": "Xinhua",
    "sda": "SDA",
    "keystone-sda": "Keystone-SDA",
    "afp/dpa": "AFP",
}

# Byline prefixes and phrases that are never (part of) a person's name
# (newspaper4k#16: "Email The Author"); removed before names are split.
BYLINE_NOISE = re.compile(
    r"\b(?:e-?mail the author|follow (?:on|us)|mehr von|more from|posted by|veröffentlicht von|updated|aktualisiert"
    r"|view all posts|alle artikel|profile?)\b.*$"
    r"|^(?:von|by|from|text|texte?|autor(?:in)?|author|written by|reporting by"
    r"|ein (?:kommentar|gastbeitrag) von|interview)\b[:\s]*",
    re.I,
)
# A line that opens like a byline ("Von X und Y, dpa"): never a lead.
BYLINE_START = re.compile(r"^(?:von|by|from|text|autor(?:in)?|author|written by|reporting by)\b[:\s]", re.I)
# A line that opens like a time stamp ("Published Tue, Nov 19 2019 7:05 AM EST Updated …"): never a lead.
STAMP_START = re.compile(
    r"^(?:published|updated|posted|last updated|veröffentlicht|aktualisiert|erschienen|publié|publicado)\b", re.I
)
# Splits a byline into names: commas, "and", "und", "&", "og", "y", "et", "/".
BYLINE_SPLIT = re.compile(r"\s*(?:,|;|/|\||&|\band\b|\bund\b|\bog\b|\by\b|\bet\b|\bmit\b|\bwith\b)\s*", re.I)
# Credit prefixes inside a caption ("Foto: X", "Photo: X", "© X", "Bild: X").
CREDIT_PREFIX = re.compile(
    r"(?:^|\s|\()(?:©|\(c\)|foto|fotos|photo|photos|bild|bilder|image|images|quelle|source|credit|grafik|picture)"
    r"\s*[:©]\s*(?P<credit>[^()]{2,80}?)\)?\s*$",
    re.I,
)
# A parenthesised photo credit anywhere in a block ("(AP Photo/Jane Doe)", "(Photos by X)"):
# the block is a caption.
CREDIT_PAREN = re.compile(
    r"\([^()]*\b(?:photos?|fotos?)\b\s*(?:/|by\b|:)[^()]*\)|\b(?:photo(?:graph)?|picture)s? by [A-Z]"
    # "(Jane Doe / Associated Press)" closing a caption: photographer / agency or picture desk
    r"|\([^()/]{2,40} ?/ ?(?:associated press|getty images|reuters|afp|ap|dpa|epa|bloomberg|shutterstock"
    r"|picture alliance|imago)[^()]{0,20}\)\s*$",
    re.I,
)
# A trailing agency/photographer credit without a prefix: "... Getty Images", "... / dpa".
CREDIT_SUFFIX = re.compile(
    r"\s(?P<credit>(?:[\w.\-]+ ?/ ?)*(?:getty images|dpa|afp|ap|reuters|imago|picture alliance|epa|keystone|apa)"
    r"(?:[ /][\w.\- ]{0,40})?)\s*$",
    re.I,
)
# Paywall cues in visible text (lower-case).
PAYWALL_CUES = (
    "jetzt abonnieren",
    "weiterlesen mit",
    "abo abschließen",
    "exklusiv für abonnenten",
    "subscribe to continue",
    "subscribe to read",
    "this article is for subscribers",
    "to continue reading",
    "already a subscriber",
)
