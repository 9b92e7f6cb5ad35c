"""Site core: people (the user model), organisations (ICSs and trusts) and the content pages."""

from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import BodyStreamBlock, KeyFiguresBlock
from .routing import RoutedPage, route_from


class IntegratedCareSystem(models.Model):
    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=40, blank=True)
    ods_code = models.CharField("ODS code", max_length=10, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "integrated care system"

    def __str__(self):
        return self.name


class TrustQuerySet(models.QuerySet):
    def network_members(self):
        return self.exclude(network_membership=Trust.NetworkMembership.NONE)

    def acute(self):
        return self.filter(kind=Trust.Kind.ACUTE)


class Trust(models.Model):
    class Kind(models.TextChoices):
        ACUTE = "acute", "Acute"
        COMMUNITY = "community", "Community"
        OTHER = "other", "Other"

    class NetworkMembership(models.TextChoices):
        FULL = "full", "Full member"
        ASSOCIATE = "associate", "Associate member"
        NONE = "none", "Not a member"

    name = models.CharField(max_length=200, unique=True)
    ods_code = models.CharField("ODS code", max_length=10, unique=True)
    ics = models.ForeignKey(
        IntegratedCareSystem,
        on_delete=models.PROTECT,
        related_name="trusts",
        verbose_name="integrated care system",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.ACUTE)
    network_membership = models.CharField(
        max_length=20, choices=NetworkMembership.choices, default=NetworkMembership.FULL
    )

    objects = TrustQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        extra_fields.setdefault("network_status", User.NetworkStatus.MEMBER)
        return self._create_user(email, password, **extra_fields)

    def awaiting_approval(self):
        return self.filter(network_status=User.NetworkStatus.AWAITING_APPROVAL)

    def network_members(self):
        return self.filter(network_status=User.NetworkStatus.MEMBER, is_active=True)

    def network_admins(self):
        """`rules.is_network_admin` as a filter: active superusers and the network office."""
        return self.filter(is_active=True).filter(
            models.Q(is_superuser=True) | models.Q(office_team=User.OfficeTeam.NETWORK_OFFICE)
        )


class User(AbstractUser):
    """A person who uses the portal. Email is the login; the profile lives here too."""

    class NetworkStatus(models.TextChoices):
        UNCONFIRMED = "unconfirmed", "Email not yet confirmed"
        AWAITING_APPROVAL = "awaiting_approval", "Awaiting approval by the network office"
        MEMBER = "member", "Network member"
        DECLINED = "declined", "Not approved"

    class StaffGroup(models.TextChoices):
        RADIOGRAPHER = "radiographer", "Radiographer"
        RADIOLOGIST = "radiologist", "Radiologist"
        MEDICAL_PHYSICIST = "medical_physicist", "Medical physicist"
        SONOGRAPHER = "sonographer", "Sonographer"
        NURSE = "nurse", "Nurse"
        MANAGER = "manager", "Manager or administrator"
        OTHER = "other", "Other"

    class RegistrationBody(models.TextChoices):
        HCPC = "HCPC", "Health and Care Professions Council (HCPC)"
        GMC = "GMC", "General Medical Council (GMC)"
        NMC = "NMC", "Nursing and Midwifery Council (NMC)"
        RCCP = "RCCP", "Registration Council for Clinical Physiologists (RCCP)"
        AHCS = "AHCS", "Academy for Healthcare Science (AHCS)"
        OTHER = "other", "Other"

    class OfficeTeam(models.TextChoices):
        NETWORK_OFFICE = "network_office", "Network office"
        COMMS = "comms", "Communications team"

    username = None
    email = models.EmailField("email address", unique=True)
    job_title = models.CharField(max_length=150, blank=True)
    staff_group = models.CharField(max_length=30, choices=StaffGroup.choices, blank=True)
    organisation = models.ForeignKey(
        Trust,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
        help_text="The trust you work for.",
    )
    registration_body = models.CharField(
        "professional registration body",
        max_length=10,
        choices=RegistrationBody.choices,
        blank=True,
    )
    registration_number = models.CharField(
        "professional registration number", max_length=30, blank=True
    )
    is_lay_member = models.BooleanField(
        "patient or public volunteer",
        default=False,
        help_text="Volunteers are not NHS staff; they see what is shared for lay review.",
    )
    office_team = models.CharField(
        max_length=20,
        choices=OfficeTeam.choices,
        blank=True,
        help_text="Members of the network's programme team.",
    )
    network_status = models.CharField(
        max_length=20, choices=NetworkStatus.choices, default=NetworkStatus.UNCONFIRMED
    )
    network_status_changed_at = models.DateTimeField(default=timezone.now)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        ordering = ["last_name", "first_name", "email"]

    def __str__(self):
        return self.get_full_name() or self.email

    @property
    def is_network_member(self):
        return self.is_active and self.network_status == self.NetworkStatus.MEMBER


class HomePage(RoutedPage, Page):
    """The network's front door."""

    introduction = models.TextField(
        max_length=500, help_text="One or two sentences that say what the network is."
    )
    key_figures = StreamField([("key_figures", KeyFiguresBlock())], blank=True, max_num=1)
    body = StreamField(BodyStreamBlock(), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        FieldPanel("key_figures"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("introduction")]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = "home page"

    def route(self, request, path_components):
        # Every URL is routed from here: one query for the whole chain (portal.routing).
        return route_from(self, request, path_components)


class StandardPage(RoutedPage, Page):
    """A plain content page: About, Contact, policies and the like."""

    introduction = models.TextField(max_length=500, blank=True)
    body = StreamField(BodyStreamBlock(), blank=True)
    contact_details = RichTextField(
        blank=True, features=["bold", "link", "ul"], help_text="Shown in a panel beside the text."
    )

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        FieldPanel("body"),
        FieldPanel("contact_details"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]

    class Meta:
        verbose_name = "standard page"


# The suppression list (bounces, complaints, unsubscribes) is honoured by every non-transactional
# email; it lives in its own module.
# Notifications (what each person was told, how they want to hear) live in their own package.
from .notifications.models import (  # noqa: E402, F401
    Notification,
    NotificationDelivery,
    NotificationPreference,
)
from .suppression import Suppression  # noqa: E402, F401
