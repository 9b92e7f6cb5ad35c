from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from . import health, observability, views
from .sitemap import PortalSitemap

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("metrics", observability.metrics, name="metrics"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path(".well-known/security.txt", views.security_txt, name="security_txt"),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": PortalSitemap}}, name="sitemap"),
    path("accounts/profile/", views.profile, name="profile"),
    path("my/", views.my_network, name="my_network"),
    path("my/notifications/", include("portal.notifications.urls")),
    path("sitemap/", views.sitemap_page, name="sitemap_page"),
    path("cookies/", views.cookies, name="cookies"),
    path("accounts/volunteers/", include("governance.lay.account_urls")),
    path("accounts/", include("allauth.urls")),
    path("governance/", include("governance.urls")),
    path("sigs/", include("sigs.urls")),
    path("bookings/", include("events.urls")),
    path("cpd/", include("events.cpd.urls")),
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
