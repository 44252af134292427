"""The next round: a campaign that keeps what is winning and explores around it by Thompson sampling."""

from __future__ import annotations

import math

import numpy as np

from pipeline.results.analysis import beta_draws


def _persona_label(p) -> str:
    """The axis label genvideo batch gives a persona: its name, else its age range as a tuple."""
    if isinstance(p, dict):
        if p.get("name"):
            return str(p["name"])
        ar = p.get("age_range")
        return f"{tuple(ar)}" if ar is not None else "None"
    return str(p)


def plan_details(campaign_yaml: dict, result: dict, n_variants: int = 8, seed: int = 0,
                 drop_below: float = 0.05, leader_at: float = 0.8) -> dict:
    """The next campaign plus its reasoning: kept/dropped values and the Thompson-sampled allocation.

    Per copy axis (persona, hook, voice, music): when one value leads with P(best) >= ``leader_at``,
    values with P(best) < ``drop_below`` are dropped; values without data are kept.  Then each of the
    ``n_variants`` slots takes, per axis, the value with the highest draw from its pooled posterior
    (Thompson sampling).  Seeds: the winner's (or best) seed plus fresh seeds next to it.
    """
    metric = result["metric"]
    rng = np.random.default_rng(seed)
    axes_in = dict(campaign_yaml.get("axes") or {})
    effects = result["axes"].get(metric, {})
    winner = next((e for e in result["variants"] if e["id"] == result["verdict"].get("winner")), None)
    kept, dropped, alloc_counts = {}, {}, {}
    slots: list[dict] = [{} for _ in range(n_variants)]
    for axis, values in axes_in.items():
        if axis == "seed" or not values:
            continue
        labels = [_persona_label(v) if axis == "persona" else str(v) for v in values]
        stats = {str(x["value"]): x for x in effects.get(axis, [])}
        keep = _keep(labels, stats, drop_below, leader_at, winner["axes"].get(axis) if winner else None)
        dropped[axis] = [lab for lab in labels if lab not in keep]
        picks = _thompson(keep, stats, n_variants, rng)
        for slot, pick in zip(slots, picks):
            slot[axis] = pick
        counts = {lab: picks.count(lab) for lab in keep}
        alloc_counts[axis] = counts
        order = sorted(keep, key=lambda lab: (-counts[lab], labels.index(lab)))
        kept[axis] = [values[labels.index(lab)] for lab in order]
    seeds = _next_seeds(axes_in.get("seed") or [], result, winner, kept, n_variants)
    for i, slot in enumerate(slots):
        if seeds:
            slot["seed"] = seeds[i % len(seeds)]
    new_axes = {**kept, **({"seed": seeds} if seeds else {})}
    camp = {k: v for k, v in campaign_yaml.items() if k not in ("axes", "max_variants")}
    camp["name"] = (str(campaign_yaml.get("name", "campaign")) + "-next")[:60]
    camp["axes"] = new_axes
    size = math.prod(len(v) for v in new_axes.values()) if new_axes else 1
    if size > n_variants:
        camp["max_variants"] = n_variants
    return {"campaign": camp, "kept": {a: [(_persona_label(v) if a == "persona" else v) for v in vs]
                                       for a, vs in kept.items()},
            "dropped": dropped, "allocation": slots, "allocation_counts": alloc_counts, "metric": metric,
            "seed": seed}


def _keep(labels: list[str], stats: dict, drop_below: float, leader_at: float, winner_value) -> list[str]:
    tested = [lab for lab in labels if lab in stats]
    lead = max(tested, key=lambda lab: stats[lab]["p_best"], default=None)
    clear = lead is not None and stats[lead]["p_best"] >= leader_at
    keep = [lab for lab in labels
            if lab not in stats or not clear or stats[lab]["p_best"] >= drop_below or lab == lead
            or (winner_value is not None and lab == str(winner_value))]
    return keep


def _thompson(keep: list[str], stats: dict, n: int, rng: np.random.Generator) -> list[str]:
    """n picks: per pick the value with the highest posterior draw (untested values: Beta(1, 1))."""
    s = np.array([stats[k]["successes"] if k in stats else 0 for k in keep], float)
    t = np.array([stats[k]["trials"] if k in stats else 0 for k in keep], float)
    draws = beta_draws(s, t, n, rng)
    return [keep[i] for i in draws.argmax(axis=0)]


def _next_seeds(old: list, result: dict, winner: dict | None, kept: dict, n_variants: int) -> list[int]:
    """The best seed (the winner's, else the seed value with the highest P(best)) and fresh seeds after it."""
    if not old:
        return []
    if winner and "seed" in winner["axes"]:
        best = int(winner["axes"]["seed"])
    else:
        vals = result["axes"].get(result["metric"], {}).get("seed", [])
        best = int(max(vals, key=lambda x: x["p_best"])["value"]) if vals else int(old[0])
    others = math.prod(len(v) for v in kept.values()) if kept else 1
    count = max(2, math.ceil(n_variants / max(1, others)))
    used = {int(s) for s in old}
    seeds, cand = [best], best + 1
    while len(seeds) < count:
        if cand not in used:
            seeds.append(cand)
        cand += 1
    return seeds


def plan_next(campaign_yaml: dict, result: dict, n_variants: int = 8, seed: int = 0) -> dict:
    """A new campaign dict (valid for `genvideo batch`) for review; see plan_details for the reasoning."""
    return plan_details(campaign_yaml, result, n_variants, seed)["campaign"]
