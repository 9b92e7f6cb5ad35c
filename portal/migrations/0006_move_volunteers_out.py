"""Volunteer onboarding moves to governance.lay (label `lay`).

Portal forgets the models here without touching the database: their tables keep their names
and rows, and lay 0001 takes them over in Django's state.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("portal", "0005_search_title_body_index"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name="PolicyAcceptance"),
                migrations.DeleteModel(name="VolunteerInvitation"),
                migrations.DeleteModel(name="VolunteerPolicySettings"),
            ],
        ),
    ]
