"""Settings: which platform, which credentials, which database, which webhooks.

Read, from the weakest to the strongest: the defaults, a TOML file (``bordereau.toml`` in the working
directory, or the file ``$BORDEREAU_CONFIG`` names), a secrets file (``$BORDEREAU_SECRETS_FILE``, or
``secrets_file`` in the TOML file), then environment variables ``BORDEREAU_<KEY>`` (nested keys with ``__``:
``BORDEREAU_WEBHOOKS__URLS='["https://…"]'``). Relative paths are relative to the working directory.

With nothing configured, bordereau uses SQLite in the working directory and the sandbox in process, acting as
the seed's supplier ``TECH_ATELIERS_SAONE…``: ``bordereau demo`` needs no configuration.

Secrets (PISTE client secret, technical users' passwords, webhook secret) are :class:`~pydantic.SecretStr`:
masked in ``repr``, never logged; a secrets file that every user of the machine may read is refused.
"""

from __future__ import annotations

import contextvars
import os
import stat
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError
from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from .errors import ConfigError

CONFIG_ENV = "BORDEREAU_CONFIG"
SECRETS_ENV = "BORDEREAU_SECRETS_FILE"
DEFAULT_CONFIG_FILE = "bordereau.toml"
PLATFORMS = ("sandbox", "qualification", "production")

# What the built-in sandbox accepts out of the box (``bordereau sandbox accounts``): public test values, not secrets.
SANDBOX_CLIENT_ID = "bordereau-sandbox"
SANDBOX_CLIENT_SECRET = "sandbox-secret"
SANDBOX_LOGIN = "TECH_ATELIERS_SAONE@sandbox.cpro.fr"
SANDBOX_PASSWORD = "Saone-Sandbox-2026"

# Keys a secrets file may hold; anything else belongs in bordereau.toml.
SECRET_KEYS = frozenset({"client_id", "client_secret", "technical_login", "technical_password", "accounts", "webhooks"})


class PisteCredentials(BaseModel):
    """The PISTE application (OAuth client credentials) subscribed to the Chorus Pro APIs."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    client_id: str
    client_secret: SecretStr


class TechnicalAccount(BaseModel):
    """A Chorus Pro technical user, sent in the ``cpro-account`` header; attached to the structures it acts for."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    login: str
    password: SecretStr


class WebhookSettings(BaseModel):
    """Where status changes are posted, signed with HMAC-SHA256 of ``secret``."""

    model_config = ConfigDict(extra="forbid")

    urls: list[str] = Field(default_factory=list)
    secret: SecretStr | None = None
    timeout: float = Field(10.0, gt=0)


# The files' contents for the settings being built (see load_settings); empty when Settings() is called directly.
_FILES: contextvars.ContextVar[tuple[dict[str, Any], dict[str, Any]]] = contextvars.ContextVar(
    "bordereau_settings_files", default=({}, {})
)


class _FileSource(PydanticBaseSettingsSource):
    """Values already read from a TOML file (the config file or the secrets file)."""

    def __init__(self, settings_cls: type[BaseSettings], which: int) -> None:
        super().__init__(settings_cls)
        self.which = which

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        return _FILES.get()[self.which].get(field_name), field_name, False

    def __call__(self) -> dict[str, Any]:
        return dict(_FILES.get()[self.which])


