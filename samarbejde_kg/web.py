"""The little HTTP the server needs: a request read from a WSGI environ (its path in IRI form,
a body sent in chunks decoded), and a response, whole or streamed (``Sink``).

Kept free of any web framework: the server is a plain WSGI application (PEP 3333), so it runs
under the standard library's server for ``samarbejde serve`` and under any WSGI server in
production.

Error messages are in ``pages/errors.tsv`` (Danish and English): a program gets the English
line, a page the reader's language.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache
from http import HTTPStatus
from pathlib import Path
from typing import Callable
from urllib.parse import parse_qs, quote, unquote, unquote_to_bytes, urlsplit

MAX_BODY = 4 * 1024 * 1024   # a query or a form larger than this is refused (413)
ERRORS = Path(__file__).resolve().parent / "pages" / "errors.tsv"
HOLD = 64 * 1024   # bytes of a streamed answer held back before anything is sent


@lru_cache(maxsize=1)
def messages() -> dict[str, dict[str, str]]:
    with open(ERRORS, encoding="utf-8", newline="") as handle:
        return {row["key"]: row for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)}


class HTTPError(Exception):
    """An error answered with its status and a one-line message, ``key`` in ``pages/errors.tsv``
    filled with ``args``."""

    def __init__(self, status: int, key: str, headers: dict | None = None, /, **args):
        self.status, self.key, self.values, self.headers = status, key, args, headers or {}
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return self.text("en")

    def text(self, lang: str) -> str:
        return messages()[self.key][lang].format(**self.values)


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes = b""
    scheme: str = "http"
    script_name: str = ""   # where the application is mounted (PEP 3333 SCRIPT_NAME)
    server: str = "localhost"

    @classmethod
    def from_environ(cls, environ) -> "Request":
        headers = {k[5:].replace("_", "-").lower(): v for k, v in environ.items() if k.startswith("HTTP_")}
        if environ.get("CONTENT_TYPE"):
            headers["content-type"] = environ["CONTENT_TYPE"]
        body = read_body(environ)
        path = request_path(environ)
        query = parse_query_string(environ.get("QUERY_STRING", ""))
        server = environ.get("SERVER_NAME", "localhost")
        port = str(environ.get("SERVER_PORT", ""))
        scheme = environ.get("wsgi.url_scheme", "http")
        if port and port != {"http": "80", "https": "443"}.get(scheme):
            server += f":{port}"
        mount = (environ.get("SCRIPT_NAME") or "").encode("latin-1").decode("utf-8", "replace").rstrip("/")
        return cls(environ.get("REQUEST_METHOD", "GET").upper(), path, query, headers, body, scheme, mount, server)

    @property
    def root(self) -> str:
        """The application's own URL, ending in a slash, as PEP 3333 reconstructs it: the
        scheme the WSGI server received (``wsgi.url_scheme``), the Host, the mount point.
        Proxy headers (X-Forwarded-Proto) are not trusted here: a WSGI server or middleware
        that knows its proxies sets ``wsgi.url_scheme`` from them."""
        return f"{self.scheme}://{self.headers.get('host') or self.server}{quote(self.script_name)}/"

    def param(self, name: str) -> str | None:
        values = self.query.get(name)
        return values[-1] if values else None

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def charset(self) -> str:
        for part in self.headers.get("content-type", "").split(";")[1:]:
            name, _, value = part.partition("=")
            if name.strip().lower() == "charset" and value.strip():
                return value.strip().strip('"')
        return "utf-8"


def read_body(environ) -> bytes:
    """The request body: ``Content-Length`` bytes, or, for a body sent in chunks, what the WSGI
    server decoded (``wsgi.input_terminated``: read to the end); a server that passes chunks on
    undecoded gets 411."""
    chunked = "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower()
    if chunked and not environ.get("CONTENT_LENGTH"):
        if not environ.get("wsgi.input_terminated"):
            raise HTTPError(411, "length_required")
        body = environ["wsgi.input"].read(MAX_BODY + 1)
        if len(body) > MAX_BODY:
            raise HTTPError(413, "body_too_large", length=f"more than {MAX_BODY}", limit=MAX_BODY)
        return body
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        raise HTTPError(400, "content_length") from None
    if length > MAX_BODY:
        raise HTTPError(413, "body_too_large", length=length, limit=MAX_BODY)
    return environ["wsgi.input"].read(length) if length > 0 else b""


_ESCAPES = re.compile(r"(?:%[0-9A-Fa-f]{2})+")
_UNRESERVED = re.compile(rb"[A-Za-z0-9._~-]")


def iri_form(text: str) -> str:
    """A URI (or a URI's path) as the IRI it stands for (RFC 3987 §3.2): escapes of UTF-8
    characters beyond ASCII and of unreserved ASCII are decoded; every other escape is part of
    the IRI (``a%20b`` stays ``a%20b``: a space cannot be in an IRI)."""
    def decode(m: re.Match) -> str:
        raw = unquote_to_bytes(m.group(0))
        out, i = [], 0
        while i < len(raw):
            byte = raw[i]
            if byte < 0x80:
                out.append(chr(byte) if _UNRESERVED.fullmatch(raw[i:i + 1]) else f"%{byte:02X}")
                i += 1
                continue
            width = 2 if byte >> 5 == 0b110 else 3 if byte >> 4 == 0b1110 else 4 if byte >> 3 == 0b11110 else 0
            try:
                out.append(raw[i:i + width].decode("utf-8") if width else "")
            except UnicodeDecodeError:
                width = 0
            if not width:   # not UTF-8: the escape stays
                out.append(f"%{byte:02X}")
                width = 1
            i += width
        return "".join(out)

    return _ESCAPES.sub(decode, text)


def request_path(environ) -> str:
    """The request's path in IRI form (:func:`iri_form`), from the path as the client sent it
    where the WSGI server gives it (``RAW_URI``, ``REQUEST_URI``): ``PATH_INFO`` has every
    escape decoded, so an IRI holding ``%20`` could not be told from one holding a space. The
    raw path is used only if it decodes to ``SCRIPT_NAME`` + ``PATH_INFO`` (nothing rewrote them)."""
    # WSGI gives the path as latin-1 decoded bytes; the IRIs we publish are UTF-8
    decoded = environ.get("PATH_INFO") or "/"
    for name in ("RAW_URI", "REQUEST_URI"):
        raw = (environ.get(name) or "").split("?", 1)[0]
        if "://" in raw:   # the absolute form a request to a proxy has
            raw = urlsplit(raw).path
        if raw and unquote(raw, encoding="latin-1") == (environ.get("SCRIPT_NAME") or "") + decoded:
            path = raw[_mount_length(raw, environ.get("SCRIPT_NAME") or ""):]
            return iri_form(path.encode("latin-1").decode("utf-8", "replace"))
    return decoded.encode("latin-1").decode("utf-8", "replace")


def _mount_length(raw: str, mount: str) -> int:
    """How many characters of the raw path spell the (decoded) mount point."""
    i = 0
    while i < len(raw) and unquote(raw[:i], encoding="latin-1") != mount:
        i += 3 if raw[i] == "%" else 1
    return i


def parse_query_string(raw: str) -> dict[str, list[str]]:
    """The parameters of a query string, which must be UTF-8 (percent-encoded or not): a
    query read with its bad bytes replaced would run, silently, as a different query."""
    try:
        raw = raw.encode("latin-1").decode("utf-8")   # WSGI gives the bytes as latin-1
    except UnicodeEncodeError:
        pass
    except UnicodeDecodeError:
        raise HTTPError(400, "query_string_not_utf8") from None
    try:
        return parse_qs(raw, keep_blank_values=True, errors="strict")
    except UnicodeDecodeError:
        raise HTTPError(400, "query_string_not_utf8") from None


@dataclass
class Response:
    status: int = 200
    body: bytes = b""
    content_type: str = "text/plain; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    # a body too large to hold: written to a binary writer as it is produced (no Content-Length)
    stream: Callable | None = None

    def status_line(self) -> str:
        return f"{self.status} {HTTPStatus(self.status).phrase}"

    def header_list(self) -> list[tuple[str, str]]:
        out = [("Content-Type", self.content_type)]
        if self.stream is None:
            out.append(("Content-Length", str(len(self.body))))
        return out + list(self.headers.items())


class Sink:
    """The writer a streamed answer is written to. The first ``HOLD`` bytes are held back: a
    short answer goes out whole with its Content-Length, and an error before then is answered
    with its own status instead (nothing has been sent)."""

    def __init__(self, start_response, response: Response, head: bool):
        self.start_response, self.response, self.head = start_response, response, head
        self.held, self.send = bytearray(), None

    @property
    def started(self) -> bool:
        return self.send is not None

    def write(self, data: bytes) -> int:
        """Take ``data``; the count returned is always all of it (Oxigraph relies on that)."""
        size = len(data)
        if self.send is None:
            self.held += data
            if len(self.held) < HOLD:
                return size
            self.send = self.start_response(self.response.status_line(), self.response.header_list())
            data, self.held = bytes(self.held), bytearray()
            if self.head:   # the headers now, without a length (a server would put 0 for a body never written)
                self.send(b"")
        if not self.head:
            self.send(data)
        return size

    def flush(self) -> None:
        pass

    def close(self) -> list[bytes]:
        """What is left to return to the WSGI server: all of a short answer, else nothing."""
        if self.send is not None:
            return []
        self.response.body, self.response.stream = bytes(self.held), None
        self.start_response(self.response.status_line(), self.response.header_list())
        return [b"" if self.head else self.response.body]


class Chunked:
    """A request body sent with ``Transfer-Encoding: chunked`` (RFC 9112 §7.1), decoded."""

    def __init__(self, raw):
        self.raw, self.left, self.done = raw, 0, False

    def read(self, size: int = -1) -> bytes:
        out = bytearray()
        while not self.done and (size < 0 or len(out) < size):
            if self.left == 0:
                line = self.raw.readline(1024)
                try:
                    self.left = int(line.split(b";")[0].strip(), 16)
                except ValueError:
                    raise HTTPError(400, "chunks") from None
                if self.left == 0:   # the last chunk; then trailer lines up to an empty one
                    while self.raw.readline(8192).strip():
                        pass
                    self.done = True
                    break
            data = self.raw.read(self.left if size < 0 else min(self.left, size - len(out)))
            if not data:
                raise HTTPError(400, "chunks")
            out += data
            self.left -= len(data)
            if self.left == 0:
                self.raw.readline(1024)   # the line end after the chunk
        return bytes(out)

    def close(self) -> None:
        """The connection's stream belongs to the server, which closes it."""

    def readline(self, size: int = -1) -> bytes:
        out = bytearray()
        while (size < 0 or len(out) < size) and not out.endswith(b"\n"):
            byte = self.read(1)
            if not byte:
                break
            out += byte
        return bytes(out)


def content_type(media: str) -> str:
    """A Content-Type for a media type: text and JSON are written as UTF-8."""
    return media + ("; charset=utf-8" if media.startswith("text/") or media.endswith("json") else "")


def text(status: int, message: str, headers: dict | None = None) -> Response:
    return Response(status, (message.rstrip("\n") + "\n").encode("utf-8"), headers=headers or {})
