"""``python -m generator``: the command line (``adapters/cli.py``)."""

import signal

from generator.adapters.cli import main

# `python -m generator import ... --dry-run | head` ends quietly, like other command-line tools
if hasattr(signal, "SIGPIPE"):
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)

raise SystemExit(main())
