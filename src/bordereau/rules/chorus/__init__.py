"""Chorus Pro's own checks (BR-CPRO-*), which no schematron publishes."""
