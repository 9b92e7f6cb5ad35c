"""Booking, My bookings, calendar feeds and the organisers' tools, under /bookings/."""

from .views import booking, organiser

app_name = "events"

urlpatterns = booking.urlpatterns + organiser.urlpatterns
