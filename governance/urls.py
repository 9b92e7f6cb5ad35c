from .views import groups, meetings, registers

app_name = "governance"

urlpatterns = groups.urlpatterns + meetings.urlpatterns + registers.urlpatterns
