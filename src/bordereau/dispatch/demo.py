"""``bordereau demo``: the whole journey on a laptop, with no configuration, in under a minute.

A supplier (the examples' Ateliers Numériques de Saône) sends five invoices from ``examples/`` to a ministry on the
sandbox, in process, whose clock runs a day and a half per second. The ministry is a scripted buyer: invoice numbers
steer it (``docs/sandbox.md``): most are paid, ``*SUSP*`` is suspended (the demo completes it with a delivery
note), ``*REJ*`` is rejected with a reason. One invoice misses the service code its buyer requires: it is stopped
before it leaves. A live table shows each invoice move; everything is kept in a folder to look at afterwards.
"""

from __future__ import annotations

import copy
import json
import secrets
import tempfile
import threading
import time
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from rich.console import Console, Group
from rich.live import Live
from rich.markup import escape
from rich.text import Text
from sqlalchemy.orm import Session

from .. import store
from ..config import load_settings
from ..store import InvoiceState as S
from . import service, views
from .context import Dispatch
from .worker import Worker

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"
TIME_LIMIT = 55.0  # seconds: the demo stops waiting after this, whatever is left
PAID = frozenset({"MISE_EN_PAIEMENT", "COMPTABILISEE", "MISE_A_DISPOSITION_COMPTABLE"})
TRANSITION_MINISTRY = "11000121100173"  # requires a service code (BT-10) on every invoice


@dataclass(frozen=True)
class Sample:
    number: str
    base: str  # an example file
    story: str
    buyer: str | None = None
    drop_service: bool = False


def samples(run: str) -> list[Sample]:
    return [
        Sample(f"{run}-0001", "facture-ministere.json", "a full invoice to the ministry's IT department: paid"),
        Sample(f"{run}-0002", "minimal.json", "the minimal invoice: paid"),
        Sample(f"{run}-SUSP-03", "minimal.json", "suspended by the buyer, completed with a delivery note, paid"),
        Sample(f"{run}-REJ-04", "minimal.json", "rejected by the buyer, with its reason"),
        Sample(
            f"{run}-0005",
            "minimal.json",
            "to a ministry that requires a service code it does not give: stopped before it leaves",
            buyer=TRANSITION_MINISTRY,
        ),
    ]


def _invoice(sample: Sample) -> bytes:
    data = json.loads((_examples() / sample.base).read_text(encoding="utf-8"))
    data = copy.deepcopy(data)
    data["number"] = sample.number
    if sample.buyer:
        for key in ("identifier", "electronic_address"):
            data["buyer"][key] = {"value": sample.buyer, "scheme_id": "0009"}
        data["buyer"].pop("legal_registration", None)
        data["buyer"]["name"] = "Ministère de la Transition des territoires"
        data.pop("buyer_reference", None)
    return json.dumps(data, ensure_ascii=False, indent=2).encode()


def _examples() -> Path:
    if (EXAMPLES / "minimal.json").is_file():
        return EXAMPLES
    return Path.cwd() / "examples"  # an installed package: the clone's examples


class Journal:
    """The last status changes, as the live view shows them (a listener of the pipeline)."""

    def __init__(self, size: int = 14) -> None:
        self.lines: deque[Text] = deque(maxlen=size)
        self._lock = threading.Lock()

    def status_changed(
        self,
        session: Session,
        invoice: store.Invoice,
        old: str | None,
        new: str,
        at: datetime | None,
        data: Mapping[str, Any],
    ) -> None:
        self.add(invoice.number, new, f"  « {data['comment']} »" if data.get("comment") else "", at)

    def add(self, number: str, what: str, more: str = "", at: datetime | None = None) -> None:
        line = Text()
        line.append(f"{at.strftime('%d/%m') if at else '     '}  ", style="dim")
        line.append(f"{number:<16}", style="bold")
        line.append(what, style=views.status_style(what) if what.isupper() else "magenta")
        line.append(more, style="italic")
        with self._lock:
            self.lines.append(line)

    def render(self) -> Group:
        with self._lock:
            return Group(Text("what just happened (sandbox date)", style="bold"), *list(self.lines))


def run(console: Console, *, directory: Path | None = None, days_per_second: float = 1.5) -> None:
    """Run the demo, showing it on ``console``."""
    folder = directory or Path(tempfile.mkdtemp(prefix="bordereau-demo-"))
    folder.mkdir(parents=True, exist_ok=True)
    run_id = secrets.token_hex(2).upper()
    settings = load_settings(
        platform="sandbox",
        sandbox_url=None,
        sandbox_db=folder / "sandbox.db",
        sandbox_clock_speed=days_per_second * 86400,
        database_url=f"sqlite:///{folder / 'bordereau.db'}",
    )
    console.print(
        f"[bold]bordereau demo[/]: a supplier sends invoices to public buyers on a local Chorus Pro sandbox whose "
        f"clock runs {days_per_second:g} day(s) per second.\nEverything is kept in [cyan]{escape(str(folder))}[/]."
    )
    d = service.open_dispatch(settings)
    journal = Journal()
    d.listeners.append(journal)
    d.options = replace(d.options, lang="en")
    try:
        _play(console, d, folder, samples(run_id), journal)
    finally:
        service.close(d)
    database = f"sqlite:///{folder / 'bordereau.db'}"
    console.print(
        "\nLook closer:\n"
        f"  bordereau status --database {database}\n"
        f"  bordereau status --database {database} {run_id}-SUSP-03\n"
        f"  bordereau audit verify --database {database}"
    )


