"""The production stack behaves as one site: files, pages, sessions and rate limits are shared
by every gunicorn instance, and two task workers run each periodic task once per period."""

import secrets
import time
import uuid
from datetime import timedelta

import pytest
from django.conf import settings
from django.db.models import Count
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from filer.models import File
from wagtail.models import Page

from tests.governance.factories import GroupPageFactory
from tests.portal.factories import StandardPageFactory, UserFactory
from tests.production.servers import ProxiedClient

from .conftest import production_password

pytestmark = pytest.mark.usefixtures("stack_db")
PASSWORD = "stack-check-password"
TOO_MANY = "Too many failed login attempts"


def site_home():
    return (
        Page.objects.get(depth=2, url_path="/home/")
        if Page.objects.filter(depth=2, url_path="/home/").exists()
        else Page.objects.filter(depth=2).first()
    )


def network_office_person():
    person = UserFactory(
        email=f"office-{uuid.uuid4().hex[:8]}@nhs.net", superuser=True, is_staff=True
    )
    person.password = production_password(PASSWORD)
    person.save(update_fields=["password"])
    return person


def test_a_paper_uploaded_through_one_instance_downloads_through_the_other(ports):
    group = GroupPageFactory(parent=site_home(), slug=f"stack-board-{uuid.uuid4().hex[:8]}")
    person = network_office_person()
    a = ProxiedClient(ports["a"])
    assert a.sign_in(person.email, PASSWORD).status_code == 302
    library = f"/governance/groups/{group.pk}/files/"
    paper = b"%PDF-1.7\n" + secrets.token_bytes(4096)

    uploaded = a.post(
        library,
        data={"csrfmiddlewaretoken": a.csrf(library)},
        files={"files": ("board-paper.pdf", paper, "application/pdf")},
    )
    assert uploaded.status_code == 302, uploaded.text[:3000]
    stored = File.objects.filter(original_filename="board-paper.pdf").latest("pk")

    b = ProxiedClient(ports["b"]).with_cookies_of(a)  # the same browser, balanced onto B
    download = b.get(f"{library}{stored.pk}/download/")
    assert download.status_code == 200
    assert download.content == paper
    assert "no-store" in download.headers["Cache-Control"]
    # Nobody else gets it from either instance.
    stranger = ProxiedClient(ports["b"])
    assert stranger.get(f"{library}{stored.pk}/download/").status_code in (302, 404)


def test_a_published_change_shows_at_once_through_every_instance(ports):
    page = StandardPageFactory(parent=site_home(), slug=f"stack-news-{uuid.uuid4().hex[:8]}")
    path = page.url_path.removeprefix(site_home().url_path.rstrip("/"))
    instances = ("a", "b", "anon_a", "anon_b")  # both pools
    for instance in instances:  # each has served (and could have cached) the first version
        assert page.title in ProxiedClient(ports[instance]).get(path).text
    for attempt in range(2):
        page.title = f"Changed title {attempt} {uuid.uuid4().hex[:6]}"
        page.save_revision().publish()
        for instance in (*instances, "nginx"):
            assert page.title in ProxiedClient(ports[instance]).get(path).text, instance


def test_the_login_rate_limit_is_shared_by_both_instances(ports):
    client_ip = f"198.51.100.{secrets.randbelow(250) + 1}"
    limit = int(settings.ACCOUNT_RATE_LIMITS["login_failed"].split("/", 1)[0])
    locked = []
    for attempt in range(limit + 1):
        instance = ProxiedClient(ports["a" if attempt % 2 else "b"], client_ip=client_ip)
        response = instance.sign_in(f"nobody{attempt}-{uuid.uuid4().hex[:6]}@nhs.net", "wrong")
        assert response.status_code == 200
        locked.append(TOO_MANY in response.text)
    # Each instance saw only half the attempts: only a shared count locks the 11th out.
    assert locked == [False] * limit + [True]
    # Another client behind the same balancer is not locked out.
    other = ProxiedClient(ports["a"], client_ip="203.0.113.77")
    assert TOO_MANY not in other.sign_in("someone@nhs.net", "wrong").text


def test_two_workers_run_each_periodic_task_once_per_period():
    deadline = time.monotonic() + 60  # a fresh stack's workers take their first runs now
    while (
        time.monotonic() < deadline
        and DBTaskResult.objects.filter(
            task_path__in=list(settings.PERIODIC_TASKS),
            finished_at=None,
            status="READY",
            run_after__lte=timezone.now(),
        ).exists()
    ):
        time.sleep(0.5)
    for path, every in settings.PERIODIC_TASKS.items():
        runs = list(
            DBTaskResult.objects.filter(task_path=path)
            .exclude(finished_at=None)
            .order_by("finished_at")
            .values_list("started_at", flat=True)
        )
        assert runs, f"{path} never ran"
        gaps = [later - earlier for earlier, later in zip(runs, runs[1:], strict=False)]
        assert all(gap >= timedelta(seconds=every) * 0.99 for gap in gaps), (path, gaps)
    waiting = (
        DBTaskResult.objects.filter(task_path__in=list(settings.PERIODIC_TASKS), status="READY")
        .values("task_path")
        .annotate(n=Count("id"))
    )
    assert {row["task_path"]: row["n"] for row in waiting} == dict.fromkeys(
        settings.PERIODIC_TASKS, 1
    )
