"""`genvideo batch`: expand a campaign into A/B variants, render them in parallel, write the manifest.

Each variant is a complete brief (persona, hook style, voice, music and seed filled in), so the
stage cache shares every identical script, narration and image raster between variants and runs.
A variant's folder is renamed into place only when complete, so a killed batch re-run with the
same command skips finished variants and redoes only the rest.
"""

from __future__ import annotations

import csv
import hashlib
import io
import itertools
import json
import logging
import os
import random
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path

from pipeline.copy.writer import VARIATION_STEP
from pipeline.errors import GenVideoError, InputError, OutputError
from pipeline.guards import csv_cell, die_with_parent, hide_paths, is_stale, lock_folder, locked, partial_path, release
from pipeline.model.brief import parse_brief, read_brief_file, read_data_file, validate
from pipeline.model.campaign import Campaign
from pipeline.runner import MakeSettings, Pipeline, slugify
from pipeline.store import write_json
from pipeline.stages.scripting import draft_script
from pipeline.text.similarity import similarity

VariantListener = Callable[[str, dict], None]
log = logging.getLogger(__name__)
NEAR_DUPLICATE = 0.5       # similarity of openings above which two variants count as near-duplicates
STEER_MARGIN = 0.1        # drafts are steered below this much under the threshold: fitting may drop lines later
COPY_AXES = ("persona", "hook", "seed")


@dataclass(frozen=True)
class Variant:
    id: str
    product: str
    axes: dict
    brief: dict       # complete brief data, image paths absolute


def load_campaign(path: Path) -> tuple[Campaign, Path]:
    data = read_data_file(path, "a campaign file (YAML or JSON)")
    if not isinstance(data, dict):
        raise InputError(f"{path}: expected a mapping with name, brief and axes at the top level")
    return validate(Campaign, data, str(path)), Path(path).parent.resolve()


def _absolute_paths(brief: dict, base: Path) -> dict:
    product = dict(brief["product"])
    product["images"] = [str((base / p).resolve()) for p in product.get("images", [])]
    if product.get("logo"):
        product["logo"] = str((base / product["logo"]).resolve())
    return {**brief, "product": product}


def _relative_paths(brief: dict, folder: Path) -> dict:
    """The brief with its photo paths relative to folder (where it is written): campaign folders are served and
    shared, so they carry no absolute paths of this machine."""
    folder = folder.resolve()
    product = dict(brief["product"])
    product["images"] = [os.path.relpath(p, folder) for p in product.get("images", [])]
    if product.get("logo"):
        product["logo"] = os.path.relpath(product["logo"], folder)
    return {**brief, "product": product}


def variant_id(product: str, axes: dict) -> str:
    """Stable id from the product and the axis values: usable as a creative name / utm_content."""
    blob = json.dumps([product, axes], sort_keys=True, ensure_ascii=False)
    return "v" + hashlib.sha256(blob.encode()).hexdigest()[:8]


def expand(campaign: Campaign, base: Path) -> list[Variant]:
    """Every combination of the campaign's axes for every brief."""
    out = []
    ax = campaign.axes
    for rel in campaign.brief_paths:
        path = (base / rel)
        brief, bbase = read_brief_file(path)
        data = _absolute_paths(brief.model_dump(exclude_none=True), bbase)
        if campaign.platforms:
            data["platforms"] = campaign.platforms
        if campaign.duration_s:
            data["duration_s"] = campaign.duration_s
        personas = ax.persona or [None]
        for persona, hook, voice, music, style, lang, seed in itertools.product(
                personas, ax.hook or [None], ax.voice or [None], ax.music or [None], ax.style or [None],
                ax.lang or [None], ax.seed or [None]):
            v = dict(data)
            axes = {}
            if persona is not None:
                v["persona"] = persona.model_dump(exclude_none=True)
                axes["persona"] = persona.name or f"{persona.age_range}"
            for key, field, val in (("hook", "hook_style", hook), ("voice", "voice", voice),
                                    ("music", "music_mood", music), ("style", "style", style)):
                if val is not None:
                    v[field] = val
                    axes[key] = val
            if lang is not None:
                axes["lang"] = lang
                if lang != brief.lang:     # a version in that language, for its market
                    from pipeline.versions import DEFAULT_MARKET
                    own = [x for x in data.get("versions", []) if x.get("lang") == lang]
                    v["versions"] = own[:1] or [{"lang": lang, "market": DEFAULT_MARKET[lang]}]
                else:
                    v.pop("versions", None)
            v["seed"] = (seed if seed is not None else brief.seed) + campaign.seed
            if seed is not None:
                axes["seed"] = seed
            parse_brief(v, f"{path} (variant {axes})")  # fail early, naming the combination
            out.append(Variant(variant_id(brief.product.name, axes), brief.product.name, axes, v))
    return out


