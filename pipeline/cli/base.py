"""The command line's root: the `genvideo` group, progress on a terminal, and the one place errors become messages
and exit statuses (0 done, 1 blocked or a fault, 2 bad input)."""

from __future__ import annotations

import os
import sys

import click

from pipeline import __version__
from pipeline.errors import GenVideoError


class _Progress:
    """Stage and percent on a terminal; silent when piped or under CI."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.last = ""

    def __call__(self, stage: str, frac: float | None) -> None:
        if not self.enabled:
            return
        line = f"{stage} {frac * 100:5.1f}%" if frac is not None else f"{stage}..."
        if line != self.last:
            click.echo(f"\r\033[K{line}", nl=False, err=True)
            self.last = line

    def done(self) -> None:
        if self.enabled and self.last:
            click.echo("\r\033[K", nl=False, err=True)


def _progress_enabled(json_out: bool) -> bool:
    return sys.stderr.isatty() and not os.environ.get("CI") and not json_out


def _fail(e: GenVideoError) -> None:
    click.echo(f"error: {e}", err=True)
    sys.exit(e.exit_code)


def run_job(job, json_out: bool) -> dict | None:
    """Run job(progress) with progress on a terminal; an error becomes its message and exit status. The report,
    or None when --json printed it."""
    import json

    progress = _Progress(_progress_enabled(json_out))
    try:
        report = job(progress)
    except GenVideoError as e:
        progress.done()
        _fail(e)
        return None
    progress.done()
    if json_out:
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return None
    return report


class _Commands(click.Group):
    """Every command's last line of defence: whatever escapes becomes one line and an exit status, never a
    traceback (GENVIDEO_DEBUG=1 shows it). A file the command cannot write (read-only, no permission) is the
    user's to fix (exit 2); a full disk or any other fault is exit 1."""

    def invoke(self, ctx: click.Context):
        import errno

        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except GenVideoError as e:
            _fail(e)
        except OSError as e:
            if os.environ.get("GENVIDEO_DEBUG"):
                raise
            where = f" {e.filename}" if e.filename else ""
            if e.errno in (errno.ENOSPC, errno.EDQUOT):
                click.echo(f"error: no space left on the disk writing{where}; free some space (or pass --out on "
                           "another disk) and run it again", err=True)
                sys.exit(1)
            if e.errno in (errno.EROFS, errno.EACCES, errno.EPERM, errno.ENOTDIR, errno.EISDIR):
                click.echo(f"error: cannot write{where} ({e.strerror}); choose a place you can write (--out)",
                           err=True)
                sys.exit(2)
            click.echo(f"error:{where} {e.strerror or e}", err=True)
            sys.exit(1)
        except Exception as e:  # noqa: BLE001 - a bug: say so in one line
            if os.environ.get("GENVIDEO_DEBUG"):
                raise
            click.echo(f"error: unexpected {type(e).__name__}: {e} (a genvideo bug: run it again with GENVIDEO_DEBUG=1 "
                       "for the details, and report them)", err=True)
            sys.exit(1)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="genvideo")
def main() -> None:
    """genvideo: product brief in, platform-ready ad videos out.

    \b
    Examples:
      genvideo init product.json          # write a starter brief
      genvideo make product.json          # script, voice, captions, music, MP4 per platform
      genvideo make product.json --platform tiktok --platform youtube
      genvideo schema                     # the brief's JSON Schema
    """
