"""Site-wide views: the profile page and the files robots and scanners read."""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from .forms import ProfileForm
from .links import absolute_url


@login_required
def profile(request):
    if request.method == "POST":
        form = ProfileForm(request.POST, instance=request.user)
        if form.is_valid():
            form.save()
            messages.success(request, "Your profile has been saved.")
            return redirect("profile")
    else:
        form = ProfileForm(instance=request.user)
    return render(request, "portal/profile.html", {"form": form})


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    sitemap_url = absolute_url(reverse("sitemap"))
    body = render_to_string("portal/robots.txt", {"sitemap_url": sitemap_url})
    return HttpResponse(body, content_type="text/plain; charset=utf-8")


@require_GET
@cache_control(max_age=86400, public=True)
def security_txt(request):
    expires = (timezone.now() + timedelta(days=365)).replace(microsecond=0)
    body = render_to_string(
        "portal/security.txt",
        {
            "contact": settings.SECURITY_CONTACT,
            "expires": expires.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "canonical": request.build_absolute_uri(request.path),
        },
    )
    return HttpResponse(body, content_type="text/plain; charset=utf-8")
