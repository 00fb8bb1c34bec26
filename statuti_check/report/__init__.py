"""Renderings of reports: one module per output format."""
