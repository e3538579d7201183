#!/usr/bin/env python3
"""Runs a command on a pseudo-terminal, as a person at a shell would, and types answers.

Usage: type_at.py ANSWER... -- COMMAND ARG...

Each time the command writes a prompt (text ending in ': ' after the previous answer),
the next ANSWER is typed followed by Enter (an ANSWER of '^C' types Ctrl-C instead).
Everything the terminal showed is written to stdout (so a test can check that nothing
typed was echoed); the exit status is the command's.
"""
import os
import pty
import select
import sys
import time


def main() -> int:
    split = sys.argv.index("--")
    answers = sys.argv[1:split]
    command = sys.argv[split + 1:]
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(command[0], command)
    shown = b""
    pending = b""
    deadline = time.monotonic() + 120
    while True:
        if time.monotonic() > deadline:
            os.kill(pid, 9)
            sys.stderr.write("type_at.py: the command did not finish in 120 s\n")
            break
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:  # the command closed the terminal (it exited)
                break
            if not chunk:
                break
            shown += chunk
            pending += chunk
        if answers and pending.rstrip(b" ").endswith(b":"):
            answer = answers.pop(0)
            pending = b""
            os.write(fd, b"\x03" if answer == "^C" else answer.encode() + b"\r")
    _, status = os.waitpid(pid, 0)
    sys.stdout.buffer.write(shown)
    return os.waitstatus_to_exitcode(status)


if __name__ == "__main__":
    sys.exit(main())
