"""Command line: thin commands over the pipeline. Only here do errors become messages and exit codes."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
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


@main.command()
@click.argument("brief", type=click.Path(path_type=Path))
@click.option("--out", "out_root", type=click.Path(path_type=Path), default=Path("outputs"), show_default=True,
              envvar="GENVIDEO_OUT", help="Output root; runs go to OUT/<product>/<run-id>/.")
@click.option("--platform", "platforms", multiple=True, help="Override the brief's platforms (repeatable).")
@click.option("--tts", default=None, envvar="GENVIDEO_TTS", help="Speech backend: piper, kokoro, gtts (default: by language).")
@click.option("--voice", default=None, help="Voice name of the speech backend.")
@click.option("--llm", default="builtin", show_default=True, envvar="GENVIDEO_LLM", help="Script writer backend.")
@click.option("--quality", type=click.Choice(["final", "draft"]), default="final", show_default=True)
@click.option("--scale", type=click.FloatRange(0.1, 1.0), default=1.0, show_default=True,
              help="Render at this fraction of the platform size (same plan, smaller pixels).")
@click.option("--json", "json_out", is_flag=True, help="Print the report as JSON on stdout.")
@click.option("--keep-work", is_flag=True, help="Keep intermediate frames and filter files in the run folder.")
@click.option("--preview", "with_preview", is_flag=True, help="Also write storyboards and preview.html next to the videos.")
def make(brief: Path, out_root: Path, platforms: tuple[str, ...], tts: str | None, voice: str | None, llm: str,
         quality: str, scale: float, json_out: bool, keep_work: bool, with_preview: bool) -> None:
    """Make the videos for one product brief (JSON or YAML).

    \b
    Example:
      genvideo make assets/samples/coffee/product.json
    Writes brief.json, script.json, narration.wav, captions.srt/.vtt, plan.<cut>.json,
    <platform>.mp4 and report.json under outputs/<product>/<run-id>/.
    """
    from pipeline.runner import MakeSettings, Pipeline

    settings = MakeSettings(out_root=out_root, tts=tts, voice=voice, llm=llm, scale=scale, quality=quality,
                            platforms=list(platforms) or None, keep_work=keep_work, preview=with_preview)
    _run_and_print(lambda progress: Pipeline(settings, progress).make(brief), json_out)


def _run_and_print(job, json_out: bool) -> None:
    progress = _Progress(_progress_enabled(json_out))
    try:
        report = job(progress)
    except GenVideoError as e:
        progress.done()
        _fail(e)
        return
    progress.done()
    if json_out:
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    click.echo(f"{report['product']}: {len(report['outputs'])} video(s) in {report['run_dir']}")
    for o in report["outputs"]:
        click.echo(f"  {o['platform']:<16} {o['width']}x{o['height']}  {o['duration_s']:.1f}s  "
                   f"{o['integrated_lufs']:.1f} LUFS  {o['file']}")
    for w in report["warnings"]:
        click.echo(f"  note: {w}")
    if (Path(report["run_dir"]) / "preview.html").exists():
        click.echo(f"  preview: {Path(report['run_dir']) / 'preview.html'}")


@main.command()
@click.argument("target", type=click.Path(path_type=Path))
@click.option("--out", "out_root", type=click.Path(path_type=Path), default=Path("outputs"), show_default=True,
              envvar="GENVIDEO_OUT")
@click.option("--platform", "platforms", multiple=True, help="Override the brief's platforms (repeatable).")
@click.option("--tts", default=None, envvar="GENVIDEO_TTS")
@click.option("--voice", default=None)
@click.option("--scale", type=click.FloatRange(0.1, 1.0), default=1 / 3, show_default="1/3",
              help="Draft size as a fraction of the platform size.")
@click.option("--json", "json_out", is_flag=True, help="Print the report as JSON on stdout.")
def preview(target: Path, out_root: Path, platforms: tuple[str, ...], tts: str | None, voice: str | None,
            scale: float, json_out: bool) -> None:
    """Fast drafts, storyboards and a browser gallery of every platform cut.

    \b
    TARGET is a brief (renders small, fast drafts from the same plan as `make`)
    or an existing run folder (adds storyboards and preview.html to it).
    \b
    Examples:
      genvideo preview product.json
      genvideo preview outputs/晨光冷萃咖啡/20261124-101500-1a2b3c
    Open preview.html in a browser; the "Show platform UI zones" toggle marks where
    Douyin/TikTok/Reels/Shorts buttons and captions cover the picture.
    """
    from pipeline.runner import MakeSettings, Pipeline, preview_existing

    if target.is_dir():
        _run_and_print(lambda progress: preview_existing(target), json_out)
        return
    settings = MakeSettings(out_root=out_root, tts=tts, voice=voice, scale=scale, quality="draft",
                            platforms=list(platforms) or None, preview=True)
    _run_and_print(lambda progress: Pipeline(settings, progress).make(target), json_out)


@main.command()
def schema() -> None:
    """Print the brief's JSON Schema."""
    from pipeline.model.brief import brief_json_schema

    click.echo(json.dumps(brief_json_schema(), ensure_ascii=False, indent=2))


STARTER = {
    "product": {
        "name": "Your Product",
        "description": "What it is, what it does, and why it matters. Two or three sentences.",
        "features": ["Most important selling point", "Second selling point", "Third selling point"],
        "price": "$19.99",
        "offer": "10% off this week",
        "images": [],
        "brand_colors": ["#1F2A44", "#F2C14E"],
    },
    "persona": {"name": "busy professionals", "age_range": [25, 40], "pain_points": ["no time to cook"],
                "tone": "energetic"},
    "language": "en",
    "duration_s": 20,
    "platforms": ["tiktok", "instagram-feed", "youtube"],
    "cta": "Tap the link to learn more",
    "seed": 1,
}


@main.command()
@click.argument("path", type=click.Path(path_type=Path), default=Path("product.json"))
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
def init(path: Path, force: bool) -> None:
    """Write a starter brief to PATH (default product.json)."""
    if path.exists() and not force:
        click.echo(f"error: {path} already exists; pass --force to overwrite it, or choose another path", err=True)
        sys.exit(2)
    path.write_text(json.dumps(STARTER, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    click.echo(f"wrote {path}; edit it, then: genvideo make {path}")


@main.command()
def backends() -> None:
    """List script and speech backends."""
    from pipeline.backends.registry import get_tts, list_backends

    table = list_backends()
    click.echo("speech (--tts):")
    for name in table["tts"]:
        b = get_tts(name)
        click.echo(f"  {name:<8} {'offline' if b.offline else 'network'}  languages: {', '.join(b.languages())}")
    click.echo("script (--llm):")
    for name in table["llm"]:
        click.echo(f"  {name}")


if __name__ == "__main__":
    main()
