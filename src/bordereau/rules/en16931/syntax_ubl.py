"""UBL binding rules: UBL-CR-* (elements not used), UBL-SR-* (cardinality), UBL-DT-* (data types).

They check the raw UBL document (Invoice or CreditNote), not the model: what the model cannot hold is exactly
what they are about. The rules are data (:mod:`.syntax_ubl_table`, :mod:`.syntax_ubl_unused`,
:mod:`.syntax_ubl_unused_more`); :mod:`.syntax_common` runs them all in one walk over the document.
"""

from __future__ import annotations

from .syntax_common import FATAL, Program, Spec, counted, unused_messages, unused_table
from .syntax_ubl_table import CONTEXTS, DATA_TYPES, FILTERS, SPECS
from .syntax_ubl_unused import DOCUMENT
from .syntax_ubl_unused_more import REST

PROGRAM = Program(CONTEXTS, [*unused_table(DOCUMENT), *unused_table(REST), *unused_table(DATA_TYPES), *SPECS], FILTERS)


def _messages(spec: Spec) -> tuple[str, str]:
    if spec.kind == "unused":
        return unused_messages(PROGRAM.display(spec), "UBL", spec.severity == FATAL)
    if spec.kind == "custom":
        return spec.en, spec.fr
    return counted(spec.en, spec.fr, spec.kind, spec.n)


PROGRAM.register("ubl", _messages)
