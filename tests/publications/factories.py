"""Factories for publications and news pages, and a publication's files."""

import factory
import wagtail_factories
from django.core.files.uploadedfile import SimpleUploadedFile
from filer.models import File

from publications.models import (
    NewsIndexPage,
    NewsPage,
    PublicationFile,
    PublicationIndexPage,
    PublicationPage,
)
from tests.governance.fixtures_meetings import cached_pdf


class PublicationIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = PublicationIndexPage

    title = "Publications"
    slug = "publications"


class PublicationPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = PublicationPage

    title = factory.Sequence(lambda n: f"Network plan {n}")
    publication_type = PublicationPage.Type.PLAN
    summary = "What the network will do next."
    visibility = "public"


class NewsIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = NewsIndexPage

    title = "News"
    slug = "news"


class NewsPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = NewsPage

    title = factory.Sequence(lambda n: f"News item {n}")
    summary = factory.Sequence(lambda n: f"Something happened, number {n}.")


def pdf_upload(name="document.pdf", text="A publication"):
    return SimpleUploadedFile(name, cached_pdf(text), content_type="application/pdf")


def attach_file(publication, text="A publication", version_label="Version 1", is_current=True):
    """A private filer file on the publication, as the service would store it."""
    upload = pdf_upload(f"{publication.slug}.pdf", text)
    stored = File.objects.create(
        file=upload, original_filename=upload.name, name=publication.title, is_public=False
    )
    return PublicationFile.objects.create(
        page=publication, file=stored, version_label=version_label, is_current=is_current
    )
