"""UBL binding rules: UBL-CR-* (elements not used), UBL-SR-* (cardinality), UBL-DT-* (data types)."""