def opening(scenes: list[dict], lang: str) -> str:
    """What a variant's viewer hears first and what an A/B test of copy compares: the hook and the first line after
    the product is named. The rest is the brief's own material, the same in every variant by design."""
    said = [s for s in scenes if s["kind"] not in ("disclosure",)]
    hook = [s["narration"] for s in said if s["kind"] == "hook"][:1]
    body = [s["narration"] for s in said if s["kind"] not in ("hook", "intro", "offer", "cta")][:1]
    return (" " if lang == "en" else "").join(hook + body)


def draft_text(brief: dict) -> str:
    """The opening of the script the built-in writer gives this brief (no speech needed), as `genvideo script`
    shows it."""
    script = draft_script(parse_brief(brief))
    return opening([s.model_dump() for s in script.scenes], script.language)


def _copy_differs(a: Variant, b: Variant) -> bool:
    return a.product != b.product or any(a.axes.get(k) != b.axes.get(k) for k in COPY_AXES)


def select(variants: list[Variant], max_variants: int | None, seed: int) -> tuple[list[Variant], list[str]]:
    """Sample the most mutually different variants, and re-seed the copy of near-duplicates.

    Variants that differ only in voice or music keep the same script on purpose (a clean A/B test of
    that axis); those that differ in persona, hook or seed must not be near-duplicates.
    """
    notes: list[str] = []
    texts = {v.id: draft_text(v.brief) for v in variants}
    if max_variants and max_variants < len(variants):
        rng = random.Random(seed)
        chosen = [rng.choice(variants)]
        rest = [v for v in variants if v is not chosen[0]]
        while len(chosen) < max_variants:
            best = max(rest, key=lambda v: (min(1 - similarity(texts[v.id], texts[c.id]) for c in chosen), v.id))
            chosen.append(best)
            rest.remove(best)
        notes.append(f"sampled {max_variants} of {len(variants)} variants, most different scripts first")
        variants = chosen
    out: list[Variant] = []
    for v in variants:
        rivals = [o for o in out if o.product == v.product and _copy_differs(o, v)]
        worst = max((similarity(texts[v.id], texts[o.id]) for o in rivals), default=0.0)
        if worst > NEAR_DUPLICATE - STEER_MARGIN:
            best = (worst, v)
            for k in range(1, 10):
                brief = {**v.brief, "seed": v.brief["seed"] + VARIATION_STEP * k}
                text = draft_text(brief)
                score = max(similarity(text, texts[o.id]) for o in rivals)
                if score < best[0]:
                    best = (score, Variant(v.id, v.product, v.axes, brief))
                    texts[v.id] = text
            if best[1] is not v:
                notes.append(f"{v.id}: copy re-seeded, similarity to closest variant {worst:.2f} -> {best[0]:.2f}")
            v = best[1]
        out.append(v)
    return out, notes


def count_variants(campaign: Campaign) -> tuple[int, int]:
    """(every combination of the axes, how many of them are rendered) without expanding anything."""
    ax = campaign.axes
    combos = len(campaign.brief_paths)
    for values in (ax.persona, ax.hook, ax.voice, ax.music, ax.style, ax.lang, ax.seed):
        combos *= max(1, len(values))
    return combos, min(combos, campaign.max_variants or combos)


