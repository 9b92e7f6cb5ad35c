"""Production settings pass Django's deployment checks and refuse to start half-configured."""

import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings

MANAGE = [sys.executable, "manage.py"]


def run_manage(*args, **env):
    base_env = {
        key: value
        for key, value in os.environ.items()
        if key in {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "VIRTUAL_ENV", "PYTHONPATH"}
    }
    return subprocess.run(  # noqa: S603 (our own manage.py with fixed arguments)
        [*MANAGE, *args, "--settings=portal.settings.production"],
        cwd=settings.BASE_DIR,
        env={**base_env, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def strong_secret_key():
    return secrets.token_urlsafe(64)


def test_deploy_check_is_clean_with_a_proper_environment():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level=WARNING",
        SECRET_KEY=strong_secret_key(),
        ALLOWED_HOSTS="portal.wmin.nhs.uk",
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNINGS" not in result.stdout + result.stderr


def test_deploy_check_notices_a_weak_secret_key():
    # Shows the check above would fail if something were wrong.
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level=WARNING",
        SECRET_KEY="too-short",
        ALLOWED_HOSTS="portal.wmin.nhs.uk",
    )

    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("missing", "env"),
    [
        ("SECRET_KEY", {"ALLOWED_HOSTS": "portal.wmin.nhs.uk"}),
        ("SECRET_KEY", {"ALLOWED_HOSTS": "portal.wmin.nhs.uk", "SECRET_KEY": ""}),
        ("ALLOWED_HOSTS", {"SECRET_KEY": strong_secret_key()}),
    ],
    ids=["no-secret-key", "empty-secret-key", "no-allowed-hosts"],
)
def test_production_refuses_to_start_without_required_settings(missing, env):
    result = run_manage("check", **env)

    assert result.returncode != 0
    assert f"{missing} must be set in the environment" in result.stderr
