"""The program's entry point: the ``minref`` command, ``python -m minref`` and the frozen
app's launcher all start here.

Python's cyclic garbage collector is paused while the program starts.  Start-up creates
some hundred thousand objects that all live as long as the program (modules, classes,
Qt's enums, the first page's widgets), and none of them is garbage; the collector would
still walk them some sixty times before the window's first paint (about 10 ms of the
start-up, bench/bench_startup.py).  It is switched back on as soon as the work starts:
by :func:`minref.cli.main` once the command line is read (every sub-command, which may
create garbage at any rate, runs with it), and by the desktop app when its first page is
complete and the event loop is idle (:func:`minref.ui.app.run_gui`, which also switches
it on when the window closes or start-up fails).
"""

from __future__ import annotations

import gc
import logging

logger = logging.getLogger(__name__)


def main(argv: list[str] | None = None) -> int:
    gc.disable()
    try:
        from minref.cli import main as cli_main
    except BaseException:
        gc.enable()
        raise
    return cli_main(argv)
