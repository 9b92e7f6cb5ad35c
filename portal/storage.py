"""Storages for production: hashed static files that survive missing source maps, and S3.

The NHS.UK frontend package's CSS and JS end with `sourceMappingURL` comments naming `.map`
files it does not ship, which makes Django's manifest storage abort `collectstatic`. A missing
source map only matters to someone debugging in a browser, so its comment is dropped; every
other missing reference (a font, an image) still fails the build, and hashing stays on.
"""

import posixpath

from whitenoise.storage import CompressedManifestStaticFilesStorage

try:  # django-storages is only needed when AWS_STORAGE_BUCKET_NAME is set
    from storages.backends.s3 import S3Storage
except ImportError:  # pragma: no cover
    S3Storage = None


def _is_source_map(url):
    path = url.strip().split("#", 1)[0].split("?", 1)[0]
    return posixpath.splitext(path)[1].lower() == ".map"


class ManifestStaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Whitenoise's compressed, hashed manifest storage, tolerant of missing `.map` files only."""

    def url_converter(self, name, hashed_files, template=None, ignored_blocks=None):
        convert = super().url_converter(name, hashed_files, template, ignored_blocks)

        def converter(matchobj):
            try:
                return convert(matchobj)
            except ValueError:
                if _is_source_map(matchobj.group("url")):
                    return ""
                raise

        return converter


if S3Storage is not None:

    class PrivateS3Storage(S3Storage):
        """Member uploads: private objects, no signed URLs; only permission-checking views
        stream them (the view reads the object; no URL to it is ever handed out)."""

        default_acl = "private"
        querystring_auth = False
        file_overwrite = False

        def url(self, name, parameters=None, expire=None, http_method=None):
            # Filer asks for a URL when rendering admin widgets; give it the view's path, never
            # the bucket's, so nothing private is reachable without the permission check.
            return posixpath.join(self.base_url or "/files/", name)

        def __init__(self, **settings):
            self.base_url = settings.pop("base_url", None)
            super().__init__(**settings)

    class PublicS3Storage(S3Storage):
        """Page images and other files meant for everyone."""

        default_acl = "public-read"
        querystring_auth = False
        file_overwrite = False
