"""Integration of deposited flows, asynchronous as on the platform.

``deposer/flux`` stores the flow ``IN_RECU`` and schedules an integration job. When it is due, the flow goes
``IN_EN_COURS_TRAITEMENT_CPP``, its documents are read and checked (``reading.analyse``, in a worker process
or thread), then the directory decides where each invoice goes; the flow ends ``IN_INTEGRE``,
``IN_INTEGRE_PARTIEL``, ``IN_REJETE``, or ``IN_INCIDENTE`` when a fault says so.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from .directory import Structure
from .reading import Problem, analyse, warm_up
from .store import Row

if TYPE_CHECKING:
    from .app import Sandbox

log = logging.getLogger("bordereau.sandbox")

NUMBER_MAX = 20
MODE_FLUX = "DEPOT_FLUX_API"  # UNSURE: the modeDepot Chorus Pro shows for an invoice that came in a flow
FLUX_STATES = (
    "IN_RECU",
    "IN_TRAITE_SE_CPP",
    "IN_EN_ATTENTE_TRAITEMENT_CPP",
    "IN_EN_COURS_TRAITEMENT_CPP",
    "IN_EN_ATTENTE_RETRAITEMENT_CPP",
    "IN_INCIDENTE",
    "IN_REJETE",
    "IN_INTEGRE",
    "IN_INTEGRE_PARTIEL",
)
CHUNK = 16
FINAL_STATES = frozenset({"IN_INTEGRE", "IN_INTEGRE_PARTIEL", "IN_REJETE", "IN_INCIDENTE"})


def make_executor(workers: int) -> Executor:
    """Worker processes (``workers`` > 0) read flows beside the server; 0 keeps one thread in process (tests)."""
    if workers <= 0:
        return ThreadPoolExecutor(max_workers=1, thread_name_prefix="sandbox-integration")
    context = multiprocessing.get_context("spawn")
    executor = ProcessPoolExecutor(max_workers=workers, mp_context=context)
    for _ in range(workers):  # start every worker now, each loading the rules and schemas, not at the first flow
        executor.submit(warm_up)
    return executor


def analyse_many(work: list[tuple[bytes, str, str]]) -> list[dict[str, Any] | BaseException]:
    """Read several flows in one call (in a worker); a flow that breaks the reader yields its exception."""
    results: list[dict[str, Any] | BaseException] = []
    for content, name, syntaxe in work:
        try:
            results.append(analyse(content, name, syntaxe))
        except Exception as exc:
            results.append(exc)
    return results


class Integration:
    def __init__(self, sandbox: Sandbox, executor: Executor, parallelism: int = 1) -> None:
        self.sandbox = sandbox
        self.executor = executor
        self.parallelism = max(1, parallelism)

    async def run(self, jobs: list[Row]) -> None:
        """Integrate the flows of due jobs, reading them in parallel."""
        store, clock = self.sandbox.store, self.sandbox.clock
        flows: list[tuple[Row, Row]] = []
        with store.tx():
            for job in jobs:
                flux = store.flux(job["ref"])
                if flux is None or flux["etat"] in FINAL_STATES:
                    continue
                store.set_flux_state(flux["numero"], "IN_EN_COURS_TRAITEMENT_CPP", max(job["due"], flux["etat_at"]))
                flows.append((job, flux))
        loop = asyncio.get_running_loop()
        incidents = {flux["numero"] for _, flux in flows if self.sandbox.faults.incident(flux["nom_fichier"])}
        work = [(f["content"], f["nom_fichier"], f["syntaxe"]) for _, f in flows if f["numero"] not in incidents]
        # Flows go to the workers in chunks: one round trip per chunk, not per flow.
        size = max(1, min(CHUNK, -(-len(work) // self.parallelism)))
        chunks = [work[i : i + size] for i in range(0, len(work), size)]
        answers = await asyncio.gather(
            *(loop.run_in_executor(self.executor, analyse_many, chunk) for chunk in chunks), return_exceptions=True
        )
        results: list[Any] = []
        for chunk, answer in zip(chunks, answers, strict=True):
            results.extend(answer if isinstance(answer, list) else [answer] * len(chunk))
        outcomes = iter(results)
        at = clock.now()
        with store.tx():
            for job, flux in flows:
                finished = max(at, job["due"])
                if flux["numero"] in incidents:
                    problem = Problem(
                        "INCIDENT_TECHNIQUE",
                        "Incident lors du traitement du flux : déposer à nouveau le flux complet.",
                        "INCIDENT",
                    )
                    store.set_flux_state(flux["numero"], "IN_INCIDENTE", finished, [], [problem.as_dict()])
                    continue
                outcome = next(outcomes)
                if isinstance(outcome, BaseException):
                    log.error("integration of %s failed: %r", flux["numero"], outcome)
                    problem = Problem(
                        "INCIDENT_TECHNIQUE", f"Incident lors du traitement du flux : {outcome}", "INCIDENT"
                    )
                    store.set_flux_state(flux["numero"], "IN_INCIDENTE", finished, [], [problem.as_dict()])
                    continue
                try:
                    with store.tx(savepoint=True):
                        self.apply(flux, outcome, finished)
                except Exception as exc:  # a flow that breaks the platform ends IN_INCIDENTE, not in a retry loop
                    log.exception("integration of %s failed", flux["numero"])
                    problem = Problem("INCIDENT_TECHNIQUE", f"Incident lors du traitement du flux : {exc}", "INCIDENT")
                    store.set_flux_state(flux["numero"], "IN_INCIDENTE", finished, [], [problem.as_dict()])
            store.delete_jobs([job["id"] for job in jobs])

    def apply(self, flux: Row, outcome: dict[str, Any], at: float) -> None:
        """Directory checks, new invoices, and the flow's final state with its errors."""
        store, directory = self.sandbox.store, self.sandbox.directory
        user = directory.users_by_id.get(flux["user_id"])
        technical: list[dict[str, str]] = list(outcome["technical"])
        dp_errors: list[dict[str, str]] = []
        accepted = 0
        seen: set[tuple[int, str]] = set()
        for document in outcome["documents"]:
            if document["problems"]:
                technical.extend(document["problems"])
                continue
            data = document["invoice"]
            numero = data["numero"]
            seller_id = data["fournisseur"].get("identifiant")
            buyer_id = data["destinataire"].get("identifiant")
            errors = list(document["errors"])
            supplier = directory.by_siret(seller_id)
            if not seller_id:
                errors.append("Le fournisseur n'est pas identifié (SIRET absent de la facture).")
            elif supplier is None:
                errors.append(f"Le fournisseur {seller_id} n'est pas une structure connue de Chorus Pro.")
            elif user is None or supplier.id not in user.structures:
                errors.append(f"L'utilisateur qui a déposé le flux n'est pas rattaché au fournisseur {seller_id}.")
            buyer, service, routing = directory.routing_errors(
                supplier or _NOBODY, buyer_id, data["codeService"], data["engagement"]
            )
            errors.extend(routing)
            if not numero:
                errors.append("Le numéro de facture n'est pas renseigné.")
            elif len(numero) > NUMBER_MAX:
                errors.append(f"Le numéro de facture {numero} dépasse {NUMBER_MAX} caractères.")
            if supplier is not None and numero:
                if (supplier.id, numero) in seen or store.invoice_number_used(supplier.id, numero):
                    errors.append(f"Le numéro de facture {numero} a déjà été utilisé par le fournisseur {seller_id}.")
                seen.add((supplier.id, numero))
            if errors:
                dp_errors.extend(
                    {
                        "numeroDP": numero,
                        "identifiantFournisseur": seller_id or "",
                        "identifiantDestinataire": buyer_id or "",
                        "libelleErreurDP": message,
                    }
                    for message in errors
                )
                continue
            assert supplier is not None and buyer is not None and user is not None
            self.create(flux, document["name"], data, supplier, buyer, service.id if service else None, user.id, at)
            accepted += 1
        if accepted and not technical and not dp_errors:
            state = "IN_INTEGRE"
        elif accepted:
            state = "IN_INTEGRE_PARTIEL"
        else:
            state = "IN_REJETE"
        store.set_flux_state(flux["numero"], state, at, dp_errors, technical)

    def create(
        self,
        flux: Row,
        member: str,
        data: dict[str, Any],
        supplier: Structure,
        buyer: Structure,
        service_id: int | None,
        user_id: int,
        at: float,
    ) -> int:
        store = self.sandbox.store
        invoice_id = store.new_invoice_id()
        single = member == flux["nom_fichier"]
        row = {
            "id": invoice_id,
            "numero": data["numero"],
            "supplier_id": supplier.id,
            "buyer_id": buyer.id,
            "service_id": service_id,
            "flux": flux["numero"],
            "member": None if single else member,
            "syntax": data["syntax"],
            "mode_depot": MODE_FLUX,
            "type_facture": data["typeFacture"],
            "cadre": data["cadre"],
            "date_facture": data["dateFacture"],
            "date_depot": at,
            "devise": data["devise"],
            "montant_ht": data["montantHT"],
            "montant_tva": data["montantTVA"],
            "montant_ttc": data["montantTTC"],
            "montant_a_payer": data["montantAPayer"],
            "bon_commande": data["engagement"],
            "marche": data["marche"],
            "facture_origine": data["factureOrigine"],
            "statut": "DEPOSEE",
            "statut_at": at,
            "user_id": user_id,
            "data": data,
        }
        store.insert_invoice(row)
        self.sandbox.lifecycle.deposited(row, at, user_id)
        store.add_history(invoice_id, "action", "DEPOT", at, flux["numero"], user_id)
        return invoice_id


_NOBODY = Structure(
    id=0,
    identifiant="",
    type_identifiant="SIRET",
    designation="",
    public=False,
    categorie="",
    active=False,
    numero_tva="",
    adresse={},
    service_required=False,
    engagement_required=False,
    engagement_or_service=False,
    mise_en_paiement_hidden=False,
    automatic=None,
)