class Settings(BaseSettings):
    """Everything configurable; build it with :func:`load_settings` (files + environment)."""

    model_config = SettingsConfigDict(
        env_prefix="BORDEREAU_", env_nested_delimiter="__", extra="forbid", case_sensitive=False
    )

    platform: Literal["sandbox", "qualification", "production"] = Field(
        "sandbox", description="sandbox (local), qualification or production (the real PISTE hosts)"
    )
    sandbox_url: str | None = Field(None, description="a running sandbox (http://host:port); unset: in process")
    sandbox_db: Path = Field(Path("bordereau-sandbox.db"), description="the in-process sandbox's SQLite file")
    sandbox_clock_speed: float = Field(1.0, gt=0, description="the in-process sandbox's clock speed")
    sandbox_faults: Path | None = Field(None, description="a faults file for the in-process sandbox")
    api_url: str | None = Field(None, description="override the API base URL of the chosen platform")
    oauth_url: str | None = Field(None, description="override the OAuth token URL of the chosen platform")
    client_id: str | None = None
    client_secret: SecretStr | None = None
    technical_login: str | None = None
    technical_password: SecretStr | None = None
    accounts: dict[str, TechnicalAccount] = Field(
        default_factory=dict, description="more technical users, by name (a company's credentials reference)"
    )
    timeout: float = Field(30.0, gt=0, description="seconds to wait for one answer")
    max_attempts: int = Field(5, ge=1, le=20, description="attempts for calls that are safe to repeat")
    database_url: str = "sqlite:///bordereau.db"
    webhooks: WebhookSettings = Field(default_factory=WebhookSettings)
    secrets_file: Path | None = None

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # strongest first: arguments, environment, secrets file, config file
        return init_settings, env_settings, _FileSource(settings_cls, 1), _FileSource(settings_cls, 0)

    @property
    def embedded(self) -> bool:
        """Whether the platform is the sandbox run in this process."""
        return self.platform == "sandbox" and not self.sandbox_url

    def piste(self) -> PisteCredentials:
        """The PISTE client; the sandbox's test client when the platform is the sandbox and none is set."""
        if self.client_id and self.client_secret is not None:
            return PisteCredentials(client_id=self.client_id, client_secret=self.client_secret)
        if self.platform == "sandbox" and not self.client_id and self.client_secret is None:
            return PisteCredentials(client_id=SANDBOX_CLIENT_ID, client_secret=SecretStr(SANDBOX_CLIENT_SECRET))
        missing = [
            name for name, value in (("CLIENT_ID", self.client_id), ("CLIENT_SECRET", self.client_secret)) if not value
        ]
        raise ConfigError(
            f"the {self.platform} platform needs the PISTE client: set "
            + " and ".join(f"BORDEREAU_{name}" for name in missing)
            + f" (or {', '.join(n.lower() for n in missing)} in the secrets file)",
            field="client_id" if "CLIENT_ID" in missing else "client_secret",
        )

    def account(self, name: str | None = None) -> TechnicalAccount:
        """A technical user: ``name`` from ``accounts``, or the default one (``technical_login``/``_password``).

        On the sandbox the default is the seed's supplier ``TECH_ATELIERS_SAONE…`` when none is set.
        """
        if name is not None:
            try:
                return self.accounts[name]
            except KeyError:
                known = ", ".join(sorted(self.accounts)) or "none"
                raise ConfigError(
                    f"no technical account named {name!r} (configured: {known})", field=f"accounts.{name}"
                ) from None
        if self.technical_login and self.technical_password is not None:
            return TechnicalAccount(login=self.technical_login, password=self.technical_password)
        if self.platform == "sandbox" and not self.technical_login and self.technical_password is None:
            return TechnicalAccount(login=SANDBOX_LOGIN, password=SecretStr(SANDBOX_PASSWORD))
        missing = [
            name
            for name, value in (
                ("TECHNICAL_LOGIN", self.technical_login),
                ("TECHNICAL_PASSWORD", self.technical_password),
            )
            if not value
        ]
        raise ConfigError(
            f"the {self.platform} platform needs a Chorus Pro technical user: set "
            + " and ".join(f"BORDEREAU_{n}" for n in missing),
            field="technical_login" if "TECHNICAL_LOGIN" in missing else "technical_password",
        )


