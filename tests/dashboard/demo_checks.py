"""Checks of the demo dashboard: the report's figures and evidence links, shown to a member.
Run by tests/test_demo_network.py against the one whole-demo load."""

from django.urls import reverse

from portal.models import User
from publications.dashboard.models import (
    ObjectiveEvidence,
    PlanObjective,
    QsiProgress,
    QuorumCheck,
)
from publications.dashboard.services import metrics


def counts():
    return [
        PlanObjective.objects.count(),
        ObjectiveEvidence.objects.count(),
        QsiProgress.objects.count(),
        QuorumCheck.objects.count(),
    ]


def check(client):
    assert metrics.maturity_trend().latest.overall_label == "Developing – 9.59"
    assert [s.percent_complete for s in metrics.qsin_progress().snapshots] == [18, 30]
    assert len(metrics.qsi_matrix().rows) == 15
    assert QuorumCheck.objects.exists()  # every held demo meeting has its quorum checked
    workforce = PlanObjective.objects.get(text__startswith="First iteration of the Workforce")
    assert workforce.evidence.filter(decision__isnull=False).exists()

    client.force_login(User.objects.get(email="member@demo.example"))
    page = client.get(reverse("dashboard:overview"))
    assert page.status_code == 200
    assert "Developing – 9.59" in page.text
    client.force_login(User.objects.get(email="chair.mri@demo.example"))
    assert client.get(reverse("dashboard:plan")).status_code == 200
