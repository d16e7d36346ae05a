import os
import subprocess
import sys

import pytest

from consult import create_app
from consult.config import ConfigError, environment_overrides


def run_consult(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "consult.cli", *args],
        env={**os.environ, **env}, capture_output=True, text=True, timeout=120,
    )


def test_malformed_database_url_stops_startup_with_one_line_naming_it():
    result = run_consult("routes", DATABASE_URL="postgres//oops")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "DATABASE_URL" in lines[0]


def test_production_refuses_the_development_secret_key():
    result = run_consult("routes", CONSULT_ENV="production", SECRET_KEY="")
    assert result.returncode == 1
    assert "SECRET_KEY" in result.stderr


def test_create_app_raises_config_error_for_unknown_default_locale():
    with pytest.raises(ConfigError, match="CONSULT_DEFAULT_LOCALE"):
        create_app({"ENV_NAME": "testing", "BABEL_DEFAULT_LOCALE": "xx"})


def test_environment_overrides_map_variables_and_use_redis_for_rate_limits():
    overrides = environment_overrides(
        {"DATABASE_URL": "postgresql://db/consult", "REDIS_URL": "redis://r:6379/0",
         "MAIL_PORT": "2525"}
    )
    assert overrides["SQLALCHEMY_DATABASE_URI"] == "postgresql://db/consult"
    assert overrides["RATELIMIT_STORAGE_URI"] == "redis://r:6379/0"
    assert overrides["MAIL_PORT"] == 2525


def test_malformed_number_names_the_variable():
    with pytest.raises(ConfigError, match="MAIL_PORT"):
        environment_overrides({"MAIL_PORT": "twenty-five"})


@pytest.mark.parametrize("value", ["-1", "two"])
def test_a_malformed_proxy_count_stops_startup(value):
    with pytest.raises(ConfigError, match="CONSULT_PROXIES"):
        environment_overrides({"CONSULT_PROXIES": value})


@pytest.mark.parametrize("value", ["-1", "half a minute"])
def test_a_malformed_page_cache_time_stops_startup(value):
    with pytest.raises(ConfigError, match="CONSULT_PAGE_CACHE_SECONDS"):
        environment_overrides({"CONSULT_PAGE_CACHE_SECONDS": value})


def test_the_page_cache_time_is_read_and_0_keeps_no_page():
    assert environment_overrides({"CONSULT_PAGE_CACHE_SECONDS": "0"}) == {
        "PAGE_CACHE_SECONDS": 0}


def test_staff_idle_minutes_are_read_and_must_be_at_least_one():
    assert environment_overrides({"CONSULT_STAFF_IDLE_MINUTES": "45"}) == {
        "STAFF_IDLE_MINUTES": 45}
    with pytest.raises(ConfigError, match="CONSULT_STAFF_IDLE_MINUTES"):
        create_app({"ENV_NAME": "testing", "STAFF_IDLE_MINUTES": 0})


def test_building_the_app_creates_no_file_or_folder(tmp_path):
    database, queue = tmp_path / "data" / "consult.db", tmp_path / "queue" / "jobs.db"
    result = run_consult("routes", DATABASE_URL=f"sqlite:///{database}",
                         CONSULT_JOBS_BACKEND="sqlite", CONSULT_JOBS_PATH=str(queue))
    assert result.returncode == 0, result.stderr
    assert "/consultations/" in result.stdout
    assert list(tmp_path.iterdir()) == []


def test_the_database_folder_is_made_by_the_first_connection(tmp_path):
    database = tmp_path / "data" / "consult.db"
    result = run_consult("db", "upgrade", DATABASE_URL=f"sqlite:///{database}")
    assert result.returncode == 0, result.stderr
    assert database.exists()
