"""Views of events, one module per area; each module exports `urlpatterns`."""
