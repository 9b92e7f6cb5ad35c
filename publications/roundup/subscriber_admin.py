"""The comms team's subscriber list in the Wagtail admin: counts, search and filters, each
subscriber's history, export and import (double opt-in), and unsubscribing by hand.

Comms see a subscriber's address, name, status, topics and dates, and nothing else about a
member. Nothing here writes directly: every change goes through the subscription services,
which record the history and the audit log.
"""

import django_filters
from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton
from wagtail.permission_policies import BasePermissionPolicy

from portal.exports import csv_response

from .blocks import Topic
from .errors import ImportRejected
from .models import Subscriber
from .services.importing import import_subscribers
from .services.subscriptions import unsubscribe

PERMISSION = "roundup.manage_subscribers"
TOPIC_FILTERS = [
    (Topic.EVENTS, "Events and training"),
    (Topic.PROTOCOLS, "Protocols"),
    (Topic.GOVERNANCE, "Governance news"),
    (Topic.JOBS, "Jobs and opportunities"),
    (Topic.SIG_NEWS, "Special interest group news"),
]
EXPORT_HEADER = [
    "Email address",
    "Name",
    "Status",
    "Topics",
    "How they joined",
    "Consent given",
    "Unsubscribed",
    "Added",
]


def _require(request):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied


class SubscriberPermissionPolicy(BasePermissionPolicy):
    """Comms and the network office may look; nobody adds, edits or deletes rows here (the
    services make every change, so the history and consent records stay true)."""

    def user_has_permission(self, user, action):
        return action == "view" and user.has_perm(PERMISSION)

    def users_with_any_permission(self, actions):
        User = get_user_model()  # noqa: N806 (a class)
        if "view" not in actions:
            return User.objects.none()
        comms = User.objects.filter(is_active=True, office_team=User.OfficeTeam.COMMS)
        return User.objects.network_admins() | comms


class SubscriberFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(choices=Subscriber.Status.choices, empty_label="All")
    source = django_filters.ChoiceFilter(
        label="How they joined", choices=Subscriber.Source.choices, empty_label="All"
    )
    topic = django_filters.ChoiceFilter(
        label="Topic", choices=TOPIC_FILTERS, method="filter_topic", empty_label="Any"
    )

    class Meta:
        model = Subscriber
        fields = ["status", "source"]

    def filter_topic(self, queryset, name, value):
        return queryset.wanting(value)


def subscriber_counts():
    """Subscribers by status, and those receiving the round-up by topic (as sending counts)."""
    by_status = dict(Subscriber.objects.values_list("status").annotate(n=Count("pk")))
    receiving = Subscriber.objects.receiving()
    return {
        "statuses": [
            (label, by_status.get(value, 0)) for value, label in Subscriber.Status.choices
        ],
        "receiving": receiving.count(),
        "topics": [(label, receiving.wanting(topic).count()) for topic, label in TOPIC_FILTERS],
    }


class SubscriberIndexView(generic.IndexView):
    template_name = "roundup/admin/subscriber_index.html"

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("user").prefetch_related("sigs")

    def search_queryset(self, queryset):
        if self.search_query:
            return queryset.search(self.search_query)
        return queryset

    @property
    def header_buttons(self):
        query = self.request.GET.urlencode()
        export = reverse("roundup_subscribers:export") + (f"?{query}" if query else "")
        return [
            HeaderButton(
                "Import from CSV", url=reverse("roundup_subscribers:import"), icon_name="upload"
            ),
            HeaderButton("Export to CSV", url=export, icon_name="download"),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not self.results_only:
            context["counts"] = subscriber_counts()
        return context


class UnsubscribeForm(forms.Form):
    reason = forms.CharField(
        label="Reason",
        max_length=200,
        help_text="For example “asked by phone on 3 December”. Kept in the history.",
    )


class SubscriberInspectView(generic.InspectView):
    template_name = "roundup/admin/subscriber_inspect.html"

    def get_object(self, queryset=None):
        return get_object_or_404(Subscriber.objects.select_related("user"), pk=self.pk)

    def get_fields(self):
        return []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            subscriber=self.object,
            history=self.object.history.select_related("by"),
            unsubscribe_form=UnsubscribeForm(),
            statuses=Subscriber.Status,
        )
        return context


