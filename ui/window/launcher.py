"""Entry point of the ``rocks`` script.

Kept free of Qt imports: ``rocks check`` and the other CLI commands go
straight to planner.cli.main, so they start fast and work with no display. Only
``rocks`` (no arguments), ``rocks open [FILE]`` and ``rocks FILE.rocks.json``
load Qt and start the desktop app.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping

# Every command of planner.cli.main's parser but "open" (tests/ui/test_launcher_commands.py keeps the two in step):
# a command name always reaches the CLI, which prints its usage when arguments are missing.
CLI_COMMANDS = {
    "new", "templates", "import", "check", "summary", "diff", "hire", "next", "timeline", "scenarios", "team",
    "rock", "export", "report", "-h", "--help",
}  # fmt: skip
EXIT_NO_DISPLAY = 2
# Qt platform plugins that draw without a window system (QT_QPA_PLATFORM may list fallbacks: "wayland;xcb").
HEADLESS_PLATFORMS = {"offscreen", "minimal", "minimalegl", "vnc", "eglfs", "linuxfb", "vkkhrdisplay", "bsdfb"}
NO_DISPLAY = (
    "rocks: no display to open the app on (DISPLAY and WAYLAND_DISPLAY are not set); "
    "without one, use `rocks check FILE`, `rocks summary FILE` or `rocks import --people SHEET -o FILE` "
    "(or set QT_QPA_PLATFORM=offscreen)"
)


def display_problem(environ: Mapping[str, str] | None = None, platform: str | None = None) -> str:
    """Why Qt could not open a window here ('' if it can): checked before Qt loads, since Qt aborts with a core dump."""
    env = os.environ if environ is None else environ
    plat = sys.platform if platform is None else platform
    if plat.startswith(("win", "darwin", "cygwin", "msys")):
        return ""  # a native window system is always there
    wanted = [n.split(":")[0].strip().lower() for n in env.get("QT_QPA_PLATFORM", "").split(";")]
    if any(n in HEADLESS_PLATFORMS for n in wanted):
        return ""
    if env.get("DISPLAY") or env.get("WAYLAND_DISPLAY") or env.get("WAYLAND_SOCKET"):
        return ""
    runtime = env.get("XDG_RUNTIME_DIR")
    if runtime and os.path.exists(os.path.join(runtime, "wayland-0")):
        return ""  # Wayland's default socket: Qt finds it without WAYLAND_DISPLAY
    return NO_DISPLAY


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in ("export", "report"):
        from ui.export import install  # lends the Qt chart / pack writers; Qt loads only when one is drawn

        install()
    if args and args[0] in CLI_COMMANDS:
        from planner.cli.main import main as cli_main

        return cli_main(args)
    if args and args[0] == "open":
        args = args[1:]
    if len(args) > 1 or (args and args[0].startswith("-")):
        from planner.cli.main import main as cli_main

        return cli_main(args)  # argparse explains the mistake
    problem = display_problem()
    if problem:
        print(problem, file=sys.stderr)
        return EXIT_NO_DISPLAY
    from ui.window.app import run

    return run(args[0] if args else None)


if __name__ == "__main__":
    sys.exit(main())
