"""Indicators per knelpunt over the store: each defined once, read by dashboard, report and API."""
