"""Stories: online clustering of articles into events and stories, with claim timelines.

``embed`` turns articles into vectors (a no-model lexical fallback with a de↔en bridge, or an
optional multilingual sentence encoder), ``cluster`` attaches each new article to an event and
each event to a story without recomputing anything, ``timeline`` builds story records and
claim timelines, ``persist`` keeps them in the store.
"""
