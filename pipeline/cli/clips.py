"""Livestream to short clips: `genvideo clips` cuts a long recording into captioned highlights per platform."""

from __future__ import annotations

from pathlib import Path

import click

from pipeline.cli.base import main, run_job


@main.command()
@click.argument("recording", type=click.Path(path_type=Path))
@click.option("--brief", "brief_path", type=click.Path(path_type=Path), default=None,
              help="The product's brief: its name, price, offer and selling points score the clips; its call to "
                   "action, colours and platforms are used.")
@click.option("--count", type=int, default=5, show_default=True, help="Clips to make (the best that do not overlap).")
@click.option("--length", "length", default="15-30", show_default=True, help="Clip length in seconds, MIN-MAX.")
@click.option("--platform", "platforms", multiple=True,
              help="Platform (douyin, xiaohongshu, tiktok...) or shape (9x16, 3x4, 1x1, 4x5, 16x9); repeatable. "
                   "Default: the brief's platforms, else douyin (Chinese) or tiktok.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default=None,
              help="The host's language (default: the brief's, else what Whisper hears).")
@click.option("--comments", type=click.Path(path_type=Path), default=None,
              help="Viewer comments or danmaku as CSV with a time column: clips where viewers reacted score higher.")
@click.option("--allow-claims", is_flag=True, help="Keep sentences with blocking claim findings in the clips "
                                                   "(they are still listed in clips.json).")
@click.option("--out", "out_root", type=click.Path(path_type=Path), default=Path("outputs"), show_default=True,
              envvar="GENVIDEO_OUT", help="Output root; clips go to OUT/<product>/clips-<run-id>/.")
@click.option("--scale", type=click.FloatRange(0.1, 1.0), default=1.0, show_default=True,
              help="Render at this fraction of the platform size.")
@click.option("--quality", type=click.Choice(["final", "draft"]), default="final", show_default=True)
@click.option("--keep-work", is_flag=True, help="Keep the intermediate files (sound, subtitles, crop commands).")
@click.option("--json", "json_out", is_flag=True, help="Print clips.json on stdout.")
def clips(recording: Path, brief_path: Path | None, count: int, length: str, platforms: tuple[str, ...],
          lang: str | None, comments: Path | None, allow_claims: bool, out_root: Path, scale: float, quality: str,
          keep_work: bool, json_out: bool) -> None:
    """Cut a long recording (a live-selling session) into captioned highlight clips per platform.

    \b
    Transcribes it offline (Whisper-base, cached per recording), finds the best
    15-30 s stretches of whole sentences (the product's name, price, offer and
    selling points, questions answered, lively delivery), cuts the pauses, follows
    the host's face into 9:16 / 3:4 / 1:1, burns in captions, a hook title and the
    call to action, sets -14 LUFS, adds the AI label, and leaves out what the
    claim rules block. Needs the clips extra: pip install -e '.[clips]'.
    \b
    Examples:
      genvideo clips live.mp4 --brief product.json
      genvideo clips live.mp4 --count 3 --length 20-30 --platform douyin --platform 1x1
    Writes clipNN/<platform>.mp4, clips.json, transcript.json and preview.html
    under outputs/<product>/clips-<run-id>/.
    """
    from pipeline.clips import ClipSettings, make_clips, parse_length

    def job(progress):
        settings = ClipSettings(out_root=out_root, brief=brief_path, count=count, length=parse_length(length),
                                platforms=list(platforms) or None, lang=lang, comments=comments,
                                allow_claims=allow_claims, scale=scale, quality=quality, keep_work=keep_work)
        return make_clips(recording, settings, progress)
    report = run_job(job, json_out)
    if report is None:
        return
    click.echo(f"{len(report['clips'])} clip(s) of {Path(report['source']['file']).name} in {report['run_dir']}")
    for c in report["clips"]:
        click.echo(f"  #{c['rank']} {c['start_s']:7.1f}-{c['end_s']:<7.1f} {c['duration_s']:4.1f}s  score "
                   f"{c['score']:4.1f}  {'; '.join(c['reasons'][:3])}")
        click.echo(f"      hook: {c['hook']}")
        for f in c["files"]:
            click.echo(f"      {f['platform']:<16} {f['width']}x{f['height']}  {f['integrated_lufs']:.1f} LUFS  "
                       f"{f['file']}")
    left = [f for f in report["compliance"]["findings"] if f["left_out"]]
    for f in left:
        click.echo(f"  left out: {f['said']!r} ({f['family']}: {f['text']!r})")
    for n in report["notes"]:
        click.echo(f"  note: {n}")
    click.echo(f"  preview: {Path(report['run_dir']) / 'preview.html'}")
