"""Joining export rows to a campaign's variants, and the statistics: Beta-Binomial posteriors by seeded Monte
Carlo, probability each variant is best, per-axis effects pooled over the other axes, and the verdict."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from pipeline.results.common import (AXES, FIELDS, METRICS, MIN_SUCCESSES, MIN_TRIALS, WIN_P, Z_ALPHA, Z_POWER,
                                     ResultsError)
from pipeline.results.exports import read_export


_ID = re.compile(r"v[0-9a-f]{8}", re.I)


def _variant_of(row: dict, ids: set[str]) -> tuple[str | None, str | None]:
    """(variant id, problem): explicit variant_id/utm_content column first, else an id inside the name."""
    if row.get("variant_id"):
        explicit = row["variant_id"].strip().lower()
        if explicit in ids:
            return explicit, None
        found = {m.lower() for m in _ID.findall(explicit)} & ids   # utm_content "v1a2b3c4d-douyin"
        if len(found) == 1:
            return found.pop(), None
        return None, f"variant {row['variant_id']!r} is not in this campaign"
    name = str(row.get("name", "")).lower()
    found = {i for i in ids if i in name}
    if len(found) == 1:
        return found.pop(), None
    if len(found) > 1:
        return None, f"name names several variants: {', '.join(sorted(found))}"
    return None, "no variant id in the name"


def join(campaign_json: dict, rows: Iterable[dict]) -> tuple[dict[str, dict], list[dict], list[str]]:
    """Sum export rows per variant of a `genvideo batch` campaign.json.

    A row belongs to a variant when a variant_id/utm_content column gives it or its name contains the
    variant id.  Returns (per_variant {id: totals + rows count}, unmatched rows (each with a `reason`),
    notes listing variants without rows).
    """
    variants = _variants(campaign_json)
    ids = {v["id"].lower(): v["id"] for v in variants}
    per: dict[str, dict] = {}
    unmatched: list[dict] = []
    for row in rows:
        vid, why = _variant_of(row, set(ids))
        if vid is None:
            unmatched.append({**row, "reason": why})
            continue
        tot = per.setdefault(ids[vid], dict.fromkeys(FIELDS, 0) | {"rows": 0})
        for f in FIELDS:
            tot[f] += row.get(f, 0) or 0
        tot["rows"] += 1
    for tot in per.values():
        tot["cost"] = round(tot["cost"], 2)
    notes = []
    missing = [v["id"] for v in variants if v["id"] not in per]
    if missing:
        notes.append(f"{len(missing)} variant(s) without rows: {', '.join(missing)}")
    if unmatched:
        notes.append(f"{len(unmatched)} row(s) match no variant (listed under unmatched)")
    return per, unmatched, notes


def _variants(campaign_json: dict) -> list[dict]:
    vs = campaign_json.get("variants") if isinstance(campaign_json, dict) else None
    if not isinstance(vs, list) or not all(isinstance(v, dict) and v.get("id") for v in vs):
        raise ResultsError("campaign.json: expected a `variants` list of {id, axes, ...} (from genvideo batch)")
    return vs


def beta_draws(successes: np.ndarray, trials: np.ndarray, draws: int, rng: np.random.Generator) -> np.ndarray:
    """Posterior draws, shape (len(successes), draws), of Beta(1 + s, 1 + n - s)."""
    s = np.asarray(successes, float)
    f = np.maximum(np.asarray(trials, float) - s, 0.0)
    return rng.beta(1.0 + s[:, None], 1.0 + f[:, None], size=(len(s), draws))


def p_best(samples: np.ndarray) -> np.ndarray:
    """Share of draws in which each row is the highest."""
    if len(samples) == 0:
        return np.zeros(0)
    wins = np.bincount(samples.argmax(axis=0), minlength=len(samples))
    return wins / samples.shape[1]


def summarize(successes: Sequence[float], trials: Sequence[float], draws: int,
              rng: np.random.Generator) -> list[dict]:
    """Per arm: successes, trials, observed rate, posterior mean, 95% credible interval, P(best)."""
    if len(successes) == 0:
        return []
    samples = beta_draws(np.array(successes), np.array(trials), draws, rng)
    lo, hi = np.percentile(samples, [2.5, 97.5], axis=1)
    pb = p_best(samples)
    out = []
    for i, (s, n) in enumerate(zip(successes, trials)):
        out.append({"successes": _num(s), "trials": _num(n), "rate": (s / n) if n else None,
                    "mean": float(samples[i].mean()), "lo": float(lo[i]), "hi": float(hi[i]),
                    "p_best": float(pb[i])})
    return out


def needed_per_arm(p1: float, p2: float) -> float | None:
    """Two-proportion sample size per arm for alpha 0.05 (two-sided) and 80 % power; None when p1 == p2."""
    if p1 == p2:
        return None
    pbar = (p1 + p2) / 2
    num = Z_ALPHA * math.sqrt(2 * pbar * (1 - pbar)) + Z_POWER * math.sqrt(p1 * (1 - p1) + p2 * (1 - p2))
    return (num / (p1 - p2)) ** 2


def _num(x: float) -> float | int:
    return int(x) if float(x).is_integer() else float(x)


def analyze(campaign_json: dict, rows: Iterable[dict], metric: str = "ctr", *, draws: int = 20_000,
            seed: int = 0, extra_unmatched: Sequence[dict] = (), notes: Sequence[str] = ()) -> dict:
    """Join rows to variants and compute posteriors, P(best), per-axis effects and the verdict.

    ``metric`` is the primary metric (ctr, cvr or completion) and must be chosen before looking at the
    data: the verdict is about it only, whatever the other metrics show.
    """
    if metric not in METRICS:
        raise ResultsError(f"unknown primary metric {metric!r}; choose one of {', '.join(METRICS)}")
    rng = np.random.default_rng(seed)
    per, unmatched, join_notes = join(campaign_json, rows)
    variants = _variants(campaign_json)
    with_data = [v for v in variants if v["id"] in per]
    entries = _variant_entries(variants, per, with_data, draws, rng)
    axes = {m: _axis_effects(with_data, per, m, draws, rng) for m in METRICS}
    result = {
        "campaign": campaign_json.get("campaign"), "metric": metric, "metric_label": METRICS[metric][2],
        "metric_note": "primary metric fixed before analysis; the other metrics are shown for information "
                       "and never change the verdict",
        "draws": draws, "seed": seed, "variants": entries, "axes": axes,
        "missing": [v["id"] for v in variants if v["id"] not in per],
        "unmatched": [_public_row(r) for r in [*extra_unmatched, *unmatched]],
        "notes": [*notes, *join_notes],
    }
    result["verdict"] = verdict(result)
    return result


def _variant_entries(variants: list[dict], per: dict, with_data: list[dict], draws: int,
                     rng: np.random.Generator) -> list[dict]:
    entries = []
    for v in variants:
        tot = per.get(v["id"])
        entries.append({"id": v["id"], "product": v.get("product"), "axes": v.get("axes", {}),
                        "status": v.get("status"), "has_data": tot is not None,
                        "totals": tot or dict.fromkeys(FIELDS, 0) | {"rows": 0}, "metrics": {}})
    by_id = {e["id"]: e for e in entries}
    for m, (sf, tf, _) in METRICS.items():
        summ = summarize([per[v["id"]][sf] for v in with_data], [per[v["id"]][tf] for v in with_data], draws, rng)
        for v, s in zip(with_data, summ):
            by_id[v["id"]]["metrics"][m] = s
    for e in entries:
        t = e["totals"]
        e["cost_per_click"] = round(t["cost"] / t["clicks"], 4) if t["clicks"] else None
        e["cost_per_result"] = round(t["cost"] / t["conversions"], 4) if t["conversions"] else None
    return entries


def _axis_effects(with_data: list[dict], per: dict, metric: str, draws: int,
                  rng: np.random.Generator) -> dict[str, list[dict]]:
    """Per axis: pool successes/trials of the variants sharing each value; posterior and P(best among values)."""
    sf, tf, _ = METRICS[metric]
    out = {}
    names = [a for a in AXES if any(a in v.get("axes", {}) for v in with_data)]
    names += sorted({a for v in with_data for a in v.get("axes", {})} - set(names))
    for axis in names:
        pooled: dict[str, list] = {}
        for v in with_data:
            if axis not in v.get("axes", {}):
                continue
            val = str(v["axes"][axis])
            acc = pooled.setdefault(val, [0.0, 0.0, 0])
            acc[0] += per[v["id"]][sf]
            acc[1] += per[v["id"]][tf]
            acc[2] += 1
        values = list(pooled)
        summ = summarize([pooled[k][0] for k in values], [pooled[k][1] for k in values], draws, rng)
        out[axis] = [{"value": k, "n_variants": pooled[k][2], **s} for k, s in zip(values, summ)]
    return out


def verdict(result: dict) -> dict:
    """Verdict on the primary metric: 'winner: <id>', 'no clear difference yet' or 'too little data'."""
    metric = result["metric"]
    sf, tf, label = METRICS[metric]
    arms = [e for e in result["variants"] if e["has_data"]]
    base = {"metric": metric, "metric_label": label, "winner": None, "p_best": None,
            "more_trials_needed": None, "more_impressions_needed": None}
    if len(arms) < 2:
        return base | {"status": "too little data", "text": "too little data: fewer than two variants have rows"}
    thin = [e["id"] for e in arms if e["totals"][tf] < MIN_TRIALS or e["totals"][sf] < MIN_SUCCESSES]
    if thin:
        return base | {"status": "too little data",
                       "text": f"too little data: {', '.join(thin)} ha{'s' if len(thin) == 1 else 've'} fewer than "
                               f"{MIN_TRIALS} {tf} or fewer than {MIN_SUCCESSES} {sf}"}
    ranked = sorted(arms, key=lambda e: e["metrics"][metric]["mean"], reverse=True)
    top = max(arms, key=lambda e: e["metrics"][metric]["p_best"])
    pb = top["metrics"][metric]["p_best"]
    if pb >= WIN_P:
        return base | {"status": "winner", "winner": top["id"], "p_best": pb,
                       "text": f"winner: {top['id']} (P(best {metric}) = {pb:.3f})"}
    a, b = ranked[0], ranked[1]
    trials, imps = _more_needed(a, b, sf, tf)
    if trials is None:
        more = "the top two show no difference, so no sample size would separate them"
    else:
        unit = "" if tf == "impressions" else f" ({trials:,} more {tf})"
        more = f"about {imps:,} more impressions{unit} across {a['id']} and {b['id']}"
    return base | {"status": "no clear difference yet", "p_best": pb, "leader": top["id"],
                   "more_trials_needed": trials, "more_impressions_needed": imps,
                   "text": f"no clear difference yet (best P(best) = {pb:.3f} < {WIN_P}); "
                           f"to confirm the observed gap: {more}"}


def _more_needed(a: dict, b: dict, sf: str, tf: str) -> tuple[int | None, int | None]:
    """More trials (and impressions) the top two need for the observed gap at 80 % power, alpha 0.05."""
    ta, tb = a["totals"], b["totals"]
    n = needed_per_arm(ta[sf] / ta[tf], tb[sf] / tb[tf])
    if n is None:
        return None, None
    trials = imps = 0.0
    for t in (ta, tb):
        extra = max(0.0, n - t[tf])
        trials += extra
        imps += extra * (t["impressions"] / t[tf]) if t[tf] else extra
    return int(math.ceil(trials)), int(math.ceil(imps))


def _public_row(row: dict) -> dict:
    return {k: row.get(k) for k in ("file", "row", "name", "variant_id", *FIELDS, "reason") if k in row}


def analyze_exports(campaign_json: dict, paths: Sequence[str | Path], metric: str = "ctr", **kw) -> dict:
    """read_export every file, then analyze; file notes are carried into the result."""
    rows, notes = [], []
    for p in paths:
        r, n = read_export(p)
        rows += r
        notes += n
    return analyze(campaign_json, rows, metric, notes=notes, **kw)
