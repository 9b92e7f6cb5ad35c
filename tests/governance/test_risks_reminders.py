"""The weekly task that reminds owners of risks overdue for review."""

import datetime as dt

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from governance.risks import tasks

from .fixtures_risks import RiskFactory

pytestmark = pytest.mark.django_db


def test_the_task_reminds_once_and_queues_its_next_run_a_week_on(risk_world, smtp_inbox):
    late = timezone.localdate() - dt.timedelta(days=1)
    RiskFactory(group=risk_world.sig, owner=risk_world.sig_member, next_review_date=late)
    assert tasks.send_overdue_risk_review_reminders.call() == 1
    assert tasks.send_overdue_risk_review_reminders.call() == 0
    (message,) = smtp_inbox.messages
    assert message["Subject"] == "1 risk you own is overdue for review"
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "/review/" in html
    (waiting,) = DBTaskResult.objects.filter(
        task_path="governance.risks.tasks.send_overdue_risk_review_reminders", status="READY"
    )
    assert waiting.run_after - timezone.now() > dt.timedelta(days=6, hours=23)
