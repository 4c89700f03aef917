#!/usr/bin/env python3
"""pyref.py — runs a .lines file under CPython with the output contract of the `ferry` REPL.

Usage: pyref.py FILE

Each line that is not blank and not a comment runs on its own, in one shared namespace,
compiled in 'single' mode (the interactive mode, in which several statements separated
by ';' are one line):
  - an expression statement whose value is not None prints repr(value) on a line;
  - a line that raises prints 'Name: message', or just 'Name' when str(exc) is empty,
    and the run goes on with the next line;
  - a line that does not compile prints 'SyntaxError: ...'.
The exit status is 1 if any line raised or did not compile, else 0.
"""
import sys


def display(value):
    """sys.displayhook without the side effect of binding `_`."""
    if value is not None:
        sys.stdout.write(repr(value) + "\n")


def exception_line(exc):
    name = type(exc).__name__
    try:
        message = str(exc)
    except BaseException:
        message = "<exception str() failed>"
    return f"{name}: {message}" if message else name


def run(path):
    namespace = {"__name__": "__main__"}
    raised = False
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\r\n")
            text = line.strip(" \t\f")
            if not text or text.startswith("#"):
                continue
            try:
                code = compile(line, "<line>", "single")
            except (SyntaxError, ValueError) as exc:
                # ValueError: 3.11 reports NUL bytes in source that way
                print(f"SyntaxError: {exc}")
                raised = True
                continue
            except Exception as exc:
                # RecursionError, MemoryError: nesting too deep for the compiler
                print(exception_line(exc))
                raised = True
                continue
            try:
                exec(code, namespace)
            except BaseException as exc:
                print(exception_line(exc))
                raised = True
            sys.stdout.flush()
    return raised


def main():
    if len(sys.argv) != 2:
        print("usage: pyref.py FILE", file=sys.stderr)
        return 2
    sys.stdout.reconfigure(encoding="utf-8")
    sys.displayhook = display
    try:
        raised = run(sys.argv[1])
    except OSError as exc:
        print(f"pyref.py: {exc}", file=sys.stderr)
        return 2
    sys.stdout.flush()
    return 1 if raised else 0


if __name__ == "__main__":
    sys.exit(main())
