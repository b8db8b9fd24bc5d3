"""An invoice's life on the platform: routing to the buyer, the buyer's decisions, the scripted buyers.

Every change of status goes through :meth:`Lifecycle.set_status`, which also writes the history that
``consulter/historique`` shows. Delayed steps are jobs in the store, due at a time of the sandbox clock; each
step is scheduled from the due time of the one before, so moving the clock thirty days ahead plays a whole
payment cycle at once, with the dates it would have had.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from .directory import Directory, Structure
from .store import Row

if TYPE_CHECKING:
    from .app import Sandbox

log = logging.getLogger("bordereau.sandbox")

STATUSES = [
    "BROUILLON",
    "A_VALIDER_1",
    "ERREUR_FOURNISSEUR_SUR_VALIDEUR",
    "REFUSEE_1",
    "VALIDEE_1",
    "ABSENCE_VALIDATION_1_HORS_DELAI",
    "A_VALIDER_2",
    "ERREUR_COTRAITANT_SUR_VALIDEUR",
    "REFUSEE_2",
    "VALIDEE_2",
    "ABSENCE_VALIDATION_2_HORS_DELAI",
    "DEPOSEE",
    "ERREUR_FOURNISSEUR_SUR_MOE",
    "EN_COURS_ACHEMINEMENT",
    "MISE_A_DISPOSITION",
    "A_RECYCLER",
    "SUSPENDUE",
    "REJETEE",
    "MANDATEE",
    "MISE_EN_PAIEMENT",
    "COMPTABILISEE",
    "MISE_A_DISPOSITION_COMPTABLE",
    "ABANDONNEE",
    "SUPPRIMEE",
    "ASSOCIEE",
    "EN_COURS_TRAITEMENT_PIVOT_S",
    "A_VALIDER_MOE",
    "REFUSEE_MOE",
    "EN_ATTENTE_RECYCLAGE_FOURNISSEUR",
    "ERREUR_MOE_SUR_FOURNISSEUR",
    "ERREUR_MOA_SUR_FOURNISSEUR",
    "INTERPRETEE_OCR",
    "COMPLETEE",
    "ERREUR_FOURNISSEUR_SUR_MOA",
    "ERREUR_MOE_SUR_MOA",
    "ERREUR_DESTINATAIRE_PD",
    "ERREUR_DESTINATAIRE_EA",
    "SERVICE_FAIT",
    "NON_CONFORME",
    "A_ASSOCIER_MOE",
    "ERREUR_DE_MOE",
    "MISE_A_DISPOSITION_MOE",
    "PRISE_EN_COMPTE_MOE",
    "A_ASSOCIER_MOA",
    "ERREUR_DE_MOA",
    "REFUSEE_MOA",
    "A_ASSOCIER_FOURNISSEUR",
    "REFUSEE_FOURNISSEUR",
    "A_COMPLETER",
    "TRANSMISE_MOA",
    "PRISE_EN_COMPTE_DESTINATAIRE",
    "REMPLACEE_PAR_A22",
    "DUPLIQUE_APRES_REFUS",
    "MISE_A_DISPOSITION_MOA",
    "PRISE_EN_COMPTE_MOA",
    "ABSENCE_VALIDATION_MOE_DELAI_REGLEMENTAIRE",
    "TECHNIQUE_INCONNU",
]

_ACCOUNTING = ("COMPTABILISEE", "MISE_A_DISPOSITION_COMPTABLE")
_DECISIONS = ("SERVICE_FAIT", "SUSPENDUE", "REJETEE", "A_RECYCLER", "MANDATEE", "MISE_EN_PAIEMENT", *_ACCOUNTING)

# What a buyer may set through traiter/recue, from each status (the reference's list from MISE_A_DISPOSITION,
# widened with SERVICE_FAIT and PRISE_EN_COMPTE_DESTINATAIRE, which production buyers send).
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "MISE_A_DISPOSITION": ("MISE_A_DISPOSITION", "PRISE_EN_COMPTE_DESTINATAIRE", *_DECISIONS),
    "PRISE_EN_COMPTE_DESTINATAIRE": _DECISIONS,
    "COMPLETEE": ("PRISE_EN_COMPTE_DESTINATAIRE", *_DECISIONS),
    "SERVICE_FAIT": ("SUSPENDUE", "REJETEE", "MANDATEE", "MISE_EN_PAIEMENT", *_ACCOUNTING),
    "MANDATEE": ("MISE_EN_PAIEMENT", *_ACCOUNTING),
    "MISE_EN_PAIEMENT": _ACCOUNTING,
    "COMPTABILISEE": ("MISE_A_DISPOSITION_COMPTABLE",),
}
MOTIF_REQUIRED = frozenset({"REJETEE", "SUSPENDUE"})
MOTIF_MAX = 255

# Statuses in which the invoice is in the buyer's hands (the supplier-side ones are not shown to buyers).
SUPPLIER_ONLY = frozenset({"DEPOSEE", "EN_COURS_ACHEMINEMENT"})

# Actions recorded in historiquesDesActionsUtilisateurs.
ACTION_DEPOT = "DEPOT"
ACTION_TELECHARGEMENT = "TELECHARGEMENT"
ACTION_TRAITEMENT = "TRAITEMENT"
ACTION_COMPLETION = "COMPLETION"
ACTION_RECYCLAGE = "RECYCLAGE"


class LifecycleError(Exception):
    """A refused action, as the API reports it (``codeRetour`` and ``libelle``)."""

    def __init__(self, code: int, libelle: str) -> None:
        super().__init__(libelle)
        self.code = code
        self.libelle = libelle


class Lifecycle:
    def __init__(self, sandbox: Sandbox) -> None:
        self.sandbox = sandbox

    @property
    def directory(self) -> Directory:
        return self.sandbox.directory

    # -- status changes ------------------------------------------------------------------------------

    def set_status(
        self,
        invoice: Row,
        statut: str,
        at: float,
        comment: str | None = None,
        user_id: int | None = None,
        **values: Any,
    ) -> None:
        store = self.sandbox.store
        with store.tx():
            store.update_invoice(invoice["id"], statut=statut, statut_at=at, statut_comment=comment, **values)
            store.add_history(invoice["id"], "statut", statut, at, comment, user_id)
        invoice.update(statut=statut, statut_at=at, statut_comment=comment, **values)

    def deposited(self, invoice: Row, at: float, user_id: int | None) -> None:
        """A new (or recycled) invoice: DEPOSEE now, on its way to the buyer after the routing delay."""
        store = self.sandbox.store
        with store.tx():
            store.add_history(invoice["id"], "statut", "DEPOSEE", at, None, user_id)
            store.add_job(at + self.directory.delays["acheminement"], "acheminement", invoice["id"])

    # -- jobs ----------------------------------------------------------------------------------------

    def handle(self, job: Row) -> None:
        """Play one due step; a step whose invoice moved on meanwhile (a person acted) is dropped."""
        invoice = self.sandbox.store.invoice_light(int(job["ref"]))
        if invoice is None:
            return
        kind, due, data = job["kind"], job["due"], job["data"]
        if kind == "acheminement":
            if invoice["statut"] == "DEPOSEE":
                self.set_status(invoice, "EN_COURS_ACHEMINEMENT", due)
                delay = self.directory.delays["mise_a_disposition"]
                self.sandbox.store.add_job(due + delay, "mise_a_disposition", invoice["id"])
        elif kind == "mise_a_disposition":
            if invoice["statut"] == "EN_COURS_ACHEMINEMENT":
                self.set_status(invoice, "MISE_A_DISPOSITION", due)
                self._script(invoice, due, completed=False)
        elif kind == "etape":
            if invoice["statut"] == data.get("expect") and invoice.get("scenario") == data.get("scenario"):
                self._step(invoice, data["scenario"], int(data["index"]), due)
        else:
            log.warning("unknown job kind %s", kind)

    def _script(self, invoice: Row, at: float, completed: bool) -> None:
        """Start the scripted buyer's scenario for this invoice, if its buyer is automatic."""
        buyer = self.directory.structure(invoice["buyer_id"])
        if buyer is None:
            return
        name = self.directory.scenario_for(buyer, invoice["numero"], bool(invoice["recycled"]), completed)
        self.sandbox.store.update_invoice(invoice["id"], scenario=name)
        invoice["scenario"] = name
        if name:
            self._schedule(invoice, name, 0, at)

    def _schedule(self, invoice: Row, scenario: str, index: int, at: float) -> None:
        steps = self.directory.scenarios.get(scenario, [])
        if index >= len(steps):
            return
        step = steps[index]
        data = {"scenario": scenario, "index": index, "expect": invoice["statut"]}
        self.sandbox.store.add_job(at + step.after, "etape", invoice["id"], data)

    def _step(self, invoice: Row, scenario: str, index: int, at: float) -> None:
        steps = self.directory.scenarios.get(scenario, [])
        step = steps[index]
        buyer = self.directory.structure(invoice["buyer_id"])
        hidden = buyer is not None and buyer.mise_en_paiement_hidden and step.statut == "MISE_EN_PAIEMENT"
        if not hidden:
            values: dict[str, Any] = {}
            if step.statut == "MANDATEE":
                values["mandat"] = f"M{invoice['id']}"
            self.set_status(invoice, step.statut, at, step.motif, **values)
        self._schedule(invoice, scenario, index + 1, at)

    # -- what people do ------------------------------------------------------------------------------

    def process(self, invoice: Row, statut: str, motif: str | None, mandat: str | None, user_id: int) -> float:
        """traiter/recue: a buyer's decision; returns when it was taken."""
        if statut not in STATUSES:
            raise LifecycleError(20003, f"Le statut {statut or '(vide)'} n'existe pas.")
        allowed = TRANSITIONS.get(invoice["statut"], ())
        if statut not in allowed:
            raise LifecycleError(
                20004, f"Le passage du statut {invoice['statut']} au statut {statut} n'est pas autorisé."
            )
        motif = (motif or "").strip() or None
        if statut in MOTIF_REQUIRED and not motif:
            raise LifecycleError(20005, f"Le motif est obligatoire pour passer une facture au statut {statut}.")
        if motif and len(motif) > MOTIF_MAX:
            raise LifecycleError(20006, f"Le motif dépasse {MOTIF_MAX} caractères.")
        at = self.sandbox.clock.now()
        values: dict[str, Any] = {}
        if statut == "MANDATEE" and mandat:
            values["mandat"] = mandat
        with self.sandbox.store.tx():
            self.set_status(invoice, statut, at, motif, user_id, **values)
            self.sandbox.store.add_history(invoice["id"], "action", ACTION_TRAITEMENT, at, statut, user_id)
        return at

    def complete(self, invoice: Row, comment: str | None, user_id: int) -> float:
        """completer: the supplier answers a suspension; an automatic buyer then resumes."""
        if invoice["statut"] != "SUSPENDUE":
            raise LifecycleError(20002, "GDP_MSG_11.033 : la facture n'est pas au statut SUSPENDUE.")
        at = self.sandbox.clock.now()
        with self.sandbox.store.tx():
            self.set_status(invoice, "COMPLETEE", at, comment, user_id)
            self.sandbox.store.add_history(invoice["id"], "action", ACTION_COMPLETION, at, comment, user_id)
            if invoice.get("scenario"):
                self._script(invoice, at, completed=True)
        return at

    def recycle(
        self, invoice: Row, buyer: Structure, service_id: int | None, comment: str | None, user_id: int
    ) -> float:
        """recycler: the supplier sends an A_RECYCLER invoice to another buyer or service; it starts again."""
        at = self.sandbox.clock.now()
        with self.sandbox.store.tx():
            store = self.sandbox.store
            store.update_invoice(invoice["id"], buyer_id=buyer.id, service_id=service_id, recycled=1, scenario=None)
            invoice.update(buyer_id=buyer.id, service_id=service_id, recycled=1, scenario=None)
            store.update_invoice(invoice["id"], statut="DEPOSEE", statut_at=at, statut_comment=comment, date_depot=at)
            invoice.update(statut="DEPOSEE", statut_at=at, statut_comment=comment, date_depot=at)
            store.add_history(invoice["id"], "action", ACTION_RECYCLAGE, at, comment, user_id)
            self.deposited(invoice, at, user_id)
        return at


