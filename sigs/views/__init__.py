"""SIG views, by concern; each module exports `urlpatterns`."""
