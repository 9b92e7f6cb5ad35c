from .views import groups, lay, library, meetings, registers, risks

app_name = "governance"

urlpatterns = (
    groups.urlpatterns
    + meetings.urlpatterns
    + registers.urlpatterns
    + risks.urlpatterns
    + library.urlpatterns
    + lay.urlpatterns
)
