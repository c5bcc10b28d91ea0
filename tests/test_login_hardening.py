"""Log-in hardening: lockout after repeated failures, Argon2, password rules, and the
production settings that `check --deploy` asks for (HTTPS-only cookies, HSTS, CSP)."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from hospital import settings as project_settings

from .factories import PASSWORD

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
LOGIN = "/accounts/login/"


def _log_in(client: Client, username: str, password: str):
    return client.post(LOGIN, {"username": username, "password": password})


def test_five_wrong_passwords_lock_the_username_even_with_the_right_one(nurse, other_nurse):
    client = Client()
    for _ in range(project_settings.AXES_FAILURE_LIMIT - 1):
        assert _log_in(client, nurse.username, "wrong-password").status_code == 200
    # The fifth wrong password locks; from then on even the right one is refused.
    assert _log_in(client, nurse.username, "wrong-password").status_code == 429
    locked = _log_in(client, nurse.username, PASSWORD)
    assert locked.status_code == 429
    assert b"Too many failed log-ins" in locked.content
    assert b"15 minutes" in locked.content
    assert "_auth_user_id" not in client.session
    # The same computer (same address) still lets a colleague log in: a ward shares it.
    assert _log_in(Client(), other_nurse.username, PASSWORD).status_code == 302


def test_the_lock_lifts_after_the_cool_off(nurse):
    for _ in range(project_settings.AXES_FAILURE_LIMIT):
        _log_in(Client(), nurse.username, "wrong-password")
    assert _log_in(Client(), nurse.username, PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert _log_in(Client(), nurse.username, PASSWORD).status_code == 302


def test_a_success_before_the_limit_starts_the_count_again(nurse):
    for _ in range(project_settings.AXES_FAILURE_LIMIT - 1):
        _log_in(Client(), nurse.username, "wrong-password")
    assert _log_in(Client(), nurse.username, PASSWORD).status_code == 302
    for _ in range(project_settings.AXES_FAILURE_LIMIT - 1):
        _log_in(Client(), nurse.username, "wrong-password")
    assert _log_in(Client(), nurse.username, PASSWORD).status_code == 302


def test_passwords_are_hashed_with_argon2(settings):
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS  # tests use a fast one
    assert make_password("a long enough secret").startswith("argon2$")


@pytest.mark.parametrize(
    "password", ["short-1", "123456789012345", "password12345", "nina-nurse-ward"]
)
def test_weak_passwords_are_refused(nurse, password):
    nurse.username, nurse.first_name = "nina-nurse-ward", "Nina"
    with pytest.raises(ValidationError):
        validate_password(password, user=nurse)


def test_every_page_carries_a_content_security_policy_without_inline_script(nurse_client, ward):
    for response in (nurse_client.get(f"/wards/{ward.code}/"), Client().get(LOGIN)):
        policy = response["Content-Security-Policy"]
        script = re.search(r"script-src ([^;]*)", policy).group(1)
        assert script.strip() == "'self'"
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
        assert "frame-ancestors 'none'" in policy
        assert response["X-Frame-Options"] == "DENY"


def test_no_template_has_inline_script_or_event_handlers():
    """The CSP would block them in the browser: keep them out of the source too."""
    for path in (ROOT / "templates").rglob("*.html"):
        text = path.read_text()
        assert not re.search(r"<script(?![^>]*\bsrc=)", text), path
        assert not re.search(r"\son[a-z]+\s*=", text), path


def test_production_settings_pass_the_deployment_check():
    env = {
        **os.environ,
        "PRODUCTION": "true",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "ipc.hospital.example",
    }
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the browser tests only
    result = subprocess.run(  # noqa: S603 (our own manage.py, with this interpreter)
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_with_debug_on():
    env = {**os.environ, "PRODUCTION": "true", "DEBUG": "true", "SECRET_KEY": "x" * 60}
    result = subprocess.run(  # noqa: S603 (our own manage.py, with this interpreter)
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "PRODUCTION=true needs DEBUG=false" in result.stderr
