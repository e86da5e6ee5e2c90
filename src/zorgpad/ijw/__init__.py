"""The iJw 3.2 national message standard: schemas, code lists, messages, reading, writing, validation.

Knows nothing of catalogues, stores or screens.
"""
