"""Chorus Pro's own checks (BR-CPRO-*), which no schematron publishes: what makes the platform refuse or misroute
an invoice. The ids are bordereau's, stable, and listed in ``docs/chorus-rules.md``."""

from . import attachments, parties, payment, references  # noqa: F401  (importing registers the rules)
from .directory import DirectoryEntry, Service

__all__ = ["DirectoryEntry", "Service"]
