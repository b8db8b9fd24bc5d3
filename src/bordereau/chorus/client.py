"""The Chorus Pro API over HTTP: one typed method per operation, the PISTE token, retries, errors.

:class:`ChorusClient` speaks the API as it is (French names, the API's fields); :class:`~.platform.ChorusPlatform`
turns it into the business :class:`bordereau.platform.Platform`. The client rides on an injectable
``httpx.BaseTransport``, as httpx itself is built: the default network transport for the real platform or a
sandbox on a port, an in-process transport for the embedded sandbox, a mock in a unit test.

Every failure becomes a :class:`bordereau.errors.PlatformError` that keeps the platform's code and label; see
:mod:`.retry` for which failures are retried for which operations.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Generic, TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from .. import __version__
from ..config import PisteCredentials, TechnicalAccount
from ..errors import (
    DepositOutcomeUnknown,
    OutcomeUnknown,
    PlatformAccessDenied,
    PlatformAuthError,
    PlatformError,
    PlatformRateLimited,
    PlatformRefused,
    PlatformUnavailable,
)
from .auth import TokenCache, cpro_account
from .models import factures as f
from .models import structures as s
from .models import transverses as t
from .models.common import Answer, EmptyRequest, LanguageRequest, Request
from .retry import RetryPolicy, parse_retry_after

log = logging.getLogger("bordereau.chorus")

A = TypeVar("A", bound=BaseModel)
JSON_TYPE = "application/json;charset=utf-8"
NO_RESULT = 20000  # "la recherche n'a retourné aucun résultat" (rechercher/recipiendaire)


@dataclass(frozen=True, slots=True)
class Operation(Generic[A]):
    """One API operation: its path under ``/cpro/``, its answer's model, and how it may be retried."""

    path: str
    answer: type[A]
    safe: bool  # repeating it changes nothing: retried on 5xx, 429 and timeouts
    method: str = "POST"
    account: bool = True  # sends cpro-account (health-check needs only the token)
    deposit: bool = False  # a lost answer is a DepositOutcomeUnknown
    empty_codes: frozenset[int] = frozenset()  # codeRetour values that mean "nothing found", not a failure


def _op(path: str, answer: type[A], *, safe: bool, **options: Any) -> Operation[A]:
    return Operation(path, answer, safe, **options)


