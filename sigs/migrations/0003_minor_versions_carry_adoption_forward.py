"""Minor and major versions: a minor version carries every trust's adoption forward.

The data step applies the rule to versions already approved. Each keeps the kind its chair
chose (so its number still reads right); a minor version approved before this rule existed
gets, for each trust that has said nothing on it yet, its status on the version before,
marked as carried forward. Major versions, and trusts that have re-confirmed, are untouched.
"""

import django.db.models.deletion
from django.db import migrations, models

MINOR = "Minor: wording, a typo or a clarification (2.0 to 2.1)"
MAJOR = "Major: a clinical change trusts must re-confirm (2.1 to 3.0)"
GUIDANCE = (
    "Minor: wording, a typo or a clarification that changes nothing staff do. Every trust's "
    "adoption carries forward to the new version automatically. Major: a clinical change (a "
    "sequence, a dose, an indication, a timing). Trust leads are asked to re-confirm, and "
    "their trusts show as behind until they do."
)


def carry_forward_existing_minor_versions(apps, schema_editor):
    ProtocolVersion = apps.get_model("sigs", "ProtocolVersion")
    Adoption = apps.get_model("sigs", "Adoption")
    versions = ProtocolVersion.objects.order_by("protocol_id", "major", "minor")
    previous = None
    for version in versions:
        if (
            previous is not None
            and previous.protocol_id == version.protocol_id
            and version.change_kind == "minor"
        ):
            already = set(
                Adoption.objects.filter(version=version).values_list("trust_id", flat=True)
            )
            Adoption.objects.bulk_create(
                Adoption(
                    version=version,
                    trust_id=row.trust_id,
                    status=row.status,
                    adopted_on=row.adopted_on,
                    adopt_by=row.adopt_by,
                    variation_reason=row.variation_reason,
                    set_by_id=row.set_by_id,
                    set_at=version.approved_at,
                    carried_forward_from=previous,
                )
                for row in Adoption.objects.filter(version=previous).order_by("pk")
                if row.trust_id not in already
            )
        previous = version


class Migration(migrations.Migration):
    dependencies = [
        ("sigs", "0002_workspaces_protocols_adoption"),
    ]

    operations = [
        migrations.AlterField(
            model_name="protocolpage",
            name="change_kind",
            field=models.CharField(
                choices=[("minor", MINOR), ("major", MAJOR)],
                default="minor",
                help_text=GUIDANCE,
                max_length=10,
                verbose_name="kind of change",
            ),
        ),
        migrations.AlterField(
            model_name="protocolpage",
            name="change_summary",
            field=models.TextField(
                blank=True,
                help_text="What this version changes and why, written for this version. "
                "Members and trust leads read it.",
            ),
        ),
        migrations.AlterField(
            model_name="protocolversion",
            name="change_kind",
            field=models.CharField(choices=[("minor", MINOR), ("major", MAJOR)], max_length=10),
        ),
        migrations.AddField(
            model_name="adoption",
            name="carried_forward_from",
            field=models.ForeignKey(
                blank=True,
                help_text="The version this status was carried forward from, for a minor "
                "version; empty once a trust lead sets the status themselves.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="sigs.protocolversion",
            ),
        ),
        migrations.RunPython(carry_forward_existing_minor_versions, migrations.RunPython.noop),
    ]
