"""How dispatch looks in a terminal: invoices by status, one invoice's timeline, a buyer's requirements.

Plain functions from data to Rich renderables; the commands print them, the demo refreshes them live.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from rich import box
from rich.console import Group
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from .. import store
from ..platform import FINAL_STATUSES, SUPPLIER_ACTION_STATUSES
from ..store import InvoiceState as S
from . import findings as f
from .directory import Lookup

STATE_STYLE = {
    S.RECEIVED: "white",
    S.VALID: "cyan",
    S.INVALID: "bold red",
    S.RENDERED: "cyan",
    S.DEPOSITING: "yellow",
    S.UNKNOWN: "bold yellow",
    S.DEPOSITED: "blue",
    S.INTEGRATED: "green",
    S.REJECTED: "bold red",
}
PAID = {"MISE_EN_PAIEMENT", "COMPTABILISEE", "MISE_A_DISPOSITION_COMPTABLE"}


def status_style(status: str | None) -> str:
    if status is None:
        return "dim"
    if status in PAID:
        return "bold green"
    if status in ("REJETEE", "ABANDONNEE", "SUPPRIMEE"):
        return "bold red"
    if status in SUPPLIER_ACTION_STATUSES:
        return "bold yellow"
    return "green" if status in FINAL_STATUSES else "cyan"


def when(moment: datetime | None) -> str:
    """A moment in local time, to the second."""
    return moment.astimezone().strftime("%Y-%m-%d %H:%M:%S") if moment is not None else ""


def money(value: Any, currency: str = "") -> str:
    return f"{value:,.2f} {currency}".replace(",", " ").strip() if value is not None else ""


def invoices_table(
    invoices: Sequence[store.Invoice],
    *,
    title: str | None = None,
    notes: Mapping[int, str] | None = None,
    compact: bool = False,
) -> Table:
    """One row per invoice: number, buyer, amount, local state, platform status and id, what to know, last change.

    Columns with nothing to show are left out; ``compact`` also leaves out the buyer and the time (a live view).
    """
    said = {invoice.id: _short((notes or {}).get(invoice.id) or note(invoice)) for invoice in invoices}
    columns: list[tuple[str, dict[str, Any], Any]] = [
        ("invoice", {"overflow": "fold", "min_width": _widest(i.number for i in invoices)}, lambda i: escape(i.number)),
        ("buyer", {"no_wrap": True}, lambda i: i.buyer_siret),
        ("amount due", {"justify": "right", "no_wrap": True}, lambda i: money(i.amount_due, i.currency)),
        ("state", {"no_wrap": True}, lambda i: Text(i.state.value, style=STATE_STYLE.get(i.state, ""))),
        (
            "Chorus Pro",
            {"overflow": "fold", "min_width": _widest(i.platform_status or "-" for i in invoices)},
            lambda i: Text(i.platform_status or "-", style=status_style(i.platform_status)),
        ),
        ("id", {"justify": "right", "no_wrap": True}, lambda i: str(i.platform_id or "")),
        ("note", {"overflow": "fold", "ratio": 1, "min_width": 16}, lambda i: Text(said[i.id])),
        ("updated", {"no_wrap": True}, lambda i: short_when(i.updated_at)),
    ]
    skip = set()
    if compact:
        skip |= {"buyer", "updated", "id"}
    if not any(said.values()):
        skip.add("note")
    if not any(i.platform_id for i in invoices):
        skip.add("id")
    shown = [column for column in columns if column[0] not in skip]
    table = Table(title=title, title_justify="left", header_style="bold", box=box.SIMPLE_HEAD, show_edge=False)
    for name, options, _cell in shown:
        table.add_column(name, **options)
    for invoice in invoices:
        table.add_row(*(cell(invoice) for _name, _options, cell in shown))
    return table


def _widest(values: Iterable[str], floor: int = 8, ceiling: int = 20) -> int:
    return min(ceiling, max([floor, *(len(v) for v in values)]))


def _short(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def short_when(moment: datetime | None) -> str:
    """The time alone for today, the date alone before."""
    if moment is None:
        return ""
    local = moment.astimezone()
    return (
        local.strftime("%H:%M:%S") if local.date() == datetime.now().astimezone().date() else local.strftime("%Y-%m-%d")
    )


def note(invoice: store.Invoice) -> str:
    """What a person should know at a glance: the first blocking finding, or the last error."""
    blocking = f.fatal(invoice.findings or [])
    if blocking:
        more = f" (+{len(blocking) - 1})" if len(blocking) > 1 else ""
        return f.line(blocking[0]) + more
    if invoice.last_error and invoice.state not in (S.INTEGRATED, S.INVALID, S.REJECTED):
        return invoice.last_error.splitlines()[0][:200]
    return ""


def counts(by_state: Mapping[S, int], by_status: Mapping[str | None, int]) -> Text:
    text = Text()
    parts = [(f"{state.value} {n}", STATE_STYLE.get(state, "")) for state, n in by_state.items() if n]
    for i, (label, style) in enumerate(parts):
        text.append(("  " if i else "") + label, style=style)
    statuses = [(f"{status} {n}", status_style(status)) for status, n in sorted(by_status.items(), key=_by) if status]
    if statuses:
        text.append("\nChorus Pro: ")
        for i, (label, style) in enumerate(statuses):
            text.append(("  " if i else "") + label, style=style)
    return text


def _by(item: tuple[str | None, int]) -> str:
    return item[0] or ""


def event_line(event: store.Event) -> str:
    """An event of the history, in words."""
    data = event.data
    kind = event.type
    if kind == store.EventType.RECEIVED:
        return f"received ({data.get('output_format')}, {data.get('amount_due')} {data.get('currency')})"
    if kind == store.EventType.STATE:
        words = f"{data.get('from')} → {data.get('to')}"
        extra = [str(data[key]) for key in ("reason", "flux_number", "flux_state", "error") if data.get(key)]
        if data.get("platform_id"):
            extra.append(f"identifiantFactureCPP {data['platform_id']}")
        blocking = f.fatal(data.get("findings") or [])
        if blocking:
            extra.append(f"{len(blocking)} blocking finding(s)")
        return words + (f"  ({'; '.join(extra)})" if extra else "")
    if kind == store.EventType.DOCUMENT:
        digest = str(data.get("sha256"))[:12]
        return f"document {data.get('kind')}: {data.get('filename')} ({data.get('size')} bytes, sha256 {digest}…)"
    if kind == store.EventType.PLATFORM_STATUS:
        said = f"  « {data['comment']} »" if data.get("comment") else ""
        on = f"  [{_platform_time(data.get('platform_at'))}]" if data.get("platform_at") else ""
        return f"Chorus Pro: {data.get('from') or '-'} → {data.get('to')}{on}{said}"
    if kind == store.EventType.PLATFORM_IDS:
        return "platform ids: " + ", ".join(f"{k} {v}" for k, v in data.items())
    details = ", ".join(f"{k}={v}" for k, v in data.items() if v not in (None, "", []))
    return f"{kind}  {details}"


def _platform_time(value: Any) -> str:
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return str(value)
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def timeline(detail: Any) -> Group:
    """One invoice: what it is, where it stands, its findings, and every event."""
    invoice: store.Invoice = detail.invoice
    head = Table.grid(padding=(0, 2))
    head.add_column(style="bold")
    head.add_column()
    head.add_row("invoice", escape(invoice.number))
    head.add_row("supplier", f"{escape(detail.company.name)} ({detail.company.siret})")
    head.add_row("buyer", invoice.buyer_siret + (f", service {invoice.service_code}" if invoice.service_code else ""))
    head.add_row("amount due", money(invoice.amount_due, invoice.currency))
    head.add_row("state", Text(invoice.state.value, style=STATE_STYLE.get(invoice.state, "")))
    head.add_row("Chorus Pro", Text(invoice.platform_status or "-", style=status_style(invoice.platform_status)))
    if invoice.platform_id:
        head.add_row("identifiantFactureCPP", str(invoice.platform_id))
    if invoice.flux_number:
        head.add_row("numeroFluxDepot", invoice.flux_number)
    if invoice.last_error and invoice.state not in (S.INTEGRATED, S.INVALID, S.REJECTED):
        head.add_row("last error", escape(invoice.last_error))
    parts: list[Any] = [head]
    if invoice.findings:
        parts.append(findings_table(invoice.findings))
    events = Table(title="history", title_justify="left", header_style="bold", box=box.SIMPLE_HEAD, show_edge=False)
    events.add_column("#", justify="right")
    events.add_column("at")
    events.add_column("what", overflow="fold")
    for event in detail.events:
        events.add_row(str(event.seq), when(event.at), escape(event_line(event)))
    parts.append(events)
    return Group(*parts)


def findings_table(items: Iterable[Mapping[str, Any]]) -> Table:
    table = Table(title="findings", title_justify="left", header_style="bold", box=box.SIMPLE_HEAD, show_edge=False)
    table.add_column("rule")
    table.add_column("BT")
    table.add_column("from")
    table.add_column("message", overflow="fold")
    for item in items:
        style = "red" if item.get("severity") == "fatal" else "yellow"
        message = str(item.get("message", "")) + (f"  (at {item['location']})" if item.get("location") else "")
        table.add_row(
            Text(str(item.get("rule")), style=style),
            ", ".join(item.get("bt") or []),
            str(item.get("source", "")),
            escape(message),
        )
    return table


def directory_entry(siret: str, found: Lookup | None, platform: str) -> Group | Text:
    """What a buyer requires on an invoice, from the directory."""
    if found is None:
        return Text(f"{siret}: the {platform} directory cannot be reached and nothing is cached", style="yellow")
    entry = found.entry
    origin = "asked the platform just now" if found.fetched else f"cached {when(entry.fetched_at)}"
    if found.stale:
        origin += " (expired: the platform did not answer)"
    if not entry.found:
        return Text(f"{siret}: no such structure in the {platform} directory ({origin})", style="bold red")
    flags = entry.flags
    if flags.get("gestionNumeroEJOuCodeService"):
        needs = "a service code (BT-10) or an engagement number (BT-13)"
    else:
        wanted = [
            what
            for flag, what in (
                ("codeServiceDoitEtreRenseigne", "a service code (BT-10)"),
                ("numeroEJDoitEtreRenseigne", "an engagement number (BT-13)"),
            )
            if flags.get(flag)
        ]
        needs = " and ".join(wanted) or "nothing more than its SIRET"
    head = Table.grid(padding=(0, 2))
    head.add_column(style="bold")
    head.add_column()
    head.add_row("buyer", f"{escape(entry.name or '')} ({siret})")
    head.add_row("idStructureCPP", str(entry.structure_id))
    head.add_row("active", "yes" if flags.get("actif", True) else Text("no: it cannot receive invoices", style="red"))
    head.add_row("invoices must give", needs)
    if flags.get("statutMiseEnPaiementNestPasRemonte"):
        head.add_row("payment", "MISE_EN_PAIEMENT is never reported: MANDATEE is the last status")
    head.add_row("directory", f"{platform}, {origin}; valid until {when(entry.expires_at)}")
    services = Table(title="services", title_justify="left", header_style="bold", box=box.SIMPLE_HEAD, show_edge=False)
    for column in ("code", "name", "active", "engagement required"):
        services.add_column(column)
    for service in entry.services:
        services.add_row(
            escape(str(service.get("codeService"))),
            escape(str(service.get("libelleService") or "")),
            "yes" if service.get("estActif") else Text("no", style="red"),
            "yes" if service.get("numeroEngagement") else "no",
        )
    return Group(head, services) if entry.services else head
