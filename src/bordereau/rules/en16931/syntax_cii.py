"""CII binding rules: CII-SR-* (elements not used, cardinality), CII-DT-* (data types).

They check the raw CII document, not the model: what the model cannot hold is exactly what they are about. The
rules are data (:mod:`.syntax_cii_table`, :mod:`.syntax_cii_unused`); :mod:`.syntax_common` runs them all in one
walk over the document.
"""

from __future__ import annotations

from .syntax_cii_table import CONTEXTS, FILTERS, SPECS
from .syntax_cii_unused import AGREEMENT, DATA_TYPES, HEADER, LINES, SETTLEMENT
from .syntax_common import FATAL, Program, Spec, counted, unused_messages, unused_table

PROGRAM = Program(
    CONTEXTS,
    [*(s for table in (HEADER, LINES, AGREEMENT, SETTLEMENT, DATA_TYPES) for s in unused_table(table)), *SPECS],
    FILTERS,
)


def _messages(spec: Spec) -> tuple[str, str]:
    if spec.kind == "unused":
        return unused_messages(PROGRAM.display(spec), "CII", spec.severity == FATAL)
    if spec.kind == "custom":
        return spec.en, spec.fr
    return counted(spec.en, spec.fr, spec.kind, spec.n)


PROGRAM.register("cii", _messages)
