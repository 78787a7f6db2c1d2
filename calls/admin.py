"""The calls' own pages in the admin: the forms staff build for each call (the Call itself,
with its scoring, is registered by applications/admin_calls.py). Importing the module
registers its admins."""

from . import admin_forms  # noqa: F401 — registers FormAdmin and FormVersionAdmin
