"""Views for registers."""

urlpatterns = []
