"""nginx gives anonymous page views (GET or HEAD without a session cookie: the only requests the
page cache can answer) a pool of gunicorns of their own. Every worker of one pool is made busy
(stopped) in turn: the other pool's requests are still answered, while the busy pool's wait
and are answered once it is free. No timings: what is checked is who is answered first."""

import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from django.test import Client

from tests.portal.factories import StandardPageFactory, UserFactory

from .processes import busy
from .test_stack import site_home

pytestmark = pytest.mark.usefixtures("stack_db")
SIGNED_IN = "Sign out"  # in the header of every page a signed-in person sees


@pytest.fixture
def visit(ports):
    def visit(path, *, session=None, method="GET"):
        cookie = {"Cookie": f"sessionid={session}"} if session else {}
        return requests.request(
            method,
            f"http://127.0.0.1:{ports['nginx']}{path}",
            headers={"Host": "localhost", **cookie},
            allow_redirects=False,
            timeout=60,
        )

    return visit


def public_page():
    page = StandardPageFactory(parent=site_home(), slug=f"pool-news-{uuid.uuid4().hex[:8]}")
    return page, page.url_path.removeprefix(site_home().url_path.rstrip("/"))


def member_session():
    client = Client()
    client.force_login(UserFactory(email=f"pool-{uuid.uuid4().hex[:8]}@nhs.net"))
    return client.cookies["sessionid"].value


def test_visitors_are_answered_while_every_signed_in_worker_is_busy(visit):
    cached, cached_path = public_page()
    _, fresh_path = public_page()
    session = member_session()
    assert visit(cached_path).headers["X-Page-Cache"] == "miss"  # stored for the next visitor

    with ThreadPoolExecutor(max_workers=6) as pool, busy("web_a", "web_b"):
        # More signed-in requests than the pool has workers, and an anonymous form post.
        signed_in = [pool.submit(visit, cached_path, session=session) for _ in range(5)]
        post = pool.submit(visit, cached_path, method="POST")
        hit = visit(cached_path)
        miss = visit(fresh_path)
        head = visit(cached_path, method="HEAD")
        # The visitors were answered while every signed-in worker was stopped.
        assert not any(request.done() for request in [*signed_in, post])

    assert hit.status_code == 200 and hit.headers["X-Page-Cache"] == "hit"
    assert cached.title in hit.text and SIGNED_IN not in hit.text
    assert miss.status_code == 200 and miss.headers["X-Page-Cache"] == "miss"
    assert head.status_code == 200
    # Once free, the signed-in pool answers what waited: pages rendered for the member, and
    # the post (refused by Django: it carried no CSRF token).
    for request in signed_in:
        response = request.result()
        assert response.status_code == 200 and SIGNED_IN in response.text
        assert "X-Page-Cache" not in response.headers
    assert post.result().status_code == 403


def test_signed_in_requests_are_answered_while_every_anonymous_worker_is_busy(visit):
    page, path = public_page()
    session = member_session()

    with ThreadPoolExecutor(max_workers=5) as pool, busy("anon_a", "anon_b"):
        visitors = [pool.submit(visit, path) for _ in range(5)]
        signed_in = visit(path, session=session)
        assert not any(request.done() for request in visitors)

    assert signed_in.status_code == 200 and SIGNED_IN in signed_in.text
    for request in visitors:
        response = request.result()
        assert response.status_code == 200 and page.title in response.text
        assert SIGNED_IN not in response.text
