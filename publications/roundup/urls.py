"""The round-up's own pages; issues and the archive are Wagtail pages at /round-up/<slug>/."""

from .views import urlpatterns

app_name = "roundup"

__all__ = ["app_name", "urlpatterns"]
