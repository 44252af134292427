"""What the results modules share: the metrics, thresholds and the error type."""

from __future__ import annotations

from pipeline.errors import ResultsError  # noqa: F401 - the results modules raise it from here

FIELDS = ("impressions", "clicks", "conversions", "cost", "views", "completes")
METRICS = {  # metric -> (successes field, trials field, label)
    "ctr": ("clicks", "impressions", "CTR (clicks / impressions)"),
    "cvr": ("conversions", "clicks", "CVR (conversions / clicks)"),
    "completion": ("completes", "views", "completion (completes / views)"),
}
AXES = ("persona", "hook", "voice", "music", "seed")
WIN_P = 0.95            # P(best) needed to call a winner
MIN_TRIALS = 100        # below this many trials (impressions for CTR) a variant has too little data
MIN_SUCCESSES = 5
Z_ALPHA, Z_POWER = 1.959964, 0.841621   # two-sided alpha 0.05, power 80 %
TOTAL_NAMES = {"合计", "总计", "汇总", "total", "totals", "grandtotal", "summary"}
