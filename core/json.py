"""JSON as people wrote it: stored with its letters, not as ``\\uXXXX`` escapes.

Answer documents are mostly Russian and Kyrgyz text. Kept readable they are half the
size, and a search of the admin (``icontains``) finds a word in them on every database
(PostgreSQL's ``jsonb`` keeps the letters anyway; SQLite stores the text it is given)."""

import json


class ReadableJSONEncoder(json.JSONEncoder):
    def __init__(self, *args, **kwargs):
        kwargs["ensure_ascii"] = False
        super().__init__(*args, **kwargs)
