"""The site search, mounted at /search/."""

from django.urls import path

from .search_views import search_page

app_name = "search"

urlpatterns = [path("", search_page, name="search")]
