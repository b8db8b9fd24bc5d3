"""The PISTE gateway in front of the API: OAuth client-credentials tokens and the ``cpro-account`` header.

Tokens are timed in real seconds, not by the sandbox clock: moving the clock thirty days ahead in a test must
not log every client out. The ``token`` section of the faults file (or ``POST /sandbox/tokens/expire``) makes
them expire on demand.
"""

from __future__ import annotations

import base64
import binascii
import secrets
import time
from dataclasses import dataclass

from .directory import Directory, User
from .store import Store

DEFAULT_TOKEN_LIFETIME = 3600

# What the gateway answers in WWW-Authenticate. The cpro-account one is the header seen from PISTE; the token one
# follows RFC 6750 with the same realm (the exact wording PISTE uses for a bad token is not documented: UNSURE).
ACCOUNT_CHALLENGE = 'Bearer realm="PISTE",error="Unauthorized",error_description="login or password incorrects"'
TOKEN_CHALLENGE = 'Bearer realm="PISTE",error="invalid_token",error_description="access token is invalid or expired"'
MISSING_CHALLENGE = 'Bearer realm="PISTE"'


class Unauthorized(Exception):
    """A 401 from the gateway."""

    def __init__(self, challenge: str, description: str, error: str = "invalid_token") -> None:
        super().__init__(description)
        self.challenge = challenge
        self.description = description
        self.error = error


class TokenError(Exception):
    """A token request the OAuth server refuses (RFC 6749 §5.2)."""

    def __init__(self, status: int, error: str, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.error = error
        self.description = description


@dataclass(slots=True)
class Caller:
    """Who is calling: a technical user and the structures it acts for."""

    user: User

    @property
    def structures(self) -> set[int]:
        return set(self.user.structures)

    def attached(self, structure_id: int | None) -> bool:
        return structure_id in self.user.structures


class Gateway:
    def __init__(self, store: Store, directory: Directory, lifetime: float = DEFAULT_TOKEN_LIFETIME) -> None:
        self.store = store
        self.directory = directory
        self.lifetime = lifetime
        self._cache: dict[str, float] = {}

    def issue(self, form: dict[str, str], basic: str | None, lifetime: float | None = None) -> dict[str, object]:
        """Answer a token request (form fields, plus an HTTP Basic header some OAuth clients send instead)."""
        client_id = form.get("client_id") or ""
        client_secret = form.get("client_secret") or ""
        if basic and not client_id:
            decoded = _decode_pair(basic)
            if decoded is not None:
                client_id, client_secret = decoded
        grant = form.get("grant_type") or ""
        if not grant:
            raise TokenError(400, "invalid_request", "grant_type is missing")
        if grant != "client_credentials":
            raise TokenError(400, "unsupported_grant_type", f"grant_type {grant!r} is not supported")
        if not client_id or self.directory.clients.get(client_id) != client_secret:
            raise TokenError(401, "invalid_client", "client authentication failed")
        seconds = int(lifetime if lifetime is not None else self.lifetime)
        token = secrets.token_urlsafe(32)
        expires = time.time() + seconds
        self.store.add_token(token, client_id, expires)
        self._cache[token] = expires
        scope = form.get("scope") or "openid"
        return {"access_token": token, "token_type": "Bearer", "expires_in": seconds, "scope": scope}

    def expire_all(self) -> int:
        now = time.time()
        self._cache.clear()
        return self.store.expire_tokens(now)

    def check_token(self, authorization: str | None) -> None:
        if not authorization:
            raise Unauthorized(MISSING_CHALLENGE, "the Authorization header is missing", "invalid_request")
        scheme, _, token = authorization.strip().partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Unauthorized(TOKEN_CHALLENGE, "the Authorization header is not a Bearer token")
        token = token.strip()
        expires = self._cache.get(token)
        if expires is None:
            expires = self.store.token_expiry(token)
            if expires is not None:
                self._cache[token] = expires
        if expires is None:
            raise Unauthorized(TOKEN_CHALLENGE, "the access token is unknown")
        if expires <= time.time():
            self._cache.pop(token, None)
            raise Unauthorized(TOKEN_CHALLENGE, "the access token has expired")

    def check_account(self, header: str | None) -> Caller:
        """The technical user named by ``cpro-account`` (base64 of ``login:password``)."""
        if not header:
            raise Unauthorized(ACCOUNT_CHALLENGE, "the cpro-account header is missing", "Unauthorized")
        value = header.strip()
        if value[:6].lower() == "basic ":
            value = value[6:].strip()
        pair = _decode_pair(value)
        user = self.directory.authenticate(*pair) if pair is not None else None
        if user is None:
            raise Unauthorized(ACCOUNT_CHALLENGE, "login or password incorrect", "Unauthorized")
        return Caller(user)


def _decode_pair(value: str) -> tuple[str, str] | None:
    """``login:password`` from base64, or ``None`` for anything that does not decode to that."""
    try:
        text = base64.b64decode(value.strip() + "=" * (-len(value.strip()) % 4), validate=True).decode("utf-8")
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return None
    login, colon, password = text.partition(":")
    if not colon or not login:
        return None
    return login, password
