"""Chorus Pro over its API (through the PISTE gateway), and the sandbox, as a :class:`bordereau.platform.Platform`.

Two levels:

* :class:`ChorusClient`: the API as it is, one typed method per operation (``deposer_flux``,
  ``consulter_cr_detaille``, ``rechercher_factures_fournisseur`` …) with the request and answer models of
  :mod:`bordereau.chorus.models`; the PISTE token, the ``cpro-account`` header, retries and errors.
* :class:`ChorusPlatform`: the business operations of :class:`bordereau.platform.Platform` built on it.

:func:`open_platform` builds the one the configuration names::

    from bordereau.chorus import open_platform

    with open_platform() as platform:  # no configuration: the sandbox, in process
        receipt = platform.deposit(ubl_bytes, "FA-1.xml", "ubl")
"""

from __future__ import annotations

from .client import ChorusClient, Operation
from .connect import PRODUCTION, QUALIFICATION, Endpoints, SandboxControls, endpoints, open_platform, sandbox_endpoints
from .embedded import ThreadedASGITransport
from .platform import FLUX_SYNTAXES, ChorusPlatform, flux_syntax
from .retry import RetryPolicy

__all__ = [
    "FLUX_SYNTAXES",
    "PRODUCTION",
    "QUALIFICATION",
    "ChorusClient",
    "ChorusPlatform",
    "Endpoints",
    "Operation",
    "RetryPolicy",
    "SandboxControls",
    "ThreadedASGITransport",
    "endpoints",
    "flux_syntax",
    "open_platform",
    "sandbox_endpoints",
]
