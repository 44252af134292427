"""Campaigns in the studio: what `genvideo batch campaign.yaml` makes, sent through the API with its brief and
photos, queued with the jobs, made by batch.run_campaign and served from its run folder with the gallery.

The same rules as jobs: one brief per campaign, naming only photos uploaded with it; voices from the
catalogue; at most Limits.max_variants variants made (sampled from at most sample_factor times as many)."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable
from pathlib import Path

from fastapi import APIRouter, Depends, File, Form, HTTPException, UploadFile

from pipeline.guards import hide_paths
from pipeline.studio.serving import event_stream, row_or_404, zip_response
from pipeline.studio.store import JobStore
from pipeline.studio.uploads import (Limits, UploadError, accept_brief, check_voice, form_text, parse_field,
                                     receive_images, save_uploads, write_folder)

BRIEF_FILE = "brief.json"      # the campaign's brief, beside its campaign.json in its folder
VARIANT_ID = re.compile(r"^v[0-9a-f]{8}$")


def parse_campaign(text: str, limits: Limits) -> tuple[dict, int, int]:
    """A campaign sent as YAML or JSON text, checked: (its data naming brief.json, combinations, variants made)."""
    from pipeline.batch import count_variants
    from pipeline.errors import GenVideoError
    from pipeline.model.brief import validate
    from pipeline.model.campaign import Campaign

    data = parse_field(text, "campaign", yaml_ok=True)      # as the command line reads it: no aliases, bounded
    if not isinstance(data, dict):
        raise UploadError(400, "campaign: expected a mapping with name and axes at the top level")
    if data.get("briefs"):
        raise UploadError(400, "campaign: briefs: the studio makes one product per campaign; send its brief "
                               "in the `brief` field and leave `briefs` out")
    data = {**data, "brief": BRIEF_FILE}
    voices = data["axes"].get("voice") if isinstance(data.get("axes"), dict) else None
    for i, voice in enumerate(voices if isinstance(voices, list) else []):
        check_voice(f"campaign: axes.voice[{i}]", voice)
    try:
        campaign = validate(Campaign, data, "campaign")
    except GenVideoError as e:
        raise UploadError(400, str(e)) from None
    combos, made = count_variants(campaign)
    if made > limits.max_variants:
        raise UploadError(400, f"campaign: {_combination_text(campaign)} = {combos} variants; the studio makes at "
                               f"most {limits.max_variants} per campaign: drop some axis values, or set "
                               f"max_variants: {limits.max_variants} to make the most different ones")
    if combos > limits.max_variants * limits.sample_factor:
        raise UploadError(400, f"campaign: {_combination_text(campaign)} = {combos} combinations; sampling picks "
                               f"from at most {limits.max_variants * limits.sample_factor}: drop some axis values")
    return campaign.model_dump(mode="json", exclude_none=True), combos, made


def _combination_text(campaign) -> str:
    ax = campaign.axes
    parts = [f"{len(v)} {k}" for k, v in (("personas", ax.persona), ("hooks", ax.hook), ("voices", ax.voice),
                                         ("music moods", ax.music), ("styles", ax.style), ("languages", ax.lang),
                                         ("seeds", ax.seed)) if v]
    return " x ".join(parts) or "1"


def public_campaign(row: dict) -> dict:
    """A campaign as the API shows it: status, each variant with its axis values, outputs and downloads."""
    cid, rep = row["id"], row["report"] or {}
    base = f"/files/{cid}"
    manifest = rep.get("manifest") or {}
    out = {k: row[k] for k in ("id", "status", "draft", "stage", "progress", "error", "created", "updated")}
    out["name"] = row["title"]
    out["platforms"] = row["options"].get("platforms", [])
    variants = []
    for v in rep.get("variants", []):
        item = {"id": v["id"], "axes": v.get("axes", {}), "status": v["status"], "error": v.get("error"),
                "stage": v.get("stage"), "progress": v.get("progress"), "skipped": bool(v.get("skipped")),
                "hook_line": v.get("hook_line"), "compliance": v.get("compliance", []),
                "outputs": [{"platform": o["platform"], "cut": o["cut"], "width": o["width"], "height": o["height"],
                             "duration_s": o["duration_s"], "url": f"{base}/variants/{v['id']}/{o['file']}"}
                            for o in v.get("outputs", [])]}
        if v["status"] == "done":
            item["zip"] = f"/api/campaigns/{cid}/variants/{v['id']}/zip"
        variants.append(item)
    out["variants"] = variants
    out["planned"] = len(variants) or rep.get("planned", 0)
    if manifest:
        out["summary"] = {"succeeded": manifest["succeeded"], "failed": manifest["failed"], "notes": manifest["notes"],
                          "max_script_similarity": manifest["similarity"]["max_script_between_copy_variants"]}
        out["downloads"] = {"gallery": f"{base}/preview.html", "csv": f"{base}/campaign.csv",
                            "json": f"{base}/campaign.json", "zip": f"/api/campaigns/{cid}/zip"}
    return out


def campaign_routes(store: JobStore, limits: Limits, auth: Callable, folders: Path, queue: Callable) -> APIRouter:
    """The campaign endpoints; campaigns live in folders/<id>/ (campaign.json, brief.json, uploads/, run/).
    queue(folder, title, draft, **row) records a new one (its folder removed if the table refuses it)."""
    router = APIRouter(tags=["campaigns"])

    @router.post("/api/campaigns/check")
    def check_campaign(campaign: UploadFile | str = Form(..., description="The campaign as YAML or JSON."),
                       _=Depends(auth)) -> dict:
        """Read a campaign without queueing it: its data (for the page's composer) and how many variants."""
        data, combos, made = parse_campaign(form_text(campaign, "campaign", limits), limits)
        return {"campaign": data, "combinations": combos, "variants": made, "max_variants": limits.max_variants}

    @router.post("/api/campaigns", status_code=201)
    def create_campaign(campaign: UploadFile | str = Form(..., description="The campaign as YAML or JSON (its "
                                                                         "`brief` path is replaced by the brief sent "
                                                                         "here)."),
                        brief: UploadFile | str = Form(..., description="The brief as JSON."),
                        images: list[UploadFile] = File(default=[], description="The photos and video clips "
                                                                                "the brief names."),
                        draft: bool = Form(False),
                        allow_claims: bool = Form(False, description="Make variants with blocking claim findings "
                                                  "anyway (recorded in their reports)."),
                        _=Depends(auth)) -> dict:
        """Queue a campaign: every variant of the brief over the campaign's axes; answers its id."""
        from pipeline.batch import expand, load_campaign
        from pipeline.errors import GenVideoError

        spec, combos, made = parse_campaign(form_text(campaign, "campaign", limits), limits)
        received = receive_images(images, limits)
        data, parsed, stored = accept_brief(form_text(brief, "brief", limits), received, limits)
        cid = uuid.uuid4().hex[:12]
        folder = folders / cid

        def write(folder: Path) -> None:
            save_uploads(folder, received, stored)
            (folder / BRIEF_FILE).write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
            (folder / "campaign.json").write_text(json.dumps(spec, ensure_ascii=False, indent=2), encoding="utf-8")
            try:
                expand(*load_campaign(folder / "campaign.json"))       # every combination is a valid brief
            except GenVideoError as e:
                raise UploadError(400, hide_paths(str(e), [folder])) from None   # no server paths

        write_folder(folder, write)
        queue(folder, spec["name"], draft, job_id=cid, kind="campaign",
              options={"allow_claims": allow_claims, "platforms": spec.get("platforms") or parsed.platforms or []},
              report={"planned": made, "variants": []})
        return {"id": cid, "variants": made, "combinations": combos}

    @router.get("/api/campaigns")
    def list_campaigns(_=Depends(auth)) -> list[dict]:
        """Campaigns, newest first."""
        return [public_campaign(c) for c in store.list(kind="campaign")]

    @router.get("/api/campaigns/{cid}")
    def get_campaign(cid: str, _=Depends(auth)) -> dict:
        """Status, each variant's status with its axis values and outputs, and the downloads when done
        (campaign.csv, campaign.json, the gallery page, a zip)."""
        return public_campaign(row_or_404(store, cid, "campaign"))

    @router.get("/api/campaigns/{cid}/events")
    def campaign_events(cid: str, _=Depends(auth)):
        """Server-sent events: the campaign's state whenever a variant starts, progresses or finishes."""
        row_or_404(store, cid, "campaign")
        return event_stream(lambda: public_campaign(store.get(cid)))

    @router.get("/api/campaigns/{cid}/zip")
    def campaign_zip(cid: str, _=Depends(auth)):
        """The whole campaign folder (every variant, campaign.csv/json, the gallery) as a zip."""
        row = row_or_404(store, cid, "campaign")
        run = Path(row["folder"]) / "run"
        if row["status"] != "done" or not run.is_dir():
            raise HTTPException(409, "the campaign has not finished")
        return zip_response(run, f"campaign-{cid}.zip")

    @router.get("/api/campaigns/{cid}/variants/{vid}/zip")
    def variant_zip(cid: str, vid: str, _=Depends(auth)):
        """One finished variant's run folder as a zip."""
        row = row_or_404(store, cid, "campaign")
        folder = Path(row["folder"]) / "run" / "variants" / vid
        if not VARIANT_ID.match(vid) or not (folder / "report.json").is_file():
            raise HTTPException(404, f"no finished variant {vid!r} in this campaign")
        return zip_response(folder, f"{cid}-{vid}.zip")

    return router
