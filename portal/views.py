"""Site-wide views: the profile page, My network, the sitemap and cookie pages, and the files
robots and scanners read."""

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
from wagtail.models import Site

from . import navigation
from .forms import ProfileForm
from .links import absolute_url
from .my_network import panels_for


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


@login_required
def my_network(request):
    """The signed-in person's home: a panel from each area that concerns them."""
    return render(request, "portal/my_network.html", {"panels": panels_for(request)})


def sitemap_page(request):
    """The human-readable sitemap: every public area, what each holds, and the top pages."""
    site = Site.find_for_request(request)
    top_pages = []
    if site is not None:
        top_pages = list(
            site.root_page.get_children().live().public().only("id", "title", "url_path", "path")
        )
    return render(
        request,
        "portal/sitemap.html",
        {
            "areas": navigation.links_for(request, navigation.MENU),
            "more": navigation.links_for(request, navigation.SITEMAP),
            "own": navigation.links_for(request, navigation.ACCOUNT),
            "top_pages": top_pages,
        },
    )


def cookies(request):
    """The cookie statement, naming the cookies this site actually sets (read from settings,
    so the list cannot drift from what the code does)."""
    return render(
        request,
        "portal/cookies.html",
        {
            "session_cookie": settings.SESSION_COOKIE_NAME,
            "session_days": settings.SESSION_COOKIE_AGE // 86400,
            "csrf_cookie": settings.CSRF_COOKIE_NAME,
            "csrf_days": settings.CSRF_COOKIE_AGE // 86400,
            "messages_cookie": getattr(settings, "MESSAGES_COOKIE_NAME", "messages"),
            "mfa_trust_cookie": getattr(settings, "MFA_TRUST_COOKIE_NAME", "mfa_trusted")
            if getattr(settings, "MFA_TRUST_ENABLED", False)
            else "",
        },
    )