def run_variant(task: dict, progress: Callable[[str, float | None], None] | None = None) -> dict:
    """Render one variant; never raises, so one bad variant cannot stop the others. A variant another process is
    still making (a worker of an earlier, killed run) is waited for, and taken as done if it finished."""
    t = time.perf_counter()
    try:
        run_dir = Path(task["run_dir"])
        partial = partial_path(run_dir)
        if partial.is_dir() and not is_stale(partial):
            release(lock_folder(partial, wait=True))
        if (run_dir / "report.json").is_file():
            report = {**json.loads((run_dir / "report.json").read_text(encoding="utf-8")), "run_dir": str(run_dir)}
            return {"id": task["id"], "status": "done", "report": report, "skipped": True,
                    "seconds": time.perf_counter() - t}
        settings = MakeSettings(**{**task["settings"], "out_root": Path(task["settings"]["out_root"])})
        report = Pipeline(settings, progress).make(Path(task["brief_file"]), run_dir)
        return {"id": task["id"], "status": "done", "report": report, "seconds": time.perf_counter() - t}
    except GenVideoError as e:
        return {"id": task["id"], "status": "failed", "error": str(e), "seconds": time.perf_counter() - t}
    except Exception as e:  # noqa: BLE001 - isolate any crash to its variant
        return {"id": task["id"], "status": "failed", "error": f"{type(e).__name__}: {e}", "seconds": time.perf_counter() - t}


def _local(tasks: list[dict], workers: int, on_done: Callable[[dict], None],
           on_variant: VariantListener | None = None) -> None:
    if workers <= 1:
        for t in tasks:
            if on_variant:
                on_variant(t["id"], {"status": "running"})
                on_done(run_variant(t, lambda stage, frac, vid=t["id"]:
                                    on_variant(vid, {"status": "running", "stage": stage, "progress": frac})))
            else:
                on_done(run_variant(t))
        return
    # the workers die with this process (kill -9 included), so none is left rendering behind a killed batch
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn"), initializer=die_with_parent,
                             initargs=(os.getpid(),)) as pool:
        for fut in as_completed([pool.submit(run_variant, t) for t in tasks]):
            on_done(fut.result())


def _ray(tasks: list[dict], workers: int, address: str | None, on_done: Callable[[dict], None]) -> None:
    try:
        import ray
    except ImportError:
        raise InputError("--executor ray needs Ray: pip install 'genvideo[ray]'") from None
    started = False
    if not ray.is_initialized():
        if address:
            ray.init(address=address, log_to_driver=False)
        else:
            ray.init(num_cpus=workers, include_dashboard=False, log_to_driver=False)
        started = True
    try:
        remote = ray.remote(num_cpus=1, max_retries=0)(run_variant)
        pending = [remote.remote(t) for t in tasks]
        while pending:
            done, pending = ray.wait(pending, num_returns=1)
            on_done(ray.get(done[0]))
    finally:
        if started:
            ray.shutdown()


def content_dir(run_dir: Path) -> Path:
    """Where a variant's script and plans are: its run folder, or its one version's folder (`lang` axis)."""
    versions = sorted((run_dir / "versions").glob("*/script.json")) if (run_dir / "versions").is_dir() else []
    return versions[0].parent if len(versions) == 1 else run_dir


def _visual_signature(run_dir: Path) -> list[str]:
    plans = sorted(content_dir(run_dir).glob("plan.*.json"))
    if not plans:
        return []
    plan = json.loads(plans[0].read_text(encoding="utf-8"))
    sig = []
    for sc in plan["scenes"]:
        kinds = "+".join(sorted({l["type"] for l in sc["layers"]}))
        src = next((Path(l["source"]).name for l in sc["layers"] if l["type"] == "image"), "")
        sig.append(f"{kinds}:{src}:{(sc.get('transition_in') or {}).get('kind', 'cut')}")
    return sig


