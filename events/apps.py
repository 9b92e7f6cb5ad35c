"""Events, CPD webinars, bookings and CPD records."""

from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from portal import page_cache

        # Places left show on anonymous pages the page cache keeps: any booking change (made,
        # cancelled, promoted from the waiting list) makes those pages out of date.
        booking = self.get_model("Booking")
        for name, signal in (("saved", post_save), ("deleted", post_delete)):
            signal.connect(
                page_cache.live_data_changed, sender=booking, dispatch_uid=f"events-booking-{name}"
            )
