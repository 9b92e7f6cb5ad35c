"""Django admin registrations; needed by django-filer's folder and permission screens."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from .models import IntegratedCareSystem, Trust, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "organisation", "network_status"]
    list_filter = ["network_status", "staff_group", "is_lay_member", "office_team"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (
            "Profile",
            {
                "fields": [
                    "first_name",
                    "last_name",
                    "job_title",
                    "staff_group",
                    "organisation",
                    "registration_body",
                    "registration_number",
                ]
            },
        ),
        ("Network", {"fields": ["network_status", "is_lay_member", "office_team"]}),
        ("Access", {"fields": ["is_active", "is_staff", "is_superuser"]}),
    ]
    add_fieldsets = [(None, {"fields": ["email", "password1", "password2"]})]


@admin.register(Trust)
class TrustAdmin(admin.ModelAdmin):
    list_display = ["name", "ods_code", "ics", "kind", "network_membership"]
    search_fields = ["name", "ods_code"]


admin.site.register(IntegratedCareSystem)
