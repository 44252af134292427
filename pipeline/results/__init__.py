"""Closing the A/B loop: platform results read back, joined to a campaign's variants, judged, next round planned.

    rows, notes = read_export("douyin.csv")                 # exports: Ocean Engine / TikTok / Meta / generic
    result = analyze(campaign_json, rows, metric="ctr")     # analysis: the metric is chosen before looking
    write_outputs(result, "results/")                       # report: results.json / .csv / .html
    campaign = plan_next(campaign_yaml, result)             # next_round: keep winners, explore by Thompson sampling
"""

from pipeline.results.analysis import analyze, analyze_exports, join, verdict
from pipeline.results.common import METRICS, ResultsError
from pipeline.results.exports import read_export, simulate_export
from pipeline.results.next_round import plan_details, plan_next
from pipeline.results.report import render_html, write_outputs

__all__ = ["analyze", "analyze_exports", "join", "verdict", "METRICS", "ResultsError", "read_export",
           "simulate_export", "plan_details", "plan_next", "render_html", "write_outputs"]
