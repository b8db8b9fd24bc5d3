"""The sandbox's state in SQLite: flows, invoices, their history, attachments, tokens and pending jobs.

One connection, guarded by a lock: the server is one process, its writes are small, and WAL mode lets
readers (``bordereau sandbox accounts``) look while it runs. Everything survives a restart.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

SCHEMA_VERSION = 1

# Where the platform's numbers start: integers that fit the 32-bit fields strict clients use.
INVOICE_ID_BASE = 140_000_000
ATTACHMENT_ID_BASE = 5_200_000
FLUX_PREFIX = "CPP001111"  # "CPP" + 22 digits in all

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS tokens (
    token TEXT PRIMARY KEY, client_id TEXT NOT NULL, expires REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS flux (
    numero TEXT PRIMARY KEY, user_id INTEGER NOT NULL, nom_fichier TEXT NOT NULL, syntaxe TEXT NOT NULL,
    avec_signature INTEGER NOT NULL DEFAULT 0, date_depot REAL NOT NULL, etat TEXT NOT NULL, etat_at REAL NOT NULL,
    content BLOB NOT NULL, erreurs_dp TEXT NOT NULL DEFAULT '[]', erreurs_tech TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX IF NOT EXISTS flux_user ON flux (user_id, date_depot);
CREATE TABLE IF NOT EXISTS invoices (
    id INTEGER PRIMARY KEY, numero TEXT NOT NULL, supplier_id INTEGER NOT NULL, supplier_service_id INTEGER,
    buyer_id INTEGER NOT NULL, service_id INTEGER, flux TEXT, member TEXT, document BLOB, syntax TEXT NOT NULL,
    mode_depot TEXT NOT NULL, type_facture TEXT NOT NULL, cadre TEXT NOT NULL, date_facture TEXT,
    date_depot REAL NOT NULL, devise TEXT, montant_ht REAL, montant_tva REAL, montant_ttc REAL, montant_a_payer REAL,
    bon_commande TEXT, marche TEXT, facture_origine TEXT, statut TEXT NOT NULL, statut_at REAL NOT NULL,
    statut_comment TEXT, telechargee INTEGER NOT NULL DEFAULT 0, rejet_traite INTEGER NOT NULL DEFAULT 0,
    mandat TEXT, recycled INTEGER NOT NULL DEFAULT 0, scenario TEXT, user_id INTEGER, data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS invoices_supplier ON invoices (supplier_id, numero);
CREATE INDEX IF NOT EXISTS invoices_buyer ON invoices (buyer_id, statut_at);
CREATE INDEX IF NOT EXISTS invoices_flux ON invoices (flux);
CREATE TABLE IF NOT EXISTS history (
    id INTEGER PRIMARY KEY AUTOINCREMENT, invoice_id INTEGER NOT NULL, kind TEXT NOT NULL, code TEXT NOT NULL,
    at REAL NOT NULL, comment TEXT, user_id INTEGER
);
CREATE INDEX IF NOT EXISTS history_invoice ON history (invoice_id, kind);
CREATE TABLE IF NOT EXISTS attachments (
    id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL, nom TEXT NOT NULL, mime TEXT, extension TEXT,
    content BLOB NOT NULL, at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS invoice_attachments (
    invoice_id INTEGER NOT NULL, attachment_id INTEGER NOT NULL, role TEXT NOT NULL, designation TEXT,
    type_code TEXT, ligne INTEGER
);
CREATE INDEX IF NOT EXISTS invoice_attachments_invoice ON invoice_attachments (invoice_id);
CREATE TABLE IF NOT EXISTS jobs (
    id INTEGER PRIMARY KEY AUTOINCREMENT, due REAL NOT NULL, kind TEXT NOT NULL, ref TEXT NOT NULL,
    data TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS jobs_due ON jobs (due);
"""

Row = dict[str, Any]


