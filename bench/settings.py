"""Settings for ``make bench``: production settings (DEBUG off) on a dedicated PostgreSQL
database and Redis db, plus the trivial reference view of the throughput benchmark.

The environment still wins: ``DATABASE_URL`` / ``REDIS_URL`` point the suite elsewhere.
"""

import os

_DEFAULTS = {
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/eged_bench",
    "REDIS_URL": "redis://127.0.0.1:6379/3",
    "DEBUG": "false",
    # DEBUG off needs a real-looking key and hosts; this key signs nothing outside the bench.
    "SECRET_KEY": "bench-only-" + "x" * 50,
    "MFA_ENCRYPTION_KEY": "bench-only-" + "m" * 40,
    "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "SECURE_SSL_REDIRECT": "false",
    # The bench signs its clients in with ``force_login``, which passes no second factor;
    # the admin's two-factor check (one query per request) has its own tests.
    "ADMIN_2FA_REQUIRED": "false",
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    "LOG_LEVEL": "WARNING",
}
for _name, _value in _DEFAULTS.items():
    if not os.environ.get(_name):
        os.environ[_name] = _value

from eged_portal.settings import *  # noqa: E402, F403

ROOT_URLCONF = "bench.urls"
VAR_DIR = BASE_DIR / "var" / "bench"  # noqa: F405
VAR_DIR.mkdir(parents=True, exist_ok=True)
# Pages are served with plain static URLs: the manifest needs `collectstatic`, which a
# benchmark run should not depend on (it changes no query and no Python work per request).
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The bench database is built from the demo and thrown away: its logins sign nothing real.
DEMO_ALLOWED = True
