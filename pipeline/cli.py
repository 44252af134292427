"""Command line: thin commands over the pipeline. Only here do errors become messages and exit codes."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from pipeline import __version__
from pipeline.errors import GenVideoError, InputError, OutputError


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


def llm_options_for(llm: str, model: str | None = None, base_url: str | None = None,
                    api_key_env: str = "OPENAI_API_KEY", timeout: float = 60.0) -> dict:
    """The options each script backend takes, from the command line's --llm-* flags."""
    if llm == "transformers":
        return {"model": model}
    if llm == "openai":
        return {"model": model, "base_url": base_url, "api_key_env": api_key_env, "timeout_s": timeout}
    if llm == "local":
        return {"model": model}
    return {}


LLM_OPTIONS = [
    click.option("--llm", default="builtin", show_default=True, envvar="GENVIDEO_LLM",
                 help="Script writer: builtin, local, transformers, openai (as for make)."),
    click.option("--llm-model", default=None, envvar="GENVIDEO_LLM_MODEL"),
    click.option("--llm-base-url", default=None, envvar="GENVIDEO_LLM_BASE_URL"),
    click.option("--llm-fallback", type=click.Choice(["builtin"]), default=None),
]


def llm_flags(f):
    for opt in reversed(LLM_OPTIONS):
        f = opt(f)
    return f


@main.command()
@click.argument("brief", type=click.Path(path_type=Path))
@click.option("--out", "out_root", type=click.Path(path_type=Path), default=Path("outputs"), show_default=True,
              envvar="GENVIDEO_OUT", help="Output root; runs go to OUT/<product>/<run-id>/.")
@click.option("--platform", "platforms", multiple=True, help="Override the brief's platforms (repeatable).")
@click.option("--tts", default=None, envvar="GENVIDEO_TTS", help="Speech backend: piper, kokoro, gtts (default: by language).")
@click.option("--voice", default=None, help="Voice name of the speech backend.")
@click.option("--script", "script_file", type=click.Path(path_type=Path), default=None,
              help="Make the video from these words (JSON or YAML, as `genvideo script --json` writes them, edited "
                   "by a person) instead of writing them; the same checks apply.")
@click.option("--llm", default="builtin", show_default=True, envvar="GENVIDEO_LLM",
              help="Script writer: builtin, local (the built-in writer judged by the packaged Qwen2.5 1.5B), "
                   "transformers, openai.")
@click.option("--llm-model", default=None, envvar="GENVIDEO_LLM_MODEL",
              help="local: a .gguf file (default: the packaged model); transformers: model folder, .gguf or "
                   "'smollm2'; openai: model name.")
@click.option("--llm-base-url", default=None, envvar="GENVIDEO_LLM_BASE_URL",
              help="openai: endpoint base URL, e.g. http://localhost:11434/v1 for Ollama.")
@click.option("--llm-api-key-env", default="OPENAI_API_KEY", show_default=True,
              help="openai: name of the environment variable holding the API key.")
@click.option("--llm-timeout", type=float, default=60.0, show_default=True, help="openai: seconds per request.")
@click.option("--llm-fallback", type=click.Choice(["builtin"]), default=None,
              help="If the model gives no usable script, write with the built-in copywriter (noted in the report).")
@click.option("--quality", type=click.Choice(["final", "draft"]), default="final", show_default=True)
@click.option("--scale", type=click.FloatRange(0.1, 1.0), default=1.0, show_default=True,
              help="Render at this fraction of the platform size (same plan, smaller pixels).")
@click.option("--json", "json_out", is_flag=True, help="Print the report as JSON on stdout.")
@click.option("--keep-work", is_flag=True, help="Keep intermediate frames and filter files in the run folder.")
@click.option("--preview", "with_preview", is_flag=True, help="Also write storyboards and preview.html next to the videos.")
@click.option("--allow-claims", is_flag=True,
              help="Render despite blocking claim findings; the override is recorded in report.json.")
