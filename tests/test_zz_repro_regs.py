import pytest
from wagtail.models import Page


@pytest.mark.django_db
def test_a_plain():
    assert Page.get_first_root_node() is not None


def test_b_tx(live_server, django_db_serialized_rollback):
    from django.db import connection
    print("b has contents", hasattr(connection, "_test_serialized_contents"), connection.settings_dict["NAME"])
    assert Page.get_first_root_node() is not None


def test_c_tx(live_server, django_db_serialized_rollback):
    from django.db import connection
    print("c has contents", hasattr(connection, "_test_serialized_contents"), connection.settings_dict["NAME"])
    assert Page.get_first_root_node() is not None
