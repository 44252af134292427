"""Closing the A/B loop: results (platform metrics joined to a campaign) and plan-next (the next round)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from pipeline.cli.base import _fail, main
from pipeline.errors import GenVideoError


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
