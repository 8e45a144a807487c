"""Run a command and report its own peak resident memory: ``python peak_rss.py REPORT -- CMD...``.

Linux carries ``ru_maxrss`` across fork and exec, so a child forked by a large bench process
would report the parent's peak when that was larger. This launcher is a fresh, small process:
the command it forks starts from its few megabytes, so the peak it reports is the command's.
The report (JSON: exit code, seconds, peak MiB) goes to REPORT; the command's output is its own.
"""

import json
import os
import signal
import subprocess
import sys
import time


def main() -> int:
    report, sep, *command = sys.argv[1:]
    if sep != "--" or not command:
        print("usage: peak_rss.py REPORT -- CMD...", file=sys.stderr)
        return 2
    start = time.perf_counter()
    child = subprocess.Popen(command)
    # Stopping the launcher stops the command (the bench's time limit).
    signal.signal(signal.SIGTERM, lambda *_: child.kill())
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    with open(report, "w", encoding="utf-8") as f:
        json.dump({"exit": code, "seconds": seconds, "peak_mb": usage.ru_maxrss / 1024}, f)
    return code


if __name__ == "__main__":
    sys.exit(main())