class Scheduler:
    """Plays due jobs as the sandbox clock reaches them; integration jobs go to ``integrate`` in batches."""

    BATCH = 256

    def __init__(self, sandbox: Sandbox, integrate: Callable[[list[Row]], Awaitable[None]]) -> None:
        self.sandbox = sandbox
        self.integrate = integrate
        self.wake = asyncio.Event()
        self.idle = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._stopping = False

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._run(), name="sandbox-scheduler")

    async def stop(self) -> None:
        self._stopping = True
        self.wake.set()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task
            self._task = None

    def poke(self) -> None:
        self.idle.clear()
        self.wake.set()

    async def drain(self, timeout: float = 30.0) -> None:
        """Wait until every job due now has been played (after the clock moved)."""
        self.poke()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while loop.time() < deadline:
            self.poke()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.idle.wait(), max(0.01, deadline - loop.time()))
            if not self.sandbox.store.due_jobs(self.sandbox.clock.now(), 1):
                return

    async def _run(self) -> None:
        store, clock = self.sandbox.store, self.sandbox.clock
        while not self._stopping:
            try:
                jobs = store.due_jobs(clock.now(), self.BATCH)
                if jobs:
                    await self._play(jobs)
                    continue
                self.idle.set()
                next_due = store.next_due()
                wait = 1.0 if next_due is None else min(1.0, clock.real_seconds_until(next_due))
                self.wake.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self.wake.wait(), max(wait, 0.001))
            except asyncio.CancelledError:
                raise
            except Exception:  # keep the platform running; the log says what broke
                log.exception("sandbox scheduler step failed")
                await asyncio.sleep(0.5)

    async def _play(self, jobs: list[Row]) -> None:
        integration = [job for job in jobs if job["kind"] == "integration"]
        others = [job for job in jobs if job["kind"] != "integration"]
        store = self.sandbox.store
        if others:
            with store.tx():
                for job in others:
                    try:
                        self.sandbox.lifecycle.handle(job)
                    except Exception:  # one broken step must not block the others
                        log.exception("sandbox job %s %s failed", job["kind"], job["ref"])
                store.delete_jobs([job["id"] for job in others])
        if integration:
            await self.integrate(integration)