class Store:
    """Thin data access over one SQLite file; every method is safe to call from any thread."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self.db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("PRAGMA busy_timeout=5000")
        self.db.executescript(SCHEMA)
        self.db.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
        self._next_invoice = self._max("SELECT MAX(id) FROM invoices", INVOICE_ID_BASE)
        self._next_attachment = self._max("SELECT MAX(id) FROM attachments", ATTACHMENT_ID_BASE)
        self._next_flux = int(self.get_meta("flux_counter") or 0)
        self._depth = 0

    def _max(self, sql: str, base: int) -> int:
        value = self.db.execute(sql).fetchone()[0]
        return max(int(value or 0), base)

    def close(self) -> None:
        with self._lock:
            self.db.close()

    # -- transactions --------------------------------------------------------------------------------

    @contextmanager
    def tx(self, savepoint: bool = False) -> Iterator[sqlite3.Connection]:
        """One transaction; a nested call joins the outer one, or with ``savepoint`` can be undone on its own."""
        with self._lock:
            if self._depth:
                self._depth += 1
                name = f"s{self._depth}"
                if savepoint:
                    self.db.execute(f"SAVEPOINT {name}")
                try:
                    yield self.db
                except BaseException:
                    if savepoint:
                        self.db.execute(f"ROLLBACK TO {name}")
                        self.db.execute(f"RELEASE {name}")
                    raise
                else:
                    if savepoint:
                        self.db.execute(f"RELEASE {name}")
                finally:
                    self._depth -= 1
                return
            self.db.execute("BEGIN IMMEDIATE")
            self._depth = 1
            try:
                yield self.db
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
            else:
                self.db.execute("COMMIT")
            finally:
                self._depth = 0

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        with self._lock:
            return [dict(row) for row in self.db.execute(sql, params).fetchall()]

    def one(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        with self._lock:
            row = self.db.execute(sql, params).fetchone()
        return dict(row) if row is not None else None

    def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        with self._lock:
            row = self.db.execute(sql, params).fetchone()
        return row[0] if row is not None else None

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        with self.tx() as db:
            db.execute(sql, params)

    # -- meta ----------------------------------------------------------------------------------------

    def get_meta(self, key: str) -> str | None:
        return self.scalar("SELECT value FROM meta WHERE key = ?", (key,))

    def set_meta(self, key: str, value: str) -> None:
        self.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def get_json(self, key: str) -> Any:
        value = self.get_meta(key)
        return json.loads(value) if value is not None else None

    def set_json(self, key: str, value: Any) -> None:
        self.set_meta(key, json.dumps(value, ensure_ascii=False))

    # -- numbers -------------------------------------------------------------------------------------

    def new_invoice_id(self) -> int:
        with self._lock:
            self._next_invoice += 1
            return self._next_invoice

    def new_attachment_id(self) -> int:
        with self._lock:
            self._next_attachment += 1
            return self._next_attachment

    def new_flux_number(self) -> str:
        """``CPP`` + 22 digits, as the platform numbers deposits."""
        with self.tx() as db:
            self._next_flux += 1
            db.execute("INSERT OR REPLACE INTO meta VALUES ('flux_counter', ?)", (str(self._next_flux),))
            return f"{FLUX_PREFIX}{self._next_flux:016d}"

    # -- tokens --------------------------------------------------------------------------------------

    def add_token(self, token: str, client_id: str, expires: float) -> None:
        self.execute("INSERT INTO tokens VALUES (?, ?, ?)", (token, client_id, expires))

    def token_expiry(self, token: str) -> float | None:
        return self.scalar("SELECT expires FROM tokens WHERE token = ?", (token,))

    def expire_tokens(self, now: float) -> int:
        with self.tx() as db:
            return db.execute("UPDATE tokens SET expires = ? WHERE expires > ?", (now, now)).rowcount

    def purge_tokens(self, before: float) -> None:
        self.execute("DELETE FROM tokens WHERE expires < ?", (before,))

    # -- jobs ----------------------------------------------------------------------------------------

    def add_job(self, due: float, kind: str, ref: str | int, data: dict[str, Any] | None = None) -> None:
        self.execute(
            "INSERT INTO jobs (due, kind, ref, data) VALUES (?, ?, ?, ?)",
            (due, kind, str(ref), json.dumps(data or {}, ensure_ascii=False)),
        )

    def due_jobs(self, now: float, limit: int = 500) -> list[Row]:
        rows = self.query("SELECT * FROM jobs WHERE due <= ? ORDER BY due, id LIMIT ?", (now, limit))
        for row in rows:
            row["data"] = json.loads(row["data"])
        return rows

    def next_due(self) -> float | None:
        return self.scalar("SELECT MIN(due) FROM jobs")

    def delete_jobs(self, ids: Sequence[int]) -> None:
        if ids:
            with self.tx() as db:
                db.executemany("DELETE FROM jobs WHERE id = ?", [(i,) for i in ids])

    # -- flows ---------------------------------------------------------------------------------------

    def flux(self, numero: str) -> Row | None:
        return self.one("SELECT * FROM flux WHERE numero = ?", (numero,))

    def flux_header(self, numero: str) -> Row | None:
        """A flow without its content."""
        return self.one(
            "SELECT numero, user_id, nom_fichier, syntaxe, avec_signature, date_depot, etat, etat_at, erreurs_dp, "
            "erreurs_tech FROM flux WHERE numero = ?",
            (numero,),
        )

    def add_flux(self, row: Row, due: float) -> None:
        """A new flow, with the job that integrates it when ``due``."""
        with self.tx() as db:
            columns = ", ".join(row)
            db.execute(f"INSERT INTO flux ({columns}) VALUES ({', '.join('?' for _ in row)})", list(row.values()))
            db.execute(
                "INSERT INTO jobs (due, kind, ref, data) VALUES (?, 'integration', ?, '{}')", (due, row["numero"])
            )

    def set_flux_state(
        self, numero: str, etat: str, at: float, erreurs_dp: list | None = None, erreurs_tech: list | None = None
    ) -> None:
        with self.tx() as db:
            if erreurs_dp is None and erreurs_tech is None:
                db.execute("UPDATE flux SET etat = ?, etat_at = ? WHERE numero = ?", (etat, at, numero))
            else:
                db.execute(
                    "UPDATE flux SET etat = ?, etat_at = ?, erreurs_dp = ?, erreurs_tech = ? WHERE numero = ?",
                    (
                        etat,
                        at,
                        json.dumps(erreurs_dp or [], ensure_ascii=False),
                        json.dumps(erreurs_tech or [], ensure_ascii=False),
                        numero,
                    ),
                )

    # -- invoices ------------------------------------------------------------------------------------

    LIGHT = (
        "id, numero, supplier_id, supplier_service_id, buyer_id, service_id, flux, syntax, mode_depot, type_facture, "
        "cadre, date_facture, date_depot, devise, montant_ht, montant_tva, montant_ttc, montant_a_payer, bon_commande, "
        "marche, facture_origine, statut, statut_at, statut_comment, telechargee, rejet_traite, mandat, recycled, "
        "scenario, user_id"
    )

    def invoices(self, where: str, params: Sequence[Any]) -> list[Row]:
        """Invoices without their data and document (what a search needs)."""
        return self.query(f"SELECT {self.LIGHT} FROM invoices WHERE {where}", params)

    def invoice_light(self, invoice_id: int) -> Row | None:
        """An invoice without its data and document (what a status change needs)."""
        return self.one(f"SELECT {self.LIGHT} FROM invoices WHERE id = ?", (invoice_id,))

    def invoice(self, invoice_id: int) -> Row | None:
        row = self.one("SELECT * FROM invoices WHERE id = ?", (invoice_id,))
        if row is not None:
            row["data"] = json.loads(row["data"])
        return row

    def invoice_number_used(self, supplier_id: int, numero: str) -> bool:
        return (
            self.scalar("SELECT 1 FROM invoices WHERE supplier_id = ? AND numero = ? LIMIT 1", (supplier_id, numero))
            is not None
        )

    def insert_invoice(self, row: Row) -> None:
        row = dict(row)
        row["data"] = json.dumps(row.get("data") or {}, ensure_ascii=False)
        columns = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        self.execute(f"INSERT INTO invoices ({columns}) VALUES ({marks})", list(row.values()))

    def update_invoice(self, invoice_id: int, **values: Any) -> None:
        if "data" in values:
            values["data"] = json.dumps(values["data"], ensure_ascii=False)
        assignments = ", ".join(f"{name} = ?" for name in values)
        self.execute(f"UPDATE invoices SET {assignments} WHERE id = ?", [*values.values(), invoice_id])

    def add_history(
        self, invoice_id: int, kind: str, code: str, at: float, comment: str | None = None, user_id: int | None = None
    ) -> None:
        self.execute(
            "INSERT INTO history (invoice_id, kind, code, at, comment, user_id) VALUES (?, ?, ?, ?, ?, ?)",
            (invoice_id, kind, code, at, comment, user_id),
        )

    def history(self, invoice_id: int, kind: str) -> list[Row]:
        return self.query("SELECT * FROM history WHERE invoice_id = ? AND kind = ? ORDER BY at, id", (invoice_id, kind))

    # -- attachments ---------------------------------------------------------------------------------

    def add_attachment(self, user_id: int, nom: str, mime: str, extension: str, content: bytes, at: float) -> int:
        attachment_id = self.new_attachment_id()
        self.execute(
            "INSERT INTO attachments VALUES (?, ?, ?, ?, ?, ?, ?)",
            (attachment_id, user_id, nom, mime, extension, content, at),
        )
        return attachment_id

    def attachment(self, attachment_id: int) -> Row | None:
        return self.one("SELECT * FROM attachments WHERE id = ?", (attachment_id,))

    def link_attachment(
        self, invoice_id: int, attachment_id: int, role: str, designation: str, type_code: str, ligne: int | None
    ) -> None:
        self.execute(
            "INSERT INTO invoice_attachments VALUES (?, ?, ?, ?, ?, ?)",
            (invoice_id, attachment_id, role, designation, type_code, ligne),
        )

    def invoice_attachments(self, invoice_id: int) -> list[Row]:
        return self.query(
            "SELECT l.*, a.nom, a.mime, a.extension, a.content FROM invoice_attachments l "
            "JOIN attachments a ON a.id = l.attachment_id WHERE l.invoice_id = ? ORDER BY l.rowid",
            (invoice_id,),
        )
