"""One module per command verb: ``HELP``, ``add_arguments(parser)`` and ``main(args) -> exit code``."""
