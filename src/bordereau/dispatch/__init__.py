"""Dispatch: a supplier's invoices from ERP data to a paid invoice on Chorus Pro, tracked, exactly once.

The process, as the modules tell it:

* :mod:`.intake` takes a file in (read strictly, supplier found or registered, stored with its source);
* :mod:`.pipeline` carries each invoice, one step per local state: *accept* (``en16931`` + ``chorus`` rules and the
  buyer's directory entry, :mod:`.directory`), *render* (UBL, CII or Factur-X, :mod:`.documents`), *deposit*
  (exactly once), *follow the flux report* until integrated or rejected;
* :mod:`.tracking` follows the integrated invoices' statuses with one search per supplier per pass;
* :mod:`.worker` claims due invoices from the database with leases and runs all of it;
* :mod:`.service` holds what the interfaces call: send, status, sync, complete, re-address, directory lookup.

Typical use::

    from bordereau.dispatch import service

    d = service.open_dispatch()                       # store + platform from the configuration
    sent = service.take_in(d, [Path("FA-1.json")])    # stored, due for work
    service.carry(d, sent.ids, settle=True)           # validated, rendered, deposited, integrated
    service.close(d)
"""

from __future__ import annotations

from ..lazy import exports

# Loaded on first use, so that the CLI starts without SQLAlchemy when the command does not need it.
_EXPORTS = {
    "Change": "context",
    "Dispatch": "context",
    "DispatchOptions": "options",
    "Timing": "options",
    "NotAttached": "platforms",
    "Platforms": "platforms",
    "Stats": "worker",
    "Worker": "worker",
}


__getattr__ = exports(__name__, _EXPORTS)


__all__ = sorted(_EXPORTS)
