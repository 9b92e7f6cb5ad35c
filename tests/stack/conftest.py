"""Checks against the running production stack (`make stack-test`): they talk HTTP to nginx and
to each gunicorn instance, and read the stack's own database. Skipped unless the stack's
environment (var/stack/stack.env) is loaded, so normal test runs never touch them."""

import os
import secrets

import pytest
import requests
from bs4 import BeautifulSoup
from django.contrib.auth.hashers import PBKDF2PasswordHasher


def pytest_collection_modifyitems(config, items):
    here = os.path.dirname(__file__)
    for item in items:
        if str(item.fspath).startswith(here):
            item.add_marker(pytest.mark.stack)
            if not os.environ.get("STACK_PORT"):
                item.add_marker(pytest.mark.skip(reason="needs the running stack: make stack-test"))


@pytest.fixture(scope="session")
def stack_db(django_db_blocker):
    """The stack's real database (not a test copy): the checks see what the servers wrote."""
    with django_db_blocker.unblock():
        yield


def production_password(raw):
    return PBKDF2PasswordHasher().encode(raw, secrets.token_hex(8), iterations=1000)


class Instance:
    """One way into the stack: nginx, or gunicorn A or B directly (as nginx would call them)."""

    def __init__(self, port, client_ip=None):
        self.base = f"http://127.0.0.1:{port}"
        self.cookies = {}
        self.headers = {"Host": "localhost", "X-Forwarded-Proto": "https"}
        if client_ip:
            self.headers["X-Forwarded-For"] = client_ip

    def with_cookies_of(self, other):
        self.cookies = other.cookies
        return self

    def request(self, method, path, **kwargs):
        headers = {**self.headers, **kwargs.pop("headers", {})}
        if method == "POST":
            headers.setdefault("Origin", "https://localhost")
            headers.setdefault("Referer", "https://localhost" + path)
        response = requests.request(
            method,
            self.base + path,
            headers=headers,
            cookies=self.cookies,
            allow_redirects=False,
            timeout=60,
            **kwargs,
        )
        self.cookies.update(response.cookies.get_dict())
        return response

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path, **kwargs):
        return self.request("POST", path, **kwargs)

    def csrf(self, path):
        page = self.get(path)
        return BeautifulSoup(page.text, "html.parser").find(
            "input", {"name": "csrfmiddlewaretoken"}
        )["value"]

    def sign_in(self, email, password):
        token = self.csrf("/accounts/login/")
        return self.post(
            "/accounts/login/",
            data={"csrfmiddlewaretoken": token, "login": email, "password": password},
        )


@pytest.fixture
def ports():
    return {
        "nginx": int(os.environ["STACK_PORT"]),
        "a": int(os.environ["STACK_WEB_A_PORT"]),
        "b": int(os.environ["STACK_WEB_B_PORT"]),
    }
