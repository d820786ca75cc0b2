"""``newsweave serve``: the web UI and JSON API over a store, with uvicorn."""

from __future__ import annotations

import ipaddress

import click

from newsweave.cli import cli
from newsweave.web.app import LOCAL_HOSTS


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@cli.command("serve")
@click.option("--db", default="newsweave.db", show_default=True, help="Store file (SQLite).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind; loopback unless told otherwise.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--allow-host", multiple=True, help="Extra Host header to answer (when binding beyond loopback).")
def serve_cmd(db: str, host: str, port: int, allow_host: tuple[str, ...]) -> None:
    """Browse a store: stories, timelines, articles with their claims, entities, search; JSON under /api."""
    import uvicorn

    from newsweave.web.app import create_app

    hosts = list(LOCAL_HOSTS) + list(allow_host)
    if not _is_loopback(host):
        click.echo(f"warning: serving on {host}, reachable from other machines (read-only).", err=True)
        hosts += [host] if host not in {"0.0.0.0", "::"} else ["*"]
    app = create_app(db, read_only=True, allowed_hosts=hosts)
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"newsweave: serving {db} at http://{shown}:{port}/ (Ctrl-C stops)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)
