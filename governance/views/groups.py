"""Views for groups."""

urlpatterns = []
