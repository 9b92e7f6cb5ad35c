"""The risk register's pages, included by governance/urls.py at /governance/risks/… under the
`governance` namespace (so their names stay `governance:risk_…`)."""

from django.urls import path

from .views.registers import (
    group_heat_map,
    group_register,
    network_heat_map,
    network_register,
    overdue_reviews,
)
from .views.risk import create_risk, edit_risk, review_risk, risk_detail

urlpatterns = [
    path("risks/", network_register, name="risk_network"),
    path("risks/heat-map/", network_heat_map, name="risk_network_heat_map"),
    path("risks/overdue-reviews/", overdue_reviews, name="risk_overdue_reviews"),
    path("risks/group/<id:group_id>/", group_register, name="risk_register"),
    path("risks/group/<id:group_id>/heat-map/", group_heat_map, name="risk_heat_map"),
    path("risks/group/<id:group_id>/new/", create_risk, name="risk_create"),
    path("risks/<str:reference>/", risk_detail, name="risk_detail"),
    path("risks/<str:reference>/edit/", edit_risk, name="risk_edit"),
    path("risks/<str:reference>/review/", review_risk, name="risk_review"),
]
