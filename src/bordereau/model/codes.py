"""Code lists the model itself needs. The complete lists used by the rules live with the rules."""

from __future__ import annotations

# UNTDID 1001 codes that EN 16931 treats as credit notes (UBL writes them as a CreditNote document).
CREDIT_NOTE_TYPE_CODES = frozenset({"81", "83", "261", "262", "296", "308", "381", "396", "420", "458", "532"})

# UNTDID 1001 codes allowed for BT-3 (BR-CL-01).
INVOICE_TYPE_CODES = frozenset(
    [
        "71",
        "80",
        "81",
        "82",
        "83",
        "84",
        "102",
        "130",
        "202",
        "203",
        "204",
        "211",
        "218",
        "219",
        "261",
        "262",
        "295",
        "296",
        "308",
        "325",
        "326",
        "331",
        "380",
        "381",
        "382",
        "383",
        "384",
        "385",
        "386",
        "387",
        "388",
        "389",
        "390",
        "393",
        "394",
        "395",
        "396",
        "420",
        "456",
        "457",
        "458",
        "527",
        "532",
        "553",
        "575",
        "623",
        "633",
        "751",
        "780",
        "817",
        "870",
        "875",
        "876",
        "877",
        "935",
    ]
)

# UNTDID 5305 subset for VAT categories (BR-CL-17, BR-CL-18).
VAT_CATEGORY_CODES = frozenset({"S", "Z", "E", "AE", "K", "G", "O", "L", "M", "B"})

# VAT categories whose tax amount is zero by definition.
ZERO_TAX_CATEGORIES = frozenset({"Z", "E", "AE", "K", "G", "O"})

# UNTDID 4461 payment means: the ones a French supplier meets most (full list with the rules).
CREDIT_TRANSFER_MEANS = frozenset({"30", "58"})
DIRECT_DEBIT_MEANS = frozenset({"49", "59"})
CARD_MEANS = frozenset({"48", "54", "55"})

# BT-24 for a plain EN 16931 invoice.
EN16931_SPECIFICATION = "urn:cen.eu:en16931:2017"