# factures
DEPOSER_FLUX = _op("factures/v1/deposer/flux", f.DeposerFluxResponse, safe=False, deposit=True)
SOUMETTRE = _op("factures/v1/soumettre", f.SoumettreFactureResponse, safe=False, deposit=True)
RECHERCHER_FOURNISSEUR = _op("factures/v1/rechercher/fournisseur", f.RechercherFactureParFournisseurResponse, safe=True)
CONSULTER_FOURNISSEUR = _op("factures/v1/consulter/fournisseur", f.ConsulterFactureResponse, safe=True)
CONSULTER_HISTORIQUE = _op("factures/v1/consulter/historique", f.ConsulterHistoriqueResponse, safe=True)
COMPLETER = _op("factures/v1/completer", f.CompleterFactureResponse, safe=False)
RECYCLER = _op("factures/v1/recycler", f.RecyclerFactureResponse, safe=False)
TRAITER_REJET = _op("factures/v1/traiterRejet", Answer, safe=True)  # marking twice marks once
RECHERCHER_RECIPIENDAIRE = _op(
    "factures/v1/rechercher/recipiendaire",
    f.RechercherFactureParRecipiendaireResponse,
    safe=True,
    empty_codes=frozenset({NO_RESULT}),
)
CONSULTER_RECIPIENDAIRE = _op("factures/v1/consulter/recipiendaire", f.ConsulterFactureResponse, safe=True)
# a download marks the invoices as downloaded and adds a line to their history: repeating it does no harm
TELECHARGER_GROUPE = _op("factures/v1/telecharger/groupe", f.TelechargerGroupeResponse, safe=True)
TRAITER_RECUE = _op("factures/v1/traiter/recue", f.TraiterFactureRecueResponse, safe=False)
# transverses
CONSULTER_CR = _op("transverses/v1/consulterCR", t.ConsulterCRResponse, safe=True)
CONSULTER_CR_DETAILLE = _op("transverses/v1/consulterCRDetaille", t.ConsulterCRDetailleResponse, safe=True)
# an upload repeated after a lost answer leaves an unused file behind, nothing worse: safe enough to repeat
AJOUTER_FICHIER = _op("transverses/v1/ajouter/fichier", t.AjouterFichierResponse, safe=True)
HEALTH_CHECK = _op("transverses/v1/health-check", t.HealthCheckResponse, safe=True, method="GET", account=False)
RECHERCHER_DESTINATAIRE = _op("transverses/v1/rechercher/destinataire", t.RechercherDestinataireResponse, safe=True)
TAUX_TVA = _op("transverses/v1/recuperer/tauxtva", t.TauxTvaResponse, safe=True)
MOTIFS_EXONERATION = _op("transverses/v1/recuperer/motifs/exonerationtva", t.MotifsExonerationTvaResponse, safe=True)
MODES_REGLEMENT = _op("transverses/v1/recuperer/modereglements", t.ModesReglementResponse, safe=True)
CADRES_FACTURATION = _op("transverses/v1/recuperer/cadrefacturation", t.CadresFacturationResponse, safe=True)
DEVISES = _op("transverses/v1/recuperer/devises", t.DevisesResponse, safe=True)
FORMATS_FLUX = _op("transverses/v1/recuperer/formatflux", t.FormatsFluxResponse, safe=True)
ETATS_TYPE_DP = _op("transverses/v1/recuperer/etat/typedp", t.EtatsTypeDpResponse, safe=True)
TYPES_PJ = _op("transverses/v1/recuperer/typespj", t.TypesPjResponse, safe=True)
ETATS_TRAITEMENT = _op("transverses/v1/recuperer/etats/traitement", t.EtatsTraitementResponse, safe=True)
STRUCTURES_ACTIVES = _op(
    "transverses/v1/recuperer/structures/actives/fournisseur", t.StructuresActivesResponse, safe=True
)
COORDONNEES_BANCAIRES = _op("transverses/v1/recuperer/coordbanc/valides", t.CoordonneesBancairesResponse, safe=True)
# structures, utilisateurs
RECHERCHER_STRUCTURE = _op("structures/v1/rechercher", s.RechercherStructureResponse, safe=True)
CONSULTER_STRUCTURE = _op("structures/v1/consulter", s.ConsulterStructureResponse, safe=True)
RECHERCHER_SERVICES = _op("structures/v1/rechercher/services", s.RechercherServicesStructureResponse, safe=True)
CONSULTER_SERVICE = _op("structures/v1/consulter/service", s.ConsulterServiceStructureResponse, safe=True)
RATTACHEMENTS = _op("utilisateurs/v1/monCompte/recuperer/rattachements", s.RattachementsResponse, safe=True)


