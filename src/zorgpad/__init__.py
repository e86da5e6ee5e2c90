"""zorgpad: a Dutch youth-care region's product structure as software."""

__version__ = "0.1.0"
