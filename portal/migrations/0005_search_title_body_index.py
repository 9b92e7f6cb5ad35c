"""A GIN index on the expression the PostgreSQL search backend matches against.

Wagtail's database search backend filters on `title || body` of its index entries, but its
migrations index the two columns separately, so every search read every entry. SQLite's
full-text table needs no such index, so this does nothing there.
"""

from django.db import migrations

INDEX = "wagtailsearch_indexentry_title_body_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailsearch_indexentry "
            "USING GIN ((title || body))"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0004_suppression_list"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
