"""HTML extraction: the page's parts become fields and stay out of the text."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from newsweave.errors import NewsweaveError
from newsweave.extractors import extract
from newsweave.extractors.htmlpage.metadata import PageMeta, find_published
from newsweave.extractors.htmlpage.parts import clean_byline, split_people_agencies
from newsweave.readers import RawDoc

PARA = (
    "Der Gemeinderat von Beispielstadt hat am Dienstag mit großer Mehrheit beschlossen, "
    "die alte Brücke über den Fluss bis zum Herbst zu sanieren. "
)
LD = {
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    "headline": "Beispielstadt saniert die alte Brücke",
    "datePublished": "2024-05-03T10:15:00+02:00",
    "author": [{"@type": "Person", "name": "Jane Doe"}, {"@type": "Organization", "name": "Beispiel-Zeitung"}],
    "articleSection": "Lokales",
    "description": "Die Brücke war seit Jahren marode. Nun gibt es Geld vom Land, und die Arbeiten beginnen im Juni.",
}


def page(ld: dict[str, object] | None = None, extra_body: str = "") -> str:
    ld_script = f'<script type="application/ld+json">{json.dumps(ld or LD)}</script>'
    return f"""<!doctype html><html lang="de"><head><meta charset="utf-8">
<title>Beispielstadt saniert die alte Brücke | Beispiel-Zeitung</title>{ld_script}
<meta property="og:site_name" content="Beispiel-Zeitung"></head><body>
<nav><a href="/">Start</a> <a href="/lokales">Lokales</a></nav>
<article><h1>Beispielstadt saniert die alte Brücke</h1>
<p class="article-lead">Die Brücke war seit Jahren marode.
Nun gibt es Geld vom Land, und die Arbeiten beginnen im Juni.</p>
<div class="byline">Von Jane Doe und Max Muster, dpa | Email The Author</div>
<figure><img src="/b.jpg" alt="Brücke"><figcaption>Die alte Brücke im Nebel am frühen Morgen des Dienstags.
<span class="credit">Foto: Erika Beispiel/dpa</span></figcaption></figure>
<p>{PARA * 2}</p><p>{PARA}Die Kosten liegen bei vier Millionen Euro.</p>
<h2>Was die Anwohner sagen</h2>
<p>{PARA}Viele Anwohner sind erleichtert, dass endlich etwas geschieht.</p>
<p><strong>Umleitung ab Juni</strong></p>
<p>{PARA}Der Verkehr wird während der Bauzeit über die Nordstraße umgeleitet.</p>
{extra_body}
<aside class="related-articles"><h3>Mehr zum Thema</h3>
<a href="/a1">Neue Radwege für die Innenstadt geplant</a>
<a href="/a2">Stadtrat streitet über den Haushalt 2025</a></aside>
</article><footer>Impressum · Datenschutz</footer></body></html>"""


def run(html: str, **raw: object) -> object:
    return extract(RawDoc("t.html", html.encode("utf-8"), "html", "https://bsp.de/lokales/bruecke", **raw))  # type: ignore[arg-type]


def test_fields_of_a_page() -> None:
    a = run(page())
    assert a.title == "Beispielstadt saniert die alte Brücke"
    assert a.lead is not None and a.lead.startswith("Die Brücke war seit Jahren marode.")
    assert a.text.startswith(a.lead)
    assert a.published is not None and a.published.source == "json-ld" and a.published.value.day == 3
    assert a.authors == ("Jane Doe",)
    assert a.section == "Lokales" and a.language == "de"
    headings = [b.text for b in a.body if b.kind == "heading"]
    assert headings == ["Was die Anwohner sagen", "Umleitung ab Juni"]
    (image,) = a.images
    assert image.caption == "Die alte Brücke im Nebel am frühen Morgen des Dienstags."
    assert image.credit in {"Foto: Erika Beispiel/dpa", "Erika Beispiel/dpa"}
    assert "Nebel" not in a.text and "Erika Beispiel" not in a.text
    assert [r.title for r in a.related] == [
        "Neue Radwege für die Innenstadt geplant",
        "Stadtrat streitet über den Haushalt 2025",
    ]
    assert "Radwege" not in a.text and "Impressum" not in a.text


def test_byline_from_dom_is_cleaned() -> None:
    ld = {k: v for k, v in LD.items() if k != "author"}
    a = run(page(ld))
    assert a.authors == ("Jane Doe", "Max Muster")
    assert a.agencies == ("dpa",)


def test_byline_cleaning() -> None:
    assert clean_byline("By Jane Doe and John Roe Email The Author") == ["Jane Doe", "John Roe"]
    assert split_people_agencies(["Jane Doe", "AFP", "Reuters", "dpa"]) == (("Jane Doe",), ("AFP", "Reuters", "dpa"))


def test_date_provenance_and_future_guard() -> None:
    ld = dict(LD, datePublished="2031-01-01T00:00:00Z")
    a = run(page(ld), provenance={"warc_date": "2024-05-04T08:00:00+00:00"})
    assert a.published is not None and a.published.source in {"text", "warc-date"}
    assert a.published.value.year == 2024
    assert "future-date" in a.warnings


def test_warc_date_is_the_last_resort() -> None:
    import lxml.html

    tree = lxml.html.fromstring("<html><body><p>kein Datum</p></body></html>")
    when, warnings = find_published(tree, None, PageMeta(), datetime.fromisoformat("2024-05-04T08:00:00+00:00"))
    assert when is not None and when.source == "warc-date" and warnings == ()


def test_paywall_is_flagged() -> None:
    ld = dict(LD, isAccessibleForFree="False")
    a = run(page(ld, '<div class="paywall">Jetzt abonnieren und weiterlesen</div>'))
    assert "paywall" in a.warnings


@pytest.mark.parametrize(
    ("html", "code"),
    [
        ("<html><body></body></html>", "NW201"),
        ("   ", "NW102"),
        ("<html><body><nav><a href='/'>Start</a></nav></body></html>", "NW201"),
    ],
)
def test_bad_pages_are_coded(html: str, code: str) -> None:
    with pytest.raises(NewsweaveError) as err:
        run(html)
    assert err.value.code == code


def test_deep_nesting_is_rejected_or_extracted() -> None:
    html = "<html><body>" + "<div>" * 10_000 + f"<p>{PARA}</p>" + "</div>" * 10_000 + "</body></html>"
    try:
        a = run(html)
    except NewsweaveError as err:
        assert err.code in {"NW201", "NW202"}
    else:
        assert "Gemeinderat" in a.text


def _minimal(head: str, body: str) -> str:
    paras = "".join(f"<p>{PARA}{i}</p>" for i in range(4))
    return f"<html><head>{head}</head><body><article>{body}{paras}</article></body></html>"


def test_headline_entities_resolved_and_site_suffix_cut() -> None:
    ld = {"@type": "NewsArticle", "headline": "Samsung soll Ger&auml;te zerst&ouml;ren - Beispiel.de"}
    site = '<meta property="og:site_name" content="Beispiel.de">'
    head = f'<script type="application/ld+json">{json.dumps(ld)}</script>{site}'
    a = run(_minimal(head, "<h1>Samsung soll Geräte zerstören</h1>"))
    assert a.title == "Samsung soll Geräte zerstören"  # type: ignore[attr-defined]


def test_headline_keeps_a_dash_that_is_part_of_it() -> None:
    ld = {"@type": "NewsArticle", "headline": "Protesters throw stones as police move in - updates"}
    head = f'<script type="application/ld+json">{json.dumps(ld)}</script>'
    a = run(_minimal(head, "<h1>x</h1>"))
    assert a.title == "Protesters throw stones as police move in - updates"  # type: ignore[attr-defined]


def test_unclassed_teaser_after_headline_is_the_lead() -> None:
    teaser = "Essen. Drei Städte tauchen im Wald auf, und was sie zeigen, ändert unser Bild der Zeit."
    body = f'<h1>Alte Städte entdeckt</h1><div class="x1"><span>Essen.</span> <span>{teaser[7:]}</span></div>'
    a = run(_minimal("<title>Alte Städte entdeckt</title>", body))
    assert a.lead == teaser  # type: ignore[attr-defined]
    assert a.body[0].text.startswith("Der Gemeinderat")  # type: ignore[attr-defined]


def test_first_body_paragraph_is_not_taken_for_a_lead() -> None:
    a = run(_minimal("<title>Alte Städte entdeckt</title>", "<h1>Alte Städte entdeckt</h1>"))
    assert a.lead is None  # type: ignore[attr-defined]


def test_page_index_files_roles_in_document_order() -> None:
    from lxml import html as lxml_html

    from newsweave.extractors.htmlpage.index import index_page

    tree = lxml_html.fromstring(page())
    index = index_page(tree)
    assert [e.tag for e in index.get("figure")] == ["figure"]
    assert index.get("byline")[0].get("class") == "byline"
    assert index.get("related")[0].tag == "aside"
    assert {e.tag for e in index.get("prune")} == {"figcaption", "span"}
    assert index.get("paywall") == []


def test_subheads_of_the_page_stay_headings() -> None:
    body = (
        "<h1>Alte Städte entdeckt</h1>"
        f"<p>{PARA}</p><h3>Was die Forscher fanden</h3><p>{PARA}</p>"
        f'<p class="wp-block-interline">Wie es weitergeht</p><p>{PARA}</p>'
        f"<p><strong>G</strong><strong>ranny (78) suffers in silence</strong></p><p>{PARA}</p>"
        f"<p><strong>– Das war ein langer Satz, den jemand in einem Interview gesagt hat, fett.</strong></p>"
    )
    a = run(_minimal("<title>Alte Städte entdeckt</title>", body))
    heads = [b.text for b in a.body if b.kind == "heading"]  # type: ignore[attr-defined]
    assert "Was die Forscher fanden" in heads
    assert "Wie es weitergeht" in heads
    assert "Granny (78) suffers in silence" in heads
    assert not any(h.startswith("–") for h in heads)


def test_captions_from_described_images_and_caption_classes() -> None:
    alt = "Der Bürgermeister und zwei Ratsmitglieder stehen vor der alten Brücke"
    body = (
        f'<h1>Alte Städte entdeckt</h1><div class="detail-img"><img src="/a.jpg" alt="{alt}"></div>'
        '<a href="/x"><img src="/t.jpg" alt="Ein Teaserbild zu einem ganz anderen Artikel hier"></a>'
        '<div><img src="/b.jpg"></div><p class="img-description">Die Brücke im Nebel am Morgen. | '
        "<strong>Erika Beispiel/dpa</strong></p>"
    )
    a = run(_minimal("<title>Alte Städte entdeckt</title>", body))
    captions = {i.caption: i.credit for i in a.images}  # type: ignore[attr-defined]
    assert captions[alt] is None
    assert captions["Die Brücke im Nebel am Morgen."] == "Erika Beispiel/dpa"
    assert not any("Teaserbild" in c for c in captions)
    assert "Erika Beispiel" not in a.text and "im Nebel" not in a.text  # type: ignore[attr-defined]


def test_table_rows_are_body_text() -> None:
    rows = "".join(f"<tr><td>{i}.</td><td>Fahrer Nummer {i}</td><td>{100 - i} Punkte</td></tr>" for i in range(1, 9))
    body = f"<h1>Alte Städte entdeckt</h1><p>{PARA}</p><table>{rows}</table>"
    a = run(_minimal("<title>Alte Städte entdeckt</title>", body))
    assert "3. Fahrer Nummer 3 97 Punkte" in [b.text for b in a.body]  # type: ignore[attr-defined]


def test_lead_repeated_by_the_body_with_ruby_readings_is_not_doubled() -> None:
    desc = "Am späten Dienstagabend hat der Präsident 尹錫悦 den Notstand ausgerufen."
    ld = {"@type": "NewsArticle", "headline": "Notstand ausgerufen", "description": desc}
    head = f'<script type="application/ld+json">{json.dumps(ld)}</script>'
    ruby = (
        "<p>Am späten Dienstagabend hat der Präsident <ruby>尹錫悦<rt>（ユンソンニョル）</rt></ruby>"
        " den Notstand ausgerufen und das Parlament sperren lassen.</p>"
    )
    a = run(_minimal(head, f"<h1>Notstand ausgerufen</h1>{ruby}"))
    assert a.lead and a.lead.startswith("Am späten")  # type: ignore[attr-defined]
    assert a.text.count("Dienstagabend") == 1  # type: ignore[attr-defined]


def test_image_widget_without_figure_tag_is_an_image_not_text() -> None:
    body = (
        '<h1>Alte Städte entdeckt</h1><div class="image_image-widget__x1"><span><img src="/c.jpg"></span>'
        "<p><span>Leserinnen sprechen mit der Autorin in der Buchhandlung am Hafen.</span></p>"
        "<p>Image: Erika Beispiel</p></div>"
    )
    a = run(_minimal("<title>Alte Städte entdeckt</title>", body))
    assert [(i.caption, i.credit) for i in a.images] == [  # type: ignore[attr-defined]
        ("Leserinnen sprechen mit der Autorin in der Buchhandlung am Hafen.", "Erika Beispiel")
    ]
    assert "Buchhandlung" not in a.text  # type: ignore[attr-defined]


def test_lead_search_stops_at_the_first_prose_paragraph() -> None:
    comment = "Ein Leser schreibt unten einen Kommentar, der mit dem Artikel nichts zu tun hat, gar nichts."
    body = (
        "<h1>Alte Städte entdeckt</h1><p>Wie man die Laufgeschwindigkeit im Spiel erhöhen kann</p>"
        f"<ul><li>Befehl eins</li><li>Befehl zwei</li></ul><div class='c'>{comment}</div>"
    )
    a = run(_minimal("<title>Alte Städte entdeckt</title>", body))
    assert a.lead is None  # type: ignore[attr-defined]


def test_a_credited_caption_is_not_the_lead() -> None:
    cap = "Demonstranten stehen am Abend vor der Botschaft in der Hauptstadt. Foto: Erika Beispiel"
    ld = {"@type": "NewsArticle", "headline": "Alte Städte entdeckt", "description": cap}
    head = f'<script type="application/ld+json">{json.dumps(ld)}</script>'
    a = run(_minimal(head, f'<h1>Alte Städte entdeckt</h1><div class="photo">{cap}</div>'))
    assert a.lead is None  # type: ignore[attr-defined]


EN_PARA = (
    "The council of Exampletown voted on Tuesday by a large majority to repair the old bridge "
    "over the river by the autumn, after years of complaints from residents. "
)


def _english(head: str, body: str) -> str:
    paras = "".join(f"<p>{EN_PARA}{i}</p>" for i in range(4))
    return f'<html lang="en"><head>{head}</head><body><article>{body}{paras}</article></body></html>'


def test_deck_under_the_headline_outranks_a_description_shown_elsewhere() -> None:
    blurb = "Must-read stories about the fight for better infrastructure in small towns."
    deck = "Engineers might be able to save the bridge with a new kind of steel. Should they?"
    head = f'<meta name="description" content="{blurb}">'
    body = (
        f'<h1>Exampletown repairs its bridge</h1><h2 class="article-dek">{deck}</h2><div class="series">{blurb}</div>'
    )
    a = run(_english(head, body))
    assert a.lead == deck  # type: ignore[attr-defined]


def test_bold_first_paragraph_is_the_lead() -> None:
    intro = "The Office of Bridges monitors the town's spending plans and how the repairs perform."
    title = "Exampletown repairs its bridge"
    a = run(_english(f"<title>{title}</title>", f"<h1>{title}</h1><p><b>{intro}<!-- --></b></p>"))
    assert a.lead == intro  # type: ignore[attr-defined]
    assert a.text.count("Office of Bridges") == 1  # type: ignore[attr-defined]


def test_twitter_card_written_by_names_the_author() -> None:
    head = (
        '<meta name="author" content="j.doe@example.com"><meta name="twitter:label1" content="Written by">'
        '<meta name="twitter:data1" content="Jane Doe">'
    )
    a = run(_english(head, "<h1>Exampletown repairs its bridge</h1>"))
    assert a.authors == ("Jane Doe",)  # type: ignore[attr-defined]


def test_photo_credit_with_an_author_class_is_no_byline() -> None:
    fig = '<div class="pic"><img src="x.jpg"><div class="bildautor">Foto: APA/KEYSTONE/Jane Roe</div></div>'
    a = run(_english('<meta name="author" content="John Doe">', f"<h1>x</h1>{fig}"))
    assert a.authors == ("John Doe",)  # type: ignore[attr-defined]
    b = run(_english("", f"<h1>x</h1>{fig}"))
    assert b.authors == () and "APA" not in b.agencies  # type: ignore[attr-defined]


def test_bold_name_line_is_the_byline_when_no_person_is_declared() -> None:
    site = '<meta property="og:site_name" content="Example Times"><meta name="author" content="Example Times">'
    a = run(_english(site, "<h1>x</h1><p><strong>Jane Doe/John Roe</strong></p>"))
    assert a.authors == ("Jane Doe", "John Roe")  # type: ignore[attr-defined]
    assert "Jane Doe" not in a.text  # type: ignore[attr-defined]
    b = run(_english(site, "<h1>x</h1><p><strong>The Verdict</strong></p>"))
    assert b.authors == ("Example Times",)  # type: ignore[attr-defined]


def test_subscription_and_reprint_notices_leave_the_body() -> None:
    notices = (
        "<p>Subscribe now to our e-edition for the full story.</p>"
        "<p>This article is the copyrighted property of Example Times.</p>"
        "<p>Sign up for our newsletter to get the best stories of the week.</p>"
        "<p>Get The Example Times' Daily Edition by email and never miss our top stories.</p>"
        "<p>This post contains references to products from one or more of our advertisers.</p>"
    )
    keep = "<p>Afterwards the mayor said the result really pleased her, and that she liked it a lot.</p>"
    a = run(_english("<title>x</title>", f"<h1>x</h1>{keep}{notices}"))
    text = a.text  # type: ignore[attr-defined]
    assert "Subscribe now" not in text and "copyrighted" not in text and "newsletter" not in text
    assert "Daily Edition" not in text and "advertisers" not in text
    assert "pleased her" in text


def test_a_caption_with_a_parenthesised_photo_credit_is_not_the_lead() -> None:
    cap = "A mother and her children sell bread in a market on Tuesday. (AP Photo/Jane Roe)"
    a = run(_english("<title>x</title>", f'<h1>x</h1><div class="x">{cap}</div>'))
    assert a.lead is None  # type: ignore[attr-defined]


def test_agency_declared_next_to_a_person_is_kept() -> None:
    ld = {**LD, "author": [{"@type": "Person", "name": "Jane Doe"}, {"@type": "Organization", "name": "SDA"}]}
    a = run(page(ld))
    assert a.authors == ("Jane Doe",) and a.agencies == ("SDA",)  # type: ignore[attr-defined]


def test_element_of_class_author_is_a_byline() -> None:
    site = '<meta property="og:site_name" content="Example Times">'
    byline = '<p class="author"> von <a href="mailto:j@example.com">Jane Doe, EXAMPLE TIMES</a></p>'
    a = run(_english(site, f"<h1>x</h1>{byline}"))
    assert a.authors == ("Jane Doe",)  # type: ignore[attr-defined]


def test_deck_classed_h2_is_the_lead_wherever_it_sits() -> None:
    deck = "The mayor visits three towns in the rain and promises an end to the quarrels of the past"
    body = "<h1>Exampletown repairs its bridge</h1>" + "<div><span>share</span></div>" * 15
    a = run(_english("<title>x</title>", f'{body}<div><h2 class="sub-title">{deck}</h2></div>'))
    assert a.lead == deck  # type: ignore[attr-defined]


def test_line_height_utility_class_is_no_lead_class() -> None:
    sub = "A subhead that sits in the middle of the body text"
    paras = "".join(f"<p>{EN_PARA}{i}</p>" for i in range(2))
    html = _english("<title>x</title>", f'<h1>x</h1>{paras}<h2 class="font-bold leading-tight">{sub}</h2>')
    a = run(html)
    assert a.lead != sub  # type: ignore[attr-defined]
    assert any(b.kind == "heading" and b.text == sub for b in a.body)  # type: ignore[attr-defined]


def test_lead_set_one_sentence_per_paragraph_is_taken_whole_and_not_repeated() -> None:
    s1, s2 = "Record numbers of rockets hit the town overnight.", "The mayor admits the town cannot defend itself."
    lead = f'<p class="article-lead">{s1}</p><p class="article-lead">{s2}</p>'
    title = "Exampletown repairs its bridge"
    a = run(_english(f"<title>{title}</title>", f"<h1>{title}</h1>{lead}"))
    assert a.lead == f"{s1} {s2}"  # type: ignore[attr-defined]
    assert a.text.count("Record numbers") == 1  # type: ignore[attr-defined]


def test_shown_description_split_over_paragraphs_is_the_whole_lead() -> None:
    s1 = "Pupils of the boarding school broke into the dormitory at night, the charge says."
    s2 = "Now five pupils are charged."
    head = f'<meta name="description" content="{s1} {s2}">'
    a = run(_english(head, f'<h1>x</h1><div class="x"><p>{s1}</p><p>{s2}</p></div>'))
    assert a.lead == f"{s1} {s2}"  # type: ignore[attr-defined]


def test_related_opener_and_its_teaser_titles_leave_the_body() -> None:
    related = "<h3>Schon gelesen?</h3><blockquote>Nachbarstadt eröffnet neue Fähre</blockquote>"
    sub = "<h2>Die Kosten</h2><p>Die Sanierung kostet nach Angaben der Stadt rund zwei Millionen Euro.</p>"
    a = run(_minimal("<title>x</title>", f"<h1>x</h1><p>{PARA}</p>{related}{sub}"))
    text = a.text  # type: ignore[attr-defined]
    assert "Schon gelesen" not in text and "Fähre" not in text
    assert "Die Kosten" in text and "zwei Millionen" in text


def test_the_pages_own_url_gives_url_and_site_when_none_is_given() -> None:
    from pathlib import Path

    import newsweave

    page = Path(__file__).resolve().parents[1] / "samples" / "html" / "en-brexit-extension-herald.html"
    article = newsweave.extract(page.read_bytes(), input_format="html")
    assert article.url == "https://herald.example/politics/brexit-extension-october"
    assert article.site == "herald.example"
    given = newsweave.extract(page.read_bytes(), input_format="html", url="https://mirror.example/x")
    assert given.url == "https://mirror.example/x"


def test_agency_lines_leave_the_text_and_credits_lose_their_prefix() -> None:
    from pathlib import Path

    import newsweave

    page = Path(__file__).resolve().parents[1] / "samples" / "html" / "de-notre-dame-brand-morgenpost.html"
    article = newsweave.extract(page.read_bytes(), input_format="html")
    assert article.agencies == ("dpa",)
    assert "(dpa)" not in article.text
    assert [i.credit for i in article.images] == ["Muster/Agentur Süd"]


_WORDS = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet"]


def _distinct_paras(n: int, topic: str = "council report", start: int = 0) -> list[str]:
    """``n`` prose paragraphs that differ at both ends (the gap matcher keys on either end)."""
    return [
        f"<p>Paragraph {_WORDS[i]} of the {topic}: Exampletown voted on Tuesday to repair the old bridge, "
        f"after {i + 3} years of complaints from {_WORDS[i + 1]}.</p>"
        for i in range(start, start + n)
    ]


def test_article_split_into_chunks_is_read_to_the_end() -> None:
    # trafilatura reads the first `article__body` container only; the later chunk (same
    # tag and class, an ad between) is the rest of the same article
    def chunk(paras: list[str]) -> str:
        return f'<div class="body article__body"><div class="body__inner-container">{"".join(paras)}</div></div>'

    paras = _distinct_paras(8)
    body = f'<h1>Bridge</h1>{chunk(paras[:4])}<div class="ad">Advertisement</div>{chunk(paras[4:])}'
    a = run(_minimal("<title>Bridge</title>", body))
    texts = [b.text for b in a.body]  # type: ignore[attr-defined]
    assert len(texts) == 8 and texts[-1].startswith("Paragraph hotel")


def test_teaser_cards_of_the_same_class_are_no_continuation() -> None:
    cards = "".join(f'<div class="text">{p}</div>' for p in _distinct_paras(3, "harbour festival", start=5))
    body = f'<h1>Bridge</h1><div class="text">{"".join(_distinct_paras(4))}</div><aside>{cards}</aside>'
    a = run(_minimal("<title>Bridge</title>", body))
    assert "harbour festival" not in a.text  # type: ignore[attr-defined]


def test_a_dropped_paragraph_between_kept_ones_is_put_back() -> None:
    from lxml import html as lxml_html

    from newsweave.extractors.htmlpage import gaps
    from newsweave.model import Block

    paras = _distinct_paras(4)
    linked = (
        '<p>The mayor <a href="/a">compared the plans with the rebuilding of the harbour</a>, '
        'not <a href="/b">the closure</a>.</p>'
    )
    label = "<p>Advertisement</p>"
    tree = lxml_html.fromstring(
        f"<html><body><div>{paras[0]}{paras[1]}{linked}{label}{paras[2]}{paras[3]}</div></body></html>"
    )
    kept = [Block("paragraph", lxml_html.fromstring(p).text_content()) for p in paras]
    out = [b.text for b in gaps.restore(tree, kept)]
    assert out[2] == "The mayor compared the plans with the rebuilding of the harbour, not the closure."
    assert len(out) == 5  # the label is no prose: not restored


def test_nothing_is_put_back_between_kept_paragraphs_of_two_containers() -> None:
    from lxml import html as lxml_html

    from newsweave.extractors.htmlpage import gaps
    from newsweave.model import Block

    article, comments = _distinct_paras(2), _distinct_paras(2, "readers' comments", start=4)
    dropped = _distinct_paras(1, "readers' comments", start=7)[0]
    tree = lxml_html.fromstring(
        f'<html><body><div class="article">{"".join(article)}</div>'
        f'<div class="comments">{dropped}{"".join(comments)}</div></body></html>'
    )
    kept = [Block("paragraph", lxml_html.fromstring(p).text_content()) for p in [*article, *comments]]
    assert [b.text for b in gaps.restore(tree, kept)] == [b.text for b in kept]


def test_the_next_story_appended_under_the_article_is_not_body() -> None:
    second = "".join(_distinct_paras(4, "harbour festival", start=4))
    body = (
        f'<main><article><h1>Bridge</h1><div class="bodytext">{"".join(_distinct_paras(4))}</div></article>'
        '<div class="under-article"><article><h1>Harbour festival</h1>'
        f'<div class="bodytext">{second}</div></article></div></main>'
    )
    a = run(f"<html><head><title>Bridge</title></head><body>{body}</body></html>")
    assert "harbour festival" not in a.text and len(a.body) == 4  # type: ignore[attr-defined]


def test_placeholders_of_blocked_embeds_leave_the_body() -> None:
    blocked = (
        "<h3>Externer Inhalt nicht verfügbar</h3><p>Deine Privatsphäre-Einstellungen verhindern das Laden "
        "und Anzeigen aller externen Inhalte. Zur Anzeige aktiviere bitte die Einstellungen.</p>"
    )
    a = run(_minimal("<title>x</title>", f"<h1>x</h1><p>{PARA}</p>{blocked}<p>{PARA}Ende.</p>{blocked}"))
    assert "Externer Inhalt" not in a.text and "Privatsphäre" not in a.text  # type: ignore[attr-defined]


def test_a_dateline_names_the_agency_only_when_no_person_is_named() -> None:
    dateline = f"<p>WASHINGTON (AP) — {EN_PARA}</p>"
    staff = _english('<meta name="author" content="Jane Doe">', f"<h1>Bridge</h1>{dateline}")
    wire = _english("", f"<h1>Bridge</h1>{dateline}")
    assert run(staff).agencies == ()  # type: ignore[attr-defined]
    assert run(wire).agencies == ("AP",)  # type: ignore[attr-defined]


def test_pop_ups_are_pruned_unless_they_hold_the_headline() -> None:
    from lxml import html as lxml_html

    from newsweave.extractors.htmlpage.index import index_page
    from newsweave.extractors.htmlpage.parts import popups

    page = (
        '<html><body><div class="lightbox-wrapper"><article><h1>Bridge</h1><p>Text.</p></article></div>'
        '<div class="pum pum-overlay"><div class="popmake"><p>Initial training for cadets.</p></div></div>'
        '<div class="share-button__modal">Share</div><div class="modal login"><h1>Log in</h1></div></body></html>'
    )
    found = popups(index_page(lxml_html.fromstring(page)))
    # whole class names only ("share-button__modal" is a share bar, "lightbox" wraps articles);
    # a dialog with a headline is kept
    assert [el.get("class") for el in found] == ["pum pum-overlay", "popmake"]


def test_membership_pitch_and_cookie_banner_leave_the_body() -> None:
    pitch = (
        "<p>Join now or renew to get: instant access to our stories and reports.</p>"
        "<p>First-time subscribers also get a free tote bag with the town crest.</p>"
        "<p>Our site uses cookies to count visits and keep you signed in.</p>"
    )
    a = run(_english("<title>Bridge</title>", f"<h1>Bridge</h1>{pitch}"))
    text = a.text  # type: ignore[attr-defined]
    assert "tote bag" not in text and "Join now" not in text and "uses cookies" not in text
    assert "council of Exampletown" in text


def test_a_link_heavy_line_under_the_headline_is_no_lead() -> None:
    shop = '<p>Planning a trip? <a href="/shop">Book a guided walk along the river</a> with our partners.</p>'
    a = run(_english("<title>Bridge</title>", f"<h1>Bridge</h1><div class='box'>{shop}</div>"))
    assert a.lead is None or "guided walk" not in a.lead  # type: ignore[attr-defined]


def test_a_run_of_teaser_titles_is_no_subheads() -> None:
    teasers = "".join(
        f"<h3>{t}</h3>"
        for t in (
            "Harbour Festival Draws Record Crowds This Summer",
            "New Ferry Line Opens Between the Twin Towns",
            "Council Debates the Budget for Next Year",
        )
    )
    labels = "<h3>Grundmodul</h3><h3>LF 12</h3><h3>Hauptmodul</h3>"  # short labels: table text
    body = f"<h1>Bridge</h1>{teasers}{labels}<h2>What residents say</h2>"
    a = run(_english("<title>Bridge</title>", body))
    text = a.text  # type: ignore[attr-defined]
    assert "Harbour Festival" not in text and "Ferry" not in text
    assert "LF 12" in text and "What residents say" in text


def test_inline_related_link_and_time_stamp_are_no_text_or_lead() -> None:
    related = "<p>[Related: Harbour festival draws record crowds]</p>"
    stamp = "<div>Published Mon, Mar 4 2024 9:12 AM CET Updated Mon, Mar 4 2024 10:40 AM CET</div>"
    a = run(_english("<title>Bridge</title>", f"<h1>Bridge</h1>{stamp}{related}"))
    assert "Harbour festival" not in a.text  # type: ignore[attr-defined]
    assert a.lead is None or "Published" not in a.lead  # type: ignore[attr-defined]


def test_a_caption_closing_with_photographer_and_agency_is_no_lead() -> None:
    caption = "<p>The old bridge in the morning fog, seen from the harbour. (Jane Doe / Associated Press)</p>"
    a = run(_english("<title>Bridge</title>", f"<h1>Bridge</h1><div class='article-dek'>{caption}</div>"))
    assert a.lead is None or "Associated Press" not in a.lead  # type: ignore[attr-defined]


def test_scripts_and_styles_leave_the_tree_before_extraction_but_json_ld_stays() -> None:
    from lxml import html as lxml_html

    from newsweave.extractors.html import _strip_inert

    tree = lxml_html.fromstring(
        '<html><head><style>p{}</style><script type="application/ld+json">{"a": 1}</script></head>'
        "<body><p>Text<script>track()</script> after.</p></body></html>"
    )
    _strip_inert(tree)
    assert [s.get("type") for s in tree.iter("script")] == ["application/ld+json"]
    assert next(tree.iter("style"), None) is None
    assert tree.find(".//p").text_content() == "Text after."
