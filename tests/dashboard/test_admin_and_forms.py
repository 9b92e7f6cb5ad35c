"""The network office edits the dashboard's figures in the admin; chairs cannot. The period
form explains what is wrong beside the field."""

import datetime as dt

import pytest
from django.urls import reverse

from publications.dashboard.forms import PeriodForm
from publications.dashboard.models import MaturityStage, QsinSnapshot
from tests.portal.factories import UserFactory

from .factories import MaturityAssessmentFactory, MaturityDomainFactory

SNIPPETS = ["maturityassessment", "maturitydomain", "qsiprogress", "qsinsnapshot", "planobjective"]


@pytest.fixture
def office(db):
    return UserFactory(network_office=True)


@pytest.mark.parametrize("model", SNIPPETS)
def test_the_network_office_edits_the_figures_and_chairs_do_not(client, world, office, model):
    url = reverse(f"wagtailsnippets_dashboard_{model}:list")
    client.force_login(office)
    assert client.get(url).status_code == 200
    client.force_login(world.chair)  # has admin access to edit the group's pages
    assert client.get(url).status_code in (302, 403)


def test_the_office_switches_the_public_summary_on(client, world, office):
    url = reverse("wagtailsettings:edit", args=["dashboard", "dashboardsettings"])
    client.force_login(office)
    page = client.get(url, follow=True)
    assert page.status_code == 200
    assert "Show the public summary" in page.text
    client.force_login(world.chair)
    assert "Show the public summary" not in client.get(url, follow=True).text


def test_an_assessment_is_added_with_its_domain_scores_in_the_admin(client, world, office):
    domain = MaturityDomainFactory(name="Workforce")
    client.force_login(office)
    response = client.post(
        reverse("wagtailsnippets_dashboard_maturityassessment:add"),
        {
            "submitted_on": "2024-06-30",
            "overall_stage": MaturityStage.DEVELOPING,
            "overall_score": "10.2",
            "notes": "",
            "domain_scores-TOTAL_FORMS": "1",
            "domain_scores-INITIAL_FORMS": "0",
            "domain_scores-MIN_NUM_FORMS": "0",
            "domain_scores-MAX_NUM_FORMS": "1000",
            "domain_scores-0-domain": domain.pk,
            "domain_scores-0-stage": MaturityStage.DEVELOPING,
            "domain_scores-0-score": "2.1",
            "domain_scores-0-ORDER": "1",
            "evidence-TOTAL_FORMS": "0",
            "evidence-INITIAL_FORMS": "0",
            "evidence-MIN_NUM_FORMS": "0",
            "evidence-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    from publications.dashboard.models import MaturityAssessment

    assessment = MaturityAssessment.objects.get(submitted_on=dt.date(2024, 6, 30))
    assert assessment.overall_label == "Developing – 10.2"
    assert [score.label for score in assessment.domain_scores.all()] == ["Developing – 2.1"]


def test_qsin_percentages_cannot_add_up_to_more_than_100(db):
    from django.core.exceptions import ValidationError

    snapshot = QsinSnapshot(taken_on=dt.date(2024, 1, 1), percent_complete=80, percent_commenced=21)
    with pytest.raises(ValidationError, match="cannot be more than 100%"):
        snapshot.full_clean()
    snapshot.percent_commenced = 20
    snapshot.full_clean()


def test_evidence_names_exactly_one_target(db):
    from django.core.exceptions import ValidationError

    from publications.dashboard.models import AssessmentEvidence

    evidence = AssessmentEvidence(assessment=MaturityAssessmentFactory(), title="Report")
    with pytest.raises(ValidationError, match="exactly one"):
        evidence.clean()
    evidence.url = "https://example.org/report.pdf"
    evidence.clean()
    assert evidence.href == "https://example.org/report.pdf"


@pytest.mark.parametrize(
    "start, end, field, message",
    [
        ("2024-03-31", "2023-04-01", "end", "on or after its start"),
        ("2019-12-31", "2020-06-30", "start", "nothing before 1 January 2020"),
        ("2020-01-01", "2031-01-01", "end", "10 years or less"),
        ("not a date", "2024-01-01", "start", "Enter a valid date"),
    ],
)
def test_the_period_form_explains_its_errors(start, end, field, message):
    form = PeriodForm({"start": start, "end": end})
    assert not form.is_valid()
    assert message in " ".join(form.errors[field])


def test_the_period_form_falls_back_to_the_last_twelve_months():
    form = PeriodForm({})
    assert not form.is_bound
    assert (form.period.end - form.period.start).days in (364, 365)
    good = PeriodForm({"start": "2023-04-01", "end": "2024-03-31"})
    assert good.period.label == "1 April 2023 to 31 March 2024"
