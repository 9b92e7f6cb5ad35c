"""No local state: with a bucket and Redis configured, files, cache, sessions and rate limits
leave the process; private files get no public URL; rate limits count the real client."""

import json
import subprocess
import sys

import pytest

from .servers import ROOT, production_env

PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.core.cache import cache, caches
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import RequestFactory
from allauth.core.internal.httpkit import get_client_ip
from filer import settings as filer_settings

private = filer_settings.FILER_PRIVATEMEDIA_STORAGE
name = private.save("filer_private/board/minutes.pdf", ContentFile(b"%PDF-1.7 minutes"))
public = default_storage.save("images/logo.png", ContentFile(b"png"))
cache.set("probe", "shared", 30)
request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR="198.51.100.7", REMOTE_ADDR="10.0.0.2")
print(json.dumps({
    "private_class": type(private).__name__,
    "private_name": name,
    "private_url": private.url(name),
    "private_bytes": private.open(name).read().decode(),
    "default_class": type(default_storage._wrapped).__name__,
    "public_name": public,
    "public_url": default_storage.url(public),
    "cache": type(caches["default"]).__name__,
    "cached": cache.get("probe"),
    "session_engine": settings.SESSION_ENGINE,
    "client_ip": get_client_ip(request),
}))
"""


def probe(**env):
    result = subprocess.run(  # noqa: S603 (our own interpreter with a fixed script)
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=production_env(**env),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture
def redis_url():
    redis = pytest.importorskip("redis")
    url = "redis://127.0.0.1:6379/15"
    try:
        redis.Redis.from_url(url).ping()
    except redis.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    return url


def test_with_a_bucket_and_redis_nothing_stays_in_the_process(bucket, s3_server, redis_url):
    client, name = bucket
    seen = probe(
        AWS_STORAGE_BUCKET_NAME=name,
        AWS_S3_ENDPOINT_URL=s3_server,
        AWS_S3_REGION_NAME="eu-west-2",
        AWS_ACCESS_KEY_ID="testing",
        AWS_SECRET_ACCESS_KEY="testing",
        REDIS_URL=redis_url,
        ALLAUTH_TRUSTED_PROXY_COUNT="1",
    )

    # Member files go to the bucket, privately, and have no URL outside the portal's views.
    assert seen["private_class"] == "PrivateS3Storage"
    key = f"private/{seen['private_name']}"
    stored = client.get_object(Bucket=name, Key=key)
    assert stored["Body"].read() == b"%PDF-1.7 minutes"
    assert seen["private_bytes"] == "%PDF-1.7 minutes"
    grants = client.get_object_acl(Bucket=name, Key=key)["Grants"]
    assert not [g for g in grants if "AllUsers" in g["Grantee"].get("URI", "")]
    assert seen["private_url"].startswith("/files/")
    assert s3_server not in seen["private_url"]
    # Other media are in the same bucket, reachable only through short-lived signed URLs.
    assert seen["default_class"] == "S3Storage"
    assert client.get_object(Bucket=name, Key=seen["public_name"])["Body"].read() == b"png"
    assert "Signature" in seen["public_url"] or "X-Amz-Signature" in seen["public_url"]

    assert seen["cache"] == "RedisCache"
    assert seen["cached"] == "shared"
    assert seen["session_engine"] == "django.contrib.sessions.backends.cached_db"
    # Behind one proxy (nginx), rate limits key on the client it saw, not on nginx.
    assert seen["client_ip"] == "198.51.100.7"


def test_without_a_bucket_or_redis_files_stay_under_media_root(tmp_path):
    seen = probe(MEDIA_ROOT=str(tmp_path / "media"))

    assert seen["private_class"] == "PrivateFileSystemStorage"
    assert (tmp_path / "media" / "private" / seen["private_name"]).read_bytes() == (
        b"%PDF-1.7 minutes"
    )
    assert seen["default_class"] == "FileSystemStorage"
    assert seen["cache"] == "LocMemCache"
    assert seen["session_engine"] == "django.contrib.sessions.backends.db"
    # Without a trusted proxy, a forged X-Forwarded-For is ignored.
    assert seen["client_ip"] == "10.0.0.2"
