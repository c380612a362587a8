"""ICIC Monitor: follows news about the International Center for Industrial Cooperation "Central Asia"."""

__version__ = "0.1.0"
