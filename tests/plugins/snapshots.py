"""Build a costly fixture once per worker and clock minute, then copy its rows back per test.

A fixture such as `world` builds eight Wagtail pages, people and memberships for each of about
700 tests: about 0.2 s each. On PostgreSQL, inside a test's transaction, `snapshots.take(name,
build)` does this instead:
- the first time, it builds as before and notes which tables the build wrote to (PostgreSQL's
  per-transaction counters, `pg_stat_xact_user_tables`), then copies those tables out whole;
- after that, it empties those tables and copies the rows back in (`COPY ... BINARY`), and
  hands out a deep copy of the objects the build returned, as Django's `setUpTestData` does.

What a test starts from is the same as a fresh build: the tables it wrote to hold the same
rows, sequences have already moved past them (they are not rolled back), and the test's own
transaction is rolled back at its end as before. A build is taken again where its result could
differ: when the clock reads another minute (factories date things from now), and it is built
plainly, never copied, when the test has already written to the database before asking for it,
when no transaction is open (transactional tests) or on SQLite.
"""

import copy
from dataclasses import dataclass

import pytest

# What this backend wrote to each table: counts that grow within a transaction (they may also
# hold earlier transactions' writes not yet reported, so only a difference tells).
WRITES = "SELECT relname, n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_xact_user_tables"
# Null until the transaction writes something (a savepoint's write gives it one too).
WRITTEN = "SELECT pg_current_xact_id_if_assigned() IS NOT NULL"


@dataclass
class Snapshot:
    objects: object
    tables: dict  # table name -> (quoted column list, binary COPY data)

    def restore(self, cursor):
        for table, (columns, data) in self.tables.items():
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608 (our own quoted table names)
            with cursor.cursor.copy(
                f"COPY {table} ({columns}) FROM STDIN (FORMAT BINARY)"
            ) as copy_in:
                copy_in.write(data)
        return copy.deepcopy(self.objects)


class Snapshots:
    def __init__(self):
        self.taken = {}

    def take(self, name, build):
        from django.db import connection
        from django.utils import timezone

        if connection.vendor != "postgresql" or not connection.in_atomic_block:
            return build()
        key = (name, timezone.now().replace(second=0, microsecond=0))
        with connection.cursor() as cursor:
            cursor.execute(WRITTEN)
            if cursor.fetchone()[0]:
                return build()
            if key in self.taken:
                return self.taken[key].restore(cursor)
            before = _writes(cursor)
            objects = build()
            after = _writes(cursor)
            written = [table for table, count in after.items() if count != before.get(table, 0)]
            self.taken[key] = Snapshot(copy.deepcopy(objects), _copy_out(cursor, written))
        return objects


def _writes(cursor):
    cursor.execute(WRITES)
    return dict(cursor.fetchall())


def _copy_out(cursor, tables):
    from django.db import connection

    quote = connection.ops.quote_name
    copied = {}
    for table in tables:
        cursor.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = "
            "current_schema() AND table_name = %s AND is_generated = 'NEVER' "
            "ORDER BY ordinal_position",
            [table],
        )
        columns = ", ".join(quote(column) for (column,) in cursor.fetchall())
        data = bytearray()
        with cursor.cursor.copy(
            f"COPY {quote(table)} ({columns}) TO STDOUT (FORMAT BINARY)"
        ) as copy_out:
            for block in copy_out:
                data += block
        copied[quote(table)] = (columns, bytes(data))
    return copied


@pytest.fixture(scope="session")
def snapshots():
    """`snapshots.take(name, build)`: what `build()` returns, from a copy where that is safe."""
    return Snapshots()
