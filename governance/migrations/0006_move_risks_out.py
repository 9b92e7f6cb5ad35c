"""The risk register moves to its own app, governance.risks (label `risks`).

Governance forgets the models here without touching the database: their tables keep their
names and rows, and risks 0001 takes them over in Django's state.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('governance', '0005_move_lay_out'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name='RiskScoreChange'),
                migrations.DeleteModel(name='RiskReviewReminder'),
                migrations.DeleteModel(name='RiskReferenceCounter'),
                migrations.DeleteModel(name='RiskSettings'),
                migrations.DeleteModel(name='Risk'),
            ],
        ),
    ]
