"""One module per command verb; each has ``main(args) -> exit code``."""
