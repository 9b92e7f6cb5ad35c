"""Lay review moves to its own app, governance.lay (label `lay`).

Governance forgets the models here without touching the database: their tables keep their
names and rows, and lay 0001 takes them over in Django's state.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("governance", "0004_lay_review"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name="YouSaidWeDid"),
                migrations.DeleteModel(name="LayNotice"),
                migrations.DeleteModel(name="PaperReview"),
                migrations.DeleteModel(name="PapersIssue"),
                migrations.DeleteModel(name="ExpenseClaim"),
                migrations.DeleteModel(name="LayFeedback"),
                migrations.DeleteModel(name="GlossaryTerm"),
            ],
        ),
    ]
