"""An agenda item's presenter becomes a person (a foreign key); the free text stays, for display
only. Existing presenters are matched by email address alone, and only where exactly one
account has it: a name could be anyone's (that was the leak), so names are never matched."""

import re

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")


def match_presenters_by_email(apps, schema_editor):
    AgendaItem = apps.get_model("governance", "AgendaItem")
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    for item in AgendaItem.objects.exclude(presenter="").filter(presenter_person__isnull=True):
        found = set(EMAIL.findall(item.presenter))
        if len(found) != 1:
            continue
        email = found.pop()
        people = list(User.objects.filter(email__iexact=email)[:2])
        if len(people) != 1:
            continue
        item.presenter_person = people[0]
        if item.presenter.strip().casefold() == email.casefold():
            item.presenter = ""  # the agenda shows the person's name instead of their address
        item.save(update_fields=["presenter_person", "presenter"])


class Migration(migrations.Migration):

    dependencies = [
        ('governance', '0007_meeting_calendar_sequence'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='agendaitem',
            name='presenter_person',
            field=models.ForeignKey(blank=True, help_text='The network member who presents the item.', limit_choices_to={'is_active': True, 'network_status': 'member'}, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='presented_items', to=settings.AUTH_USER_MODEL, verbose_name='presenter'),
        ),
        migrations.AlterField(
            model_name='agendaitem',
            name='presenter',
            field=models.CharField(blank=True, help_text="How the presenter is named on the agenda. It grants nothing: only the person chosen below may see and answer volunteers' feedback on the item's papers.", max_length=150, verbose_name='presenter (as shown)'),
        ),
        migrations.RunPython(match_presenters_by_email, migrations.RunPython.noop),
    ]
