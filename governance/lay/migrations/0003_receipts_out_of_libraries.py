"""Expense receipts leave the boards' file libraries.

They were stored in each board's filer folder ("Groups/<board>/Expense receipts"), where the
board's members could list, download and replace them. Each receipt file moves, unchanged, to
one private root folder that belongs to no library; nothing is copied or deleted. Going back
leaves them there (putting them back would reopen the leak)."""

from django.db import migrations

RECEIPTS_FOLDER = "Expense receipts (private)"


def move_receipts(apps, schema_editor):
    ExpenseClaim = apps.get_model("lay", "ExpenseClaim")
    Folder = apps.get_model("filer", "Folder")
    File = apps.get_model("filer", "File")
    receipt_ids = list(
        ExpenseClaim.objects.filter(receipt__isnull=False).values_list("receipt_id", flat=True)
    )
    if not receipt_ids:
        return
    folder = Folder.objects.filter(name=RECEIPTS_FOLDER, parent=None).first()
    if folder is None:
        folder = Folder.objects.create(name=RECEIPTS_FOLDER, parent=None)
    File.objects.filter(pk__in=receipt_ids).exclude(folder=folder).update(
        folder=folder, is_public=False
    )
    # The emptied library folders ("Expense receipts" in each board's folder) are left: a
    # board may have put its own files there.


class Migration(migrations.Migration):
    dependencies = [
        ("lay", "0002_volunteer_trust_fixes"),
        ("filer", "0018_alter_file_options"),
    ]

    operations = [migrations.RunPython(move_receipts, migrations.RunPython.noop)]
