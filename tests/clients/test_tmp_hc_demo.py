import pytest
from django.core.management import call_command

from . import demo_checks


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_tmp(client):
    call_command("load_demo_network")
    demo_checks.check(client)
