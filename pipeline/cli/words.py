"""The words before any voice: script (what make will say) and check (the claim findings)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from pipeline.cli.base import _fail, main
from pipeline.cli.options import Writer, writer_options
from pipeline.errors import GenVideoError


@main.command(name="script")
@click.argument("brief", type=click.Path(path_type=Path))
@click.option("--json", "json_out", is_flag=True,
              help="Print the script, timing, checks and findings as JSON (`make --script` reads it back).")
@writer_options
def script_cmd(brief: Path, json_out: bool, writer: Writer) -> None:
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
    from pipeline.model.brief import read_brief_file
    from pipeline.stages.scripting import draft_script, script_sheet

    try:
        b, _ = read_brief_file(brief)
        script = draft_script(b, get_llm(writer.name, writer.options, writer.fallback))
    except GenVideoError as e:
        _fail(e)
        return
    out = script_sheet(script, b)
    findings = check(b, script)
    out.update(findings=[f.to_dict() for f in findings], blocking=len(blocking(findings)))
    checks, lines = out["checks"], out["scenes"]
    if json_out:
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    video_s = out["estimated_video_s"]
    click.echo(f"{b.product.name}: {script.writer} writer, {out['energy']} energy, target {out['target_s']:.0f} s, "
               f"speech about {out['estimated_speech_s']:.0f} s of {out['speech_budget_s']:.0f} s"
               + (f"; the video will run about {video_s:.0f} s" if video_s < out["target_s"] - 1 else ""))
    for ln in lines:
        click.echo(f"{ln['start_s']:5.1f}-{ln['end_s']:<5.1f} {ln['kind']:<8} {ln['narration']}")
        if ln["spoken"] and ln["spoken"] != ln["narration"]:
            click.echo(f"{'':21}said: {ln['spoken']}")
        if ln["on_screen"] and ln["on_screen"] != ln["narration"]:
            click.echo(f"{'':21}screen: {ln['on_screen']}")
    for text in script.fine_print:
        click.echo(f"{'':6}fine print (shown from the offer to the end, not said): {text}")
    for n in script.notes:
        click.echo(f"note: {n}")
    for f in findings:
        click.echo(f.line())
    failed = [k for k, v in checks.items() if not v["ok"]]
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
