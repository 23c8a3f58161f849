"""Production settings: refuse unsafe configuration, pass Django's deploy checklist."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
STRONG_KEY = "k" * 20 + "Zq8-2x_Lm4pQw9vR7tY1uI3oP5aS6dF0gH"


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean_env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    clean_env.update(env)
    clean_env.setdefault("DATABASE_URL", "sqlite:////tmp/strategia-settings-test.sqlite3")
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DEBUG": "0", "ALLOWED_HOSTS": "strategia.kemi.fi"}, "SECRET_KEY must be set"),
        (
            {"DEBUG": "0", "SECRET_KEY": "short", "ALLOWED_HOSTS": "strategia.kemi.fi"},
            "SECRET_KEY is too weak",
        ),
        ({"DEBUG": "0", "SECRET_KEY": STRONG_KEY}, "ALLOWED_HOSTS must be set"),
    ],
)
def test_production_refuses_to_start_with_unsafe_settings(env, message):
    result = run_manage("check", **env)

    assert result.returncode != 0
    assert message in result.stderr


def test_production_settings_pass_the_deploy_checklist():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="strategia.kemi.fi",
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_development_settings_start_without_a_secret_key():
    result = run_manage("check", DEBUG="1")

    assert result.returncode == 0, result.stderr
