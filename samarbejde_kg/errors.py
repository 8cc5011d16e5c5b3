"""Errors that the command line turns into a one-line message and exit code 2."""
import re

LONGEST = 600   # characters of a message; a parser that quotes the input could print a whole file


class InputError(Exception):
    """Bad input or usage: the message names the file, line or field and the problem, in one
    line (a message that quotes the input is cut short)."""

    def __init__(self, message: str, *, where: str | None = None):
        self.where, self.detail = where, one_line(message)
        super().__init__(one_line(f"{where}: {message}" if where else message))


def one_line(text: str, longest: int = LONGEST) -> str:
    """``text`` on one line (a line break and the spaces around it become one space), cut at ``longest``."""
    text = re.sub(r"\s*[\r\n]+\s*", " ", text).strip()
    return text if len(text) <= longest else text[:longest - 1].rstrip() + "…"
