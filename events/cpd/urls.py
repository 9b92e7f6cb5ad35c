"""CPD at /cpd/: check-in and attendance, evaluations, certificates and their verification,
the personal CPD log and recordings."""

from .views import attendance, cpd

app_name = "cpd"

urlpatterns = attendance.urlpatterns + cpd.urlpatterns
