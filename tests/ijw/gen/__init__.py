"""Hypothesis strategies for valid iJw 3.2 messages, one module per message family (see `strategies`)."""
