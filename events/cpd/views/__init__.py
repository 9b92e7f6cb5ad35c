"""Views of CPD, one module per area; each module exports `urlpatterns`."""
