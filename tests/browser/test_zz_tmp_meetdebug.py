import pytest
from django.db import connection
from wagtail.models import Page

@pytest.mark.parametrize("n", [1, 2, 3])
def test_dbg(live_server, django_db_serialized_rollback, n):
    print("DBG", n, Page.objects.count())
