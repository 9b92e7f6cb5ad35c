"""The network office's membership admin. Every change goes through the membership services
(or re-syncs after saving), so Wagtail edit rights follow memberships at once."""

import django_filters
from django.contrib.auth import get_user_model
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import log
from wagtail.permission_policies import BasePermissionPolicy

from .errors import GovernanceError
from .forms.memberships import MembershipForm
from .models import Membership
from .services.memberships import add_membership, end_membership, sync_group_editors


class MembershipPermissionPolicy(BasePermissionPolicy):
    """Every action on memberships needs the network office (or a superuser), whatever Django
    permissions a person's groups hold: chairs have admin access, but not to this."""

    def user_has_permission(self, user, action):
        return user.has_perm("governance.administer_memberships")

    def users_with_any_permission(self, actions):
        User = get_user_model()  # noqa: N806 (a class)
        return User.objects.network_admins()


class MembershipCreateView(generic.CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        membership = add_membership(
            data["group"],
            data["person"],
            role=data["role"],
            trust=data["trust"],
            voting=data["voting"],
            start=data["start"],
        )
        if data["end"]:
            end_membership(membership, on=data["end"])
        log(membership, "wagtail.create", user=self.request.user)
        return membership

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except GovernanceError as error:
            form.add_error(None, str(error))
            self.produced_error_code = "validation_error"
            self.produced_error_message = str(error)
            return self.form_invalid(form)


class MembershipEditView(generic.EditView):
    def save_instance(self):
        membership = super().save_instance()
        sync_group_editors(membership.group)
        return membership


class MembershipDeleteView(generic.DeleteView):
    confirmation_message = (
        "Deleting removes this membership from the group's history. To record that someone "
        "has left, set an end date instead. Delete it anyway?"
    )

    def delete_action(self):
        group = self.object.group
        super().delete_action()
        sync_group_editors(group)


class MembershipIndexView(generic.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("person", "group", "trust")


class MembershipFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label="Status",
        choices=[("current", "Current"), ("ended", "Ended")],
        method="filter_status",
        empty_label="All",
    )

    class Meta:
        model = Membership
        fields = ["group", "role"]

    def filter_status(self, queryset, name, value):
        return queryset.current() if value == "current" else queryset.ended()


class MembershipViewSet(ModelViewSet):
    model = Membership
    icon = "group"
    menu_label = "Group memberships"
    menu_order = 850
    add_to_admin_menu = True
    index_view_class = MembershipIndexView
    add_view_class = MembershipCreateView
    edit_view_class = MembershipEditView
    delete_view_class = MembershipDeleteView
    copy_view_enabled = False  # a copy would be saved without the services
    filterset_class = MembershipFilterSet
    search_fields = ["person__first_name", "person__last_name", "person__email", "group__title"]
    list_display = [
        "person",
        "group",
        "role",
        "trust",
        BooleanColumn("voting"),
        Column("start", label="From", sort_key="start"),
        Column("end", label="Until", sort_key="end"),
    ]
    list_export = ["person", "person__email", "group", "role", "trust", "voting", "start", "end"]
    edit_handler = ObjectList(
        [
            FieldPanel("group"),
            FieldPanel("person"),
            FieldRowPanel([FieldPanel("role"), FieldPanel("voting")]),
            FieldPanel("trust"),
            FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
        ],
        base_form_class=MembershipForm,
    )
