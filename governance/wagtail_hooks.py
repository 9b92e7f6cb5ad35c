"""Wagtail admin wiring for governance."""

from wagtail import hooks

from .models import MeetingPage
from .services.meetings import add_standard_opening


@hooks.register("after_create_page")
def open_new_meeting_agenda(request, page):
    if isinstance(page.specific, MeetingPage):
        add_standard_opening(page.specific, user=request.user)
