"""Settings from nothing, a TOML file, a secrets file and the environment, and the platforms they name."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bordereau.chorus import PRODUCTION, QUALIFICATION, endpoints, open_platform
from bordereau.config import SANDBOX_LOGIN, load_settings
from bordereau.errors import ConfigError


@pytest.fixture(autouse=True)
def clean(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No BORDEREAU_ variable, and an empty working directory."""
    for name in list(os.environ):
        if name.upper().startswith("BORDEREAU_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def secrets(path: Path, text: str, mode: int = 0o600) -> Path:
    path.write_text(text, encoding="utf-8")
    path.chmod(mode)
    return path


def test_nothing_configured() -> None:
    settings = load_settings()
    assert settings.platform == "sandbox" and settings.embedded
    assert settings.database_url == "sqlite:///bordereau.db"
    assert settings.piste().client_id == "bordereau-sandbox"
    assert settings.account().login == SANDBOX_LOGIN
    assert settings.webhooks.urls == []


def test_toml_then_environment(clean: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (clean / "bordereau.toml").write_text(
        'platform = "sandbox"\nsandbox_url = "http://127.0.0.1:8790"\ntimeout = 12\n'
        'database_url = "postgresql+psycopg://db/bordereau"\n'
        '[webhooks]\nurls = ["https://erp.example.test/hooks"]\n',
        encoding="utf-8",
    )
    settings = load_settings()
    assert settings.sandbox_url == "http://127.0.0.1:8790" and not settings.embedded and settings.timeout == 12
    assert settings.webhooks.urls == ["https://erp.example.test/hooks"]
    monkeypatch.setenv("BORDEREAU_TIMEOUT", "7.5")
    monkeypatch.setenv("BORDEREAU_DATABASE_URL", "sqlite:///other.db")
    monkeypatch.setenv("BORDEREAU_WEBHOOKS__URLS", '["https://a.test", "https://b.test"]')
    settings = load_settings()
    assert settings.timeout == 7.5 and settings.database_url == "sqlite:///other.db"
    assert settings.webhooks.urls == ["https://a.test", "https://b.test"]


def test_config_file_named_by_the_environment(clean: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    named = clean / "conf" / "prod.toml"
    named.parent.mkdir()
    named.write_text('platform = "production"\n', encoding="utf-8")
    monkeypatch.setenv("BORDEREAU_CONFIG", str(named))
    assert load_settings().platform == "production"
    monkeypatch.setenv("BORDEREAU_CONFIG", str(clean / "missing.toml"))
    with pytest.raises(ConfigError, match=r"missing\.toml: cannot read the config file"):
        load_settings()


def test_secrets_file(clean: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (clean / "bordereau.toml").write_text('platform = "qualification"\nsecrets_file = "secrets.toml"\n')
    secrets(
        clean / "secrets.toml",
        'client_id = "app-123"\nclient_secret = "s3cret"\ntechnical_login = "TECH_X@cpro.fr"\n'
        'technical_password = "p4ss"\n[accounts.rhone]\nlogin = "TECH_Y@cpro.fr"\npassword = "y"\n'
        '[webhooks]\nsecret = "hook"\n',
    )
    settings = load_settings()
    assert settings.piste().client_secret.get_secret_value() == "s3cret"
    assert settings.account().login == "TECH_X@cpro.fr"
    assert settings.account("rhone").password.get_secret_value() == "y"
    assert settings.webhooks.secret is not None and settings.webhooks.secret.get_secret_value() == "hook"
    with pytest.raises(ConfigError, match="no technical account named 'nord'"):
        settings.account("nord")
    # the environment still wins, and may name another secrets file
    monkeypatch.setenv("BORDEREAU_CLIENT_SECRET", "from-env")
    assert load_settings().piste().client_secret.get_secret_value() == "from-env"
    other = secrets(clean / "other.toml", 'client_id = "other-app"\nclient_secret = "o"\n')
    monkeypatch.setenv("BORDEREAU_SECRETS_FILE", str(other))
    assert load_settings().piste().client_id == "other-app"


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_a_world_readable_secrets_file_is_refused(clean: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = secrets(clean / "secrets.toml", 'client_secret = "s3cret"\n', mode=0o644)
    monkeypatch.setenv("BORDEREAU_SECRETS_FILE", str(path))
    with pytest.raises(ConfigError) as caught:
        load_settings()
    assert str(path) in str(caught.value) and "chmod 600" in str(caught.value)
    assert "s3cret" not in str(caught.value)


def test_only_secrets_in_a_secrets_file(clean: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = secrets(clean / "secrets.toml", 'platform = "production"\n')
    monkeypatch.setenv("BORDEREAU_SECRETS_FILE", str(path))
    with pytest.raises(ConfigError, match=r"secrets\.toml: platform: not a secret"):
        load_settings()


def test_bad_files_are_named(clean: Path) -> None:
    config = clean / "bordereau.toml"
    config.write_text("platform = \n")
    with pytest.raises(ConfigError, match=r"^bordereau\.toml: not valid TOML"):
        load_settings()
    config.write_text('platfrom = "sandbox"\n')
    with pytest.raises(ConfigError, match=r"^bordereau\.toml: platfrom: unknown key"):
        load_settings()
    config.write_text('platform = "prod"\n')
    with pytest.raises(ConfigError, match=r"^bordereau\.toml: platform: Input should be 'sandbox'"):
        load_settings()


def test_real_platforms_need_credentials_and_use_the_piste_hosts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BORDEREAU_PLATFORM", "qualification")
    settings = load_settings()
    assert endpoints(settings) == QUALIFICATION
    assert QUALIFICATION.api_url == "https://sandbox-api.piste.gouv.fr"
    assert QUALIFICATION.oauth_url == "https://sandbox-oauth.piste.gouv.fr/api/oauth/token"
    with pytest.raises(ConfigError, match="BORDEREAU_CLIENT_ID and BORDEREAU_CLIENT_SECRET"):
        open_platform(settings)
    monkeypatch.setenv("BORDEREAU_CLIENT_ID", "app")
    monkeypatch.setenv("BORDEREAU_CLIENT_SECRET", "s")
    with pytest.raises(ConfigError, match="BORDEREAU_TECHNICAL_LOGIN and BORDEREAU_TECHNICAL_PASSWORD"):
        open_platform(load_settings())
    monkeypatch.setenv("BORDEREAU_PLATFORM", "production")
    assert endpoints(load_settings()) == PRODUCTION
    assert PRODUCTION.api_url == "https://api.piste.gouv.fr"
    monkeypatch.setenv("BORDEREAU_API_URL", "https://api.example.test")
    assert endpoints(load_settings()).api_url == "https://api.example.test"