def _seq_similarity(a: list[str], b: list[str]) -> float:
    pa, pb = set(zip(a, a[1:])), set(zip(b, b[1:]))
    return len(pa & pb) / len(pa | pb) if pa | pb else 1.0


def run_campaign(path: Path, out_root: Path, executor: str = "local", workers: int | None = None,
                 ray_address: str | None = None, progress: Callable[[int, int, float], None] | None = None,
                 settings: dict | None = None, root: Path | None = None,
                 on_variant: VariantListener | None = None) -> dict:
    """Render every selected variant of a campaign (skipping finished ones) and write campaign.json/.csv.

    root: the campaign folder (default OUT/campaigns/<name>). on_variant(id, state) hears each variant's
    state change: first {"status": "queued"|"done", "axes"} for every selected variant, then "running"
    (with stage and progress, when variants run one at a time here) and "done"/"failed" with the result."""
    campaign, base = load_campaign(path)
    variants, notes = select(expand(campaign, base), campaign.max_variants, campaign.seed)
    root = Path(root) if root else Path(out_root) / "campaigns" / slugify(campaign.name)
    try:
        (root / "briefs").mkdir(parents=True, exist_ok=True)
        (root / "variants").mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise OutputError(f"campaign folder {str(root)!r} cannot be written ({e.strerror}); pass --out with a folder "
                          "you can write") from None
    # one run of a campaign at a time: a second waits (a killed run's lock dies with it, so it never goes stale)
    with locked(root, on_wait=lambda: log.warning("%s: another run of this campaign is making it; waiting for it "
                                                  "to finish", root)):
        workers = workers or max(1, os.cpu_count() or 1)
        # variants in parallel already keep the cores busy: each renders its cuts one after another
        base_settings = {"out_root": str(out_root), **({"cut_workers": 1} if workers > 1 else {}), **(settings or {})}
        tasks, results = [], {}
        for v in variants:
            run_dir = root / "variants" / v.id
            brief_file = root / "briefs" / f"{v.id}.json"
            write_json(brief_file, _relative_paths(v.brief, brief_file.parent))
            if (run_dir / "report.json").exists():
                results[v.id] = {"id": v.id, "status": "done", "skipped": True,
                                 "report": {**json.loads((run_dir / "report.json").read_text(encoding="utf-8")),
                                            "run_dir": str(run_dir)}}
                continue
            tasks.append({"id": v.id, "brief_file": str(brief_file), "run_dir": str(run_dir),
                          "settings": base_settings})
        if on_variant:
            for v in variants:
                on_variant(v.id, {"axes": v.axes, **({"status": "done", "report": results[v.id]["report"],
                                                      "skipped": True} if v.id in results else {"status": "queued"})})
        t0 = time.perf_counter()
        done_count = [len(results)]

        def on_done(res: dict) -> None:
            results[res["id"]] = res
            done_count[0] += 1
            if on_variant:
                on_variant(res["id"], {k: res[k] for k in ("status", "report", "error") if k in res})
            if progress:
                progress(done_count[0], len(variants), time.perf_counter() - t0)

        if progress:
            progress(done_count[0], len(variants), 0.0)
        if tasks:
            if executor == "ray":
                _ray(tasks, workers, ray_address, on_done)
            elif executor == "local":
                _local(tasks, workers, on_done, on_variant)
            else:
                raise InputError(f"--executor {executor!r}: use local or ray")
        manifest = _manifest(campaign, variants, results, root, notes, executor, workers, time.perf_counter() - t0)
        write_json(root / "campaign.json", manifest)
        _write_csv(root / "campaign.csv", manifest["rows"])
        manifest["folder"] = str(root)
        return manifest


