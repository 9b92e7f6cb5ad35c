"""Response hardening shared by every page: the Permissions-Policy header, the admin's own
Content-Security-Policy, and hostile numbers answered "not found" rather than with an error.

The site's Content-Security-Policy itself is Django's (`SECURE_CSP`, set in settings and sent
by `django.middleware.csp.ContentSecurityPolicyMiddleware`).
"""

from django.conf import settings
from django.views.defaults import page_not_found

ADMIN_PREFIXES = ("/admin/", "/django-admin/")


class SecurityHeadersMiddleware:
    """Permissions-Policy on every response. The site's policy is enforced everywhere but the
    admin areas: Wagtail's editor (its date and time pickers, inline panels and workflow
    templates) and Django's admin (its change form) still run inline script, so there it is
    sent as report-only instead, and editors are never broken by it while violations stay
    visible.

    Listed after Django's CSP middleware, so it answers first and that middleware reads the
    policy chosen here."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.PERMISSIONS_POLICY and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = settings.PERMISSIONS_POLICY
        if request.path.startswith(ADMIN_PREFIXES):
            response._csp_config = {}
            response._csp_ro_config = settings.SECURE_CSP
        return response


class OverflowIsNotFoundMiddleware:
    """A number too big for the database in a URL or query (`/admin/pages/99…99/`) is a page
    that does not exist. The portal's own routes refuse such ids already (`<id:…>`); this
    covers the routes of the libraries it mounts."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OverflowError):
            return page_not_found(request, exception)
        return None
