"""Errors that the command line turns into a one-line message and exit code 2."""


class InputError(Exception):
    """Bad input or usage: the message names the file, line or field and the problem."""

    def __init__(self, message: str, *, where: str | None = None):
        self.where = where
        super().__init__(f"{where}: {message}" if where else message)
