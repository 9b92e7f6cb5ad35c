"""The risk register moves into its own app (label `risks`), keeping its tables.

Only Django's record of the models moves: governance 0006 forgets them and this migration
knows them again under `risks`, with the same `governance_…` tables, so no data moves.
The content types of the moved models are relabelled, so permissions, admin log entries
and Wagtail's audit log that point at them keep pointing at them.
"""

import django.core.validators
import django.db.models.deletion
import django.db.models.expressions
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

MOVED = ["risk", "riskscorechange", "riskreferencecounter", "riskreviewreminder", "risksettings"]


def _relabel(apps, from_label, to_label):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if ContentType.objects.filter(app_label=to_label, model=model).exists():
            continue
        ContentType.objects.filter(app_label=from_label, model=model).update(app_label=to_label)


def relabel_content_types(apps, schema_editor):
    _relabel(apps, "governance", "risks")


def restore_content_types(apps, schema_editor):
    _relabel(apps, "risks", "governance")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('governance', '0006_move_risks_out'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='RiskReferenceCounter',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('last_issued', models.PositiveIntegerField(default=0)),
                    ],
                    options={
                        'db_table': 'governance_riskreferencecounter',
                    },
                ),
                migrations.CreateModel(
                    name='RiskSettings',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('low_max', models.PositiveSmallIntegerField(default=3, validators=[django.core.validators.MinValueValidator(1)], verbose_name='highest low score')),
                        ('moderate_max', models.PositiveSmallIntegerField(default=6, verbose_name='highest moderate score')),
                        ('high_max', models.PositiveSmallIntegerField(default=12, help_text='Scores above this are extreme.', validators=[django.core.validators.MaxValueValidator(24)], verbose_name='highest high score')),
                        ('review_days_low', models.PositiveSmallIntegerField(default=365, verbose_name='low')),
                        ('review_days_moderate', models.PositiveSmallIntegerField(default=180, verbose_name='moderate')),
                        ('review_days_high', models.PositiveSmallIntegerField(default=90, verbose_name='high')),
                        ('review_days_extreme', models.PositiveSmallIntegerField(default=30, verbose_name='extreme')),
                    ],
                    options={
                        'db_table': 'governance_risksettings',
                        'verbose_name': 'risk settings',
                    },
                ),
                migrations.CreateModel(
                    name='Risk',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('reference', models.CharField(editable=False, max_length=20, unique=True)),
                        ('title', models.CharField(max_length=200)),
                        ('cause', models.TextField(help_text='Because of… (what gives rise to the risk).')),
                        ('event', models.TextField(help_text='There is a risk that… (what might happen).')),
                        ('effect', models.TextField(help_text='Resulting in… (the harm if it does).')),
                        ('source', models.CharField(choices=[('incident', 'Incident'), ('audit', 'Audit'), ('complaint', 'Complaint'), ('horizon_scanning', 'Horizon scanning'), ('other', 'Other')], default='other', max_length=20)),
                        ('category', models.CharField(choices=[('workforce', 'Workforce'), ('digital', 'Digital'), ('financial', 'Financial'), ('clinical_quality', 'Clinical quality'), ('capacity', 'Capacity'), ('reputational', 'Reputational'), ('other', 'Other')], max_length=20)),
                        ('opened_on', models.DateField(default=django.utils.timezone.localdate)),
                        ('controls', models.TextField(blank=True)),
                        ('gaps_in_control', models.TextField(blank=True)),
                        ('assurances', models.TextField(blank=True)),
                        ('gaps_in_assurance', models.TextField(blank=True)),
                        ('initial_consequence', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(5)], verbose_name='initial consequence')),
                        ('initial_likelihood', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(5)], verbose_name='initial likelihood')),
                        ('initial_score', models.GeneratedField(db_persist=True, expression=django.db.models.expressions.CombinedExpression(models.F('initial_consequence'), '*', models.F('initial_likelihood')), output_field=models.PositiveSmallIntegerField())),
                        ('current_consequence', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(5)], verbose_name='current consequence')),
                        ('current_likelihood', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(5)], verbose_name='current likelihood')),
                        ('current_score', models.GeneratedField(db_persist=True, expression=django.db.models.expressions.CombinedExpression(models.F('current_consequence'), '*', models.F('current_likelihood')), output_field=models.PositiveSmallIntegerField())),
                        ('target_consequence', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(5)], verbose_name='target consequence')),
                        ('target_likelihood', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(5)], verbose_name='target likelihood')),
                        ('target_score', models.GeneratedField(db_persist=True, expression=django.db.models.expressions.CombinedExpression(models.F('target_consequence'), '*', models.F('target_likelihood')), output_field=models.PositiveSmallIntegerField())),
                        ('appetite', models.CharField(choices=[('averse', 'Averse: avoid the risk'), ('minimal', 'Minimal: as little as possible'), ('cautious', 'Cautious: prefer safe options'), ('open', 'Open: willing to consider all options'), ('eager', 'Eager: seek innovation despite the risk')], default='cautious', max_length=20, verbose_name='risk appetite')),
                        ('status', models.CharField(choices=[('open', 'Open'), ('closed', 'Closed')], default='open', max_length=10)),
                        ('closed_on', models.DateField(blank=True, null=True)),
                        ('closure_reason', models.TextField(blank=True)),
                        ('review_frequency_days', models.PositiveSmallIntegerField(blank=True, help_text="Leave blank to follow the risk's band.", null=True, validators=[django.core.validators.MinValueValidator(1)], verbose_name='days between reviews')),
                        ('last_reviewed_on', models.DateField(blank=True, null=True)),
                        ('next_review_date', models.DateField()),
                        ('actions', models.ManyToManyField(blank=True, related_name='risks', to='governance.action')),
                        ('decisions', models.ManyToManyField(blank=True, related_name='risks', to='governance.decision')),
                        ('group', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='risks', to='governance.grouppage')),
                        ('owner', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='owned_risks', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'governance_risk',
                        'ordering': ['-current_score', 'reference'],
                    },
                ),
                migrations.CreateModel(
                    name='RiskReviewReminder',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('week_of', models.DateField(help_text='The Monday of the week the reminder was sent.')),
                        ('sent_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('risk_count', models.PositiveSmallIntegerField()),
                        ('person', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'governance_riskreviewreminder',
                    },
                ),
                migrations.CreateModel(
                    name='RiskScoreChange',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('changed_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('reason', models.TextField()),
                        ('previous_consequence', models.PositiveSmallIntegerField(blank=True, null=True)),
                        ('previous_likelihood', models.PositiveSmallIntegerField(blank=True, null=True)),
                        ('new_consequence', models.PositiveSmallIntegerField()),
                        ('new_likelihood', models.PositiveSmallIntegerField()),
                        ('escalation', models.CharField(blank=True, choices=[('', 'No change'), ('escalated', 'Escalated'), ('de_escalated', 'De-escalated')], default='', max_length=20)),
                        ('escalation_note', models.CharField(blank=True, max_length=500)),
                        ('changed_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('risk', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='score_changes', to='risks.risk')),
                    ],
                    options={
                        'db_table': 'governance_riskscorechange',
                        'ordering': ['-changed_at', '-pk'],
                    },
                ),
                migrations.AddIndex(
                    model_name='risk',
                    index=models.Index(fields=['group', 'status'], name='governance__group_i_f22d83_idx'),
                ),
                migrations.AddIndex(
                    model_name='risk',
                    index=models.Index(fields=['status', 'next_review_date'], name='governance__status_fa83a1_idx'),
                ),
                migrations.AddConstraint(
                    model_name='risk',
                    constraint=models.CheckConstraint(condition=models.Q(('status', 'open'), models.Q(('closure_reason', ''), _negated=True), _connector='OR'), name='closed_risk_has_reason', violation_error_message='Give a reason for closing the risk.'),
                ),
                migrations.AddConstraint(
                    model_name='riskreviewreminder',
                    constraint=models.UniqueConstraint(fields=('person', 'week_of'), name='one_risk_reminder_a_week'),
                ),
                migrations.AddConstraint(
                    model_name='riskscorechange',
                    constraint=models.CheckConstraint(condition=models.Q(('reason', ''), _negated=True), name='risk_score_change_has_reason', violation_error_message='Give a reason for changing the score.'),
                ),
            ],
        ),
        migrations.RunPython(relabel_content_types, restore_content_types, elidable=True),
    ]
