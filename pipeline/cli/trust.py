"""Trust: verify (labels and content credentials of a video) and test-cert (a signing certificate for tests)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from pipeline.cli.base import _fail, main
from pipeline.errors import GenVideoError


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
