"""Entry point of the ``rocks`` script.

Kept free of Qt imports: ``rocks check`` and the other CLI commands go
straight to planner.cli, so they start fast and work with no display. Only
``rocks`` (no arguments), ``rocks open [FILE]`` and ``rocks FILE.rocks.json``
load Qt and start the desktop app.
"""

from __future__ import annotations

import sys

CLI_COMMANDS = {"new", "templates", "import", "check", "summary", "-h", "--help"}


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in CLI_COMMANDS:
        from planner.cli import main as cli_main

        return cli_main(args)
    if args and args[0] == "open":
        args = args[1:]
    if len(args) > 1 or (args and args[0].startswith("-")):
        from planner.cli import main as cli_main

        return cli_main(args)  # argparse explains the mistake
    from ui.app import run

    return run(args[0] if args else None)


if __name__ == "__main__":
    sys.exit(main())
