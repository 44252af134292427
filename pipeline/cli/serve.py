"""The studio: the web app and HTTP API."""

from __future__ import annotations

from pathlib import Path

import click

from pipeline.cli.base import _fail, main
from pipeline.errors import InputError, OutputError


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to serve on; anything but localhost needs --token.")
@click.option("--port", type=int, default=8765, show_default=True)
@click.option("--out", "out_root", type=click.Path(path_type=Path), default=Path("outputs"), show_default=True,
              envvar="GENVIDEO_OUT", help="Output folder; jobs live in <out>/studio/.")
@click.option("--workers", type=click.IntRange(1, 8), default=1, show_default=True,
              help="Jobs rendered at the same time.")
@click.option("--token", default=None, envvar="GENVIDEO_STUDIO_TOKEN",
              help="Access token every page and API call must carry (required off localhost; 16+ random characters).")
@click.option("--max-queue", type=click.IntRange(1, 1000), default=20, show_default=True,
              help="Jobs and campaigns that may wait at once; more are refused (HTTP 429).")
@click.option("--max-variants", type=click.IntRange(1, 1000), default=24, show_default=True,
              help="Variants one campaign may make; a campaign with more is refused (set its max_variants).")
def studio(host: str, port: int, out_root: Path, workers: int, token: str | None, max_queue: int,
           max_variants: int) -> None:
    """Serve the studio: a web page and HTTP API for making videos without a terminal.

    \b
    Example:
      genvideo studio            # then open http://127.0.0.1:8765
    The API is documented at /docs (OpenAPI).
    """
    try:
        import uvicorn

        from pipeline.studio.app import create_app
        from pipeline.studio.uploads import Limits
    except ImportError as e:
        _fail(InputError(f"the studio needs its extra ({e.name} is missing): pip install -e '.[studio]'"))
        return
    from pipeline.studio.store import StoreUnavailable

    try:
        app = create_app(out_root, token=token, workers=workers, host=host,
                         limits=Limits(max_queue=max_queue, max_variants=max_variants))
    except StoreUnavailable as e:
        _fail(OutputError(f"--out {out_root}: {e}; pass --out with a folder you can write"))
        return
    click.echo(f"genvideo studio on http://{host}:{port}/  (API docs: /docs; jobs in {out_root / 'studio'})")
    uvicorn.run(app, host=host, port=port, log_level="warning")
