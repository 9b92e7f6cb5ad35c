"""The network office's membership form: groups in tree order, people with their trust."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Min
from wagtail.admin.forms import WagtailAdminModelForm

from ..models import GroupPage


class GroupChoiceField(forms.ModelChoiceField):
    """Groups in tree order, indented under the body they are accountable to."""

    top_depth = 0

    def label_from_instance(self, group):
        return "– " * (group.depth - self.top_depth) + group.title


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, person):
        trust = f", {person.organisation}" if person.organisation else ""
        return f"{person.get_full_name() or person.email} ({person.email}{trust})"


class MembershipForm(WagtailAdminModelForm):
    group = GroupChoiceField(queryset=GroupPage.objects.order_by("path"))
    person = PersonChoiceField(
        queryset=get_user_model().objects.network_members().select_related("organisation")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        group_field = self.fields["group"]
        group_field.top_depth = GroupPage.objects.aggregate(top=Min("depth"))["top"] or 0
        self.fields["trust"].help_text = "Leave empty to use the trust the person works for."
        self.fields["end"].help_text = (
            "Set when someone leaves. The membership stays in the group's history and any edit "
            "rights end at once."
        )
        if self.instance.pk:
            # A membership belongs to one person in one group; to move someone, end this one.
            group_field.disabled = True
            self.fields["person"].disabled = True
            self.fields["person"].queryset = get_user_model().objects.filter(
                pk=self.instance.person_id
            )
