"""One module per command (group). Each module defines `register(app)`; the CLI finds them all."""
