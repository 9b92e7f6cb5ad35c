"""Board packs: a cover and agenda (WeasyPrint) followed by the PDF papers, with bookmarks.

Two packs per meeting. The public pack holds only public papers. The full pack holds every
paper a (non-lay) group member may open; its own visibility is the strictest of its papers,
so neither pack ever reaches someone who may not open everything in it.
"""

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models.functions import Now
from django.template.loader import render_to_string
from django.utils import timezone
from filer.models import File
from wagtail.log_actions import log

from portal.pdfs import join_pdfs, tagged_pdf

from ..models import MeetingPage, Paper
from ..visibility import Visibility
from .meetings import group_folder

PUBLIC_PACK = (Visibility.PUBLIC,)
FULL_PACK = (Visibility.PUBLIC, Visibility.NETWORK, Visibility.GROUP, Visibility.CONFIDENTIAL)


def pack_papers(meeting, visibilities):
    # A paper is packed only if its item is also open to the pack's audience, so the public
    # pack never carries (or bookmarks) a paper from an item the public cannot see.
    return list(
        Paper.objects.current()
        .filter(
            agenda_item__meeting=meeting,
            visibility__in=visibilities,
            agenda_item__visibility__in=visibilities,
        )
        .select_related("agenda_item", "file")
        .order_by("agenda_item__sort_order", "pk")
    )


def full_pack_visibility(meeting):
    """Confidential if any paper is, or any item is (the cover names every item)."""
    confidential = (
        Paper.objects.current()
        .filter(agenda_item__meeting=meeting, visibility=Visibility.CONFIDENTIAL)
        .exists()
        or meeting.agenda_items.filter(visibility=Visibility.CONFIDENTIAL).exists()
    )
    return Visibility.CONFIDENTIAL if confidential else Visibility.GROUP


def render_pack(meeting, papers, *, audience):
    items = [
        (number, item)
        for number, item in enumerate(meeting.agenda_items.all(), start=1)
        if audience == "full" or item.visibility == Visibility.PUBLIC
    ]
    cover = tagged_pdf(
        render_to_string(
            "governance/pdf/pack_cover.html",
            {
                "meeting": meeting,
                "group": meeting.group,
                "items": items,
                "papers": papers,
                "audience": audience,
                "built_at": timezone.now(),
            },
        )
    )
    members_papers = []
    for paper in papers:
        if not paper.is_pdf:
            continue
        with paper.file.file.open("rb") as handle:
            members_papers.append((paper.title, handle.read()))
    return join_pdfs(cover, members_papers, first_bookmark="Cover and agenda")


def database_now():
    """The database's clock: the one that orders commits, whatever process asks."""
    return MeetingPage.objects.annotate(now=Now()).values_list("now", flat=True).first()


def build_packs(meeting_id, *, requested_at=None):
    """(Re)build both packs of a meeting. Safe to run twice: the packs are replaced whole.

    `requested_at` (the database's clock when a change asked for the build): if a build that
    started after it has finished, that build read the change, and nothing is done. Thirty
    papers uploaded at once need one build, not thirty. `packs_built_at` is when the build
    started: the packs hold everything committed before it."""
    started = database_now()
    meeting = MeetingPage.objects.get(pk=meeting_id)
    if (
        requested_at is not None
        and meeting.packs_built_at
        and requested_at < meeting.packs_built_at
    ):
        return None
    folder = group_folder(meeting.group, "Board packs")
    built = {}
    for audience, visibilities in (("public", PUBLIC_PACK), ("full", FULL_PACK)):
        data = render_pack(meeting, pack_papers(meeting, visibilities), audience=audience)
        name = f"{meeting.slug}-{audience}-pack.pdf"
        built[audience] = File.objects.create(
            file=ContentFile(data, name=name),
            original_filename=name,
            name=f"{meeting.title} – {audience} pack",
            folder=folder,
            is_public=False,
        )
    with transaction.atomic():
        meeting = MeetingPage.objects.select_for_update().get(pk=meeting_id)
        if meeting.packs_built_at and meeting.packs_built_at > started:
            stale, built = list(built.values()), None  # a later build finished first
        else:
            stale = [meeting.public_pack, meeting.full_pack]
            MeetingPage.objects.filter(pk=meeting_id).update(
                public_pack=built["public"], full_pack=built["full"], packs_built_at=started
            )
        for pack in stale:
            if pack is not None:
                pack.delete()
    return built


def record_pack_download(meeting, audience, user):
    """Downloads of the full pack go into the audit log, as downloads of its papers would."""
    if audience == "full":
        log(
            instance=meeting,
            action="governance.pack.download",
            user=user if user.is_authenticated else None,
            data={"audience": audience},
        )
