"""``sitroom serve``: the REST API and the dashboard, run with uvicorn."""

from __future__ import annotations

import socket
from typing import Annotated

import typer

from sitroom.cli.common import DbOption
from sitroom.errors import SitroomError


def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    read_token_required: Annotated[
        bool,
        typer.Option(
            help="Require the bearer token (SITROOM_TOKEN) for reading too, API and dashboard."
        ),
    ] = False,
    allow_private_fetch: Annotated[
        bool,
        typer.Option(
            help="Let POST /api/ingest fetch URLs on private, loopback and link-local addresses."
        ),
    ] = False,
) -> None:
    """Serve the REST API (/api, schema at /openapi.json) and the dashboard (/).

    POST /api/ingest needs a bearer token: set SITROOM_TOKEN (without it, ingestion through the
    API is off). Reading is public unless --read-token-required or SITROOM_READ_TOKEN_REQUIRED=1.
    """
    try:
        listening = listen(host, port)
    except SitroomError as exc:
        typer.echo(f"sitroom: {exc}", err=True)
        raise typer.Exit(2) from None
    serve_on(
        listening, db, public_read=not read_token_required, allow_private_fetch=allow_private_fetch
    )


def serve_on(
    listening: socket.socket,
    db: str | None,
    *,
    public_read: bool = True,
    allow_private_fetch: bool = False,
) -> None:
    """Serve the API and the dashboard over ``db`` on a socket from :func:`listen` until
    Ctrl-C (``sitroom demo`` binds first, so a taken port is reported before it ingests)."""
    import uvicorn

    from sitroom.web.api import create_app

    try:
        app = create_app(db, public_read=public_read, allow_private_fetch=allow_private_fetch)
    except SitroomError as exc:
        listening.close()
        typer.echo(f"sitroom: {exc}", err=True)
        raise typer.Exit(2) from None
    host, port = listening.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    typer.echo(f"dashboard: http://{shown}:{port}/ (API under /api; Ctrl-C to stop)", err=True)
    uvicorn.Server(uvicorn.Config(app, log_level="info")).run(sockets=[listening])


def listen(host: str, port: int) -> socket.socket:
    """A listening socket, or a clear error when the address is taken or not this machine's
    (uvicorn would log a traceback-like error and exit)."""
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
        listening = socket.socket(family, socket.SOCK_STREAM)
    except OSError as exc:
        raise SitroomError(f"cannot listen on {host}:{port} ({exc.strerror or exc})") from None
    try:
        listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listening.bind((host, port))
        listening.listen(2048)
    except OSError as exc:
        listening.close()
        raise SitroomError(
            f"cannot listen on {host}:{port} ({exc.strerror or exc}); choose another --port"
        ) from None
    return listening
