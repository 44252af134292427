"""Making videos: make (one brief), preview (fast drafts and a gallery), batch (a campaign)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from pipeline.cli.base import _fail, _progress_enabled, main, run_job
from pipeline.cli.options import (Speech, Writer, json_option, out_option, platforms_option, speech_options,
                                  writer_options)
from pipeline.errors import GenVideoError


@main.command()
@click.argument("brief", type=click.Path(path_type=Path))
@out_option()
@platforms_option
@speech_options
@click.option("--script", "script_file", type=click.Path(path_type=Path), default=None,
              help="Make the video from these words (JSON or YAML, as `genvideo script --json` writes them, edited "
                   "by a person) instead of writing them; the same checks apply.")
@writer_options
@click.option("--quality", type=click.Choice(["final", "draft"]), default="final", show_default=True)
@click.option("--scale", type=click.FloatRange(0.1, 1.0), default=1.0, show_default=True,
              help="Render at this fraction of the platform size (same plan, smaller pixels).")
@json_option
@click.option("--keep-work", is_flag=True, help="Keep intermediate frames and filter files in the run folder.")
@click.option("--preview", "with_preview", is_flag=True, help="Also write storyboards and preview.html next to the videos.")
@click.option("--allow-claims", is_flag=True,
              help="Render despite blocking claim findings; the override is recorded in report.json.")
@click.option("--sign-cert", type=click.Path(path_type=Path), envvar="GENVIDEO_SIGN_CERT",
              help="PEM certificate chain for C2PA content credentials (needs the c2pa extra).")
@click.option("--sign-key", type=click.Path(path_type=Path), envvar="GENVIDEO_SIGN_KEY",
              help="PEM private key (ES256) matching --sign-cert.")
@click.option("--audio-label/--no-audio-label", default=None,
              help="Speak an AI-generated disclosure at the end (default: on for Chinese briefs of 20 s or more on "
                   "Chinese platforms).")
@click.option("--lang", "langs", multiple=True, type=click.Choice(["zh", "en", "ja"]),
              help="Make a cross-border version in this language (repeat for several); the brief's text is "
                   "translated with --llm local/openai unless the brief's `versions` give it.")
def make(brief: Path, out_root: Path, platforms: tuple[str, ...], speech: Speech, script_file: Path | None,
         writer: Writer, quality: str, scale: float, json_out: bool, keep_work: bool, with_preview: bool,
         allow_claims: bool, audio_label: bool | None, sign_cert: Path | None, sign_key: Path | None,
         langs: tuple[str, ...]) -> None:
    """Make the videos for one product brief (JSON or YAML).

    \b
    Example:
      genvideo make assets/samples/coffee/product.json
      genvideo script product.json --json > words.json   # edit the words, then:
      genvideo make product.json --script words.json
    Writes brief.json, script.json, narration.wav, captions.srt/.vtt, plan.<cut>.json,
    <platform>.mp4 and report.json under outputs/<product>/<run-id>/.
    """
    from pipeline.backends.llm.edited import read_script_file
    from pipeline.runner import MakeSettings, Pipeline

    try:
        words = [sc.model_dump(exclude_none=True) for sc in read_script_file(script_file)] if script_file else None
    except GenVideoError as e:
        _fail(e)
        return
    settings = MakeSettings(out_root=out_root, tts=speech.tts, voice=speech.voice, **writer.settings(), script=words,
                            scale=scale, quality=quality,
                            platforms=list(platforms) or None, keep_work=keep_work, preview=with_preview,
                            allow_claims=allow_claims, audio_label=audio_label, sign_cert=sign_cert,
                            sign_key=sign_key, langs=list(langs) or None)
    _run_and_print(lambda progress: Pipeline(settings, progress).make(brief), json_out)


def _is_campaign(path: Path) -> bool:
    """A YAML file with the campaign keys (name + axes or briefs) rather than a product brief."""
    from pipeline.model.brief import read_data_file

    try:
        data = read_data_file(path, "a brief or campaign")
    except GenVideoError:
        return False
    return isinstance(data, dict) and "product" not in data and "name" in data


def _run_and_print(job, json_out: bool) -> None:
    report = run_job(job, json_out)
    if report is None:
        return
    click.echo(f"{report['product']}: {len(report['outputs'])} video(s) in {report['run_dir']}")
    for o in report["outputs"]:
        name = f"{o['version']}/{o['platform']}" if o.get("version") else o["platform"]
        click.echo(f"  {name:<16} {o['width']}x{o['height']}  {o['duration_s']:.1f}s  "
                   f"{o['integrated_lufs']:.1f} LUFS  {o['file']}")
    for w in report["warnings"]:
        click.echo(f"  note: {w}")
    if (Path(report["run_dir"]) / "preview.html").exists():
        click.echo(f"  preview: {Path(report['run_dir']) / 'preview.html'}")

@main.command()
@click.argument("target", type=click.Path(path_type=Path))
@out_option()
@platforms_option
@speech_options
@click.option("--scale", type=click.FloatRange(0.1, 1.0), default=1 / 3, show_default="1/3",
              help="Draft size as a fraction of the platform size.")
@json_option
@writer_options
def preview(target: Path, out_root: Path, platforms: tuple[str, ...], speech: Speech, scale: float, json_out: bool,
            writer: Writer) -> None:
    """Fast drafts, storyboards and a browser gallery of every platform cut.

    \b
    TARGET is a brief (renders small, fast drafts from the same plan as `make`),
    a campaign file (drafts of every variant and a grid page with their axes and
    similarity scores), an existing run folder (adds storyboards and preview.html),
    or a campaign's folder (its grid page again).
    \b
    Examples:
      genvideo preview product.json
      genvideo preview campaign.yaml
      genvideo preview outputs/晨光冷萃咖啡/20261124-101500-1a2b3c
    Open preview.html in a browser; the "Show platform UI zones" toggle marks where
    Douyin/TikTok/Reels/Shorts buttons and captions cover the picture.
    """
    from pipeline.runner import MakeSettings, Pipeline, preview_existing

    llm_settings = writer.settings()
    if target.is_dir() and (target / "campaign.json").exists():     # a campaign's folder: its gallery again
        from pipeline.stages.gallery import write_campaign_gallery

        manifest = json.loads((target / "campaign.json").read_text(encoding="utf-8"))
        page = write_campaign_gallery(target, manifest)
        click.echo(json.dumps({**manifest, "preview": str(page)}, ensure_ascii=False, indent=2) if json_out
                   else f"{manifest['succeeded']}/{len(manifest['variants'])} variants; preview: {page}")
        return
    if target.is_dir():
        _run_and_print(lambda progress: preview_existing(target), json_out)
        return
    if target.suffix.lower() in (".yaml", ".yml") and _is_campaign(target):
        from pipeline.batch import run_campaign
        from pipeline.stages.gallery import write_campaign_gallery

        try:
            manifest = run_campaign(target, out_root, settings={"scale": scale, "quality": "draft", **llm_settings})
        except GenVideoError as e:
            _fail(e)
            return
        page = write_campaign_gallery(Path(manifest["folder"]), manifest)
        if json_out:
            click.echo(json.dumps({**manifest, "preview": str(page)}, ensure_ascii=False, indent=2))
        else:
            click.echo(f"{manifest['succeeded']}/{len(manifest['variants'])} variant drafts; preview: {page}")
        sys.exit(0 if not manifest["failed"] else 1)
    settings = MakeSettings(out_root=out_root, tts=speech.tts, voice=speech.voice, scale=scale, quality="draft",
                            platforms=list(platforms) or None, preview=True, **llm_settings)
    _run_and_print(lambda progress: Pipeline(settings, progress).make(target), json_out)

@main.command()
@click.argument("campaign", type=click.Path(path_type=Path))
@out_option("Output root; the campaign goes to OUT/campaigns/<name>/.")
@click.option("--workers", type=click.IntRange(1, 256), default=None, help="Parallel variants (default: CPU count).")
@click.option("--executor", type=click.Choice(["local", "ray"]), default="local", show_default=True)
@click.option("--ray-address", default=None, envvar="RAY_ADDRESS",
              help="Ray cluster address (default: start a local Ray instance).")
@click.option("--scale", type=click.FloatRange(0.1, 1.0), default=1.0, show_default=True)
@click.option("--quality", type=click.Choice(["final", "draft"]), default="final", show_default=True)
@click.option("--json", "json_out", is_flag=True, help="Print campaign.json on stdout.")
@writer_options
def batch(campaign: Path, out_root: Path, workers: int | None, executor: str, ray_address: str | None,
          scale: float, quality: str, json_out: bool, writer: Writer) -> None:
    """Render every A/B variant of a campaign (personas x hooks x voices x music x seeds).

    \b
    Writes OUT/campaigns/<name>/variants/<id>/ per variant, and campaign.csv / campaign.json
    with one row per video: variant id (use it as the creative name / utm_content), axis
    values, hook line, duration, platform and path. Re-running the same command after an
    interruption finishes only what is missing. Exit status 1 if any variant failed.
    \b
    Examples:
      genvideo batch assets/samples/coffee/campaign.yaml --workers 2
      genvideo batch campaign.yaml --executor ray --ray-address auto
    """
    from pipeline.batch import run_campaign, summary_table

    show = _progress_enabled(json_out)
    piped = not show and not json_out and not os.environ.get("CI")

    def progress(done: int, total: int, elapsed: float) -> None:
        eta = f", about {elapsed / max(done, 1) * (total - done):.0f} s left" if 0 < done < total else ""
        if show:                             # a terminal: one line, rewritten
            click.echo(f"\r\033[Kvariants {done}/{total}{eta}", nl=False, err=True)
        elif piped and done:                 # a pipe or a log: a line per finished variant, as it finishes
            click.echo(f"variants {done}/{total} done in {elapsed:.0f} s{eta}", err=True)

    try:
        manifest = run_campaign(campaign, out_root, executor, workers, ray_address, progress,
                                settings={"scale": scale, "quality": quality, **writer.settings()})
    except GenVideoError as e:
        _fail(e)
        return
    if show:
        click.echo("", err=True)
    if json_out:
        click.echo(json.dumps(manifest, ensure_ascii=False, indent=2))
    else:
        click.echo(summary_table(manifest))
        sim = manifest["similarity"]
        close = len(sim["near_duplicates"])
        click.echo(f"{manifest['succeeded']}/{len(manifest['variants'])} variants done in {manifest['seconds']:.0f} s. "
                   f"Openings of variants that differ in copy: the most alike share "
                   f"{sim['max_script_between_copy_variants']:.0%} of their words"
                   + (f"; {close} pair(s) open almost alike (over {sim['threshold']:.0%}): an A/B test between them "
                      "tells little, see campaign.json" if close else "; every pair opens differently"))
        for n in manifest["notes"]:
            click.echo(f"  note: {n}")
        click.echo(f"  {Path(manifest['folder']) / 'campaign.csv'}")
    sys.exit(0 if not manifest["failed"] else 1)
