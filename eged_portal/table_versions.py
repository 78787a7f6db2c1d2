"""A version for every database table, replaced whenever the table is written.

A page kept in the cache together with the versions of the tables it read is true for as
long as those versions stand. Django's connections send every statement through
``execute_wrappers``; the one installed here sees each INSERT, UPDATE, DELETE and TRUNCATE
— also ``QuerySet.update()``, ``bulk_create``, deletes of whole querysets and raw SQL
through Django's cursor, which model signals miss — and gives the table it writes a new
random version in the cache once the write is committed: at once outside a transaction,
after the commit inside one. A request served between the write and the commit reads the
old rows and keeps them under the version it read, which the commit then replaces. Inside
a transaction, the writes not yet committed are also given new versions before this
thread next reads versions (``current``): the transaction's own reads see its writes (and
tests, which never commit, see theirs).

A reader must read the versions *before* the rows. Whatever it keeps is then kept under
versions that are replaced after any commit it did not see.

Not covered: writes that do not go through Django (``psql``; a restore goes through
Django's flush and loaddata), and a version replaced while Redis was down (each process
then keeps its own: ``kept_pages`` keeps nothing while the cache says so, and a copy lives
its own short timeout at most).
"""

import logging
import re
import threading
import uuid
from collections.abc import Iterable

from django.core.cache import cache
from django.db import connections, transaction
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate
from django.dispatch import receiver

logger = logging.getLogger(__name__)

# Written on nearly every request, and read by no kept page.
NOT_VERSIONED = frozenset({"django_session", "axes_accessattempt", "axes_accesslog"})
# Every kept page also depends on this one: a TRUNCATE, a migration or a restore.
EVERYTHING = "*"

_WRITE = re.compile(
    r"^\s*(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|REPLACE\s+INTO|UPDATE(?:\s+OR\s+\w+)?|DELETE\s+FROM)"
    r'\s+(?:ONLY\s+)?(?:"?\w+"?\.)?"?(\w+)"?',
    re.IGNORECASE,
)
# A TRUNCATE, or a statement that writes in a way not read here (a CTE that writes, a
# leading comment): every table may have changed.
_TRUNCATE = re.compile(r"^\s*TRUNCATE\b", re.IGNORECASE)
_OTHER_WRITE = re.compile(
    r"^\s*(?:WITH|/\*|--)(?=.*\b(?:INSERT|UPDATE|DELETE|TRUNCATE)\b)", re.IGNORECASE | re.DOTALL
)
_READ = re.compile(r'\b(?:FROM|JOIN)\s+"(\w+)"', re.IGNORECASE)


def _key(table: str) -> str:
    return f"table-version:{table}"


def written_table(sql: str) -> str | None:
    """The table a statement writes (EVERYTHING for a TRUNCATE), or None for a read."""
    match = _WRITE.match(sql)
    if match:
        return match.group(1)
    if _TRUNCATE.match(sql) or _OTHER_WRITE.match(sql):
        return EVERYTHING
    return None


def read_tables(sql: str) -> set[str]:
    """The tables a statement names after FROM or JOIN (Django quotes them)."""
    return set(_READ.findall(sql))


def replace(tables: Iterable[str]) -> None:
    """Give these tables new versions; a failure is logged, never raised into the write."""
    fresh = {_key(table): uuid.uuid4().hex for table in tables}
    if not fresh:
        return
    try:
        cache.set_many(fresh, None)
    except Exception:
        logger.exception("Table versions: the cache did not take %s", sorted(fresh))


def replace_all() -> None:
    """Every kept page is out of date (after a restore, a migration, a TRUNCATE)."""
    replace([EVERYTHING])


def current(tables: Iterable[str]) -> tuple[str, ...]:
    """The versions of these tables and of EVERYTHING, in a stable order. A table that
    has none yet gets one (a version lost from the cache is never taken for an old one)."""
    for connection in connections.all(initialized_only=True):
        unversioned = getattr(connection, "_table_versions_unversioned", None)
        if unversioned:
            tables_written = set(unversioned)
            unversioned.difference_update(tables_written)
            replace(tables_written)
    names = sorted({*tables, EVERYTHING})
    found = cache.get_many([_key(name) for name in names])
    missing = [name for name in names if _key(name) not in found]
    if missing:
        for name in missing:
            cache.add(_key(name), uuid.uuid4().hex, None)
        found |= cache.get_many([_key(name) for name in missing])
    return tuple(f"{name}={found.get(_key(name), '')}" for name in names)


class _AfterCommit:
    """The tables one transaction has written, given new versions once it commits."""

    def __init__(self, connection):
        self.connection, self.tables = connection, set()

    def __call__(self):
        replace(self.tables)
        getattr(self.connection, "_table_versions_unversioned", set()).difference_update(
            self.tables
        )


class Reads:
    """Collects the tables the statements of a block read (see ``reading``)."""

    def __init__(self):
        self.tables: set[str] = set()


_local = threading.local()


def _readers() -> list[Reads]:
    if not hasattr(_local, "readers"):
        _local.readers = []
    return _local.readers


class reading:
    """``with reading() as reads:`` — ``reads.tables`` names every table read meanwhile on
    this thread's connections."""

    def __enter__(self) -> Reads:
        self.reads = Reads()
        _readers().append(self.reads)
        return self.reads

    def __exit__(self, *exc):
        _readers().remove(self.reads)


def _wrapper(connection):
    def versioned(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if not isinstance(sql, str):
            return result
        table = written_table(sql)
        if table is None:
            for reads in _readers():
                reads.tables |= read_tables(sql)
            return result
        if table in NOT_VERSIONED:
            return result
        if connection.in_atomic_block:
            _after_commit(connection).tables.add(table)
            connection.__dict__.setdefault("_table_versions_unversioned", set()).add(table)
        else:
            replace([table])
        return result

    return versioned


def _after_commit(connection) -> _AfterCommit:
    """This transaction's callback, registered with the innermost savepoint it is still
    alive in: a callback dropped with a rolled-back savepoint is not reused."""
    callback = getattr(connection, "_table_versions_after_commit", None)
    alive = callback is not None and any(entry[1] is callback for entry in connection.run_on_commit)
    if not alive:
        callback = _AfterCommit(connection)
        connection._table_versions_after_commit = callback
        # Robust: a callback before it that fails (a task the broker refused) must not
        # leave the tables with the versions from before the commit.
        transaction.on_commit(callback, using=connection.alias, robust=True)
    return callback


@receiver(connection_created, dispatch_uid="table_versions.install")
def install(sender, connection, **kwargs):
    if not any(getattr(w, "table_versions", False) for w in connection.execute_wrappers):
        wrapper = _wrapper(connection)
        wrapper.table_versions = True
        connection.execute_wrappers.append(wrapper)


@receiver(post_migrate, dispatch_uid="table_versions.migrated")
def _migrated(sender, **kwargs):
    replace_all()
