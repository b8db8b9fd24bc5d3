"""CII binding rules: CII-SR-* (elements not used, cardinality), CII-DT-* (data types)."""