def _manifest(campaign: Campaign, variants: list[Variant], results: dict, root: Path, notes: list[str],
              executor: str, workers: int, seconds: float) -> dict:
    rows, entries, scripts, visuals = [], [], {}, {}
    for v in variants:
        res = results.get(v.id, {"status": "failed", "error": "not run"})
        run_dir = root / "variants" / v.id
        error = hide_paths(res["error"], [root.parent]) if res.get("error") else None
        entry = {"id": v.id, "product": v.product, "axes": v.axes, "status": res["status"],
                 "error": error, "folder": str(run_dir.relative_to(root)), "skipped": bool(res.get("skipped"))}
        if res["status"] == "done":
            script = json.loads((content_dir(run_dir) / "script.json").read_text(encoding="utf-8"))
            hook = script["scenes"][0]["narration"]
            scripts[v.id] = opening(script["scenes"], script["language"])
            visuals[v.id] = _visual_signature(run_dir)
            entry["hook_line"] = hook
            for out in res["report"]["outputs"]:
                rows.append(_row(v, platform=out["platform"], hook_line=hook, duration_s=out["duration_s"],
                                 path=str(Path(entry["folder"]) / out["file"]),
                                 utm_content=f"{v.id}-{out['platform']}", status="done"))
        else:
            rows.append(_row(v, status="failed", error=error or ""))
        entries.append(entry)
    by_id = {v.id: v for v in variants}
    pairs = []
    for a, b in itertools.combinations(sorted(scripts), 2):
        pairs.append({"a": a, "b": b, "script": round(similarity(scripts[a], scripts[b]), 3),
                      "visual": round(_seq_similarity(visuals[a], visuals[b]), 3),
                      "same_copy_axes": not _copy_differs(by_id[a], by_id[b])})
    contested = [p for p in pairs if not p["same_copy_axes"] and by_id[p["a"]].product == by_id[p["b"]].product]
    failed = [e["id"] for e in entries if e["status"] != "done"]
    return {
        "campaign": campaign.name, "executor": executor, "workers": workers, "seconds": round(seconds, 2),
        "variants": entries, "rows": rows, "notes": notes,
        "similarity": {"pairs": pairs,
                       "compared": "openings (the hook and the first line after the name)",
                       "max_script_between_copy_variants": max((p["script"] for p in contested), default=0.0),
                       "near_duplicates": [p for p in contested if p["script"] > NEAR_DUPLICATE],
                       "threshold": NEAR_DUPLICATE},
        "succeeded": len(entries) - len(failed), "failed": failed,
    }


def _row(v: Variant, **fields) -> dict:
    """One campaign.csv row: the variant's axes plus one video's facts (blank where none)."""
    row = dict.fromkeys(CSV_COLUMNS, "")
    row.update(variant_id=v.id, product=v.product, **{k: v.axes.get(k, "") for k in
                                                      ("persona", "hook", "voice", "music", "seed")})
    row.update(fields)
    return row


CSV_COLUMNS = ["variant_id", "product", "persona", "hook", "voice", "music", "seed", "platform", "hook_line",
               "duration_s", "path", "utm_content", "status", "error"]


def _write_csv(path: Path, rows: list[dict]) -> None:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=CSV_COLUMNS)
    w.writeheader()
    w.writerows({k: csv_cell(v) for k, v in row.items()} for row in rows)   # no cell a spreadsheet runs
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(buf.getvalue(), encoding="utf-8-sig")   # BOM so spreadsheet apps read Chinese correctly
    tmp.replace(path)


def summary_table(manifest: dict) -> str:
    lines = [f"{'variant':<10} {'persona':<22} {'hook':<8} {'voice':<14} {'music':<7} status"]
    for e in manifest["variants"]:
        a = e["axes"]
        lines.append(f"{e['id']:<10} {str(a.get('persona', '-'))[:22]:<22} {a.get('hook', '-'):<8} "
                     f"{a.get('voice', '-'):<14} {a.get('music', '-'):<7} "
                     f"{e['status']}{' (already done)' if e['skipped'] else ''}{': ' + e['error'].splitlines()[0] if e['error'] else ''}")
    return "\n".join(lines)


__all__ = ["run_campaign", "count_variants", "expand", "select", "similarity", "load_campaign", "summary_table", "Variant"]
