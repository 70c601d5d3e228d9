"""One module per `outcomes` subcommand: `configure(parser)` and `run(args) -> int`."""
