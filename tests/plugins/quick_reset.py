"""Between transactional tests on PostgreSQL: empty only the tables a test filled, and put the
rows migrations made back in one insert per table.

A transactional test (every browser test: the live server's thread must see the test's rows)
ends with Django's flush, a TRUNCATE of all 330 tables, then serialized rollback re-saves the
migration-made rows one object at a time, an UPDATE and an INSERT each. Together about a
second a test, most of it on tables nothing touched. Here the flush deletes from the tables
that have rows (PostgreSQL checks Django's foreign keys at commit, so the order does not
matter), and the reload inserts each table's rows at once. What a test starts from is the same.
"""

from collections import defaultdict
from io import StringIO

import pytest


def delete_from_filled_tables(self, sql_list):
    """Stands in for `execute_sql_flush`: the same empty tables, without truncating the rest."""
    from django.db import transaction

    connection = self.connection
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    # Table names come from Django's own models, quoted; the S608 notes below are about them.
    quote = connection.ops.quote_name
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        filled = " UNION ALL ".join(
            f"SELECT %s WHERE EXISTS (SELECT 1 FROM {quote(table)})"  # noqa: S608
            for table in tables
        )
        cursor.execute(filled, tables)
        for (table,) in cursor.fetchall():
            cursor.execute(f"DELETE FROM {quote(table)}")  # noqa: S608


def insert_table_by_table(self, data):
    """Stands in for `deserialize_db_from_string`: the same rows, one insert per table."""
    from django.core import serializers
    from django.db import transaction

    connection = self.connection
    by_model = defaultdict(list)
    with transaction.atomic(using=connection.alias):
        with connection.constraint_checks_disabled():
            loaded = list(serializers.deserialize("json", StringIO(data), using=connection.alias))
            for record in loaded:
                if record.object._meta.parents:
                    record.save()  # a child of multi-table inheritance cannot be bulk-inserted
                else:
                    by_model[type(record.object)].append(record.object)
            for model, objects in by_model.items():
                _upsert(model._base_manager.using(connection.alias), objects)
            for record in loaded:
                for field_name, values in (record.m2m_data or {}).items():
                    getattr(record.object, field_name).set(values)
        connection.check_constraints(
            table_names={type(record.object)._meta.db_table for record in loaded}
        )


def _upsert(manager, objects):
    """Insert the rows, or overwrite them where they are still there (as a save would: the
    first transactional test of a run starts on a database that was never flushed)."""
    meta = manager.model._meta
    fields = [f.name for f in meta.concrete_fields if not f.primary_key]
    if fields:
        manager.bulk_create(
            objects, update_conflicts=True, unique_fields=[meta.pk.name], update_fields=fields
        )
    else:
        manager.bulk_create(objects, ignore_conflicts=True)


@pytest.fixture(scope="session", autouse=True)
def _quick_reset_on_postgresql():
    from django.db.backends.postgresql.creation import DatabaseCreation
    from django.db.backends.postgresql.operations import DatabaseOperations

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(DatabaseOperations, "execute_sql_flush", delete_from_filled_tables)
        patch.setattr(DatabaseCreation, "deserialize_db_from_string", insert_table_by_table)
        yield
