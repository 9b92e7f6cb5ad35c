"""Lay review and volunteer onboarding, moved here from governance and portal.

Their tables stay as they are (`db_table`): this migration only takes the models over in
Django's state, after governance 0005 and portal 0006 let go of them. The content types move
with them, so permissions, audit-log entries and search entries still find their models.
"""

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
import modelsearch.index
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models

MOVED = {
    "governance": [
        "glossaryterm",
        "paperreview",
        "layfeedback",
        "yousaidwedid",
        "papersissue",
        "laynotice",
        "expenseclaim",
    ],
    "portal": ["policyacceptance", "volunteerinvitation", "volunteerpolicysettings"],
}


def _move_content_types(apps, to_old):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for old_label, models_ in MOVED.items():
        source, target = ("lay", old_label) if to_old else (old_label, "lay")
        for model in models_:
            if ContentType.objects.filter(app_label=target, model=model).exists():
                continue
            ContentType.objects.filter(app_label=source, model=model).update(app_label=target)


def move_content_types(apps, schema_editor):
    _move_content_types(apps, to_old=False)


def move_content_types_back(apps, schema_editor):
    _move_content_types(apps, to_old=True)


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('filer', '0018_alter_file_options'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('governance', '0005_move_lay_out'),
        ('portal', '0006_move_volunteers_out'),
        ('wagtailcore', '0098_apitoken'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='GlossaryTerm',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('term', models.CharField(help_text='As it appears in papers.', max_length=80, unique=True)),
                        ('meaning', models.CharField(blank=True, help_text='For an abbreviation, what it is short for.', max_length=200, verbose_name='stands for')),
                        ('definition', models.TextField(help_text='In plain English, a sentence or two, for patients.', max_length=600)),
                    ],
                    options={
                        'verbose_name': 'glossary term',
                        'db_table': 'governance_glossaryterm',
                        'ordering': ['term'],
                    },
                    bases=(modelsearch.index.Indexed, models.Model),
                ),
                migrations.CreateModel(
                    name='LayFeedback',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('question', 'Question'), ('concern', 'Concern'), ('suggestion', 'Suggestion')], max_length=20)),
                        ('text', models.TextField(max_length=3000)),
                        ('ease', models.PositiveSmallIntegerField(choices=[(1, '1 – very hard'), (2, '2 – hard'), (3, '3 – neither easy nor hard'), (4, '4 – easy'), (5, '5 – very easy')], validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(5)], verbose_name='how easy the paper was to understand')),
                        ('shared_with_volunteers', models.BooleanField(default=False)),
                        ('raise_at_meeting', models.BooleanField(default=False)),
                        ('name_in_public_log', models.BooleanField(default=False, help_text='The volunteer agrees to be named in the public log.')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('answer', models.TextField(blank=True, max_length=3000)),
                        ('answered_at', models.DateTimeField(blank=True, null=True)),
                        ('answered_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('author', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='lay_feedback', to=settings.AUTH_USER_MODEL)),
                        ('paper', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='lay_feedback', to='governance.paper')),
                    ],
                    options={
                        'verbose_name': 'lay feedback',
                        'verbose_name_plural': 'lay feedback',
                        'db_table': 'governance_layfeedback',
                        'ordering': ['-created_at', '-pk'],
                    },
                ),
                migrations.CreateModel(
                    name='PapersIssue',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('issued_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('papers_without_lay_summary', models.PositiveSmallIntegerField(default=0, help_text='How many papers had no lay summary when the chair issued them.')),
                        ('issued_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('meeting', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='papers_issue', to='governance.meetingpage')),
                    ],
                    options={
                        'db_table': 'governance_papersissue',
                    },
                ),
                migrations.CreateModel(
                    name='VolunteerInvitation',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('invited_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('accepted_at', models.DateTimeField(blank=True, null=True)),
                        ('message', models.TextField(blank=True, max_length=1000)),
                        ('invited_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('person', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='volunteer_invitation', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'portal_volunteerinvitation',
                        'ordering': ['-invited_at'],
                    },
                ),
                migrations.CreateModel(
                    name='VolunteerPolicySettings',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('policy_version', models.CharField(blank=True, help_text='For example 2024.1. Volunteers accept each new version once.', max_length=40)),
                        ('policy_page', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.WAGTAIL_PAGE_MODEL, verbose_name='Patient Volunteer Policy page')),
                        ('site', models.OneToOneField(editable=False, on_delete=django.db.models.deletion.CASCADE, to='wagtailcore.site')),
                    ],
                    options={
                        'verbose_name': 'patient volunteer policy',
                        'db_table': 'portal_volunteerpolicysettings',
                    },
                ),
                migrations.CreateModel(
                    name='YouSaidWeDid',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('you_said', models.TextField(help_text='What volunteers told us.', max_length=1500)),
                        ('we_did', models.TextField(help_text='What changed because of it.', max_length=1500)),
                        ('is_public', models.BooleanField(default=True, help_text='Leave unticked if the change concerns a confidential (Part B) item.', verbose_name="show on the board's public page")),
                        ('recorded_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('feedback', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='changes', to='lay.layfeedback')),
                        ('group', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='you_said_we_did', to='governance.grouppage')),
                        ('recorded_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': '“you said, we did” entry',
                        'verbose_name_plural': '“you said, we did” entries',
                        'db_table': 'governance_yousaidwedid',
                        'ordering': ['-recorded_at', '-pk'],
                    },
                ),
                migrations.CreateModel(
                    name='ExpenseClaim',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('travel_mode', models.CharField(choices=[('car', 'Car (mileage)'), ('public_transport', 'Bus, train or tram'), ('taxi', 'Taxi'), ('other', 'Other'), ('none', 'No travel (online)')], max_length=20)),
                        ('miles', models.DecimalField(decimal_places=1, default=Decimal('0'), max_digits=6, validators=[django.core.validators.MinValueValidator(0)])),
                        ('fare', models.DecimalField(decimal_places=2, default=Decimal('0'), max_digits=7, validators=[django.core.validators.MinValueValidator(0)])),
                        ('parking', models.DecimalField(decimal_places=2, default=Decimal('0'), max_digits=7, validators=[django.core.validators.MinValueValidator(0)])),
                        ('mileage_rate', models.DecimalField(decimal_places=2, help_text='Pounds per mile when the claim was made.', max_digits=4)),
                        ('notes', models.TextField(blank=True, max_length=1000)),
                        ('status', models.CharField(choices=[('submitted', 'Waiting for a decision'), ('approved', 'Approved'), ('rejected', 'Rejected')], default='submitted', max_length=20)),
                        ('submitted_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('decided_at', models.DateTimeField(blank=True, null=True)),
                        ('decision_note', models.TextField(blank=True, max_length=1000)),
                        ('claimant', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='expense_claims', to=settings.AUTH_USER_MODEL)),
                        ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('meeting', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='expense_claims', to='governance.meetingpage')),
                        ('receipt', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='filer.file')),
                    ],
                    options={
                        'db_table': 'governance_expenseclaim',
                        'ordering': ['-submitted_at', '-pk'],
                        'constraints': [models.UniqueConstraint(condition=models.Q(('status', 'rejected'), _negated=True), fields=('claimant', 'meeting'), name='one_live_expense_claim_per_meeting')],
                    },
                ),
                migrations.CreateModel(
                    name='LayNotice',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('published', 'Papers published'), ('reminder', 'Review reminder')], max_length=20)),
                        ('sent_at', models.DateTimeField(blank=True, null=True)),
                        ('meeting', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='lay_notices', to='governance.meetingpage')),
                        ('volunteer', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='lay_notices', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'governance_laynotice',
                        'constraints': [models.UniqueConstraint(fields=('meeting', 'volunteer', 'kind'), name='one_lay_notice_per_kind')],
                    },
                ),
                migrations.CreateModel(
                    name='PaperReview',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('read_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('paper', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='lay_reviews', to='governance.paper')),
                        ('volunteer', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='paper_reviews', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'governance_paperreview',
                        'constraints': [models.UniqueConstraint(fields=('paper', 'volunteer'), name='one_review_per_paper')],
                    },
                ),
                migrations.CreateModel(
                    name='PolicyAcceptance',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('policy_version', models.CharField(max_length=40)),
                        ('accepted_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('person', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='policy_acceptances', to=settings.AUTH_USER_MODEL)),
                        ('policy_page', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.WAGTAIL_PAGE_MODEL)),
                    ],
                    options={
                        'db_table': 'portal_policyacceptance',
                        'ordering': ['-accepted_at'],
                        'constraints': [models.UniqueConstraint(fields=('person', 'policy_version'), name='one_acceptance_per_policy_version')],
                    },
                ),
            ],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
