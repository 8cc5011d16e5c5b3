"""A progress bar for long steps on a terminal; silent when output is not a terminal."""
import sys


class Progress:
    def __init__(self, label: str, total: int | None = None, stream=None):
        self.label, self.total, self.done = label, total, 0
        self.stream = stream or sys.stderr
        self.active = self.stream.isatty()

    def __enter__(self):
        return self

    def step(self, item=None, n: int = 1):
        self.done += n
        if self.active:
            what = getattr(item, "id", item) or ""
            total = f"/{self.total}" if self.total else ""
            self.stream.write(f"\r\033[K{self.label}: {self.done}{total} {what}")
            self.stream.flush()

    def __exit__(self, *exc):
        if self.active and self.done:
            self.stream.write("\r\033[K")
            self.stream.flush()
        return False