def _read_toml(path: Path, what: str) -> dict[str, Any]:
    try:
        text = path.read_bytes().decode("utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read the {what} ({exc.strerror})", source=str(path)) from None
    except UnicodeDecodeError:
        raise ConfigError(f"the {what} is not UTF-8 text", source=str(path)) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"not valid TOML: {exc}", source=str(path)) from None


def read_secrets_file(path: str | Path) -> dict[str, Any]:
    """The secrets in ``path`` (TOML), refused when every user of the machine may read or change the file."""
    path = Path(path)
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        raise ConfigError(f"cannot read the secrets file ({exc.strerror})", source=str(path)) from None
    if os.name == "posix" and mode & (stat.S_IROTH | stat.S_IWOTH):
        raise ConfigError(
            f"the secrets file is open to every user of this machine (mode {stat.filemode(mode)}); "
            f"restrict it with: chmod 600 {path}",
            source=str(path),
        )
    data = _read_toml(path, "secrets file")
    unknown = sorted(set(data) - SECRET_KEYS)
    if unknown:
        raise ConfigError(
            f"not a secret: {', '.join(unknown)} (a secrets file holds {', '.join(sorted(SECRET_KEYS))}; "
            "put the rest in bordereau.toml)",
            source=str(path),
            field=unknown[0],
        )
    webhooks = data.get("webhooks")
    if isinstance(webhooks, dict) and set(webhooks) - {"secret"}:
        raise ConfigError("only webhooks.secret belongs in a secrets file", source=str(path), field="webhooks")
    return data


def _merge(base: dict[str, Any], top: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in top.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def config_path(explicit: str | Path | None = None) -> Path | None:
    """The config file in use: ``explicit``, else ``$BORDEREAU_CONFIG``, else ``./bordereau.toml`` if it exists."""
    if explicit is not None:
        return Path(explicit)
    named = os.environ.get(CONFIG_ENV)
    if named:
        return Path(named)
    default = Path(DEFAULT_CONFIG_FILE)
    return default if default.is_file() else None


def load_settings(config: str | Path | None = None, **overrides: Any) -> Settings:
    """The settings from the config file, the secrets file, the environment and ``overrides`` (strongest).

    Raises :class:`ConfigError` with a one-line message naming the file (or variable) and the key.
    """
    path = config_path(config)
    toml_data = _read_toml(path, "config file") if path is not None else {}
    secrets_name = os.environ.get(SECRETS_ENV) or overrides.get("secrets_file") or toml_data.get("secrets_file")
    secrets_path = Path(secrets_name) if secrets_name else None
    secrets_data = read_secrets_file(secrets_path) if secrets_path is not None else {}
    token = _FILES.set((toml_data, secrets_data))
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        raise _config_error(exc, path, toml_data, secrets_path, secrets_data) from None
    finally:
        _FILES.reset(token)


def _config_error(
    exc: ValidationError,
    path: Path | None,
    toml_data: dict[str, Any],
    secrets_path: Path | None,
    secrets_data: dict[str, Any],
) -> ConfigError:
    """One line for the first problem, naming where the faulty value came from (never the value of a secret)."""
    error = exc.errors(include_input=False)[0]
    loc = [str(part) for part in error["loc"]]
    key = ".".join(loc)
    top = loc[0] if loc else ""
    env_top = f"BORDEREAU_{top.upper()}"
    from_env = [k for k in os.environ if k.upper() == env_top or k.upper().startswith(env_top + "__")]
    if top and from_env:
        source = f"environment variable {sorted(from_env)[0]}"
    elif top in secrets_data and secrets_path is not None:
        source = str(secrets_path)
    elif top in toml_data and path is not None:
        source = str(path)
    else:
        source = None
    reason = error["msg"]
    if error["type"] == "extra_forbidden":
        reason = f"unknown key (known: {', '.join(Settings.model_fields)})"
    more = exc.error_count() - 1
    if more:
        reason += f" (and {more} more problem{'s' if more > 1 else ''})"
    return ConfigError(reason, source=source, field=key)
