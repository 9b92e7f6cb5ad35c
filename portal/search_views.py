"""The site search page: a query, filters by type, group and date, and paginated results."""

from django import forms
from django.core.paginator import Paginator
from django.shortcuts import render

from .search import MAX_QUERY_CHARS, SearchContext, SearchFilters, registered_sources, search


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class SearchForm(forms.Form):
    """The search box and its filters; the kinds and groups come from the search sources."""

    # Not "q": pages with a filter of that name share the header's search box with this form.
    query = forms.CharField(
        label="Search for",
        max_length=MAX_QUERY_CHARS,
        error_messages={"required": "Enter a word or phrase to search for."},
    )
    kind = forms.ChoiceField(label="Type", required=False)
    group = forms.ChoiceField(label="Group", required=False)
    date_from = forms.DateField(label="Dated on or after", required=False, widget=DateInput)
    date_to = forms.DateField(label="Dated on or before", required=False, widget=DateInput)

    def __init__(self, data, *, kinds, groups):
        super().__init__(data)
        for field in self.fields.values():
            # The filters sit beside the results, outside the search form's landmark.
            field.widget.attrs["form"] = "search-form"
        self.groups = {str(group.pk): group for group, _label in groups}
        self.fields["kind"].choices = [("", "All types"), *kinds]
        self.fields["group"].choices = [
            ("", "All groups"),
            *((str(group.pk), label) for group, label in groups),
        ]

    def clean_group(self):
        return self.groups.get(self.cleaned_data["group"])

    def clean(self):
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_from > date_to:
            self.add_error("date_to", "The end of the date range must be on or after its start.")
        return cleaned

    def filters(self):
        data = self.cleaned_data
        return SearchFilters(
            kinds=(data["kind"],) if data.get("kind") else (),
            group=data.get("group"),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )

    @property
    def filtered(self):
        return any(self.data.get(name) for name in ("kind", "group", "date_from", "date_to"))


def search_page(request):
    sources = registered_sources()
    context = SearchContext(user=request.user, request=request, filters=SearchFilters())
    groups = [choice for source in sources for choice in source.group_choices(context)]
    form = SearchForm(
        request.GET or None,
        kinds=[(source.key, source.label) for source in sources],
        groups=groups,
    )
    outcome = None
    if form.is_bound and form.is_valid():
        context.filters = form.filters()
        outcome = search(
            form.cleaned_data["query"],
            context,
            sources,
            page_number=request.GET.get("page"),
            correct=not request.GET.get("exact"),
        )
    labels = {source.key: source.label for source in sources}
    kind_counts = (
        [(key, labels[key], count) for key, count in outcome.kind_counts.items()] if outcome else []
    )
    page_obj = outcome.page_obj if outcome else None
    return render(
        request,
        "portal/search.html",
        {
            "form": form,
            "outcome": outcome,
            "page_obj": page_obj,
            "page_numbers": page_obj.paginator.get_elided_page_range(
                page_obj.number, on_each_side=1, on_ends=1
            )
            if page_obj
            else [],
            "ellipsis": Paginator.ELLIPSIS,
            "kind_counts": kind_counts,
            "filtered": form.filtered if form.is_bound else False,
        },
    )
