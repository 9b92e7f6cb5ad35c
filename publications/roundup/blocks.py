"""StreamField blocks for a round-up issue: sections of items, each for one topic."""

from django.db import models
from wagtail import blocks


class Topic(models.TextChoices):
    """What a section is about; subscribers choose the topics they want (GENERAL goes to all)."""

    GENERAL = "general", "Everyone (network news)"
    EVENTS = "events", "Events and training"
    SIG_NEWS = "sig_news", "Special interest group news"
    PROTOCOLS = "protocols", "Protocols"
    GOVERNANCE = "governance", "Governance news"
    JOBS = "jobs", "Jobs and opportunities"


class RoundupItemBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=200)
    link = blocks.URLBlock(required=False, help_text="Where the reader can find out more.")
    when = blocks.CharBlock(
        required=False, max_length=100, help_text="A date or time to show, e.g. “Tue 3 Dec, 10am”."
    )
    summary = blocks.TextBlock(required=False, max_length=600)
    sig = blocks.PageChooserBlock(
        page_type="sigs.SigPage",
        required=False,
        help_text="For SIG news: only subscribers who follow this SIG see the item.",
    )
    members_only = blocks.BooleanBlock(
        required=False,
        default=False,
        help_text="Send only to network members (never to outside subscribers or the archive).",
    )
    pinned = blocks.BooleanBlock(
        required=False,
        default=False,
        help_text="Keep this item, first in its section, when the issue is drafted again.",
    )

    class Meta:
        icon = "link"
        label = "Item"


class RoundupSectionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120)
    topic = blocks.ChoiceBlock(choices=Topic.choices, default=Topic.GENERAL)
    public = blocks.BooleanBlock(
        required=False,
        default=False,
        help_text="Show this section in the public archive once the issue is sent.",
    )
    items = blocks.ListBlock(RoundupItemBlock(), min_num=1)

    class Meta:
        icon = "list-ul"
        label = "Section"


class RoundupStreamBlock(blocks.StreamBlock):
    section = RoundupSectionBlock()
