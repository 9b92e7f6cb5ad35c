# The CPD models moved to the nested app events.cpd (label "cpd"). Their tables stay where
# they are: this only takes them out of the events app's state; cpd.0001 puts them in its own.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0003_notices_feeds_messages"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                # CpdEntry first: it points at EventRecording.
                migrations.DeleteModel(name="CpdEntry"),
                migrations.DeleteModel(name="Certificate"),
                migrations.DeleteModel(name="EvaluationRequest"),
                migrations.DeleteModel(name="EventCheckIn"),
                migrations.DeleteModel(name="EventEvaluation"),
                migrations.DeleteModel(name="EventRecording"),
            ],
            database_operations=[],
        ),
    ]
