"""Parts of an HTML news page that trafilatura has no field for.

``metadata`` reads JSON-LD, OpenGraph and meta tags and dates the page;
``parts`` finds lead, captions, related cards, bylines and section in the DOM;
``selectors`` holds the XPath heuristics and cue words as data.
"""
