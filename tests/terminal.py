"""Running the command line as a person at a terminal sees it: stdout and
stderr on a pseudo-terminal, so that progress bars and pagers behave as there."""
from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

CLAIMLEDGER = str(Path(sys.executable).with_name("claimledger"))


def run_on_a_terminal(*args: str, columns: int = 120) -> tuple[int, str]:
    """(exit code, what the terminal showed) of `claimledger ARGS`."""
    controller, terminal = pty.openpty()
    process = subprocess.Popen([CLAIMLEDGER, *args], stdin=terminal, stdout=terminal, stderr=terminal,
                               env={**os.environ, "COLUMNS": str(columns), "TERM": "xterm"})
    os.close(terminal)
    shown = b""
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # EIO: the terminal closed with the process
            break
        if not chunk:
            break
        shown += chunk
    os.close(controller)
    return process.wait(timeout=120), shown.decode("utf-8", "replace")
