"""URL patterns (filled in by the feature that owns them)."""

app_name = "dashboard"

urlpatterns = []
