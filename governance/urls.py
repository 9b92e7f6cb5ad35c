from .views import groups, meetings, registers, risks

app_name = "governance"

urlpatterns = groups.urlpatterns + meetings.urlpatterns + registers.urlpatterns + risks.urlpatterns
