"""Decimal rules BR-DEC-*: amounts with at most two decimals."""
