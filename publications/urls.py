"""Publication file downloads and file management; the pages themselves are Wagtail's."""

from .views import app_name, urlpatterns

__all__ = ["app_name", "urlpatterns"]
