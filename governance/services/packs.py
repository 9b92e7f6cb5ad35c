"""Board packs: a cover and agenda (WeasyPrint) followed by the PDF papers, with bookmarks.

Two packs per meeting. The public pack holds only public papers. The full pack holds every
paper a (non-lay) group member may open; its own visibility is the strictest of its papers,
so neither pack ever reaches someone who may not open everything in it.
"""

import io

from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from filer.models import File
from pypdf import PdfReader, PdfWriter
from weasyprint import HTML

from ..models import MeetingPage, Paper
from ..visibility import Visibility
from .meetings import group_folder

PUBLIC_PACK = (Visibility.PUBLIC,)
FULL_PACK = (Visibility.PUBLIC, Visibility.NETWORK, Visibility.GROUP, Visibility.CONFIDENTIAL)


def pack_papers(meeting, visibilities):
    return list(
        Paper.objects.current()
        .filter(agenda_item__meeting=meeting, visibility__in=visibilities)
        .select_related("agenda_item", "file")
        .order_by("agenda_item__sort_order", "pk")
    )


def full_pack_visibility(meeting):
    papers = pack_papers(meeting, FULL_PACK)
    if any(p.visibility == Visibility.CONFIDENTIAL for p in papers):
        return Visibility.CONFIDENTIAL
    return Visibility.GROUP


def render_pack(meeting, papers, *, audience):
    items = [
        (number, item)
        for number, item in enumerate(meeting.agenda_items.all(), start=1)
        if audience == "full" or item.visibility == Visibility.PUBLIC
    ]
    cover = HTML(
        string=render_to_string(
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
    ).write_pdf()
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(cover)), outline_item="Cover and agenda")
    for paper in papers:
        if not paper.is_pdf:
            continue
        with paper.file.file.open("rb") as handle:
            writer.append(PdfReader(io.BytesIO(handle.read())), outline_item=paper.title)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def build_packs(meeting_id):
    """(Re)build both packs of a meeting. Safe to run twice: the packs are replaced whole."""
    meeting = MeetingPage.objects.get(pk=meeting_id)
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
        old = [meeting.public_pack, meeting.full_pack]
        MeetingPage.objects.filter(pk=meeting_id).update(
            public_pack=built["public"], full_pack=built["full"], packs_built_at=timezone.now()
        )
        for stale in old:
            if stale is not None:
                stale.delete()
    return built