class ChorusClient:
    """A Chorus Pro API client for one PISTE application and one technical user.

    ``api_url`` is the base the ``/cpro/…`` paths hang from (``https://api.piste.gouv.fr``, or a sandbox's
    address); ``oauth_url`` is the full token URL. ``transport`` replaces the network (an in-process sandbox,
    a mock). ``timeout`` bounds each attempt; ``retry`` sets the attempts and waits of safe calls; ``sleep``
    is how it waits (tests pass their own). Thread-safe: one client may serve several worker threads.
    """

    def __init__(
        self,
        api_url: str,
        oauth_url: str,
        credentials: PisteCredentials,
        account: TechnicalAccount,
        *,
        transport: httpx.BaseTransport | None = None,
        timeout: float = 30.0,
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.api_url = api_url.rstrip("/")
        self.oauth_url = oauth_url
        self.login = account.login
        self._account = account
        self.retry = retry or RetryPolicy()
        self._sleep = sleep
        self._http = httpx.Client(
            transport=transport,
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            headers={"User-Agent": f"bordereau/{__version__}", "Accept": "application/json"},
            follow_redirects=False,
        )
        self.tokens = TokenCache(self._http, oauth_url, credentials, retry=self.retry, sleep=sleep)

    def __repr__(self) -> str:
        return f"ChorusClient(api_url={self.api_url!r}, login={self.login!r})"

    @property
    def http(self) -> httpx.Client:
        """The underlying HTTP client (the sandbox's controls share it)."""
        return self._http

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> ChorusClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the one way out ------------------------------------------------------------------------------------

    def call(self, operation: Operation[A], request: Request | None = None) -> A:
        """Send ``request`` to ``operation`` and read the answer, retrying what may be retried."""
        body = request.payload() if request is not None else {}
        attempt = 0
        renewed = False
        while True:
            attempt += 1
            token = self.tokens.get()
            started = time.monotonic()
            retry_after: float | None = None
            rate_limited = False
            try:
                answer = self._send(operation, body, token)
            except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
                problem, sent = f"could not connect ({type(exc).__name__})", False
            except httpx.TransportError as exc:
                problem, sent = f"no answer ({type(exc).__name__})", True
            else:
                elapsed = time.monotonic() - started
                log.debug("%s → HTTP %s in %.2f s (attempt %d)", operation.path, answer.status_code, elapsed, attempt)
                status = answer.status_code
                if status == 200:
                    return self._read(operation, answer)
                if status == 401:
                    if not renewed and not _account_refused(answer):
                        log.info("%s: the gateway refused the token; getting a new one", operation.path)
                        self.tokens.invalidate(token)
                        renewed = True
                        attempt -= 1
                        continue
                    raise self._unauthorized(operation, answer)
                if status == 403:
                    raise PlatformAccessDenied(
                        f"the technical user {self.login!r} may not act for this structure",
                        operation=operation.path,
                        status=403,
                        code=403,
                    )
                if status not in (429, 500, 502, 503, 504):
                    code, label = _code_and_label(answer)
                    raise PlatformRefused(
                        label or f"HTTP {status}", operation=operation.path, status=status, code=code, label=label
                    )
                retry_after = parse_retry_after(answer.headers.get("Retry-After"))
                rate_limited = status == 429
                # 429 comes from the gateway before the platform sees the call; a 5xx may come after it acted
                problem, sent = f"HTTP {status}", not rate_limited
            self._give_up_or_wait(operation, problem, sent, rate_limited, retry_after, attempt)

    def _send(self, operation: Operation[Any], body: dict[str, Any], token: str) -> httpx.Response:
        headers = {"Authorization": f"Bearer {token}"}
        if operation.account:
            headers["cpro-account"] = cpro_account(self._account)
        url = f"{self.api_url}/cpro/{operation.path}"
        if operation.method == "GET":
            return self._http.get(url, headers=headers)
        headers["Content-Type"] = JSON_TYPE
        content = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        return self._http.request(operation.method, url, content=content, headers=headers)

    def _give_up_or_wait(
        self,
        operation: Operation[Any],
        problem: str,
        sent: bool,
        rate_limited: bool,
        retry_after: float | None,
        attempt: int,
    ) -> None:
        """Raise the right error when this failure ends the call; else wait before the next attempt."""
        details: dict[str, Any] = {"operation": operation.path}
        if problem.startswith("HTTP "):
            details["status"] = details["code"] = int(problem[5:])
        if not operation.safe and sent:
            if operation.deposit:
                raise DepositOutcomeUnknown(
                    f"the deposit was sent but no usable answer came back ({problem}): it may have been received; "
                    "look for the invoice before sending it again",
                    **details,
                )
            raise OutcomeUnknown(
                f"the request was sent but no usable answer came back ({problem}): it may have been carried out",
                **details,
            )
        if rate_limited and not operation.safe:
            raise PlatformRateLimited(
                "too many requests: the gateway did not pass this call on", retry_after=retry_after, **details
            )
        if attempt >= self.retry.attempts or self.retry.gives_up_on(retry_after):
            kind = PlatformRateLimited if rate_limited else PlatformUnavailable
            raise kind(f"{problem} after {attempt} attempt(s)", retry_after=retry_after, **details)
        wait = self.retry.delay(attempt, retry_after)
        log.warning(
            "%s: %s; trying again in %.1f s (attempt %d of %d)",
            operation.path,
            problem,
            wait,
            attempt + 1,
            self.retry.attempts,
        )
        self._sleep(wait)

    def _read(self, operation: Operation[A], answer: httpx.Response) -> A:
        try:
            data = answer.json(parse_float=Decimal)
        except ValueError:
            data = None
        if not isinstance(data, dict):
            return self._unreadable(operation, "the answer is not a JSON object")
        code = data.get("codeRetour", 0)
        if code not in (0, None, "0") and code not in operation.empty_codes:
            label = str(data.get("libelle") or "")
            raise PlatformRefused(label or "refused", operation=operation.path, status=200, code=code, label=label)
        try:
            return operation.answer.model_validate(data)
        except ValidationError as exc:
            first = exc.errors(include_input=False)[0]
            where = ".".join(str(part) for part in first["loc"])
            return self._unreadable(operation, f"unexpected answer at {where}: {first['msg']}")

    def _unreadable(self, operation: Operation[A], reason: str) -> A:
        if operation.deposit:
            raise DepositOutcomeUnknown(f"{reason}; the deposit may have been received", operation=operation.path)
        if not operation.safe:
            raise OutcomeUnknown(f"{reason}; the request may have been carried out", operation=operation.path)
        raise PlatformError(reason, operation=operation.path, status=200)

    def _unauthorized(self, operation: Operation[Any], answer: httpx.Response) -> PlatformAuthError:
        description = _challenge_part(answer.headers.get("WWW-Authenticate", ""), "error_description")
        if _account_refused(answer):
            reason = f"the gateway refused the technical user {self.login!r} (cpro-account: login or password)"
        else:
            reason = (
                "the gateway refused the call even with a new token: check that the PISTE application is "
                "subscribed to the Chorus Pro APIs and the technical user's login and password"
            )
        return PlatformAuthError(reason, operation=operation.path, status=401, code=401, label=description or None)

    # -- factures: supplier ---------------------------------------------------------------------------------

    def deposer_flux(self, request: f.DeposerFluxRequest) -> f.DeposerFluxResponse:
        """Deposit a flux; never retried once sent (a lost answer raises DepositOutcomeUnknown)."""
        return self.call(DEPOSER_FLUX, request)

    def soumettre_facture(self, request: f.SoumettreFactureRequest) -> f.SoumettreFactureResponse:
        """Key an invoice in; like a deposit, never retried once sent."""
        return self.call(SOUMETTRE, request)

    def rechercher_factures_fournisseur(
        self, request: f.RechercherFactureParFournisseurRequest
    ) -> f.RechercherFactureParFournisseurResponse:
        return self.call(RECHERCHER_FOURNISSEUR, request)

    def consulter_facture_fournisseur(self, request: f.ConsulterFactureRequest) -> f.ConsulterFactureResponse:
        return self.call(CONSULTER_FOURNISSEUR, request)

    def consulter_historique(self, request: f.ConsulterHistoriqueRequest) -> f.ConsulterHistoriqueResponse:
        return self.call(CONSULTER_HISTORIQUE, request)

    def completer_facture(self, request: f.CompleterFactureRequest) -> f.CompleterFactureResponse:
        return self.call(COMPLETER, request)

    def recycler_facture(self, request: f.RecyclerFactureRequest) -> f.RecyclerFactureResponse:
        return self.call(RECYCLER, request)

    def traiter_rejet(self, request: f.TraiterRejetRequest) -> Answer:
        return self.call(TRAITER_REJET, request)

    # -- factures: buyer ------------------------------------------------------------------------------------

    def rechercher_factures_recipiendaire(
        self, request: f.RechercherFactureParRecipiendaireRequest
    ) -> f.RechercherFactureParRecipiendaireResponse:
        """Nothing found comes back as codeRetour 20000: that is an empty list here, not an error."""
        return self.call(RECHERCHER_RECIPIENDAIRE, request)

    def consulter_facture_recipiendaire(self, request: f.ConsulterFactureRequest) -> f.ConsulterFactureResponse:
        return self.call(CONSULTER_RECIPIENDAIRE, request)

    def telecharger_groupe(self, request: f.TelechargerGroupeRequest) -> f.TelechargerGroupeResponse:
        return self.call(TELECHARGER_GROUPE, request)

    def traiter_facture_recue(self, request: f.TraiterFactureRecueRequest) -> f.TraiterFactureRecueResponse:
        return self.call(TRAITER_RECUE, request)

    # -- transverses ----------------------------------------------------------------------------------------

    def consulter_cr(self, request: t.ConsulterCRRequest) -> t.ConsulterCRResponse:
        return self.call(CONSULTER_CR, request)

    def consulter_cr_detaille(self, request: t.ConsulterCRDetailleRequest) -> t.ConsulterCRDetailleResponse:
        return self.call(CONSULTER_CR_DETAILLE, request)

    def ajouter_fichier(self, request: t.AjouterFichierRequest) -> t.AjouterFichierResponse:
        return self.call(AJOUTER_FICHIER, request)

    def health_check(self) -> t.HealthCheckResponse:
        return self.call(HEALTH_CHECK)

    def rechercher_destinataire(self, request: t.RechercherDestinataireRequest) -> t.RechercherDestinataireResponse:
        return self.call(RECHERCHER_DESTINATAIRE, request)

    def recuperer_taux_tva(self, request: LanguageRequest | None = None) -> t.TauxTvaResponse:
        return self.call(TAUX_TVA, request or LanguageRequest())

    def recuperer_motifs_exoneration_tva(
        self, request: LanguageRequest | None = None
    ) -> t.MotifsExonerationTvaResponse:
        return self.call(MOTIFS_EXONERATION, request or LanguageRequest())

    def recuperer_modes_reglement(self, request: LanguageRequest | None = None) -> t.ModesReglementResponse:
        return self.call(MODES_REGLEMENT, request or LanguageRequest())

    def recuperer_cadres_facturation(
        self, request: t.CadreFacturationRequest | None = None
    ) -> t.CadresFacturationResponse:
        return self.call(CADRES_FACTURATION, request or t.CadreFacturationRequest())

    def recuperer_devises(self, request: LanguageRequest | None = None) -> t.DevisesResponse:
        return self.call(DEVISES, request or LanguageRequest())

    def recuperer_formats_flux(self) -> t.FormatsFluxResponse:
        return self.call(FORMATS_FLUX, EmptyRequest())

    def recuperer_etats_type_dp(self, request: t.EtatsTypeDpRequest | None = None) -> t.EtatsTypeDpResponse:
        return self.call(ETATS_TYPE_DP, request or t.EtatsTypeDpRequest())

    def recuperer_types_pj(self, request: t.TypesPjRequest | None = None) -> t.TypesPjResponse:
        return self.call(TYPES_PJ, request or t.TypesPjRequest())

    def recuperer_etats_traitement(self, request: t.EtatsTraitementRequest) -> t.EtatsTraitementResponse:
        return self.call(ETATS_TRAITEMENT, request)

    def recuperer_structures_actives(self) -> t.StructuresActivesResponse:
        """The supplier structures the technical user may act for."""
        return self.call(STRUCTURES_ACTIVES, EmptyRequest())

    def recuperer_coordonnees_bancaires(self, request: t.CoordonneesBancairesRequest) -> t.CoordonneesBancairesResponse:
        return self.call(COORDONNEES_BANCAIRES, request)

    # -- structures, utilisateurs ---------------------------------------------------------------------------

    def rechercher_structure(self, request: s.RechercherStructureRequest) -> s.RechercherStructureResponse:
        return self.call(RECHERCHER_STRUCTURE, request)

    def consulter_structure(self, request: s.ConsulterStructureRequest) -> s.ConsulterStructureResponse:
        return self.call(CONSULTER_STRUCTURE, request)

    def rechercher_services_structure(
        self, request: s.RechercherServicesStructureRequest
    ) -> s.RechercherServicesStructureResponse:
        return self.call(RECHERCHER_SERVICES, request)

    def consulter_service_structure(
        self, request: s.ConsulterServiceStructureRequest
    ) -> s.ConsulterServiceStructureResponse:
        return self.call(CONSULTER_SERVICE, request)

    def recuperer_rattachements(self) -> s.RattachementsResponse:
        """The structures the technical user is attached to."""
        return self.call(RATTACHEMENTS, EmptyRequest())


def _challenge_part(challenge: str, name: str) -> str:
    marker = f'{name}="'
    start = challenge.find(marker)
    if start < 0:
        return ""
    start += len(marker)
    end = challenge.find('"', start)
    return challenge[start:end] if end >= 0 else challenge[start:]


def _account_refused(answer: httpx.Response) -> bool:
    """Whether a 401 is about the technical user (cpro-account) rather than the token."""
    challenge = answer.headers.get("WWW-Authenticate", "")
    if "login or password" in challenge.lower():
        return True
    return _challenge_part(challenge, "error").lower() == "unauthorized"


def _code_and_label(answer: httpx.Response) -> tuple[int | str, str]:
    """``codeRetour`` and ``libelle`` of an error answer, or the HTTP status when it has none."""
    try:
        data = answer.json()
    except ValueError:
        data = None
    if isinstance(data, dict):
        code = data.get("codeRetour", data.get("error", answer.status_code))
        label = data.get("libelle", data.get("error_description", data.get("message", "")))
        return code if isinstance(code, int | str) else answer.status_code, str(label or "")
    return answer.status_code, answer.text.strip()[:200]
