"""Factories for the site core: people, trusts, integrated care systems and content pages."""

import factory
import wagtail_factories
from allauth.account.models import EmailAddress
from django.conf import settings

from portal.models import HomePage, IntegratedCareSystem, StandardPage, Trust, User

PASSWORD = "correct-horse-battery-staple"


class IntegratedCareSystemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IntegratedCareSystem
        django_get_or_create = ["ods_code"]

    name = factory.Sequence(lambda n: f"NHS Test Area {n} Integrated Care System")
    short_name = factory.Sequence(lambda n: f"Test Area {n}")
    ods_code = factory.Sequence(lambda n: f"Q{n:03d}")


class TrustFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Trust
        django_get_or_create = ["ods_code"]

    name = factory.Sequence(lambda n: f"Test Hospitals {n} NHS Trust")
    ods_code = factory.Sequence(lambda n: f"R{n:04d}")
    ics = factory.SubFactory(IntegratedCareSystemFactory)
    kind = Trust.Kind.ACUTE
    network_membership = Trust.NetworkMembership.FULL


class UserFactory(factory.django.DjangoModelFactory):
    """A confirmed network member who can sign in with PASSWORD."""

    class Meta:
        model = User
        django_get_or_create = ["email"]
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@nhs.net")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    job_title = "Diagnostic radiographer"
    staff_group = User.StaffGroup.RADIOGRAPHER
    network_status = User.NetworkStatus.MEMBER
    password = factory.django.Password(PASSWORD)

    class Params:
        applicant = factory.Trait(
            email=factory.Sequence(lambda n: f"applicant{n}@example.com"),
            network_status=User.NetworkStatus.AWAITING_APPROVAL,
        )
        network_office = factory.Trait(office_team=User.OfficeTeam.NETWORK_OFFICE)
        superuser = factory.Trait(
            is_staff=True, is_superuser=True, office_team=User.OfficeTeam.NETWORK_OFFICE
        )

    @factory.post_generation
    def verified_email(user, create, extracted, **kwargs):
        """allauth signs in only people whose address is confirmed (unless told otherwise)."""
        if create and extracted is not False:
            EmailAddress.objects.update_or_create(
                user=user, email=user.email, defaults={"verified": True, "primary": True}
            )


class HomePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = HomePage

    title = settings.WAGTAIL_SITE_NAME
    slug = "home"
    introduction = "Trusts working together for faster, safer imaging."


class StandardPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = StandardPage

    title = factory.Sequence(lambda n: f"Standard page {n}")
    introduction = "What this page is about."
