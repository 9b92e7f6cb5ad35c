"""The one view, first; the portal's routes follow only so that the portal's middleware can
reverse the names it asks for (the volunteer policy, sign-out). "/" never reaches them."""

from django.http import HttpResponse
from django.urls import path

from portal.urls import urlpatterns as portal_urlpatterns


def hello(request):
    return HttpResponse("<!DOCTYPE html><title>Hello</title><p>Hello, world.</p>")


urlpatterns = [path("", hello, name="hello"), *portal_urlpatterns]
