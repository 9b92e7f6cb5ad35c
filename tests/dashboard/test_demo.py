"""The whole demo network loads with the dashboard's figures and its evidence links in place,
the dashboard shows them to a member, and a second load changes nothing. One slow test."""

import io

from django.core.management import call_command
from django.urls import reverse

from portal.models import User
from publications.dashboard.models import (
    ObjectiveEvidence,
    PlanObjective,
    QsiProgress,
    QuorumCheck,
)
from publications.dashboard.services import metrics


def dashboard_counts():
    return [
        PlanObjective.objects.count(),
        ObjectiveEvidence.objects.count(),
        QsiProgress.objects.count(),
        QuorumCheck.objects.count(),
    ]


def test_the_demo_network_loads_the_dashboard(db, client):
    call_command("load_demo_network", stdout=io.StringIO())
    assert metrics.maturity_trend().latest.overall_label == "Developing – 9.59"
    assert [s.percent_complete for s in metrics.qsin_progress().snapshots] == [18, 30]
    assert len(metrics.qsi_matrix().rows) == 15
    assert QuorumCheck.objects.exists()  # every held demo meeting has its quorum checked
    workforce = PlanObjective.objects.get(text__startswith="First iteration of the Workforce")
    assert workforce.evidence.filter(decision__isnull=False).exists()
    before = dashboard_counts()

    client.force_login(User.objects.get(email="member@demo.example"))
    page = client.get(reverse("dashboard:overview"))
    assert page.status_code == 200
    assert "Developing – 9.59" in page.text
    client.force_login(User.objects.get(email="chair.mri@demo.example"))
    assert client.get(reverse("dashboard:plan")).status_code == 200

    call_command("load_demo_network", stdout=io.StringIO())
    assert dashboard_counts() == before