@require_POST
def unsubscribe_view(request, pk):
    _require(request)
    subscriber = get_object_or_404(Subscriber, pk=pk)
    form = UnsubscribeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give a reason for unsubscribing this person.")
    elif subscriber.status == Subscriber.Status.UNSUBSCRIBED:
        messages.error(request, f"{subscriber.address} is already unsubscribed.")
    else:
        unsubscribe(
            subscriber,
            source=f"Unsubscribed by {request.user.get_full_name() or request.user.email}",
            by=request.user,
            reason=form.cleaned_data["reason"],
        )
        messages.success(
            request,
            f"{subscriber.address} is unsubscribed and on the suppression list: "
            "no round-up goes to this address.",
        )
    return redirect("roundup_subscribers:inspect", pk)


def export_view(request):
    """The list as filtered on screen, as CSV: only what the list itself shows."""
    _require(request)
    filters = SubscriberFilterSet(
        request.GET, queryset=Subscriber.objects.select_related("user").prefetch_related("sigs")
    )
    subscribers = filters.qs.search(request.GET.get("q", "")).order_by("email")

    def when(moment):
        return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""

    rows = (
        [
            s.address,
            s.greeting_name,
            s.get_status_display(),
            s.topics_text(),
            s.get_source_display(),
            when(s.consent_at),
            when(s.unsubscribed_at),
            when(s.created_at),
        ]
        for s in subscribers
    )
    filename = f"round-up-subscribers-{timezone.localdate():%Y-%m-%d}.csv"
    return csv_response(filename, EXPORT_HEADER, rows)


class ImportForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text="A column headed “email”, and optionally “first_name”. Up to 2 MB. Each new "
        "address is sent an email asking them to confirm; nobody is subscribed until they do.",
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        if not uploaded.name.lower().endswith(".csv"):
            raise forms.ValidationError("Choose a .csv file.")
        return uploaded


def import_view(request):
    _require(request)
    form, result = ImportForm(), None
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                result = import_subscribers(form.cleaned_data["file"], by=request.user)
            except ImportRejected as error:
                form.add_error("file", str(error))
    return TemplateResponse(
        request, "roundup/admin/subscriber_import.html", {"form": form, "result": result}
    )


class SubscriberViewSet(ModelViewSet):
    model = Subscriber
    icon = "mail"
    menu_label = "Round-up subscribers"
    menu_order = 951
    add_to_admin_menu = True
    url_prefix = "round-up/subscribers"
    name = "roundup_subscribers"
    index_view_class = SubscriberIndexView
    inspect_view_class = SubscriberInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    # No add or edit (the permission policy refuses both); Wagtail still builds the form.
    form_fields = ["first_name"]
    filterset_class = SubscriberFilterSet
    search_fields = ["email"]  # searched by SubscriberQuerySet.search (address or name)
    list_per_page = 50
    list_display = [
        TitleColumn(
            "address",
            label="Email address",
            sort_key="email",
            get_url=lambda subscriber: reverse("roundup_subscribers:inspect", args=[subscriber.pk]),
        ),
        Column("greeting_name", label="Name"),
        Column("status", label="Status", accessor="get_status_display", sort_key="status"),
        Column("topics", label="Topics", accessor="topics_text"),
        DateColumn("created_at", label="Added", sort_key="created_at"),
    ]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("export/", export_view, name="export"),
            path("import/", import_view, name="import"),
            path("<id:pk>/unsubscribe/", unsubscribe_view, name="unsubscribe"),
        ]
