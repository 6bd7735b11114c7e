"""Typer commands, one module per group; importing them registers them on the app."""

from zygj.commands import export_cmds, plan_cmds, progress_cmds  # noqa: F401
