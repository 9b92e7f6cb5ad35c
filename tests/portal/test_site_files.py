"""What machines and lost people see: health check, robots, sitemap, security.txt, 404, 500."""

import json
import re
from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.test import Client
from django.utils import timezone

from .html import soup, text

pytestmark = pytest.mark.django_db


class TestHealthCheck:
    def test_ok_when_the_database_answers(self, client):
        response = client.get("/healthz")

        assert response.status_code == 200
        assert response["Content-Type"] == "application/json"
        body = json.loads(response.content)
        assert body["status"] == "ok"
        assert body["checks"]["database"] == "ok"
        assert "no-cache" in response["Cache-Control"]

    def test_503_when_the_database_is_down(self, client):
        failure = OperationalError('connection to server at "db" failed: password secret-ish')
        with mock.patch.object(connection, "cursor", side_effect=failure):
            response = client.get("/healthz")

        assert response.status_code == 503
        body = json.loads(response.content)
        assert body["status"] == "error"
        assert body["checks"]["database"] == "unavailable: OperationalError"
        # Only the kind of failure is shown, never the driver's message.
        assert "secret" not in response.content.decode()

    def test_503_when_the_query_itself_fails(self, client):
        failure = OperationalError("server closed the connection unexpectedly")
        with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=failure):
            response = client.get("/healthz")

        assert response.status_code == 503

    def test_only_answers_get(self, client):
        assert client.post("/healthz").status_code == 405


def test_robots_txt_names_the_sitemap_and_keeps_crawlers_out_of_private_areas(client, settings):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert f"Sitemap: {settings.PORTAL_BASE_URL}/sitemap.xml" in lines  # the configured host
    for private in ["/admin/", "/django-admin/", "/accounts/", "/files/"]:
        assert f"Disallow: {private}" in lines


def test_sitemap_lists_the_home_about_and_contact_pages(client, demo_site):
    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    assert "xml" in response["Content-Type"]
    locations = re.findall(r"<loc>([^<]+)</loc>", response.content.decode())
    paths = sorted(re.sub(r"^https?://[^/]+", "", loc) for loc in locations)
    assert paths == [
        "/",
        "/about/",
        "/accessibility-statement/",
        "/contact/",
        "/privacy-notice/",
    ]


def test_security_txt_has_contact_and_a_future_expiry(client, settings):
    response = client.get("/.well-known/security.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    fields = dict(
        line.split(": ", 1) for line in response.content.decode().splitlines() if ": " in line
    )
    assert fields["Contact"] == settings.SECURITY_CONTACT
    expires = datetime.strptime(fields["Expires"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    assert timezone.now() < expires <= timezone.now() + timedelta(days=366)
    assert fields["Canonical"].endswith("/.well-known/security.txt")


@pytest.mark.parametrize("path", ["/no-such-page/", "/about/no-such-page/", "/accounts/nope/"])
def test_unknown_address_gets_the_nhs_styled_not_found_page(client, demo_site, path):
    response = client.get(path)

    assert response.status_code == 404
    page = soup(response)
    assert page.find("h1").get_text() == "Page not found"
    assert page.find("header", class_="nhsuk-header") is not None
    assert page.find("footer", class_="nhsuk-footer") is not None
    assert "Page not found – West Midlands Imaging Network" in page.title.get_text()


def test_server_error_shows_the_friendly_page_without_a_stack_trace(db, settings):
    settings.ROOT_URLCONF = "tests.portal.error_urls"
    settings.DEBUG = False
    browser = Client(raise_request_exception=False)

    response = browser.get("/broken/")

    assert response.status_code == 500
    body = response.content.decode()
    assert "Sorry, there is a problem with the service" in text(response)
    assert "nhsuk-header" in body
    for leak in ["Traceback", "RuntimeError", "hunter2", "broken_view", "Django"]:
        assert leak not in body
