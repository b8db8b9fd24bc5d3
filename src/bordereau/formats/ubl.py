"""UBL 2.1 Invoice and CreditNote (placeholder until the reader and writer land)."""
