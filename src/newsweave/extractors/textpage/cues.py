"""Cue words and patterns the line features look for (data, not code).

Each pattern is matched case-insensitively against a whole line. They were
collected from the furniture of dev pages of the extraction benchmark (de, en,
a few fr/es) and kept when they point at page furniture on more than one site.
"""

from __future__ import annotations

# Page furniture: share bars, consent and browser notices, newsletter boxes,
# "read more" teasers, navigation, comments, copyright lines.
FURNITURE = (
    r"\b(?:teilen|share|tweet|drucken|print|e-?mail|whatsapp|facebook|twitter|linkedin|pinterest|telegram|xing)\b",
    r"\b(?:cookies?|datenschutz|privacy|consent|einwilligung|zustimmung|tracking|javascript|browser)\b",
    r"\b(?:newsletter|abonnieren|abonnement|subscribe|subscription|anmelden|registrieren|sign ?in|sign ?up|log ?in)\b",
    r"\b(?:lesen sie auch|mehr zum thema|auch interessant|weitere artikel|das könnte sie|empfehlungen|"
    r"read more|related|more from|recommended|you may also|you might also|most popular|meistgelesen|top stories)\b",
    r"\b(?:kommentar(?:e|en)?|comments?|leserbrief|diskussion|antworten|reply)\b",
    r"\b(?:impressum|kontakt|contact|agb|terms|nutzungsbedingungen|barrierefreiheit|sitemap|rss|jobs|karriere)\b",
    r"\b(?:anzeige|werbung|advertisement|sponsored|partner|affiliate)\b",
    r"\b(?:alle rechte|all rights reserved|copyright)\b|©",
    r"\b(?:startseite|home|menü|menu|navigation|suche|search|zurück|back to top|nach oben|weiter|mehr)\b",
)

# Picture captions and credits: agency and photo credit patterns.
CREDIT = (
    r"\b(?:foto|fotos|bild|bilder|photo|photos|image|picture|grafik|video|quelle|source|credit)s?\s*[:/©]",
    r"\b(?:getty ?images|imago|dpa|afp|reuters|ap photo|keystone|apa|epa|picture alliance|shutterstock|istock)\b",
    r"^\(?(?:dpa|afp|ap|reuters|kna|epd|apa|sda|red|ots)\)?[ ./-]",
)

# Bylines and dates.
BYLINE = (
    r"^(?:von|by|autor|author|text|interview)\b[: ]",
    r"\b(?:aktualisiert|updated|veröffentlicht|published|posted|stand)\b",
    r"\b\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4}\b|\b\d{1,2}:\d{2}\b|\b(?:19|20)\d{2}-\d{2}-\d{2}\b",
    r"\b(?:min(?:uten)?\.? lesezeit|min read|lesedauer)\b",
)

# Function words of German and English (and a few of French/Spanish): the share
# of them in a line separates running prose from labels, names and menus.
STOPWORDS = frozenset(
    """
    der die das den dem des ein eine einen einem einer eines und oder aber doch nicht auch noch schon nur
    ist sind war waren wird werden wurde wurden hat haben hatte hatten sein kann können muss müssen soll
    sollen will wollen mit von vom zu zum zur auf aus bei nach für über unter vor durch gegen ohne um an am
    im in ins bis als wie wenn dass daß ob weil sich sie er es wir ihr ich man sei seien diese dieser dieses
    einem hier dort dann so sehr mehr noch immer wieder bereits etwa rund seit jetzt heute
    the a an and or but not no is are was were be been being has have had will would can could should
    may might must of to in on at by for from with without about into over under after before as than
    that this these those it its he she they we you i his her their our your which who whom what when
    where while if because so also just only more most very there here up out
    le la les un une des et ou est sont dans pour avec sur du au el los las y en del por con para es
    """.split()  # noqa: SIM905 - a word list reads best as text
)
