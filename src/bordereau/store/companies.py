"""Supplier companies: who sends, under which platform structure, with which credentials (by reference only)."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from .errors import DuplicateCompany, NotFound, StoreError
from .models import Company
from .states import OutputFormat
from .types import UNSET

# A credentials reference names an entry of the configuration or secrets file; it is not the secret.
CREDENTIALS_REF = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
SIRET = re.compile(r"[0-9]{14}")


def _check_ref(ref: str | None) -> str | None:
    if ref is not None and not CREDENTIALS_REF.fullmatch(ref):
        # The value is not echoed: if it is not a name, it might be the secret itself.
        raise StoreError(
            "credentials reference: a name of up to 64 letters, digits, '.', '_' or '-' pointing into the "
            "configuration (never the secret itself)"
        )
    return ref


def create_company(
    session: Session,
    *,
    siret: str,
    name: str,
    structure_id: int | None = None,
    credentials_ref: str | None = None,
    output_format: OutputFormat | str = OutputFormat.FACTURX,
) -> Company:
    """Register a supplier company (SIRET unique)."""
    if not SIRET.fullmatch(siret):
        raise StoreError(f"company SIRET {siret!r}: 14 digits expected")
    if not name.strip():
        raise StoreError(f"company {siret}: the name is empty")
    if session.scalar(select(Company.id).where(Company.siret == siret)) is not None:
        raise DuplicateCompany(f"a company with SIRET {siret} is already registered")
    company = Company(
        siret=siret,
        name=name.strip(),
        structure_id=structure_id,
        credentials_ref=_check_ref(credentials_ref),
        output_format=OutputFormat(output_format),
    )
    session.add(company)
    session.flush()
    return company


def get_company(session: Session, company_id: int) -> Company:
    """The company with this id, or ``NotFound``."""
    company = session.get(Company, company_id)
    if company is None:
        raise NotFound(f"no company with id {company_id}")
    return company


def find_company(session: Session, siret: str) -> Company | None:
    """The company with this SIRET, if registered."""
    return session.scalars(select(Company).where(Company.siret == siret)).one_or_none()


def list_companies(session: Session) -> list[Company]:
    """Every registered company, by SIRET."""
    return list(session.scalars(select(Company).order_by(Company.siret)))


def update_company(
    session: Session,
    company_id: int,
    *,
    name: str = UNSET,
    structure_id: int | None = UNSET,
    credentials_ref: str | None = UNSET,
    output_format: OutputFormat | str = UNSET,
) -> Company:
    """Change what is given, leave the rest."""
    company = get_company(session, company_id)
    if name is not UNSET:
        if not name.strip():
            raise StoreError(f"company {company.siret}: the name is empty")
        company.name = name.strip()
    if structure_id is not UNSET:
        company.structure_id = structure_id
    if credentials_ref is not UNSET:
        company.credentials_ref = _check_ref(credentials_ref)
    if output_format is not UNSET:
        company.output_format = OutputFormat(output_format)
    session.flush()
    return company
