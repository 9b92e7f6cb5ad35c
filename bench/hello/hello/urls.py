from django.http import HttpResponse
from django.urls import path


def hello(request):
    return HttpResponse("<!DOCTYPE html><title>Hello</title><p>Hello, world.</p>")


urlpatterns = [path("", hello)]
