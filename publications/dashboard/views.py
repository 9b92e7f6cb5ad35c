"""The dashboard's pages. Each asks the dashboard's rules before serving and reads its figures
from services.metrics; nothing here computes a figure of its own."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone

from governance.models import Action
from governance.services.registers import published_groups

from . import charts
from .forms import PeriodForm
from .models import DashboardSettings, ObjectiveStatus
from .rules import can_view_dashboard, can_view_governance_health
from .services import datapack, metrics
from .services.quorum import check_unchecked_meetings

PAGE_SIZE = 25


def _refuse(request):
    """Someone signed out is asked to sign in; anyone else is told there is no such page."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise Http404


def _allowed_by(predicate):
    """Serve the view only to those `predicate` allows (the door of every dashboard page)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not predicate(request.user):
                return _refuse(request)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


members_only = _allowed_by(can_view_dashboard)
boards_only = _allowed_by(can_view_governance_health)


def _crumbs(*crumbs):
    return [("Network dashboard", reverse("dashboard:overview")), *crumbs]


def _page(request, items):
    return Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))


@members_only
def overview(request):
    """Headline figures with their charts; governance health for boards and the office."""
    trend = metrics.maturity_trend()
    qsin = metrics.qsin_progress()
    qsi = metrics.qsi_matrix()
    plan = metrics.plan_progress()
    context = {
        "trend": trend,
        "maturity_chart": charts.maturity_chart(trend),
        "qsin": qsin,
        "qsin_chart": charts.qsin_chart(qsin),
        "qsi": qsi,
        "plan": plan,
        "show_health": can_view_governance_health(request.user),
    }
    if context["show_health"]:
        form = PeriodForm(request.GET)
        period = form.period
        check_unchecked_meetings()
        groups = metrics.attendance_by_group(period)
        actions = metrics.action_health(period)
        context.update(
            form=form,
            period=period,
            groups=groups,
            meetings_held=sum(row.meetings for row in groups),
            quorate=sum(row.quorate for row in groups),
            checked=sum(row.checked for row in groups),
            actions=actions,
            heat=metrics.risk_profile(request.user, request),
            adoption=metrics.protocol_adoption_by_trust(),
            pack_review=metrics.pack_review(period),
            events=metrics.event_figures(period),
        )
    return render(request, "dashboard/overview.html", context)


@members_only
def maturity(request):
    trend = metrics.maturity_trend(with_evidence=True)
    for assessment in trend.assessments:
        assessment.visible_evidence = metrics.evidence_visible_to(
            request.user, list(assessment.evidence.all())
        )
    return render(
        request,
        "dashboard/maturity.html",
        {
            "crumbs": _crumbs(),
            "trend": trend,
            "chart": charts.maturity_chart(trend),
            "overall_chart": charts.maturity_overall_chart(trend),
        },
    )


@members_only
def qsi(request):
    matrix = metrics.qsi_matrix()
    return render(
        request,
        "dashboard/qsi.html",
        {"crumbs": _crumbs(), "matrix": matrix, "chart": charts.qsi_chart(matrix)},
    )


@members_only
def qsin(request):
    progress = metrics.qsin_progress()
    return render(
        request,
        "dashboard/qsin.html",
        {"crumbs": _crumbs(), "progress": progress, "chart": charts.qsin_chart(progress)},
    )


@members_only
def plan(request):
    progress = metrics.plan_progress(with_evidence=True)
    links = [link for objective in progress.objectives for link in objective.evidence.all()]
    visible = {id(link) for link in metrics.evidence_visible_to(request.user, links)}
    for objective in progress.objectives:
        objective.visible_evidence = [
            link for link in objective.evidence.all() if id(link) in visible
        ]
    return render(
        request,
        "dashboard/plan.html",
        {"crumbs": _crumbs(), "progress": progress, "statuses": ObjectiveStatus},
    )


@boards_only
def meetings(request):
    """Attendance and quoracy by group, and the held meetings behind them."""
    form = PeriodForm(request.GET)
    period = form.period
    check_unchecked_meetings()
    groups = metrics.attendance_by_group(period)
    group = None
    if chosen := request.GET.get("group"):
        if not chosen.isdigit():
            raise Http404
        group = get_object_or_404(published_groups(), pk=chosen)
    titles = {row.group.path: row.group.title for row in groups}
    page_obj = _page(request, metrics.meeting_rows(period, group))
    for meeting in page_obj:
        meeting.group_title = titles.get(meeting.group_path, "")
    held = sum(row.meetings for row in groups)
    summary = (
        f"{held} meeting{pluralize(held)} held by {len(groups)} "
        f"group{pluralize(len(groups))} in the period."
        if groups
        else "No meetings were held in the period."
    )
    return render(
        request,
        "dashboard/meetings.html",
        {
            "crumbs": _crumbs(),
            "form": form,
            "period": period,
            "groups": groups,
            "group": group,
            "page_obj": page_obj,
            "chart": charts.attendance_chart(groups, summary) if groups else None,
        },
    )


@boards_only
def trusts(request):
    """Attendance and protocol adoption by trust."""
    form = PeriodForm(request.GET)
    period = form.period
    rows = metrics.attendance_by_trust(period)
    return render(
        request,
        "dashboard/trusts.html",
        {
            "crumbs": _crumbs(),
            "form": form,
            "period": period,
            "rows": rows,
            "show_adoption": any(row.protocols_adopted is not None for row in rows),
        },
    )


ACTION_VIEWS = {
    "all": "All actions",
    "done": "Done",
    "open": "Open",
    "overdue": "Overdue",
    "dropped": "Dropped",
}


@boards_only
def actions(request):
    """The actions behind the completion figures, as the action register would show them."""
    form = PeriodForm(request.GET)
    period = form.period
    which = request.GET.get("status", "all")
    if which not in ACTION_VIEWS:
        which = "all"
    page_obj = _page(request, metrics.action_rows(request.user, period, which))
    return render(
        request,
        "dashboard/actions.html",
        {
            "crumbs": _crumbs(),
            "form": form,
            "period": period,
            "health": metrics.action_health(period),
            "which": which,
            "which_label": ACTION_VIEWS[which],
            "views": ACTION_VIEWS,
            "page_obj": page_obj,
            "rag": Action.Rag,
        },
    )


@boards_only
def packs(request):
    form = PeriodForm(request.GET)
    period = form.period
    rows = metrics.pack_review(period)
    if rows is None:
        raise Http404
    return render(
        request,
        "dashboard/packs.html",
        {
            "crumbs": _crumbs(),
            "form": form,
            "period": period,
            "rows": rows,
            "limit": metrics.PACK_REVIEW_MEETINGS,
        },
    )


@boards_only
def events(request):
    form = PeriodForm(request.GET)
    period = form.period
    figures = metrics.event_figures(period)
    if figures is None:
        raise Http404
    return render(
        request,
        "dashboard/events.html",
        {"crumbs": _crumbs(), "form": form, "period": period, "figures": figures},
    )


@members_only
def our_year(request):
    """Choose a period; the PDF and the CSV bundle are downloaded from here."""
    form = PeriodForm(request.GET, default=_last_financial_year())
    pack = datapack.build(form.period) if not form.errors else None
    return render(
        request,
        "dashboard/our_year.html",
        {"crumbs": _crumbs(), "form": form, "pack": pack},
        status=400 if form.errors else 200,
    )


def _last_financial_year():
    today = timezone.localdate()
    starting = today.year - 1 if today.month >= 4 else today.year - 2
    return metrics.Period.financial_year(starting)


def _valid_period(request):
    form = PeriodForm(request.GET, default=_last_financial_year())
    if form.errors:
        raise Http404
    return form.period


@members_only
def our_year_pdf(request):
    pack = datapack.build(_valid_period(request))
    response = HttpResponse(
        datapack.render_pdf(pack, base_url=request.build_absolute_uri("/")),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = f'attachment; filename="{pack.filename_stem}.pdf"'
    return response


@members_only
def our_year_csv(request):
    pack = datapack.build(_valid_period(request))
    response = HttpResponse(datapack.render_zip(pack), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{pack.filename_stem}-csv.zip"'
    return response


def public_summary(request):
    """A small summary anyone may see, when the network office has switched it on."""
    settings = DashboardSettings.load(request_or_site=request)
    if not settings.public_summary_enabled:
        raise Http404
    trend = metrics.maturity_trend()
    qsin = metrics.qsin_progress()
    qsi = metrics.qsi_matrix()
    return render(
        request,
        "dashboard/public_summary.html",
        {
            "settings_": settings,
            "trend": trend,
            "qsin": qsin,
            "qsi": qsi,
            "plan": metrics.plan_progress(),
        },
    )