@click.option("--sign-cert", type=click.Path(path_type=Path), envvar="GENVIDEO_SIGN_CERT",
              help="PEM certificate chain for C2PA content credentials (needs the c2pa extra).")
@click.option("--sign-key", type=click.Path(path_type=Path), envvar="GENVIDEO_SIGN_KEY",
              help="PEM private key (ES256) matching --sign-cert.")
@click.option("--audio-label/--no-audio-label", default=None,
              help="Speak an AI-generated disclosure at the end (default: on for Chinese briefs on Chinese platforms).")
@click.option("--lang", "langs", multiple=True, type=click.Choice(["zh", "en", "ja"]),
              help="Make a cross-border version in this language (repeat for several); the brief's text is "
                   "translated with --llm local/openai unless the brief's `versions` give it.")
def make(brief: Path, out_root: Path, platforms: tuple[str, ...], tts: str | None, voice: str | None,
         script_file: Path | None, llm: str,
         llm_model: str | None, llm_base_url: str | None, llm_api_key_env: str, llm_timeout: float,
         llm_fallback: str | None,
         quality: str, scale: float, json_out: bool, keep_work: bool, with_preview: bool, allow_claims: bool,
         audio_label: bool | None, sign_cert: Path | None, sign_key: Path | None, langs: tuple[str, ...]) -> None:
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

    llm_options = llm_options_for(llm, llm_model, llm_base_url, llm_api_key_env, llm_timeout)
    try:
        words = [sc.model_dump(exclude_none=True) for sc in read_script_file(script_file)] if script_file else None
    except GenVideoError as e:
        _fail(e)
        return
    settings = MakeSettings(out_root=out_root, tts=tts, voice=voice, llm=llm, llm_options=llm_options, script=words,
                            llm_fallback=llm_fallback, scale=scale, quality=quality,
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
        name = f"{o['version']}/{o['platform']}" if o.get("version") else o["platform"]
        click.echo(f"  {name:<16} {o['width']}x{o['height']}  {o['duration_s']:.1f}s  "
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
@llm_flags
def preview(target: Path, out_root: Path, platforms: tuple[str, ...], tts: str | None, voice: str | None,
            scale: float, json_out: bool, llm: str, llm_model: str | None, llm_base_url: str | None,
            llm_fallback: str | None) -> None:
    """Fast drafts, storyboards and a browser gallery of every platform cut.

    \b
    TARGET is a brief (renders small, fast drafts from the same plan as `make`),
    a campaign file (drafts of every variant and a grid page with their axes and
    similarity scores), or an existing run folder (adds storyboards and preview.html).
    \b
    Examples:
      genvideo preview product.json
      genvideo preview campaign.yaml
      genvideo preview outputs/晨光冷萃咖啡/20261124-101500-1a2b3c
    Open preview.html in a browser; the "Show platform UI zones" toggle marks where
    Douyin/TikTok/Reels/Shorts buttons and captions cover the picture.
    """
    from pipeline.runner import MakeSettings, Pipeline, preview_existing

    llm_settings = {"llm": llm, "llm_options": llm_options_for(llm, llm_model, llm_base_url),
                    "llm_fallback": llm_fallback}
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
    settings = MakeSettings(out_root=out_root, tts=tts, voice=voice, scale=scale, quality="draft",
                            platforms=list(platforms) or None, preview=True, **llm_settings)
    _run_and_print(lambda progress: Pipeline(settings, progress).make(target), json_out)


@main.command(name="script")
@click.argument("brief", type=click.Path(path_type=Path))
@click.option("--json", "json_out", is_flag=True,
              help="Print the script, timing, checks and findings as JSON (`make --script` reads it back).")
@llm_flags
def script_cmd(brief: Path, json_out: bool, llm: str, llm_model: str | None, llm_base_url: str | None,
               llm_fallback: str | None) -> None:
    """Write and print the ad script only: no voice, no render, about a second with the built-in writer.

    \b
    Shows every line as written (captions, cards) and as spoken (numbers and prices
    as people say them), its estimated timing, what was left out and why, the
    checks every script passes and the claim findings `make` would stop on. The
    words are the ones `make` starts from (the same recipe and speech rate).
    \b
    Example:
      genvideo script product.json
      genvideo script product.json --json > words.json
    """
    from pipeline.backends.registry import get_llm
    from pipeline.claims import blocking, check
    from pipeline.copy.checks import text_checks
    from pipeline.model.brief import read_brief_file
    from pipeline.stages.narration import DEFAULT_RATES, estimator
    from pipeline.stages.scripting import LEAD_IN_S, MAX_TAIL_S, choose_pacing, draft_script, speech_budget_s

    try:
        b, _ = read_brief_file(brief)
        writer = get_llm(llm, llm_options_for(llm, llm_model, llm_base_url), llm_fallback)
        script = draft_script(b, writer)
    except GenVideoError as e:
        _fail(e)
        return
    pacing = choose_pacing(b.persona)
    estimate = estimator(DEFAULT_RATES[b.lang], b.lang, pacing.speech_speed)
    t, lines = LEAD_IN_S, []
    for i, sc in enumerate(script.scenes):
        d = estimate(sc.narration)
        lines.append({"index": i, "kind": sc.kind, "start_s": round(t, 1), "end_s": round(t + d, 1),
                      "narration": sc.narration, "spoken": sc.spoken, "on_screen": sc.on_screen})
        t += d + pacing.sentence_pause_s
    checks = text_checks(script, b)
    findings = check(b, script)
    out = {"product": b.product.name, "language": b.lang, "writer": script.writer, "energy": pacing.energy,
           "target_s": b.effective_duration_s(), "speech_budget_s": round(speech_budget_s(b.effective_duration_s()), 1),
           "estimated_speech_s": round(t - pacing.sentence_pause_s - LEAD_IN_S, 1), "scenes": lines,
           "notes": script.notes, "checks": {k: {"ok": not v, "problems": v} for k, v in checks.items()},
           "findings": [f.to_dict() for f in findings], "blocking": len(blocking(findings))}
    out["estimated_video_s"] = round(min(out["target_s"], LEAD_IN_S + out["estimated_speech_s"] + MAX_TAIL_S), 1)
    if json_out:
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    video_s = out["estimated_video_s"]
    click.echo(f"{b.product.name}: {script.writer} writer, {pacing.energy} energy, target {out['target_s']:.0f} s, "
               f"speech about {out['estimated_speech_s']:.0f} s of {out['speech_budget_s']:.0f} s"
               + (f"; the video will run about {video_s:.0f} s" if video_s < out["target_s"] - 1 else ""))
    for ln in lines:
        click.echo(f"{ln['start_s']:5.1f}-{ln['end_s']:<5.1f} {ln['kind']:<8} {ln['narration']}")
        if ln["spoken"] and ln["spoken"] != ln["narration"]:
            click.echo(f"{'':21}said: {ln['spoken']}")
        if ln["on_screen"] and ln["on_screen"] != ln["narration"]:
            click.echo(f"{'':21}screen: {ln['on_screen']}")
    for n in script.notes:
        click.echo(f"note: {n}")
    for f in findings:
        click.echo(f.line())
    failed = [k for k, v in checks.items() if v]
    click.echo("checks: " + ("all passed" if not failed else "FAILED " + ", ".join(failed))
               + f"; claim findings: {len(findings)}, {out['blocking']} blocking (make stops on those)")


@main.command(name="check")
@click.argument("brief", type=click.Path(path_type=Path))
@click.option("--json", "json_out", is_flag=True, help="Print the findings as JSON.")
def check_cmd(brief: Path, json_out: bool) -> None:
    """Lint a brief and the script genvideo would write for risky claims and personal data.

    \b
    Checks absolute terms (国家级, 最佳, 第一, "#1", "best ever"...), medical claims outside
    health products (根治, 治疗, "cures", "clinically proven"...), guarantees of an outcome
    (保过, "get hired or your money back", "100% effective") and personal data (a personal
    phone, an ID-card number, e-mail); the legal basis cited is the ad's market's. The
    script checked is the one `genvideo script` shows and `make` starts from.
    Exit status: 0 no blocking findings, 1 blocking findings, 2 bad brief.
    \b
    Example:
      genvideo check product.json
    """
    from pipeline.claims import blocking, check
    from pipeline.model.brief import read_brief_file
    from pipeline.stages.scripting import draft_script

    try:
        b, _ = read_brief_file(brief)
        script = draft_script(b)
    except GenVideoError as e:
        _fail(e)
        return
    findings = check(b, script)
    blocked = blocking(findings)
    if json_out:
        click.echo(json.dumps({"findings": [f.to_dict() for f in findings], "blocking": len(blocked),
                               "script_notes": script.notes}, ensure_ascii=False, indent=2))
    else:
        for f in findings:
            click.echo(f.line())
        for n in script.notes:
            click.echo(f"note: {n}")
        click.echo(f"{len(findings)} finding(s), {len(blocked)} blocking")
    sys.exit(1 if blocked else 0)


@main.command()
@click.argument("videos", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "json_out", is_flag=True, help="Print every check's result as JSON.")
@click.option("--require-trusted", is_flag=True,
              help="Also require C2PA content credentials from a signer on a trust list.")
@click.option("--trust-anchors", type=click.Path(path_type=Path), default=None,
              help="PEM file of root certificates to trust for C2PA signers (besides the SDK's own list).")
def verify(videos: tuple[Path, ...], json_out: bool, require_trusted: bool, trust_anchors: Path | None) -> None:
    """Check MP4s for the AI-generated-content labels of GB 45438-2025 and their content credentials.

    \b
    Label: the visible "AI生成" / "AI-generated" label where genvideo places it,
    on the opening frames for at least 2 s, text at least 5% of the shorter side.
    Metadata: the AIGC JSON metadata with all seven fields and Label "1".
    C2PA: when the file carries content credentials they must validate; a file
    changed after signing is NOT COMPLIANT. An untrusted signer (such as a
    `genvideo test-cert` one) is a warning unless --require-trusted.
    Exit status: 0 every file compliant, 1 a file is not, 2 a file cannot be read.
    \b
    Examples:
      genvideo verify outputs/晨光冷萃咖啡/*/douyin.mp4
      genvideo verify video.mp4 --require-trusted --trust-anchors roots.pem --json
    """
    from pipeline.stages.verify import verify_video

    results = []
    try:
        for v in videos:
            results.append(verify_video(v, trust_anchors=trust_anchors, require_trusted=require_trusted))
    except GenVideoError as e:
        _fail(e)
        return
    if json_out:
        click.echo(json.dumps(results, ensure_ascii=False, indent=2))
    else:
        for r in results:
            lab, meta, c = r["label"], r["metadata"], r["c2pa"]
            click.echo(f"{r['file']}: {'COMPLIANT' if r['compliant'] else 'NOT COMPLIANT'}")
            for reason in r["reasons"]:
                click.echo(f"  why: {reason}")
            if lab["found"]:
                click.echo(f"  GB 45438 visible label: {lab['text']!r} from the start for >= {lab['shown_from_start_s']} s, "
                           f"text {lab['text_height_ratio'] * 100:.1f}% of the shorter side")
            else:
                click.echo(f"  GB 45438 visible label: missing ({lab.get('reason') or 'no genvideo label on the opening frames'})")
            if meta["valid"]:
                click.echo(f"  GB 45438 AIGC metadata: valid (producer {meta['fields']['ContentProducer']}, "
                           f"id {meta['fields']['ProduceID']})")
            else:
                click.echo("  GB 45438 AIGC metadata: " + ("invalid: " + str(meta.get('error') or meta.get('missing_fields'))
                                                          if meta['present'] else 'missing'))
            click.echo(f"  C2PA content credentials: {c.get('summary') or 'none'}")
            for w in r["warnings"]:
                click.echo(f"  warning: {w}")
    sys.exit(0 if all(r["compliant"] for r in results) else 1)


@main.command()
@click.argument("campaign", type=click.Path(path_type=Path))
@click.option("--out", "out_root", type=click.Path(path_type=Path), default=Path("outputs"), show_default=True,
              envvar="GENVIDEO_OUT", help="Output root; the campaign goes to OUT/campaigns/<name>/.")
@click.option("--workers", type=click.IntRange(1, 256), default=None, help="Parallel variants (default: CPU count).")
@click.option("--executor", type=click.Choice(["local", "ray"]), default="local", show_default=True)
@click.option("--ray-address", default=None, envvar="RAY_ADDRESS",
              help="Ray cluster address (default: start a local Ray instance).")
@click.option("--scale", type=click.FloatRange(0.1, 1.0), default=1.0, show_default=True)
@click.option("--quality", type=click.Choice(["final", "draft"]), default="final", show_default=True)
@click.option("--json", "json_out", is_flag=True, help="Print campaign.json on stdout.")
@llm_flags
def batch(campaign: Path, out_root: Path, workers: int | None, executor: str, ray_address: str | None,
          scale: float, quality: str, json_out: bool, llm: str, llm_model: str | None, llm_base_url: str | None,
          llm_fallback: str | None) -> None:
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

    def progress(done: int, total: int, elapsed: float) -> None:
        if not show:
            return
        eta = f", ETA {elapsed / max(done, 1) * (total - done):.0f} s" if 0 < done < total else ""
        click.echo(f"\r\033[Kvariants {done}/{total}{eta}", nl=False, err=True)

    try:
        manifest = run_campaign(campaign, out_root, executor, workers, ray_address, progress,
                                settings={"scale": scale, "quality": quality, "llm": llm, "llm_fallback": llm_fallback,
                                          "llm_options": llm_options_for(llm, llm_model, llm_base_url)})
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
        click.echo(f"{manifest['succeeded']}/{len(manifest['variants'])} variants done in {manifest['seconds']:.0f} s; "
                   f"max script similarity between copy variants {sim['max_script_between_copy_variants']:.2f} "
                   f"(near-duplicates above {sim['threshold']}: {len(sim['near_duplicates'])})")
        for n in manifest["notes"]:
            click.echo(f"  note: {n}")
        click.echo(f"  {Path(manifest['folder']) / 'campaign.csv'}")
    sys.exit(0 if not manifest["failed"] else 1)


@main.command()
@click.argument("campaign_dir", type=click.Path(path_type=Path))
@click.argument("metrics", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=None,
              help="Where results.json/.csv/.html go (default: CAMPAIGN_DIR/results).")
@click.option("--metric", type=click.Choice(["ctr", "cvr", "completion"]), default="ctr", show_default=True,
              help="The metric the verdict is about, chosen before looking at the data.")
@click.option("--json", "json_out", is_flag=True, help="Print results.json on stdout.")
def results(campaign_dir: Path, metrics: tuple[Path, ...], out_dir: Path | None, metric: str, json_out: bool) -> None:
    """Read platform results back and judge the campaign's variants (Bayesian, honest about too little data).

    \b
    METRICS are performance exports: Ocean Engine / Douyin (素材名称, 展示数, 点击数, 转化数, 消耗...), TikTok Ads
    Manager, Meta Ads, or a generic CSV with variant_id, impressions, clicks, conversions, cost, views,
    completions; CSV (UTF-8, GBK, UTF-16) or XLSX. Rows are joined to variants by the variant id in the
    ad/creative name or a variant_id/utm_content column; rows matching no variant are listed, never dropped.
    \b
    Examples:
      genvideo results outputs/campaigns/spring-test douyin_export.csv
      genvideo results outputs/campaigns/spring-test tiktok.xlsx meta.csv --metric cvr
    """
    from pipeline.results import ResultsError, analyze_exports, write_outputs

    manifest = campaign_dir / "campaign.json"
    if not manifest.exists():
        click.echo(f"error: {campaign_dir}: no campaign.json; pass the folder `genvideo batch` wrote "
                   "(outputs/campaigns/<name>)", err=True)
        sys.exit(2)
    try:
        result = analyze_exports(json.loads(manifest.read_text(encoding="utf-8")), [str(m) for m in metrics],
                                 metric=metric)
    except (ResultsError, OSError) as e:
        click.echo(f"error: {e}", err=True)
        sys.exit(2)
    paths = write_outputs(result, out_dir or campaign_dir / "results")
    if json_out:
        click.echo(paths["json"].read_text(encoding="utf-8"))
        return
    v = result.get("verdict", {})
    click.echo(f"metric: {metric} (chosen before looking)")
    click.echo(f"verdict: {v.get('text') or v.get('kind') or v}")
    for n in result.get("notes", []):
        click.echo(f"  note: {n}")
    click.echo(f"  {paths['html']}")


@main.command(name="plan-next")
@click.argument("campaign", type=click.Path(path_type=Path))
@click.argument("results_json", type=click.Path(path_type=Path))
@click.option("--out", "out_path", type=click.Path(path_type=Path), default=None,
              help="The next campaign file (default: <campaign>-next.yaml beside it).")
@click.option("--variants", type=click.IntRange(1, 200), default=8, show_default=True)
@click.option("--seed", type=int, default=0, show_default=True)
def plan_next_cmd(campaign: Path, results_json: Path, out_path: Path | None, variants: int, seed: int) -> None:
    """Write the next round's campaign for review: winning axis values kept, losers dropped, new variants
    allocated by Thompson sampling around the winner. Renders nothing.

    \b
    Example:
      genvideo plan-next campaign.yaml outputs/campaigns/spring-test/results/results.json
      genvideo batch campaign-next.yaml
    """
    import yaml

    from pipeline.model.brief import read_data_file
    from pipeline.results import plan_details

    try:
        data = read_data_file(campaign, "a campaign file (YAML or JSON)")
        result = json.loads(Path(results_json).read_text(encoding="utf-8"))
    except GenVideoError as e:
        _fail(e)
        return
    except (OSError, json.JSONDecodeError) as e:
        click.echo(f"error: {results_json}: cannot read results ({e}); pass the results.json `genvideo results` wrote",
                   err=True)
        sys.exit(2)
    if not isinstance(data, dict) or not isinstance(data.get("axes", {}), dict):
        click.echo(f"error: {campaign}: expected a campaign (name, brief and axes at the top level)", err=True)
        sys.exit(2)
    if not isinstance(result, dict) or not {"metric", "axes", "verdict", "variants"} <= result.keys():
        click.echo(f"error: {results_json}: not a results.json (no metric, axes, verdict and variants); pass the "
                   "results.json `genvideo results` wrote", err=True)
        sys.exit(2)
    details = plan_details(data, result, variants, seed)
    out = out_path or campaign.with_name(f"{campaign.stem}-next.yaml")
    if out.exists() and out.resolve() == campaign.resolve():
        click.echo("error: --out would overwrite the campaign you gave; choose another file", err=True)
        sys.exit(2)
    out.write_text(yaml.safe_dump(details["campaign"], allow_unicode=True, sort_keys=False), encoding="utf-8")
    click.echo(f"wrote {out} (review it, then: genvideo batch {out})")
    for k in ("kept", "dropped"):
        if details.get(k):
            click.echo(f"  {k}: {details[k]}")


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

    progress = _Progress(_progress_enabled(json_out))
    try:
        settings = ClipSettings(out_root=out_root, brief=brief_path, count=count, length=parse_length(length),
                                platforms=list(platforms) or None, lang=lang, comments=comments,
                                allow_claims=allow_claims, scale=scale, quality=quality, keep_work=keep_work)
        report = make_clips(recording, settings, progress)
    except GenVideoError as e:
        progress.done()
        _fail(e)
        return
    progress.done()
    if json_out:
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
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


@main.command(name="test-cert")
@click.argument("folder", type=click.Path(path_type=Path))
def test_cert(folder: Path) -> None:
    """Write a throwaway test CA and ES256 signer (chain.pem, key.pem) for C2PA signing. Testing only.

    \b
    Example:
      genvideo test-cert certs/
      genvideo make product.json --sign-cert certs/chain.pem --sign-key certs/key.pem
    """
    from pipeline.stages.credentials import make_test_certificate

    try:
        chain, key = make_test_certificate(folder)
    except GenVideoError as e:
        _fail(e)
        return
    click.echo(f"wrote {chain} and {key} (a test root no one trusts: verify reports 'signer not in a trust list')")


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
@click.option("--lang", type=click.Choice(["zh", "en", "ja"]), default=None, help="Only voices of this language.")
@click.option("--say", default=None, help="Write a sample WAV of this text instead of listing.")
@click.option("--voice", default=None, help="Voice for --say: a name from the list, or a .npy/.bin/.onnx file.")
@click.option("--out", "out_path", type=click.Path(path_type=Path), default=Path("voice-sample.wav"), show_default=True)
@click.option("--json", "json_out", is_flag=True, help="Print the catalogue as JSON.")
def voices(lang: str | None, say: str | None, voice: str | None, out_path: Path, json_out: bool) -> None:
    """List every voice with its language, gender, backend and measured error, or speak a sample.

    \b
    Examples:
      genvideo voices --lang zh
      genvideo voices --say "只要五十九块九" --voice zf_xiaobei --out sample.wav
      genvideo voices --say "Tap to shop" --voice ~/voices/my_style.npy
    """
    from dataclasses import asdict

    from pipeline.backends.tts.voices import catalogue, default

    if say is None:
        rows = [v for v in catalogue() if lang is None or v.lang == lang]
        if json_out:
            click.echo(json.dumps([asdict(v) for v in rows], ensure_ascii=False, indent=2))
            return
        defaults = {(lg, g): default(lg, g).name for lg in ("zh", "en", "ja") for g in ("female", "male")}
        click.echo(f"{'voice':<18} {'lang':<4} {'gender':<7} {'backend':<7} {'CER':>5} {'pinyin':>6} {'RTF':>5}  note")
        for v in rows:
            mark = " (default)" if defaults.get((v.lang, v.gender)) == v.name else ""
            fmt = lambda x: f"{x:.3f}" if isinstance(x, float) else "-"  # noqa: E731
            click.echo(f"{v.name:<18} {v.lang:<4} {v.gender:<7} {v.backend:<7} {fmt(v.cer):>5} {fmt(v.pinyin_err):>6} "
                       f"{(f'{v.rtf:.2f}' if v.rtf else '-'):>5}  {v.note}{mark}")
        return
    from pipeline.backends.registry import speak
    from pipeline.media.audio import write_wav
    from pipeline.model.brief import detect_language

    try:
        audio, rate, name, backend = speak(say, lang or detect_language(say), voice)
    except GenVideoError as e:
        _fail(e)
        return
    write_wav(out_path, audio, rate)
    click.echo(f"wrote {out_path} ({len(audio) / rate:.1f} s, {name}, {backend})")


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
    about = {"builtin": "offline  the brief's own sentences, told in an order that sells (default)",
             "local": "offline  the built-in writer judged by the packaged Qwen2.5 1.5B GGUF (extra: local)",
             "transformers": "offline  local model via transformers: --llm-model PATH|smollm2 (extra: llm)",
             "openai": "network  OpenAI-compatible endpoint: --llm-base-url URL --llm-model NAME"}
    for name in table["llm"]:
        click.echo(f"  {name:<13} {about.get(name, '')}")


if __name__ == "__main__":
    main()


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
