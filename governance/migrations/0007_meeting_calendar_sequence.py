"""A meeting keeps its own calendar SEQUENCE, raised on every change a member sees.

It used to be worked out from the number of publishes, which missed a meeting moved before it
was ever republished; existing meetings start from that old value, so it never goes down.
"""

from django.db import migrations, models
from django.db.models import Count


def carry_over_sequences(apps, schema_editor):
    MeetingPage = apps.get_model("governance", "MeetingPage")
    PageLogEntry = apps.get_model("wagtailcore", "PageLogEntry")
    publishes = dict(
        PageLogEntry.objects.filter(
            page__in=MeetingPage.objects.values("pk"), action="wagtail.publish"
        )
        .values_list("page")
        .annotate(count=Count("id"))
    )
    for pk, count in publishes.items():
        if count > 1:
            MeetingPage.objects.filter(pk=pk).update(sequence=count - 1)


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0006_move_risks_out"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="meetingpage",
            name="sequence",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.RunPython(carry_over_sequences, migrations.RunPython.noop),
    ]
