"""Writing output files all-or-nothing: a temporary file beside the target, renamed at the end."""
import os
import sys
import tempfile
from pathlib import Path

from .errors import InputError


def write_atomic(path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file in the same folder, so a failure leaves
    nothing half-written (and an existing file as it was).

    A symbolic link is written through (its target is replaced, the link stays); a FIFO, a
    terminal or another device is written to directly, since there is nothing to replace.
    An existing file keeps its permissions."""
    target = Path(os.path.realpath(path)) if os.path.lexists(path) else Path(path)
    if target.is_dir():
        raise InputError("is a folder, not a file", where=str(path))
    if target.exists() and not target.is_file():
        return _write_through(target, data, path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise InputError("folder does not exist", where=str(folder))
    mode = (target.stat().st_mode & 0o7777) if target.exists() else 0o666 & ~_umask()
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:  # a folder we may not write in
        raise InputError(exc.strerror or str(exc), where=str(path)) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, mode)   # mkstemp makes it private; the target gets normal permissions
        os.replace(tmp, target)
    except OSError as exc:  # disk full, permission denied: a one-line error, not a traceback
        Path(tmp).unlink(missing_ok=True)
        raise InputError(exc.strerror or str(exc), where=str(path)) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def refuse_input(output, inputs) -> None:
    """Refuse an output file that is one of the inputs: it would be replaced by what was read
    from it (``profile in.ttl -o in.ttl``), and the input lost."""
    if not output or not os.path.exists(output):
        return
    for path in inputs:
        try:
            same = os.path.exists(path) and os.path.samefile(output, path)
        except OSError:
            same = False
        if same:
            named = "" if str(path) == str(output) else f" ({path})"
            raise InputError(f"is also an input{named}; write to another file", where=str(output))


def _write_through(target: Path, data: bytes, named) -> None:
    try:
        with open(target, "wb") as handle:
            handle.write(data)
    except OSError as exc:
        raise InputError(exc.strerror or str(exc), where=str(named)) from None


def to_stdout(data) -> None:
    """Write text or bytes to standard output and flush, so that a full disk or a closed
    device is a one-line error here and not a traceback when the interpreter exits."""
    try:
        if isinstance(data, bytes):
            sys.stdout.buffer.write(data)
        else:
            sys.stdout.write(data)
        sys.stdout.flush()
    except BrokenPipeError:   # the reader stopped (``| head``): not an error
        raise
    except OSError as exc:
        raise InputError(f"cannot write the output: {exc.strerror or exc}", where="standard output") from None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def json_text(data) -> str:
    """JSON with one record per line under each top-level key.

    ``json.dumps(indent=…)`` falls back to the pure-Python encoder, ten times slower than the
    C one on a national profile (seconds); this layout keeps the C encoder and stays easy to
    read and to diff. The result parses to exactly ``data``.
    """
    import json

    def dumps(value):
        return json.dumps(value, ensure_ascii=False)

    def field(key, value):
        if isinstance(value, list) and value:
            items = ",\n".join(f"    {dumps(item)}" for item in value)
            return f"  {dumps(key)}: [\n{items}\n  ]"
        return f"  {dumps(key)}: {dumps(value)}"

    if not isinstance(data, dict) or not data:
        return dumps(data) + "\n"
    return "{\n" + ",\n".join(field(k, v) for k, v in data.items()) + "\n}\n"
