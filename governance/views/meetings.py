"""Views for meetings."""

urlpatterns = []
