"""Comms (Wagtail's "Editors" group) edit news, publications and round-ups only: their page
rights move from the root of the tree to those sections, so they no longer open meetings and
their confidential agenda items. publications.services.sync_comms_editors keeps it so."""

from django.db import migrations

COMMS_EDITORS = "Editors"
COMMS_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]


def comms_edit_only_their_sections(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    sections = [
        pk
        for label, model in (
            ("publications", "PublicationIndexPage"),
            ("publications", "NewsIndexPage"),
            ("roundup", "RoundupIndexPage"),
        )
        for pk in apps.get_model(label, model).objects.values_list("pk", flat=True)
    ]
    group = Group.objects.filter(name=COMMS_EDITORS).first()
    if group is None:
        return
    GroupPagePermission.objects.filter(group=group).exclude(page_id__in=sections).delete()
    page_type = ContentType.objects.filter(app_label="wagtailcore", model="page").first()
    permissions = Permission.objects.filter(
        content_type=page_type, codename__in=COMMS_PAGE_PERMISSIONS
    )
    for page_id in sections:
        for permission in permissions:
            GroupPagePermission.objects.get_or_create(
                group=group, page_id=page_id, permission=permission
            )


class Migration(migrations.Migration):
    dependencies = [
        ("publications", "0001_publications_and_news"),
        ("roundup", "0002_subscriber_history_draft_baseline"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunPython(comms_edit_only_their_sections, migrations.RunPython.noop),
    ]
