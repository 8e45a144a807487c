"""SIGTERM and SIGHUP stop a command the way Ctrl-C does: the exception unwinds through the
output files, which then leave nothing partial behind."""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator


class Terminated(BaseException):
    """SIGTERM or SIGHUP arrived: unwinds like Ctrl-C, so that no partial output is left."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _terminate(signum: int, frame: object) -> None:
    raise Terminated(signum)


#: Signals that stop a run the way Ctrl-C does: what `timeout`, systemd, container runtimes
#: and CI runners send (SIGTERM), and a closed terminal (SIGHUP).
STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


@contextlib.contextmanager
def stop_signals_raise() -> Iterator[None]:
    """Turns the stop signals into an exception for the length of a command (the main thread
    only: Python delivers signals there), and puts the previous handlers back."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {s: signal.signal(s, _terminate) for s in STOP_SIGNALS}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
