"""Live sources: pages, RSS/Atom feeds and sitemaps fetched politely and incrementally.

Modules, in the order a URL meets them:

* :mod:`~newsweave.fetch.ratelimit` per-host token bucket and concurrency cap;
* :mod:`~newsweave.fetch.robots` robots.txt per host, cached for a run;
* :mod:`~newsweave.fetch.http` the HTTP client (HTTP/2 when ``h2`` is installed, conditional GET,
  bounded redirects, size limit while streaming, retries honouring ``Retry-After``);
* :mod:`~newsweave.fetch.discover` feed/sitemap parsing and discovery (trafilatura), URL
  canonicalisation (courlan);
* :mod:`~newsweave.fetch.state` the store tables of sources, the entry queue and the fetch log;
* :mod:`~newsweave.fetch.warcout` raw responses archived as WARC;
* :mod:`~newsweave.fetch.watch` the watch cycle: sources → new entries → fetch → extract → store.
"""
