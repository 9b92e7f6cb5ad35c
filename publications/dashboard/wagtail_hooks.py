"""The network office edits the dashboard's figures in the Wagtail admin, under one menu."""

from django.contrib.auth import get_user_model
from wagtail.permission_policies import BasePermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import panels  # noqa: F401 (registers its navigation links)
from .models import MaturityAssessment, MaturityDomain, PlanObjective, QsinSnapshot, QsiProgress


class NetworkOfficePolicy(BasePermissionPolicy):
    """Only the network office (and superusers) edit what the dashboard reports, whatever
    Django permissions a person's groups hold: chairs have admin access, but not to this."""

    def user_has_permission(self, user, action):
        return user.has_perm("dashboard.edit_dashboard_data")

    def users_with_any_permission(self, actions):
        User = get_user_model()  # noqa: N806 (a class)
        return User.objects.network_admins()


for model in (MaturityDomain, MaturityAssessment, QsiProgress, QsinSnapshot, PlanObjective):
    register_permission_policy(model, NetworkOfficePolicy(model))


class MaturityDomainViewSet(SnippetViewSet):
    model = MaturityDomain
    icon = "list-ul"
    menu_label = "Maturity domains"
    list_display = ["name", "sort_order"]


class MaturityAssessmentViewSet(SnippetViewSet):
    model = MaturityAssessment
    icon = "doc-full"
    menu_label = "Maturity assessments"
    list_display = ["__str__", "overall_label"]
    ordering = ["-submitted_on"]


class QsiProgressViewSet(SnippetViewSet):
    model = QsiProgress
    icon = "tick-inverse"
    menu_label = "QSI by trust"
    list_display = ["trust", "stage", "quality_mark_status", "target_date", "is_estimate"]
    list_filter = ["stage", "quality_mark_status", "is_estimate"]
    search_fields = ["trust__name"]


class QsinSnapshotViewSet(SnippetViewSet):
    model = QsinSnapshot
    icon = "table"
    menu_label = "QSIN gap analyses"
    list_display = ["taken_on", "percent_complete", "percent_commenced"]


class PlanObjectiveViewSet(SnippetViewSet):
    model = PlanObjective
    icon = "date"
    menu_label = "5-year plan"
    list_display = ["text", "year", "status"]
    list_filter = ["year", "status"]
    search_fields = ["text"]


class DashboardViewSetGroup(SnippetViewSetGroup):
    menu_label = "Network dashboard"
    menu_icon = "view"
    menu_order = 860
    items = (
        MaturityAssessmentViewSet,
        MaturityDomainViewSet,
        QsiProgressViewSet,
        QsinSnapshotViewSet,
        PlanObjectiveViewSet,
    )


register_snippet(DashboardViewSetGroup)
