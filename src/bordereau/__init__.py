"""bordereau: an open e-invoicing gateway for France's public sector."""

__version__ = "0.1.0"
