"""UN/CEFACT CII D16B (placeholder until the reader and writer land)."""
