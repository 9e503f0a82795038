"""Subcommands of the `backwell` command line, one module each."""
