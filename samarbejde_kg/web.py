"""The little HTTP the server needs: a request read from a WSGI environ, and a response.

Kept free of any web framework: the server is a plain WSGI application (PEP 3333), so it runs
under the standard library's server for ``samarbejde serve`` and under any WSGI server in
production.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from http import HTTPStatus
from urllib.parse import parse_qs, quote

MAX_BODY = 4 * 1024 * 1024   # a query or a form larger than this is refused (413)


class HTTPError(Exception):
    """An error answered with its status and a one-line plain-text message."""

    def __init__(self, status: int, message: str, headers: dict | None = None):
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers or {}


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
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            raise HTTPError(400, "Content-Length is not a number") from None
        if length > MAX_BODY:
            raise HTTPError(413, f"request body of {length} bytes is larger than {MAX_BODY}")
        body = environ["wsgi.input"].read(length) if length > 0 else b""
        raw_path = environ.get("PATH_INFO") or "/"
        # WSGI gives the path as latin-1 decoded bytes; the IRIs we publish are UTF-8
        path = raw_path.encode("latin-1").decode("utf-8", "replace")
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


def parse_query_string(raw: str) -> dict[str, list[str]]:
    """The parameters of a query string, which must be UTF-8 (percent-encoded or not): a
    query read with its bad bytes replaced would run, silently, as a different query."""
    try:
        raw = raw.encode("latin-1").decode("utf-8")   # WSGI gives the bytes as latin-1
    except UnicodeEncodeError:
        pass
    except UnicodeDecodeError:
        raise HTTPError(400, "the query string is not valid UTF-8 text") from None
    try:
        return parse_qs(raw, keep_blank_values=True, errors="strict")
    except UnicodeDecodeError:
        raise HTTPError(400, "the query string is not valid UTF-8 text") from None


@dataclass
class Response:
    status: int = 200
    body: bytes = b""
    content_type: str = "text/plain; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)

    def status_line(self) -> str:
        return f"{self.status} {HTTPStatus(self.status).phrase}"

    def header_list(self) -> list[tuple[str, str]]:
        out = [("Content-Type", self.content_type), ("Content-Length", str(len(self.body)))]
        return out + list(self.headers.items())


def content_type(media: str) -> str:
    """A Content-Type for a media type: text and JSON are written as UTF-8."""
    return media + ("; charset=utf-8" if media.startswith("text/") or media.endswith("json") else "")


def text(status: int, message: str, headers: dict | None = None) -> Response:
    return Response(status, (message.rstrip("\n") + "\n").encode("utf-8"), headers=headers or {})
