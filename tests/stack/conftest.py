"""Checks against the running production stack (`make stack-test`): they talk HTTP to nginx and
to each gunicorn instance, and read the stack's own database. Skipped unless the stack's
environment (var/stack/stack.env) is loaded, so normal test runs never touch them."""

import os
import secrets

import pytest
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


@pytest.fixture
def ports():
    return {
        "nginx": int(os.environ["STACK_PORT"]),
        "a": int(os.environ["STACK_WEB_A_PORT"]),
        "b": int(os.environ["STACK_WEB_B_PORT"]),
        "anon_a": int(os.environ["STACK_ANON_A_PORT"]),
        "anon_b": int(os.environ["STACK_ANON_B_PORT"]),
    }
