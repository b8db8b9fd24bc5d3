"""Calculation and consistency rules BR-CO-*."""
