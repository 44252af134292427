"""Command line: thin commands over the pipeline, by group; only here do errors become messages and exit codes."""

from pipeline.cli import clips, info, loop, making, serve, trust, words  # noqa: F401  (each registers its commands)
from pipeline.cli.base import main

__all__ = ["main"]
