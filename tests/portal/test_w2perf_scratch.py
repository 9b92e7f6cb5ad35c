import traceback

import pytest
from django.db import connection

from tests.events.factories import EventPageFactory
from tests.sigs.test_pages import _fill_workspace

pytestmark = pytest.mark.django_db


def where(execute, sql, params, many, context):
    if sql.startswith('SELECT "wagtailcore_page"."id", "wagtailcore_page"."path"'):
        frames = [f for f in traceback.extract_stack()[:-1] if "/work/main/" in f.filename and ".venv" not in f.filename or "wagtail/models" in f.filename or "wagtail/url" in f.filename or "wagtail/views" in f.filename]
        print("Q:", sql[sql.find("WHERE"):][:160])
        for f in frames[-6:]:
            print("    ", f.filename.replace("/work/main/", ""), f.lineno, f.name)
    return execute(sql, params, many, context)


def test_profile(client, sig_world, events_index):
    for i in range(3):
        EventPageFactory(parent=events_index, organising_group=sig_world.sig, title=f"E{i}")
    _fill_workspace(sig_world, 2)
    client.force_login(sig_world.member)
    client.get(sig_world.sig.url)
    print("=====SIG")
    with connection.execute_wrapper(where):
        client.get(sig_world.sig.url)
