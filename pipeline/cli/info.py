"""What genvideo knows: schema, init (a starter brief), voices, backends."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from pipeline.cli.base import _fail, main
from pipeline.errors import GenVideoError


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
    from pipeline.backends.registry import describe_llm, get_tts, list_backends

    table = list_backends()
    click.echo("speech (--tts):")
    for name in table["tts"]:
        b = get_tts(name)
        click.echo(f"  {name:<8} {'offline' if b.offline else 'network'}  languages: {', '.join(b.languages())}")
    click.echo("script (--llm):")
    for name in table["llm"]:
        click.echo(f"  {name:<13} {describe_llm(name)}")
