"""The stack's nginx (deploy/nginx.conf.template) routes on Django's session cookie: anonymous
page views go to their own pool of gunicorns (tests/stack/test_pools.py). If the cookie it
reads were not the one the site sets, every signed-in request would go to the anonymous pool."""

import re

from .servers import ROOT

TEMPLATE = (ROOT / "deploy" / "nginx.conf.template").read_text()


def test_nginx_routes_on_the_session_cookie_django_sets(settings):
    assert re.findall(r"\$cookie_(\w+)", TEMPLATE) == [settings.SESSION_COOKIE_NAME]


def test_the_stack_fills_in_every_value_of_the_template():
    stack = (ROOT / "deploy" / "stack.sh").read_text()
    filled = set(re.findall(r"s#\\\$\{(\w+)\}#", stack))
    assert set(re.findall(r"\$\{(\w+)\}", TEMPLATE)) <= filled
