"""One module per command (a command and its subcommand share one), each named after it;
they import from zygj.cli.app and never from each other."""
