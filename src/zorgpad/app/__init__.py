"""Thin shells over the library: the command line, the web dashboard and the HTTP API."""
