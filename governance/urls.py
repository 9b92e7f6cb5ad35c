from django.urls import include, path

from .views import groups, library, meetings, registers

app_name = "governance"

urlpatterns = (
    groups.urlpatterns
    + meetings.urlpatterns
    + registers.urlpatterns
    + [path("", include("governance.risks.urls"))]
    + library.urlpatterns
    + [path("", include("governance.lay.urls"))]
)
