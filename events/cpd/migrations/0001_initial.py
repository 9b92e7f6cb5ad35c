# The CPD models, moved here from the events app with their tables (events_*). State only:
# the tables were made by events.0002 and no data moves.

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
import events.cpd.models
import modelcluster.fields
from django.conf import settings
from django.db import migrations, models


def adopt_content_types(apps, schema_editor):
    """Existing content types (and so permissions) follow the models to their new app."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="events", model__in=MODELS).exclude(
        model__in=ContentType.objects.filter(app_label="cpd").values("model")
    ).update(app_label="cpd")


def return_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="cpd", model__in=MODELS).update(app_label="events")


MODELS = [
    "certificate",
    "cpdentry",
    "evaluationrequest",
    "eventcheckin",
    "eventevaluation",
    "eventrecording",
]


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("events", "0004_move_cpd_out"),
        ("filer", "0018_alter_file_options"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Certificate',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('verification_code', models.CharField(default=events.cpd.models._new_verification_code, max_length=16, unique=True)),
                        ('issued_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('attendee_name', models.CharField(max_length=300)),
                        ('registration', models.CharField(blank=True, max_length=200)),
                        ('event_title', models.CharField(max_length=255)),
                        ('event_type', models.CharField(max_length=100)),
                        ('organiser', models.CharField(blank=True, max_length=255)),
                        ('event_start', models.DateTimeField()),
                        ('event_end', models.DateTimeField()),
                        ('cpd_hours', models.DecimalField(blank=True, decimal_places=1, max_digits=4, null=True)),
                        ('rcr_credits', models.PositiveSmallIntegerField(blank=True, null=True)),
                        ('cor_outcomes', models.TextField(blank=True)),
                        ('learning_outcomes', models.TextField(blank=True)),
                        ('booking', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='certificate', to='events.booking')),
                    ],
                    options={
                        'db_table': 'events_certificate',
                    },
                ),
                migrations.CreateModel(
                    name='EvaluationRequest',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('sent_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('booking', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='evaluation_request', to='events.booking')),
                    ],
                    options={
                        'db_table': 'events_evaluationrequest',
                    },
                ),
                migrations.CreateModel(
                    name='EventCheckIn',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.CharField(max_length=6, unique=True)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('event', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='check_in', to='events.eventpage')),
                    ],
                    options={
                        'db_table': 'events_eventcheckin',
                        'verbose_name': 'self check-in code',
                    },
                ),
                migrations.CreateModel(
                    name='EventEvaluation',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('overall', models.PositiveSmallIntegerField(choices=[(5, 'Excellent'), (4, 'Good'), (3, 'Fair'), (2, 'Poor'), (1, 'Very poor')], verbose_name='How would you rate the event overall?')),
                        ('outcomes_met', models.CharField(choices=[('fully', 'Yes, fully'), ('partly', 'Partly'), ('no', 'No')], max_length=10, verbose_name='Did the event meet its learning outcomes?')),
                        ('most_useful', models.TextField(max_length=2000, verbose_name='What was most useful?')),
                        ('improvements', models.TextField(blank=True, max_length=2000, verbose_name='What could we do better?')),
                        ('would_recommend', models.BooleanField(verbose_name='Would you recommend it to a colleague?')),
                        ('submitted_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('booking', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='evaluation', to='events.booking')),
                    ],
                    options={
                        'db_table': 'events_eventevaluation',
                    },
                ),
                migrations.CreateModel(
                    name='EventRecording',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('sort_order', models.IntegerField(blank=True, editable=False, null=True)),
                        ('title', models.CharField(help_text='For example: Recording of the webinar', max_length=255)),
                        ('video_url', models.URLField(blank=True, help_text='Or a link to the video (never shown to the public).', verbose_name='video link')),
                        ('duration_minutes', models.PositiveIntegerField(blank=True, null=True, validators=[django.core.validators.MaxValueValidator(1440)])),
                        ('visibility', models.CharField(choices=[('network', 'Network members')], default='network', help_text='Recordings are for network members.', max_length=20)),
                        ('event', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='recordings', to='events.eventpage')),
                        ('recording_file', models.ForeignKey(blank=True, help_text='A private video file in the file library.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='filer.file')),
                        ('slides', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='filer.file')),
                    ],
                    options={
                        'db_table': 'events_eventrecording',
                        'ordering': ['sort_order'],
                        'abstract': False,
                    },
                ),
                migrations.CreateModel(
                    name='CpdEntry',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('source', models.CharField(choices=[('network_event', 'Network event'), ('recording', 'Watched recording'), ('external', 'External activity')], default='external', max_length=20)),
                        ('activity_type', models.CharField(choices=[('work_based', 'Work-based learning'), ('professional', 'Professional activity'), ('formal', 'Formal and educational'), ('self_directed', 'Self-directed learning'), ('other', 'Other')], max_length=20, verbose_name='type of activity')),
                        ('title', models.CharField(max_length=255, verbose_name='activity')),
                        ('provider', models.CharField(blank=True, help_text='Who ran it, if anyone.', max_length=255, verbose_name='provider or organiser')),
                        ('start_date', models.DateField(verbose_name='date')),
                        ('end_date', models.DateField(blank=True, help_text='Only if it ran over more than one day.', null=True)),
                        ('hours', models.DecimalField(decimal_places=2, max_digits=5, validators=[django.core.validators.MinValueValidator(0.25), django.core.validators.MaxValueValidator(500)])),
                        ('outcomes', models.TextField(blank=True, help_text='What the activity covered, one per line.', verbose_name='learning outcomes')),
                        ('reflection', models.TextField(blank=True, help_text='What you learnt, and how it benefits your patients and service users.')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('booking', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='cpd_entry', to='events.booking')),
                        ('person', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='cpd_entries', to=settings.AUTH_USER_MODEL)),
                        ('recording', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='cpd.eventrecording')),
                    ],
                    options={
                        'db_table': 'events_cpdentry',
                        'verbose_name': 'CPD log entry',
                        'verbose_name_plural': 'CPD log entries',
                        'indexes': [models.Index(fields=['person', 'start_date'], name='events_cpde_person__0ed561_idx')],
                        'constraints': [models.UniqueConstraint(condition=models.Q(('recording__isnull', False)), fields=('person', 'recording'), name='one_watched_entry_per_recording')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(adopt_content_types, return_content_types, elidable=True),
    ]
