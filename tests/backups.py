"""Shared by the backup tests: a PostgreSQL database is copied with its own client tools."""

import shutil

import pytest
from django.db import connection

needs_pg_tools = pytest.mark.skipif(
    connection.vendor == "postgresql"
    and not (shutil.which("pg_dump") and shutil.which("pg_restore")),
    reason="backups of PostgreSQL need pg_dump and pg_restore (the postgresql-client package)",
)
