"""A person's notifications (/my/notifications/) and how they want to be told."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from . import services
from .forms import PreferencesForm
from .models import NotificationPreference
from .queries import notifications_for, unread_count

PER_PAGE = 20


@login_required
def notification_list(request):
    page_obj = Paginator(notifications_for(request.user), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "portal/notifications/list.html",
        {
            "page_obj": page_obj,
            "notifications": page_obj.object_list,
            "pages": page_obj.paginator.get_elided_page_range(page_obj.number),
            "ellipsis": page_obj.paginator.ELLIPSIS,
            "unread": unread_count(request.user),
        },
    )


@login_required
@require_POST
def mark_read(request, pk):
    """Mark one read; with `open`, go on to the thing it is about."""
    notification = services.mark_read(request.user, pk)
    if notification is None:
        messages.error(request, "That notification was not found.")
        return redirect("notifications:list")
    opening = request.POST.get("open") and notification.url
    if opening and url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None):
        return redirect(notification.url)
    messages.success(request, f"Marked as read: {notification.title}")
    return redirect("notifications:list")


@login_required
@require_POST
def mark_all_read(request):
    marked = services.mark_all_read(request.user)
    if marked:
        messages.success(
            request,
            f"{marked} notification{'s' if marked != 1 else ''} marked as read.",
        )
    return redirect("notifications:list")


@login_required
def preferences(request):
    current = dict(
        NotificationPreference.objects.filter(user=request.user).values_list("kind", "channel")
    )
    form = PreferencesForm(request.POST or None, current=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_preferences(request.user, form.choices())
        except services.PreferenceNotAllowed as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Your notification choices have been saved.")
            return redirect("notifications:preferences")
    return render(request, "portal/notifications/preferences.html", {"form": form})
