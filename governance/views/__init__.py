"""Views of the governance tree, one module per area; each module exports `urlpatterns`."""
