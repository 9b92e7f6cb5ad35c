"""Public round-up pages: signing up (double opt-in), the preference centre, one-click
unsubscribe (RFC 8058) and the mail provider's bounce and complaint webhook."""

import hmac
import json

from allauth.core import ratelimit
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseForbidden, JsonResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .errors import ExpiredLink, InvalidLink
from .forms import PreferencesForm, SubscribeForm
from .models import Subscriber
from .services import deliverability, subscriptions
from .services.tokens import (
    subscriber_from_confirmation,
    subscriber_from_token,
    subscriber_token,
)

MAX_WEBHOOK_EVENTS = 1000


def subscribe(request):
    if request.method == "POST":
        form = SubscribeForm(request.POST)
        if form.is_valid() and not ratelimit.consume(
            request, action="roundup_subscribe", key=form.cleaned_data["email"].lower()
        ):
            form.add_error(
                None,
                "There have been too many requests to sign up from here or for this address. "
                "Please try again in an hour.",
            )
            return render(request, "roundup/subscribe.html", {"form": form}, status=429)
        if form.is_valid():
            subscriptions.subscribe(
                form.cleaned_data["email"],
                first_name=form.cleaned_data["first_name"],
                organisation=form.cleaned_data["organisation"],
                topics=form.topic_flags(),
                sigs=form.chosen_sigs(),
            )
            request.session["roundup_subscribed_email"] = form.cleaned_data["email"]
            return redirect("roundup:check_email")
    else:
        form = SubscribeForm()
    return render(request, "roundup/subscribe.html", {"form": form})


def check_email(request):
    email = request.session.get("roundup_subscribed_email", "")
    return render(request, "roundup/check_email.html", {"email": email})


@never_cache
def confirm(request, token):
    try:
        subscriber = subscriber_from_confirmation(token)
    except (InvalidLink, ExpiredLink) as error:
        return render(
            request,
            "roundup/link_problem.html",
            {"error": error, "expired": isinstance(error, ExpiredLink)},
            status=400,
        )
    if request.method == "POST":
        subscriber = subscriptions.confirm(token)
        return render(
            request,
            "roundup/confirmed.html",
            {"subscriber": subscriber, "token": subscriber_token(subscriber)},
        )
    return render(request, "roundup/confirm.html", {"subscriber": subscriber})


def _preferences(request, subscriber, *, token=None):
    if request.method == "POST":
        form = PreferencesForm.for_subscriber(subscriber, data=request.POST)
        if form.is_valid():
            subscriber = subscriptions.save_preferences(
                subscriber,
                receive=form.cleaned_data["receive"],
                topics=form.topic_flags(),
                sigs=form.chosen_sigs(),
            )
            if subscriber.status == Subscriber.Status.SUBSCRIBED:
                messages.success(request, "Your round-up choices have been saved.")
            else:
                messages.success(request, "You have been unsubscribed from the round-up.")
            return redirect(request.path)
    else:
        form = PreferencesForm.for_subscriber(subscriber)
    return render(
        request,
        "roundup/preferences.html",
        {"form": form, "subscriber": subscriber, "token": token},
    )


@login_required
@never_cache
def preferences(request):
    subscriber = subscriptions.subscription_of(request.user)
    if subscriber is None:
        return render(request, "roundup/preferences_none.html")
    return _preferences(request, subscriber)


@never_cache
def preferences_link(request, token):
    try:
        subscriber = subscriber_from_token(token)
    except InvalidLink as error:
        return render(request, "roundup/link_problem.html", {"error": error}, status=400)
    return _preferences(request, subscriber, token=token)


@csrf_exempt
@never_cache
def unsubscribe(request, token):
    """GET asks to confirm; POST (the one-click from a mail client, or the button) unsubscribes
    at once, with no sign-in, cookie or CSRF token, and answers here rather than redirecting."""
    try:
        subscriber = subscriber_from_token(token)
    except InvalidLink as error:
        return render(request, "roundup/link_problem.html", {"error": error}, status=400)
    if request.method == "POST":
        subscriptions.unsubscribe(subscriber, source="unsubscribe link")
        return render(request, "roundup/unsubscribed.html", {"token": token})
    return render(request, "roundup/unsubscribe.html", {"subscriber": subscriber, "token": token})


def _secret_matches(request):
    secret = settings.ROUNDUP_WEBHOOK_SECRET
    given = request.headers.get("X-Webhook-Secret", "")
    return bool(secret) and hmac.compare_digest(given.encode(), secret.encode())


@csrf_exempt
@require_POST
def deliverability_webhook(request):
    """Bounce and complaint reports: JSON `{"events": [{"type", "email", "bounce_type"}]}`."""
    if not _secret_matches(request):
        return HttpResponseForbidden("Wrong or missing secret.")
    try:
        payload = json.loads(request.body)
    except ValueError:
        return JsonResponse({"error": "The body is not JSON."}, status=400)
    except RecursionError:  # JSON nested deeper than the parser goes
        return JsonResponse({"error": "The JSON is nested too deeply."}, status=400)
    events = payload.get("events") if isinstance(payload, dict) else payload
    if not isinstance(events, list) or len(events) > MAX_WEBHOOK_EVENTS:
        return JsonResponse({"error": "Send a list of up to 1000 events."}, status=400)
    outcomes = {"suppressed": 0, "known": 0, "ignored": 0}
    for event in events:
        outcome = (
            deliverability.record_provider_event(event) if isinstance(event, dict) else "ignored"
        )
        outcomes[outcome] += 1
    return JsonResponse(outcomes)


urlpatterns = [
    path("subscribe/", subscribe, name="subscribe"),
    path("subscribe/check-your-email/", check_email, name="check_email"),
    path("subscribe/confirm/<str:token>/", confirm, name="confirm"),
    path("preferences/", preferences, name="preferences"),
    path("preferences/<str:token>/", preferences_link, name="preferences_link"),
    path("unsubscribe/<str:token>/", unsubscribe, name="unsubscribe"),
    path("webhooks/deliverability/", deliverability_webhook, name="deliverability_webhook"),
]
