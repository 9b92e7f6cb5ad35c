"""The portal as deployed: collectstatic under production settings, then gunicorn with DEBUG off
serves NHS-styled pages (hashed, compressed static files through whitenoise), a styled 404, and a
page for someone who signed in through the real form."""

import re
import secrets
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from wagtail.models import Page, Site

from tests.portal.factories import HomePageFactory, UserFactory

from .servers import ROOT, ProxiedClient, SharedDatabase, gunicorn, production_env

PASSWORD = "a-long-production-password"
HASHED_NHSUK_CSS = re.compile(
    r"^/static/wagtailnhsukfrontend/css/nhsuk-frontend-[\d.]+\.min\.[0-9a-f]{12}\.css$"
)


def serving_env(tmp_path, database):
    return production_env(
        DATABASE_URL=database.url(),
        STATIC_ROOT=tmp_path / "static",
        MEDIA_ROOT=tmp_path / "media",
        BACKUP_ROOT=tmp_path / "backups",
        ALLAUTH_TRUSTED_PROXY_COUNT=1,
    )


@pytest.fixture
def production_site(transactional_db, django_db_serialized_rollback, tmp_path):
    root = Page.get_first_root_node()
    for page in root.get_children():
        page.delete()
    home = HomePageFactory(parent=root)
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 443, "root_page": home}
    )
    person = UserFactory(first_name="Priya", last_name="Shah")
    # Production settings know no test-only hasher: store the password as production would.
    person.password = PBKDF2PasswordHasher().encode(PASSWORD, secrets.token_hex(8), iterations=1000)
    person.save(update_fields=["password"])

    database = SharedDatabase(tmp_path)
    env = serving_env(tmp_path, database)
    collected = subprocess.run(  # noqa: S603 (our own manage.py)
        [sys.executable, "manage.py", "collectstatic", "--noinput"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert collected.returncode == 0, collected.stdout[-2000:] + collected.stderr[-4000:]
    database.hand_over()
    with gunicorn(tmp_path, env) as port:
        yield person, port
    database.take_back()


def nhs_stylesheet(page_html):
    page = BeautifulSoup(page_html, "html.parser")
    links = [link["href"] for link in page.select('link[rel="stylesheet"]')]
    hashed = [href for href in links if HASHED_NHSUK_CSS.match(href)]
    assert hashed, f"no hashed NHS.UK stylesheet among {links}"
    assert page.select_one(".nhsuk-header"), "the page has no NHS.UK header"
    return hashed[0]


def test_production_serves_styled_pages_a_styled_404_and_signed_in_pages(production_site):
    person, port = production_site
    browser = ProxiedClient(port, client_ip="203.0.113.9")

    home = browser.get("/")
    assert home.status_code == 200
    stylesheet = nhs_stylesheet(home.text)
    css = browser.get(stylesheet)
    assert css.status_code == 200
    assert css.headers["Content-Type"].startswith("text/css")
    assert ".nhsuk-header" in css.text
    assert "immutable" in css.headers.get("Cache-Control", "")

    missing = browser.get("/no-such-page/")
    assert missing.status_code == 404
    nhs_stylesheet(missing.text)
    assert "Page not found" in missing.text

    login_page = browser.get("/accounts/login/")
    assert login_page.status_code == 200
    token = BeautifulSoup(login_page.text, "html.parser").find(
        "input", {"name": "csrfmiddlewaretoken"}
    )["value"]
    signed_in = browser.post(
        "/accounts/login/",
        data={"csrfmiddlewaretoken": token, "login": person.email, "password": PASSWORD},
        headers={"Origin": "https://localhost", "Referer": "https://localhost/accounts/login/"},
    )
    assert signed_in.status_code == 302, signed_in.text[:2000]
    profile = browser.get("/accounts/profile/")
    assert profile.status_code == 200
    nhs_stylesheet(profile.text)
    assert person.email in profile.text
