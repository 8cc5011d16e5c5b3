"""Writing output files all-or-nothing: a temporary file beside the target, renamed at the end."""
import os
import tempfile
from pathlib import Path

from .errors import InputError


def write_atomic(path, data: bytes) -> None:
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise InputError("folder does not exist", where=str(folder))
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, target)
    except OSError as exc:  # disk full, permission denied: a one-line error, not a traceback
        Path(tmp).unlink(missing_ok=True)
        raise InputError(exc.strerror or str(exc), where=str(target)) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
