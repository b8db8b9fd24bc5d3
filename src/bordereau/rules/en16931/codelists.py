"""Code list rules BR-CL-*."""