def _play(console: Console, d: Dispatch, folder: Path, plan: list[Sample], journal: Journal) -> None:
    inbox = folder / "invoices"
    inbox.mkdir(exist_ok=True)
    paths = []
    for sample in plan:
        path = inbox / f"{sample.number}.json"
        path.write_bytes(_invoice(sample))
        paths.append(path)
        console.print(f"  [bold]{sample.number:<16}[/] {escape(sample.story)}")
    sent = service.take_in(d, paths)
    for broken in sent.broken:
        console.print(f"[red]{escape(broken.error or '')}[/]")
    ids = sent.ids
    note = folder / "bon-de-livraison-signe.txt"
    note.write_text("Bon de livraison n° BL-2026-0412, signé par le service destinataire le 3 mars 2026.\n")
    worker = Worker(d, concurrency=4)
    background = threading.Thread(target=worker.run, name="bordereau-demo-worker", daemon=True)
    started = time.monotonic()
    background.start()
    completed: set[int] = set()
    try:
        with Live(_view(d, ids, journal, started), console=console, refresh_per_second=6, transient=False) as live:
            while time.monotonic() - started < TIME_LIMIT:
                invoices = _invoices(d, ids)
                for invoice in invoices:
                    if invoice.platform_status == "SUSPENDUE" and invoice.id not in completed:
                        completed.add(invoice.id)
                        journal.add(invoice.number, "completed by the supplier", f"  (+ {note.name})")
                        service.complete(d, invoice.number, "Bon de livraison signé joint, comme demandé.", [note])
                live.update(_view(d, ids, journal, started))
                if all(_finished(invoice) for invoice in invoices):
                    break
                time.sleep(0.15)
            live.update(_view(d, ids, journal, started))
    finally:
        worker.stop()
        background.join(30)
    _epilogue(console, d, ids, time.monotonic() - started)


def _finished(invoice: store.Invoice) -> bool:
    return invoice.state in (S.INVALID, S.REJECTED) or invoice.platform_status in PAID | {"REJETEE"}


def _invoices(d: Dispatch, ids: list[int]) -> list[store.Invoice]:
    with d.db.read() as session:
        return [store.get_invoice(session, i) for i in ids]


def _sandbox_date(d: Dispatch) -> str:
    controls = getattr(d.platforms.get(None), "sandbox", None)
    try:
        now = datetime.fromisoformat(controls.now()["now"]) if controls is not None else None
    except Exception:
        return ""
    return now.strftime("%d %B %Y, %H:%M") if now else ""


def _view(d: Dispatch, ids: list[int], journal: Journal, started: float) -> Group:
    title = f"sandbox date {_sandbox_date(d)}  ·  {time.monotonic() - started:4.1f} s"
    invoices = _invoices(d, ids)
    table = views.invoices_table(invoices, title=title, notes=service.buyer_comments(d.db, invoices), compact=True)
    return Group(table, journal.render())


def _epilogue(console: Console, d: Dispatch, ids: list[int], seconds: float) -> None:
    invoices = _invoices(d, ids)
    paid = [i for i in invoices if i.platform_status in PAID]
    console.print(f"\n[bold]{len(paid)} paid[/] of {len(invoices)} invoices in {seconds:.0f} s.")
    for invoice in invoices:
        detail = service.detail(d.db, invoice.number)
        if invoice.state is S.INVALID:
            console.print(f"[bold red]{invoice.number}[/] was never sent; what stopped it:")
            for item in (invoice.findings or [])[:3]:
                if item.get("severity") == "fatal":
                    console.print(f"  - {escape(views.f.line(item))}")
        if invoice.platform_status == "REJETEE":
            reasons = [e.data.get("comment") for e in detail.events if e.data.get("to") == "REJETEE"]
            console.print(f"[bold red]{invoice.number}[/] was rejected by the buyer: « {escape(reasons[-1] or '')} »")
            console.print("  a corrected invoice goes out under a new number, naming this one in BT-25")
        if any(e.type == service.COMPLETED for e in detail.events):
            console.print(f"[bold yellow]{invoice.number}[/] was suspended, completed, then {invoice.platform_status}")
    if not store.verify_audit(d.db).ok:
        console.print("[bold red]the audit trail does not verify[/]")
    else:
        console.print("The audit trail (hash-chained history and documents) verifies.")
