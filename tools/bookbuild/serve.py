"""``make serve``: the built book on a local port, compressed where the browser accepts it.

Python's ``http.server`` sends every file as it is on disk. The build writes a Brotli and a gzip
twin beside each text file (``bookbuild.sphinx.weight``); this handler sends the Brotli twin to a
client that accepts ``br``, else the gzip twin to one that accepts gzip (each marked with its
``Content-Encoding``), and the plain file otherwise.
"""

from __future__ import annotations

import argparse
import contextlib
import email.utils
import functools
import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

# Content codings in the order the server prefers them, with the suffix of their twins.
TWINS = (("br", ".br"), ("gzip", ".gz"))


def accepts(header: str | None, coding: str) -> bool:
    """True when an Accept-Encoding header admits ``coding`` (named, or ``*``, without ``q=0``)."""
    for item in (header or "").split(","):
        name, _, params = item.partition(";")
        if name.strip().lower() in {coding, "*"}:
            quality = params.strip().lower()
            try:
                return not quality.startswith("q=") or float(quality[2:]) > 0
            except ValueError:
                return False
    return False


class PrecompressedHandler(http.server.SimpleHTTPRequestHandler):
    """Serves ``FILE.br`` or ``FILE.gz`` in place of ``FILE`` to clients that accept that coding
    (when ``compressed``)."""

    compressed = True
    # Keep connections open between requests, as any real web server does: over HTTP/1.0 each of a
    # page's two dozen files would pay a new connection's round trip (150 ms on a slow phone link).
    protocol_version = "HTTP/1.1"

    def _twin(self, path: Path) -> tuple[str, Path] | None:
        header = self.headers.get("Accept-Encoding")
        for coding, suffix in TWINS if self.compressed and path.is_file() else ():
            twin = path.with_name(path.name + suffix)
            if twin.is_file() and accepts(header, coding):
                return coding, twin
        return None

    def send_head(self) -> BinaryIO | None:  # type: ignore[override]
        path = Path(self.translate_path(self.path))
        found = self._twin(path)
        if found is None:
            return super().send_head()
        coding, twin = found
        body = twin.open("rb")
        self.send_response(http.HTTPStatus.OK)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", coding)
        self.send_header("Content-Length", str(os.fstat(body.fileno()).st_size))
        self.send_header("Last-Modified", email.utils.formatdate(path.stat().st_mtime, usegmt=True))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return body


class _Quiet(PrecompressedHandler):
    def log_message(self, *args: object) -> None:
        pass


class _QuietPlain(_Quiet):
    compressed = False


@contextlib.contextmanager
def serving(directory: Path, *, compressed: bool = True) -> Iterator[str]:
    """A built site on a free loopback port, for a test or the benchmark: yields its base URL.
    With ``compressed=False`` every file is sent as it is on disk, as a plain static host would."""
    handler = functools.partial(_Quiet if compressed else _QuietPlain, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--bind", default="127.0.0.1")
    parser.add_argument("--directory", default="_build/html")
    args = parser.parse_args()
    if not (Path(args.directory) / "index.html").is_file():
        parser.exit(1, f"No built book in {args.directory}: run `make book` first.\n")
    handler = functools.partial(PrecompressedHandler, directory=args.directory)
    with http.server.ThreadingHTTPServer((args.bind, args.port), handler) as server:
        print(f"Serving {args.directory} on http://{args.bind}:{args.port} (Ctrl-C stops)")
        with contextlib.suppress(KeyboardInterrupt):
            server.serve_forever()


if __name__ == "__main__":
    main()
