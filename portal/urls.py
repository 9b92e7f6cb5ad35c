from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from . import views, volunteer_views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path(".well-known/security.txt", views.security_txt, name="security_txt"),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("accounts/profile/", views.profile, name="profile"),
    path("accounts/volunteers/invite/", volunteer_views.invite, name="volunteer_invite"),
    path(
        "accounts/volunteers/join/<str:token>/",
        volunteer_views.accept,
        name="volunteer_accept_invitation",
    ),
    path("accounts/volunteers/policy/", volunteer_views.policy, name="volunteer_policy"),
    path("accounts/volunteers/induction/", volunteer_views.induction, name="volunteer_induction"),
    path("accounts/", include("allauth.urls")),
    path("governance/", include("governance.urls")),
    path("sigs/", include("sigs.urls")),
    path("bookings/", include("events.urls")),
    path("cpd/", include("events.cpd_urls")),
    path("publications/", include("publications.urls")),
    path("round-up/", include("publications.roundup.urls")),
    path("dashboard/", include("publications.dashboard.urls")),
    path("search/", include("portal.search_urls")),
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    # Only Wagtail's page images are public media; private files are streamed by views.
    urlpatterns += static(
        f"{settings.MEDIA_URL}images/", document_root=settings.MEDIA_ROOT / "images"
    )

urlpatterns += [path("", include(wagtail_urls))]
