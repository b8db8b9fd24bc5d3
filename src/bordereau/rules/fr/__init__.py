"""The French rules of the 2026 reform (BR-FR-*, FNFE-MPE France_RFE 1.4.0.x)."""
