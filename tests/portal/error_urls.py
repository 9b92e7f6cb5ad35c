"""The portal's URLs plus one view that fails, to see what people get when something breaks."""

from django.urls import path

from portal.urls import urlpatterns as portal_urlpatterns


def broken_view(request):
    raise RuntimeError("database password is hunter2")  # must never reach the page


urlpatterns = [path("broken/", broken_view), *portal_urlpatterns]
