"""The network dashboard, mounted at /dashboard/."""

from django.urls import path

from . import views

app_name = "dashboard"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("maturity-matrix/", views.maturity, name="maturity"),
    path("quality-standard-for-imaging/", views.qsi, name="qsi"),
    path("qsin-gap-analysis/", views.qsin, name="qsin"),
    path("five-year-plan/", views.plan, name="plan"),
    path("governance/meetings/", views.meetings, name="meetings"),
    path("governance/trusts/", views.trusts, name="trusts"),
    path("governance/actions/", views.actions, name="actions"),
    path("governance/lay-review/", views.packs, name="packs"),
    path("governance/events/", views.events, name="events"),
    path("our-year/", views.our_year, name="our_year"),
    path("our-year/pdf/", views.our_year_pdf, name="our_year_pdf"),
    path("our-year/csv/", views.our_year_csv, name="our_year_csv"),
    path("public/", views.public_summary, name="public_summary"),
]
